"""The fast import of cffi renderers: no library search during the import, the real search as fallback."""

from __future__ import annotations

import ctypes.util
import sys
from pathlib import Path

import pytest

from territoire import nativelibs

NEEDS_SEARCH = """
import ctypes.util
import pathlib
with open(pathlib.Path(__file__).with_name("attempts"), "a") as log:
    log.write("x")
from ctypes.util import find_library
FOUND = ctypes.util.find_library("c")
if FOUND is None:
    raise OSError("bibliothèque introuvable sans recherche")
"""


def test_import_retried_with_the_real_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "needs_search.py").write_text(NEEDS_SEARCH, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    original = ctypes.util.find_library
    try:
        module = nativelibs.load("needs_search")
    finally:
        sys.modules.pop("needs_search", None)
    assert (tmp_path / "attempts").read_text() == "xx"  # the first attempt could not search
    assert module.FOUND  # the second attempt searched for real
    assert ctypes.util.find_library is original
    assert module.find_library is original  # names bound during the first attempt are not left patched


def test_weasyprint_loads_without_search() -> None:
    weasyprint = nativelibs.load("weasyprint")
    assert weasyprint.HTML
    from weasyprint.text import ffi

    assert ffi.pango.pango_version() > 0


DRAW = """
import sys
from pathlib import Path
from territoire import nativelibs
nativelibs.load("weasyprint", Path(sys.argv[1]))
from weasyprint import HTML
sys.stdout.buffer.write(HTML(string="<p>Projet de territoire</p>").write_pdf())
"""


def test_parsed_c_declarations_are_kept_for_the_next_process(tmp_path: Path) -> None:
    """cffi's pycparser trees of WeasyPrint's declarations are kept in the cache folder: a second process
    reads them instead of parsing, draws the same, and a damaged tree is parsed again."""
    import subprocess

    cache = tmp_path / "cache"

    def draw() -> bytes:
        command = [sys.executable, "-c", DRAW, str(cache)]
        return subprocess.run(command, cwd=Path(__file__).parent.parent, capture_output=True, check=True).stdout

    first = draw()
    kept = {path: path.stat().st_mtime_ns for path in (cache / "cffi").glob("*.pickle")}
    assert len(kept) > 1  # the declarations, and the C types asked for
    assert draw() == first
    assert {path: path.stat().st_mtime_ns for path in (cache / "cffi").glob("*.pickle")} == kept  # all read
    damaged = sorted(kept)[0]
    damaged.write_bytes(b"pas un arbre")
    assert draw() == first
    assert damaged.read_bytes() != b"pas un arbre"  # parsed again, and kept again
