"""The proof-reading web page, opened in headless Chromium like a reader's browser."""

from __future__ import annotations

import html
import subprocess
from pathlib import Path

from conftest import CONTENT, norm, require

from territoire.loader import load_plan
from territoire.typography import typeset

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions")


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    chromium = require("chromium")
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={cwd / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_page_renders_every_text_in_chromium(built: Path, tmp_path: Path) -> None:
    page = built / "projet-de-territoire.html"
    result = _chromium("--dump-dom", page.as_uri(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    dom = norm(html.unescape(result.stdout))  # Chromium serialises no-break spaces as &nbsp;
    plan = typeset(load_plan(CONTENT))
    for _, orientation, objective in plan.objectives():
        assert norm(orientation.titre) in dom
        assert norm(objective.titre_complet) in dom
    for *_, action in plan.actions():
        assert norm(action.texte) in dom, action.id
    assert '<html lang="fr">' in result.stdout


def test_page_screenshot_is_not_blank(built: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    result = _chromium(
        f"--screenshot={shot}", "--window-size=1200,900", (built / "projet-de-territoire.html").as_uri(), cwd=tmp_path
    )
    assert result.returncode == 0 and shot.is_file(), result.stderr
    from PIL import Image

    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50
