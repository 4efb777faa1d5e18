"""Where renders run: in this process, in children forked for one build, or in a pool kept warm (watch mode).

A one-shot build forks its heavy renders once the plan is loaded: children inherit the context (nothing to
pickle) and send back the bytes through pipes, and the parent writes them. That costs about 3 ms, against
45-80 ms to import, start and stop a `ProcessPoolExecutor`. Renders that share an import (the two PDFs and
WeasyPrint) share one child that imports it once (see ForkedGroup). Watch mode keeps a pool instead: its
workers stay warm between edits (compiled templates, WeasyPrint's caches).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import time
import traceback
from typing import TYPE_CHECKING, NoReturn, Protocol

if TYPE_CHECKING:
    import concurrent.futures as cf

    from .builders import BuildContext, Builder, Rendered

RENDER_GC_THRESHOLD = (50_000, 50, 100)
"""Renderers allocate hundreds of thousands of short-lived objects (boxes, styles, XML proxies). With Python's
default thresholds the collector keeps re-scanning them, 10-15 % of WeasyPrint's time; during a render it
runs about 70 times less often, which still bounds memory (see the scale benchmark)."""


class RenderFailed(Exception):
    """A render failed in another process; the message is its error and traceback, ready to report."""


class Running(Protocol):
    def result(self) -> tuple[Rendered, float]: ...

    def cancel(self) -> None: ...


def render(builder: type[Builder], ctx: BuildContext) -> tuple[Rendered, float]:
    """The bytes of one output and the seconds it took."""
    start = time.perf_counter()
    thresholds = gc.get_threshold()
    gc.set_threshold(*RENDER_GC_THRESHOLD)
    try:
        data = builder().render(ctx)
    finally:
        gc.set_threshold(*thresholds)
    return data, time.perf_counter() - start


def describe(exc: BaseException) -> str:
    """« Type: message » then the traceback, as the report shows it; a user's mistake is its French message."""
    from .errors import UserError

    if isinstance(exc, UserError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}\n{''.join(traceback.format_exception(exc))}"


class _Pipe:
    """The outcome of one render of a forked group, read from its own pipe."""

    def __init__(self, group: ForkedGroup, read: int) -> None:
        self._group, self._read = group, read

    def result(self) -> tuple[Rendered, float]:
        read, self._read = self._read, -1  # the file object owns it now, and closes it even on Ctrl-C
        with os.fdopen(read, "rb") as pipe:
            payload = pipe.read()
        status = self._group.done()
        if not payload:
            raise RenderFailed(f"le processus de rendu s'est arrêté sans résultat ({status})")
        kind, value = pickle.loads(payload)
        if kind != "ok":
            raise RenderFailed(value)
        return value

    def cancel(self) -> None:
        if self._read >= 0:
            os.close(self._read)
            self._read = -1
        self._group.kill()


class ForkedGroup:
    """Renders in a child forked now, which inherits the context (nothing to pickle).

    Renders that share imports (the two PDFs share WeasyPrint) go to one child, which imports them once,
    then forks one grandchild per other render and does the first itself: the import is paid once, not
    once per render. Each render sends its outcome through its own pipe; `jobs` maps names to handles.
    """

    def __init__(
        self, builders: list[type[Builder]], ctx: BuildContext, preload: tuple[str, ...], close: tuple[int, ...]
    ) -> None:
        pipes = [os.pipe() for _ in builders]
        self._pid = os.fork()
        if self._pid == 0:
            for read, _ in pipes:
                os.close(read)
            _group_child(builders, ctx, [write for _, write in pipes], preload, close)
        with contextlib.suppress(OSError):  # the child does the same: whichever runs first
            os.setpgid(self._pid, self._pid)
        for _, write in pipes:
            os.close(write)
        self.jobs: dict[str, Running] = {b.name: _Pipe(self, r) for b, (r, _) in zip(builders, pipes, strict=True)}
        self._open = len(builders)
        self._status = ""

    def done(self) -> str:
        """Called as each pipe is read to its end; reaps the child after the last one. Returns how it ended."""
        self._open -= 1
        if self._open == 0 and self._pid:
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            self._status = f"code {os.waitstatus_to_exitcode(status)}"
        return self._status or "processus en cours"

    def kill(self) -> None:
        if self._pid:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0


def _group_child(
    builders: list[type[Builder]],
    ctx: BuildContext,
    writes: list[int],
    preload: tuple[str, ...],
    close: tuple[int, ...],
) -> NoReturn:
    """Import what the renders share, fork the others, render the first here, wait for the others, leave."""
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)  # the parent can then stop this child and its own children at once
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        for fd in close:  # e.g. the output lock, so that it never outlives the parent
            os.close(fd)
        if len(builders) > 1:
            from . import nativelibs

            for module in preload:
                with contextlib.suppress(Exception):  # a render that needs it reports the error itself
                    nativelibs.load(module)
        children = []
        for index in range(1, len(builders)):
            pid = os.fork()
            if pid == 0:
                # This process already closed the pipes of the renders forked before this one.
                others = [w for i, w in enumerate(writes) if i == 0 or i > index]
                _send(builders[index], ctx, writes[index], [w for w in others if w != writes[index]])
                os._exit(0)
            children.append(pid)
            os.close(writes[index])
        _send(builders[0], ctx, writes[0], [])
        for pid in children:
            os.waitpid(pid, 0)
    finally:
        os._exit(0)


def _send(builder: type[Builder], ctx: BuildContext, write: int, others: list[int]) -> None:
    """Render and write the outcome (bytes or error text) to `write`, closing the other renders' pipes first."""
    for fd in others:  # a pipe reads as finished only once every copy of its writing end is closed
        os.close(fd)
    try:
        payload = pickle.dumps(("ok", render(builder, ctx)))
    except BaseException as exc:
        payload = pickle.dumps(("error", describe(exc)))
    with contextlib.suppress(OSError), os.fdopen(write, "wb") as pipe:
        pipe.write(payload)


def fork(builders: list[type[Builder]], ctx: BuildContext, close: tuple[int, ...] = ()) -> dict[str, Running]:
    """Start `builders` in forked children, grouped by the first module they preload (see ForkedGroup)."""
    groups: dict[str, list[type[Builder]]] = {}
    for builder in builders:
        groups.setdefault(builder.warm_imports[0] if builder.warm_imports else builder.name, []).append(builder)
    jobs: dict[str, Running] = {}
    for members in groups.values():
        shared = set.intersection(*(set(b.warm_imports) for b in members))
        preload = tuple(module for module in members[0].warm_imports if module in shared)
        jobs.update(ForkedGroup(members, ctx, preload, close).jobs)
    return jobs


class Pooled:
    """One render submitted to a pool of warm workers."""

    def __init__(self, pool: cf.ProcessPoolExecutor, builder: type[Builder], ctx: BuildContext) -> None:
        self._future = pool.submit(render, builder, ctx)

    def result(self) -> tuple[Rendered, float]:
        return self._future.result()

    def cancel(self) -> None:
        self._future.cancel()


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def warm_pool() -> cf.ProcessPoolExecutor:
    """Worker processes forked from this one (with its imports) and kept for the next builds."""
    import concurrent.futures as cf
    import multiprocessing

    return cf.ProcessPoolExecutor(
        max_workers=max(1, min(2, os.cpu_count() or 1)),
        mp_context=multiprocessing.get_context("fork"),
        initializer=_ignore_interrupt,
    )
