"""Stale outputs: a build removes what it wrote earlier under a name no builder writes now, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import copy_content, run_build

OLD, NEW = "conseil-communautaire-2018-06-28.pptx", "conseil-communautaire-2018-07-05.pptx"


def _set_council_date(content: Path, date: str) -> None:
    projet = content / "projet.yaml"
    text = projet.read_text(encoding="utf-8")
    head, council = text.split("conseil:", 1)
    start = council.index("  date: ")
    end = council.index("\n", start)
    projet.write_text(f"{head}conseil:{council[:start]}  date: {date}{council[end:]}", encoding="utf-8")


def test_a_renamed_deck_replaces_the_previous_one(tmp_path: Path) -> None:
    content, output = copy_content(tmp_path), tmp_path / "out"
    assert run_build("pptx", content=content, output=output).returncode == 0
    (output / "mes-notes.txt").write_text("à garder", encoding="utf-8")
    _set_council_date(content, "2018-07-05")
    result = run_build("pptx", content=content, output=output)
    assert result.returncode == 0, result.stderr
    assert (output / NEW).is_file()
    assert not (output / OLD).exists()
    assert f"{OLD} retiré" in result.stdout
    assert (output / "mes-notes.txt").read_text(encoding="utf-8") == "à garder"
    assert json.loads((output / ".buildinfo").read_text(encoding="utf-8"))["pptx"][1] == NEW


def test_a_file_changed_since_it_was_written_is_never_removed(tmp_path: Path) -> None:
    content, output = copy_content(tmp_path), tmp_path / "out"
    assert run_build("pptx", content=content, output=output).returncode == 0
    (output / OLD).write_bytes(b"une version retouchee a la main")
    _set_council_date(content, "2018-07-05")
    assert run_build("pptx", content=content, output=output).returncode == 0
    assert (output / OLD).read_bytes() == b"une version retouchee a la main"
    assert (output / NEW).is_file()


def test_an_output_of_a_builder_that_no_longer_exists_is_removed(tmp_path: Path) -> None:
    output = tmp_path / "out"
    assert run_build("html", output=output).returncode == 0
    info = json.loads((output / ".buildinfo").read_text(encoding="utf-8"))
    (output / "ancien.html").write_bytes((output / "projet-de-territoire.html").read_bytes())
    (output / "autre.html").write_bytes(b"<p>pas de nous</p>")
    info["ancienne-cible"] = [info["html"][0], "ancien.html", info["html"][2]]
    info["cible-etrangere"] = ["x", "../autre.html", info["html"][2]]
    (output / ".buildinfo").write_text(json.dumps(info), encoding="utf-8")
    assert run_build("html", output=output).returncode == 0
    assert not (output / "ancien.html").exists()
    assert (output / "autre.html").is_file()
    assert "ancienne-cible" not in json.loads((output / ".buildinfo").read_text(encoding="utf-8"))
