"""templates/odf/master.odp measured: for each layout, its placeholders' boxes, insets, sizes and outline levels."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

from ..deck.package import Slot
from ..errors import UserError
from ..textfit import Level
from .package import NS

MASTER = Path("odf") / "master.odp"
_LENGTH = re.compile(r"(-?[\d.]+)(pt|cm|mm|in)")
_UNITS = {"pt": 1.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0}
TWO_COLUMNS = frozenset({"Deux colonnes"})
"""Layouts whose text area holds two columns side by side (as in the PPTX master and Impress's layouts)."""
SUBTITLED, NO_BODY = frozenset({"Titre"}), frozenset({"Titre seul"})
COLUMN_GAP = 28.8
"""Points between the two columns, as in the PPTX master."""


def _columns(box: tuple[float, float, float, float], count: int) -> list[tuple[float, float, float, float]]:
    left, top, width, height = box
    column = (width - COLUMN_GAP * (count - 1)) / count
    return [(left + n * (column + COLUMN_GAP), top, column, height) for n in range(count)]


def points(value: str | None, default: float = 0.0) -> float:
    """An ODF length (« 12pt », « 1.5cm ») in points."""
    match = _LENGTH.fullmatch(value or "")
    return float(match.group(1)) * _UNITS[match.group(2)] if match else default


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def read_master(path: Path) -> tuple[dict[str, dict[int, Slot]], tuple[float, float], dict[str, str]]:
    """(slots by layout display name, slide size in points, master page name by layout display name), read from
    the master pages' own frames (title, text area, footer, slide number), which LibreOffice Impress keeps."""
    from lxml import etree

    if not path.is_file():
        raise UserError(f"masque introuvable : {path} (régénérez-le : python -m territoire.references.odp)")
    with zipfile.ZipFile(path) as package:
        data = package.read("styles.xml")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    styles = {s.get(_q("style:name")): s for s in root.iter(_q("style:style"))}

    def style(name: str | None) -> etree._Element | None:
        return styles.get(name) if name else None

    def prop(element: etree._Element | None, kind: str, name: str) -> str | None:
        found = element.find(_q(f"style:{kind}-properties")) if element is not None else None
        return found.get(_q(name)) if found is not None else None

    def slot(kind: str, display: str, element: etree._Element, style_name: str) -> Slot:
        box = tuple(points(element.get(_q(f"svg:{a}"))) for a in ("x", "y", "width", "height"))
        own = style(style_name)
        insets = tuple(
            points(prop(own, "graphic", f"fo:padding-{side}")) for side in ("left", "top", "right", "bottom")
        )
        size = points(prop(own, "text", "fo:font-size"), 18.0)
        levels = []
        for n in (1, 2, 3):
            level = own if n == 1 else style(f"{style_name[:-1]}{n}") if style_name.endswith("-outline1") else None
            if level is None:
                break
            level_size = points(prop(level, "text", "fo:font-size"), size)
            spacing = (prop(level, "paragraph", "fo:line-height") or "100%").rstrip("%")
            levels.append(Level(indent=points(prop(level, "paragraph", "fo:margin-left")),
                                space_before=points(prop(level, "paragraph", "fo:margin-top")),
                                line_spacing=float(spacing) / 100, smaller=max(0.0, size - level_size)))  # fmt: skip
        return Slot(kind, style_name, display, box, insets, size, tuple(levels) or (Level(),))  # type: ignore[arg-type]

    slots: dict[str, dict[int, Slot]] = {}
    names: dict[str, str] = {}
    layout_name = ""
    for page in root.iter(_q("style:master-page")):
        display = page.get(_q("style:display-name")) or page.get(_q("style:name"), "")
        names[display] = page.get(_q("style:name"), "")
        layout_name = layout_name or page.get(_q("style:page-layout-name"), "")
        own = slots.setdefault(display, {})
        area = None
        for frame in page.iterchildren(_q("draw:frame")):  # not those of the notes page inside it
            kind = frame.get(_q("presentation:class"), "")
            style_name = frame.get(_q("presentation:style-name")) or frame.get(_q("draw:style-name"), "")
            if kind == "title":
                own[0] = slot("title", display, frame, style_name)
            elif kind in ("outline", "subtitle"):
                area = slot("body", display, frame, style_name)
            elif kind in ("footer", "page-number"):
                own[10 + len(own)] = slot("ftr" if kind == "footer" else "sldNum", display, frame, style_name)
        if area is not None and display not in NO_BODY:
            for idx, box in enumerate(_columns(area.box, 2 if display in TWO_COLUMNS else 1), 1):
                own[idx] = replace(area, kind="subTitle" if display in SUBTITLED else "body", box=box)
    for layout_props in root.iter(_q("style:page-layout")):
        if layout_props.get(_q("style:name")) == layout_name:
            props = layout_props.find(_q("style:page-layout-properties"))
            width, height = points(props.get(_q("fo:page-width"))), points(props.get(_q("fo:page-height")))
    return slots, (width, height), names
