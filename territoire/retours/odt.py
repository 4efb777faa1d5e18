"""Reader of returned OpenDocument text files: tracked changes (text:changed-region) and annotations, by lxml.

ODF 1.3 part 3, §5.5 (change tracking) and §14.1 (annotations). Insertions are ranges between
text:change-start and text:change-end, which may span paragraphs; a deletion is a text:change point whose
deleted text is kept in the changed region.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .dates import office_date
from .remarks import Change, Extract, Note, Paragraph, ReturnError, Segment
from .safe import open_package, parse_xml, read_member

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_LOEXT = "{urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0}"
_ENCRYPTED = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}encryption-data"
_PARAGRAPHS = (_TEXT + "p", _TEXT + "h")
_SKIP = (_OFFICE + "annotation", _TEXT + "tracked-changes", _OFFICE + "annotation-end")


def _info(element: Any) -> tuple[str, Any]:
    info = element.find(_OFFICE + "change-info")
    if info is None:
        info = element
    return (info.findtext(_DC + "creator") or "").strip(), office_date(info.findtext(_DC + "date") or "")


def _regions(body: Any) -> dict[str, tuple[Change, str]]:
    """Change id -> (the change, the deleted text for a deletion)."""
    found = {}
    for region in body.iter(_TEXT + "changed-region"):
        key = region.get(_TEXT + "id") or region.get("{http://www.w3.org/XML/1998/namespace}id", "")
        for kind in region:
            if kind.tag in (_TEXT + "insertion", _TEXT + "deletion"):
                author, date = _info(kind)
                deleted = " ".join(_plain(p) for p in kind.iter(*_PARAGRAPHS)) if kind.tag == _TEXT + "deletion" else ""
                found[key] = (Change(kind.tag == _TEXT + "insertion", author, date), deleted)
    return found


def _plain(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == _TEXT + "s":
            parts.append(" " * int(child.get(_TEXT + "c", "1") or 1))
        elif child.tag in (_TEXT + "tab", _TEXT + "line-break"):
            parts.append(" ")
        elif child.tag not in _SKIP and child.tag not in _PARAGRAPHS:
            parts.append(_plain(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _in_skipped(element: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag in _SKIP:
            return True
        parent = parent.getparent()
    return False


class _Walk:
    """One pass over the body in document order, keeping open insertions, bookmarks and annotations."""

    def __init__(self, regions: dict[str, tuple[Change, str]]) -> None:
        self.regions, self.extract = regions, Extract()
        self.inserting: dict[str, Change] = {}
        self.bookmarks: dict[str, None] = {}
        self.anchors: dict[str, list[str]] = {}  # open annotation ranges
        self.closed: dict[str, list[str]] = {}
        self.paragraph = Paragraph()

    def add(self, text: str) -> None:
        if not text:
            return
        change = next(reversed(self.inserting.values())) if self.inserting else None
        self.paragraph.segments.append(Segment(text, change))
        if change is None:
            for anchor in self.anchors.values():
                anchor.append(text)

    def run(self, element: Any) -> None:
        self.add(element.text or "")
        for child in element:
            self.child(child)
            self.add(child.tail or "")

    def child(self, child: Any) -> None:
        tag, index = child.tag, len(self.extract.paragraphs)
        if tag == _TEXT + "s":
            self.add(" " * int(child.get(_TEXT + "c", "1") or 1))
        elif tag in (_TEXT + "tab", _TEXT + "line-break"):
            self.add(" ")
        elif tag == _TEXT + "change-start" and child.get(_TEXT + "change-id") in self.regions:
            change = self.regions[child.get(_TEXT + "change-id")][0]
            if change.inserted:
                self.inserting[child.get(_TEXT + "change-id")] = change
        elif tag == _TEXT + "change-end":
            self.inserting.pop(child.get(_TEXT + "change-id", ""), None)
        elif tag == _TEXT + "change" and child.get(_TEXT + "change-id") in self.regions:
            change, deleted = self.regions[child.get(_TEXT + "change-id")]
            self.paragraph.segments.append(Segment(deleted, change))
            for anchor in self.anchors.values():
                anchor.append(deleted)
        elif tag in (_TEXT + "bookmark-start", _TEXT + "bookmark"):
            name = child.get(_TEXT + "name", "")
            self.paragraph.bookmarks.append(name)
            if tag == _TEXT + "bookmark-start":
                self.bookmarks[name] = None
        elif tag == _TEXT + "bookmark-end":
            self.bookmarks.pop(child.get(_TEXT + "name", ""), None)
        elif tag == _OFFICE + "annotation":
            self.note(child, index)
        elif tag == _OFFICE + "annotation-end":
            name = child.get(_OFFICE + "name", "")
            if name in self.anchors:
                self.closed[name] = self.anchors.pop(name)
        elif tag not in _PARAGRAPHS:
            self.run(child)

    def note(self, annotation: Any, index: int) -> None:
        author, date = _info(annotation)
        text = "\n".join(_plain(p) for p in annotation.iter(*_PARAGRAPHS)).strip()
        name = annotation.get(_OFFICE + "name", "") or f"note{len(self.extract.notes)}"
        parent = annotation.get(_LOEXT + "parent-name", "") or annotation.get(_OFFICE + "parent-name", "")
        done = annotation.get(_LOEXT + "resolved", "") == "true"
        self.extract.notes.append(Note(name, author, date, text, index, "", parent, done))
        if annotation.get(_OFFICE + "name"):
            self.anchors[name] = []

    def paragraph_of(self, element: Any) -> None:
        self.paragraph = Paragraph(bookmarks=list(self.bookmarks), heading=element.tag == _TEXT + "h")
        if self.inserting:
            self.paragraph.mark = next(reversed(self.inserting.values()))
        self.run(element)
        if self.paragraph.mark is not None and any(s.change is None for s in self.paragraph.segments):
            self.paragraph.mark = None  # only a paragraph made wholly of inserted text is a new one
        self.extract.paragraphs.append(self.paragraph)


def read_odt(path: Path, label: str) -> Extract:
    with open_package(path, label) as package:
        manifest = read_member(package, "META-INF/manifest.xml", label)
        if manifest is not None and next(parse_xml(manifest, "manifest.xml", label).iter(_ENCRYPTED), None) is not None:
            raise ReturnError(f"{label} : fichier protégé par un mot de passe ; demandez une version sans mot de passe")
        content = read_member(package, "content.xml", label)
        if content is None:
            raise ReturnError(f"{label} : ce n'est pas un document OpenDocument (content.xml manquant)")
        root = parse_xml(content, "content.xml", label)
        meta = read_member(package, "meta.xml", label)
        meta_root = parse_xml(meta, "meta.xml", label) if meta else None
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise ReturnError(f"{label} : ce n'est pas un document texte OpenDocument")
    walk = _Walk(_regions(body))
    for element in body.iter(*_PARAGRAPHS):
        if not _in_skipped(element) and element.getparent().tag not in _PARAGRAPHS:
            walk.paragraph_of(element)
    notes = walk.extract.notes
    walk.extract.notes = [
        Note(n.key, n.author, n.date, n.text, n.paragraph, "".join(walk.closed.get(n.key, [])), n.parent,
             n.done)
        for n in notes
    ]  # fmt: skip
    if meta_root is not None:
        for prop in meta_root.iter(_META + "user-defined"):
            walk.extract.properties[prop.get(_META + "name", "")] = (prop.text or "").strip()
    return walk.extract
