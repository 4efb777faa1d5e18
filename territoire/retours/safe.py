"""Opening a foreign package safely: signature checks, zip-bomb limits, XML without entities or network."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from .remarks import ReturnError

MAX_FILE = 100 * 1024 * 1024
MAX_MEMBERS = 5000
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 256 * 1024 * 1024
MAX_RATIO = 200  # deflate rarely beats 1:20 on XML; bombs reach 1:1000
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


DOCUMENT = ("ce n'est pas un document Word (.docx) ni LibreOffice (.odt)", "ancien format .doc", ".docx ou .odt")
REGISTER = ("ce n'est pas un registre Excel (.xlsx)", "ancien format .xls", ".xlsx")


def open_package(path: Path, label: str, kind: tuple[str, str, str] = DOCUMENT) -> zipfile.ZipFile:
    """The zip of a DOCX/ODT (or of the register, `kind` REGISTER), refused with a French reason when it is
    not one or looks like a zip bomb."""
    not_one, old_format, formats = kind
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ReturnError(f"{label} : lecture impossible ({exc.strerror})") from None
    if head.startswith(_OLE):
        raise ReturnError(
            f"{label} : fichier protégé par un mot de passe (ou {old_format}) ; "
            f"demandez une version sans mot de passe, enregistrée en {formats}"
        )
    if not head.startswith(_ZIP):
        raise ReturnError(f"{label} : {not_one}")
    if size > MAX_FILE:
        raise ReturnError(f"{label} : fichier trop volumineux ({size // 1024 // 1024} Mo)")
    try:
        package = zipfile.ZipFile(path)
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReturnError(f"{label} : fichier endommagé (archive illisible)") from None
    total = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or total > MAX_TOTAL:
        raise ReturnError(f"{label} : contenu démesuré ({len(members)} éléments, {total} octets une fois décompressé)")
    for member in members:
        if member.file_size > MAX_MEMBER or member.file_size > MAX_RATIO * max(member.compress_size, 1024):
            raise ReturnError(f"{label} : « {member.filename} » se décompresse démesurément (bombe zip ?)")
    return package


def read_member(package: zipfile.ZipFile, name: str, label: str) -> bytes | None:
    """The bytes of one member (None when absent), never more than its declared size."""
    try:
        info = package.getinfo(name)
    except KeyError:
        return None
    try:
        with package.open(info) as stream:
            data = stream.read(MAX_MEMBER + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        # RuntimeError: an encrypted member (a zip password)
        raise ReturnError(f"{label} : « {name} » est endommagé ou chiffré") from None
    if len(data) > MAX_MEMBER:
        raise ReturnError(f"{label} : « {name} » se décompresse démesurément (bombe zip ?)")
    return data


def parse_xml(data: bytes, name: str, label: str) -> Any:
    """Parse one XML part: no entity expansion, no DTD, no network; a DOCTYPE is refused outright."""
    from lxml import etree

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # markup only: in text, « < » is escaped
        raise ReturnError(f"{label} : « {name} » déclare une DTD ou des entités XML, refusées par sécurité")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ReturnError(f"{label} : « {name} » n'est pas du XML valide ({exc.msg})") from None
    if root is None:
        raise ReturnError(f"{label} : « {name} » est vide")
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ReturnError(f"{label} : « {name} » déclare une DTD ou des entités XML, refusées par sécurité")
    return root
