"""The new edition's whole Word version, where every change since the old one is a real Word revision.

The DOCX builder writes the new edition; this module then marks, in its document.xml, each changed wording
with w:del / w:ins runs (author « Alès Agglomération », the new edition's date), each added element as an
inserted paragraph (a new objective's row as an inserted row), and each removed or moved-away element as a
deleted paragraph where it stood (a removed objective as a deleted row, a removed orientation as a deleted
table, a removed axis as its orientations' deleted tables after the last axis: see tables.py). Elements
are found by their ID bookmarks (wording.bookmark_name), reprises by their « [A012, action reprise] » label,
the démarche, the ambition and the timeline by their text. Accepting every revision gives back exactly the
new edition's Word version.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

from ..archive import normalise_zip
from ..builders._word import action_id
from ..typography import format_span
from ..wording import bookmark_name, synoptic_bookmark_name
from ..wordmarks import W, bookmarked_paragraphs
from .diff import elements
from .revisions import (
    Revisions,
    deleted_copy,
    insert_whole,
    paragraph_of,
    place_after,
    reword,
    run_text,
    text_runs,
)
from .tables import deleted_axis, deleted_orientation, deleted_row, insert_header, insert_row

if TYPE_CHECKING:
    from ..builders import BuildContext
    from ..model import Plan
    from .diff import Change, Comparison

_W = "{" + W + "}"
_REPRISE = "reprise:"
"""Key prefix of the reprises' paragraphs among the bookmarked ones (no bookmark name holds « : »)."""
MAX_XML = 50_000_000


def _scope(marks: dict[str, list[Any]], body: Any, ident: str) -> list[Any]:
    """Where an element is shown: its bookmarked paragraphs (programme, synthesis, reprises), else the body."""
    found = marks.get(bookmark_name(ident), []) + marks.get(synoptic_bookmark_name(ident), [])
    found += marks.get(_REPRISE + action_id(ident, reprise=True).text, [])
    return found or [body]


def _reprises(body: Any) -> dict[str, list[Any]]:
    """The paragraphs of the reprises, by their discreet label « [A012, action reprise] » (they have no bookmark)."""
    found: dict[str, list[Any]] = {}
    for run in body.iter(_W + "r"):
        text = run_text(run)
        if text.startswith("\u00a0[") and "reprise" in text:
            found.setdefault(_REPRISE + text, []).append(paragraph_of(run))
    return found


def _mark(
    body: Any, marks: dict[str, list[Any]], change: Change, plans: tuple[Plan, Plan], revisions: Revisions
) -> None:
    kinds, scope = change.kinds, _scope(marks, body, change.ident)
    if "ajouté" in kinds or "déplacé" in kinds:
        for run in text_runs(scope, change.after):
            p = paragraph_of(run)
            if p is not None and p.find(f"{_W}pPr/{_W}rPr/{_W}ins") is None:
                insert_whole(p, revisions)
                if change.element == "objective" and "ajouté" in kinds:
                    insert_row(p, revisions)
                if change.element == "orientation" and "ajouté" in kinds:
                    insert_header(p, revisions)
    elif change.before and change.after:
        for run in text_runs(scope, change.after):
            reword(run, change.before, change.after, revisions)
        if change.synoptic_after:
            for run in text_runs(scope, change.synoptic_after):
                reword(run, change.synoptic_before, change.synoptic_after, revisions)
    if "supprimé" in kinds or "déplacé" in kinds:
        _mark_removed(body, marks, change, plans, revisions)


def _mark_removed(
    body: Any, marks: dict[str, list[Any]], change: Change, plans: tuple[Plan, Plan], revisions: Revisions
) -> None:
    """A deleted paragraph after the element's last surviving predecessor in the old plan (or before the next)."""
    before, after = elements(plans[0]), elements(plans[1])
    entry = before[change.ident]
    label = action_id(change.ident, reprise=False).text if entry.item.kind == "action" else ""
    if entry.item.kind in ("action", "objective") and entry.parent not in after:
        return  # what holds it is gone too: that deleted row or table shows it
    siblings = [e for e in before.values() if e.item.kind == entry.item.kind and e.parent == entry.parent]
    index = siblings.index(entry)
    for neighbour, after_it in [
        *((s, True) for s in reversed(siblings[:index])),
        *((s, False) for s in siblings[index + 1 :]),
    ]:
        survivor = after.get(neighbour.item.id)
        if survivor is None or survivor.parent != neighbour.parent:
            continue
        for run in text_runs(marks.get(bookmark_name(survivor.item.id)) or [body], survivor.text)[:1]:
            anchor = paragraph_of(run)
            if entry.item.kind == "objective":
                row = deleted_row(anchor, entry.item.node, revisions)  # type: ignore[arg-type]
                if row is not None:
                    anchor = anchor.getparent().getparent()
                    (anchor.addnext if after_it else anchor.addprevious)(row)
                    return
            if entry.item.kind == "axis" and after_it and deleted_axis(anchor, entry.item.node, revisions):  # type: ignore[arg-type]
                return
            if entry.item.kind == "orientation":
                shown = deleted_orientation(anchor, entry.item.node, revisions)  # type: ignore[arg-type]
                if shown:
                    anchor = anchor.getnext() if after_it else anchor  # after the survivor's table
                    for element in reversed(shown) if after_it else shown:
                        (anchor.addnext if after_it else anchor.addprevious)(element)
                    return
            copy = deleted_copy(anchor, survivor.text, change.before, label, revisions)
            if after_it:
                place_after(anchor, copy, revisions)
            else:
                anchor.addprevious(copy)
            return
    parent = after.get(entry.parent)
    if entry.item.kind == "action" and parent is not None:  # no sibling left: at the end of its actions' cell
        heading = marks.get(bookmark_name(parent.item.id), [])
        cell = heading[0].getparent() if heading else None
        actions = cell.getnext() if cell is not None and cell.tag == _W + "tc" else None
        if actions is not None and len(actions):
            last = actions[len(actions) - 1]
            place_after(last, deleted_copy(last, "", change.before, label, revisions), revisions)


def _mark_lines(roots: list[Any], before: list[str], after: list[str], revisions: Revisions) -> None:
    """A part of the démarche or the ambition, or a phase of the timeline, one paragraph per line: reworded,
    inserted or deleted lines, searched under `roots`."""
    import difflib

    before, after = [line.removeprefix("– ") for line in before], [line.removeprefix("– ") for line in after]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for old, new in zip(before[i1 : i1 + pairs], after[j1 : j1 + pairs], strict=True):
            for run in text_runs(roots, new)[:1]:
                reword(run, old, new, revisions)
        for new in after[j1 + pairs : j2]:
            for run in text_runs(roots, new)[:1]:
                insert_whole(paragraph_of(run), revisions)
        anchor_line = after[j1 + pairs - 1] if j1 + pairs else (after[j2] if j2 < len(after) else None)
        for old in reversed(before[i1 + pairs : i2]):
            runs = text_runs(roots, anchor_line) if anchor_line else []
            if runs:
                anchor = paragraph_of(runs[0])
                copy = deleted_copy(anchor, anchor_line or "", old, "", revisions)
                if j1 + pairs:
                    place_after(anchor, copy, revisions)
                else:
                    anchor.addprevious(copy)


def _phase_lines(plan: Plan) -> dict[str, list[str]]:
    """Each phase's paragraphs in the Word timeline table, in document order (see builders/docx.py)."""
    from ..wording import step_title

    lines = {}
    for phase in plan.demarche.calendrier.phases:
        shown = [phase.titre, format_span(phase.debut, phase.fin)]
        for number, step in enumerate(phase.etapes, 1):
            shown += [step_title(number, step.titre), *([step.detail] if step.detail else [])]
            shown.append(format_span(step.debut, step.fin))
        for step in phase.jalons:
            shown += [step.titre, *([step.detail] if step.detail else []), format_span(step.debut, step.fin)]
        lines[phase.id] = shown
    return lines


def _timeline_table(body: Any, plan: Plan) -> list[Any]:
    """The Word timeline's table, found by its first phase's title (the whole body if it cannot be found)."""
    phases = plan.demarche.calendrier.phases
    for run in text_runs([body], phases[0].titre if phases else "\0"):
        table = run
        while table is not None and table.tag != _W + "tbl":
            table = table.getparent()
        if table is not None:
            return [table]
    return [body]


def comparison_docx(comparison: Comparison, ctx: BuildContext, old_plan: Plan) -> bytes:
    from lxml import etree

    from ..builders.docx import DocxBuilder

    built = DocxBuilder().render(ctx)
    source = zipfile.ZipFile(io.BytesIO(built))
    xml = source.read("word/document.xml")
    if len(xml) > MAX_XML:
        raise ValueError("document.xml unexpectedly large")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    body = root.find(_W + "body")
    day = ctx.plan.document.date.first_day
    revisions = Revisions(ctx.plan.document.institution, f"{day.isoformat()}T00:00:00Z")
    marks = {**bookmarked_paragraphs(body), **_reprises(body)}
    phases = {"old": _phase_lines(old_plan), "new": _phase_lines(ctx.plan)}
    timeline = _timeline_table(body, ctx.plan)
    for change in comparison.changes:
        if change.element == "section":
            _mark_lines([body], change.before.split("\n"), change.after.split("\n"), revisions)
        elif change.element == "phase":
            before, after = phases["old"].get(change.ident, []), phases["new"].get(change.ident, [])
            _mark_lines(timeline, before, after, revisions)
        else:
            _mark(body, marks, change, (old_plan, ctx.plan), revisions)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name in source.namelist():
            data = (
                etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                if name == "word/document.xml"
                else source.read(name)
            )
            target.writestr(name, data)
    return normalise_zip(out.getvalue(), ctx.when)
