"""Regenerates templates/deck/master.pptx, the 16:9 slide master of the deck, from python-pptx's default template.

Run `python -m territoire.references.deck` after changing assets/theme.yaml. The builder only relies on the layout
names below; everything else (positions, sizes, colours) can then be restyled in PowerPoint without code.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from ..archive import normalise_zip
from ..deck.xml import DECORATIVE, NS
from ..theme import Theme

REFERENCE = Path("deck") / "master.pptx"
"""The slide master under templates/."""
TARGET = REFERENCE.as_posix()
IN = 914400  # EMU per inch
WIDTH, HEIGHT = 12192000, 6858000
MARGIN = int(0.6 * IN)
LAYOUTS = {  # default layout -> our name; the others are removed
    "Title Slide": "Titre",
    "Section Header": "Section",
    "Title and Content": "Titre et contenu",
    "Two Content": "Deux colonnes",
    "Title Only": "Titre seul",
}
PLACEHOLDERS = {
    "Titre": {0: "titre", 1: "sous-titre"},
    "Section": {0: "titre", 1: "texte"},
    "Titre et contenu": {0: "titre", 1: "texte"},
    "Deux colonnes": {0: "titre", 1: "colonne 1", 2: "colonne 2"},
    "Titre seul": {0: "titre"},
}
"""The layouts the deck uses, with the placeholders (by index) it fills on each: `python3 build.py check`
requires each in the master, and the deck may use no other (Deck.slot)."""
STAMP = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
FR = 'lang="fr-FR"'


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return f'<a:xfrm><a:off x="{int(x)}" y="{int(y)}"/><a:ext cx="{int(w)}" cy="{int(h)}"/></a:xfrm>'


def _fill(colour: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{colour}"/></a:solidFill>'


def _rect(id_: int, name: str, box: tuple[float, float, float, float], colour: str) -> str:
    """A decorative rectangle (marked so screen readers skip it)."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{id_}" name="{name}">{DECORATIVE}</p:cNvPr><p:cNvSpPr/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(*box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f"{_fill(colour)}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )


def _ph(id_: int, name: str, ph: str, box: tuple[float, ...] | None = None, anchor: str = "", lst: str = "",
        prompt: str = "", master: bool = False) -> str:  # fmt: skip
    geometry = (_xfrm(*box) if box else "") + ('<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>' if master else "")
    body = f' anchor="{anchor}"' if anchor else ""
    if master:
        body += ' lIns="91440" tIns="45720" rIns="91440" bIns="45720"'
    fit = "<a:normAutofit/>" if master and "body" in ph else ""
    if "slidenum" in prompt:
        field = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
        text = f'<a:fld id="{field}" type="slidenum"><a:rPr {FR}/><a:t>‹nº›</a:t></a:fld>'
    elif prompt:
        text = f"<a:r><a:rPr {FR}/><a:t>{prompt}</a:t></a:r>"
    else:
        text = ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{id_}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr><p:ph {ph}/></p:nvPr></p:nvSpPr><p:spPr>{geometry}</p:spPr><p:txBody><a:bodyPr{body}>{fit}"
        f"</a:bodyPr><a:lstStyle>{lst}</a:lstStyle><a:p>{text}<a:endParaRPr {FR}/></a:p></p:txBody></p:sp>"
    )


def _level(n: int, size: int, colour: str, extra: str = "", bold: bool = False, ppr: str = "") -> str:
    b = ' b="1"' if bold else ""
    return (
        f'<a:lvl{n}pPr{ppr}>{extra}<a:defRPr {FR} sz="{size * 100}"{b} kern="1200">{_fill(colour)}'
        f'<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl{n}pPr>'
    )


def _body_levels(font: str) -> str:
    """Outline levels: the builder reads indents and spacing back from here to measure text."""
    levels = []
    for n in range(1, 10):
        margin, indent = [(0.34, 0.34), (0.74, 0.3), (1.1, 0.26)][min(n, 3) - 1]
        margin += 0.36 * max(0, n - 3)
        before, char, size = [(12, "•", 24), (4, "–", 20), (2, "·", 18)][min(n, 3) - 1]
        ppr = f' marL="{int(margin * IN)}" indent="{-int(indent * IN)}" algn="l" defTabSz="457200"'
        extra = (
            f'<a:lnSpc><a:spcPct val="100000"/></a:lnSpc><a:spcBef><a:spcPts val="{before * 100}"/></a:spcBef>'
            f'<a:spcAft><a:spcPts val="0"/></a:spcAft><a:buClr><a:schemeClr val="tx2"/></a:buClr>'
            f'<a:buFont typeface="{font}"/><a:buChar char="{char}"/>'
        )
        levels.append(_level(n, size, "tx1", extra, ppr=ppr))
    return "".join(levels)


def _plain(size: int, colour: str, bold: bool = False, before: int = 0) -> str:
    extra = f'<a:spcBef><a:spcPts val="{before * 100}"/></a:spcBef><a:buNone/>'
    return _level(1, size, colour, extra, bold, ' marL="0" indent="0" algn="l"')


def _master_tree() -> str:
    third = WIDTH // 3
    band = "".join(
        _rect(10 + i, f"Bande {i + 1}", (i * third, 0, third, 0.08 * IN), f"accent{i + 1}") for i in (0, 1, 2)
    )
    content_w = WIDTH - 2 * MARGIN
    latin = '<a:latin typeface="+mn-lt"/>'
    grey = '<a:solidFill><a:srgbClr val="5F6B7A"/></a:solidFill>'
    footer = f'<a:lvl1pPr algn="l"><a:defRPr {FR} sz="1200">{grey}{latin}</a:defRPr></a:lvl1pPr>'
    number = f'<a:lvl1pPr algn="r"><a:defRPr {FR} sz="1200" b="1">{_fill("tx2")}{latin}</a:defRPr></a:lvl1pPr>'
    return band + "".join(
        [
            _ph(2, "Titre", 'type="title"', (MARGIN, 0.3 * IN, content_w, 1.15 * IN), "b", "",
                "Modifiez le style du titre", master=True),
            _ph(3, "Texte", 'type="body" idx="1"', (MARGIN, 1.6 * IN, content_w, 4.95 * IN), "t", "",
                "Modifiez les styles du texte du masque", master=True),
            _ph(5, "Pied de page", 'type="ftr" sz="quarter" idx="3"', (MARGIN, 6.88 * IN, 9 * IN, 0.42 * IN), "ctr",
                footer, master=True),
            _ph(6, "Numéro de diapositive", 'type="sldNum" sz="quarter" idx="4"',
                (WIDTH - MARGIN - 1.5 * IN, 6.88 * IN, 1.5 * IN, 0.42 * IN), "ctr", number, "slidenum", master=True),
        ]
    )  # fmt: skip


def _footers(white: bool = False) -> str:
    colour = f"<a:lvl1pPr><a:defRPr>{_fill('bg1')}</a:defRPr></a:lvl1pPr>" if white else ""
    return _ph(20, "Pied de page", 'type="ftr" sz="quarter" idx="11"', lst=colour) + _ph(
        21, "Numéro de diapositive", 'type="sldNum" sz="quarter" idx="12"', lst=colour, prompt="slidenum"
    )


def _layout_tree(name: str) -> tuple[str, str]:
    """(background, shapes) of one layout."""
    title, body = "Modifiez le style du titre", "Modifiez les styles du texte"
    half = (WIDTH - 2 * MARGIN - int(0.4 * IN)) // 2
    if name == "Titre":
        band = "".join(
            _rect(10 + i, f"Bande {i + 1}", (i * (WIDTH // 3), 7.2 * IN, WIDTH // 3, 0.3 * IN), f"accent{i + 1}")
            for i in range(3)
        )
        return _fill("bg2"), band + _rect(13, "Filet", (0.9 * IN, 3.78 * IN, 1.2 * IN, 0.07 * IN), "accent4") + (
            _ph(2, "Titre", 'type="ctrTitle"', (0.9 * IN, 1.3 * IN, 11.5 * IN, 2.3 * IN), "b",
                _plain(54, "tx2", bold=True), title)
            + _ph(3, "Sous-titre", 'type="subTitle" idx="1"', (0.9 * IN, 4.0 * IN, 8.6 * IN, 2.0 * IN), "t",
                  _plain(24, "tx1", before=6), body)
        )  # fmt: skip
    if name == "Section":
        return _fill("tx2"), _rect(13, "Filet", (0.9 * IN, 4.3 * IN, 1.2 * IN, 0.07 * IN), "bg1") + (
            _ph(2, "Titre", 'type="title"', (0.9 * IN, 1.6 * IN, 11.5 * IN, 2.5 * IN), "b", _plain(40, "bg1", True),
                title)
            + _ph(3, "Texte", 'type="body" idx="1"', (0.9 * IN, 4.55 * IN, 11.5 * IN, 1.6 * IN), "t",
                  _plain(24, "bg1", before=6), body)
            + _footers(white=True)
        )  # fmt: skip
    shapes = _ph(2, "Titre", 'type="title"', prompt=title)
    if name == "Titre et contenu":
        shapes += _ph(3, "Texte", 'type="body" idx="1"', prompt=body)
    if name == "Deux colonnes":
        for i in range(2):
            box = (MARGIN + i * (half + 0.4 * IN), 1.6 * IN, half, 4.95 * IN)
            shapes += _ph(3 + i, f"Colonne {i + 1}", f'type="body" sz="half" idx="{i + 1}"', box, prompt=body)
    return "", shapes + _footers()


def _replace_tree(element, shapes: str) -> None:  # type: ignore[no-untyped-def]
    from pptx.oxml import parse_xml

    tree = element.find(".//{*}cSld/{*}spTree")
    for child in list(tree)[2:]:  # keep nvGrpSpPr and grpSpPr
        tree.remove(child)
    for shape in parse_xml(f"<p:spTree {NS}>{shapes}</p:spTree>"):
        tree.append(shape)


def _set_background(element, fill: str) -> None:  # type: ignore[no-untyped-def]
    from pptx.oxml import parse_xml

    c_sld = element.find("{*}cSld")
    for old in c_sld.findall("{*}bg"):
        c_sld.remove(old)
    if fill:
        c_sld.insert(0, parse_xml(f"<p:bg {NS}><p:bgPr>{fill}<a:effectLst/></p:bgPr></p:bg>"))


def _theme_xml(xml: str, theme: Theme) -> str:
    """Colour scheme and font scheme from assets/theme.yaml (so PowerPoint's palette offers them)."""
    import re

    colours = {
        "dk1": theme.texte, "lt1": "#FFFFFF", "dk2": theme.principale, "lt2": theme.fond_clair,
        "accent1": theme.axis_colour(0), "accent2": theme.axis_colour(1), "accent3": theme.axis_colour(2),
        "accent4": theme.accent, "accent5": theme.principale, "accent6": theme.discret,
        "hlink": theme.principale, "folHlink": theme.accent,
    }  # fmt: skip
    for slot, value in colours.items():
        xml = re.sub(rf"<a:{slot}>.*?</a:{slot}>", f'<a:{slot}><a:srgbClr val="{value[1:]}"/></a:{slot}>', xml)
    xml = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*', rf"\g<1>{theme.police_texte}", xml)
    return xml.replace('name="Office Theme"', 'name="Projet de Territoire"')


def build_master(theme: Theme) -> bytes:
    """The bytes of master.pptx for `theme`."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDTH), Emu(HEIGHT)
    pres = prs.part._element
    pres.find("{*}sldSz").attrib.pop("type", None)
    for rpr in pres.iter("{*}defRPr"):
        rpr.set("lang", "fr-FR")
    master = prs.slide_master
    _replace_tree(master._element, _master_tree())
    styles = master._element.find("{*}txStyles")
    from pptx.oxml import parse_xml

    for tag, levels in (
        ("titleStyle", _plain(28, "tx2", bold=True).replace("+mn-", "+mj-")),
        ("bodyStyle", _body_levels(theme.police_texte)),
        ("otherStyle", _level(1, 18, "tx1")),
    ):
        old = styles.find(f"{{*}}{tag}")
        styles.replace(old, parse_xml(f"<p:{tag} {NS}><a:defPPr><a:defRPr {FR}/></a:defPPr>{levels}</p:{tag}>"))
    for layout in list(prs.slide_layouts):
        if layout.name not in LAYOUTS:
            prs.slide_layouts.remove(layout)
            continue
        name = LAYOUTS[layout.name]
        layout._element.find("{*}cSld").set("name", name)
        background, shapes = _layout_tree(name)
        _set_background(layout._element, background)
        _replace_tree(layout._element, shapes)
        if name in ("Titre", "Section"):
            layout._element.set("showMasterSp", "0")
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme_part = master.part.part_related_by(RT.THEME)
    theme_part._blob = _theme_xml(theme_part.blob.decode("utf-8"), theme).encode("utf-8")
    _notes_master(prs, theme)
    _drop_defaults(prs)
    props = prs.core_properties
    props.title, props.author = "Masque de présentation — Projet de Territoire", theme.logo_alt
    props.last_modified_by, props.language, props.revision = theme.logo_alt, "fr-FR", 1
    props.created = props.modified = props.last_printed = STAMP.replace(tzinfo=None)
    buffer = io.BytesIO()
    prs.save(buffer)
    return normalise_zip(buffer.getvalue(), STAMP)


def _drop_defaults(prs) -> None:  # type: ignore[no-untyped-def]
    """Leave out the default template's thumbnail (a blank 4:3 slide) and Mac printer settings; say 16:9."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    for owner, kinds in ((prs.part.package, (RT.THUMBNAIL,)), (prs.part, (RT.PRINTER_SETTINGS,))):
        for rid in [rid for rid, rel in owner._rels.items() if rel.reltype in kinds]:
            owner._rels.pop(rid)
    app = prs.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    text = app.blob.decode("utf-8").replace("On-screen Show (4:3)", "Widescreen")
    app._blob = text.replace("Office Theme", "Projet de Territoire").encode("utf-8")


def _notes_master(prs, theme: Theme) -> None:  # type: ignore[no-untyped-def]
    """A 16:9 slide image on the notes pages, and French notes in the theme font."""
    notes = prs.notes_master._element
    for ph in notes.iter("{*}sp"):
        if ph.find(".//{*}ph").get("type") == "sldImg":
            ph.find(".//{*}off").set("x", "381000")
            ph.find(".//{*}ext").set("cx", "6096000")
    for rpr in notes.iter("{*}defRPr"):
        rpr.set("lang", "fr-FR")
    for latin in notes.iter("{*}latin"):
        latin.set("typeface", theme.police_texte)


def main(argv: list[str] | None = None) -> int:
    """Write templates/deck/master.pptx (or the path given) from assets/theme.yaml."""
    from . import regenerate

    return regenerate(TARGET, build_master, argv or [])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
