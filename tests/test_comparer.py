"""`build.py comparer`: two commits of real content in a temporary git repository, read back with real clients."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, pdf_text, require, run_build, soffice_pdf
from edits import EXPECTED, apply_edits
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STEM = "modifications-edition-2018-actuel"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(repo: Path, *args: str) -> None:
    require("git")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def _commit(repo: Path, message: str, tag: str | None = None) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)
    if tag:
        _git(repo, "tag", tag)


@pytest.fixture(scope="session")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """edition-2018 (today's content), casse (a content error), futur (a newer format), then one change of each kind."""
    root = tmp_path_factory.mktemp("depot")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "2018", "edition-2018")
    axis = content / "axes" / "1-emploi.yaml"
    pristine = axis.read_text(encoding="utf-8")
    axis.write_text(pristine.replace("      - id: amenager-terrains\n", "      - id: Amenager\n"), encoding="utf-8")
    _commit(root, "broken", "casse")
    axis.write_text(pristine, encoding="utf-8")
    projet = content / "projet.yaml"
    original = projet.read_text(encoding="utf-8")
    projet.write_text(original.replace("version_format: 1", "version_format: 2"), encoding="utf-8")
    _commit(root, "newer format", "futur")
    projet.write_text(original, encoding="utf-8")
    apply_edits(content)
    _commit(root, "2024")
    return root


@pytest.fixture(scope="session")
def compared(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    output = tmp_path_factory.mktemp("comparaison")
    result = run_build("comparer", "edition-2018", content=repo / "content", output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output, result.stdout


def test_writes_three_files_named_after_both_editions(compared: tuple[Path, str]) -> None:
    output, stdout = compared
    assert sorted(p.name for p in output.glob("modifications-*")) == [f"{STEM}.{s}" for s in ("docx", "pdf", "xlsx")]
    assert (
        "2 actions reformulées, 2 ajoutées, 12 supprimées, 1 déplacée, 1 objectif ajouté, 3 supprimés, "
        "1 titre synoptique modifié, 1 orientation renommée, 1 supprimée, 1 phase modifiée, "
        "2 rubriques modifiées." in stdout
    )


def test_spreadsheet_has_one_row_per_change(compared: tuple[Path, str]) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(compared[0] / f"{STEM}.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("ID", "Emplacement", "Changement", "Avant", "Après")
    assert {row[0]: row[2] for row in rows[1:]} == EXPECTED
    moved = next(row for row in rows if row[0] == "A009")
    assert moved[1] == "orientation 1.1, objectif 1, action 5 (auparavant : orientation 1.1, objectif 4, action 1)"
    reworded = next(row for row in rows if row[0] == "A002")
    assert reworded[3].endswith("pour mieux utiliser les savoir-faire locaux")
    assert reworded[4].endswith("pour valoriser les savoir-faire du territoire")


def test_pdf_summary_then_word_diff_in_plan_order(compared: tuple[Path, str]) -> None:
    import pikepdf

    path = compared[0] / f"{STEM}.pdf"
    text = " ".join(pdf_text(path).split())
    assert "Modifications entre « edition-2018 » et « actuel »" in text
    assert "2 actions reformulées, 2 ajoutées, 12 supprimées, 1 déplacée, 1 objectif ajouté, 3 supprimés" in text
    order = [text.index(f"{ident} — ") for ident in ("contexte", "preparation", "A002", "A900", "A009", "A005")]
    assert order == sorted(order)
    assert "pour mieux utiliser valoriser les savoir-faire locaux du territoire" in text  # struck, then inserted
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "fr-FR"


def _document(path: Path) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"), parser)


def _accept_all(root: etree._Element) -> etree._Element:
    """What Word's « Accept all changes » leaves: deletions gone, insertions kept as plain text."""
    for row in root.findall(f".//{W}trPr/{W}del/../.."):
        row.getparent().remove(row)
    for deleted in list(root.iter(W + "del")):
        if deleted.getparent().tag != W + "rPr":
            deleted.getparent().remove(deleted)
    for p in list(root.iter(W + "p")):  # a deleted paragraph mark joins the paragraph to the next one
        if p.find(f"{W}pPr/{W}rPr/{W}del") is not None:
            following = p.getnext()
            if following is None or following.tag != W + "p":  # before a table: nothing left to join
                p.getparent().remove(p)
                continue
            start = 1 if len(following) and following[0].tag == W + "pPr" else 0
            for child in reversed([c for c in p if c.tag != W + "pPr"]):
                following.insert(start, child)
            p.getparent().remove(p)
    for inserted in list(root.iter(W + "ins")):
        parent = inserted.getparent()
        if parent.tag in (W + "rPr", W + "trPr"):
            parent.remove(inserted)
            continue
        position = parent.index(inserted)
        for child in reversed(list(inserted)):
            parent.insert(position, child)
        parent.remove(inserted)
    return root


def _paragraph_texts(root: etree._Element) -> list[str]:
    body = root.find(W + "body")
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def test_docx_revisions_accepted_give_todays_word_version(
    repo: Path, compared: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    today = tmp_path_factory.mktemp("aujourdhui")
    result = run_build("docx", content=repo / "content", output=today)
    assert result.returncode == 0, result.stderr
    revised = _document(compared[0] / f"{STEM}.docx")
    marks = list(revised.iter(W + "ins")) + list(revised.iter(W + "del"))
    assert len(marks) >= 10
    assert {m.get(W + "author") for m in marks} == {"Alès Agglomération"}
    assert {m.get(W + "date") for m in marks} == {"2018-06-28T00:00:00Z"}
    deleted = {"".join(t.text for t in d.iter(W + "delText")).strip() for d in revised.iter(W + "del")}
    assert "Créer des espaces alternatifs de type co-working (Tiers Lieux)" in deleted  # A005, removed
    assert "mieux utiliser" in deleted and "[A005]" in deleted
    assert {"et présentation", "aux", "Agglo", "une", "Ancrer", "Construire"} <= deleted  # timeline, démarche, ambition
    susciter = [d for d in revised.iter(W + "del") if "".join(t.text for t in d.iter(W + "delText")) == "Susciter"]
    assert len(susciter) == 2  # A024 where it is defined, and where axis 3 repeats it (a reprise)
    assert len(revised.findall(f".//{W}trPr/{W}ins")) == 1  # the new objective's row
    rows = revised.findall(f".//{W}trPr/{W}del/../..")  # removed objectives' rows, with their actions
    assert len(rows) == 1 + 2 + 2  # habitat-nouveaux-besoins; the removed orientation's title and header, objectives
    gone = rows[0]
    assert "".join(t.text for t in gone.iter(W + "delText")).startswith("Développer un habitat adapté")
    assert "[A054]" in "".join(t.text for t in gone.iter(W + "delText"))
    assert _paragraph_texts(_accept_all(revised)) == _paragraph_texts(_document(today / "projet-de-territoire.docx"))


def test_libreoffice_accepts_every_revision(
    repo: Path, compared: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """LibreOffice (through python3-uno) counts the revisions, accepts them all, and reads today's Word version."""
    soffice = require("soffice")
    work = tmp_path_factory.mktemp("accepter")
    result = run_build("docx", content=repo / "content", output=work)
    assert result.returncode == 0, result.stderr
    shutil.copy(compared[0] / f"{STEM}.docx", work / "revisions.docx")
    script = Path(__file__).with_name("lo_accept.py")
    documents = [work / "revisions.docx", work / "projet-de-territoire.docx"]
    command = ["/usr/bin/python3", str(script), soffice, str(work / "profil"), *map(str, documents)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    counts = {line.split()[0]: tuple(map(int, line.split()[1:])) for line in done.stdout.splitlines()}
    assert counts["revisions.docx"][0] >= 15 and counts["revisions.docx"][1] == 0
    assert counts["projet-de-territoire.docx"] == (0, 0)
    accepted = (work / "revisions.docx.txt").read_text(encoding="utf-8-sig")
    assert accepted == (work / "projet-de-territoire.docx.txt").read_text(encoding="utf-8-sig")


def test_libreoffice_shows_the_revisions(compared: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """LibreOffice's PDF export shows tracked changes (deleted text struck through, still readable)."""
    render = soffice_pdf(compared[0] / f"{STEM}.docx", tmp_path_factory.mktemp("rendu"))
    text = " ".join(pdf_text(render).split())
    assert "Tiers Lieux" in text  # the deleted action is still shown, as a deletion
    assert "guichet numérique unique" in text  # the added one
    assert "Ancrer" in text and "Réussir la transition" in text  # the renamed orientation, old and new


def test_two_revisions_and_an_edition_with_itself(repo: Path, tmp_path: Path) -> None:
    result = run_build("comparer", "HEAD", content=repo / "content", output=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Aucune modification entre « HEAD » et « actuel » : aucun fichier écrit."
    assert not list(tmp_path.iterdir())
    result = run_build("comparer", "edition-2018", "HEAD", content=repo / "content", output=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "modifications-edition-2018-HEAD.xlsx").is_file()
    result = run_build("comparer", "HEAD~3", "HEAD", content=repo / "content", output=tmp_path)  # HEAD~3 is 2018
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "modifications-HEAD-3-HEAD.pdf").is_file()
    assert "Modifications entre « HEAD~3 » et « HEAD »" in " ".join(
        pdf_text(tmp_path / "modifications-HEAD-3-HEAD.pdf").split()
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("inexistante",), "révision « inexistante » introuvable dans le dépôt git"),
        (("futur",), "l'édition « futur » est écrite dans la version 2 du format du contenu"),
        (("a", "b", "c"), "comparer attend une ou deux éditions"),
        ((), "comparer attend une ou deux éditions"),
    ],
)
def test_bad_references(repo: Path, tmp_path: Path, arguments: tuple[str, ...], message: str) -> None:
    result = run_build("comparer", *arguments, content=repo / "content", output=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_folder_without_content(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    result = run_build("comparer", str(tmp_path / "vide"), content=repo / "content", output=tmp_path / "out")
    assert result.returncode == 2
    assert "ne contient pas de dossier content/" in result.stderr


def test_the_content_folder_itself_points_to_its_parent(repo: Path, tmp_path: Path) -> None:
    """Giving the copy's content/ rather than the copy is the likely slip: say which folder to give."""
    copy = tmp_path / "archives" / "2018"
    shutil.copytree(CONTENT, copy / "content")
    result = run_build("comparer", str(copy / "content"), content=repo / "content", output=tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"donnez le dossier qui le contient, « {copy} »" in result.stderr


def test_not_a_repository_and_git_missing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    result = run_build("comparer", "edition-2018", content=content, output=tmp_path / "out")
    assert result.returncode == 2
    assert "n'est pas dans un dépôt git" in result.stderr
    result = run_build("comparer", "edition-2018", content=content, output=tmp_path / "out", env={"PATH": ""})
    assert result.returncode == 2
    assert "git est introuvable" in result.stderr


def test_invalid_old_content_names_the_revision(repo: Path, tmp_path: Path) -> None:
    result = run_build("comparer", "casse", content=repo / "content", output=tmp_path)
    assert result.returncode == 1
    assert "casse:content/axes/1-emploi.yaml:19:13 — orientation 1.1, objectif 2 : " in result.stderr, result.stderr
    assert "identifiant « Amenager » invalide" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_removed_axis_stands_deleted_after_the_last_one(tmp_path: Path) -> None:
    """Its orientations' tables come back deleted, the first opened by the axis' heading, after the surviving
    axes (it used to be a lone deleted heading inside axis 2's first page), and accepting gives today's version."""
    shutil.copytree(CONTENT, tmp_path / "2018" / "content")
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "axes" / "3-solidarites.yaml").unlink()
    result = run_build("comparer", str(tmp_path / "2018"), content=tmp_path / "content", output=tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 axe supprimé" in result.stdout
    revised = _document(tmp_path / "out" / "modifications-2018-actuel.docx")
    body = list(revised.find(W + "body"))
    tables = [e for e in body if e.tag == W + "tbl" and e.find(f"{W}tr/{W}trPr/{W}del") is not None]
    assert len(tables) == 3  # orientations 3.1 to 3.3
    shown = ["".join(t.text for t in table.iter(W + "delText")) for table in tables]
    assert shown[0].startswith("Axe 3 — Développer les solidarités sociétales et territoriales")
    assert "Orientation 3.1" in shown[0] and "[A075]" in shown[0]
    headings = [e for e in body if "".join(t.text or "" for t in e.iter(W + "t")).startswith("Axe 2 — ")]
    assert headings and body.index(tables[0]) > body.index(headings[-1])
    lone = [p for p in body if p.tag == W + "p" and "Axe 3" in "".join(t.text for t in p.iter(W + "delText"))]
    assert not lone, "no lone deleted heading left among axis 2"
    result = run_build("docx", content=tmp_path / "content", output=tmp_path / "today")
    assert result.returncode == 0, result.stderr
    assert _paragraph_texts(_accept_all(revised)) == _paragraph_texts(
        _document(tmp_path / "today" / "projet-de-territoire.docx")
    )


def test_an_added_orientation_inserts_its_table_header_too(tmp_path: Path) -> None:
    """Rejecting the new orientation in Word or LibreOffice must not leave an empty « Objectifs » table."""
    shutil.copytree(CONTENT, tmp_path / "2018" / "content")
    shutil.copytree(CONTENT, tmp_path / "content")
    axis = tmp_path / "content" / "axes" / "2-qualite-de-vie.yaml"
    added = """
  - id: transition-climatique
    titre: "Accompagner la transition climatique"
    objectifs:
      - id: fortes-chaleurs
        titre: "Adapter le territoire aux fortes chaleurs"
        actions:
          - id: A900
            texte: "Planter des îlots de fraîcheur dans les cours d'école"
"""
    axis.write_text(axis.read_text(encoding="utf-8").rstrip("\n") + "\n" + added, encoding="utf-8")
    result = run_build("comparer", str(tmp_path / "2018"), content=tmp_path / "content", output=tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    revised = _document(tmp_path / "out" / "modifications-2018-actuel.docx")
    inserted = revised.findall(f".//{W}trPr/{W}ins/../..")
    assert len(inserted) == 2  # the header row, then the objective's row
    header = inserted[0]
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert "".join(t.text for i in header.iter(W + "ins") for t in i.iter(W + "t")).startswith("Objectifs")
    result = run_build("docx", content=tmp_path / "content", output=tmp_path / "today")
    assert result.returncode == 0, result.stderr
    assert _paragraph_texts(_accept_all(revised)) == _paragraph_texts(
        _document(tmp_path / "today" / "projet-de-territoire.docx")
    )
