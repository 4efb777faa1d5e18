"""The live preview: the server started by --watch --apercu, a real browser on it, a content file edited."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, copy_content
from sitecheck import browser_checks


def _start(tmp_path: Path, built: Path) -> tuple[subprocess.Popen[str], str]:
    content = copy_content(tmp_path)
    output = tmp_path / "output"
    shutil.copytree(built / ".cache", output / ".cache")  # the font subsets, as a team's output folder has them
    command = [sys.executable, str(ROOT / "build.py"), "--watch", "--apercu", "site"]
    command += ["--contenu", str(content), "--sortie", str(output)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    watcher = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, start_new_session=True
    )
    assert watcher.stdout is not None
    url, deadline = "", time.monotonic() + 120
    for line in watcher.stdout:  # the address, then the first build
        url = url or next(iter(re.findall(r"http://127\.0\.0\.1:\d+/", line)), "")
        if "En attente de modifications" in line or time.monotonic() > deadline:
            break
    assert url, "the preview printed no address"
    return watcher, url


def test_preview_reloads_the_page_and_shows_errors(tmp_path: Path, built: Path) -> None:
    watcher, url = _start(tmp_path, built)
    try:
        config = {
            "url": url,
            "file": str(tmp_path / "content" / "projet.yaml"),
            "from": 'titre: "Projet de Territoire"',
            "to": 'titre: "Projet de Territoire révisé"',
            "expect": "Projet de Territoire révisé",
            "broken": "titre: [",
        }
        steps = browser_checks("preview", config, tmp_path)
    finally:
        watcher.send_signal(signal.SIGINT)
        terminal, _ = watcher.communicate(timeout=60)
        with contextlib.suppress(ProcessLookupError):  # anything the watcher started ends with it
            os.killpg(watcher.pid, signal.SIGKILL)
    assert steps["reloaded"] == "Projet de Territoire révisé"
    message = next(line.strip() for line in terminal.splitlines() if "projet.yaml:" in line and "crochet" in line)
    assert message in steps["overlay"]
    assert steps["fixed"] == "Projet de Territoire"
    assert url.startswith("http://127.0.0.1:") and watcher.returncode == 0
