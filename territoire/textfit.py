"""Measuring text with the real font metrics, wrapping it as Office does, and splitting content across slides."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypedDict

BODY_MIN = 16.0
"""No body text is ever set smaller than this (points)."""
LINE_HEIGHT = 1.2
"""Single line spacing in em: Lato's ascender + descender (hhea and win metrics), used by PowerPoint and LibreOffice."""
SAFETY = 1.03
"""Widths are summed without kerning (which only narrows Lato); this margin absorbs renderers' rounding."""
BREAKABLE = " "
"""Only ordinary spaces break lines here (no-break spaces never do); renderers that break elsewhere too need fewer
lines, never more, so measuring this way is on the safe side."""


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    colour: str = ""
    """#RRGGBB, or empty for the inherited colour."""


class RunStyle(TypedDict, total=False):
    """The look of a Run, to share between runs: `Run(text, **style)`."""

    bold: bool
    italic: bool
    colour: str


@dataclass(frozen=True, slots=True)
class Para:
    runs: tuple[Run, ...]
    level: int = 0
    keep_with_next: bool = False
    """Never the last paragraph of a page (a heading stays with what it introduces)."""
    key: object = None
    """Whatever the caller wants back with the page (e.g. the objective, for the speaker notes)."""
    bullet: bool = True
    """False for the second half of a paragraph cut across slides: no new bullet."""
    flush: bool = False
    """A heading: no bullet, no indent."""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class Level:
    """Paragraph style of one outline level, as read from the slide master (lengths in points)."""

    indent: float = 0.0
    space_before: float = 0.0
    space_before_lines: float = 0.0
    """Space before given as a fraction of a line (PowerPoint's spcPct)."""
    line_spacing: float = 1.0
    smaller: float = 0.0
    """Points less than the first level's size (never below BODY_MIN)."""


@dataclass(frozen=True, slots=True)
class Frame:
    """The inside of a text box (insets removed), in points."""

    width: float
    height: float
    levels: tuple[Level, ...] = (Level(),)
    later: float = 0.0
    """Height on the following pages, when it differs (a longer « (suite) » title takes more room)."""

    def level(self, index: int) -> Level:
        return self.levels[min(index, len(self.levels) - 1)]


def level_size(level: Level, size: float) -> float:
    """The size of a paragraph at `level` when the first level is set at `size`."""
    return max(BODY_MIN, size - level.smaller) if level.smaller else size


class FontWidths:
    """Advance widths of one TrueType font, in em, by code point."""

    def __init__(self, advances: dict[int, float]) -> None:
        self.advances = advances
        self.fallback = advances.get(ord("n"), 0.55)
        self._words: dict[str, float] = {}

    def em(self, text: str) -> float:
        """Width of `text` at 1 pt, in points (cached per word: the same words come back at every size)."""
        width = self._words.get(text)
        if width is None:
            get, fallback = self.advances.get, self.fallback
            width = self._words[text] = sum(get(ord(char), fallback) for char in text) * SAFETY
        return width


@contextlib.contextmanager
def open_font(path: Path, lazy: bool = True) -> Iterator[Any]:
    """A fontTools TTFont (read lazily unless asked), without the warning Lato's creation date triggers, closed
    after use."""
    import logging

    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=lazy, recalcTimestamp=False)
    quiet = logging.getLogger("fontTools.ttLib.tables._h_e_a_d")
    level, quiet.level = quiet.level, logging.ERROR
    try:
        yield font
    finally:
        quiet.setLevel(level)
        font.close()


@functools.cache
def font_widths(path: Path, cache_dir: Path | None = None) -> FontWidths:
    """Read a TTF once per process; its advance table is cached on disk, keyed by the file's name, size and date,
    so that a build neither parses the font (~35 ms per face with fontTools) nor even reads it."""
    import json

    stat = path.stat()
    cached = cache_dir / f"advances-{path.stem}-{stat.st_size}-{stat.st_mtime_ns}.json" if cache_dir else None
    if cached is not None and cached.is_file():
        return FontWidths({int(k): v for k, v in json.loads(cached.read_text()).items()})
    with open_font(path) as font:
        upm, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
        advances = {cp: metrics[glyph][0] / upm for cp, glyph in font.getBestCmap().items()}
    if cached is not None:
        from .atomic import write_cache

        write_cache(cached, json.dumps(advances, sort_keys=True).encode(), f"advances-{path.stem}-*.json")
    return FontWidths(advances)


class Metrics:
    """The faces text is set in: regular, bold and italic."""

    def __init__(self, regular: FontWidths, bold: FontWidths, italic: FontWidths) -> None:
        self.regular, self.bold, self.italic = regular, bold, italic
        self._cache: dict[tuple[Run, ...], list[tuple[int, int, float, float]]] = {}

    @classmethod
    def of(cls, fonts: dict[str, Path], cache_dir: Path | None = None) -> Metrics:
        """From the theme's font files (keys « normal », « gras », « italique »)."""
        return cls(*(font_widths(fonts[key], cache_dir) for key in ("normal", "gras", "italique")))

    def face(self, run: Run) -> FontWidths:
        return self.bold if run.bold else self.italic if run.italic else self.regular

    def _words(self, runs: Sequence[Run]) -> list[tuple[int, int, float, float]]:
        """(start, end, width, width of the space that follows) of each word at 1 pt, words possibly across runs."""
        key = tuple(runs)
        if key in self._cache:
            return self._cache[key]
        words: list[tuple[int, int, float, float]] = self._cache.setdefault(key, [])
        start, width, offset = 0, 0.0, 0
        for run in runs:
            face = self.face(run)
            for i, piece in enumerate(run.text.split(BREAKABLE)):
                if i:  # a space ended the previous word
                    words.append((start, offset - 1, width, face.em(BREAKABLE)))
                    start, width = offset, 0.0
                width += face.em(piece) if piece else 0.0
                offset += len(piece) + 1
            offset -= 1
        words.append((start, offset, width, 0.0))
        return words

    def lines(self, runs: Sequence[Run], width: float, size: float) -> list[tuple[int, int]]:
        """Character ranges of the lines `runs` wrap to in `width` points at `size` (greedy, like Office)."""
        limit = width / size
        lines: list[tuple[int, int]] = []
        line_start, line_end, used = 0, 0, 0.0
        for start, end, word, space in self._words(runs):
            if used and used + word > limit:
                lines.append((line_start, line_end))
                line_start, used = start, 0.0
            while word > limit and end - start > 1:  # a word wider than the line is cut anywhere
                cut = self._cut(start, end, runs, limit - used)
                lines.append((line_start, cut))
                start = line_start = cut
                word, used = self._span(runs, start, end), 0.0
            line_end, used = end, used + word + space
        lines.append((line_start, line_end))
        return lines

    def _span(self, runs: Sequence[Run], start: int, end: int) -> float:
        total, offset = 0.0, 0
        for run in runs:
            lo, hi = max(start, offset), min(end, offset + len(run.text))
            if lo < hi:
                total += self.face(run).em(run.text[lo - offset : hi - offset])
            offset += len(run.text)
        return total

    def _cut(self, start: int, end: int, runs: Sequence[Run], room: float) -> int:
        cut = start + 1
        while cut < end and self._span(runs, start, cut + 1) <= room:
            cut += 1
        return cut

    def _set(self, paragraph: Para, frame: Frame, size: float) -> tuple[list[tuple[int, int]], float, float]:
        """The lines of `paragraph` in `frame` at body `size`, its line height and its space before."""
        level = frame.level(paragraph.level)
        size = level_size(level, size)
        line = size * LINE_HEIGHT * level.line_spacing
        before = level.space_before + level.space_before_lines * line
        return self.lines(paragraph.runs, frame.width - level.indent, size), line, before

    def para_height(self, paragraph: Para, frame: Frame, size: float) -> float:
        lines, line, before = self._set(paragraph, frame, size)
        return len(lines) * line + before

    def height(self, paragraphs: Iterable[Para], frame: Frame, size: float) -> float:
        return sum(self.para_height(p, frame, size) for p in paragraphs)

    def split(self, paragraph: Para, frame: Frame, size: float, room: float) -> tuple[Para, Para] | None:
        """Cut a paragraph taller than a page after the last line that fits in `room` points."""
        lines, line, before = self._set(paragraph, frame, size)
        fit = int((room - before) // line)
        if fit < 1 or fit >= len(lines):
            return None
        cut = lines[fit][0]
        head, tail, offset = [], [], 0
        for run in paragraph.runs:
            lo, hi = offset, offset + len(run.text)
            if lo < cut:
                head.append(replace(run, text=run.text[: cut - lo].rstrip()))
            if hi > cut:
                tail.append(replace(run, text=run.text[max(0, cut - lo) :]))
            offset = hi
        return replace(paragraph, runs=tuple(head)), replace(paragraph, runs=tuple(tail), bullet=False)

    def paginate(self, paragraphs: Sequence[Para], frame: Frame, size: float) -> list[list[Para]]:
        """Pages of paragraphs that each fit `frame` at `size`; a heading is never left alone at a page's end.

        A paragraph moves whole to the next page; only one taller than a page is cut between two lines."""
        pages: list[list[Para]] = [[]]
        used = 0.0
        queue = list(paragraphs)
        while queue:
            paragraph = queue.pop(0)
            height = self.para_height(paragraph, frame, size)
            limit = frame.later if frame.later and len(pages) > 1 else frame.height
            if used + height > limit and pages[-1]:
                carried: list[Para] = []
                while pages[-1] and pages[-1][-1].keep_with_next:
                    carried.insert(0, pages[-1].pop())
                if not pages[-1]:  # only headings on this page: they stay, or nothing would ever move on
                    pages[-1], carried = carried, []
                pages.append(carried)
                used = self.height(carried, frame, size)
                limit = frame.later or frame.height
            if used + height > limit:  # taller than what is left of an otherwise fresh page: cut it
                parts = self.split(paragraph, frame, size, limit - used)
                if parts is None and not pages[-1]:
                    raise ValueError(f"frame too small for one line of: {paragraph.text[:60]!r}")
                if parts is None:
                    pages.append([])
                    used = 0.0
                    queue.insert(0, paragraph)
                    continue
                pages[-1].append(parts[0])
                pages.append([])
                used = 0.0
                queue.insert(0, parts[1])
                continue
            pages[-1].append(paragraph)
            used += height
        return [page for page in pages if page]

    def fit_columns(
        self, columns: Sequence[Sequence[Para]], frames: Sequence[Frame], sizes: Sequence[float]
    ) -> tuple[float, list[list[list[Para]]]]:
        """The largest size giving as few pages as the smallest size does, and those pages, for columns side by
        side set at one size. `sizes` go from largest to smallest; the smallest is the floor (16 pt for body)."""

        def pages_at(size: float) -> list[list[list[Para]]]:
            return [self.paginate(c, f, size) if c else [] for c, f in zip(columns, frames, strict=True)]

        fewest = max(len(pages) for pages in pages_at(sizes[-1]))
        for size in sizes:
            pages = pages_at(size)
            if max(len(column) for column in pages) <= fewest:
                return size, pages
        raise AssertionError("unreachable: the smallest size always qualifies")

    def fit_lines(self, text: str, width: float, height: float, sizes: Sequence[float], bold: bool = False) -> float:
        """The largest size at which `text` fits a box; the smallest size when none does (the caller grows the box)."""
        runs = (Run(text, bold=bold),)
        for size in sizes:
            if self.text_height(runs, width, size) <= height:
                return size
        return sizes[-1]

    def text_height(self, runs: Sequence[Run], width: float, size: float) -> float:
        return len(self.lines(runs, width, size)) * size * LINE_HEIGHT

    def natural_width(self, runs: Sequence[Run], size: float) -> float:
        """Width of the text on one line, at `size`."""
        return self._span(runs, 0, sum(len(r.text) for r in runs)) * size


def assign_lanes(spans: Sequence[tuple[float, float]], gap: float = 0.0) -> list[int]:
    """First-fit lane (row) of each (left, right) span, in the given order, so that no two overlap in a lane."""
    lanes: list[list[tuple[float, float]]] = []
    result = []
    for left, right in spans:
        free = (n for n, lane in enumerate(lanes) if all(right + gap <= a or left >= b + gap for a, b in lane))
        lane = next(free, len(lanes))
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append((left, right))
        result.append(lane)
    return result
