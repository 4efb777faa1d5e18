"""The whole cycle, as the team runs it: collect → register → decisions → --appliquer → build."""

from __future__ import annotations

import difflib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_content, norm, pdf_text, run_build
from docx import Document
from openpyxl import load_workbook

from territoire.project import content_files

RETURNS = ROOT / "tests" / "cases" / "relecture" / "retours"


def collect(tmp_path: Path, *names: str) -> tuple[Path, Path]:
    content, output = copy_content(tmp_path), tmp_path / "output"
    result = run_build("relecture", *(str(RETURNS / n) for n in names), content=content, output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "remarque(s) lue(s)" in result.stdout
    return content, output / "relecture.xlsx"


def decide(register: Path, choose) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(register)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        row[10].value = choose({"Fichier": row[0].value, "ID": row[4].value, "Type": row[6].value})
    book.save(register)


def snapshot(content: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in content_files(content)}


def changed_lines(before: dict[Path, str], content: Path) -> dict[str, tuple[list[str], list[str]]]:
    """File name -> (old lines removed, new lines added), like `git diff`."""
    found = {}
    for path, old in before.items():
        new = path.read_text(encoding="utf-8")
        if new != old:
            diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0))
            removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
            added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
            found[path.name] = (removed, added)
    return found


def accept_changes(row: dict[str, str]) -> str:
    if row["ID"] == "A005":
        return "refuser"
    return "accepter" if row["Type"] in ("insertion", "suppression", "remplacement") else "à discuter"


def test_accepted_wording_reaches_content_then_every_output(tmp_path: Path) -> None:
    content, register = collect(tmp_path, "mairie-anduze.docx", "region-occitanie.odt", "parc-cevennes.docx")
    summary = Document(str(register.with_suffix(".docx")))
    headings = [p.text for p in summary.paragraphs if p.style.name == "Heading 2"]
    assert "A042 — orientation 2.1, objectif 2, action 2" in headings
    assert "Hors du plan — près de « Contexte »" in headings
    assert {c.text for c in summary.tables[0].rows[0].cells} <= {"mairie-anduze", "region-occitanie", "parc-cevennes"}
    decide(register, accept_changes)
    before = snapshot(content)
    trial = run_build("relecture", "--appliquer", str(register), "--essai", content=content)
    assert trial.returncode == 0, trial.stdout + trial.stderr
    assert "(après application)" in trial.stdout and "circuits courts" in trial.stdout
    assert snapshot(content) == before, "--essai writes nothing"
    applied = run_build("relecture", "--appliquer", str(register), content=content)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Bilan : " in applied.stdout and "1 refusée(s)" in applied.stdout
    assert "1 à reporter à la main" in applied.stdout  # the new paragraph, outside any element
    assert "hors du plan (près de « Aider les entreprises du territoire à se développer »)" in applied.stderr
    # Only the accepted lines changed; the author's own characters elsewhere stayed (« l'accompagnement »).
    lines = changed_lines(before, content)
    assert set(lines) == {"1-emploi.yaml", "2-qualite-de-vie.yaml"}
    removed, added = lines["1-emploi.yaml"]
    assert len(removed) == 6 and len(added) == 7  # titre_synoptique is a new line
    assert all(line.strip().startswith(("titre:", "texte:", "titre_synoptique:")) for line in removed + added)
    assert '    titre: "Soutenir le développement des entreprises dans les filières d’excellence"' in added
    assert '        titre_synoptique: "Aider les entreprises locales à se développer"' in added
    assert any("à but d’emploi durable" in line and "l'accompagnement des salariés" in line for line in added)
    assert not any("Tiers Lieux" in line for line in removed)  # refused
    assert lines["2-qualite-de-vie.yaml"][1] == [
        '            texte: "Développer la lecture publique par le travail en réseau des médiathèques et '
        'bibliothèques de l’agglomération (carte unique…)"'
    ]
    # Then a build: the new wording is in every output.
    output = tmp_path / "built"
    build = run_build(content=content, output=output)
    assert build.returncode == 0, build.stdout + build.stderr
    brochure = norm(pdf_text(output / "projet-de-territoire.pdf"))
    for text in ("et les circuits courts", "le travail en réseau", "filières d’excellence", "et du numérique"):
        assert norm(text) in brochure, text
    word = norm(" ".join(p.text for t in Document(str(output / "projet-de-territoire.docx")).tables
                         for row in t.rows for c in row.cells for p in c.paragraphs))  # fmt: skip
    assert norm("savoir-faire locaux et les circuits courts") in word and norm("à but d’emploi durable") in word
    sheet = " ".join(str(c.value) for row in load_workbook(output / "plan-d-actions.xlsx").active.iter_rows()
                     for c in row)  # fmt: skip
    assert "savoir-faire locaux et les circuits courts" in sheet
    deck = next(output.glob("*.pptx"))
    with zipfile.ZipFile(deck) as package:
        slides = " ".join(package.read(n).decode() for n in package.namelist() if n.startswith("ppt/slides/slide"))
    assert "filières d’excellence" in slides and "domaines d’excellence" not in slides


@pytest.mark.parametrize("edit_content", [False, True])
def test_conflicts_are_listed_and_never_applied(tmp_path: Path, edit_content: bool) -> None:
    content = copy_content(tmp_path)
    axis1 = content / "axes" / "1-emploi.yaml"
    if edit_content:  # the team reworded A005 after sending the document
        axis1.write_text(axis1.read_text().replace("(Tiers Lieux)", "(tiers-lieux)"), encoding="utf-8")
    result = run_build("relecture", str(RETURNS / "mairie-anduze.docx"), str(RETURNS / "departement-gard.docx"),
                       content=content, output=tmp_path / "output")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "fait depuis une autre version du contenu" in result.stdout or not edit_content
    register = tmp_path / "output" / "relecture.xlsx"
    decide(register, lambda row: "accepter")
    before = snapshot(content)
    result = run_build("relecture", "--appliquer", str(register), content=content)
    assert result.returncode == 1
    assert "conflit : A042 : propositions acceptées différentes" in result.stderr
    assert "departement-gard" in result.stderr and "mairie-anduze" in result.stderr
    lines = changed_lines(before, content)
    assert "2-qualite-de-vie.yaml" not in lines  # A042: two different accepted proposals
    removed, _added = lines["1-emploi.yaml"]
    assert any("A003" in line or "fer de lance" in line for line in removed)  # the rest is applied
    if edit_content:
        assert "le texte a changé depuis l'envoi au partenaire" in result.stderr and "A005" in result.stderr
        assert "(tiers-lieux)" in axis1.read_text()
