"""What a reader sees on a rendered PDF, for the layout and contrast tests.

- words and lines, grouped in blocks: `pdftotext -bbox-layout` (poppler);
- the colour, size and weight of every character: pdfplumber;
- the page as printed, and the page with its text filtered out: Ghostscript renders. The second gives the
  real background under each character (clipping, borders and painting order included); comparing the two
  tells whether a word is still visible or was painted over by a box drawn after it.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import pdfplumber
from conftest import require
from lxml import etree
from PIL import Image, ImageChops

DPI = 72  # one pixel per point: 7 pt text is 7 pixels high, enough to tell a word from its background
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points, from the top left of the page
Colour = tuple[float, float, float]


@dataclass(frozen=True)
class Line:
    page: int
    block: int
    box: Box
    words: tuple[tuple[Box, str], ...]

    @property
    def text(self) -> str:
        return " ".join(word for _, word in self.words)


@dataclass(frozen=True)
class Glyph:
    page: int
    box: Box
    colour: Colour
    size: float
    bold: bool
    text: str
    inside: bool  # entirely within the page

    @property
    def large(self) -> bool:
        """WCAG large text: at least 18 pt, or 14 pt bold."""
        return self.size >= 17.9 or (self.bold and self.size >= 13.9)


@cache
def text_lines(pdf: Path) -> list[Line]:
    """Every text line of `pdf` with its words, and the block poppler groups it in (numbered across pages)."""
    require("pdftotext")
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True, timeout=120
    ).stdout
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    root = etree.fromstring(html, parser)
    ns = {"x": "http://www.w3.org/1999/xhtml"}

    def box(node: etree._Element) -> Box:
        return tuple(float(node.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))  # type: ignore[return-value]

    lines: list[Line] = []
    block_number = 0
    for page_number, page in enumerate(root.iterfind(".//x:page", ns), 1):
        for block in page.iterfind(".//x:block", ns):
            block_number += 1
            for line in block.iterfind("x:line", ns):
                words = tuple((box(w), w.text or "") for w in line.iterfind("x:word", ns))
                lines.append(Line(page_number, block_number, box(line), words))
    return lines


def overlap(a: Box, b: Box) -> float:
    """Area of the intersection of two boxes."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def area(a: Box) -> float:
    return max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])


def _rgb(colour: object) -> Colour:
    """pdfplumber's colour (grey, RGB or CMYK tuple) as RGB in 0..1 (black when it has none)."""
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not isinstance(colour, (tuple, list)) or not all(isinstance(c, (int, float)) for c in colour):
        return (0.0, 0.0, 0.0)
    if len(colour) == 1:
        return (float(colour[0]),) * 3  # type: ignore[return-value]
    if len(colour) == 4:
        c, m, y, k = (float(v) for v in colour)
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return tuple(float(c) for c in colour[:3])  # type: ignore[return-value]


@cache
def glyphs(pdf: Path) -> list[Glyph]:
    """Every visible character of `pdf` with its colour, size and weight."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for char in page.chars:
                if not char["text"].strip():
                    continue
                name = char["fontname"].lower()
                found.append(
                    Glyph(
                        number,
                        (char["x0"], char["top"], char["x1"], char["bottom"]),
                        _rgb(char.get("non_stroking_color")),
                        float(char["size"]),
                        "bold" in name or "black" in name or "heavy" in name,
                        char["text"],
                        char["x0"] >= -1
                        and char["top"] >= -1
                        and char["x1"] <= page.width + 1
                        and char["bottom"] <= page.height + 1,
                    )
                )
    return found


@cache
def renders(pdf: Path) -> Renders:
    """The renders of `pdf`, made once per test session."""
    return Renders(pdf)


@dataclass(eq=False)
class Renders:
    """Each page rendered as printed and without its text (Ghostscript -dFILTERTEXT), at DPI."""

    pdf: Path

    def _render(self, *options: str) -> list[Image.Image]:
        require("gs")
        with tempfile.TemporaryDirectory() as folder:
            pattern = str(Path(folder) / "p%04d.png")
            subprocess.run(
                ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m", f"-r{DPI}", *options,
                 f"-sOutputFile={pattern}", str(self.pdf)],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            images = []
            for path in sorted(Path(folder).glob("p*.png")):
                with Image.open(path) as image:
                    images.append(image.convert("RGB"))
            return images

    @cached_property
    def printed(self) -> list[Image.Image]:
        return self._render()

    @cached_property
    def without_text(self) -> list[Image.Image]:
        return self._render("-dFILTERTEXT")

    def background(self, glyph: Glyph) -> Colour:
        """The colour painted under `glyph` (most common of a few points inside its box)."""
        image = self.without_text[glyph.page - 1]
        x0, top, x1, bottom = glyph.box
        points = [(x0 + (x1 - x0) * fx, top + (bottom - top) * fy) for fx in (0.3, 0.5, 0.7) for fy in (0.3, 0.5, 0.7)]
        samples = Counter(image.getpixel(_pixel(image, x, y)) for x, y in points)
        colour = samples.most_common(1)[0][0]
        return tuple(c / 255 for c in colour)  # type: ignore[return-value]

    def visible(self, page: int, box: Box) -> bool:
        """True when the text in `box` shows on the printed page (its pixels differ from the text-less render)."""
        x0, top = _pixel(self.printed[page - 1], box[0], box[1])
        x1, bottom = _pixel(self.printed[page - 1], box[2] + 1, box[3] + 1)
        crop = (x0, top, max(x0 + 1, x1), max(top + 1, bottom))
        difference = ImageChops.difference(self.printed[page - 1].crop(crop), self.without_text[page - 1].crop(crop))
        return difference.convert("L").getextrema()[1] > 40


def _pixel(image: Image.Image, x: float, y: float) -> tuple[int, int]:
    scale = DPI / 72
    return min(image.width - 1, max(0, int(x * scale))), min(image.height - 1, max(0, int(y * scale)))


def luminance(colour: Colour) -> float:
    """WCAG 2.1 relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def hex_colour(text: str) -> Colour:
    text = text.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
