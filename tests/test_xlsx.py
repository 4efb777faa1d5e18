"""The action register: one row per action on « Ensemble » and on its axis sheet, filterable, frozen header."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import CONTENT

from territoire.loader import load_plan
from territoire.model import Plan
from territoire.project import build_time
from territoire.typography import typeset

REGISTER = "plan-d-actions.xlsx"
ALL_SHEET = "Ensemble"
HEADERS = ["ID", "Axe", "Orientation", "Objectif", "Sous-groupe", "Action", "Reprise"]
"""The register's columns as the team filters and sorts them (stated here, not read from the builder)."""


def sheet_name(number: str) -> str:
    return f"Axe {number}"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


@pytest.fixture(scope="module")
def book(built: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(built / REGISTER)


def rows(sheet) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_one_row_per_action_on_the_whole_sheet(book: openpyxl.Workbook, plan: Plan) -> None:
    actions = [action for *_, action in plan.actions()]
    assert book.sheetnames == [ALL_SHEET, *(sheet_name(axis.numero) for axis in plan.axes)]
    everything = rows(book[ALL_SHEET])
    assert len(everything) == len(actions)  # 117 with the 2018 content, reprises included
    assert [row[0] for row in everything] == [action.id for action in actions]
    assert [row[5] for row in everything] == [action.texte for action in actions]


def test_axis_sheets_add_up_to_the_whole(book: openpyxl.Workbook, plan: Plan) -> None:
    counts = [len(rows(book[sheet_name(axis.numero)])) for axis in plan.axes]
    expected = [sum(1 for a, *_ in plan.actions() if a is axis) for axis in plan.axes]
    assert counts == expected and sum(counts) == len(rows(book[ALL_SHEET]))


def test_reprises_are_marked_with_where_they_are_defined(book: openpyxl.Workbook, plan: Plan) -> None:
    marked = [row for row in rows(book[ALL_SHEET]) if row[6]]
    reprises = [action for *_, action in plan.actions() if action.reprise]
    assert [row[0] for row in marked] == [action.id for action in reprises]
    assert all(str(row[6]).startswith("oui, définie en ") for row in marked)


def test_groups_and_hierarchy_columns(book: openpyxl.Workbook, plan: Plan) -> None:
    for row, (axis, orientation, objective, group, _) in zip(rows(book[ALL_SHEET]), plan.actions(), strict=True):
        assert axis.titre in row[1] and orientation.titre in row[2] and objective.titre_complet in row[3]
        assert (row[4] or None) == (group.titre if group else None)


def test_header_frozen_filtered_sized_and_wrapped(book: openpyxl.Workbook) -> None:
    for sheet in book.worksheets:
        assert [cell.value for cell in sheet[1]] == HEADERS
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:G{sheet.max_row}"
        assert sheet.column_dimensions["F"].width >= 60 and sheet.column_dimensions["A"].width <= 10
        assert all(cell.alignment.wrap_text for cell in sheet[2])
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"  # 9: A4
        # LibreOffice does not fit rows to wrapped text on opening an XLSX: each row's height is set
        assert all((sheet.row_dimensions[n].height or 0) >= 15 for n in range(2, sheet.max_row + 1))


def test_properties_carry_the_build_date(book: openpyxl.Workbook, plan: Plan) -> None:
    props = book.properties
    assert props.creator == plan.document.institution and plan.document.titre in props.title
    assert props.created == props.modified == build_time(plan).replace(tzinfo=None)
    assert props.language == "fr-FR" and props.keywords


def test_every_register_text_colour_is_readable_on_white(built: Path) -> None:
    """The reprise rows' grey (XLSX and ODS) is the theme's discreet grey, at WCAG AA contrast (4.5:1)."""
    import re
    import zipfile

    from territoire.theme import contrast

    book = openpyxl.load_workbook(built / REGISTER)
    style = next(s for s in book._named_styles if s.name == "Action reprise")  # openpyxl keeps the objects here
    colour = "#" + str(style.font.color.rgb)[-6:]
    assert contrast(colour, "#FFFFFF") >= 4.5, colour
    with zipfile.ZipFile(built / "plan-d-actions.ods") as ods:
        styles = ods.read("styles.xml").decode() + ods.read("content.xml").decode()
    colours = set(re.findall(r'fo:color="(#[0-9A-Fa-f]{6})"', styles)) - {"#FFFFFF", "#ffffff"}
    assert colours and all(contrast(c, "#FFFFFF") >= 4.5 for c in colours), colours
