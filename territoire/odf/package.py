"""ODF packages through odfdo: opened from a reference, metadata filled in, saved as strict ODF 1.3, same bytes.

Everything else in territoire/odf/ writes XML text; odfdo holds the package (parts, manifest, pictures, styles,
metadata). Parts are cleaned of any foreign vocabulary on saving (LibreOffice's « loext » extensions that a
reference restyled in LibreOffice may carry), so the files stay valid against the OASIS schema.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..archive import normalise_zip
from ..errors import UserError
from ..typography import format_moment

if TYPE_CHECKING:
    from ..model import Document as Info

VERSION = "1.3"
"""The ODF version written (and validated against): LibreOffice 7.x, what partners use, reads and writes it."""
LANGUAGE = "fr-FR"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "smil": "urn:oasis:names:tc:opendocument:xmlns:smil-compatible:1.0",
    "anim": "urn:oasis:names:tc:opendocument:xmlns:animation:1.0",
    "chart": "urn:oasis:names:tc:opendocument:xmlns:chart:1.0",
    "dr3d": "urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0",
    "form": "urn:oasis:names:tc:opendocument:xmlns:form:1.0",
    "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "math": "http://www.w3.org/1998/Math/MathML",
    "xforms": "http://www.w3.org/2002/xforms",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "grddl": "http://www.w3.org/2003/g/data-view#",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
OOO = "http://openoffice.org/2004/office"
"""The namespace of the « ooo: » prefix in the names of the settings' sets (« ooo:view-settings »): ODF names
configuration sets with namespaced tokens, and LibreOffice resolves the prefix, ignoring a set whose prefix is
undeclared (the register's frozen header was lost so). Declared on settings.xml, it stays strict ODF."""
_STANDARD = frozenset([*NS.values(), "http://www.w3.org/XML/1998/namespace"])
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items() if prefix != "manifest")
MIMETYPES = {
    "text": "application/vnd.oasis.opendocument.text",
    "spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
    "presentation": "application/vnd.oasis.opendocument.presentation",
}
_XML_PARTS = ("content.xml", "styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml")


def open_document(source: Path | bytes, what: str) -> Any:
    """An odfdo Document opened from a reference file (or bytes); a clear French error when it is missing."""
    from odfdo import Document

    if isinstance(source, bytes):
        return Document(io.BytesIO(source))
    if not source.is_file():
        raise UserError(f"{what} introuvable : {source} (régénérez-le : python -m territoire.references.odf)")
    return Document(source)


def blank(
    kind: str, styles: str = "", automatic: str = "", masters: str = "", body: str = "", body_styles: str = ""
) -> bytes:
    """A minimal strict package of `kind` (« text », « spreadsheet », « presentation »): `styles` (font faces
    and common styles), `automatic` styles and `masters` in styles.xml, `body` and its `body_styles`."""
    root = f'{XMLNS} office:version="{VERSION}"'
    parts = {
        "mimetype": MIMETYPES[kind],
        "META-INF/manifest.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="{NS["manifest"]}" '
            f'manifest:version="{VERSION}"><manifest:file-entry manifest:full-path="/" manifest:version="{VERSION}" '
            f'manifest:media-type="{MIMETYPES[kind]}"/>'
            + "".join(
                f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
                for name in ("content.xml", "styles.xml", "meta.xml")
            )
            + "</manifest:manifest>"
        ),
        "styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {root}>{styles}'
            f"<office:automatic-styles>{automatic}</office:automatic-styles>"
            f"<office:master-styles>{masters}</office:master-styles></office:document-styles>"
        ),
        "content.xml": content_xml(
            f"<office:automatic-styles>{body_styles}</office:automatic-styles><office:body><office:{kind}>{body}"
            f"</office:{kind}></office:body>"
        ).decode(),
        "meta.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {root}><office:meta/>'
        "</office:document-meta>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def content_xml(inner: str) -> bytes:
    """A content part around `inner` (automatic styles and body)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {XMLNS} office:version="{VERSION}">'
        f"{inner}</office:document-content>"
    ).encode()


def set_metadata(doc: Any, info: Info, when: dt.datetime, title: str, subject: str) -> None:
    """Title, subject, author, edition, dates and language (fr-FR on the default styles and in the metadata)."""
    meta, stamp = doc.meta, when.astimezone(dt.UTC).replace(tzinfo=None)
    meta.set_title(title)
    meta.set_subject(subject)
    meta.set_description(f"{info.conseil.instance} du {format_moment(info.conseil.date)}")
    meta.set_initial_creator(info.institution)
    meta.set_creator(info.institution)
    meta.set_keywords(", ".join(("projet de territoire", info.institution, info.edition)))
    meta.set_creation_date(stamp)
    meta.date = stamp
    meta.set_editing_cycles(1)
    meta.clear_user_defined_metadata()
    meta.set_user_defined_metadata("Édition", info.edition)
    doc.set_language(LANGUAGE)


def save(doc: Any, when: dt.datetime) -> bytes:
    """The package as deterministic, strict ODF bytes: `mimetype` first and stored, fixed dates and order."""
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        parts = {name: strict(archive.read(name)) for name in _XML_PARTS if name in names}
    return normalise_zip(data, when, first="mimetype", parts=parts)


def strict(data: bytes) -> bytes:
    """An XML part without foreign elements and attributes, at the ODF version we write."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
    root = etree.fromstring(data, parser)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace not in _STANDARD:
            _drop(element)
            continue
        for name in [n for n in element.attrib if n.startswith("{") and n[1:].split("}")[0] not in _STANDARD]:
            del element.attrib[name]
    for name in (f"{{{NS['office']}}}version", f"{{{NS['manifest']}}}version"):
        for element in (root, *root.iterfind(f"{{{NS['manifest']}}}file-entry[@{name}]")):
            if element.get(name):
                element.set(name, VERSION)
    if root.tag == f"{{{NS['office']}}}document-settings" and root.nsmap.get("ooo") != OOO:
        declared = etree.Element(root.tag, dict(root.attrib), nsmap={**root.nsmap, "ooo": OOO})
        declared.text = root.text
        declared.extend(root)  # moves the children
        root = declared
    etree.cleanup_namespaces(root, keep_ns_prefixes=["ooo"] if root.nsmap.get("ooo") == OOO else None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _drop(element: Any) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent, tail = element.getparent(), element.tail or ""
    if parent is None:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
