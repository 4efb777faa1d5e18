"""Reader of returned Word files (Word or LibreOffice): tracked changes, comments and their threads, by lxml.

python-docx 1.2 reads comments but not where they are anchored, and its Paragraph.text leaves out both
inserted and deleted text, so the WordprocessingML is read here directly (ECMA-376 part 1, §17.13).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..wordmarks import CUSTOM_PART, W, bookmarked_paragraphs, read_custom_properties
from .dates import office_date
from .remarks import Change, Extract, Note, Paragraph, ReturnError, Segment
from .safe import open_package, parse_xml, read_member

_W = "{" + W + "}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_W16DU = "{http://schemas.microsoft.com/office/word/2023/wordml/word16du}"
_CHANGES = {_W + "ins": True, _W + "moveTo": True, _W + "del": False, _W + "moveFrom": False}
_BLANKS = {_W + "tab", _W + "br", _W + "cr"}
_HEADING_STYLES = ("heading", "titre", "partie", "sous-partie", "souspartie")


def _change(element: Any, inserted: bool) -> Change:
    date = office_date(element.get(_W + "date", ""), element.get(_W16DU + "dateUtc", ""))
    return Change(inserted, element.get(_W + "author", "") or "", date)


def _state(element: Any, paragraph: Any, cache: dict[Any, Change | None]) -> Change | None:
    """The tracked change an element of `paragraph` belongs to (its nearest w:ins/w:del/w:move* ancestor)."""
    parent = element.getparent()
    while parent is not None and parent is not paragraph:
        if parent.tag in _CHANGES:
            if parent not in cache:
                cache[parent] = _change(parent, _CHANGES[parent.tag])
            return cache[parent]
        parent = parent.getparent()
    return None


def _is_heading(p: Any) -> bool:
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return False
    style = ppr.find(_W + "pStyle")
    name = (style.get(_W + "val", "") if style is not None else "").casefold()
    return ppr.find(_W + "outlineLvl") is not None or name.startswith(_HEADING_STYLES)


def _mark(p: Any) -> Change | None:
    """An inserted or deleted paragraph mark (w:pPr/w:rPr/w:ins or w:del)."""
    rpr = p.find(f"{_W}pPr/{_W}rPr")
    if rpr is None:
        return None
    for tag in (_W + "ins", _W + "del"):
        found = rpr.find(tag)
        if found is not None:
            return _change(found, tag == _W + "ins")
    return None


def _comments(package: Any, label: str) -> dict[str, tuple[str, Any, str, str, str, bool]]:
    """Comment id -> (author, date, text, id of the comment it answers, paraId, done)."""
    data = read_member(package, "word/comments.xml", label)
    if data is None:
        return {}
    threads: dict[str, tuple[str, bool]] = {}
    extended = read_member(package, "word/commentsExtended.xml", label)
    if extended is not None:
        for ex in parse_xml(extended, "commentsExtended.xml", label).iter(_W15 + "commentEx"):
            threads[ex.get(_W15 + "paraId", "")] = (ex.get(_W15 + "paraIdParent", ""), ex.get(_W15 + "done") == "1")
    found, by_para = {}, {}
    for comment in parse_xml(data, "comments.xml", label).iter(_W + "comment"):
        key = comment.get(_W + "id", "")
        paragraphs = comment.findall(_W + "p")
        text = "\n".join("".join(t.text or "" for t in p.iter(_W + "t")) for p in paragraphs).strip()
        para_id = paragraphs[-1].get(_W14 + "paraId", "") if paragraphs else ""
        date = office_date(comment.get(_W + "date", ""), comment.get(_W16DU + "dateUtc", ""))
        parent_para, done = threads.get(para_id, ("", False))
        found[key] = (comment.get(_W + "author", "") or "", date, text, parent_para, para_id, done)
        by_para[para_id] = key
    return {k: (a, d, t, by_para.get(pp, "") if pp else "", pi, done) for k, (a, d, t, pp, pi, done) in found.items()}


def read_docx(path: Path, label: str) -> Extract:
    """Every paragraph (table cells included) with its changes and bookmarks, and every comment."""
    with open_package(path, label) as package:
        document = read_member(package, "word/document.xml", label)
        if document is None:
            raise ReturnError(f"{label} : ce n'est pas un document Word (word/document.xml manquant)")
        root = parse_xml(document, "document.xml", label)
        comments = _comments(package, label)
        custom = read_member(package, CUSTOM_PART, label)
        properties = read_custom_properties(parse_xml(custom, "custom.xml", label)) if custom else {}
    body = root.find(_W + "body")
    if body is None:
        raise ReturnError(f"{label} : document Word sans corps de texte")
    marks: dict[Any, list[str]] = {}
    for name, paragraphs in bookmarked_paragraphs(body).items():
        for p in paragraphs:
            marks.setdefault(p, []).append(name)
    extract = Extract(properties=properties)
    anchors: dict[str, list[str]] = {}  # open comment ranges
    closed: dict[str, list[str]] = {}
    placed: dict[str, int] = {}
    cache: dict[Any, Change | None] = {}
    for p in body.iter(_W + "p"):
        index = len(extract.paragraphs)
        paragraph = Paragraph(bookmarks=marks.get(p, []), heading=_is_heading(p), mark=_mark(p))
        for element in p.iter(_W + "t", _W + "delText", _W + "commentRangeStart", _W + "commentRangeEnd",
                              _W + "commentReference", *_BLANKS):  # fmt: skip
            tag = element.tag
            if tag in (_W + "t", _W + "delText") or tag in _BLANKS:
                text = " " if tag in _BLANKS else element.text or ""
                change = _state(element, p, cache)
                paragraph.segments.append(Segment(text, change))
                if change is None or not change.inserted:
                    for open_anchor in anchors.values():
                        open_anchor.append(text)
            elif tag == _W + "commentRangeStart":
                key = element.get(_W + "id", "")
                anchors[key], placed[key] = [], index
            elif tag == _W + "commentRangeEnd":
                key = element.get(_W + "id", "")
                if key in anchors:
                    closed[key] = anchors.pop(key)
            else:
                placed.setdefault(element.get(_W + "id", ""), index)
        extract.paragraphs.append(paragraph)
    for key, (author, date, text, parent, _para, done) in comments.items():
        anchor = "".join(closed.get(key, anchors.get(key, [])))
        extract.notes.append(Note(key, author, date, text, placed.get(key, -1), anchor, parent, done))
    return extract
