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


def register_bytes(remarks: list[Remark], when: dt.datetime) -> bytes:
    """The workbook: frozen header, filters, a drop-down list of decisions, dates as real dates."""
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
                      r.commentaire, "", ""))  # fmt: skip
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
        row[3].number_format = "dd/mm/yyyy hh:mm"
    for column, width in enumerate(_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = max(sheet.max_row, 2)
    sheet.freeze_panes = "A2"
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


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_register(path: Path, label: str) -> tuple[list[Decision], list[str]]:
    """The rows and their decisions; every problem (columns, unknown decisions) named with its cell."""
    from openpyxl import load_workbook

    from .safe import open_package

    open_package(path, label).close()  # the same zip checks as for returned files
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ReturnError(f"{label} : registre illisible ({type(exc).__name__})") from None
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
