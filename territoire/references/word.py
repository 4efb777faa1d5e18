"""Regenerate templates/word/reference.docx, the Word styles every DOCX builder opens (`python -m ...word`).

Like pandoc's --reference-doc: the builders look styles up by name and never hard-code formatting, so the team
may also restyle the reference directly in Word; rerunning this script resets it from the theme.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from ..archive import normalise_zip
from ..theme import Theme

REFERENCE = Path("word") / "reference.docx"
"""The reference document under templates/."""
TARGET = REFERENCE.as_posix()
STYLES = (
    "Normal", "Title", "Subtitle", "Couverture", "Heading 1", "Heading 2", "Heading 3", "Partie", "Sous-partie",
    "Mise en avant", "List Bullet", "List Bullet 2", "Liste cellule", "Sous-groupe", "Cellule", "Cellule titre",
    "En-tête de tableau", "Identifiant action", "Tableau Projet", "TOC Heading", "toc 1", "toc 2", "Header", "Footer",
)  # fmt: skip
"""Every style the DOCX builders use, by its name in Word: `python3 build.py check` requires each in the
reference, and the builders may use no other (WordDocument.style)."""
STAMP = dt.datetime(2018, 6, 28, 12, 0, tzinfo=dt.UTC)  # fixed, so regenerating gives the same bytes
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LANG = '<w:lang w:val="fr-FR" w:eastAsia="en-US" w:bidi="ar-SA"/>'
LINE, WHITE = "C9CED6", "FFFFFF"
PAGE = {"w": 11906, "h": 16838, "top": 1418, "side": 1134, "bottom": 1418, "hf": 709}  # A4, twips
DROPPED_RELATIONS = ("stylesWithEffects", "webSettings", "customXml", "thumbnail")
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
    'officeDocument/2006/extended-properties"><Template>reference.docx</Template><Application>Projet de Territoire '
    "(python-docx)</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false"
    "</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
LISTS = (("ListBullet", "•", 284), ("ListBullet2", "◦", 568), ("Sousgroupe", "–", 284))
"""numId 1-3: paragraph style, bullet, left indent (twips)."""


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _ppr(keep: bool = False, page: bool = False, num: int = 0, rule: str = "", ind: int = 0, outline: int = -1,
         **spacing: int) -> str:  # fmt: skip
    """A w:pPr, children in schema order: keepNext, keepLines, pageBreakBefore, numPr, pBdr, spacing, ind…"""
    parts = ["<w:keepNext/><w:keepLines/>" if keep else "", "<w:pageBreakBefore/>" if page else ""]
    parts.append(f'<w:numPr><w:numId w:val="{num}"/></w:numPr>' if num else "")
    parts.append(f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="{rule}"/></w:pBdr>' if rule else "")
    attributes: dict[str, int | str] = {**spacing, "lineRule": "auto"} if "line" in spacing else dict(spacing)
    parts.append("<w:spacing" + "".join(f' w:{k}="{v}"' for k, v in attributes.items()) + "/>" if spacing else "")
    parts.append(f'<w:ind w:left="{ind}"/>' if ind else "")
    parts.append(f'<w:outlineLvl w:val="{outline}"/>' if outline >= 0 else "")
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def _rpr(size: int = 0, colour: str = "", bold: bool = False, fonts: str = "", effect: str = "") -> str:
    """A w:rPr in schema order: rFonts, b, caps/noProof (effect), color, sz."""
    parts = [fonts, "<w:b/><w:bCs/>" if bold else "", effect, f'<w:color w:val="{colour}"/>' if colour else ""]
    parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>' if size else "")
    return f"<w:rPr>{''.join(parts)}</w:rPr>"


def _style(kind: str, sid: str, name: str, based: str, builtin: bool, body: str, default: bool = False) -> str:
    """One w:style, children in schema order: name, basedOn, next, uiPriority, qFormat, pPr, rPr, tblPr…"""
    attrs = (' w:default="1"' if default else "") + ("" if builtin else ' w:customStyle="1"')
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    following = '<w:next w:val="Normal"/>' if kind == "paragraph" and based else ""
    return (
        f'<w:style w:type="{kind}"{attrs} w:styleId="{sid}"><w:name w:val="{name}"/>{based_on}{following}'
        f'<w:uiPriority w:val="{9 if builtin else 10}"/><w:qFormat/>{body}</w:style>'
    )


def styles_xml(theme: Theme, latent: str) -> str:
    """The styles part: French docDefaults, built-in styles restyled from the theme, the project's own styles."""
    main, accent = _hex(theme.principale), _hex(theme.accent)
    grey = _hex(theme.discret)  # headers, footers and action IDs: discreet by size, readable by contrast
    text, head = theme.police_texte, theme.police_titres
    fonts = f'<w:rFonts w:ascii="{text}" w:hAnsi="{text}" w:eastAsia="{text}" w:cs="{text}"/>'
    heads = f'<w:rFonts w:ascii="{head}" w:hAnsi="{head}" w:cs="{head}"/>'
    line = f'w:val="single" w:sz="4" w:space="0" w:color="{LINE}"'
    borders = "".join(f"<w:{side} {line}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = "".join(f'<w:{side} w:w="{w}" w:type="dxa"/>' for side, w in zip(
        ("top", "left", "bottom", "right"), (57, 85, 57, 85), strict=True))  # fmt: skip

    def title(size: int) -> str:
        return _rpr(size, main, True, heads)

    paragraphs = (  # id, name, based on, built-in, pPr + rPr
        ("Title", "Title", "Normal", True, _ppr(before=2400, after=160) + title(64)),
        ("Subtitle", "Subtitle", "Normal", True, _ppr(after=40) + _rpr(26, accent, True, effect="<w:caps/>")),
        ("Heading1", "heading 1", "Normal", True,
         _ppr(True, True, rule=accent, outline=0, before=0, after=240) + title(36)),
        ("Heading2", "heading 2", "Normal", True, _ppr(True, outline=1, before=360, after=120) + title(26)),
        ("Heading3", "heading 3", "Normal", True, _ppr(True, outline=2, before=60, after=60) + title(20)),
        ("Partie", "Partie", "Normal", False,
         _ppr(True, True, rule=accent, outline=0, before=0, after=200) + title(36)),
        ("Souspartie", "Sous-partie", "Normal", False, _ppr(True, outline=1, before=240, after=80) + title(24)),
        ("Couverture", "Couverture", "Normal", False, _ppr(after=60) + _rpr(24, main)),
        ("Miseenavant", "Mise en avant", "Normal", False, _ppr(True, after=120) + _rpr(22, accent, True)),
        ("ListBullet", "List Bullet", "Normal", True, _ppr(num=1, after=40)),
        ("ListBullet2", "List Bullet 2", "Normal", True, _ppr(num=2, after=40)),
        ("Listecellule", "Liste cellule", "ListBullet", False, _ppr(num=1, after=0, line=240) + _rpr(18)),
        ("Sousgroupe", "Sous-groupe", "Normal", False, _ppr(num=3, before=80, after=40) + _rpr(0, main, True)),
        ("Cellule", "Cellule", "Normal", False, _ppr(before=0, after=20, line=240) + _rpr(18)),
        ("Celluletitre", "Cellule titre", "Cellule", False, _ppr(before=40, after=20) + _rpr(0, main, True)),
        ("Entetedetableau", "En-tête de tableau", "Cellule", False, _rpr(18, WHITE, True)),
        ("Header", "header", "Normal", True, _ppr(after=0) + _rpr(16, grey)),
        ("Footer", "footer", "Normal", True, _ppr(after=0) + _rpr(16, grey)),
        ("TOCHeading", "TOC Heading", "Normal", True, _ppr(page=True, before=0, after=240) + title(36)),
        ("TOC1", "toc 1", "Normal", True, _ppr(before=120, after=40) + _rpr(0, main, True)),
        ("TOC2", "toc 2", "Normal", True, _ppr(ind=284, after=20)),
    )  # fmt: skip
    table = f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"
    header_row = f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{main}"/></w:tcPr>'
    styles = [
        _style("paragraph", "Normal", "Normal", "", True, f"<w:rPr>{fonts}<w:color w:val=\"{_hex(theme.texte)}\"/>"
               f"{LANG}</w:rPr>", default=True),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", "", True, "", default=True),
        _style("table", "TableNormal", "Normal Table", "", True, f"<w:tblPr><w:tblCellMar>{margins}</w:tblCellMar>"
               "</w:tblPr>", default=True),
        _style("numbering", "NoList", "No List", "", True, "", default=True),
        *(_style("paragraph", *row) for row in paragraphs),
        _style("character", "Identifiantaction", "Identifiant action", "DefaultParagraphFont", False,
               _rpr(15, grey, effect="<w:noProof/>")),
        _style("character", "Strong", "Strong", "DefaultParagraphFont", True, _rpr(bold=True)),
        _style("table", "TableGrid", "Table Grid", "TableNormal", True, f"<w:tblPr><w:tblBorders>{borders}"
               "</w:tblBorders></w:tblPr>"),
        _style("table", "TableauProjet", "Tableau Projet", "TableNormal", False, table + '<w:tblStylePr '
               f'w:type="firstRow">{_rpr(0, WHITE, True)}{header_row}</w:tblStylePr>'),
    ]  # fmt: skip
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val="20"/><w:szCs w:val="20"/>{LANG}</w:rPr>'
        f"</w:rPrDefault><w:pPrDefault>{_ppr(after=120, line=264)}</w:pPrDefault></w:docDefaults>"
    )
    return f'<w:styles xmlns:w="{W}">{defaults}{latent}{"".join(styles)}</w:styles>'


def numbering_xml(theme: Theme) -> str:
    """Three single-level lists tied to their paragraph styles: actions, nested actions, sub-groups."""
    abstract, concrete = [], []
    font = theme.police_texte
    for number, (style, bullet, left) in enumerate(LISTS, start=1):
        abstract.append(
            f'<w:abstractNum w:abstractNumId="{number}"><w:nsid w:val="5A1E{number:04X}"/>'
            '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
            f'<w:pStyle w:val="{style}"/><w:lvlText w:val="{bullet}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="227"/></w:pPr><w:rPr><w:rFonts w:ascii="{font}" '
            f'w:hAnsi="{font}"/><w:color w:val="{_hex(theme.principale)}"/></w:rPr></w:lvl></w:abstractNum>'
        )
        concrete.append(f'<w:num w:numId="{number}"><w:abstractNumId w:val="{number}"/></w:num>')
    return f'<w:numbering xmlns:w="{W}">{"".join(abstract)}{"".join(concrete)}</w:numbering>'


SAMPLES = (
    ("Title", "Titre du document"), ("Subtitle", "Devise"), ("Couverture", "Mentions de couverture"),
    ("TOC Heading", "Sommaire"), ("Partie", "Partie (rubrique de la brochure)"), ("Sous-partie", "Sous-partie"),
    ("Mise en avant", "Texte mis en avant"), ("Normal", "Texte courant."), ("Heading 1", "Titre 1 : axe"),
    ("Heading 2", "Titre 2 : orientation"), ("Heading 3", "Titre 3 : objectif"), ("List Bullet", "Action"),
    ("Liste cellule", "Élément de liste dans un tableau"), ("Sous-groupe", "Sous-groupe d’actions"),
    ("List Bullet 2", "Action d’un sous-groupe"),
)  # fmt: skip
"""A body showing each style, so the team can restyle them in Word (builders discard this body)."""


def _samples(document) -> None:  # type: ignore[no-untyped-def]
    for style, text in SAMPLES:
        document.add_paragraph(text, style=style)
    document.paragraphs[-1].add_run(" [A000]", style="Identifiant action")
    table = document.add_table(rows=2, cols=2, style="Tableau Projet")
    cells = (("En-tête de tableau", "En-tête"),) * 2 + (("Cellule titre", "Cellule titre"), ("Cellule", "Cellule"))
    for index, (style, text) in enumerate(cells):
        paragraph = table.cell(index // 2, index % 2).paragraphs[0]
        paragraph.text, paragraph.style = text, style


def build_reference(theme: Theme) -> bytes:
    """The reference document: python-docx's default template, trimmed and restyled from the theme."""
    import docx
    from docx.oxml import parse_xml
    from docx.shared import Twips
    from lxml import etree

    document = docx.Document()
    part = document.part
    for rels in (part.rels, part.package.rels):  # parts no builder needs: thumbnail, bibliography, effects
        for rid in [rid for rid, rel in rels.items() if rel.reltype.rsplit("/", 1)[-1] in DROPPED_RELATIONS]:
            del rels[rid]
    styles = document.styles.element
    latent = etree.tostring(styles.find(f"{{{W}}}latentStyles"), encoding="unicode")
    styles[:] = list(parse_xml(styles_xml(theme, latent)))  # 150 unused table styles dropped: 438 Ko → 24 Ko
    part.numbering_part.element[:] = list(parse_xml(numbering_xml(theme)))
    settings = document.settings.element
    french = {"themeFontLang": "fr-FR", "decimalSymbol": ",", "listSeparator": ";"}
    for child in list(settings):
        tag = etree.QName(child).localname
        if tag == "rsids":
            settings.remove(child)
        elif tag in french:
            child.set(f"{{{W}}}val", french[tag])
    for mode in settings.iterfind(f".//{{{W}}}compatSetting[@{{{W}}}name='compatibilityMode']"):
        mode.set(f"{{{W}}}val", "15")  # Word 2013+ layout: no « Mode de compatibilité » banner
    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE["w"]), Twips(PAGE["h"])
    section.top_margin, section.bottom_margin = Twips(PAGE["top"]), Twips(PAGE["bottom"])
    section.left_margin = section.right_margin = Twips(PAGE["side"])
    section.header_distance = section.footer_distance = Twips(PAGE["hf"])
    _samples(document)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = "Document de référence (styles Word)", "", ""
    props.comments = "Styles des documents Word du Projet de Territoire : modifiez-les ici, pas dans le code."
    props.created = props.modified = STAMP
    props.language, props.revision = "fr-FR", 1
    buffer, out = io.BytesIO(), io.BytesIO()
    document.save(buffer)
    import zipfile  # not needed by a build with nothing to write

    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():  # the template claims to come from « Microsoft Macintosh Word »
            target.writestr(name, APP_XML if name == "docProps/app.xml" else source.read(name))
    return normalise_zip(out.getvalue(), STAMP)


def main(argv: list[str] | None = None) -> int:
    """Write templates/word/reference.docx (or the path given) from assets/theme.yaml."""
    from . import regenerate

    return regenerate(TARGET, build_reference, argv or [])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
