"""Writing an ODT on its reference: styles by name, automatic styles for colours and widths, tables, the TOC."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UserError
from . import package
from .xml import attr, bookmark, cm, paragraph, runs

if TYPE_CHECKING:
    from ..builders import BuildContext

REFERENCE = Path("odf") / "reference.odt"
SAMPLE_TABLE = "Tableau Projet"
"""The reference's sample table: its header cell and its body cell give every table's borders, padding and header
fill. LibreOffice Writer keeps no common cell styles when it saves, so cells are styled by example."""
"""The reference document under templates/: every style the ODT builder uses is defined there."""


class Table:
    """A table being written: columns, a header row that repeats on each page, rows that never split."""

    def __init__(self, doc: TextDocument, widths: Sequence[float]) -> None:
        self.doc, self.widths, self.number = doc, widths, len(doc.tables) + 1
        self.name = doc.auto("table", f'<style:table-properties style:width="{sum(widths)}cm" table:align="left"/>')
        self.header: list[str] = []
        self.rows: list[str] = []

    def row(self, cells: Sequence[str], header: bool = False) -> None:
        """A row of cells (from `cell()`); a header row repeats at the top of each page."""
        style = self.doc.auto("table-row", '<style:table-row-properties fo:keep-together="always"/>')
        (self.header if header else self.rows).append(f"<table:table-row table:style-name={attr(style)}>"
                                                      f"{''.join(cells)}</table:table-row>")  # fmt: skip

    def cell(self, content: str, fill: str = "", span: int = 1, rows: int = 1, header: bool = False) -> str:
        """A cell in the reference's cell style (its header style if `header`), with an optional fill colour."""
        style = self.doc.cell_style(header, fill)
        spans = f' table:number-columns-spanned="{span}"' if span > 1 else ""
        spans += f' table:number-rows-spanned="{rows}"' if rows > 1 else ""
        covered = "<table:covered-table-cell/>" * (span - 1)
        return f"<table:table-cell table:style-name={attr(style)}{spans}>{content or '<text:p/>'}</table:table-cell>" \
               + covered  # fmt: skip

    def xml(self) -> str:
        columns = "".join(
            f"<table:table-column table:style-name={attr(self.doc.auto('table-column', p))}/>"
            for p in (f'<style:table-column-properties style:column-width="{w}cm"/>' for w in self.widths)
        )
        header = f"<table:table-header-rows>{''.join(self.header)}</table:table-header-rows>" if self.header else ""
        return (f"<table:table table:name={attr(f'Tableau{self.number}')} table:style-name="
                f"{attr(self.name)}>{columns}{header}{''.join(self.rows)}</table:table>")  # fmt: skip


class TextDocument:
    """An ODT opened on the reference: the body and its automatic styles are written as XML text."""

    def __init__(self, reference: Path) -> None:
        self.document = package.open_document(reference, "document de référence ODF")
        self._styles: dict[str, str] = {}
        for style in self.document.get_styles():
            name = style.get_attribute("style:name")
            if name:
                self._styles[str(name).casefold()] = str(name)
                display = style.get_attribute("style:display-name")
                if display:
                    self._styles[str(display).casefold()] = str(name)
        self._auto: dict[tuple[str, str, str, str], str] = {}
        self._cells = self._sample_cells()
        self.body: list[str] = []
        self.tables: list[Table] = []
        self.toc: list[tuple[int, str, str]] = []

    def style(self, name: str) -> str:
        """The internal name of a style named as in LibreOffice (« Heading 1 », « Sous-groupe »…)."""
        try:
            return self._styles[name.casefold()]
        except KeyError:
            raise UserError(
                f"le style « {name} » manque dans templates/{REFERENCE.as_posix()} "
                "(régénérez-le : python -m territoire.references.odf)"
            ) from None

    def auto(self, family: str, properties: str, parent: str = "", extra: str = "") -> str:
        """An automatic style (one per distinct definition), e.g. a text colour or a column width."""
        key = (family, properties, parent, extra)
        if key not in self._auto:
            self._auto[key] = f"{family[:2].upper()}{len(self._auto) + 1}"
        return self._auto[key]

    def _sample_cells(self) -> tuple[dict[str, str], dict[str, str]]:
        """Properties of the header cell and the body cell of the reference's sample table « Tableau Projet »."""
        table = self.document.content.get_element(f"//table:table[@table:name='{SAMPLE_TABLE}']")
        cells = table.get_elements(".//table:table-cell") if table is not None else []
        if len(cells) < 2:
            raise UserError(
                f"le tableau d'exemple « {SAMPLE_TABLE} » (une cellule d'en-tête, une cellule de texte) manque dans "
                f"templates/{REFERENCE.as_posix()} (régénérez-le : python -m territoire.references.odf)"
            )
        found = []
        for cell in cells[:2]:
            style = self.document.get_style("table-cell", str(cell.get_attribute("table:style-name") or ""))
            props = style.get_element("style:table-cell-properties") if style is not None else None
            found.append({str(k): str(v) for k, v in props.attributes.items()} if props is not None else {})
        return found[0], found[1]

    def cell_style(self, header: bool, fill: str = "") -> str:
        """An automatic cell style like the sample table's header or body cell, over `fill` if given."""
        values = {**self._cells[0 if header else 1], **({"fo:background-color": fill} if fill else {})}
        attrs = " ".join(f"{key}={attr(value)}" for key, value in sorted(values.items()))
        return self.auto("table-cell", f"<style:table-cell-properties {attrs}/>")

    def coloured(self, colour: str) -> str:
        """A text style in `colour`."""
        return self.auto("text", f'<style:text-properties fo:color="{colour}"/>')

    def span(self, text: str, style: str = "", colour: str = "") -> str:
        name = self.style(style) if style else self.coloured(colour) if colour else ""
        return f"<text:span text:style-name={attr(name)}>{runs(text)}</text:span>" if name else runs(text)

    def p(self, style: str, inner: str = "") -> str:
        return paragraph(self.style(style), inner)

    def add(self, *xml: str) -> None:
        self.body.extend(xml)

    def heading(self, style: str, level: int, inner: str, marks: Sequence[str] = (), toc: int = 0,
                text: str = "") -> str:  # fmt: skip
        """A heading (text:h at an outline `level`, or 0 for a paragraph styled as one), its bookmarks first;
        listed in the table of contents at level `toc` when given."""
        names = list(marks)
        if toc:
            names.append(f"_Toc{len(self.toc) + 1:04d}")
            self.toc.append((toc, names[-1], text))
        content = "".join(bookmark(n) for n in names) + inner
        if level:
            return f'<text:h text:style-name={attr(self.style(style))} text:outline-level="{level}">{content}</text:h>'
        return self.p(style, content)

    def bullet(self, style: str, inner: str, listing: str = "Puces") -> str:
        """A list item in the reference's list style `listing`."""
        return f"<text:list text:style-name={attr(self.style(listing))}><text:list-item>{self.p(style, inner)}" \
               "</text:list-item></text:list>"  # fmt: skip

    def table(self, widths: Sequence[float]) -> Table:
        table = Table(self, widths)
        self.tables.append(table)
        return table

    def picture(self, png: bytes, width: float, height: float, alt: str, description: str = "") -> str:
        """A PNG in a frame anchored to its paragraph, with its alternative text (svg:title, svg:desc)."""
        uri = self.document.add_file(io.BytesIO(png))
        style = self.auto("graphic", '<style:graphic-properties style:wrap="none" style:horizontal-pos="left"/>')
        desc = f"<svg:desc>{runs(description)}</svg:desc>" if description else ""
        return (
            f'<draw:frame draw:style-name="{style}" draw:name="Logo" text:anchor-type="as-char" '
            f'svg:width="{cm(width)}" svg:height="{cm(height)}"><draw:image xlink:href={attr(uri)} '
            f'xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><svg:title>{runs(alt)}</svg:title>'
            f"{desc}</draw:frame>"
        )

    def table_of_contents(self, title: str) -> str:
        """The table of contents: LibreOffice's index (headings and « Partie » styles), its entries cached.

        The entries' template ends with a dotted tab and the page number, so that LibreOffice's « Mettre à jour
        l'index » numbers them; the cached entries have none (page numbers need a layout only an office suite
        computes)."""
        heading, entries = self.style("TOC Heading"), []
        templates = "".join(
            f'<text:table-of-content-entry-template text:outline-level="{n}" text:style-name='
            f"{attr(self.style(f'Contents {n}'))}><text:index-entry-link-start/><text:index-entry-text/>"
            '<text:index-entry-tab-stop style:type="right" style:leader-char="."/><text:index-entry-page-number/>'
            "<text:index-entry-link-end/></text:table-of-content-entry-template>"
            for n in (1, 2)
        )
        sources = "".join(
            f'<text:index-source-styles text:outline-level="{n}"><text:index-source-style text:style-name='
            f"{attr(self.style(name))}/></text:index-source-styles>"
            for n, name in ((1, "Partie"), (2, "Sous-partie"))
        )
        for level, name, text in self.toc:
            link = f'<text:a xlink:type="simple" xlink:href={attr("#" + name)}>{runs(text)}</text:a>'
            entries.append(paragraph(self.style(f"Contents {level}"), link))
        return (
            '<text:table-of-content text:name="Sommaire" text:protected="true"><text:table-of-content-source '
            'text:outline-level="2" text:use-index-source-styles="true"><text:index-title-template text:style-name='
            f"{attr(heading)}>{runs(title)}</text:index-title-template>{templates}{sources}"
            '</text:table-of-content-source><text:index-body><text:index-title text:name="Sommaire_titre">'
            f"{paragraph(heading, runs(title))}</text:index-title>{''.join(entries)}</text:index-body>"
            "</text:table-of-content>"
        )

    def page_furniture(self, header: str, footer: str) -> None:
        """Header and footer paragraphs of the reference's « Standard » master page; the footer ends with the
        page number."""
        from odfdo import Element

        styles = self.document.styles
        for kind, inner in (("header", header), ("footer", footer + '<text:page-number text:select-page="current"/>')):
            old = styles.get_element(f"//style:master-page[@style:name='Standard']/style:{kind}/text:p")
            if old is None:
                raise UserError(f"la page type « Standard » de templates/{REFERENCE.as_posix()} n'a pas de {kind}")
            new = Element.from_tag(paragraph(str(old.get_attribute("text:style-name")), inner))
            old.parent.replace_element(old, new)

    def finish(self, ctx: BuildContext, title: str, subject: str, placeholder: str) -> bytes:
        """Put the body and its automatic styles in place of the reference's, fill the metadata, save."""
        from odfdo import Element

        body = "".join(self.body).replace(placeholder, self.table_of_contents("Sommaire"), 1)
        content = self.document.content
        old_body = content.get_element("//office:text")
        new_body = Element.from_tag(f"<office:text>{body}</office:text>")
        old_body.parent.replace_element(old_body, new_body)
        autos = "".join(
            f'<style:style style:name="{name}" style:family="{family}"'
            + (f" style:parent-style-name={attr(parent)}" if parent else "")
            + f"{extra}>{props}</style:style>"
            for (family, props, parent, extra), name in self._auto.items()
        )
        old = content.get_element("//office:automatic-styles")
        old.parent.replace_element(old, Element.from_tag(f"<office:automatic-styles>{autos}</office:automatic-styles>"))
        package.set_metadata(self.document, ctx.plan.document, ctx.when, title, subject)
        return package.save(self.document, ctx.when)


def with_master(doc: TextDocument, style: str, master: str) -> str:
    """An automatic paragraph style: `style` starting a page of the reference's master page `master`."""
    return doc.auto("paragraph", "", doc.style(style), f" style:master-page-name={attr(master)}")
