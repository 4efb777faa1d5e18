"""The démarche timeline drawn to scale from the dates (phases, steps, milestones, progress).

The shapes are an SVG diagram; its labels are HTML text placed over it. WeasyPrint lays out SVG text one
letter at a time (a fifth of the brochure's drawing time for some fifty labels), while HTML text is laid out
once per label, and stays real, selectable text in the tagged PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .model import Moment, Phase, Step, Timeline
from .textfit import font_widths, open_font
from .theme import Theme
from .timeline import Scale, month_abbreviation
from .typography import NBSP, format_moment, format_span
from .wording import step_title

WIDTH = 940.0
MM_PER_PT = 25.4 / 72
MARGIN = 8.0
ROW = 35.0  # height of one step or milestone row
LINE = 14.0  # line height of labels


@dataclass(frozen=True, slots=True)
class Face:
    """Advance widths (in em) of one font file, to wrap and place labels without a layout engine."""

    widths: dict[int, float]
    fallback: float

    def width(self, text: str, size: float) -> float:
        return size * sum(self.widths.get(ord(char), self.fallback) for char in text)

    def wrap(self, text: str, width: float, size: float) -> list[str]:
        lines: list[str] = []
        for word in text.split(" "):
            if lines and self.width(f"{lines[-1]} {word}", size) <= width:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines


def face(path: Path, cache_dir: Path | None = None) -> Face:
    """Widths of the theme's font file, read once per process (by textfit, which the deck shares), from the
    on-disk cache when given one (output/.cache/: no font file read, 35 ms a face)."""
    widths = font_widths(path, cache_dir)
    return Face(widths.advances, widths.fallback)


@dataclass(frozen=True, slots=True)
class Label:
    """One line of text, placed like SVG text: (x, y) is on its baseline, at its start, middle or end."""

    x: float
    y: float
    text: str
    size: float
    fill: str
    weight: int
    italic: bool
    anchor: str
    width: float  # measured with the font's advance widths


def _baseline(path: Path) -> float:
    """Distance (in em) from the top of a line box with `line-height: 1` to the baseline, as Pango places it."""
    with open_font(path) as font:  # fontTools is already loaded by WeasyPrint in the PDF process
        os2, upm = font["OS/2"], font["head"].unitsPerEm
        if os2.fsSelection & (1 << 7):  # USE_TYPO_METRICS
            ascent, descent = os2.sTypoAscender, -os2.sTypoDescender
        else:
            ascent, descent = font["hhea"].ascent, -font["hhea"].descent
    return ((upm - ascent - descent) / 2 + ascent) / upm


def _rect(x: float, y: float, w: float, h: float, fill: str, *, rx: float = 0, extra: str = "") -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 1):.1f}" height="{h:.1f}" rx="{rx}" fill="{fill}"{extra}/>'


class _Drawing:
    """Collects SVG elements in three layers (grid, progress line, marks); x() maps a timeline fraction to x."""

    def __init__(
        self, timeline: Timeline, theme: Theme, colour: Callable[[str], str], cache_dir: Path | None = None
    ) -> None:
        self.scale = Scale.of(timeline)
        self.theme = theme
        # Every colour of the drawing, as the document writes it (#hex on screen, CMYK in the print files).
        self.white, self.light, self.ink = colour("#FFFFFF"), colour(theme.fond_clair), colour(theme.texte)
        self.navy, self.accent = colour(theme.principale), colour(theme.accent)
        # SVG's initial fill (black), which WeasyPrint sets even for a line: spelled out only when the document
        # converts colours (print), so that the screen HTML, and the screen PDF's bytes, stay as they were.
        black = colour("#000000")
        self.line_fill = "" if black == "#000000" else f' fill="{black}"'
        fonts = theme.confined_fonts()
        self.regular = face(fonts["normal"], cache_dir)
        self.bold = face(fonts["gras"], cache_dir)
        self.grid: list[str] = []
        self.line: list[str] = []
        self.parts: list[str] = []
        self.labels: list[Label] = []

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        fill: str,
        *,
        weight: int = 400,
        italic: bool = False,
        anchor: str = "start",
    ) -> None:
        width = (self.bold if weight >= 700 else self.regular).width(text, size)
        self.labels.append(Label(x, y, text, size, fill, weight, italic, anchor, width))

    def x(self, fraction: float) -> float:
        return MARGIN + min(max(fraction, 0.0), 1.0) * (WIDTH - 2 * MARGIN)

    def html(self, height: float, alternative: str, width_mm: float) -> str:
        """The SVG shapes (with the alternative text) at `width_mm`, and the labels as HTML over them."""
        unit = width_mm / WIDTH  # millimetres per drawing unit
        baseline = _baseline(self.theme.confined_fonts()["normal"])
        spans = []
        for label in self.labels:
            size = label.size * unit
            top = label.y * unit - baseline * size
            if label.anchor == "end":
                place = f"right:{(WIDTH - label.x) * unit:.2f}mm"
            elif label.anchor == "middle":
                box = label.width + label.size  # wider than the text, which is centred in it
                place = f"left:{(label.x - box / 2) * unit:.2f}mm;width:{box * unit:.2f}mm;text-align:center"
            else:
                place = f"left:{label.x * unit:.2f}mm"
            font = f"font-size:{size:.3f}mm;font-weight:{label.weight}{';font-style:italic' if label.italic else ''}"
            style = escape(f"{place};top:{top:.2f}mm;{font};color:{label.fill}")
            spans.append(f'<span style="{style}">{escape(label.text)}</span>')
        return (
            f'<div class="dessin" style="width:{width_mm:.2f}mm;height:{height * unit:.2f}mm">'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="img" '
            f'aria-label="{alternative}"><title>{alternative}</title>{"".join(self.grid + self.line + self.parts)}'
            f"</svg>{''.join(spans)}</div>"
        )

    def months(self, top: float, bottom: float) -> None:
        """Year and month bands, and the light month grid behind the whole diagram."""
        years: dict[int, list[float]] = {}
        for index, (year, month, left, right) in enumerate(self.scale.months()):
            x0, x1 = self.x(left), self.x(right)
            years.setdefault(year, []).extend((x0, x1))
            fill = self.light if index % 2 == 0 else self.white
            self.grid.append(_rect(x0, top + 22, x1 - x0, bottom - top - 22, fill))
            self.text((x0 + x1) / 2, top + 38, month_abbreviation(month), 11.5, self.ink, anchor="middle")
        for year, xs in years.items():
            x0, x1 = min(xs), max(xs)
            self.grid.append(_rect(x0 + 1, top, x1 - x0 - 2, 18, self.navy, rx=3))
            self.text((x0 + x1) / 2, top + 13.5, str(year), 11.5, self.white, weight=700, anchor="middle")

    def phase_boxes(self, phases: tuple[Phase, ...]) -> tuple[list[tuple[Phase, float, float, list[str]]], float]:
        """Each phase's bar (to scale) and wrapped title, and the common height of the bars."""
        boxes = []
        for phase in phases:
            left, right = self.scale.span(phase.debut, phase.fin)
            x0, x1 = self.x(left) + 1.5, self.x(right) - 1.5
            boxes.append((phase, x0, x1, self.bold.wrap(phase.titre, x1 - x0 - 16, 12.5)))
        return boxes, 20 + LINE * max(len(lines) for *_, lines in boxes) + 18

    def phases(self, phases: tuple[Phase, ...], top: float) -> None:
        boxes, height = self.phase_boxes(phases)
        for phase, x0, x1, lines in boxes:
            self.parts.append(_rect(x0, top, x1 - x0, height, self.navy, rx=4))
            for i, line in enumerate(lines):
                self.text(x0 + 8, top + 18 + i * LINE, line, 12.5, self.white, weight=700)
            self.text(x0 + 8, top + height - 9, format_span(phase.debut, phase.fin), 11, self.white, italic=True)

    def row(
        self, top: float, start: Moment, end: Moment, title: str, detail: str, tag: str = ""
    ) -> tuple[float, float]:
        """One step or milestone: a bar (a span) or a diamond (a day) to scale, its label beside it.

        Returns the horizontal extent of the label, so that the progress line can leave it a gap."""
        left, right = self.scale.span(start, end)
        x0, x1 = self.x(left), self.x(right)
        middle = top + ROW / 2
        colour = self.navy
        if start == end and start.day:
            x0 = x1 = self.x(self.scale.point(start))
            d = 6.5
            self.parts.append(f'<path d="M{x0:.1f} {middle - d:.1f}l{d} {d}l{-d} {d}l{-d} {-d}z" fill="{colour}"/>')
        else:
            self.parts.append(
                _rect(
                    x0 + 1,
                    middle - 9,
                    x1 - x0 - 2,
                    18,
                    colour,
                    rx=3,
                    extra=' fill-opacity="0.22" stroke="' + colour + '" stroke-width="1"',
                )
            )
            if tag and self.bold.width(tag, 10.5) < x1 - x0 - 6:
                self.text((x0 + x1) / 2, middle + 3.8, tag, 10.5, colour, weight=700, anchor="middle")
        second = f"{detail} · {format_span(start, end)}" if detail else format_span(start, end)
        widest = max(self.bold.width(title, 12), self.regular.width(second, 11))
        if widest + 12 <= x0 - MARGIN:
            anchor, x, extent = "end", x0 - 9, (x0 - 9 - widest, x0 - 9)
        else:
            anchor, x, extent = "start", x1 + 9, (x1 + 9, x1 + 9 + widest)
        self.text(x, middle - 2, title, 12, self.ink, weight=700, anchor=anchor)
        self.text(x, middle + 12, second, 11, self.ink, italic=bool(detail), anchor=anchor)
        return extent

    def progress_line(
        self, moment: Moment, stretches: list[tuple[float, float, float, float]], top: float, bottom: float
    ) -> None:
        """The vertical progress line, interrupted where it would cross a label (x0, x1, y0, y1)."""
        x = self.x(self.scale.point(moment))
        y = top
        for x0, x1, y0, y1 in sorted(stretches, key=lambda box: box[2]):
            if x0 - 3 <= x <= x1 + 3:
                self._segment(x, y, y0)
                y = y1
        self._segment(x, y, bottom)

    def _segment(self, x: float, y0: float, y1: float) -> None:
        if y1 > y0:
            self.line.append(
                f'<line x1="{x:.1f}" y1="{y0:.1f}" x2="{x:.1f}" y2="{y1:.1f}" '
                f'stroke="{self.accent}" stroke-width="2.5"{self.line_fill}/>'
            )

    def progress_flag(self, moment: Moment, top: float, label: str) -> None:
        """A flag ending at the progress line (or starting from it when there is no room on its left)."""
        x = self.x(self.scale.point(moment))
        accent = self.accent
        width = self.bold.width(label, 11.5) + 16
        side = -1 if x - width >= 0 else 1
        left = x - width if side < 0 else x
        self.parts.append(_rect(left, top, width, 20, accent, rx=3))
        self.text(left + width / 2, top + 14, label, 11.5, self.white, weight=700, anchor="middle")
        self.parts.append(f'<path d="M{x:.1f} {top + 20:.1f}h{6 * side}l{-6 * side} 6z" fill="{accent}"/>')


def _steps(timeline: Timeline) -> Iterator[tuple[Step, str, str]]:
    for phase in timeline.phases:
        for number, step in enumerate(phase.etapes, start=1):
            yield step, step_title(number, step.titre), f"{number}"
        for step in phase.jalons:
            yield step, step.titre, ""


def description(timeline: Timeline) -> str:
    """The diagram's text alternative: every phase, step and milestone with its dates, then the progress."""
    parts = []
    for phase in timeline.phases:
        inner = [
            f"étape {n}{NBSP}: {s.titre}{f' ({s.detail})' if s.detail else ''}, {format_span(s.debut, s.fin)}"
            for n, s in enumerate(phase.etapes, start=1)
        ]
        inner += [f"{s.titre}, {format_span(s.debut, s.fin)}" for s in phase.jalons]
        detail = f"{NBSP}: {' ; '.join(inner)}" if inner else ""
        parts.append(f"{phase.titre} ({format_span(phase.debut, phase.fin)}){detail}")
    start, end = Moment(timeline.debut.year, timeline.debut.month), Moment(timeline.fin.year, timeline.fin.month)
    return (
        f"Calendrier de la démarche, à l’échelle, de {format_span(start, end)}. {'. '.join(parts)}. "
        f"Avancement au {format_moment(timeline.avancement)}."
    )


MIN_TEXT_PT = 7.0
"""The smallest label a diagram shrunk to its page may show (the synoptic's A4 floor)."""


def _same(hex_colour: str) -> str:
    return hex_colour


def _draw(
    timeline: Timeline, theme: Theme, colour: Callable[[str], str], cache_dir: Path | None = None
) -> tuple[_Drawing, float]:
    """The whole diagram, and its height in drawing units."""
    drawing = _Drawing(timeline, theme, colour, cache_dir)
    rows = list(_steps(timeline))
    top = 30.0  # room for the progress flag above the year band
    phases_top = top + 58
    _, phases_height = drawing.phase_boxes(timeline.phases)
    rows_top = phases_top + phases_height + 14
    bottom = rows_top + ROW * len(rows) + 6
    drawing.months(top, bottom)
    drawing.phases(timeline.phases, phases_top)
    labels = []
    for index, (step, title, tag) in enumerate(rows):
        y = rows_top + index * ROW
        x0, x1 = drawing.row(y, step.debut, step.fin, title, step.detail, tag)
        labels.append((x0, x1, y + 3, y + ROW - 1))
    drawing.progress_line(timeline.avancement, labels, top + 20, bottom)
    drawing.progress_flag(timeline.avancement, top - 26, f"Avancement{NBSP}: {format_moment(timeline.avancement)}")
    return drawing, bottom + 4


def timeline_html(
    timeline: Timeline,
    theme: Theme,
    width_mm: float,
    colour: Callable[[str], str] = _same,
    max_height_mm: float | None = None,
    cache_dir: Path | None = None,
) -> str:
    """HTML markup of the diagram, `width_mm` wide (escaped text, no external reference).

    A diagram taller than `max_height_mm` (more phases and steps) is drawn narrower, the whole figure at a
    smaller scale, but never with a label under MIN_TEXT_PT: below that it keeps that scale and takes a page.
    The SVG's <title> is the alternative text of the figure in the tagged PDF. `cache_dir`: where the fonts'
    advance widths are cached (output/.cache/), which spares reading the font files (35 ms a face)."""
    drawing, height = _draw(timeline, theme, colour, cache_dir)
    if max_height_mm is not None and height * width_mm / WIDTH > max_height_mm:
        smallest = min(label.size for label in drawing.labels)  # drawing units
        legible = MIN_TEXT_PT * MM_PER_PT * WIDTH / smallest  # the width at which that label is MIN_TEXT_PT
        width_mm = max(max_height_mm * WIDTH / height, min(width_mm, legible))
    return drawing.html(height, escape(description(timeline)), width_mm)


def timeline_svg(timeline: Timeline, theme: Theme, alternative: str, cache_dir: Path | None = None) -> str:
    """The diagram as one inline SVG with its labels as SVG text, scaling to the width of its container (web
    browsers lay SVG text out fast; the page gives the text equivalent beside it)."""
    drawing, height = _draw(timeline, theme, _same, cache_dir)
    texts = []
    for label in drawing.labels:
        style = f' font-weight="{label.weight}"' + (' font-style="italic"' if label.italic else "")
        texts.append(
            f'<text x="{label.x:.1f}" y="{label.y:.1f}" font-size="{label.size}" fill="{label.fill}" '
            f'text-anchor="{label.anchor}"{style}>{escape(label.text)}</text>'
        )
    alt = escape(alternative)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" role="img" '
        f'aria-label="{alt}"><title>{alt}</title>{"".join(drawing.grid + drawing.line + drawing.parts + texts)}</svg>'
    )
