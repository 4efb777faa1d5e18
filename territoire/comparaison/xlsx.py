"""The comparison as a spreadsheet: one row per changed element (ID, Emplacement, Changement, Avant, Après)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..archive import normalise_zip

if TYPE_CHECKING:
    from ..builders import BuildContext
    from .diff import Change, Comparison

HEADERS = ("ID", "Emplacement", "Changement", "Avant", "Après")
WIDTHS = (22, 40, 26, 70, 70)


def row(change: Change) -> tuple[str, str, str, str, str]:
    where = f"{change.place} (auparavant : {change.old_place})" if change.old_place else change.place
    before, after = change.before, change.after
    if change.synoptic_after:
        before += f"\nTitre synoptique : {change.synoptic_before}"
        after += f"\nTitre synoptique : {change.synoptic_after}"
    return change.ident, where, change.label, before, after


def comparison_xlsx(comparison: Comparison, ctx: BuildContext) -> bytes:
    from zipfile import ZIP_STORED, ZipFile

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    sheet = book.active
    sheet.title = "Modifications"
    font, wrap = ctx.theme.police_texte, Alignment(wrap_text=True, vertical="top")
    header_font, fill = (
        Font(name=font, bold=True, color="FFFFFF"),
        PatternFill("solid", fgColor=ctx.theme.principale.lstrip("#")),
    )
    for column, (label, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(1, column, label)
        cell.font, cell.fill, cell.alignment = header_font, fill, wrap
        sheet.column_dimensions[get_column_letter(column)].width = width
    body = Font(name=font)
    for number, change in enumerate(comparison.changes, start=2):
        for column, value in enumerate(row(change), start=1):
            cell = sheet.cell(number, column, value)
            cell.font, cell.alignment = body, wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{sheet.max_row}"
    sheet.page_setup.orientation = "landscape"
    info, when = ctx.plan.document, ctx.when.replace(tzinfo=None)
    props = book.properties
    props.title = f"{info.titre} – modifications entre « {comparison.old} » et « {comparison.new} »"
    props.creator = props.lastModifiedBy = info.institution
    props.language, props.created, props.modified = "fr-FR", when, when  # ExcelWriter never stamps « now »
    buffer = io.BytesIO()
    ExcelWriter(book, ZipFile(buffer, "w", ZIP_STORED)).save()
    return normalise_zip(buffer.getvalue(), ctx.when)
