"""The council presentation (PPTX) on templates/deck/master.pptx, every text measured so that nothing overflows."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Objective, Plan
from ..textfit import BODY_MIN, LINE_HEIGHT, Frame, Level, Metrics, Para, Run, assign_lanes, level_size
from ..timeline import Scale, month_abbreviation
from ..typography import NBSP, format_moment, format_span
from . import BuildContext, Builder, register

EMU = 12700  # per point
BODY_SIZES = (24.0, 22.0, 20.0, 18.0, BODY_MIN)
GREY = "#5F6B7A"
NS = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)
DECORATIVE = (
    '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative '
    'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>'
)
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def slug(text: str) -> str:
    """« Conseil communautaire » -> « conseil-communautaire »."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill>' if colour else ""


def _box(left: float, top: float, width: float, height: float) -> str:
    return (
        f'<a:xfrm><a:off x="{round(left * EMU)}" y="{round(top * EMU)}"/>'
        f'<a:ext cx="{round(width * EMU)}" cy="{round(height * EMU)}"/></a:xfrm>'
    )


@dataclass(frozen=True, slots=True)
class Slot:
    """A layout placeholder, measured once: box and insets in points, default size, outline levels."""

    kind: str
    ph: str
    """The attributes of its p:ph element, to clone footers onto slides."""
    name: str
    box: tuple[float, float, float, float]
    insets: tuple[float, float, float, float]
    size: float
    levels: tuple[Level, ...]

    @property
    def inner(self) -> tuple[float, float]:
        return self.box[2] - self.insets[0] - self.insets[2], self.box[3] - self.insets[1] - self.insets[3]


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
    """python-pptx and lxml plumbing: slides on the master's layouts, measured text, shapes in reading order."""

    def __init__(self, ctx: BuildContext) -> None:
        from pptx import Presentation
        from pptx.oxml import parse_xml

        self.parse = parse_xml
        self.plan, self.theme = ctx.plan, ctx.theme
        self.prs = Presentation(str(ctx.project.templates / "deck" / "master.pptx"))
        self.metrics = Metrics.of(ctx.theme.fonts, ctx.project.output / ".cache")
        self.font = ctx.theme.police_texte
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        master = self.prs.slide_master._element
        self.slots = {name: _slots(layout, master) for name, layout in self.layouts.items()}
        self.size = (self.prs.slide_width / EMU, self.prs.slide_height / EMU)
        self.titles: set[str] = set()
        meeting = ctx.plan.document.conseil
        self.footer = f"{ctx.plan.document.titre} · {meeting.instance} du {format_moment(meeting.date)}"
        self.number = self.notes_count = 0
        self.images: dict[bytes, Any] = {}
        self.fits: dict[tuple, tuple[float, list[list[list[Para]]]]] = {}

    # -- text -------------------------------------------------------------------------------------------------
    def runs(self, runs: Sequence[Run], size: float | None) -> str:
        sz = f' sz="{round(size * 100)}"' if size else ""
        out = []
        for run in runs:
            style = (' b="1"' if run.bold else "") + (' i="1"' if run.italic else "")
            out.append(
                f'<a:r><a:rPr lang="fr-FR"{sz}{style} dirty="0">{_fill(run.colour)}<a:latin typeface="{self.font}"/>'
                f"</a:rPr><a:t>{_esc(run.text)}</a:t></a:r>"
            )
        return "".join(out) + f'<a:endParaRPr lang="fr-FR"{sz} dirty="0"/>'

    def paragraphs(self, paras: Sequence[Para], size: float | None, levels: Sequence[Level] = (),
                   align: str = "", bullet: str = "") -> str:  # fmt: skip
        """DrawingML paragraphs, with the sizes and spacing they were measured with written out explicitly."""
        out = []
        for para in paras:
            level = levels[min(para.level, len(levels) - 1)] if levels else Level()
            attrs = (f' lvl="{para.level}"' if para.level else "") + (f' algn="{align}"' if align else "")
            attrs += ' marL="0" indent="0"' if para.flush else ""
            marks = "<a:buNone/>" if para.flush or not para.bullet else _bullet(bullet)
            if levels and level.space_before:
                marks = f'<a:spcBef><a:spcPts val="{round(level.space_before * 100)}"/></a:spcBef>' + marks
            elif levels and level.space_before_lines:
                marks = f'<a:spcBef><a:spcPct val="{round(level.space_before_lines * 100000)}"/></a:spcBef>' + marks
            own = level_size(level, size) if size else None
            out.append(f"<a:p><a:pPr{attrs}>{marks}</a:pPr>{self.runs(para.runs, own)}</a:p>")
        return "".join(out)

    # -- slides -----------------------------------------------------------------------------------------------
    def slot(self, layout: str, idx: int) -> Slot:
        if idx not in self.slots.get(layout, {}):
            raise KeyError(f"templates/deck/master.pptx: no placeholder {idx} on a layout named {layout!r}")
        return self.slots[layout][idx]

    def title_fit(self, layout: str, title: str) -> tuple[float, float]:
        """(size, growth): the largest size at which `title` fits its box, else the smallest and the extra height."""
        slot = self.slot(layout, 0)
        width, height = slot.inner
        sizes = [s for s in (slot.size, slot.size - 2, slot.size - 4, slot.size - 6, slot.size - 8) if s >= 20]
        size = self.metrics.fit_lines(title, width, height, sizes or [slot.size], bold=True)
        return size, max(0.0, self.metrics.text_height((Run(title, bold=True),), width, size) - height)

    def worst_shift(self, layout: str, title: str) -> float:
        """How far the title, or its « (suite) » variants, may push the content down on `layout`."""
        return max(self.title_fit(layout, t)[1] for t in (title, f"{title} (suite 99)"))

    def page(self, layout: str, title: str) -> Page:
        """A new slide on `layout` with a unique title, set as large as its placeholder allows."""
        self.slot(layout, 0)
        rid, slide = self.prs.part.add_slide(self.layouts[layout])  # no placeholder cloning: finish() writes them
        self.prs.slides._sldIdLst.add_sldId(rid)
        page = Page(slide, layout)
        unique, n = title, 1
        while unique in self.titles:
            n += 1
            unique = f"{title} ({n})"
        self.titles.add(unique)
        size, page.shift = self.title_fit(layout, unique)
        page.bodies[0] = f"<a:p>{self.runs((Run(unique, bold=True),), size)}</a:p>"
        return page

    def fill(self, page: Page, idx: int, paras: Sequence[Para], size: float, bullet: str = "") -> None:
        """Measured paragraphs for a body placeholder (moved down by finish() if the title grew)."""
        page.bodies[idx] = self.paragraphs(paras, size, self.slot(page.layout, idx).levels, "", bullet)

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
        tops = [s.box[1] for s in self.slots[layout].values() if s.kind in ("ftr", "sldNum")]
        return min(tops, default=self.size[1] - 36)

    def _id(self, page: Page) -> int:
        page.next_id += 1
        return page.next_id - 1

    def shape(self, page: Page, box: tuple[float, float, float, float], paras: Sequence[Para] = (),
              size: float = 0, fill: str = "", line: str = "", geometry: str = "rect", align: str = "l",
              anchor: str = "t", inset: float = 0.0, name: str = "Forme",
              levels: Sequence[Level] = ()) -> None:  # fmt: skip
        """A rectangle or text box; without text it is marked decorative and drawn behind the rest."""
        sid, text = self._id(page), bool(paras)
        nv = f'<p:cNvPr id="{sid}" name="{_esc(name)} {sid}">{"" if text else DECORATIVE}</p:cNvPr>'
        nv += '<p:cNvSpPr txBox="1"/>' if text and not fill else "<p:cNvSpPr/>"
        outline = f'<a:ln w="12700">{_fill(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
        pad = round(inset * EMU)
        body = (
            f'<p:txBody><a:bodyPr wrap="square" lIns="{pad}" tIns="{pad}" rIns="{pad}" bIns="{pad}" '
            f'anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
            f"{self.paragraphs(paras, size, levels, align)}</p:txBody>"
        )
        xml = (
            f'<p:sp><p:nvSpPr>{nv}<p:nvPr/></p:nvSpPr><p:spPr>{_box(*box)}<a:prstGeom prst="{geometry}">'
            f"<a:avLst/></a:prstGeom>{_fill(fill) or '<a:noFill/>'}{outline}</p:spPr>{body if text else ''}</p:sp>"
        )
        page.content.append(((round(box[1]), round(box[0])), xml)) if text else page.behind.append(xml)

    def line(self, page: Page, x: float, top: float, bottom: float, colour: str, width: float = 1.0) -> None:
        """A vertical rule, decorative, behind everything else."""
        page.behind.append(
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{self._id(page)}" name="Trait">{DECORATIVE}</p:cNvPr>'
            f"<p:cNvCxnSpPr/><p:nvPr/></p:nvCxnSpPr><p:spPr>{_box(x, top, 0, max(0.0, bottom - top))}"
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln w="{round(width * EMU)}">{_fill(colour)}'
            "</a:ln></p:spPr></p:cxnSp>"
        )

    def picture(self, page: Page, png: bytes, box: tuple[float, float, float], alt: str) -> None:
        """A PNG `box[2]` points wide with real alt text (python-pptx would describe it by its file name).

        Built by hand: python-pptx's add_picture opens the image with Pillow, whose plugins cost ~20 ms to load."""
        from pptx.opc.constants import RELATIONSHIP_TYPE
        from pptx.parts.image import ImagePart

        if png not in self.images:
            name = self.prs.part.package.next_image_partname("png")
            self.images[png] = ImagePart(name, "image/png", self.prs.part.package, png, "logo.png")
        rid = page.slide.part.relate_to(self.images[png], RELATIONSHIP_TYPE.IMAGE)
        pixels_w, pixels_h = struct.unpack(">II", png[16:24])  # the PNG IHDR chunk
        left, top, width = box
        page.content.append(
            (
                (round(top), round(left)),
                f'<p:pic><p:nvPicPr><p:cNvPr id="{self._id(page)}" name="Logo" descr="{_esc(alt)}"/><p:cNvPicPr>'
                f'<a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip '
                f'r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
                f'{_box(left, top, width, width * pixels_h / pixels_w)}<a:prstGeom prst="rect"><a:avLst/>'
                "</a:prstGeom></p:spPr></p:pic>",
            )
        )

    def notes(self, page: Page, paras: Sequence[Para]) -> None:
        """Speaker notes, written as python-pptx would but without cloning the notes master through XPath."""
        if not paras:
            return
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.opc.packuri import PackURI
        from pptx.parts.slide import NotesSlidePart

        self.notes_count += 1
        element = self.parse(
            f'<p:notes {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
            '</p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="Image de la diapositive"/><p:cNvSpPr>'
            '<a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr>'
            '</p:nvSpPr><p:spPr/></p:sp><p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes"/><p:cNvSpPr><a:spLocks '
            'noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody>'
            f"<a:bodyPr/><a:lstStyle/>{self.paragraphs(paras, None)}</p:txBody></p:sp></p:spTree></p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
        )
        name = PackURI(f"/ppt/notesSlides/notesSlide{self.notes_count}.xml")
        part = NotesSlidePart(name, CONTENT_TYPE.PML_NOTES_SLIDE, self.prs.part.package, element)
        part.relate_to(self.prs.part.notes_master_part, RELATIONSHIP_TYPE.NOTES_MASTER)
        part.relate_to(page.slide.part, RELATIONSHIP_TYPE.SLIDE)
        page.slide.part.relate_to(part, RELATIONSHIP_TYPE.NOTES_SLIDE)

    def finish(self, page: Page, background: str = "") -> None:
        """Write the slide in reading order: title, bodies, shapes top to bottom and left to right, footer.

        Decorative shapes (no text) come right after the placeholders so that they stay behind the content."""
        self.number += 1
        rpr = f'<a:rPr lang="fr-FR" dirty="0"><a:latin typeface="{self.font}"/></a:rPr>'
        texts = dict(page.bodies)
        placeholders, footers = [], []
        for idx, slot in sorted(self.slots[page.layout].items()):
            if slot.kind == "sldNum":
                text = f'<a:p><a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum">{rpr}<a:t>{self.number}</a:t></a:fld>'
                texts[idx] = text + '<a:endParaRPr lang="fr-FR" dirty="0"/></a:p>'
            elif slot.kind == "ftr":
                texts[idx] = f'<a:p><a:r>{rpr}<a:t>{_esc(self.footer)}</a:t></a:r><a:endParaRPr lang="fr-FR"/></a:p>'
            if idx not in texts:
                continue  # an empty placeholder would show PowerPoint's prompt
            left, top, width, height = slot.box
            xfrm = ""
            if page.shift and slot.kind not in ("ftr", "sldNum"):  # the title grows down, the bodies move down
                xfrm = _box(left, top, width, height + page.shift) if idx == 0 else (
                    _box(left, top + page.shift, width, height - page.shift))  # fmt: skip
            body = "<a:bodyPr/>" if slot.kind in ("ftr", "sldNum") else "<a:bodyPr><a:noAutofit/></a:bodyPr>"
            (footers if slot.kind in ("ftr", "sldNum") else placeholders).append(
                f'<p:sp><p:nvSpPr><p:cNvPr id="{self._id(page)}" name="{_esc(slot.name)}"/><p:cNvSpPr><a:spLocks '
                f'noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {slot.ph}/></p:nvPr></p:nvSpPr><p:spPr>{xfrm}</p:spPr>'
                f"<p:txBody>{body}<a:lstStyle/>{texts[idx]}</p:txBody></p:sp>"
            )
        shapes = [xml for _, xml in sorted(page.content, key=lambda item: item[0])]
        tree = page.slide.shapes._spTree
        fragment = "".join([*placeholders, *page.behind, *shapes, *footers])
        for element in list(self.parse(f'<p:spTree {NS} xmlns:r="{R}">{fragment}</p:spTree>')):
            tree.append(element)
        if background:
            from pptx.dml.color import RGBColor

            page.slide.background.fill.solid()
            page.slide.background.fill.fore_color.rgb = RGBColor.from_string(background.lstrip("#"))

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
            page = self.page(layout, title if n == 0 else f"{title} (suite{'' if n == 1 else f' {n}'})")
            shown = [column[n] if n < len(column) else [] for column in pages]
            for i, paras in enumerate(shown):
                self.fill(page, i + 1, paras, size, bullet)
            decorate(page)
            self.notes(page, notes(shown))
            self.finish(page)

    def fit(self, layout: str, title: str, columns: Sequence[Sequence[Para]],
            sizes: Sequence[float] = BODY_SIZES) -> tuple[float, list[list[list[Para]]]]:  # fmt: skip
        """Size and pages of `columns` in the body placeholders of `layout` under `title` (memoised)."""
        key = (layout, title, tuple(map(tuple, columns)), tuple(sizes))
        if key not in self.fits:
            self.fits[key] = self._fit(layout, title, columns, sizes)
        return self.fits[key]

    def _fit(self, layout: str, title: str, columns: Sequence[Sequence[Para]],
             sizes: Sequence[float]) -> tuple[float, list[list[list[Para]]]]:  # fmt: skip
        first, later = (self.title_fit(layout, t)[1] for t in (title, f"{title} (suite 99)"))
        frames = [replace(self.frame(layout, i + 1, first), later=self.frame(layout, i + 1, later).height)
                  for i in range(len(columns))]  # fmt: skip
        return self.metrics.fit_columns(columns, frames, sizes)

    def save(self, when: dt.datetime) -> bytes:
        doc = self.plan.document
        props = self.prs.core_properties
        props.title = f"{doc.titre} — {doc.conseil.instance} du {format_moment(doc.conseil.date)}"
        props.subject, props.author, props.last_modified_by = doc.edition, doc.institution, doc.institution
        props.keywords, props.language, props.revision = " ; ".join(doc.devise), "fr-FR", 1
        props.created = props.modified = props.last_printed = when.astimezone(dt.UTC).replace(tzinfo=None)
        buffer = io.BytesIO()
        try:
            _save_stored(self.prs, buffer)
        except (ImportError, AttributeError):  # python-pptx's internals moved: its own, compressing writer
            buffer = io.BytesIO()
            self.prs.save(buffer)
        return buffer.getvalue()


def _save_stored(prs: Any, buffer: io.BytesIO) -> None:
    """python-pptx's package writer with entries stored, not deflated: normalise_zip deflates them once (-17 ms)."""
    import zipfile

    from pptx.opc.serialized import PackageWriter

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:

        class Stored:
            def write(self, uri: Any, blob: bytes) -> None:
                archive.writestr(uri.membername, blob)

        package = prs.part.package
        writer, target = PackageWriter(buffer, package._rels, tuple(package.iter_parts())), Stored()
        writer._write_content_types_stream(target)
        writer._write_pkg_rels(target)
        writer._write_parts(target)


def _bullet(colour: str) -> str:
    return f'<a:buClr><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:buClr>' if colour else ""


_MASTER_KIND = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}
_INSETS = (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))


def _slots(layout: Any, master: Any) -> dict[int, Slot]:
    """Measure a layout's placeholders once, following inheritance to the master in plain XML."""
    master_sps = {}
    for sp in master.iter("{*}sp"):
        ph = sp.find("{*}nvSpPr/{*}nvPr/{*}ph")
        if ph is not None:
            master_sps.setdefault(ph.get("type", "body"), sp)
    styles = master.find("{*}txStyles")
    slots = {}
    for sp in layout._element.find("{*}cSld/{*}spTree").iterchildren("{*}sp"):
        ph = sp.find("{*}nvSpPr/{*}nvPr/{*}ph")
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        base = master_sps.get(_MASTER_KIND.get(kind, kind))
        chain = [sp] if base is None else [sp, base]
        style = styles.find("{*}titleStyle" if "itle" in kind and kind != "subTitle" else "{*}bodyStyle")
        lists = [lst for e in chain if (lst := e.find("{*}txBody/{*}lstStyle")) is not None]
        lists = [lst for lst in [*lists, style] if lst.find("{*}lvl1pPr") is not None]
        xfrm = next(x for e in chain if (x := e.find("{*}spPr/{*}xfrm")) is not None)
        off, ext = xfrm.find("{*}off"), xfrm.find("{*}ext")
        bodies = [b for e in chain if (b := e.find("{*}txBody/{*}bodyPr")) is not None]
        insets = [int(next((b.get(k) for b in bodies if b.get(k)), d)) / EMU for k, d in _INSETS]
        size = next((int(r.get("sz")) / 100 for lst in lists if (r := lst.find("{*}lvl1pPr/{*}defRPr")) is not None
                     and r.get("sz")), 18.0)  # fmt: skip
        slots[int(ph.get("idx", "0"))] = Slot(
            kind,
            " ".join(f'{k}="{v}"' for k, v in ph.attrib.items()),
            sp.find("{*}nvSpPr/{*}cNvPr").get("name", ""),
            tuple(int(v) / EMU for v in (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))),  # type: ignore[arg-type]
            (insets[0], insets[1], insets[2], insets[3]),
            size,
            tuple(_levels(lists[0])),
        )
    return slots


def _levels(style: Any) -> list[Level]:
    """Indents and spacing of outline levels 1-3, read from a list style so the master can be restyled."""
    levels, first = [], 0.0
    for n in (1, 2, 3):
        ppr = style.find(f"{{*}}lvl{n}pPr") if style is not None else None
        if ppr is None:
            levels.append(levels[-1] if levels else Level())
            continue
        before = ppr.find("{*}spcBef/{*}spcPts")
        ratio = ppr.find("{*}spcBef/{*}spcPct")
        spacing = ppr.find("{*}lnSpc/{*}spcPct")
        rpr = ppr.find("{*}defRPr")
        size = int(rpr.get("sz")) / 100 if rpr is not None and rpr.get("sz") else first
        first = first or size
        levels.append(
            Level(
                indent=int(ppr.get("marL", "0")) / EMU,
                space_before=int(before.get("val")) / 100 if before is not None else 0.0,
                space_before_lines=int(ratio.get("val")) / 100000 if ratio is not None else 0.0,
                line_spacing=int(spacing.get("val")) / 100000 if spacing is not None else 1.0,
                smaller=max(0.0, first - size),
            )
        )
    return levels


def note(text: str, bold: bool = False, italic: bool = False) -> Para:
    return Para((Run(text, bold=bold, italic=italic),), bullet=False)


def compose(deck: Deck, ctx: BuildContext) -> None:
    """The slides of issue 5, in order."""
    from ..logo import logo_png

    plan, doc = deck.plan, deck.plan.document
    logo = logo_png(ctx.theme, ctx.project.output / ".cache", 800)
    meeting = f"{doc.conseil.instance} du {format_moment(doc.conseil.date)}"
    cover(deck, doc.titre, [(meeting, True), (f"{doc.institution} — {doc.edition}", False)], logo, doc.devise)
    timeline_slide(deck)
    labels = doc.libelles
    heading = {"bold": True, "colour": ctx.theme.principale}
    left = [Para((Run(labels.contexte, **heading),), flush=True, keep_with_next=True)]
    left += [Para((Run(text),)) for text in plan.demarche.contexte]
    right = [Para((Run(labels.objectifs_demarche, **heading),), flush=True, keep_with_next=True)]
    for point in plan.demarche.objectifs:
        right.append(Para((Run(point.titre),), keep_with_next=bool(point.points)))
        right += [Para((Run(sub),), level=1) for sub in point.points]
    deck.flow("Deux colonnes", labels.objectif_processus, [left, right])
    defis = []
    for defi in plan.ambition.defis:
        defis.append(Para((Run(defi.titre, bold=True),), keep_with_next=bool(defi.points)))
        defis += [Para((Run(sub),), level=1) for sub in defi.points]
    spoken = [note(text) for text in plan.ambition.introduction]
    deck.flow("Titre et contenu", labels.ambition_synoptique, [defis], notes=lambda _: spoken)
    axes_slide(deck)
    # One size for every orientation slide that fits on one, so that consecutive slides look alike.
    fits = [deck.fit("Titre et contenu", _heading(o), [_objectives(o)]) for _, o in plan.orientations()]
    cap = min((size for size, (pages,) in fits if len(pages) == 1), default=BODY_SIZES[0])
    for index, axis in enumerate(plan.axes):
        axis_slides(deck, index, axis, [s for s in BODY_SIZES if s <= cap])
    last = plan.demarche.calendrier.phases[-1]
    steps = last.jalons or last.etapes
    if steps:
        paras = [Para((Run(format_span(s.debut, s.fin), **heading), Run(f" — {s.titre}"))) for s in steps]
        deck.flow("Titre et contenu", "Prochaines étapes", [paras], notes=lambda _: [note(last.titre, bold=True)])
    cover(deck, "Merci de votre attention", [(meeting, True), (f"{doc.titre} — {doc.edition}", False)], logo,
          (doc.institution,))  # fmt: skip


def cover(deck: Deck, title: str, lines: list[tuple[str, bool]], logo: bytes, quiet: Sequence[str]) -> None:
    """Title or closing slide: subtitle lines, the logo at the bottom right."""
    paras = [Para((Run(text, bold=bold, colour=deck.theme.principale if bold else ""),), flush=True)
             for text, bold in lines]  # fmt: skip
    paras += [Para((Run(text, italic=True, colour=GREY),), flush=True) for text in quiet]
    size, (pages,) = deck.fit("Titre", title, [paras], (24.0, 22.0, 20.0, 18.0, BODY_MIN))
    if len(pages) > 1:
        raise ValueError(f"title slide text too long for one slide: {title!r}")
    page = deck.page("Titre", title)
    deck.fill(page, 1, pages[0], size)
    width, (slide_w, slide_h) = 2.6 * 72, deck.size
    pixels_w, pixels_h = struct.unpack(">II", logo[16:24])
    top = slide_h - 0.45 * 72 - 36 - width * pixels_h / pixels_w  # above the coloured band of « Titre »
    deck.picture(page, logo, (slide_w - 0.6 * 72 - width, top, width), deck.theme.logo_alt)
    deck.finish(page)


def axes_slide(deck: Deck) -> None:
    """The three axes at a glance: one coloured column per axis with its orientations."""
    plan, theme, metrics = deck.plan, deck.theme, deck.metrics
    title = plan.document.libelles.synthese
    left, top, width, _ = deck.area(deck.worst_shift("Titre seul", title))
    height = deck.footer_top("Titre seul") - 8 - top
    gap, pad, count = 12.0, 8.0, len(plan.axes)
    col = (width - gap * (count - 1)) / count
    heads = [(Run(f"Axe {a.numero}{NBSP}— ", bold=True, colour="#FFFFFF"), Run(a.titre, bold=True, colour="#FFFFFF"))
             for a in plan.axes]  # fmt: skip
    head = max(metrics.text_height(h, col - 2 * pad, 18) for h in heads) + 2 * pad
    levels = (Level(space_before=6),)
    frame = Frame(col - 2 * pad, height - head - 4 - 2 * pad, levels)
    columns = [
        [Para((Run(f"{o.numero} ", bold=True, colour=theme.axis_colour(i)), Run(o.titre_synoptique)), flush=True)
         for o in axis.orientations] for i, axis in enumerate(plan.axes)
    ]  # fmt: skip
    size, pages = metrics.fit_columns(columns, [frame] * count, (22.0, 20.0, 18.0, BODY_MIN))
    spoken = [note(plan.ambition.conclusion)] + [note(f"Axe {a.numero} — {a.titre}") for a in plan.axes]
    for n in range(max(len(column) for column in pages)):
        page = deck.page("Titre seul", title if n == 0 else f"{title} (suite{'' if n == 1 else f' {n}'})")
        for i in range(count):
            x = left + i * (col + gap)
            deck.shape(page, (x, top, col, head), [Para(heads[i], flush=True)], 18, theme.axis_colour(i), inset=pad,
                       anchor="ctr", name="Axe")  # fmt: skip
            shown = pages[i][n] if n < len(pages[i]) else []
            box = (x, top + head + 4, col, height - head - 4)
            deck.shape(page, box, shown, size, theme.fond_clair, inset=pad, name="Orientations", levels=levels)
        deck.notes(page, spoken if n == 0 else [])
        deck.finish(page)


def _heading(orientation: Any) -> str:
    return f"Orientation {orientation.numero} — {orientation.titre_synoptique}"


def _objectives(orientation: Any) -> list[Para]:
    return [Para((Run(o.titre_synoptique),), key=o) for o in orientation.objectifs]


def axis_slides(deck: Deck, index: int, axis: Any, sizes: Sequence[float]) -> None:
    """A section slide in the axis colour, then one slide (or more) per orientation with notes for the actions."""
    colour = deck.theme.axis_colour(index)
    title = f"Axe {axis.numero} — {axis.titre}"
    objectives = [o for orientation in axis.orientations for o in orientation.objectifs]
    actions = sum(1 for o in objectives for _ in o.all_actions())
    counts = " · ".join(
        (plural(len(axis.orientations), "orientation"), plural(len(objectives), "objectif"), plural(actions, "action"))
    )
    size, (pages,) = deck.fit("Section", title, [[Para((Run(counts),), flush=True)]])
    page = deck.page("Section", title)
    deck.fill(page, 1, pages[0], size)
    deck.notes(page, [note(f"{o.numero} — {o.titre}") for o in axis.orientations])
    deck.finish(page, background=_readable(colour))
    slide_h = deck.size[1]
    for orientation in axis.orientations:
        deck.flow(
            "Titre et contenu",
            _heading(orientation),
            [_objectives(orientation)],
            notes=lambda shown, o=orientation: programme(o, shown[0]),
            bullet=colour,
            decorate=lambda page: deck.shape(page, (0, 0, 8, slide_h), fill=colour),
            sizes=sizes,
        )


def programme(orientation: Any, shown: list[Para]) -> list[Para]:
    """Speaker notes: the detailed actions (sub-groups, identifiers) of the objectives that start on this slide."""
    out = [note(f"Orientation {orientation.numero} — {orientation.titre}", bold=True)]
    for para in shown:
        objective: Objective = para.key  # type: ignore[assignment]
        if objective is None or not para.bullet:
            continue
        out.append(note(f"Objectif {objective.numero} — {objective.titre_complet}", bold=True))
        out += [_action_note(action) for action in objective.actions]
        for group in objective.groupes:
            out.append(note(group.titre if group.actions else f"{group.titre} (sans action)", italic=True))
            out += [_action_note(action) for action in group.actions]
    return out


def _action_note(action: Any) -> Para:
    return note(f"• {action.id}{' (reprise)' if action.reprise else ''} — {action.texte}")


def timeline_notes(plan: Plan) -> list[Para]:
    calendar = plan.demarche.calendrier
    out = [note(f"Avancement{NBSP}: {format_moment(calendar.avancement)}", bold=True)]
    number = 0
    for phase in calendar.phases:
        out.append(note(f"{phase.titre} ({format_span(phase.debut, phase.fin)})", bold=True))
        for step in phase.etapes:
            number += 1
            detail = f" — {step.detail}" if step.detail else ""
            out.append(note(f"Étape {number}{NBSP}: {step.titre}{detail} ({format_span(step.debut, step.fin)})"))
        out += [note(f"{format_span(j.debut, j.fin)}{NBSP}: {j.titre}") for j in phase.jalons]
    return out


def _tint(colour: str, amount: float, towards: int = 255) -> str:
    """`colour` mixed with white (or black: towards=0); amount 0 = unchanged, 1 = white."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (towards - c) * amount):02X}" for c in rgb)


def _readable(colour: str) -> str:
    """The colour, darkened just enough for small white text on it (the footer) to reach WCAG's 4.5:1."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    shade = colour
    for step in range(20):
        shade = _tint(colour, step / 20, towards=0)
        if 1.05 / (luminance(shade) + 0.05) >= 4.5:
            break
    return shade


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
    number = 0
    for phase in calendar.phases:
        for s in phase.etapes:
            number += 1
            detail = (Run(s.detail, italic=True),) if s.detail else ()
            a, b = (x(f) for f in scale.span(s.debut, s.fin))
            items.append(("step", a, b, (Run(f"Étape {number}", bold=True), Run(f"{NBSP}: {s.titre}")), detail))
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
    header = _timeline_header(deck, None, calendar, scale, (left, top, width), dry=True)
    pages, used = [[]], 0.0
    for r, h in enumerate(heights):
        if used + h > bottom - top - header and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append(r)
        used += h
    for n, shown in enumerate(pages):
        page = deck.page("Titre seul", title if n == 0 else f"{title} (suite{'' if n == 1 else f' {n}'})")
        y = _timeline_header(deck, page, calendar, scale, (left, top, width))
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
                deck.shape(page, (a + 1, mid - 7, b - a - 2, 14), fill=_tint(navy, 0.35), geometry="rect")
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


def _timeline_header(deck: Deck, page: Page | None, calendar: Any, scale: Scale, area: tuple[float, float, float],
                     dry: bool = False) -> float:  # fmt: skip
    """Progress marker label and years, months, phase bars; returns the y where the rows start (or the height)."""
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
        if not dry:
            deck.shape(page, (start, y, w, line), [Para(runs, flush=True)], size, white, align=align, name="Repère")
        return start, start + w

    months = list(scale.months())
    cell = min(end - start for _, _, start, end in months) * width
    widest = max(metrics.natural_width((Run(month_abbreviation(m)),), size) for _, m, _, _ in months) + 6
    step = int(-(-widest // cell))
    spans = []
    for i, (year, month, start, _) in enumerate(months):
        if i % step == 0:
            text((Run(month_abbreviation(month)),), x(start) + step * cell / 2, top + line)
        if (i == 0 or month == 1) and (not spans or x(start) + 4 > spans[-1][1] + 6):
            spans.append(text((Run(str(year), bold=True, colour=theme.principale),), x(start) + 4, top, "l"))
    red = {"bold": True, "colour": theme.accent}
    marker = x(scale.point(calendar.avancement))
    runs = (Run(f"Avancement{NBSP}: ", **red), Run(format_moment(calendar.avancement), **red))
    w = metrics.natural_width(runs, size) + 2
    clash = any(a < marker + 3 and marker - 3 - w < b for a, b in spans)
    text(runs, marker - 3, top, "r") if not clash else None
    y = top + 2 * line + 8
    phases = [tuple(x(f) for f in scale.span(p.debut, p.fin)) for p in calendar.phases]
    lanes, pad = assign_lanes(phases), 5.0
    titles = [(Run(p.titre, bold=True, colour=white),) for p in calendar.phases]
    bar = max(metrics.text_height(t, b - a - 2 - 2 * pad, size) for t, (a, b) in zip(titles, phases, strict=True))
    bar += 2 * pad
    if not dry:
        for runs, (a, b), lane in zip(titles, phases, lanes, strict=True):
            box = (a + 1, y + lane * (bar + 4), b - a - 2, bar)
            deck.shape(page, box, [Para(runs, flush=True)], size, theme.principale, align="ctr", anchor="ctr",
                       inset=pad, name="Phase")  # fmt: skip
    y += (max(lanes) + 1) * (bar + 4) + 6
    return y - top if dry else y


@register
class PptxBuilder(Builder):
    name = "pptx"
    description = "présentation du conseil communautaire (PowerPoint 16:9, notes de l’orateur)"
    templates = ("deck/*",)
    assets = ("theme.yaml", "logo.svg", "fonts/*.ttf")

    def output_name(self, plan: Plan) -> str:
        meeting = plan.document.conseil
        return f"{slug(meeting.instance)}-{meeting.date.first_day.isoformat()}.pptx"

    def render(self, ctx: BuildContext) -> bytes:
        from ..archive import normalise_zip

        deck = Deck(ctx)
        compose(deck, ctx)
        return normalise_zip(deck.save(ctx.when), ctx.when)
