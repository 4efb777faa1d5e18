"""The PPTX package through python-pptx: the master opened, its layouts measured, parts added, deterministic save."""

from __future__ import annotations

import datetime as dt
import io
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..model import Document
from ..textfit import Level
from ..typography import format_moment
from .xml import EMU, shape_tree


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


class Package:
    """The presentation opened on the master: layouts by name, their placeholders measured, slides and parts added."""

    def __init__(self, master: Path) -> None:
        from pptx import Presentation
        from pptx.oxml import parse_xml

        self.parse = parse_xml
        self.prs = Presentation(str(master))
        self.layouts = {layout.name: layout for layout in self.prs.slide_layouts}
        element = self.prs.slide_master._element
        self.slots = {name: _slots(layout, element) for name, layout in self.layouts.items()}
        width, height = self.prs.slide_width, self.prs.slide_height
        if width is None or height is None:
            raise UserError(
                f"{master} n'indique pas la taille des diapositives "
                "(régénérez-le : python -m territoire.references.deck)"
            )
        self.size = (width / EMU, height / EMU)
        self.notes_count = 0
        self.images: dict[bytes, Any] = {}

    def add_slide(self, layout: str) -> Any:
        """A new slide on `layout`, without placeholder cloning: Deck.finish() writes them."""
        rid, slide = self.prs.part.add_slide(self.layouts[layout])
        self.prs.slides._sldIdLst.add_sldId(rid)
        return slide

    def relate_png(self, slide: Any, png: bytes) -> str:
        """The relationship id of `png` from `slide`, stored once however many slides show it.

        Built by hand: python-pptx's add_picture opens the image with Pillow, whose plugins cost ~20 ms to load."""
        from pptx.opc.constants import RELATIONSHIP_TYPE
        from pptx.parts.image import ImagePart

        if png not in self.images:
            name = self.prs.part.package.next_image_partname("png")
            self.images[png] = ImagePart(name, "image/png", self.prs.part.package, png, "logo.png")
        return slide.part.relate_to(self.images[png], RELATIONSHIP_TYPE.IMAGE)

    def add_notes(self, slide: Any, xml: str) -> None:
        """Speaker notes, related as python-pptx would but without cloning the notes master through XPath."""
        from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from pptx.opc.packuri import PackURI
        from pptx.parts.slide import NotesSlidePart

        self.notes_count += 1
        element = self.parse(xml)
        name = PackURI(f"/ppt/notesSlides/notesSlide{self.notes_count}.xml")
        part = NotesSlidePart(name, CONTENT_TYPE.PML_NOTES_SLIDE, self.prs.part.package, element)
        part.relate_to(self.prs.part.notes_master_part, RELATIONSHIP_TYPE.NOTES_MASTER)
        part.relate_to(slide.part, RELATIONSHIP_TYPE.SLIDE)
        slide.part.relate_to(part, RELATIONSHIP_TYPE.NOTES_SLIDE)

    def append(self, slide: Any, fragment: str, background: str = "") -> None:
        """Parse the shapes of `fragment` onto `slide`, in order; a solid #RRGGBB background if given."""
        tree = slide.shapes._spTree
        for element in list(self.parse(shape_tree(fragment))):
            tree.append(element)
        if background:
            from pptx.dml.color import RGBColor

            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = RGBColor.from_string(background.lstrip("#"))

    def save(self, doc: Document, when: dt.datetime) -> bytes:
        """The package with its properties, as deterministic bytes (archive.normalise_zip)."""
        from ..archive import normalise_zip

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
        return normalise_zip(buffer.getvalue(), when)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG IHDR chunk."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _save_stored(prs: Any, buffer: io.BytesIO) -> None:
    """python-pptx's package writer with entries stored, not deflated: normalise_zip deflates them once (-17 ms)."""
    import zipfile

    from pptx.opc.serialized import PackageWriter

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:

        class Stored:
            def write(self, uri: Any, blob: bytes) -> None:
                archive.writestr(uri.membername, blob)

        package = prs.part.package
        writer = PackageWriter(buffer, package._rels, tuple(package.iter_parts()))
        target: Any = Stored()  # stands in for python-pptx's private _PhysPkgWriter: only write() is called
        writer._write_content_types_stream(target)
        writer._write_pkg_rels(target)
        writer._write_parts(target)


MASTER_KIND = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}
_INSETS = (("lIns", 91440), ("tIns", 45720), ("rIns", 91440), ("bIns", 45720))


def _slots(layout: Any, master: Any) -> dict[int, Slot]:
    """Measure a layout's placeholders once, following inheritance to the master in plain XML."""
    master_sps: dict[str, Any] = {}
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
        base = master_sps.get(MASTER_KIND.get(kind, kind))
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
    levels: list[Level] = []
    first = 0.0
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
