"""No traceback for anything a person can do to the content or the theme: seeded random edits, checked in-process.

Each edit is one a person makes in an editor (delete, duplicate or swap lines, change an indentation, type a
stray character, paste a control character, cut the file short). Every one must end with exit 0, or exit 1 with
each message located (`file:line:column —`, or at least `file —`), and never an exception.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, run_build
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from territoire.cli import main
from territoire.project import Project, content_files

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "500"))
STRAY = [
    *":-#\"'[]{}&*!|>%@`,?\\\t",
    *("\x0b", "\x00", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\ufffe"),
    *("é", "«", " ", "  ", "\n", "- ", ": ", "#", "0000-00-00", "9999-12-31", "~", "[]"),
]
LOCATED = re.compile(r"^  \S+(?::\d+:\d+)? — \S")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project folder of its own: a copy of content/ and assets/, the packaged templates."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(CONTENT, root / "content")
    shutil.copytree(ROOT / "assets", root / "assets")
    return Project.at(root)


def _files(project: Project) -> list[Path]:
    return [project.assets / "theme.yaml", *content_files(project.content)]


@st.composite
def edits(draw: st.DrawFn, count: int) -> tuple[int, str, int, int, str]:
    """(file index, kind of edit, position, second position, text)."""
    number = 0 if draw(st.integers(0, 3)) == 0 else draw(st.integers(1, count - 1))  # the theme a quarter of times
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "stray", "truncate"]))
    text = draw(st.sampled_from(STRAY) | st.text(max_size=3))
    return number, kind, draw(st.integers(0, 10**6)), draw(st.integers(-8, 10**6)), text


def apply(data: str, kind: str, a: int, b: int, text: str) -> str:
    lines = data.splitlines(keepends=True) or [""]
    i, j = a % len(lines), abs(b) % len(lines)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        shift = b % 9 - 4
        stripped = lines[i].lstrip(" ")
        lines[i] = " " * max(0, len(lines[i]) - len(stripped) + shift) + stripped
    elif kind == "stray":
        column = b % (len(lines[i]) + 1)
        lines[i] = lines[i][:column] + text + lines[i][column:]
    else:
        return data.encode("utf-8")[: a % (len(data.encode("utf-8")) + 1)].decode("utf-8", "replace")
    return "".join(lines)


def run_check(project: Project) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--projet", str(project.content.parent)])
    return code, out.getvalue() + err.getvalue()


@seed(int(os.environ.get("FUZZ_SEED", "0")))  # to explore further: FUZZ_SEED=n FUZZ_EXAMPLES=5000
@settings(max_examples=EXAMPLES, derandomize="FUZZ_SEED" not in os.environ, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(st.data())
def test_random_edits_never_end_in_a_traceback(project: Project, data: st.DataObject) -> None:
    files = _files(project)
    number, kind, a, b, text = data.draw(edits(len(files)))
    path = files[number]
    original = path.read_bytes()
    try:
        path.write_text(apply(original.decode("utf-8"), kind, a, b, text), encoding="utf-8", errors="surrogatepass")
        code, report = run_check(project)
    finally:
        path.write_bytes(original)
    assert code in (0, 1), report
    assert "Traceback" not in report
    if code == 1:
        lines = report.splitlines()
        assert re.match(r"^\d+ erreurs? dans ", lines[0]), report
        assert lines[-1] == "Aucun document n'a été modifié.", report
        unlocated = [line for line in lines[1:-1] if not LOCATED.match(line)]
        assert not unlocated, report
        assert "syntaxe YAML invalide" not in report, report  # PyYAML's English text reached the team


def test_a_few_edits_in_a_real_process(project: Project) -> None:
    """Edits of the theme through build.py itself: no traceback reaches the terminal."""
    theme = project.assets / "theme.yaml"
    original = theme.read_text(encoding="utf-8")
    cases = [original.replace("#1D3557", "bleu"), original + "\x0b", original[: len(original) // 2], "\x00"]
    try:
        for case in cases:
            theme.write_text(case, encoding="utf-8")
            result = run_build("check", "--projet", str(project.content.parent), cwd=project.content.parent)
            assert result.returncode == 1, result.stdout + result.stderr
            assert "Traceback" not in result.stderr and "assets/theme.yaml" in result.stderr
    finally:
        theme.write_text(original, encoding="utf-8")
