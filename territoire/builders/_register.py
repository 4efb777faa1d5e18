"""The action register's columns and rows, shared by the XLSX and ODS builders: one definition for both."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Plan

HEADERS = ("ID", "Axe", "Orientation", "Objectif", "Sous-groupe", "Action", "Reprise")
WIDTHS = (8, 28, 38, 44, 26, 80, 18)
"""Column widths in characters (Excel's unit); `column_cm` converts them for ODF."""
ALL_SHEET = "Ensemble"
STYLE_HEADER, STYLE_ACTION, STYLE_REPRISE = "En-tête du registre", "Action", "Action reprise"
Row = tuple[str, ...]


def register_rows(plan: Plan) -> list[tuple[int, Row]]:
    """(axis index, row) for every action bullet in reading order; a reprise names where it is defined."""
    actions = list(plan.actions())
    defined = {action.id: objective.numero for _, _, objective, _, action in actions if not action.reprise}
    position = {axis.id: index for index, axis in enumerate(plan.axes)}
    return [
        (
            position[axis.id],
            (
                action.id,
                f"{axis.numero} – {axis.titre}",
                f"{orientation.numero} – {orientation.titre}",
                f"{objective.numero} – {objective.titre_complet}",
                group.titre if group else "",
                action.texte,
                f"oui, définie en {defined.get(action.id, '?')}" if action.reprise else "",
            ),
        )
        for axis, orientation, objective, group, action in actions
    ]


def sheet_name(number: str) -> str:
    return f"Axe {number}"


def column_cm(characters: float) -> float:
    """An Excel column width (in characters) in cm, as LibreOffice sizes it when it opens the XLSX: 7 points per
    character (8 characters: 0.778 in), so that both registers show the same columns."""
    return round(characters * 7 / 72 * 2.54, 3)
