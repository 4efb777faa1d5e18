"""Where renders run: in this process, in a child forked for one render, or in a pool kept warm (watch mode).

A one-shot build forks one child per heavy output once the plan is loaded: the child inherits the context
(nothing to pickle) and sends back the bytes through a pipe, and the parent writes them. That costs about
3 ms, against 45-80 ms to import, start and stop a `ProcessPoolExecutor`. Watch mode keeps a pool instead:
its workers stay warm between edits (compiled templates, WeasyPrint's caches).
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import time
import traceback
from typing import TYPE_CHECKING, NoReturn, Protocol

if TYPE_CHECKING:
    import concurrent.futures as cf

    from .builders import BuildContext, Builder

RENDER_GC_THRESHOLD = (50_000, 50, 100)
"""Renderers allocate hundreds of thousands of short-lived objects (boxes, styles, XML proxies). With Python's
default thresholds the collector keeps re-scanning them, 10-15 % of WeasyPrint's time; during a render it
runs about 70 times less often, which still bounds memory (see the scale benchmark)."""


class RenderFailed(Exception):
    """A render failed in another process; the message is its error and traceback, ready to report."""


class Running(Protocol):
    def result(self) -> tuple[bytes, float]: ...

    def cancel(self) -> None: ...


def render(builder: type[Builder], ctx: BuildContext) -> tuple[bytes, float]:
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
    """« Type: message » then the traceback, as the report shows it."""
    return f"{type(exc).__name__}: {exc}\n{''.join(traceback.format_exception(exc))}"


class Forked:
    """One render in a child forked now; `result()` waits for its bytes or raises RenderFailed."""

    def __init__(self, builder: type[Builder], ctx: BuildContext, close_in_child: tuple[int, ...] = ()) -> None:
        self._read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._read)
            _child(builder, ctx, write, close_in_child)
        os.close(write)

    def result(self) -> tuple[bytes, float]:
        with os.fdopen(self._read, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if not payload:
            raise RenderFailed(
                f"le processus de rendu s'est arrêté sans résultat (code {os.waitstatus_to_exitcode(status)})"
            )
        kind, value = pickle.loads(payload)
        if kind != "ok":
            raise RenderFailed(value)
        return value

    def cancel(self) -> None:
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            os.close(self._read)
            self._pid = 0


def _child(builder: type[Builder], ctx: BuildContext, write: int, close: tuple[int, ...]) -> NoReturn:
    """Render, send the outcome to the parent, and leave at once (no cleanup of the parent's state)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for fd in close:  # e.g. the output lock, so that it never outlives the parent
        os.close(fd)
    try:
        payload = pickle.dumps(("ok", render(builder, ctx)))
    except BaseException as exc:
        payload = pickle.dumps(("error", describe(exc)))
    try:
        with os.fdopen(write, "wb") as pipe:
            pipe.write(payload)
    finally:
        os._exit(0)


class Pooled:
    """One render submitted to a pool of warm workers."""

    def __init__(self, pool: cf.ProcessPoolExecutor, builder: type[Builder], ctx: BuildContext) -> None:
        self._future = pool.submit(render, builder, ctx)

    def result(self) -> tuple[bytes, float]:
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
