"""Import the cffi-based renderers (WeasyPrint, CairoSVG) without ctypes' slow library search.

WeasyPrint and cairocffi try several library names per platform. On Linux each name that does not
load directly falls back to `ctypes.util.find_library`, which runs `ldconfig`, then `gcc` and `ld` as
subprocesses: about 25 misses, 0.8 s of WeasyPrint's 1.5 s import on the development machine. The
Debian sonames (`libpango-1.0.so.0`, `libcairo.so.2`, …) are in their lists and load directly, so the
search is switched off during the import; if that import fails (another platform), it is retried with
the real search.
"""

from __future__ import annotations

import ctypes.util
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


def _not_searched(name: str) -> None:
    return None


@contextmanager
def _without_library_search() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        yield
    finally:
        ctypes.util.find_library = original
        for module in list(sys.modules.values()):  # modules that did `from ctypes.util import find_library`
            if getattr(module, "find_library", None) is _not_searched:
                vars(module)["find_library"] = original


def load(name: str) -> ModuleType:
    """Import module `name` (whose import loads native libraries through cffi) the fast way when possible."""
    if name in sys.modules:
        return sys.modules[name]
    try:
        with _without_library_search():
            return importlib.import_module(name)
    except OSError:
        for loaded in [module for module in sys.modules if module == name or module.startswith(name + ".")]:
            del sys.modules[loaded]
        return importlib.import_module(name)
