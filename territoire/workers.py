"""Where renders run: in this process, in children forked for one build, or in a pool kept warm (watch mode).

A one-shot build forks its heavy renders once the plan is loaded: children inherit the context (nothing to
pickle) and send back the bytes through pipes, and the parent writes them. That costs about 3 ms, against
45-80 ms to import, start and stop a `ProcessPoolExecutor`. Renders that share an import (the two PDFs and
WeasyPrint) share one child that imports it once, starts their shared work (`Builder.warm_up`: the PDFs'
first chapter, which loads the stylesheet and the fonts), then forks the others; each of them may first do a
share of the first render's work and hand it over through a pipe (`Builder.hand_over`: the synoptic tables'
process lays out the programme for the brochure's, which meanwhile lays out its other chapters), so that
both cores lay out the brochure (see ForkedGroup). On two cores the other heavy renders (ODF, XLSX) stay in
the build's own process, which would share its core with them anyway. Watch mode keeps one warm worker per
such group instead, always the same one, so what it laid out for one edit is there for the next (see
WarmGroups); it lays out everything itself (`Builder.prepare`), kept for the next edit, and writes its
renders in turn (see render_group).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import time
from typing import TYPE_CHECKING, NoReturn, Protocol

if TYPE_CHECKING:
    import concurrent.futures as cf

    from .builders import BuildContext, Builder, Rendered

YIELDING = 10
"""Niceness of the processes of renders that are not `critical` (the ODF and XLSX renders of a watch mode's warm
workers, and of a one-shot build on more than two cores): the PDFs' processes keep their cores."""
RENDER_GC_THRESHOLD = (50_000, 50, 100)
"""Renderers allocate hundreds of thousands of short-lived objects (boxes, styles, XML proxies). With Python's
default thresholds the collector keeps re-scanning them, 10-15 % of WeasyPrint's time; during a render it
runs about 70 times less often, which still bounds memory (see the scale benchmark)."""


def collect_cycles(on: bool) -> None:
    """Whether this process collects reference cycles. A one-shot build does not: it lives a few seconds, and
    the collector would scan the hundreds of thousands of objects of its imports and renders again and again
    (a build here: 0.2 s less CPU of 2.4 s without it, for a higher peak, 220 MB against 173 MB at ten times
    the actions). Watch mode, the commands and the tests, which live longer, keep it."""
    if on:
        gc.enable()
    else:
        gc.disable()


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
    import traceback

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
        import pickle

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
        self,
        builders: list[type[Builder]],
        ctx: BuildContext,
        preload: tuple[str, ...],
        close: tuple[int, ...],
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
    """Import what the renders share, start the first one's shared work, fork the others (each first hands over
    its share of the first one's work), render the first here, wait for the others, let go of what they kept,
    leave."""
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)  # the parent can then stop this child and its own children at once
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        # A forked render lives for one build: it never collects cycles, so never scans (and copies) the
        # memory it shares with its parent.
        gc.disable()
        if not any(builder.critical for builder in builders):
            os.nice(YIELDING)
        for fd in close:  # e.g. the output lock, so that it never outlives the parent
            os.close(fd)
        if len(builders) > 1:
            from . import nativelibs

            for module in preload:
                with contextlib.suppress(Exception):  # a render that needs it reports the error itself
                    nativelibs.load(module, ctx.project.cache)
            with contextlib.suppress(Exception):  # its render meets the same error, and reports it
                builders[0]().warm_up(ctx)  # only the start of the work the others share: they do their part
        children: list[int] = []
        handed: list[_Handed] = []
        for index in range(1, len(builders)):
            hand_read, hand_write = os.pipe()
            pid = os.fork()
            if pid == 0:
                # This process already closed the pipes of the renders forked before this one.
                others = [w for i, w in enumerate(writes) if i == 0 or i > index]
                for fd in [*(h.fd for h in handed), hand_read]:
                    _close(fd)
                _hand_over(builders[index], ctx, hand_write)
                _send(builders[index], ctx, writes[index], [w for w in others if w != writes[index]])
                os._exit(0)
            children.append(pid)
            os.close(writes[index])
            os.close(hand_write)
            handed.append(_Handed(hand_read))
        if handed:
            with contextlib.suppress(Exception):
                builders[0]().take_over(ctx, [h.read for h in handed])
        _send(builders[0], ctx, writes[0], [], handed)
        for pid in children:
            os.waitpid(pid, 0)
        release_kept()
    finally:
        os._exit(0)


class _Handed:
    """The reading end of a pipe through which a forked render hands work over to its group's first render."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def read(self) -> bytes:
        """Everything handed over (waiting for the writer to finish), once; b"" afterwards or on failure."""
        if self.fd < 0:
            return b""
        chunks = []
        with contextlib.suppress(OSError):
            while chunk := os.read(self.fd, 1 << 20):
                chunks.append(chunk)
        self.close()
        return b"".join(chunks)

    def close(self) -> None:
        if self.fd >= 0:
            _close(self.fd)
            self.fd = -1


def _close(fd: int) -> None:
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)


def _hand_over(builder: type[Builder], ctx: BuildContext, write: int) -> None:
    """What `builder` hands over to its group's first render, written to `write` (then closed). If that render
    stopped reading (it failed), the write fails and this render goes on: Python ignores SIGPIPE."""
    if write < 0:
        return
    try:
        data = builder().hand_over(ctx)
        view = memoryview(data)
        while view:
            view = view[os.write(write, view) :]
    except Exception:  # nothing handed over: the first render does the work itself
        pass
    finally:
        _close(write)


def _prepare(builders: list[type[Builder]], ctx: BuildContext) -> None:
    """The work `builders` share with the others of their group, done once here (in a warm worker)."""
    for builder in builders:
        with contextlib.suppress(Exception):  # its render meets the same error, and reports it
            builder().prepare(ctx)


def release_kept() -> None:
    """Let go of what renders kept in this process (the PDFs' fonts and laid-out chapters), if they ran here:
    at the end of a one-shot build. A warm worker keeps them for the next edit."""
    import sys

    module = sys.modules.get("territoire.pdfrender")
    if module is not None:
        module.release_layouts()


def _send(
    builder: type[Builder], ctx: BuildContext, write: int, others: list[int], handed: list[_Handed] | None = None
) -> None:
    """Render and write the outcome (bytes or error text) to `write`, closing the other renders' pipes first.

    What others hand over and the render did not read (it failed first, or needs none: the print files) is
    closed before the outcome is written: the writer, blocked on a full pipe, goes on with its own render,
    whose outcome the build may be waiting for before it reads this one."""
    import pickle

    for fd in others:  # a pipe reads as finished only once every copy of its writing end is closed
        os.close(fd)
    try:
        payload = pickle.dumps(("ok", render(builder, ctx)))
    except BaseException as exc:
        payload = pickle.dumps(("error", describe(exc)))
    for hand in handed or []:
        hand.close()
    with contextlib.suppress(OSError), os.fdopen(write, "wb") as pipe:
        pipe.write(payload)


def fork(builders: list[type[Builder]], ctx: BuildContext, close: tuple[int, ...] = ()) -> dict[str, Running]:
    """Start `builders` in forked children, grouped by the first module they preload (see ForkedGroup): for a
    one-shot build."""
    jobs: dict[str, Running] = {}
    for members in groups(builders):
        shared = set.intersection(*(set(b.warm_imports) for b in members))
        preload = tuple(module for module in members[0].warm_imports if module in shared)
        jobs.update(ForkedGroup(members, ctx, preload, close).jobs)
    return jobs


def group_of(builder: type[Builder]) -> str:
    """The first module a builder imports: renders that share it share a process."""
    return builder.warm_imports[0] if builder.warm_imports else builder.name


def groups(builders: list[type[Builder]]) -> list[list[type[Builder]]]:
    """`builders` grouped by `group_of`, groups in order, each group's renders in the order of their names: the
    same render leads its group (the brochure, to which the synoptic tables hand over the programme) whatever
    the order of the targets on the command line."""
    found: dict[str, list[type[Builder]]] = {}
    for builder in builders:
        found.setdefault(group_of(builder), []).append(builder)
    return [sorted(members, key=lambda builder: builder.name) for members in found.values()]


def render_group(builders: list[type[Builder]], ctx: BuildContext) -> dict[str, tuple[str, object]]:
    """In a warm worker: the renders of one group, in turn. Critical ones (the PDFs) first do their shared work
    here, kept for the next edit, as is what they draw (territoire/drawn.py).

    Nothing is forked: a child forked from a worker this size pays for the memory it touches, copied on
    write in the child and in the worker alike. The synoptic tables forked to be written beside the brochure
    cost 0.34 s of CPU over both processes, written after it 0.15 s: on two cores, as fast, with less CPU."""
    if all(builder.critical for builder in builders):
        _prepare(builders, ctx)
    outcomes: dict[str, tuple[str, object]] = {}
    for builder in builders:
        try:
            outcomes[builder.name] = ("ok", render(builder, ctx))
        except Exception as exc:
            outcomes[builder.name] = ("error", describe(exc))
    return outcomes


class Pooled:
    """One render of a group submitted to the group's warm worker."""

    def __init__(self, future: cf.Future[dict[str, tuple[str, object]]], name: str) -> None:
        self._future, self._name = future, name

    def result(self) -> tuple[Rendered, float]:
        kind, value = self._future.result()[self._name]
        if kind != "ok":
            raise RenderFailed(str(value))
        return value  # type: ignore[return-value]

    def cancel(self) -> None:
        self._future.cancel()


class WarmGroups:
    """One worker process per group of renders, forked from this process (with its imports) and kept for the
    next builds: a group's renders always go to the same worker, which keeps what they laid out."""

    def __init__(self) -> None:
        self._pools: dict[str, cf.ProcessPoolExecutor] = {}
        self._keys: dict[str, str] = {}

    def start(self, builders: list[type[Builder]], ctx: BuildContext) -> dict[str, Running]:
        import concurrent.futures as cf
        import multiprocessing

        jobs: dict[str, Running] = {}
        for members in groups(builders):
            group = group_of(members[0])
            keys = {builder.name: builder().warm_key(ctx) for builder in members}
            if group in self._pools and any(self._keys.get(name, key) != key for name, key in keys.items()):
                self._pools.pop(group).shutdown()  # e.g. new font files, which only a new process reads
            self._keys.update(keys)
            if group not in self._pools:
                self._pools[group] = cf.ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_ignore_interrupt,
                    initargs=(any(builder.critical for builder in members),),
                )
            future = self._pools[group].submit(render_group, members, ctx)
            jobs.update({b.name: Pooled(future, b.name) for b in members})
        return jobs

    def shutdown(self) -> None:
        for pool in self._pools.values():
            pool.shutdown(cancel_futures=True)
        self._pools.clear()


def _ignore_interrupt(critical: bool) -> None:
    """Ctrl-C is the watcher's to handle; a SIGTERM ends a worker at once (the watcher's own handler, inherited
    through fork, would print a traceback). A worker of renders that are not critical yields the CPU. When the
    watcher shuts it down, it lets go of what it kept: its fonts' folder in output/.cache goes with it."""
    from multiprocessing.util import Finalize

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    Finalize(None, release_kept, exitpriority=0)  # a worker shut down with its watcher takes its fonts' folder
    if not critical:
        os.nice(YIELDING)
