"""The démarche slide: a Gantt chart to scale in native, editable shapes, continued on « (suite) » slides."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Plan
from ..textfit import BODY_MIN, LINE_HEIGHT, Metrics, Para, Run, RunStyle, assign_lanes
from ..theme import mix
from ..timeline import Scale, month_abbreviation
from ..typography import NBSP, format_moment, format_span
from ..wording import step_label, step_title
from .canvas import Deck, Page, continued, note


def timeline_notes(plan: Plan) -> list[Para]:
    calendar = plan.demarche.calendrier
    out = [note(f"Avancement{NBSP}: {format_moment(calendar.avancement)}", bold=True)]
    for phase in calendar.phases:
        out.append(note(f"{phase.titre} ({format_span(phase.debut, phase.fin)})", bold=True))
        for number, step in enumerate(phase.etapes, start=1):  # numbered within their phase, as in the PDF
            detail = f" — {step.detail}" if step.detail else ""
            out.append(note(f"{step_title(number, step.titre)}{detail} ({format_span(step.debut, step.fin)})"))
        out += [note(f"{format_span(j.debut, j.fin)}{NBSP}: {j.titre}") for j in phase.jalons]
    return out


def timeline_slide(deck: Deck) -> None:
    """The démarche as a Gantt chart to scale in native shapes: months, phases, one row per step or milestone."""
    plan, theme, metrics = deck.plan, deck.theme, deck.metrics
    calendar, title = plan.demarche.calendrier, plan.document.libelles.avancement
    left, top, width, _ = deck.area(deck.worst_shift("Titre seul", title))
    bottom = deck.footer_top("Titre seul") - 8
    scale, size = Scale.of(calendar), BODY_MIN
    line, navy = size * LINE_HEIGHT, theme.principale

    def x(fraction: float) -> float:
        return left + fraction * width

    items: list[tuple[str, float, float, tuple[Run, ...], tuple[Run, ...]]] = []  # kind, span, text, detail
    for phase in calendar.phases:
        for number, s in enumerate(phase.etapes, start=1):
            detail: tuple[Run, ...] = (Run(s.detail, italic=True),) if s.detail else ()
            a, b = (x(f) for f in scale.span(s.debut, s.fin))
            items.append(("step", a, b, (Run(step_label(number), bold=True), Run(f"{NBSP}: {s.titre}")), detail))
        for j in phase.jalons:
            a, b = (x(f) for f in scale.span(j.debut, j.fin))
            runs = (Run(format_span(j.debut, j.fin), bold=True, colour=navy), Run(f" — {j.titre}"))
            if j.debut == j.fin and j.debut.day is not None:
                items.append(("point", (a + b) / 2 - 7, (a + b) / 2 + 7, runs, ()))
            else:
                items.append(("span", a, b, runs, ()))
    boxes, extents = [], []
    for _, a, b, main, detail in items:
        room = {"l": b + 6, "r": a - 6}  # where the caption starts (left of it) or ends (right of it)
        space = {"l": left + width - b - 6, "r": a - 6 - left}
        forms = [(main + ((Run(" — "), *detail) if detail else ()),), (main, detail) if detail else (main,)]
        choices = [(f, side) for f in forms for side in ("l", "r")]
        fits = [(f, side) for f, side in choices if _widest(metrics, f, size) <= space[side]]
        form, side = fits[0] if fits else (forms[-1], max(space, key=lambda k: space[k]))
        w = max(min(_widest(metrics, form, size), space[side]), 72.0)
        h = sum(metrics.text_height(p, w, size) for p in form)
        start = min(max(room[side] if side == "l" else room[side] - w, left), left + width - w)
        boxes.append((start, w, h, side, form))
        extents.append((min(a, start), max(b, start + w)))
    rows = assign_lanes(extents, gap=12)
    heights = [
        max(boxes[i][2] for i in range(len(items)) if rows[i] == r) + 6 for r in range(max(rows, default=-1) + 1)
    ]
    header = _header(deck, None, calendar, scale, (left, top, width))
    pages: list[list[int]] = [[]]
    used = 0.0
    for r, h in enumerate(heights):
        if used + h > bottom - top - header and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append(r)
        used += h
    for n, shown in enumerate(pages):
        page = deck.page("Titre seul", continued(title, n))
        y = _header(deck, page, calendar, scale, (left, top, width))
        starts = {}
        for r in shown:
            starts[r] = y
            y += heights[r]
        for g in [x(f) for _, _, f, _ in scale.months()] + [x(1.0)]:
            deck.line(page, g, top + line, y, "#D5D9DF", 0.75)
        deck.line(page, x(scale.point(calendar.avancement)), top + 2, y, theme.accent, 2.25)
        for (kind, a, b, _, _), (bx, bw, bh, align, form), r in zip(items, boxes, rows, strict=True):
            if r not in starts:
                continue
            mid = starts[r] + line / 2
            if kind == "step":
                deck.shape(page, (a + 1, mid - 7, b - a - 2, 14), fill=mix(navy, 0.35), geometry="rect")
            elif kind == "point":
                deck.shape(page, (a, mid - 7, 14, 14), fill=navy, geometry="diamond")
            else:
                deck.shape(page, (a + 1, mid - 4, b - a - 2, 8), fill=navy, geometry="roundRect")
            deck.shape(page, (bx, starts[r], bw, bh), [Para(p, flush=True) for p in form], size, "#FFFFFF", align=align,
                       name="Légende")  # fmt: skip
        deck.notes(page, timeline_notes(plan) if n == 0 else [])
        deck.finish(page)


def _widest(metrics: Metrics, paragraphs: Sequence[tuple[Run, ...]], size: float) -> float:
    return max(metrics.natural_width(p, size) for p in paragraphs) + 2


def _header(deck: Deck, page: Page | None, calendar: Any, scale: Scale, area: tuple[float, float, float]) -> float:
    """Progress marker label and years, months, phase bars; returns the y where the rows start, or without a page
    (a dry run that draws nothing) the height."""
    metrics, theme = deck.metrics, deck.theme
    left, top, width = area
    size, white = BODY_MIN, "#FFFFFF"
    line = size * LINE_HEIGHT

    def x(fraction: float) -> float:
        return left + fraction * width

    def text(runs: tuple[Run, ...], at: float, y: float, align: str = "ctr") -> tuple[float, float]:
        w = metrics.natural_width(runs, size) + 2
        start = {"ctr": at - w / 2, "l": at, "r": at - w}[align]
        start = min(max(start, left), left + width - w)
        if page is not None:
            deck.shape(page, (start, y, w, line), [Para(runs, flush=True)], size, white, align=align, name="Repère")
        return start, start + w

    months = list(scale.months())
    cell = min(end - start for _, _, start, end in months) * width
    widest = max(metrics.natural_width((Run(month_abbreviation(m)),), size) for _, m, _, _ in months) + 6
    step = int(-(-widest // cell))
    spans: list[tuple[float, float]] = []
    for i, (year, month, start, _) in enumerate(months):
        if i % step == 0:
            text((Run(month_abbreviation(month)),), x(start) + step * cell / 2, top + line)
        if (i == 0 or month == 1) and (not spans or x(start) + 4 > spans[-1][1] + 6):
            spans.append(text((Run(str(year), bold=True, colour=theme.principale),), x(start) + 4, top, "l"))
    red: RunStyle = {"bold": True, "colour": theme.accent}
    marker = x(scale.point(calendar.avancement))
    runs = (Run(f"Avancement{NBSP}: ", **red), Run(format_moment(calendar.avancement), **red))
    w = metrics.natural_width(runs, size) + 2
    clash = any(a < marker + 3 and marker - 3 - w < b for a, b in spans)
    text(runs, marker - 3, top, "r") if not clash else None
    y = top + 2 * line + 8
    phases = [(x(a), x(b)) for a, b in (scale.span(p.debut, p.fin) for p in calendar.phases)]
    lanes, pad = assign_lanes(phases), 5.0
    titles = [(Run(p.titre, bold=True, colour=white),) for p in calendar.phases]
    bar = max(metrics.text_height(t, b - a - 2 - 2 * pad, size) for t, (a, b) in zip(titles, phases, strict=True))
    bar += 2 * pad
    if page is not None:
        for phase_title, (a, b), lane in zip(titles, phases, lanes, strict=True):
            box = (a + 1, y + lane * (bar + 4), b - a - 2, bar)
            deck.shape(page, box, [Para(phase_title, flush=True)], size, theme.principale, align="ctr", anchor="ctr",
                       inset=pad, name="Phase")  # fmt: skip
    y += (max(lanes) + 1) * (bar + 4) + 6
    return y - top if page is None else y
