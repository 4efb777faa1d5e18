"""The action register as a spreadsheet: one row per action (reprises marked), a sheet per axis and « Ensemble »."""

from __future__ import annotations

import io

from ..archive import normalise_zip
from ..typography import format_moment
from . import BuildContext, Builder, register
from . import _register as reg
from ._register import ALL_SHEET, HEADERS, STYLE_ACTION, STYLE_HEADER, STYLE_REPRISE, WIDTHS, register_rows, sheet_name


@register
class XlsxBuilder(Builder):
    name = "xlsx"
    warm_imports = ("openpyxl",)
    heavy = True
    description = "registre des actions au format Excel (une ligne par action, filtrable)"
    filename = "plan-d-actions.xlsx"

    def render(self, ctx: BuildContext) -> bytes:
        from zipfile import ZIP_STORED, ZipFile

        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.page import PageMargins
        from openpyxl.writer.excel import ExcelWriter

        plan, theme = ctx.plan, ctx.theme
        book = Workbook()
        sheets = [book.active] + [book.create_sheet(sheet_name(axis.numero)) for axis in plan.axes]
        sheets[0].title = ALL_SHEET
        colours = [c.lstrip("#").upper() for c in (theme.principale, *map(theme.axis_colour, range(len(plan.axes))))]
        # Named styles (visible in Excel's style gallery) cost one lookup per cell, direct fonts one hash each.
        wrap, font = Alignment(wrap_text=True, vertical="top"), theme.police_texte
        for style in (
            NamedStyle(STYLE_HEADER, font=Font(name=font, sz=reg.SIZE, bold=True, color="FFFFFF"), alignment=wrap),
            NamedStyle(STYLE_ACTION, font=Font(name=font, sz=reg.SIZE), alignment=wrap),
            NamedStyle(
                STYLE_REPRISE,
                font=Font(name=font, sz=reg.SIZE, italic=True, color=theme.discret.lstrip("#").upper()),
                alignment=wrap,
            ),
        ):
            book.add_named_style(style)
        from ..textfit import Metrics  # not needed by a build with nothing to write

        metrics, next_row = Metrics.of(theme.confined_fonts(), ctx.project.cache), {}
        for sheet, colour in zip(sheets, colours, strict=True):
            fill = PatternFill("solid", fgColor=colour)
            for column, (label, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
                cell = sheet.cell(1, column, label)
                cell.style, cell.fill = STYLE_HEADER, fill
                sheet.column_dimensions[get_column_letter(column)].width = width
            sheet.sheet_properties.tabColor = colour
            next_row[sheet.title] = 2
        for index, row in register_rows(plan):
            style, height = STYLE_REPRISE if row[-1] else STYLE_ACTION, reg.row_points(reg.row_lines(metrics, row))
            for sheet in (sheets[0], sheets[index + 1]):
                number = next_row[sheet.title]
                next_row[sheet.title] = number + 1
                sheet.row_dimensions[number].height = height  # LibreOffice does not fit rows on opening an XLSX
                for column, value in enumerate(row, start=1):
                    sheet.cell(number, column, value).style = style
        last = get_column_letter(len(HEADERS))
        for sheet in sheets:
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = f"A1:{last}{sheet.max_row}"
            sheet.print_title_rows = "1:1"
            sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
            inches = reg.MARGIN_CM / 2.54  # the ODS's page: A4 landscape, the same margins, no header or footer
            sheet.page_margins = PageMargins(inches, inches, inches, inches, header=0, footer=0)
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
        info, when = plan.document, ctx.when.replace(tzinfo=None)
        props = book.properties
        props.title = f"{info.titre} – registre des actions"
        props.subject = f"{info.titre} ({info.edition}) – plan d’actions"
        props.creator = props.lastModifiedBy = info.institution
        props.keywords = ", ".join(("projet de territoire", "plan d’actions", info.institution, info.edition))
        props.description = f"{info.conseil.instance} du {format_moment(info.conseil.date)}"  # as in Word
        props.language, props.version, props.revision = "fr-FR", info.edition, "1"
        props.created = props.modified = when  # openpyxl's save_workbook would stamp « now »: ExcelWriter does not
        buffer = io.BytesIO()
        ExcelWriter(book, ZipFile(buffer, "w", ZIP_STORED)).save()  # normalise_zip compresses, once
        return normalise_zip(buffer.getvalue(), ctx.when)
