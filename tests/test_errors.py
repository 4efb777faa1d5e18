"""Broken content: every mistake gets a located French message, exit 1, and output/ stays untouched."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, run_build

CASES = sorted((ROOT / "tests" / "cases" / "broken").iterdir())


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good build of the web page, standing in for the outputs a team already has."""
    output = tmp_path_factory.mktemp("good-output")
    result = run_build("html", output=output)
    assert result.returncode == 0, result.stderr
    return output


def _broken_project(case: Path, tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    deleted = case / "deleted.txt"
    if deleted.is_file():
        for name in deleted.read_text().split():
            (content / name).unlink()
    if (case / "content").is_dir():
        shutil.copytree(case / "content", content, dirs_exist_ok=True)
    return content


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 25


def _build(case: Path, tmp_path: Path, output: Path) -> tuple[int, str]:
    """Build the broken project as a user would, in its own process: its content/, and its own assets/ and
    templates/ when the case replaces some of their files (else the packaged ones)."""
    for folder in ("assets", "templates"):
        if (case / folder).is_dir():
            shutil.copytree(ROOT / folder, tmp_path / folder)
            shutil.copytree(case / folder, tmp_path / folder, dirs_exist_ok=True)
    result = run_build("--projet", str(tmp_path), "--sortie", str(output), cwd=tmp_path)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_content_is_reported(case: Path, tmp_path: Path, previous_build: Path) -> None:
    _broken_project(case, tmp_path)
    before = _snapshot(previous_build)
    code, report = _build(case, tmp_path, previous_build)
    expected = [line.strip() for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines() if line]
    # the regenerating command names the Python that has the project's libraries: here, the suite's own
    reported = [line.strip().replace(sys.executable, "python") for line in report.splitlines() if " — " in line]
    assert code == 1, report
    assert reported == expected
    assert "Traceback" not in report
    assert "Aucun document n'a été modifié." in report
    assert _snapshot(previous_build) == before


def test_check_reports_the_same_errors_without_building(tmp_path: Path) -> None:
    case = ROOT / "tests" / "cases" / "broken" / "30-erreurs-dans-plusieurs-fichiers"
    _broken_project(case, tmp_path)
    result = run_build("check", "--contenu", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert "2 erreurs dans le contenu" in result.stderr
    assert "content/projet.yaml:5:1 — projet : clé inconnue « devis »" in result.stderr


def test_missing_content_folder_is_one_clear_error(tmp_path: Path) -> None:
    result = run_build("check", "--contenu", "contenu-absent", cwd=tmp_path)
    assert result.returncode == 1
    assert "1 erreur dans le contenu" in result.stderr
    assert "contenu-absent — dossier de contenu introuvable" in result.stderr


def test_huge_file_is_refused(tmp_path: Path) -> None:
    content = _broken_project(ROOT / "tests" / "cases" / "broken" / "01-tabulation", tmp_path)
    (content / "axes" / "3-solidarites.yaml").write_text("# " + "x" * 1_100_000 + "\n", encoding="utf-8")
    result = run_build("check", "--contenu", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert "content/axes/3-solidarites.yaml — fichier trop volumineux" in result.stderr
