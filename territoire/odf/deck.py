"""The council deck as native ODP: the PPTX deck's composition (territoire/deck/) written as ODF drawing shapes.

OdpDeck keeps Deck's measuring (the same metrics, frames and « (suite) » pagination) and replaces only what
writes: frames in the master's placeholders, rectangles, lines, pictures with their alt text, speaker notes.
Slot geometry comes from templates/odf/master.odp (territoire/odf/master.py), never from the PPTX master.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from .. import confined
from ..builders import BuildContext
from ..deck.canvas import Deck, Page
from ..textfit import LINE_HEIGHT, Level, Metrics, Para, Run, level_size
from ..typography import format_moment
from . import package
from .master import MASTER, read_master
from .xml import attr, runs

BULLETS = ("•", "–", "·")
ALIGN = {"l": "start", "ctr": "center", "r": "end"}
ANCHOR = {"t": "top", "ctr": "middle", "b": "bottom"}
CLASS = {"title": "title", "ctrTitle": "title", "subTitle": "subtitle"}
PATHS = {
    "rect": ("rectangle", "M 0 0 L 21600 0 21600 21600 0 21600 Z N"),
    "diamond": ("diamond", "M 10800 0 L 21600 10800 10800 21600 0 10800 Z N"),
    "roundRect": (
        "round-rectangle",
        "M 3600 0 L 18000 0 X 21600 3600 L 21600 18000 Y 18000 21600 L 3600 21600 X 0 18000 L 0 3600 Y 3600 0 Z N",
    ),
}
"""Preset geometries as ODF enhanced paths (LibreOffice wraps text only in custom shapes, not in draw:rect)."""
NOTES = (56.7, 425.2, 481.9, 340.2)
"""Notes box on an A4 notes page (points), below LibreOffice's slide picture."""


def pt(value: float) -> str:
    return f"{value:.2f}pt"


def box_attrs(box: tuple[float, float, float, float]) -> str:
    x, y, w, h = box
    return f'svg:x="{pt(x)}" svg:y="{pt(y)}" svg:width="{pt(w)}" svg:height="{pt(h)}"'


class OdpDeck(Deck):
    """Slides on templates/odf/master.odp, composed by territoire.deck.slides.compose like the PPTX."""

    def __init__(self, ctx: BuildContext) -> None:  # Deck.__init__ would open the PPTX master
        self.plan, self.theme = ctx.plan, ctx.theme
        master = confined.template(ctx.project, MASTER)
        self.slots, self.size, self.masters = read_master(master)
        self.document = package.open_document(master, "masque ODP")
        self.metrics = Metrics.of(ctx.theme.confined_fonts(), ctx.project.cache)
        self.font = ctx.theme.police_texte
        self.titles: set[str] = set()
        meeting = ctx.plan.document.conseil
        self.footer = f"{ctx.plan.document.titre} · {meeting.instance} du {format_moment(meeting.date)}"
        self.number = 0
        self.fits: dict[tuple, tuple[float, list[list[list[Para]]]]] = {}
        self.pages: list[str] = []
        self._auto: dict[tuple[str, str], str] = {}
        self._pictures: dict[bytes, str] = {}

    # -- automatic styles ---------------------------------------------------------------------------------------
    def auto(self, family: str, properties: str) -> str:
        key = (family, properties)
        if key not in self._auto:
            self._auto[key] = f"{family[:2].upper()}{len(self._auto) + 1}"
        return self._auto[key]

    def _run(self, run: Run, size: float | None) -> str:
        props = f'fo:font-family="{self.font}"' + (f' fo:font-size="{pt(size)}"' if size else "")
        props += (' fo:font-weight="bold"' if run.bold else "") + (' fo:font-style="italic"' if run.italic else "")
        props += f' fo:color="{run.colour}"' if run.colour else ""
        style = self.auto("text", f"<style:text-properties {props}/>")
        return f'<text:span text:style-name="{style}">{runs(run.text)}</text:span>'

    def _list(self, bullet: str, levels: Sequence[Level]) -> str:
        """An automatic bullet list style: the master's bullets, indents as measured, the slide's bullet colour."""
        colour = bullet or self.theme.principale
        out = []
        for n, char in enumerate(BULLETS, 1):
            indent = levels[min(n, len(levels)) - 1].indent if levels else 0.0
            hang = min(indent, 21.6)
            out.append(
                f'<text:list-level-style-bullet text:level="{n}" text:bullet-char="{char}">'
                "<style:list-level-properties "
                f'text:space-before="{pt(indent - hang)}" text:min-label-width="{pt(hang)}"/><style:text-properties '
                f'fo:font-family="{self.font}" fo:font-size="100%" fo:color="{colour}"/></text:list-level-style-bullet>'
            )
        return self.auto("list", "".join(out))

    def paragraphs(self, paras: Sequence[Para], size: float | None, levels: Sequence[Level] = (), align: str = "",
                   bullet: str = "") -> str:  # fmt: skip
        """ODF paragraphs with the sizes, indents and spacing they were measured with written out explicitly."""
        out = []
        for para in paras:
            level = levels[min(para.level, len(levels) - 1)] if levels else Level()
            own = level_size(level, size) if size else None
            listed = bool(levels) and para.bullet and not para.flush
            before = level.space_before + level.space_before_lines * (own or 0) * LINE_HEIGHT * level.line_spacing
            margin = 0.0 if para.flush or not levels or listed else level.indent
            spacing = round(level.line_spacing * 100)
            props = f'fo:margin-top="{pt(before)}" fo:margin-bottom="0pt" fo:line-height="{spacing}%"'
            props += f' fo:margin-left="{pt(margin)}" fo:text-indent="0pt"'
            props += f' fo:text-align="{ALIGN.get(align, "start")}"' if align else ""
            style = self.auto("paragraph", f"<style:paragraph-properties {props}/>")
            body = "".join(self._run(run, own) for run in para.runs)
            p = f'<text:p text:style-name="{style}">{body}</text:p>'
            if listed:
                for _ in range(para.level + 1):
                    p = f"<text:list-item>{p}</text:list-item>"
                    p = f"<text:list>{p}</text:list>" if _ < para.level else p
                p = f'<text:list text:style-name="{self._list(bullet, levels)}">{p}</text:list>'
            out.append(p)
        return "".join(out)

    # -- slides -------------------------------------------------------------------------------------------------
    def page(self, layout: str, title: str) -> Page:
        self.slot(layout, 0)
        page = Page(None, layout)
        unique, n = title, 1
        while unique in self.titles:
            n += 1
            unique = f"{title} ({n})"
        self.titles.add(unique)
        size, page.shift = self.title_fit(layout, unique)
        page.bodies[0] = self.paragraphs([Para((Run(unique, bold=True),), flush=True)], size)
        page.slide = unique
        return page

    def fill(self, page: Page, idx: int, paras: Sequence[Para], size: float, bullet: str = "") -> None:
        page.bodies[idx] = self.paragraphs(paras, size, self.slot(page.layout, idx).levels, "", bullet)

    def _graphic(self, fill: str, line: str = "", width: float = 1.0, inset: float = 0.0, anchor: str = "t") -> str:
        props = f'draw:fill="solid" draw:fill-color="{fill}"' if fill else 'draw:fill="none"'
        props += f' draw:stroke="solid" svg:stroke-color="{line}" svg:stroke-width="{pt(width)}"' if line else (
            ' draw:stroke="none"')  # fmt: skip
        pad = pt(inset)
        props += (f' fo:padding-left="{pad}" fo:padding-top="{pad}" fo:padding-right="{pad}" fo:padding-bottom="{pad}"'
                  f' draw:textarea-vertical-align="{ANCHOR.get(anchor, "top")}" draw:auto-grow-height="false"'
                  ' draw:auto-grow-width="false" fo:wrap-option="wrap"')  # fmt: skip
        return self.auto("graphic", f"<style:graphic-properties {props}/>")

    def shape(self, page: Page, box: tuple[float, float, float, float], paras: Sequence[Para] = (),
              size: float = 0, fill: str = "", line: str = "", geometry: str = "rect", align: str = "l",
              anchor: str = "t", inset: float = 0.0, name: str = "Forme",
              levels: Sequence[Level] = ()) -> None:  # fmt: skip
        """A rectangle, rounded rectangle or diamond, with text or (behind everything) without."""
        text = self.paragraphs(paras, size, levels, align) if paras else ""
        style, sid = self._graphic(fill, line, 1.0, inset, anchor), self._id(page)
        label = f"{name} {sid}"
        kind, path = PATHS.get(geometry, PATHS["rect"])
        xml = (f'<draw:custom-shape draw:style-name="{style}" draw:name={attr(label)} {box_attrs(box)}>{text}'
               f'<draw:enhanced-geometry svg:viewBox="0 0 21600 21600" draw:type="{kind}" draw:enhanced-path='
               f'"{path}"/></draw:custom-shape>')  # fmt: skip
        page.content.append(((round(box[1]), round(box[0])), xml)) if text else page.behind.append(xml)

    def line(self, page: Page, x: float, top: float, bottom: float, colour: str, width: float = 1.0) -> None:
        style = self._graphic("", colour, width)
        page.behind.append(f'<draw:line draw:style-name="{style}" draw:name="Trait {self._id(page)}" '
                           f'svg:x1="{pt(x)}" svg:y1="{pt(top)}" svg:x2="{pt(x)}" '
                           f'svg:y2="{pt(max(top, bottom))}"/>')  # fmt: skip

    def picture(self, page: Page, png: bytes, box: tuple[float, float, float], alt: str) -> None:
        from ..deck.package import png_size

        if png not in self._pictures:
            self._pictures[png] = self.document.add_file(io.BytesIO(png))
        pixels_w, pixels_h = png_size(png)
        left, top, width = box
        frame = (left, top, width, width * pixels_h / pixels_w)
        page.content.append(((round(top), round(left)), (
            f'<draw:frame draw:name="Logo {self._id(page)}" {box_attrs(frame)}><draw:image xlink:href='
            f'{attr(self._pictures[png])} xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
            f"<svg:title>{runs(alt)}</svg:title></draw:frame>")))  # fmt: skip

    def notes(self, page: Page, paras: Sequence[Para]) -> None:
        if paras:
            page.bodies[-1] = self.paragraphs(paras, None)

    def finish(self, page: Page, background: str = "") -> None:
        """The slide in reading order: what is decorative first (behind), title, bodies, shapes top to bottom."""
        self.number += 1
        frames = []
        for idx, slot in sorted(self.slots[page.layout].items()):
            if idx not in page.bodies or slot.kind in ("ftr", "sldNum"):
                continue
            left, top, width, height = slot.box
            if page.shift:
                top, height = (top, height + page.shift) if idx == 0 else (top + page.shift, height - page.shift)
            kind = CLASS.get(slot.kind, "outline")
            frames.append(
                f'<draw:frame presentation:style-name="{slot.ph}" {box_attrs((left, top, width, height))} '
                f'presentation:class="{kind}" presentation:user-transformed="true"><draw:text-box>{page.bodies[idx]}'
                "</draw:text-box></draw:frame>"
            )
        shapes = [xml for _, xml in sorted(page.content, key=lambda item: item[0])]
        fill = f' draw:fill="solid" draw:fill-color="{background}"' if background else ""
        style = self.auto("drawing-page", f'<style:drawing-page-properties presentation:display-footer="true" '
                          'presentation:display-page-number="true" presentation:display-date-time="false"'
                          f"{fill}/>")  # fmt: skip
        notes = page.bodies.get(-1, "")
        notes = (f'<presentation:notes><draw:frame presentation:class="notes" {box_attrs(NOTES)}><draw:text-box>'
                 f"{notes}</draw:text-box></draw:frame></presentation:notes>") if notes else ""  # fmt: skip
        self.pages.append(
            f'<draw:page draw:name={attr(str(page.slide))} draw:style-name="{style}" draw:master-page-name='
            f'"{self.masters[page.layout]}" presentation:presentation-page-layout-name="{self.masters[page.layout]}" '
            f'presentation:use-footer-name="pied">{"".join([*page.behind, *frames, *shapes])}{notes}</draw:page>'
        )

    def save(self, when: dt.datetime) -> bytes:
        """The presentation as deterministic, strict ODF bytes."""
        from odfdo import Element

        autos = "".join(
            f'<text:list-style style:name="{name}">{props}</text:list-style>' if family == "list" else
            f'<style:style style:name="{name}" style:family="{family}">{props}</style:style>'
            for (family, props), name in self._auto.items()
        )  # fmt: skip
        content = self.document.content
        body = content.get_element("//office:presentation")
        footer = f'<presentation:footer-decl presentation:name="pied">{runs(self.footer)}</presentation:footer-decl>'
        body.parent.replace_element(body, Element.from_tag(f"<office:presentation>{footer}{''.join(self.pages)}"
                                                           "</office:presentation>"))  # fmt: skip
        old = content.get_element("//office:automatic-styles")
        old.parent.replace_element(old, Element.from_tag(f"<office:automatic-styles>{autos}</office:automatic-styles>"))
        doc = self.plan.document
        title = f"{doc.titre} — {doc.conseil.instance} du {format_moment(doc.conseil.date)}"
        package.set_metadata(self.document, doc, when, title, doc.edition)
        return package.save(self.document, when)
