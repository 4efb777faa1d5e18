"""Regenerate templates/odf/master.odp, the slide master of the ODP deck (`python -m territoire.references.odp`).

One master page and one presentation page layout per layout of templates/deck/master.pptx (« Titre »,
« Section », « Titre et contenu », « Deux colonnes », « Titre seul »), with the same boxes, sizes and spacing:
the builder reads them back from here (territoire/odf/master.py) to measure text, so the team may also move or
restyle them in LibreOffice Impress. Rerunning this script resets the master from the PPTX master and the theme.
"""

from __future__ import annotations

import datetime as dt
import re
import sys

from ..deck.package import Slot
from ..odf.xml import style_name
from ..textfit import Level
from ..theme import Theme

TARGET = "odf/master.odp"
STAMP = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
GREY = "#5F6B7A"
WHITE = "#FFFFFF"
CLASSES = {"title": "title", "ctrTitle": "title", "body": "outline", "obj": "outline", "subTitle": "subtitle"}


def pt(value: float) -> str:
    return f"{value:.2f}pt"


def _box(box: tuple[float, float, float, float]) -> str:
    x, y, w, h = box
    return f'svg:x="{pt(x)}" svg:y="{pt(y)}" svg:width="{pt(w)}" svg:height="{pt(h)}"'


def _colours(theme: Theme, layout: str) -> tuple[str, str, str]:
    """(background, title colour, text colour) of a layout, as in the PPTX master."""
    if layout == "Titre":
        return theme.fond_clair, theme.principale, theme.texte
    if layout == "Section":
        return theme.principale, WHITE, WHITE
    return WHITE, theme.principale, theme.texte


def _display(name: str) -> str:
    """LibreOffice's display name of an encoded style name: « Titre_20_seul-title » -> « Titre seul-title »."""
    return re.sub(r"_([0-9a-f]+)_", lambda m: chr(int(m.group(1), 16)), name)


def _paragraph(level: Level, size: float) -> str:
    """Paragraph properties of an outline level: indent, space before, line spacing, as the builder measures."""
    before = level.space_before + level.space_before_lines * size * 1.2
    return (f'<style:paragraph-properties fo:margin-left="{pt(level.indent)}" fo:text-indent="0pt" fo:margin-top='
            f'"{pt(before)}" fo:margin-bottom="0pt" fo:line-height="{round(level.line_spacing * 100)}%"/>')  # fmt: skip


def _presentation_style(name: str, slot: Slot, colour: str, bold: bool, anchor: str) -> str:
    """A presentation style named as LibreOffice names them (« Titre_20_seul-title », « …-outline1 »), with the
    first level's paragraph properties; `_levels` adds the others."""
    left, top, right, bottom = slot.insets
    pad = (f'fo:padding-left="{pt(left)}" fo:padding-top="{pt(top)}" fo:padding-right="{pt(right)}" '
           f'fo:padding-bottom="{pt(bottom)}"')  # fmt: skip
    weight = ' fo:font-weight="bold"' if bold else ""
    return (
        f'<style:style style:name="{name}" style:display-name="{_display(name)}" style:family="presentation">'
        '<style:graphic-properties draw:stroke="none" '
        f'draw:fill="none" draw:auto-grow-height="false" draw:textarea-vertical-align="{anchor}" {pad}/>'
        f"{_paragraph(slot.levels[0], slot.size)}"
        f'<style:text-properties fo:font-size="{pt(slot.size)}" fo:color="{colour}"{weight}/></style:style>'
    )


def _levels(name: str, slot: Slot) -> str:
    """Outline levels 2-3 (« …-outline2 », « …-outline3 », children of « …-outline1 »)."""
    out = []
    for n, level in enumerate(slot.levels[1:3], 2):
        size = max(16.0, slot.size - level.smaller)
        out.append(f'<style:style style:name="{name}-outline{n}" style:display-name="{_display(name)}-outline{n}" '
                   f'style:family="presentation" style:parent-style-name="{name}-outline1">{_paragraph(level, size)}'
                   f'<style:text-properties fo:font-size="{pt(size)}"/>'
                   "</style:style>")  # fmt: skip
    return "".join(out)


def _footer(theme: Theme, layout: str, slot: Slot, automatic: list[str]) -> str:
    """A footer or slide-number frame of a master page (styled by automatic styles, as LibreOffice writes them)."""
    footer = slot.kind == "ftr"
    colour = WHITE if layout == "Section" else GREY if footer else theme.principale
    key = f"{'ft' if footer else 'nb'}{len(automatic)}"
    weight = "" if footer else ' fo:font-weight="bold"'
    left, top, right, bottom = slot.insets
    automatic.append(
        f'<style:style style:name="{key}" style:family="graphic"><style:graphic-properties draw:stroke="none" '
        f'draw:fill="none" draw:textarea-vertical-align="middle" fo:padding-left="{pt(left)}" fo:padding-top='
        f'"{pt(top)}" fo:padding-right="{pt(right)}" fo:padding-bottom="{pt(bottom)}"/></style:style>'
        f'<style:style style:name="{key}p" style:family="paragraph"><style:paragraph-properties fo:text-align='
        f'"{"start" if footer else "end"}"/></style:style><style:style style:name="{key}t" style:family="text">'
        f'<style:text-properties fo:font-size="12pt" fo:color="{colour}"{weight}/>'
        "</style:style>"
    )
    field = "<presentation:footer/>" if footer else "<text:page-number>‹n°›</text:page-number>"
    return (
        f'<draw:frame draw:style-name="{key}" {_box(slot.box)} '
        f'presentation:class="{"footer" if footer else "page-number"}">'
        f'<draw:text-box><text:p text:style-name="{key}p"><text:span text:style-name="{key}t">{field}</text:span>'
        "</text:p></draw:text-box></draw:frame>"
    )


def build_master(theme: Theme) -> bytes:
    """The bytes of master.odp, from the PPTX master's measured layouts and the theme."""
    from ..deck.package import Package
    from ..odf.package import blank, open_document, save
    from ..project import Project

    package = Package(Project.at().templates / "deck" / "master.pptx")  # the project's own master, restyled or not
    width, height = package.size
    styles, layouts, masters, automatic = [], [], [], []
    font = theme.police_texte
    styles.append(
        f'<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="{font}"/>'
        '</office:font-face-decls><office:styles><style:default-style style:family="graphic">'
        f'<style:text-properties style:font-name="{font}" fo:language="fr" fo:country="FR"/></style:default-style>'
    )
    for number, (layout, slots) in enumerate(package.slots.items(), 1):
        background, title_colour, text_colour = _colours(theme, layout)
        master = style_name(layout)
        automatic.append(f'<style:style style:name="dp{number}" style:family="drawing-page"><style:drawing-page-'
                         f'properties draw:fill="solid" draw:fill-color="{background}"/></style:style>')  # fmt: skip
        placeholders: list[str] = []
        frames: list[str] = []
        bodies = [slot for _, slot in sorted(slots.items()) if slot.kind not in ("ftr", "sldNum", "title", "ctrTitle")]
        for _, slot in sorted(slots.items()):
            if slot.kind in ("ftr", "sldNum"):
                frames.append(_footer(theme, layout, slot, automatic))
                continue
            kind = CLASSES.get(slot.kind, "outline")
            title = kind == "title"
            if title or slot is bodies[0]:  # one style set per master: its title, its text area (outline)
                name = f"{master}-title" if title else f"{master}-outline1"
                styles.append(_presentation_style(name, slot, title_colour if title else text_colour, title,
                                                  "bottom" if title else "top"))  # fmt: skip
                if not title:
                    styles.append(_levels(master, slot))
            placeholders.append(f'<presentation:placeholder presentation:object="{kind}" {_box(slot.box)}/>')
        # The master page's own placeholders, which Impress keeps and the builder measures: the title, and the
        # text area (both columns of « Deux colonnes » together; the subtitle of « Titre »).
        areas = [("title", slot.box) for slot in slots.values() if slot.kind in ("title", "ctrTitle")]
        if bodies:
            left, top = min(b.box[0] for b in bodies), min(b.box[1] for b in bodies)
            right = max(b.box[0] + b.box[2] for b in bodies)
            areas.append(("outline", (left, top, right - left, max(b.box[3] for b in bodies))))
        frames[:0] = [
            f'<draw:frame presentation:style-name="{master}-{"title" if kind == "title" else "outline1"}" '
            f'{_box(box)} presentation:class="{kind}" presentation:placeholder="true"><draw:text-box/></draw:frame>'
            for kind, box in areas
        ]
        layouts.append(f'<style:presentation-page-layout style:name="{master}" style:display-name="{layout}">'
                       f'{"".join(placeholders)}</style:presentation-page-layout>')  # fmt: skip
        masters.append(f'<style:master-page style:name="{master}" style:display-name="{layout}" '
                       f'style:page-layout-name="PM1" draw:style-name="dp{number}">{_decoration(width, layout)}'
                       f'{"".join(frames)}</style:master-page>')  # fmt: skip
    for i in range(3):
        automatic.append(f'<style:style style:name="band{i}" style:family="graphic"><style:graphic-properties '
                         f'draw:stroke="none" draw:fill="solid" draw:fill-color="{theme.axis_colour(i)}"/>'
                         "</style:style>")  # fmt: skip
    for name, colour in (("rule", theme.accent), ("rule-white", WHITE)):
        automatic.append(f'<style:style style:name="{name}" style:family="graphic"><style:graphic-properties '
                         f'draw:stroke="none" draw:fill="solid" draw:fill-color="{colour}"/>'
                         "</style:style>")  # fmt: skip
    automatic.append(
        f'<style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="{pt(width)}" '
        f'fo:page-height="{pt(height)}" fo:margin="0pt" style:print-orientation="landscape"/></style:page-layout>'
    )
    styles.append("".join(layouts) + "</office:styles>")
    doc = open_document(blank("presentation", "".join(styles), "".join(automatic), "".join(masters)), "masque")
    doc.meta.set_title("Masque de présentation — Projet de Territoire")
    doc.meta.set_creation_date(STAMP.replace(tzinfo=None))
    doc.meta.date = STAMP.replace(tzinfo=None)
    doc.set_language("fr-FR")
    return save(doc, STAMP)


def _decoration(width: float, layout: str) -> str:
    """The coloured bands of the axes (top of content slides, bottom of the title slide) and the short rules."""
    if layout == "Section":
        return f'<draw:rect draw:style-name="rule-white" draw:name="Filet" {_box((64.8, 309.6, 86.4, 5.04))}/>'
    third = width / 3
    top, tall = (518.4, 21.6) if layout == "Titre" else (0.0, 5.76)
    shapes = "".join(
        f'<draw:rect draw:style-name="band{i}" draw:name="Bande {i + 1}" {_box((i * third, top, third, tall))}/>'
        for i in range(3)
    )
    if layout == "Titre":
        shapes += f'<draw:rect draw:style-name="rule" draw:name="Filet" {_box((64.8, 272.16, 86.4, 5.04))}/>'
    return shapes


def main(argv: list[str] | None = None) -> int:
    """Regenerate the current project's templates/odf/master.odp (or the file named), as the Word and deck ones."""
    from . import regenerate

    return regenerate(TARGET, build_master, argv or [])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
