"""The register output/relecture.xlsx: one row per remark, a decision per row, read back for --appliquer."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from .remarks import Remark, ReturnError

COLUMNS = ("Fichier", "Partenaire", "Auteur", "Date", "ID", "Emplacement", "Type", "Texte envoyé", "Texte proposé",
           "Commentaire", "Décision", "Réponse")  # fmt: skip
DECISIONS = ("accepter", "refuser", "à discuter")
_WIDTHS = (22, 20, 16, 17, 12, 30, 14, 50, 50, 40, 13, 30)


_LINE = 15  # points per line of the default 11 pt font


def _lines(value: object, width: int) -> int:
    """Lines a wrapped cell takes: LibreOffice keeps the default row height of a row that states none, and the
    wrapped texts of the row would overlap the next one."""
    if not isinstance(value, str):
        return 1
    return sum(max(1, -(-len(part) * 11 // (width * 10))) for part in value.split("\n"))


def row_key(r: Remark) -> tuple[str, ...]:
    """What identifies a remark from one collect to the next, to carry the team's decisions over."""
    return tuple(_text(v) for v in (r.fichier, r.auteur, r.id, r.type, r.envoye, r.propose, r.commentaire))


def register_bytes(
    remarks: list[Remark], when: dt.datetime, kept: dict[tuple[str, ...], tuple[str, str]] | None = None
) -> bytes:
    """The workbook: frozen header, filters, a drop-down list of decisions, dates as real dates; `kept` holds
    the decisions and answers already written in the previous register, by `row_key`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..archive import normalise_zip

    book = Workbook()
    sheet = book.active
    sheet.title = "Relecture"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F4E79")
    for r in remarks:
        sheet.append((r.fichier, r.partenaire, r.auteur, r.date, r.id, r.emplacement, r.type, r.envoye, r.propose,
                      r.commentaire, *(kept or {}).get(row_key(r), ("", ""))))  # fmt: skip
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
        row[3].number_format = "dd/mm/yyyy hh:mm"
        sheet.row_dimensions[row[0].row].height = _LINE * max(
            _lines(c.value, w) for c, w in zip(row, _WIDTHS, strict=True)
        )
    for column, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = max(sheet.max_row, 2)
    sheet.freeze_panes = "A2"
    # printed for the review meeting: landscape, every column on the page's width, the header on each page
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    choice = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True)
    choice.error, choice.errorTitle = "Choisissez : " + ", ".join(DECISIONS), "Décision"
    choice.prompt, choice.promptTitle = "accepter, refuser ou à discuter", "Décision"
    choice.showErrorMessage = choice.showInputMessage = True
    sheet.add_data_validation(choice)
    choice.add(f"K2:K{max(last, 1000)}")
    book.properties.creator = "Projet de Territoire"
    book.properties.created = book.properties.modified = when.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), when)


@dataclass(frozen=True, slots=True)
class Decision:
    """One row of a filled-in register."""

    row: int
    remark: Remark
    decision: str
    reponse: str


_SAVED_AS_ODS = (" : il a été enregistré au format LibreOffice (.ods) ; enregistrez-le au format Excel 2007-365"
                 " (.xlsx) par Fichier › Enregistrer sous, puis relancez")  # fmt: skip


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_register(path: Path, label: str) -> tuple[list[Decision], list[str]]:
    """The rows and their decisions; every problem (columns, unknown decisions) named with its cell."""
    from openpyxl import load_workbook

    from .safe import REGISTER, open_package

    with open_package(path, label, REGISTER) as package:  # the same zip checks as for returned files
        if "xl/workbook.xml" not in package.namelist():
            spreadsheet = "mimetype" in package.namelist() and b"spreadsheet" in package.read("mimetype")[:100]
            raise ReturnError(f"{label} : {REGISTER[0]}" + _SAVED_AS_ODS * spreadsheet)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ReturnError(f"{label} : registre illisible ; refaites-le avec « relecture retours/ »") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = tuple(_text(v) for v in next(rows, ()))[: len(COLUMNS)]
    if header != COLUMNS:
        book.close()
        missing = [c for c in COLUMNS if c not in header]
        detail = f"colonnes manquantes ou renommées : {', '.join(missing)}" if missing else "colonnes dans le désordre"
        raise ReturnError(
            f"{label} : {detail} ; attendu, dans cet ordre : {', '.join(COLUMNS)} "
            "(refaites le registre avec « python3 build.py relecture retours/ » ou remettez les colonnes)"
        )
    decisions, problems = [], []
    for number, values in enumerate(rows, 2):
        cells = [*values, *([None] * len(COLUMNS))][: len(COLUMNS)]
        if not any(_text(v) for v in cells):
            continue
        decision = _text(cells[10]).casefold()
        if decision and decision not in DECISIONS:
            problems.append(f"{label}:K{number} : décision inconnue « {cells[10]} » (attendu : {', '.join(DECISIONS)})")
            continue
        date = cells[3] if isinstance(cells[3], dt.datetime) else None
        fichier, partenaire, auteur, _date, ident, place, kind, sent, proposed, comment = map(_text, cells[:10])
        remark = Remark(fichier, partenaire, auteur, date, ident, place, kind, sent, proposed, comment)
        decisions.append(Decision(number, remark, decision, _text(cells[11])))
    book.close()
    return decisions, problems
