"""The command a communications officer types: French help, report, exit codes, atomic writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, run_build


def test_help_is_in_french() -> None:
    result = run_build("--help")
    assert result.returncode == 0
    assert "Utilisation :" in result.stdout
    assert "affiche cette aide et quitte" in result.stdout
    assert "Cibles :" in result.stdout and "html" in result.stdout
    assert "usage:" not in result.stdout and "show this help" not in result.stdout
    assert result.stdout.startswith("Utilisation : python3 build.py [-h]")


def test_options_may_follow_a_command(tmp_path: Path) -> None:
    """« comparer -v 2018 » or « imprimeur -f »: an option typed after the command used to end in
    « arguments inconnus : 2018 »."""
    shutil.copytree(ROOT / "content", tmp_path / "2018" / "content")
    result = run_build("comparer", "-v", str(tmp_path / "2018"), output=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Aucune modification entre « " in result.stdout


def test_unknown_target_lists_known_ones() -> None:
    result = run_build("brochure-inexistante")
    assert result.returncode == 2
    assert "cible inconnue : brochure-inexistante" in result.stderr
    assert "Cibles possibles : " in result.stderr and "html" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_option_is_explained_in_french() -> None:
    result = run_build("--vite")
    assert result.returncode == 2
    assert "Erreur : arguments inconnus : --vite" in result.stderr


def test_check_validates_only(tmp_path: Path) -> None:
    result = run_build("check", output=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Contenu valide : 117 actions" in result.stdout
    assert not (tmp_path / "out").exists()


def test_check_imports_no_renderer() -> None:
    code = (
        "import sys; from territoire.cli import main; main(['check', '-q']); "
        "heavy = {'weasyprint', 'docx', 'pptx', 'openpyxl', 'cairosvg'} & set(sys.modules); print(sorted(heavy))"
    )
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_build_report_and_named_target(tmp_path: Path) -> None:
    result = run_build("html", output=tmp_path)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "projet-de-territoire.html"
    assert page.is_file()
    assert "projet-de-territoire.html" in result.stdout and "Ko" in result.stdout
    assert "1 document(s) écrit(s)" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [page.name]
    assert not list(tmp_path.glob(".*.tmp"))


def test_html_is_escaped_and_typeset(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    axis = content / "axes" / "1-emploi.yaml"
    text = axis.read_text(encoding="utf-8")
    text = text.replace(
        'texte: "Soutenir des projets sylvicoles innovants"', "texte: \"<script>alert('x')</script> {{ 7*7 }} l'essai\""
    )
    axis.write_text(text, encoding="utf-8")
    result = run_build("html", content=content, output=tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "projet-de-territoire.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(’x’)&lt;/script&gt; {{ 7*7 }} l’essai" in page
    assert "<script>" not in page


def test_unusable_output_folder_is_explained_in_french(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    result = run_build("html", output=blocker / "sortie")
    assert result.returncode == 2
    assert "le dossier de sortie" in result.stderr and "n'est pas un dossier" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_output_that_cannot_be_written_fails_alone(tmp_path: Path) -> None:
    output = tmp_path / "out"
    (output / "projet-de-territoire.html").mkdir(parents=True)  # a folder where the page should go
    result = run_build("html", "xlsx", output=output)
    assert result.returncode == 1
    assert "écriture impossible (un dossier porte déjà ce nom)" in result.stderr
    assert "Traceback" not in result.stderr
    assert (output / "plan-d-actions.xlsx").is_file()


def test_imprimeur_refuses_targets_it_would_not_build(tmp_path: Path) -> None:
    result = run_build("imprimeur", "pdf", output=tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "imprimeur s'utilise seul : lancez « python3 build.py pdf » à part" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
