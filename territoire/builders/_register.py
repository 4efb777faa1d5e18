"""The action register's columns and rows, shared by the XLSX and ODS builders: one definition for both."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Plan
    from ..textfit import Metrics

HEADERS = ("ID", "Axe", "Orientation", "Objectif", "Sous-groupe", "Action", "Reprise")
WIDTHS = (8, 28, 38, 44, 26, 80, 18)
"""Column widths in characters (Excel's unit); `column_cm` converts them for ODF."""
ALL_SHEET = "Ensemble"
STYLE_HEADER, STYLE_ACTION, STYLE_REPRISE = "En-tête du registre", "Action", "Action reprise"
Row = tuple[str, ...]
SIZE = 10.0
"""Text size of the register (points)."""
CELL_PADDING = 6.0
"""Points of a column's width that LibreOffice keeps around the text of a cell, counted generously."""
MARGIN_CM = 1.0
"""Margins of the printed register, on all four sides, on A4 landscape (both formats print alike)."""


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


def row_lines(metrics: Metrics, row: Row) -> int:
    """Lines the tallest cell of `row` wraps to, from the theme's font metrics (as the deck's text is measured)."""
    from ..textfit import Run

    italic = bool(row[-1])  # a reprise
    return max(
        len(metrics.lines((Run(value, italic=italic),), column_cm(width) / 2.54 * 72 - CELL_PADDING, SIZE))
        for value, width in zip(row, WIDTHS, strict=True)
        if value
    )


def row_points(lines: int) -> float:
    """The height of a row of `lines` lines, set in both registers: LibreOffice does not fit rows to wrapped text
    when it opens an XLSX, and its optimal ODS heights can be a line short of what its PDF export wraps."""
    from ..textfit import LINE_HEIGHT

    return round(lines * SIZE * LINE_HEIGHT + 3, 1)
