"""`relecture` as typed by the team: options in any order, French help, hints that name the same project,
and a second --appliquer of the same register after a conflict was settled."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, require, run_build, soffice_pdf
from lxml import etree
from openpyxl import load_workbook

GOOD = ROOT / "tests" / "cases" / "relecture" / "retours" / "mairie-anduze.docx"


def project_copy(tmp_path: Path) -> Path:
    """A project folder of its own: content/ only (templates and assets are the packaged ones)."""
    project = tmp_path / "projet"
    shutil.copytree(ROOT / "content", project / "content")
    return project


def test_relecture_after_the_global_options(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    result = run_build("--projet", str(project), "relecture", str(GOOD))
    assert result.returncode == 0, result.stderr
    assert "cible inconnue" not in result.stderr
    assert (project / "output" / "relecture.xlsx").is_file()


def test_relecture_help_is_french() -> None:
    result = run_build("relecture", "--help")
    assert result.returncode == 0
    assert "affiche cette aide et quitte" in result.stdout and "show this help" not in result.stdout


def test_the_hints_name_the_same_project(tmp_path: Path) -> None:
    """A team working with --projet must be told the command for that project, not the default one."""
    project = project_copy(tmp_path)
    collected = run_build("relecture", str(GOOD), "--projet", str(project))
    assert collected.returncode == 0, collected.stderr
    hint = next(line for line in collected.stdout.splitlines() if "--appliquer" in line)
    assert hint.endswith(f"relecture --appliquer {project / 'output' / 'relecture.xlsx'} --projet {project}"), hint
    register = project / "output" / "relecture.xlsx"
    accept(register, {"A042"})
    applied = run_build("relecture", "--appliquer", str(register), "--projet", str(project))
    assert applied.returncode == 0, applied.stderr
    rebuild = next(line for line in applied.stdout.splitlines() if line.startswith("Relancez"))
    assert f"--projet {project}" in rebuild, rebuild


def accept(register: Path, ids: set[str]) -> None:
    book = load_workbook(register)
    for row in book.active.iter_rows(min_row=2):
        if row[4].value in ids and row[6].value != "commentaire":
            row[10].value = "accepter"
    book.save(register)


def test_applying_the_same_register_again_is_not_a_conflict(tmp_path: Path) -> None:
    """The team applies, settles a conflict in the register, applies again: what is already in content/ is
    said so, not reported as a conflict."""
    project = project_copy(tmp_path)
    assert run_build("relecture", str(GOOD), "--projet", str(project)).returncode == 0
    register = project / "output" / "relecture.xlsx"
    accept(register, {"A042", "A002"})
    first = run_build("relecture", "--appliquer", str(register), "--projet", str(project))
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")}
    again = run_build("relecture", "--appliquer", str(register), "--projet", str(project))
    assert again.returncode == 0, again.stderr
    assert "conflit :" not in again.stderr
    assert "2 déjà dans content/" in again.stdout, again.stdout
    assert {p: p.read_bytes() for p in (project / "content").rglob("*.yaml")} == before


def test_a_register_that_is_not_a_workbook_is_named_as_such(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    for name, data in (("faux.xlsx", b"pas un classeur"), ("retour.docx", GOOD.read_bytes())):
        (tmp_path / name).write_bytes(data)
        result = run_build("relecture", "--appliquer", str(tmp_path / name), "--projet", str(project))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"{name} : ce n'est pas un registre Excel (.xlsx)" in result.stderr, result.stderr
        assert "Exception" not in result.stderr and "Word" not in result.stderr


def test_a_file_returned_without_any_remark_is_said_so(tmp_path: Path) -> None:
    """A partner who edited without tracking changes sends a file with nothing to collect: say so, by name."""
    project = project_copy(tmp_path)
    assert run_build("docx", "--projet", str(project)).returncode == 0
    returned = tmp_path / "commune de Lédignan.docx"
    shutil.copy(project / "output" / "projet-de-territoire.docx", returned)
    result = run_build("relecture", str(returned), str(GOOD), "--projet", str(project))
    assert result.returncode == 0, result.stderr
    line = next((ln for ln in result.stdout.splitlines() if "Lédignan" in ln), "")
    assert "aucune remarque" in line and "suivi des modifications" in line, result.stdout
    assert not any("mairie-anduze" in ln and "aucune remarque" in ln for ln in result.stdout.splitlines())


def overlapping_lines(pdf: Path) -> list[tuple[str, str]]:
    """Pairs of text lines that poppler finds drawn over each other (more than a third of a line)."""
    require("pdftotext")
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(layout, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    found = []
    for page in root.iter("{*}page"):
        lines = [([float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")],
                  " ".join(w.text or "" for w in line.iter("{*}word"))) for line in page.iter("{*}line")]  # fmt: skip
        for number, (a, text_a) in enumerate(lines):
            for b, text_b in lines[number + 1 :]:
                if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 4 and b[1] < a[3] - 4:
                    found.append((text_a, text_b))
    return found


def test_the_register_rows_are_tall_enough_in_libreoffice(tmp_path: Path) -> None:
    """The team opens the register in LibreOffice: a long « Texte envoyé » must not run over the next row."""
    project = project_copy(tmp_path)
    assert run_build("relecture", str(GOOD), "--projet", str(project)).returncode == 0
    pdf = soffice_pdf(project / "output" / "relecture.xlsx", tmp_path / "rendu")
    assert "travail en réseau" in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert overlapping_lines(pdf) == []
    first_page = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    assert all(column in first_page for column in ("Fichier", "Texte proposé", "Décision", "Réponse")), first_page


def test_relecture_without_a_returns_folder_says_where_to_put_the_files(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    result = run_build("relecture", "--projet", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "créez-le" in result.stderr and ".docx ou .odt" in result.stderr, result.stderr
    assert not (project / "output").exists()


def test_an_accepted_comment_is_counted_in_the_summary(tmp_path: Path) -> None:
    """Every accepted row is accounted for in the « Bilan » line: a comment has nothing to write, and says so."""
    project = project_copy(tmp_path)
    assert run_build("relecture", str(GOOD), "--projet", str(project)).returncode == 0
    register = project / "output" / "relecture.xlsx"
    book = load_workbook(register)
    for row in book.active.iter_rows(min_row=2):
        if row[4].value == "qualite-de-vie" and row[6].value == "commentaire":
            row[10].value = "accepter"
    book.save(register)
    result = run_build("relecture", "--appliquer", str(register), "--essai", "--projet", str(project))
    assert result.returncode == 0, result.stderr
    assert "1 acceptée(s), dont 0 à écrire (essai, rien n'a été écrit), 1 commentaire(s) sans texte à écrire" in (
        result.stdout
    ), result.stdout


def test_a_returned_pdf_or_doc_says_what_to_ask_the_partner_for(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    returns = project / "retours"
    returns.mkdir()
    (returns / "ancien.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (returns / "annote.pdf").write_bytes(b"%PDF-1.7\n")
    shutil.copy(GOOD, returns)
    result = run_build("relecture", "--projet", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "ancien.doc : ni .docx ni .odt, fichier ignoré (ancien format Word : ouvrez-le et enregistrez-le en .docx)"
        in (result.stderr)
    )
    assert "annote.pdf : ni .docx ni .odt, fichier ignoré (les annotations d'un PDF" in result.stderr
    assert (project / "output" / "relecture.xlsx").is_file()


def test_the_team_may_rewrite_the_proposed_text_in_the_register(tmp_path: Path) -> None:
    """In Excel the team retypes « Texte proposé »: without the « [A042] » or « Axe 2 — » the chain writes, and
    for a comment as the element's whole new wording (not only the few words the comment was anchored to)."""
    project = project_copy(tmp_path)
    assert run_build("relecture", str(GOOD), "--projet", str(project)).returncode == 0
    register = project / "output" / "relecture.xlsx"
    book = load_workbook(register)
    for row in book.active.iter_rows(min_row=2):
        if row[4].value == "A042":
            row[8].value, row[10].value = "Développer la lecture publique en réseau (carte unique…)", "accepter"
        if row[4].value == "qualite-de-vie" and row[6].value == "commentaire":
            row[8].value, row[10].value = "Améliorer la qualité de vie de tous les habitants", "accepter"
    book.save(register)
    result = run_build("relecture", "--appliquer", str(register), "--projet", str(project))
    assert result.returncode == 0, result.stderr
    assert "à reporter à la main" not in result.stderr, result.stderr
    axis = (project / "content" / "axes" / "2-qualite-de-vie.yaml").read_text(encoding="utf-8")
    assert 'titre: "Améliorer la qualité de vie de tous les habitants"\n' in axis
    assert 'texte: "Développer la lecture publique en réseau (carte unique…)"\n' in axis


def test_a_register_saved_as_ods_by_libreoffice_says_how_to_save_it(tmp_path: Path) -> None:
    """LibreOffice offers to keep its own format on saving: the register then comes back as .ods."""
    project = project_copy(tmp_path)
    assert run_build("relecture", str(GOOD), "--projet", str(project)).returncode == 0
    soffice = require("soffice")
    converted = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "ods", "--outdir",
         str(tmp_path), str(project / "output" / "relecture.xlsx")], capture_output=True, timeout=240,
    )  # fmt: skip
    assert converted.returncode == 0 and (tmp_path / "relecture.ods").is_file()
    result = run_build("relecture", "--appliquer", str(tmp_path / "relecture.ods"), "--projet", str(project))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "relecture.ods : ce n'est pas un registre Excel (.xlsx) : il a été enregistré au format LibreOffice" in (
        result.stderr
    ), result.stderr


def test_collecting_again_keeps_the_decisions_already_made(tmp_path: Path) -> None:
    """A new partner's file arrives when half the register is decided: collecting again must not erase the
    team's decisions and answers; one that no longer matches a remark keeps the old register aside."""
    project = project_copy(tmp_path)
    assert run_build("relecture", str(GOOD), "--projet", str(project)).returncode == 0
    register = project / "output" / "relecture.xlsx"
    book = load_workbook(register)
    for row in book.active.iter_rows(min_row=2):
        if row[4].value == "A042":
            row[10].value, row[11].value = "accepter", "Merci, repris"
        if row[4].value == "A005":
            row[10].value, row[8].value = "refuser", "retouché par l'équipe"
    book.save(register)
    later = GOOD.with_name("region-occitanie.docx")
    result = run_build("relecture", str(GOOD), str(later), "--projet", str(project))
    assert result.returncode == 0, result.stderr
    assert "1 décision(s) ou réponse(s) du registre précédent reprise(s)" in result.stdout, result.stdout
    assert "relecture-precedent.xlsx" in result.stdout
    rows = [r for r in load_workbook(register).active.iter_rows(min_row=2, values_only=True)]
    assert {r[0] for r in rows} == {"mairie-anduze.docx", "region-occitanie.docx"}
    decided = {(r[0], r[4]): (r[10], r[11]) for r in rows if r[10] or r[11]}
    assert decided == {("mairie-anduze.docx", "A042"): ("accepter", "Merci, repris")}
    previous = load_workbook(project / "output" / "relecture-precedent.xlsx").active
    assert any(r[10] == "refuser" for r in previous.iter_rows(min_row=2, values_only=True))
