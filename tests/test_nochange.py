"""A build with nothing to do answers from file stats (territoire/nochange.py), and never when something moved.

Each case runs build.py as a user would, on a copy of the content and its own output folder, and compares
with what the normal path (the engine, deciding by content) prints and does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_content, run_build

from territoire.nochange import STAMP


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("sans-changement")
    content, output = copy_content(base), base / "sortie"
    assert run_build("-q", content=content, output=output).returncode == 0
    return content, output


def _copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    content, output = tmp_path / "content", tmp_path / "sortie"
    shutil.copytree(built[0], content)
    shutil.copytree(built[1], output)  # copies keep their times of change (copy2): the stamp still holds
    (output / STAMP).write_text((built[1] / STAMP).read_text().replace(str(built[0]), str(content)).replace(
        str(built[1]), str(output)))  # fmt: skip
    return content, output


def test_nothing_to_do_prints_what_the_engine_prints(built: tuple[Path, Path]) -> None:
    content, output = built
    stamped = (output / STAMP).stat().st_mtime_ns
    quick = run_build(content=content, output=output)
    assert (output / STAMP).stat().st_mtime_ns == stamped  # answered from the stamp: the engine never ran
    kept = (output / STAMP).read_bytes()
    (output / STAMP).unlink()  # the normal path, which writes nothing when there is nothing to do
    normal = run_build(content=content, output=output)
    assert quick.returncode == normal.returncode == 0
    assert quick.stdout == normal.stdout and "Rien à faire : tous les documents sont à jour." in quick.stdout
    assert quick.stdout.count("à jour") == normal.stdout.count("à jour") >= 11
    assert not (output / STAMP).exists()
    (output / STAMP).write_bytes(kept)


@pytest.mark.parametrize("change", ["même taille", "fichier ajouté", "document supprimé", "reste d'un build tué"])
def test_anything_that_moved_takes_the_normal_path(built: tuple[Path, Path], tmp_path: Path, change: str) -> None:
    content, output = _copy(built, tmp_path)
    stamped = (output / STAMP).stat().st_mtime_ns
    assert "Rien à faire" in run_build(content=content, output=output).stdout
    assert (output / STAMP).stat().st_mtime_ns == stamped  # answered from the stamp: the engine never ran
    axis = content / "axes" / "2-qualite-de-vie.yaml"
    if change == "même taille":  # within the same second as the build: its time of change may not differ
        axis.write_text(axis.read_text(encoding="utf-8").replace("Mobiliser de", "Mobiliser du", 1), encoding="utf-8")
    elif change == "fichier ajouté":
        (content / "axes" / "notes.txt").write_text("pas du contenu\n", encoding="utf-8")
    elif change == "document supprimé":
        (output / "projet-de-territoire.pdf").unlink()
    else:
        (output / ".projet-de-territoire.pdf.123-0.tmp").write_bytes(b"%PDF-")
    stamped = (output / STAMP).stat().st_mtime_ns
    result = run_build(content=content, output=output)
    assert result.returncode == 0, result.stderr
    if change in ("même taille", "document supprimé"):  # the engine ran, wrote, and recorded the new state
        assert "écrit" in result.stdout and (output / STAMP).stat().st_mtime_ns != stamped
    else:  # the engine ran (it cleans a killed build's leftover) and found nothing to write
        assert "Rien à faire" in result.stdout
    assert not list(output.glob(".*.tmp"))


def test_options_other_than_these_take_the_normal_path(built: tuple[Path, Path]) -> None:
    content, output = built
    verbose = run_build("-v", content=content, output=output)
    forced = run_build("--force", "-q", "pdf", content=content, output=output)
    assert verbose.returncode == forced.returncode == 0
    assert "Rien à faire" in verbose.stdout
