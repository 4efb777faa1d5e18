"""What our Word documents carry for the way back: ID bookmarks and the source's custom properties.

The builders write them (territoire/builders/_word.py); the returns readers (territoire/retours/) and any
post-processing (tracked revisions inserted by bookmark) find them with the helpers below, which work on
the body of a python-docx document as well as on an lxml tree parsed from a returned file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .project import content_files, file_digest
from .wording import bookmark_name, synoptic_bookmark_name

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_PART = "docProps/custom.xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id every custom document property carries (ECMA-376 part 1, §22.3.2.2)."""

PROPERTY_EDITION = "territoire.edition"
PROPERTY_FINGERPRINT = "territoire.empreinte"
PROPERTY_DOCUMENT = "territoire.document"


def content_fingerprint(content_dir: Path) -> str:
    """SHA-256 over the content files, in their stable order: which source a document was made from."""
    digest = hashlib.sha256()
    for path in content_files(content_dir):
        digest.update(path.relative_to(content_dir).as_posix().encode() + b"\0" + file_digest(path))
    return digest.hexdigest()


def custom_properties_xml(properties: dict[str, str]) -> bytes:
    """docProps/custom.xml holding `properties` as text (vt:lpwstr), in the given order."""
    from lxml import etree

    root = etree.Element(f"{{{CUSTOM}}}Properties", nsmap={None: CUSTOM, "vt": VT})
    for pid, (name, value) in enumerate(properties.items(), 2):  # pids start at 2 (§22.3.2.2)
        prop = etree.SubElement(root, f"{{{CUSTOM}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_custom_properties(root: Any) -> dict[str, str]:
    """The text of each custom property of a parsed docProps/custom.xml (any value type, as text)."""
    result = {}
    for prop in root.iterfind(f"{{{CUSTOM}}}property"):
        result[prop.get("name", "")] = "".join(prop.itertext()).strip()
    return result


def bookmarked_paragraphs(body: Any) -> dict[str, list[Any]]:
    """Bookmark name -> the w:p elements it spans, in document order (a bookmark may span several).

    A bookmark that starts or ends between paragraphs (as LibreOffice sometimes writes them) still gets
    the paragraphs it encloses; a paragraph holding a bookmark's start or end belongs to it.
    """
    open_ids: dict[str, str] = {}
    result: dict[str, list[Any]] = {}
    for element in body.iter(_W + "p", _W + "bookmarkStart", _W + "bookmarkEnd"):
        tag = element.tag
        if tag == _W + "p":
            for name in open_ids.values():
                result[name].append(element)
            continue
        mark_id = element.get(_W + "id", "")
        if tag == _W + "bookmarkStart":
            name = element.get(_W + "name", "")
            open_ids[mark_id] = name
            paragraphs = result.setdefault(name, [])
            holder = _enclosing_paragraph(element)
            if holder is not None and holder not in paragraphs:
                paragraphs.append(holder)
        elif mark_id in open_ids:
            open_ids.pop(mark_id)
    return result


def _enclosing_paragraph(element: Any) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != _W + "p":
        parent = parent.getparent()
    return parent


def paragraphs_for(body: Any, identifier: str) -> list[Any]:
    """The w:p elements of the element whose stable ID is `identifier` (its programme occurrence)."""
    return bookmarked_paragraphs(body).get(bookmark_name(identifier), [])


def synoptic_paragraphs_for(body: Any, identifier: str) -> list[Any]:
    """The w:p elements of the synthesis-table occurrence of an orientation or objective."""
    return bookmarked_paragraphs(body).get(synoptic_bookmark_name(identifier), [])
