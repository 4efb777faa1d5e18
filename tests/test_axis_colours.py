"""With more axes than theme colours, every output cycles the colours: no heading prints white on white."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CONTENT, require, run_build

HEADINGS = re.compile(r"^(axe|orientations|actions)$", re.IGNORECASE)
"""Words of the axis banners, synoptic column heads and programme table headers (white on the axis colour)."""


def four_axes(tmp_path: Path) -> Path:
    """content/ with a fourth axis: a copy of the third with its own identifiers (reprises untouched)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    text = (CONTENT / "axes" / "3-solidarites.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^(\s*(?:- )?id: )A(\d+)", r"\1A9\2", text, flags=re.MULTILINE)
    text = re.sub(r"^(\s*(?:- )?id: )([a-z][\w-]*)$", r"\1\2-bis", text, flags=re.MULTILINE)
    (content / "axes" / "4-quatrieme.yaml").write_text(text.replace("Développer les", "Quatrième axe :"), "utf-8")
    return content


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("four-axes")
    output = tmp / "out"
    result = run_build("pdf", "synoptique-pdf", content=four_axes(tmp), output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    return {name: output / name for name in ("projet-de-territoire.pdf", "tableaux-synoptiques.pdf")}


def _luminance(grey: int) -> float:
    c = grey / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _pages(pdf: Path, folder: Path, dpi: int) -> list[tuple[int, int, bytes]]:
    """Each page rendered in grey by poppler: (width, height, pixels)."""
    require("pdftoppm")
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    pages = []
    for image in sorted(folder.glob(f"{pdf.stem}-*.pgm")):
        data = image.read_bytes()
        magic, width, height, _maximum, pixels = data.split(maxsplit=4)
        assert magic == b"P5"
        pages.append((int(width), int(height), pixels[: int(width) * int(height)]))
    return pages


def _headings(pdf: Path) -> list[tuple[int, str, tuple[float, float, float, float]]]:
    """(page index, word, box in points) of every heading word, from poppler's word boxes."""
    require("pdftotext")
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found, page = [], -1
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', line)
        if match and HEADINGS.match(match.group(5).strip()):
            found.append((page, match.group(5), tuple(float(match.group(i)) for i in range(1, 5))))
    return found


@pytest.mark.parametrize("name", ["projet-de-territoire.pdf", "tableaux-synoptiques.pdf"])
def test_every_heading_has_visible_contrast(pdfs: dict[str, Path], name: str, tmp_path: Path) -> None:
    dpi = 100
    pages, headings = _pages(pdfs[name], tmp_path, dpi), _headings(pdfs[name])
    assert len(headings) > 8
    faint = []
    for page, word, (x0, y0, x1, y1) in headings:
        width, _height, pixels = pages[page]
        scale = dpi / 72
        values = [
            pixels[y * width + x]
            for y in range(int(y0 * scale), int(y1 * scale) + 1)
            for x in range(int(x0 * scale), int(x1 * scale) + 1)
        ]
        lightest, darkest = _luminance(max(values)), _luminance(min(values))
        if (lightest + 0.05) / (darkest + 0.05) < 2.0:
            faint.append((page + 1, word))
    assert not faint, f"headings without contrast (page, word): {faint}"
