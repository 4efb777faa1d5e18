"""The Deck: slides on the master's layouts, text measured to fit its boxes, shapes written in reading order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .. import confined
from ..builders import BuildContext
from ..errors import UserError
from ..references.deck import PLACEHOLDERS, REFERENCE
from ..textfit import BODY_MIN, Frame, Level, Metrics, Para, Run
from ..typography import format_moment
from ..wording import continued
from . import xml
from .package import Package, Slot, png_size

BODY_SIZES = (24.0, 22.0, 20.0, 18.0, BODY_MIN)
FOOTERS = ("ftr", "sldNum")


def note(text: str, bold: bool = False, italic: bool = False) -> Para:
    """A paragraph of speaker notes."""
    return Para((Run(text, bold=bold, italic=italic),), bullet=False)


@dataclass
class Page:
    """A slide being composed as XML text, parsed once by Deck.finish() with its shapes in reading order."""

    slide: Any
    layout: str
    shift: float = 0.0
    """Points the title grew downwards, taken from the content below it."""
    next_id: int = 2
    bodies: dict[int, str] = field(default_factory=dict)
    """Text body of each placeholder, by index (0 is the title)."""
    behind: list[str] = field(default_factory=list)
    content: list[tuple[tuple[float, float], str]] = field(default_factory=list)


class Deck:
    """Slides composed on the master: unique titles set as large as they fit, measured bodies, shapes, notes."""

    def __init__(self, ctx: BuildContext) -> None:
        self.plan, self.theme = ctx.plan, ctx.theme
        master = confined.template(ctx.project, REFERENCE)
        try:
            self.package = Package(master)
        except Exception as exc:  # a master edited beyond what the check reads (a placeholder without a size…)
            raise UserError(
                f"templates/{REFERENCE.as_posix()} : masque inutilisable ({type(exc).__name__}) ; "
                "régénérez-le : python -m territoire.references.deck"
            ) from exc
        self.metrics = Metrics.of(ctx.theme.confined_fonts(), ctx.project.cache)
        self.font = ctx.theme.police_texte
        self.slots, self.size = self.package.slots, self.package.size
        self.titles: set[str] = set()
        meeting = ctx.plan.document.conseil
        self.footer = f"{ctx.plan.document.titre} · {meeting.instance} du {format_moment(meeting.date)}"
        self.number = 0
        self.fits: dict[tuple, tuple[float, list[list[list[Para]]]]] = {}

    # -- layout geometry --------------------------------------------------------------------------------------
    def slot(self, layout: str, idx: int) -> Slot:
        if idx not in PLACEHOLDERS.get(layout, {}):  # a bug: the check could not have required it in the master
            raise RuntimeError(f"placeholder {idx} of layout {layout!r} is not in references.deck.PLACEHOLDERS")
        if idx not in self.slots.get(layout, {}):
            raise UserError(
                f"templates/{REFERENCE.as_posix()} : la disposition « {layout} » n'a pas l'emplacement "
                f"« {PLACEHOLDERS[layout][idx]} » (régénérez-le : python -m territoire.references.deck)"
            )
        return self.slots[layout][idx]

    def title_fit(self, layout: str, title: str) -> tuple[float, float]:
        """(size, growth): the largest size at which `title` fits its box, else the smallest and the extra height."""
        slot = self.slot(layout, 0)
        width, height = slot.inner
        sizes = [s for s in (slot.size, slot.size - 2, slot.size - 4, slot.size - 6, slot.size - 8) if s >= 20]
        size = self.metrics.fit_lines(title, width, height, sizes or [slot.size], bold=True)
        return size, max(0.0, self.metrics.text_height((Run(title, bold=True),), width, size) - height)

    def title_shifts(self, layout: str, title: str) -> tuple[float, float]:
        """How far `title` pushes the content down on its first slide, and its longest « (suite) » variant on
        the later ones."""
        first, later = (self.title_fit(layout, t)[1] for t in (title, continued(title, 99)))
        return first, later

    def worst_shift(self, layout: str, title: str) -> float:
        """How far the title, or its « (suite) » variants, may push the content down on `layout`."""
        return max(self.title_shifts(layout, title))

    def frame(self, layout: str, idx: int, shift: float) -> Frame:
        """The inside of a body placeholder of `layout`, less `shift` points taken by a grown title."""
        slot = self.slot(layout, idx)
        return Frame(slot.inner[0], slot.inner[1] - shift, slot.levels)

    def area(self, shift: float) -> tuple[float, float, float, float]:
        """The body area of « Titre et contenu » (insets removed), for slides drawn with shapes."""
        slot = self.slot("Titre et contenu", 1)
        return slot.box[0] + slot.insets[0], slot.box[1] + shift, slot.inner[0], slot.box[3] - shift

    def footer_top(self, layout: str) -> float:
        """Top of the footer (or the slide's bottom margin): the limit for shapes drawn below the body area."""
        tops = [s.box[1] for s in self.slots[layout].values() if s.kind in FOOTERS]
        return min(tops, default=self.size[1] - 36)

    # -- text -------------------------------------------------------------------------------------------------
    def fit(self, layout: str, title: str, columns: Sequence[Sequence[Para]],
            sizes: Sequence[float] = BODY_SIZES) -> tuple[float, list[list[list[Para]]]]:  # fmt: skip
        """Size and pages of `columns` in the body placeholders of `layout` under `title` (memoised)."""
        key = (layout, title, tuple(map(tuple, columns)), tuple(sizes))
        if key not in self.fits:
            first, later = self.title_shifts(layout, title)
            frames = [replace(self.frame(layout, i + 1, first), later=self.frame(layout, i + 1, later).height)
                      for i in range(len(columns))]  # fmt: skip
            self.fits[key] = self.metrics.fit_columns(columns, frames, sizes)
        return self.fits[key]

    def flow(
        self,
        layout: str,
        title: str,
        columns: Sequence[Sequence[Para]],
        notes: Callable[[list[list[Para]]], list[Para]] = lambda _: [],
        bullet: str = "",
        decorate: Callable[[Page], None] = lambda _: None,
        sizes: Sequence[float] = BODY_SIZES,
    ) -> None:
        """Body text on as many slides as it needs: « … (suite) », « … (suite 2) » when 16 pt is not enough."""
        size, pages = self.fit(layout, title, columns, sizes)
        for n in range(max(1, *(len(column) for column in pages))):
            page = self.page(layout, continued(title, n))
            shown = [column[n] if n < len(column) else [] for column in pages]
            for i, paras in enumerate(shown):
                self.fill(page, i + 1, paras, size, bullet)
            decorate(page)
            self.notes(page, notes(shown))
            self.finish(page)

    # -- slides -----------------------------------------------------------------------------------------------
    def page(self, layout: str, title: str) -> Page:
        """A new slide on `layout` with a unique title, set as large as its placeholder allows."""
        self.slot(layout, 0)
        page = Page(self.package.add_slide(layout), layout)
        unique, n = title, 1
        while unique in self.titles:
            n += 1
            unique = f"{title} ({n})"
        self.titles.add(unique)
        size, page.shift = self.title_fit(layout, unique)
        page.bodies[0] = f"<a:p>{xml.runs((Run(unique, bold=True),), size, self.font)}</a:p>"
        return page

    def fill(self, page: Page, idx: int, paras: Sequence[Para], size: float, bullet: str = "") -> None:
        """Measured paragraphs for a body placeholder (moved down by finish() if the title grew)."""
        levels = self.slot(page.layout, idx).levels
        page.bodies[idx] = xml.paragraphs(paras, size, self.font, levels, "", bullet)

    def _id(self, page: Page) -> int:
        page.next_id += 1
        return page.next_id - 1

    def shape(self, page: Page, box: tuple[float, float, float, float], paras: Sequence[Para] = (),
              size: float = 0, fill: str = "", line: str = "", geometry: str = "rect", align: str = "l",
              anchor: str = "t", inset: float = 0.0, name: str = "Forme",
              levels: Sequence[Level] = ()) -> None:  # fmt: skip
        """A rectangle or text box; without text it is marked decorative and drawn behind the rest."""
        sid, text = self._id(page), xml.paragraphs(paras, size, self.font, levels, align)
        shape = xml.shape(sid, box, text, fill, line, geometry, anchor, inset, name)
        page.content.append(((round(box[1]), round(box[0])), shape)) if text else page.behind.append(shape)

    def line(self, page: Page, x: float, top: float, bottom: float, colour: str, width: float = 1.0) -> None:
        """A vertical rule, decorative, behind everything else."""
        page.behind.append(xml.line(self._id(page), x, top, bottom, colour, width))

    def picture(self, page: Page, png: bytes, box: tuple[float, float, float], alt: str) -> None:
        """A PNG `box[2]` points wide with real alt text."""
        rid = self.package.relate_png(page.slide, png)
        pixels_w, pixels_h = png_size(png)
        left, top, width = box
        shape = xml.picture(self._id(page), rid, (left, top, width, width * pixels_h / pixels_w), alt)
        page.content.append(((round(top), round(left)), shape))

    def notes(self, page: Page, paras: Sequence[Para]) -> None:
        """Speaker notes, if any."""
        if paras:
            self.package.add_notes(page.slide, xml.notes(xml.paragraphs(paras, None, self.font)))

    def finish(self, page: Page, background: str = "") -> None:
        """Write the slide in reading order: title, bodies, shapes top to bottom and left to right, footer.

        Decorative shapes (no text) come right after the placeholders so that they stay behind the content."""
        self.number += 1
        texts = dict(page.bodies)
        placeholders: list[str] = []
        footers: list[str] = []
        for idx, slot in sorted(self.slots[page.layout].items()):
            if slot.kind == "sldNum":
                texts[idx] = xml.slide_number(self.number, self.font)
            elif slot.kind == "ftr":
                texts[idx] = xml.footer_text(self.footer, self.font)
            if idx not in texts:
                continue  # an empty placeholder would show PowerPoint's prompt
            left, top, width, height = slot.box
            geometry, footer = "", slot.kind in FOOTERS
            if page.shift and not footer:  # the title grows down, the bodies move down
                geometry = xml.xfrm(left, top, width, height + page.shift) if idx == 0 else (
                    xml.xfrm(left, top + page.shift, width, height - page.shift))  # fmt: skip
            shape = xml.placeholder(self._id(page), slot.name, slot.ph, geometry, footer, texts[idx])
            (footers if footer else placeholders).append(shape)
        shapes = [shape for _, shape in sorted(page.content, key=lambda item: item[0])]
        self.package.append(page.slide, "".join([*placeholders, *page.behind, *shapes, *footers]), background)

    def save(self, when: dt.datetime) -> bytes:
        """The finished deck as deterministic PPTX bytes."""
        return self.package.save(self.plan.document, when)
