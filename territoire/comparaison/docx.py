"""The new edition's whole Word version, where every change since the old one is a real Word revision.

The DOCX builder writes the new edition; this module then marks, in its document.xml, each changed wording
with w:del / w:ins runs (author « Alès Agglomération », the new edition's date), each added element as an
inserted paragraph, and each removed or moved-away element as a deleted paragraph where it stood. Accepting
every revision gives back exactly the new edition's Word version.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

from ..archive import normalise_zip
from ..wording import bookmark_name, synoptic_bookmark_name
from ..wordmarks import W, bookmarked_paragraphs
from .diff import elements, word_diff

if TYPE_CHECKING:
    from ..builders import BuildContext
    from ..model import Plan
    from .diff import Change, Comparison

_W = "{" + W + "}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TEXT_ONLY = {_W + "rPr", _W + "t"}
_SUFFIXES = (":", "—")
MAX_XML = 50_000_000


class _Revisions:
    """Writes w:ins / w:del with one author and date and ids unique in the document."""

    def __init__(self, author: str, date: str) -> None:
        self.author, self.date, self.next_id = author, date, 900_000

    def mark(self, tag: str) -> Any:
        from lxml import etree

        self.next_id += 1
        return etree.Element(
            _W + tag, {_W + "id": str(self.next_id), _W + "author": self.author, _W + "date": self.date}
        )

    def run(self, model: Any, text: str, deleted: bool) -> Any:
        """A copy of the run `model` (its formatting) holding `text`, inside a w:del or w:ins."""
        from lxml import etree

        wrapper = self.mark("del" if deleted else "ins")
        run = etree.SubElement(wrapper, _W + "r")
        props = model.find(_W + "rPr")
        if props is not None:
            run.append(_copy(props))
        _add_text(run, text, deleted)
        return wrapper

    def paragraph_mark(self, p: Any, deleted: bool) -> None:
        """The paragraph mark itself inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
        from lxml import etree

        ppr = p.find(_W + "pPr")
        if ppr is None:
            ppr = etree.Element(_W + "pPr")
            p.insert(0, ppr)
        rpr = ppr.find(_W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, _W + "rPr")
        rpr.append(self.mark("del" if deleted else "ins"))


def _copy(element: Any) -> Any:
    from copy import deepcopy

    return deepcopy(element)


def _add_text(run: Any, text: str, deleted: bool) -> None:
    from lxml import etree

    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, _W + "br")
        if line:
            t = etree.SubElement(run, _W + ("delText" if deleted else "t"))
            t.text = line
            t.set(_SPACE, "preserve")


def _run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(_W + "t"))


def _text_runs(roots: Any, text: str) -> list[Any]:
    """The plain runs under `roots` that show `text`, alone or after a label (« Orientation 2.1 : … »)."""
    found = []
    for run in (run for root in roots for run in root.iter(_W + "r")):
        if run.getparent().tag != _W + "p":  # not the cached table of contents, which Word rebuilds
            continue
        if any(child.tag not in _TEXT_ONLY for child in run):
            continue
        shown = _run_text(run)
        if shown == text or (shown.endswith(text) and shown[: -len(text)].rstrip().endswith(_SUFFIXES)):
            found.append(run)
    return found


def _reword(run: Any, before: str, after: str, revisions: _Revisions) -> None:
    """Replace the run by kept, deleted and inserted pieces: the label before the wording is kept as it is."""
    from lxml import etree

    label = _run_text(run)[: -len(after)] if after else ""
    pieces = [("=", label)] if label else []
    pieces += word_diff(before, after)
    parent, position = run.getparent(), run.getparent().index(run)
    parent.remove(run)
    for op, text in pieces:
        if op == "=":
            new = etree.Element(_W + "r")
            props = run.find(_W + "rPr")
            if props is not None:
                new.append(_copy(props))
            _add_text(new, text, False)
        else:
            new = revisions.run(run, text, op == "-")
        parent.insert(position, new)
        position += 1


def _insert_whole(p: Any, revisions: _Revisions) -> None:
    """Mark every run of the paragraph, and its mark, as inserted."""
    for run in [r for r in p if r.tag == _W + "r"]:
        wrapper = revisions.mark("ins")
        run.addprevious(wrapper)
        wrapper.append(run)
    revisions.paragraph_mark(p, deleted=False)


def _deleted_copy(anchor: Any, anchor_text: str, text: str, ident: str, revisions: _Revisions) -> Any:
    """A copy of the anchor paragraph (same style) showing `text` as deleted, to stand where the element was."""
    from lxml import etree

    p = etree.Element(_W + "p")
    ppr = anchor.find(_W + "pPr")
    if ppr is not None:
        p.append(_copy(ppr))
        for old_mark in p.iterfind(f"{_W}pPr/{_W}rPr"):
            old_mark.getparent().remove(old_mark)
    for run in anchor.iter(_W + "r"):
        shown = _run_text(run)
        if shown and shown.endswith(anchor_text):
            p.append(revisions.run(run, text, deleted=True))
        elif shown.strip().startswith("[") and shown.strip().endswith("]"):  # the action's discreet ID
            p.append(revisions.run(run, f"\u00a0[{ident}]", deleted=True))
    revisions.paragraph_mark(p, deleted=True)
    return p


def _paragraph(run: Any) -> Any:
    while run is not None and run.tag != _W + "p":
        run = run.getparent()
    return run


def _scope(marks: dict[str, list[Any]], body: Any, ident: str) -> list[Any]:
    """Where an element is shown: its bookmarked paragraphs (programme and synthesis), else the whole body."""
    found = marks.get(bookmark_name(ident), []) + marks.get(synoptic_bookmark_name(ident), [])
    return found or [body]


def _mark(
    body: Any, marks: dict[str, list[Any]], change: Change, plans: tuple[Plan, Plan], revisions: _Revisions
) -> None:
    kinds, scope = change.kinds, _scope(marks, body, change.ident)
    if "ajouté" in kinds or "déplacé" in kinds:
        for run in _text_runs(scope, change.after):
            p = _paragraph(run)
            if p is not None and p.find(f"{_W}pPr/{_W}rPr/{_W}ins") is None:
                _insert_whole(p, revisions)
    elif change.before and change.after:
        for run in _text_runs(scope, change.after):
            _reword(run, change.before, change.after, revisions)
        if change.synoptic_after:
            for run in _text_runs(scope, change.synoptic_after):
                _reword(run, change.synoptic_before, change.synoptic_after, revisions)
    if "supprimé" in kinds or "déplacé" in kinds:
        _mark_removed(body, marks, change, plans, revisions)


def _mark_removed(
    body: Any, marks: dict[str, list[Any]], change: Change, plans: tuple[Plan, Plan], revisions: _Revisions
) -> None:
    """A deleted paragraph after the element's last surviving predecessor in the old plan (or before the next)."""
    before, after = elements(plans[0]), elements(plans[1])
    entry = before[change.ident]
    siblings = [e for e in before.values() if e.item.kind == entry.item.kind and e.parent == entry.parent]
    index = siblings.index(entry)
    for neighbour, after_it in [
        *((s, True) for s in reversed(siblings[:index])),
        *((s, False) for s in siblings[index + 1 :]),
    ]:
        survivor = after.get(neighbour.item.id)
        if survivor is None or survivor.parent != neighbour.parent:
            continue
        for run in _text_runs(marks.get(bookmark_name(survivor.item.id)) or [body], survivor.text)[:1]:
            anchor = _paragraph(run)
            copy = _deleted_copy(anchor, survivor.text, change.before, change.ident, revisions)
            (anchor.addnext if after_it else anchor.addprevious)(copy)
            return


def _mark_lines(body: Any, before: list[str], after: list[str], revisions: _Revisions) -> None:
    """A part of the démarche or the ambition, one paragraph per line: reworded, inserted or deleted lines."""
    import difflib

    before, after = [line.removeprefix("– ") for line in before], [line.removeprefix("– ") for line in after]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for old, new in zip(before[i1 : i1 + pairs], after[j1 : j1 + pairs], strict=True):
            for run in _text_runs([body], new)[:1]:
                _reword(run, old, new, revisions)
        for new in after[j1 + pairs : j2]:
            for run in _text_runs([body], new)[:1]:
                _insert_whole(_paragraph(run), revisions)
        anchor_line = after[j1 + pairs - 1] if j1 + pairs else (after[j2] if j2 < len(after) else None)
        for old in reversed(before[i1 + pairs : i2]):
            runs = _text_runs([body], anchor_line) if anchor_line else []
            if runs:
                anchor = _paragraph(runs[0])
                copy = _deleted_copy(anchor, anchor_line or "", old, "", revisions)
                (anchor.addnext if j1 + pairs else anchor.addprevious)(copy)


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
    revisions = _Revisions(ctx.plan.document.institution, f"{day.isoformat()}T00:00:00Z")
    marks = bookmarked_paragraphs(body)
    for change in comparison.changes:
        if change.element == "section":
            _mark_lines(body, change.before.split("\n"), change.after.split("\n"), revisions)
        elif change.element != "phase":  # the timeline's table is not marked (its cells do not follow phase_text)
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
