"""ID bookmarks and source properties in the Word outputs, and that they survive a LibreOffice round trip."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

from conftest import CONTENT, require
from lxml import etree

from territoire.loader import load_plan
from territoire.wording import bookmark_name, synoptic_bookmark_name
from territoire.wordmarks import (
    PROPERTY_EDITION,
    PROPERTY_FINGERPRINT,
    bookmarked_paragraphs,
    content_fingerprint,
    paragraphs_for,
    read_custom_properties,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def properties(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return read_custom_properties(etree.fromstring(package.read("docProps/custom.xml")))


def test_every_programme_element_is_bookmarked_once(built: Path) -> None:
    plan = load_plan(CONTENT)
    for name in ("projet-de-territoire.docx", "tableaux-synoptiques.docx"):
        root = body(built / name)
        starts = [b.get(W + "name") for b in root.iter(W + "bookmarkStart")]
        assert len(starts) == len(set(starts)), "bookmark names must be unique in a Word document"
        marks = bookmarked_paragraphs(root)
        for item in plan.walk():
            if item.id and item.kind != "reprise":
                paragraphs = marks[bookmark_name(item.id)]
                text = "".join(paragraphs[0].itertext())
                assert len(paragraphs) == 1
                if item.kind == "action":
                    assert text.endswith(f"[{item.id}]"), text  # the visible ID stays as a fallback
            if item.kind in ("orientation", "objective"):
                assert synoptic_bookmark_name(item.id) in marks
    a042 = paragraphs_for(body(built / "projet-de-territoire.docx"), "A042")
    assert "lecture publique" in "".join(a042[0].itertext())


def test_custom_properties_record_edition_and_source(built: Path) -> None:
    props = properties(built / "projet-de-territoire.docx")
    assert props[PROPERTY_EDITION] == "Actualisation 2018"
    assert props[PROPERTY_FINGERPRINT] == content_fingerprint(CONTENT)
    assert properties(built / "tableaux-synoptiques.docx")[PROPERTY_FINGERPRINT] == content_fingerprint(CONTENT)


def test_bookmarks_and_properties_survive_libreoffice(built: Path, tmp_path: Path) -> None:
    soffice = require("soffice")
    source = tmp_path / "envoi.docx"
    source.write_bytes((built / "projet-de-territoire.docx").read_bytes())
    outdir = tmp_path / "retour"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(outdir), str(source)],
        capture_output=True, timeout=240, check=True,
    )  # fmt: skip
    returned = outdir / "envoi.docx"
    marks = bookmarked_paragraphs(body(returned))
    assert "lecture publique" in "".join(marks[bookmark_name("A042")][0].itertext())
    assert bookmark_name("qualite-de-vie") in marks
    assert properties(returned)[PROPERTY_FINGERPRINT] == content_fingerprint(CONTENT)
