"""The programme's tables under revision: a new objective's row inserted, a removed objective's row or a
removed orientation's whole table, or a removed axis' tables, put back as deleted (w:trPr/w:ins, w:trPr/w:del)."""

from __future__ import annotations

from copy import deepcopy
from typing import TYPE_CHECKING, Any

from ..builders._word import action_id
from ..typography import NBSP
from ..wording import orientation_label
from ..wordmarks import W
from .revisions import Revisions, delete_contents, deleted_copy, insert_whole

if TYPE_CHECKING:
    from ..model import Axis, Objective, Orientation

_W = "{" + W + "}"


def insert_row(p: Any, revisions: Revisions) -> None:
    """A new objective opens a new row of its orientation's table: the row itself is inserted (w:trPr/w:ins)."""
    cell = p.getparent()
    row = cell.getparent() if cell.tag == _W + "tc" else None
    if row is not None and row.tag == _W + "tr" and row.find(_W + "tc") is cell:  # not the synthesis' list cell
        properties = row.find(_W + "trPr")
        if properties is None:
            properties = row.makeelement(_W + "trPr", {})
            row.insert(0, properties)
        properties.append(revisions.mark("ins"))  # ins and del come last in CT_TrPr


def insert_header(heading: Any, revisions: Revisions) -> None:
    """A new orientation opens a new programme table: its header row (« Objectifs », « Actions… ») is inserted
    too, so that rejecting the orientation leaves no empty table behind."""
    table = heading.getnext()
    if table is None or table.tag != _W + "tbl":
        return
    for row in table.iterfind(_W + "tr"):
        properties = row.find(_W + "trPr")
        if properties is None or properties.find(_W + "tblHeader") is None:
            continue
        properties.append(revisions.mark("ins"))  # ins and del come last in CT_TrPr
        for p in row.iter(_W + "p"):
            insert_whole(p, revisions)


def deleted_row(heading: Any, objective: Objective, revisions: Revisions) -> Any:
    """A deleted copy of the programme row opened by `heading` (a surviving objective's), holding the removed
    objective and its actions as they were; None when `heading` does not open a two-cell row."""
    cell = heading.getparent()
    row = cell.getparent() if cell.tag == _W + "tc" else None
    cells = row.findall(_W + "tc") if row is not None and row.tag == _W + "tr" else []
    sample = next((p for p in cells[1] if p.tag == _W + "p" and len(p.findall(f".//{_W}t"))), None) if cells else None
    if row is None or len(cells) != 2 or cells[0] is not cell or sample is None:
        return None
    copy: Any = deepcopy(row)
    properties = copy.find(_W + "trPr")
    if properties is None:
        properties = copy.makeelement(_W + "trPr", {})
        copy.insert(0, properties)
    for revision in [r for r in properties if r.tag in (_W + "ins", _W + "del")]:
        properties.remove(revision)
    properties.append(revisions.mark("del"))  # ins and del come last in CT_TrPr
    contents = (
        [deleted_copy(heading, "", objective.titre_complet, "", revisions)],
        [
            deleted_copy(sample, "", a.texte, action_id(a.id, a.reprise).text, revisions)
            for _, a in objective.all_actions()
        ],
    )
    for tc, paragraphs in zip(copy.findall(_W + "tc"), contents, strict=True):
        for child in [c for c in tc if c.tag != _W + "tcPr"]:
            tc.remove(child)
        tc.extend(paragraphs or [tc.makeelement(_W + "p", {})])
    return copy


def deleted_orientation(heading: Any, orientation: Orientation, revisions: Revisions) -> list[Any]:
    """A removed orientation as it was, deleted: a copy of the surviving `heading`'s table with the removed
    orientation's heading, then its objectives' rows; empty when `heading` opens no programme table."""
    table = heading.getnext()
    if table is None or table.tag != _W + "tbl":
        return []
    header = [row for row in table.iterfind(_W + "tr") if row.find(f"{_W}trPr/{_W}tblHeader") is not None]
    first = next((row for row in table.iterfind(_W + "tr") if row not in header), None)
    sample = first.find(f"{_W}tc/{_W}p") if first is not None else None
    rows = (
        [deleted_row(sample, objective, revisions) for objective in orientation.objectifs] if sample is not None else []
    )
    if not rows or any(row is None for row in rows):
        return []
    copy: Any = deepcopy(table)
    for row in copy.findall(_W + "tr"):
        if row.find(f"{_W}trPr/{_W}tblHeader") is None:
            copy.remove(row)
        else:  # no longer a repeated header row: LibreOffice keeps those when accepting a row's deletion
            properties = row.find(_W + "trPr")
            properties.remove(properties.find(_W + "tblHeader"))
            properties.append(revisions.mark("del"))
            delete_contents(row, revisions)
    copy.extend(rows)
    title = f"{orientation_label(orientation)}{NBSP}: {orientation.titre}"  # as builders/docx.py titles it
    _band(copy, heading, title, revisions)
    return [copy]


def _band(table: Any, anchor: Any, title: str, revisions: Revisions) -> None:
    """A heading as a first, full-width deleted row of a deleted table, styled as `anchor`: a deleted paragraph
    just before a table has nothing to join when accepted, and LibreOffice would leave it empty."""
    band = table.makeelement(_W + "tr", {})
    band.append(band.makeelement(_W + "trPr", {}))
    band[0].append(revisions.mark("del"))
    cell = band.makeelement(_W + "tc", {})
    properties = cell.makeelement(_W + "tcPr", {})
    properties.append(
        properties.makeelement(_W + "gridSpan", {_W + "val": str(len(table.findall(f"{_W}tblGrid/{_W}gridCol")))})
    )
    cell.append(properties)
    cell.append(deleted_copy(anchor, "", title, "", revisions))
    band.append(cell)
    table.find(_W + "tr").addprevious(band)


def deleted_axis(heading: Any, axis: Axis, revisions: Revisions) -> bool:
    """A removed axis as it was, deleted, at the end of the surviving axis whose programme heading (Heading 1)
    is `heading`: its orientations' deleted tables, the first one opened by the axis' own heading. False when
    `heading` is followed by no orientation table to copy."""
    style = heading.find(f"{_W}pPr/{_W}pStyle")
    end, tables = heading.getnext(), list[Any]()
    while end is not None and end.tag != _W + "sectPr":
        same = end.find(f"{_W}pPr/{_W}pStyle")
        if (
            end.tag == _W + "p"
            and style is not None
            and same is not None
            and same.get(_W + "val") == style.get(_W + "val")
        ):
            break  # the next axis' heading
        if not tables and end.tag == _W + "p":
            tables = [t for o in axis.orientations for t in deleted_orientation(end, o, revisions)]
        end = end.getnext()
    if not tables:
        return False
    _band(tables[0], heading, axis.libelle, revisions)
    for table in tables:
        if end is None:
            heading.getparent().append(table)
        else:
            end.addprevious(table)
    return True
