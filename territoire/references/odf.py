"""Regenerate templates/odf/reference.odt, the styles the ODT builder opens (`python -m territoire.references.odf`).

The ODF twin of templates/word/reference.docx: the same style names (« Heading 1 », « Partie », « Cellule »…),
looked up by name, so the team restyles the reference in LibreOffice without code; rerunning this script
resets it from the theme.
"""

from __future__ import annotations

import datetime as dt
import sys

from ..theme import Theme

TARGET = "odf/reference.odt"
STAMP = dt.datetime(2018, 6, 28, 12, 0, tzinfo=dt.UTC)  # fixed, so regenerating gives the same bytes
LINE, WHITE = "#C9CED6", "#FFFFFF"
PAGE = {"width": 21.0, "height": 29.7, "top": 1.5, "side": 2.0, "bottom": 1.5}  # A4, cm
TEXT_WIDTH = PAGE["width"] - 2 * PAGE["side"]
LISTS = (("Puces", "•", 0.5), ("Puces 2", "◦", 1.0), ("Tirets", "–", 0.5))
"""List styles: name, bullet, indent (cm)."""


def _name(display: str) -> str:
    from ..odf.xml import style_name

    return style_name(display)


def _text(size: float = 0, colour: str = "", bold: bool = False, italic: bool = False, caps: bool = False) -> str:
    parts = [f'fo:font-size="{size}pt"' if size else "", f'fo:color="{colour}"' if colour else ""]
    parts += ['fo:font-weight="bold"' if bold else "", 'fo:font-style="italic"' if italic else ""]
    parts.append('fo:text-transform="uppercase"' if caps else "")
    attrs = " ".join(p for p in parts if p)
    return f"<style:text-properties {attrs}/>" if attrs else ""


def _para(before: float = -1, after: float = -1, keep: bool = False, page: bool = False, rule: str = "",
          indent: float = 0, tabs: str = "", line: int = 0) -> str:  # fmt: skip
    """Paragraph properties; lengths in points (indent in cm)."""
    parts = [
        f'fo:margin-top="{before}pt"' if before >= 0 else "",
        f'fo:margin-bottom="{after}pt"' if after >= 0 else "",
    ]
    parts += ['fo:keep-with-next="always"' if keep else "", 'fo:break-before="page"' if page else ""]
    parts += [f'fo:border-bottom="1.5pt solid {rule}" fo:padding-bottom="4pt"' if rule else ""]
    parts += [f'fo:margin-left="{indent}cm"' if indent else "", f'fo:line-height="{line}%"' if line else ""]
    attrs = " ".join(p for p in parts if p)
    if not attrs and not tabs:
        return ""
    stops = f"<style:tab-stops>{tabs}</style:tab-stops>" if tabs else ""
    return f"<style:paragraph-properties {attrs}>{stops}</style:paragraph-properties>"


def _style(display: str, family: str, parent: str, body: str, extra: str = "") -> str:
    parent_attr = f' style:parent-style-name="{_name(parent)}"' if parent else ""
    return (
        f'<style:style style:name="{_name(display)}" style:display-name="{display}" style:family="{family}"'
        f"{parent_attr}{extra}>{body}</style:style>"
    )


def styles(theme: Theme) -> str:
    """office:font-face-decls and office:styles: French defaults, the builders' styles, lists, outline."""
    main, accent, font = theme.principale, theme.accent, theme.police_texte
    grey = theme.discret  # headers, footers and action IDs: discreet by size, readable by contrast
    tabs = (f'<style:tab-stop style:position="{TEXT_WIDTH / 2}cm" style:type="center"/>'
            f'<style:tab-stop style:position="{TEXT_WIDTH}cm" style:type="right"/>')  # fmt: skip

    def title(size: float) -> str:
        return _text(size, main, True)

    paragraphs = (
        ("Title", _para(120, 8) + title(32)),
        ("Subtitle", _para(after=2) + _text(13, accent, True, caps=True)),
        ("Heading 1", _para(0, 12, True, True, accent) + title(18)),
        ("Heading 2", _para(18, 6, True) + title(13)),
        ("Heading 3", _para(3, 3, True) + title(10)),
        ("Partie", _para(0, 10, True, True, accent) + title(18)),
        ("Sous-partie", _para(12, 4, True) + title(12)),
        ("Couverture", _para(after=3) + _text(12, main)),
        ("Mise en avant", _para(after=6, keep=True) + _text(11, accent, True)),
        ("List Bullet", _para(after=2)),
        ("List Bullet 2", _para(after=2)),
        ("Liste cellule", _para(0, 0) + _text(9)),
        ("Sous-groupe", _para(4, 2) + _text(0, main, True)),
        ("Cellule", _para(0, 1, line=100) + _text(9)),
        ("Cellule titre", _para(2, 1) + _text(0, main, True)),
        ("En-tête de tableau", _text(9, WHITE, True)),
        ("Header", _para(0, 0, tabs=tabs) + _text(8, grey)),
        ("Footer", _para(0, 0, tabs=tabs) + _text(8, grey)),
        ("TOC Heading", _para(0, 12, page=True) + title(18)),
        ("Contents 1", _para(6, 2) + _text(0, main, True)),
        ("Contents 2", _para(after=1, indent=0.5)),
    )
    parents = {"Liste cellule": "List Bullet", "Cellule titre": "Cellule", "En-tête de tableau": "Cellule"}
    out = [
        f'<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="{font}" '
        'style:font-family-generic="swiss" style:font-pitch="variable"/></office:font-face-decls><office:styles>',
        '<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0pt" '
        'fo:margin-bottom="6pt" fo:line-height="110%" fo:hyphenation-ladder-count="no-limit"/>'
        f'<style:text-properties style:font-name="{font}" fo:font-size="10pt" fo:color="{theme.texte}" '
        'fo:language="fr" fo:country="FR" fo:hyphenate="false"/></style:default-style>',
        '<style:default-style style:family="table-cell"><style:text-properties fo:language="fr" fo:country="FR"/>'
        "</style:default-style>",
        _style("Normal", "paragraph", "", "", ' style:class="text"'),
        *(_style(name, "paragraph", parents.get(name, "Normal"), body) for name, body in paragraphs),
        _style("Identifiant action", "text", "", _text(7.5, grey)),
        _style("Fort", "text", "", _text(bold=True)),
    ]
    for name, bullet, indent in LISTS:
        out.append(
            f'<text:list-style style:name="{_name(name)}" style:display-name="{name}"><text:list-level-style-bullet '
            f'text:level="1" text:bullet-char="{bullet}"><style:list-level-properties '
            'text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment '
            f'text:label-followed-by="listtab" text:list-tab-stop-position="{indent}cm" fo:text-indent="-0.4cm" '
            f'fo:margin-left="{indent}cm"/></style:list-level-properties><style:text-properties fo:color="{main}"/>'
            "</text:list-level-style-bullet></text:list-style>"
        )
    levels = "".join(f'<text:outline-level-style text:level="{n}" style:num-format=""/>' for n in range(1, 11))
    out.append(f'<text:outline-style style:name="Outline">{levels}</text:outline-style></office:styles>')
    return "".join(out)


def masters() -> tuple[str, str]:
    """The page layout (A4) and two master pages: « Standard » with header and footer, « Couverture » without."""
    size = (f'fo:page-width="{PAGE["width"]}cm" fo:page-height="{PAGE["height"]}cm" style:print-orientation='
            f'"portrait" fo:margin-top="{PAGE["top"]}cm" fo:margin-bottom="{PAGE["bottom"]}cm" '
            f'fo:margin-left="{PAGE["side"]}cm" fo:margin-right="{PAGE["side"]}cm"')  # fmt: skip
    band = '<style:header-footer-properties fo:min-height="0.6cm" fo:margin-{}="0.4cm"/>'
    automatic = (
        f'<style:page-layout style:name="A4"><style:page-layout-properties {size}/><style:header-style>'
        f"{band.format('bottom')}</style:header-style><style:footer-style>{band.format('top')}</style:footer-style>"
        f'</style:page-layout><style:page-layout style:name="A4nu"><style:page-layout-properties {size}/>'
        "</style:page-layout>"
    )
    pages = (
        '<style:master-page style:name="Standard" style:page-layout-name="A4"><style:header>'
        '<text:p text:style-name="Header"/></style:header><style:footer><text:p text:style-name="Footer"/>'
        '</style:footer></style:master-page><style:master-page style:name="Couverture" '
        'style:page-layout-name="A4nu" style:next-style-name="Standard"/>'
    )
    return automatic, pages


SAMPLES = (
    ("Title", "Titre du document"), ("Subtitle", "Devise"), ("Couverture", "Mentions de couverture"),
    ("TOC Heading", "Sommaire"), ("Partie", "Partie (rubrique de la brochure)"), ("Sous-partie", "Sous-partie"),
    ("Mise en avant", "Texte mis en avant"), ("Normal", "Texte courant."), ("Heading 1", "Titre 1 : axe"),
    ("Heading 2", "Titre 2 : orientation"), ("Heading 3", "Titre 3 : objectif"), ("List Bullet", "Action"),
    ("Liste cellule", "Élément de liste dans un tableau"), ("Sous-groupe", "Sous-groupe d’actions"),
    ("List Bullet 2", "Action d’un sous-groupe"), ("Cellule", "Cellule"), ("Cellule titre", "Cellule titre"),
)  # fmt: skip
"""A body showing each style, so the team can restyle them in LibreOffice (builders discard this body)."""


def _body(theme: Theme) -> tuple[str, str]:
    """(automatic styles, body) of the samples: every style, then the sample table that styles the cells."""
    from ..odf.writer import SAMPLE_TABLE
    from ..odf.xml import heading, paragraph, span

    out = []
    for style, text in SAMPLES:
        level = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3}.get(style)
        out.append(heading(_name(style), level, span(text)) if level else paragraph(_name(style), span(text)))
    out.append(paragraph(_name("List Bullet"), span("Action") + span(" [A000]", _name("Identifiant action"))))
    cell = (f'fo:border="0.5pt solid {LINE}" fo:padding-top="0.1cm" fo:padding-bottom="0.1cm" '
            'fo:padding-left="0.15cm" fo:padding-right="0.15cm"')  # fmt: skip
    styles = (
        f'<style:style style:name="Entete" style:family="table-cell"><style:table-cell-properties {cell} '
        f'fo:background-color="{theme.principale}"/></style:style><style:style style:name="Corps" '
        f'style:family="table-cell"><style:table-cell-properties {cell}/></style:style>'
    )
    cells = (("Entete", "En-tête de tableau", "En-tête (bordures, marges, fond)"), ("Corps", "Cellule", "Cellule"))
    rows = "".join(
        f'<table:table-row><table:table-cell table:style-name="{style}">{paragraph(_name(p), span(text))}'
        "</table:table-cell></table:table-row>"
        for style, p, text in cells
    )
    out.append(f'<table:table table:name="{SAMPLE_TABLE}"><table:table-column/>{rows}</table:table>')
    return styles, "".join(out)


def build_reference(theme: Theme) -> bytes:
    """The reference document, written as strict ODF and saved through odfdo like the builders' outputs."""
    from ..odf.package import blank, open_document, save

    automatic, pages = masters()
    samples, body = _body(theme)
    doc = open_document(blank("text", styles(theme), automatic, pages, body, samples), "document de référence")
    doc.meta.set_title("Document de référence (styles ODF)")
    doc.meta.set_description("Styles des documents ODF du Projet de Territoire : modifiez-les ici, pas dans le code.")
    doc.meta.set_creation_date(STAMP.replace(tzinfo=None))
    doc.meta.date = STAMP.replace(tzinfo=None)
    doc.set_language("fr-FR")
    return save(doc, STAMP)


def main(argv: list[str] | None = None) -> int:
    """Regenerate the current project's templates/odf/reference.odt (or the file named), as the Word and deck ones."""
    from . import regenerate

    return regenerate(TARGET, build_reference, argv or [])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
