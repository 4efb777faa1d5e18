"""The action register as an OpenDocument spreadsheet (ODS): the XLSX's sheets, columns, frozen header, filters,
widths and wrapping (territoire/builders/_register.py defines them for both)."""

from __future__ import annotations

from . import BuildContext, Builder, register
from ._register import (
    ALL_SHEET,
    HEADERS,
    MARGIN_CM,
    SIZE,
    STYLE_ACTION,
    STYLE_HEADER,
    STYLE_REPRISE,
    WIDTHS,
    column_cm,
    register_rows,
    row_lines,
    row_points,
    sheet_name,
)


def _styles(ctx: BuildContext) -> tuple[str, str, str]:
    """Named cell styles (LibreOffice's style list), the landscape page and its master page."""
    from ..odf.xml import style_name

    font, wrap = (
        ctx.theme.police_texte,
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>',
    )

    def cell(name: str, text: str) -> str:
        return (f'<style:style style:name="{style_name(name)}" style:display-name="{name}" style:family="table-cell" '
                f'style:parent-style-name="Default">{wrap}<style:text-properties {text}/></style:style>')  # fmt: skip

    styles = (
        f'<office:font-face-decls><style:font-face style:name="{font}" svg:font-family="{font}"/>'
        '</office:font-face-decls><office:styles><style:default-style style:family="table-cell">'
        f'<style:text-properties style:font-name="{font}" fo:font-size="{SIZE:g}pt" fo:language="fr" fo:country="FR"/>'
        '</style:default-style><style:style style:name="Default" style:family="table-cell"/>'
        + cell(STYLE_HEADER, 'fo:font-weight="bold" fo:color="#FFFFFF"')
        + cell(STYLE_ACTION, 'fo:color="#000000"')
        + cell(STYLE_REPRISE, f'fo:font-style="italic" fo:color="{ctx.theme.discret}"')
        + "</office:styles>"
    )
    # Fit the columns to one page's width, as many pages high as needed (the XLSX's fitToWidth=1, fitToHeight=0):
    # ODF 1.3's `style:scale-to-X` without `style:scale-to-Y` (a positive integer, so no « 0 » for unbounded).
    layout = (
        '<style:page-layout style:name="Paysage"><style:page-layout-properties fo:page-width="29.7cm" '
        'fo:page-height="21cm" style:print-orientation="landscape" '
        f'fo:margin="{MARGIN_CM:g}cm" style:scale-to-X="1"/>'
        "</style:page-layout>"
    )
    return styles, layout, '<style:master-page style:name="Default" style:page-layout-name="Paysage"/>'


def _quoted(name: str) -> str:
    return f"'{name}'" if not name.isalnum() else name


def _settings(names: list[str]) -> bytes:
    """The view: header row frozen (split below row 1) on each sheet; package.strict declares the « ooo: » prefix
    of the set's name, without which LibreOffice ignores it."""
    from ..odf.package import NS

    def item(name: str, kind: str, value: object) -> str:
        return f'<config:config-item config:name="{name}" config:type="{kind}">{value}</config:config-item>'

    tables = "".join(
        f'<config:config-item-map-entry config:name="{name}">'
        + item("VerticalSplitMode", "short", 2) + item("VerticalSplitPosition", "int", 1)
        + item("ActiveSplitRange", "short", 2) + item("PositionTop", "int", 0) + item("PositionBottom", "int", 1)
        + "</config:config-item-map-entry>"
        for name in names
    )  # fmt: skip
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings xmlns:office="{NS["office"]}" '
        f'xmlns:config="{NS["config"]}" office:version="1.3"><office:settings><config:config-item-set '
        'config:name="ooo:view-settings"><config:config-item-map-indexed config:name="Views">'
        f"<config:config-item-map-entry>{item('ViewId', 'string', 'view1')}<config:config-item-map-named "
        f'config:name="Tables">{tables}</config:config-item-map-named>{item("ActiveTable", "string", names[0])}'
        "</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set>"
        "</office:settings></office:document-settings>"
    ).encode()


def _body(ctx: BuildContext) -> tuple[str, list[str]]:
    """Every sheet (« Ensemble » then one per axis) and their filter ranges; the automatic styles first."""
    from ..odf.xml import attr, runs, style_name

    plan, theme = ctx.plan, ctx.theme
    names = [ALL_SHEET, *(sheet_name(axis.numero) for axis in plan.axes)]
    colours = [theme.principale, *map(theme.axis_colour, range(len(plan.axes)))]
    rows: list[list[str]] = [[] for _ in names]
    action, reprise = style_name(STYLE_ACTION), style_name(STYLE_REPRISE)
    from ..textfit import Metrics  # not needed by a build with nothing to write

    metrics, heights = Metrics.of(theme.confined_fonts(), ctx.project.cache), set[int]()
    for index, row in register_rows(plan):
        style = reprise if row[-1] else action
        count = row_lines(metrics, row)
        heights.add(count)
        cells = (
            f'<table:table-row table:style-name="ro{count}">'
            + "".join(
                f'<table:table-cell table:style-name="{style}" office:value-type="string"><text:p>{runs(v)}</text:p>'
                "</table:table-cell>"
                if v
                else f'<table:table-cell table:style-name="{style}"/>'
                for v in row
            )
            + "</table:table-row>"
        )
        rows[0].append(cells)
        rows[index + 1].append(cells)
    # One table style per sheet for its tab colour: ODF 1.3's table:tab-color, in the document itself rather than
    # in LibreOffice's view settings (a TabColor there), which other spreadsheets do not read.
    autos = [f'<style:style style:name="ta{n}" style:family="table" style:master-page-name="Default">'
             f'<style:table-properties table:display="true" table:tab-color="{colour}"/></style:style>'
             for n, colour in enumerate(colours)]  # fmt: skip
    autos += [
        f'<style:style style:name="co{n}" style:family="table-column"><style:table-column-properties '
        f'style:column-width="{column_cm(width)}cm"/></style:style>'
        for n, width in enumerate(WIDTHS, 1)
    ]
    autos += [
        f'<style:style style:name="ro{count}" style:family="table-row"><style:table-row-properties style:row-height='
        f'"{row_points(count):.1f}pt" style:use-optimal-row-height="false"/></style:style>'
        for count in sorted(heights)
    ]
    columns = "".join(f'<table:table-column table:style-name="co{n}"/>' for n in range(1, len(WIDTHS) + 1))
    tables, ranges, last = [], [], chr(ord("A") + len(HEADERS) - 1)
    for number, (name, colour, lines) in enumerate(zip(names, colours, rows, strict=True)):
        autos.append(f'<style:style style:name="hd{number}" style:family="table-cell" style:parent-style-name='
                     f'"{style_name(STYLE_HEADER)}"><style:table-cell-properties fo:background-color="{colour}"/>'
                     "</style:style>")  # fmt: skip
        header = "".join(
            f'<table:table-cell table:style-name="hd{number}" office:value-type="string"><text:p>{runs(label)}'
            "</text:p></table:table-cell>"
            for label in HEADERS
        )
        body = "".join(lines)
        tables.append(
            f'<table:table table:name={attr(name)} table:style-name="ta{number}">{columns}<table:table-header-rows>'
            f"<table:table-row>{header}</table:table-row></table:table-header-rows>{body}</table:table>"
        )
        sheet = _quoted(name)
        ranges.append(
            f'<table:database-range table:name="__Anonymous_Sheet_DB__{number}" table:target-range-address='
            f'{attr(f"{sheet}.A1:{sheet}.{last}{len(lines) + 1}")} table:display-filter-buttons="true"/>'
        )
    xml = (f"<office:automatic-styles>{''.join(autos)}</office:automatic-styles><office:body><office:spreadsheet>"
           f"{''.join(tables)}<table:database-ranges>{''.join(ranges)}</table:database-ranges></office:spreadsheet>"
           "</office:body>")  # fmt: skip
    return xml, names


@register
class OdsBuilder(Builder):
    name = "ods"
    warm_imports = ("odfdo", "territoire.odf.package")
    description = "registre des actions au format OpenDocument (ODS, une ligne par action, filtrable)"
    filename = "plan-d-actions.ods"
    heavy = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..odf import package

        styles, layout, master = _styles(ctx)
        body, names = _body(ctx)
        doc = package.open_document(package.blank("spreadsheet", styles, layout, master), "registre")
        content = package.content_xml(body)
        doc.set_part("content.xml", content)
        doc.set_part("settings.xml", _settings(names))
        doc.manifest.add_full_path("settings.xml", "text/xml")
        info = ctx.plan.document
        package.set_metadata(doc, info, ctx.when, f"{info.titre} – registre des actions",
                             f"{info.titre} ({info.edition}) – plan d’actions")  # fmt: skip
        return package.save(doc, ctx.when)
