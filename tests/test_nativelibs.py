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
    reads them instead of parsing, draws the same, and damaged trees are parsed again."""
    import subprocess

    cache = tmp_path / "cache"

    def draw() -> bytes:
        command = [sys.executable, "-c", DRAW, str(cache)]
        return subprocess.run(command, cwd=Path(__file__).parent.parent, capture_output=True, check=True).stdout

    def kept() -> dict[Path, int]:
        return {path: path.stat().st_mtime_ns for path in (cache / "cffi").rglob("*.pickle")}

    (cache / "cffi" / "autre-version").mkdir(parents=True)  # trees of other versions are removed
    first = draw()
    trees = kept()
    assert len(trees) > 1 and len({path.parent for path in trees}) == 1  # the declarations, and the C types
    assert not (cache / "cffi" / "autre-version").exists()
    assert draw() == first
    assert kept() == trees  # all read, none written again
    damaged = sorted(trees)[:2]
    damaged[0].write_bytes(b"pas un arbre")
    damaged[1].write_bytes(b"\x80\x06autre protocole")
    assert draw() == first
    assert all(path.read_bytes()[:2] not in (b"pa", b"\x80\x06") for path in damaged)  # parsed and kept again
