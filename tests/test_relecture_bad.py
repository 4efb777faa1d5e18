"""Bad returned files and bad registers: a French message naming the file, never a traceback, others still read."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
from conftest import ROOT, copy_content, run_build
from openpyxl import load_workbook

RELECTURE = ROOT / "tests" / "cases" / "relecture"
GOOD = RELECTURE / "retours" / "mairie-anduze.docx"
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
          + b"".join(b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((98 + i,) + (97 + i,) * 10)
                     for i in range(8))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>")  # fmt: skip
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")  # fmt: skip


def package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def foreign_docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph("Compte rendu de la réunion du comité de quartier.")
    document.add_comment(paragraph.runs, text="À relire", author="Quelqu'un")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BAD = {
    "notes.txt": (b"bonjour", "ni .docx ni .odt"),
    "faux.docx": (b"Ceci n'est pas un document Word", "ce n'est pas un document Word (.docx) ni LibreOffice (.odt)"),
    "coupe.docx": (GOOD.read_bytes()[:3000], "fichier endommagé"),
    "chiffre.docx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088), "protégé par un mot de passe"),
    "etranger.docx": (foreign_docx(), "ne vient pas du Projet de Territoire"),
    "bombe.docx": (package({"word/document.xml": b" " * 30_000_000}), "bombe zip"),
    "entites.docx": (package({"word/document.xml": LAUGHS}), "déclare une DTD ou des entités XML"),
    "externe.docx": (package({"word/document.xml": EXTERNAL}), "déclare une DTD ou des entités XML"),
}


def test_every_bad_file_is_named_and_the_good_one_still_read(tmp_path: Path) -> None:
    returns = tmp_path / "retours"
    returns.mkdir()
    for name, (data, _message) in BAD.items():
        (returns / name).write_bytes(data)
    shutil.copy(RELECTURE / "mauvais" / "protege.odt", returns)  # encrypted by LibreOffice itself
    shutil.copy(GOOD, returns)
    output = tmp_path / "output"
    result = run_build("relecture", str(returns), content=copy_content(tmp_path), output=output)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout and "root:" not in result.stderr + result.stdout
    for name, (_data, message) in BAD.items():
        line = next((ln for ln in result.stderr.splitlines() if f"{name} :" in ln), "")
        assert message in line, (name, result.stderr)
    assert any("protege.odt" in ln and "mot de passe" in ln for ln in result.stderr.splitlines())
    files = {row[0].value for row in load_workbook(output / "relecture.xlsx").active.iter_rows(min_row=2)}
    assert files == {"mairie-anduze.docx"}


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "retours").mkdir()
    result = run_build("relecture", str(tmp_path / "retours"), content=copy_content(tmp_path),
                       output=tmp_path / "output")  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "dossier vide" in result.stderr and "Aucun fichier de retour lu" in result.stderr
    assert not (tmp_path / "output" / "relecture.xlsx").exists()


def _register(tmp_path: Path) -> tuple[Path, Path]:
    content, output = copy_content(tmp_path), tmp_path / "output"
    assert run_build("relecture", str(GOOD), content=content, output=output).returncode == 0
    return content, output / "relecture.xlsx"


def _apply(content: Path, register: Path) -> str:
    before = {p: p.read_bytes() for p in content.rglob("*.yaml")}
    result = run_build("relecture", "--appliquer", str(register), content=content)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in content.rglob("*.yaml")} == before, "a bad register writes nothing"
    return result.stderr


def test_register_with_reordered_or_renamed_columns(tmp_path: Path) -> None:
    content, register = _register(tmp_path)
    book = load_workbook(register)
    sheet = book.active
    sheet["A1"], sheet["B1"] = sheet["B1"].value, sheet["A1"].value
    book.save(register)
    assert "colonnes dans le désordre" in _apply(content, register)
    sheet["A1"], sheet["B1"] = "Fichier", "Organisme"
    book.save(register)
    message = _apply(content, register)
    assert "colonnes manquantes ou renommées : Partenaire" in message and "relecture.xlsx" in message


def test_register_with_an_unknown_decision(tmp_path: Path) -> None:
    content, register = _register(tmp_path)
    book = load_workbook(register)
    book.active["K2"], book.active["K3"] = "accepter", "oui"
    book.save(register)
    assert "relecture.xlsx:K3 : décision inconnue « oui » (attendu : accepter, refuser, à discuter)" in _apply(
        content, register
    )


def test_a_register_that_is_not_a_workbook(tmp_path: Path) -> None:
    content, register = _register(tmp_path)
    register.write_bytes(b"pas un classeur")
    assert "relecture.xlsx : ce n'est pas un registre Excel (.xlsx)" in _apply(content, register)
