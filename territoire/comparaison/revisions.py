"""Word revisions in WordprocessingML: runs and paragraphs marked as inserted (w:ins) or deleted (w:del).

lxml on a document.xml already built; each helper keeps the formatting (w:rPr, w:pPr) of what it marks.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from lxml import etree

from ..wordmarks import W
from .diff import word_diff

_W = "{" + W + "}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TEXT_ONLY = {_W + "rPr", _W + "t"}
_SUFFIXES = (":", "—")


class Revisions:
    """Writes w:ins / w:del with one author and date and ids unique in the document."""

    def __init__(self, author: str, date: str) -> None:
        self.author, self.date, self.next_id = author, date, 900_000

    def mark(self, tag: str) -> Any:
        self.next_id += 1
        return etree.Element(
            _W + tag, {_W + "id": str(self.next_id), _W + "author": self.author, _W + "date": self.date}
        )

    def run(self, model: Any, text: str, deleted: bool) -> Any:
        """A copy of the run `model` (its formatting) holding `text`, inside a w:del or w:ins."""
        wrapper = self.mark("del" if deleted else "ins")
        run = etree.SubElement(wrapper, _W + "r")
        props = model.find(_W + "rPr")
        if props is not None:
            run.append(_copy(props))
        _add_text(run, text, deleted)
        return wrapper

    def paragraph_mark(self, p: Any, deleted: bool) -> None:
        """The paragraph mark itself inserted or deleted (w:pPr/w:rPr/w:ins|w:del)."""
        ppr = p.find(_W + "pPr")
        if ppr is None:
            ppr = etree.Element(_W + "pPr")
            p.insert(0, ppr)
        rpr = ppr.find(_W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(ppr, _W + "rPr")
        rpr.append(self.mark("del" if deleted else "ins"))


def _copy(element: Any) -> Any:
    return deepcopy(element)


def _add_text(run: Any, text: str, deleted: bool) -> None:
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, _W + "br")
        if line:
            t = etree.SubElement(run, _W + ("delText" if deleted else "t"))
            t.text = line
            t.set(_SPACE, "preserve")


def run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(_W + "t"))


def text_runs(roots: Any, text: str) -> list[Any]:
    """The plain runs under `roots` that show `text`, alone or after a label (« Orientation 2.1 : … »)."""
    found: list[Any] = []
    if not text:
        return found
    for run in (run for root in roots for run in root.iter(_W + "r")):
        if run.getparent().tag != _W + "p":  # not the cached table of contents, which Word rebuilds
            continue
        if any(child.tag not in _TEXT_ONLY for child in run):
            continue
        shown = run_text(run)
        if shown == text or (shown.endswith(text) and shown[: -len(text)].rstrip().endswith(_SUFFIXES)):
            found.append(run)
    return found


def reword(run: Any, before: str, after: str, revisions: Revisions) -> None:
    """Replace the run by kept, deleted and inserted pieces: the label before the wording is kept as it is."""
    label = run_text(run)[: -len(after)] if after else ""
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


def insert_whole(p: Any, revisions: Revisions) -> None:
    """Mark every run of the paragraph, and its mark, as inserted."""
    for run in [r for r in p if r.tag == _W + "r"]:
        wrapper = revisions.mark("ins")
        run.addprevious(wrapper)
        wrapper.append(run)
    revisions.paragraph_mark(p, deleted=False)


def deleted_copy(anchor: Any, anchor_text: str, text: str, label: str, revisions: Revisions) -> Any:
    """A copy of the anchor paragraph (same style) showing `text`, then `label` (an action's « [A005] »), as
    deleted: it stands where a removed or moved-away element was."""
    p = etree.Element(_W + "p")
    ppr = anchor.find(_W + "pPr")
    if ppr is not None:
        p.append(_copy(ppr))
        for old_mark in p.iterfind(f"{_W}pPr/{_W}rPr"):
            old_mark.getparent().remove(old_mark)
    runs = [run for run in anchor.iter(_W + "r") if run_text(run)]
    labels = [run for run in runs if run_text(run).startswith("\u00a0[")]  # the action's discreet ID
    texts = [run for run in runs if run_text(run).endswith(anchor_text)] or [r for r in runs if r not in labels]
    p.append(revisions.run(texts[0] if texts else etree.Element(_W + "r"), text, deleted=True))
    if label:
        p.append(revisions.run(labels[0] if labels else etree.Element(_W + "r"), label, deleted=True))
    revisions.paragraph_mark(p, deleted=True)
    return p


def delete_contents(element: Any, revisions: Revisions) -> None:
    """Every run under `element` becomes deleted text (a deleted row must hold only deleted text for
    LibreOffice to remove it on acceptance), and every paragraph mark with it."""
    for run in [r for r in element.iter(_W + "r") if r.getparent().tag != _W + "del"]:
        wrapper = revisions.mark("del")
        run.addprevious(wrapper)
        wrapper.append(run)
        for text in run.iterfind(_W + "t"):
            text.tag = _W + "delText"
    for p in element.iter(_W + "p"):
        if not is_deleted(p):
            revisions.paragraph_mark(p, deleted=True)


def is_deleted(p: Any) -> bool:
    """True for a paragraph whose mark is a deletion (one of ours, standing for a removed element)."""
    return p.find(f"{_W}pPr/{_W}rPr/{_W}del") is not None


def place_after(anchor: Any, p: Any, revisions: Revisions) -> None:
    """Insert `p` after `anchor` and after the deleted paragraphs already standing there, in their order."""
    while (following := anchor.getnext()) is not None and following.tag == _W + "p" and is_deleted(following):
        anchor = following
    anchor.addnext(p)
    if p.getnext() is None and anchor.tag == _W + "p":
        # A cell ends with a paragraph mark that cannot go: what is deleted is the break before this paragraph,
        # so accepting joins the previous paragraph's text to this (same-styled, emptied) one, as Word does.
        for mark in p.iterfind(f"{_W}pPr/{_W}rPr/{_W}del"):
            mark.getparent().remove(mark)
        if not is_deleted(anchor):
            revisions.paragraph_mark(anchor, deleted=True)


def paragraph_of(run: Any) -> Any:
    while run is not None and run.tag != _W + "p":
        run = run.getparent()
    return run
