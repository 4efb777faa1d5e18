"""Import the cffi-based renderers (WeasyPrint, CairoSVG) without ctypes' slow library search.

WeasyPrint and cairocffi try several library names per platform. On Linux each name that does not
load directly falls back to `ctypes.util.find_library`, which runs `ldconfig`, then `gcc` and `ld` as
subprocesses: about 25 misses, 0.8 s of WeasyPrint's 1.5 s import on the development machine. The
Debian sonames (`libpango-1.0.so.0`, `libcairo.so.2`, …) are in their lists and load directly, so the
search is switched off during the import; if that import fails (another platform), it is retried with
the real search.

cffi also parses C declarations with pycparser in every process: WeasyPrint's at its import, then each C type
it asks for (0.05 s of a build). A syntax tree depends on its source text only: given a cache folder, the
trees are kept there for the next processes (`parsed_declarations_kept_in`).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any


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


class _KeptTrees:
    """cffi's pycparser parser, whose syntax trees are kept in a folder, by source text."""

    def __init__(self, parser: Any) -> None:
        self._parser = parser
        self.folder: Path | None = None

    def parse(self, text: str, *args: Any, **kwargs: Any) -> Any:
        import hashlib
        import pickle

        if self.folder is None:
            return self._parser.parse(text, *args, **kwargs)
        key = hashlib.sha256(f"{text}\0{args}\0{kwargs}".encode()).hexdigest()[:32]
        path = self.folder / f"{key}.pickle"
        with contextlib.suppress(Exception):  # absent, damaged: parsed again
            return pickle.loads(path.read_bytes())
        tree = self._parser.parse(text, *args, **kwargs)
        with contextlib.suppress(Exception):  # a cache only
            from .atomic import write_atomic

            write_atomic(path, pickle.dumps(tree, protocol=pickle.HIGHEST_PROTOCOL))
        return tree


def parsed_declarations_kept_in(folder: Path) -> None:
    """From now on in this process, cffi's syntax trees of C declarations come from `folder` (output/.cache/)
    when a process parsed the same text before, and go there otherwise: in a subfolder named by the versions of
    Python, cffi and pycparser (those of other versions are removed)."""
    from .atomic import versioned_folder

    cffi, pycparser = importlib.import_module("cffi"), importlib.import_module("pycparser")
    cparser: Any = importlib.import_module("cffi.cparser")  # cffi is untyped
    if not isinstance(cparser._parser_cache, _KeptTrees):
        cparser._parser_cache = _KeptTrees(cparser._get_parser())
    cparser._parser_cache.folder = versioned_folder(
        folder, f"{sys.version}\0{cffi.__version__}\0{pycparser.__version__}"
    )


def load(name: str, cache: Path | None = None) -> ModuleType:
    """Import module `name` (whose import loads native libraries through cffi) the fast way when possible;
    with a `cache` folder, cffi's parsed declarations are kept there (see parsed_declarations_kept_in)."""
    if cache is not None:
        with contextlib.suppress(ImportError):
            parsed_declarations_kept_in(cache / "cffi")
    if name in sys.modules:
        return sys.modules[name]
    try:
        with _without_library_search():
            return importlib.import_module(name)
    except OSError:
        for loaded in [module for module in sys.modules if module == name or module.startswith(name + ".")]:
            del sys.modules[loaded]
        return importlib.import_module(name)
