"""The reference generators as the README has the team run them, in a project folder."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGED = {"word": ROOT / "templates" / "word" / "reference.docx", "deck": ROOT / "templates" / "deck" / "master.pptx"}


@pytest.mark.parametrize("generator", ["word", "deck"])
def test_a_project_without_templates_is_told_instead_of_rewriting_the_packaged_ones(
    tmp_path: Path, generator: str
) -> None:
    """A project with its own theme but no templates/ uses the packaged templates: regenerating must not write
    its colours into them (every other project shares them), nor make a partial templates/ that would hide
    the packaged PDF templates."""
    project = tmp_path / "mon-projet"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copytree(ROOT / "assets", project / "assets")
    theme = project / "assets" / "theme.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace("#1D3557", "#123456"), encoding="utf-8")
    before = hashlib.sha256(PACKAGED[generator].read_bytes()).hexdigest()
    command = [sys.executable, "-m", f"territoire.references.{generator}"]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)
    assert hashlib.sha256(PACKAGED[generator].read_bytes()).hexdigest() == before
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ceux livrés avec le paquet" in result.stderr and "cp -r " in result.stderr, result.stderr
    assert not (project / "templates").exists()
    given = project / "reference" / PACKAGED[generator].name
    named = subprocess.run([*command, str(given)], cwd=project, capture_output=True, text=True, timeout=120)
    assert named.returncode == 0 and given.is_file(), named.stderr  # a file given is still written


def test_the_command_check_gives_for_a_broken_reference_works_as_typed(tmp_path: Path) -> None:
    """`check` names the command that regenerates a broken reference.docx: typed as given, in the project, it
    must work (a bare `python` is not the one that has the project's libraries)."""
    project = tmp_path / "mon-projet"
    for folder in ("content", "templates", "assets"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "templates" / "word" / "reference.docx").write_bytes(b"pas un document Word")
    checked = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--projet", str(project)],
                             capture_output=True, text=True, timeout=300)  # fmt: skip
    assert checked.returncode == 1
    line = next(ln for ln in checked.stderr.splitlines() if "reference.docx" in ln)
    command = line.split("régénérez-le : ", 1)[1]
    regenerated = subprocess.run(command, shell=True, cwd=project, capture_output=True, text=True, timeout=300)
    assert regenerated.returncode == 0, (command, regenerated.stderr)
    again = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--projet", str(project)],
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert again.returncode == 0, again.stderr
