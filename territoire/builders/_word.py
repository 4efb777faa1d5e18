"""Word writing shared by the DOCX builders: the reference document, styles by name, schema-ordered XML."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import confined
from ..archive import normalise_zip
from ..errors import UserError
from ..references.word import REFERENCE, STYLES
from ..typography import format_moment
from ..wording import bookmark_name
from ..wordmarks import (
    CUSTOM_PART,
    PROPERTY_DOCUMENT,
    PROPERTY_EDITION,
    PROPERTY_FINGERPRINT,
    content_fingerprint,
    custom_properties_xml,
)

if TYPE_CHECKING:
    from ..model import Action, Objective
    from ..project import Project
    from . import BuildContext

_REFERENCE_FIX = f"templates/{REFERENCE.as_posix()} (régénérez-le : python -m territoire.references.word)"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_VAL = f"{_W}val"
_SETTINGS_TAIL = (
    "w:hdrShapeDefaults w:footnotePr w:endnotePr w:compat w:docVars w:rsids m:mathPr w:attachedSchema "
    "w:themeFontLang w:clrSchemeMapping w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures w:forceUpgrade "
    "w:captions w:readModeInkLockDown w:smartTagType sl:schemaLibrary w:shapeDefaults w:doNotEmbedSmartTags "
    "w:decimalSymbol w:listSeparator"
)
_AFTER_UPDATE_FIELDS = tuple(_SETTINGS_TAIL.split())
"""What follows w:updateFields in CT_Settings (ECMA-376 §17.15.1.78), so it is inserted at its place."""
_LOOK = dict(val="0620", firstRow="1", lastRow="0", firstColumn="0", lastColumn="0", noHBand="1", noVBand="1")
_SWITCHES = {"keep_next": "keepNext", "page_break_before": "pageBreakBefore"}
TOC_INSTRUCTION = ' TOC \\o "1-2" \\h \\z \\u '
"""Headings and paragraphs with an outline level 1-2 (parts, axes, orientations), as hyperlinks."""


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with a character style and/or direct formatting (colours come from the theme)."""

    text: str
    style: str | None = None
    bold: bool = False
    italic: bool = False
    colour: str | None = None


Content = Iterable[str | Span]


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    element = parent.makeelement(_W + tag, {_W + k: v for k, v in attrs.items()})
    parent.append(element)
    return element


class WordDocument:
    """A document opened from the reference; its body is rebuilt with WordprocessingML in schema order."""

    def __init__(self, project: Project) -> None:
        import docx

        self.document = docx.Document(str(confined.template(project, REFERENCE)))
        body = self.document.element.body
        self._end = body[-1]  # the final w:sectPr: everything is inserted before it
        for child in list(body)[:-1]:  # the reference's sample paragraphs
            body.remove(child)
        self._styles = {}
        for style in self.document.styles.element.iterfind(f"{_W}style"):
            name = style.find(f"{_W}name")
            if name is not None:  # one pass: python-docx's lookup by name is slow when repeated
                self._styles[name.get(_VAL).casefold()] = style.get(f"{_W}styleId")
        self._toc: Any = None
        self._entries: list[tuple[int, str, str]] = []
        self._marks = 0  # w:id of the next bookmark (TOC entries and IDs share the numbering)

    def style(self, name: str) -> str:
        """Style id of a style named as in Word (« Heading 1 », « Sous-groupe »…)."""
        if name not in STYLES:  # a bug: the check could not have required it in the reference
            raise RuntimeError(f"style {name!r} is not declared in territoire.references.word.STYLES")
        try:
            return self._styles[name.casefold()]
        except KeyError:
            raise UserError(f"le style « {name} » manque dans {_REFERENCE_FIX}") from None

    def text_width(self) -> int:
        """Width between the margins of the (last) section's page, in twips."""
        section = self.document.sections[-1]
        width, left, right = section.page_width, section.left_margin, section.right_margin
        if width is None or left is None or right is None:
            raise UserError(f"la largeur de la page ou ses marges manquent dans {_REFERENCE_FIX}")
        return (width - left - right) // 635  # EMU to twips

    def _new(self, parent: Any, tag: str) -> Any:
        if parent is not None:
            return _sub(parent, tag)
        element = self._end.makeelement(_W + tag, {})
        self._end.addprevious(element)
        return element

    def paragraph(self, style: str | None = None, content: Content = (), parent: Any = None, **switches: bool) -> Any:
        """A w:p in `parent` (a table cell, or the body when None) with runs for `content`.

        `switches` override the style: keep_next=False inside table cells, page_break_before=False…
        """
        p = self._new(parent, "p")
        if style or switches:
            ppr = _sub(p, "pPr")
            if style:
                _sub(ppr, "pStyle", val=self.style(style))
            for key in ("keep_next", "page_break_before"):  # schema order: pStyle, keepNext, pageBreakBefore
                if key in switches:
                    _sub(ppr, _SWITCHES[key], val="1" if switches[key] else "0")
        for item in content:
            self.run(p, item)
        return p

    def run(self, p: Any, item: str | Span) -> Any:
        """Append a run; « \\t » becomes a tab and « \\n » a line break."""
        r = _sub(p, "r")
        if isinstance(item, Span):
            if item.style or item.bold or item.italic or item.colour:
                rpr = _sub(r, "rPr")  # children in schema order: rStyle, b, i, color
                if item.style:
                    _sub(rpr, "rStyle", val=self.style(item.style))
                if item.bold:
                    _sub(rpr, "b")
                if item.italic:
                    _sub(rpr, "i")
                if item.colour:
                    _sub(rpr, "color", val=item.colour.lstrip("#").upper())
            text = item.text
        else:
            text = item
        for index, line in enumerate(text.split("\n")):
            if index:
                _sub(r, "br")
            for position, piece in enumerate(line.split("\t")):
                if position:
                    _sub(r, "tab")
                if piece:
                    t = _sub(r, "t")
                    t.text = piece
                    if piece[0] == " " or piece[-1] == " ":
                        t.set(_SPACE, "preserve")
        return r

    def field(self, p: Any, instruction: str, cached: str | None = "", end: bool = True) -> None:
        """A complex field (PAGE, TOC…) marked dirty so Word recomputes it; `end=False` leaves it open."""
        _sub(_sub(p, "r"), "fldChar", fldCharType="begin", dirty="true")
        instr = _sub(_sub(p, "r"), "instrText")
        instr.text = instruction
        instr.set(_SPACE, "preserve")
        _sub(_sub(p, "r"), "fldChar", fldCharType="separate")
        if cached:
            self.run(p, cached)
        if end:
            _sub(_sub(p, "r"), "fldChar", fldCharType="end")

    def heading(self, style: str, content: Content, level: int | None = None, **options: Any) -> Any:
        """A heading paragraph; with a TOC `level`, bookmarked and listed in the table of contents."""
        p, items = self.paragraph(style, (), None, **options), list(content)
        for item in items:
            self.run(p, item)
        if level is not None:
            name = f"_Toc{len(self._entries) + 1:09d}"
            self.bookmark(p, name)
            self._entries.append((level, name, "".join(i.text if isinstance(i, Span) else i for i in items)))
        return p

    def bookmark(self, p: Any, name: str) -> Any:
        """Wrap the content of paragraph `p` in a bookmark named `name` (see wording.bookmark_name)."""
        number = str(self._marks)
        self._marks += 1
        start = p.makeelement(_W + "bookmarkStart", {_W + "id": number, _W + "name": name})
        ppr = p.find(_W + "pPr")
        position = 0 if ppr is None else p.index(ppr) + 1
        while position < len(p) and p[position].tag == _W + "bookmarkStart":
            position += 1  # after the bookmarks already there: a heading's _Toc one stays first
        p.insert(position, start)
        _sub(p, "bookmarkEnd", id=number)
        return p

    def table_of_contents(self, title: str) -> None:
        """Reserve the place of the TOC field; its entries are written by `finish`."""
        sdt = self._new(None, "sdt")
        gallery = _sub(_sub(sdt, "sdtPr"), "docPartObj")
        _sub(gallery, "docPartGallery", val="Table of Contents")
        _sub(gallery, "docPartUnique")
        self._toc = _sub(sdt, "sdtContent")
        self.paragraph("TOC Heading", [title], self._toc)

    def _fill_toc(self) -> None:
        """Cached entries (hyperlinks, no page numbers): Word rebuilds the field on opening (updateFields)."""
        for index, (level, name, text) in enumerate(self._entries):
            p = self.paragraph(f"toc {level}", (), self._toc)
            if index == 0:
                self.field(p, TOC_INSTRUCTION, None, end=False)
            self.run(_sub(p, "hyperlink", anchor=name, history="1"), text)
            if index == len(self._entries) - 1:
                _sub(_sub(p, "r"), "fldChar", fldCharType="end")

    def table(
        self, widths: Sequence[int], header: Sequence[str] | None, fill: str | Sequence[str] | None = None
    ) -> Any:
        """A fixed-layout table in the reference's table style; its header row (if any) repeats on every page.

        `fill` colours the header cells (one colour, or one per column) over the table style's default.
        """
        previous = self._end.getprevious()
        if previous is not None and previous.tag == _W + "tbl":
            self.paragraph()  # Word and LibreOffice join two tables that touch into one
        tbl = self._new(None, "tbl")
        tblpr = _sub(tbl, "tblPr")
        _sub(tblpr, "tblStyle", val=self.style("Tableau Projet"))
        _sub(tblpr, "tblW", w=str(sum(widths)), type="dxa")
        _sub(tblpr, "tblLayout", type="fixed")
        _sub(tblpr, "tblLook", **_LOOK)  # the header row's look only, no banding
        grid = _sub(tbl, "tblGrid")
        for width in widths:
            _sub(grid, "gridCol", w=str(width))
        if header is None:
            return tbl
        row = self.row(tbl, header=True)
        fills = [fill] * len(widths) if fill is None or isinstance(fill, str) else fill
        for width, label, colour in zip(widths, header, fills, strict=True):
            self.paragraph("En-tête de tableau", [label], self.cell(row, width, fill=colour))
        return tbl

    def row(self, tbl: Any, header: bool = False, split: bool = False) -> Any:
        """A row that never splits across pages (unless `split`); a header row repeats at the top of each page."""
        tr = _sub(tbl, "tr")
        trpr = _sub(tr, "trPr")
        if not split:
            _sub(trpr, "cantSplit")
        if header:
            _sub(trpr, "tblHeader")
        return tr

    def cell(self, tr: Any, width: int, *, span: int = 1, merge: str | None = None, fill: str | None = None) -> Any:
        """A w:tc (tcPr in schema order: tcW, gridSpan, vMerge, shd); `finish` gives an empty cell its w:p."""
        tc = _sub(tr, "tc")
        tcpr = _sub(tc, "tcPr")
        _sub(tcpr, "tcW", w=str(width), type="dxa")
        if span > 1:
            _sub(tcpr, "gridSpan", val=str(span))
        if merge:
            _sub(tcpr, "vMerge", val=merge)
        if fill:
            _sub(tcpr, "shd", val="clear", color="auto", fill=fill.lstrip("#").upper())
        return tc

    def actions(self, cell: Any, objective: Objective) -> None:
        """The actions of an objective as list paragraphs, each followed by its discreet ID."""
        for action in objective.actions:
            self.action(cell, "List Bullet", action)
        for group in objective.groupes:
            self.paragraph("Sous-groupe", [group.titre], cell, keep_next=False)
            for action in group.actions:
                self.action(cell, "List Bullet 2", action)

    def action(self, cell: Any, style: str, action: Action) -> None:
        """One action paragraph, bookmarked by its ID (a reprise repeats an action bookmarked where defined)."""
        p = self.paragraph(style, [action.texte, action_id(action.id, action.reprise)], cell)
        if not action.reprise:
            self.bookmark(p, bookmark_name(action.id))

    def page_furniture(self, header: Content, footer: Content, cover: bool = False) -> None:
        """Header and footer of the first section (later ones inherit them); the footer ends with the page number.

        Tab stops follow the section's text width, so one reference serves portrait and landscape pages.
        """
        section, width = self.document.sections[0], self.text_width()
        section.different_first_page_header_footer = cover
        for story, content in ((section.header, header), (section.footer, footer)):
            p = story.paragraphs[0]._p  # the part template's paragraph, already in the Header/Footer style
            stops = _sub(p.get_or_add_pPr(), "tabs")  # after pStyle, as the schema orders them
            for kind, position in (("center", width // 2), ("right", width)):
                _sub(stops, "tab", val=kind, pos=str(position))
            for item in content:
                self.run(p, item)
        self.field(section.footer.paragraphs[0]._p, " PAGE ", "1")

    def finish(self, ctx: BuildContext, kind: str) -> bytes:
        """Fill the TOC and the document properties, ask Word to update fields on opening, return the bytes.

        Dates are the build's stamped date (never « now ») and the zip is normalised: same content, same bytes.
        """
        for tc in self._end.getparent().iter(_W + "tc"):
            if tc[-1].tag != _W + "p":  # a cell must end with a paragraph (an objective without actions…)
                _sub(tc, "p")
        if self._toc is not None:
            self._fill_toc()
            settings = self.document.settings.element
            update = settings.makeelement(_W + "updateFields", {_VAL: "true"})
            settings.insert_element_before(update, *_AFTER_UPDATE_FIELDS)
        info, props = ctx.plan.document, self.document.core_properties
        props.title = _core(f"{info.titre} – {info.institution}")
        props.subject = _core(f"{info.titre} ({info.edition}) – {kind}")
        props.author = props.last_modified_by = _core(info.institution)
        props.keywords = _core(
            ", ".join(("projet de territoire", info.institution, info.edition, *(a.titre for a in ctx.plan.axes)))
        )
        props.comments = _core(f"{info.conseil.instance} du {format_moment(info.conseil.date)}")
        props.category, props.language, props.version, props.revision = _core(info.titre), "fr-FR", info.edition, 1
        props.created = props.modified = ctx.when
        self._custom_properties(ctx, kind)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return normalise_zip(buffer.getvalue(), ctx.when)

    def _custom_properties(self, ctx: BuildContext, kind: str) -> None:
        """docProps/custom.xml: the edition and the fingerprint of the source, read back by `relecture`."""
        from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        values = {
            PROPERTY_EDITION: ctx.plan.document.edition,
            PROPERTY_FINGERPRINT: content_fingerprint(ctx.project.content),
            PROPERTY_DOCUMENT: kind,
        }
        package = self.document.part.package
        part = Part(PackURI("/" + CUSTOM_PART), CONTENT_TYPE.OFC_CUSTOM_PROPERTIES, custom_properties_xml(values))
        package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def _core(text: str, limit: int = 255) -> str:
    """`text` within the 255 characters a core property holds (python-docx refuses more), cut at a word."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def action_id(identifier: str, reprise: bool) -> Span:
    """« [A042] » in the reference's small grey character style, so a comment can name the action."""
    label = f"{identifier},\u00a0action\u00a0reprise" if reprise else identifier  # kept on one line
    return Span(f"\u00a0[{label}]", style="Identifiant action")
