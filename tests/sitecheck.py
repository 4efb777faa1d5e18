"""Helpers for the web site's tests: a loopback server, and the real browser clients installed in .node/."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT, require

NODE_MODULES = ROOT / ".node" / "node_modules"
CHECKS = ROOT / "tests" / "browser" / "checks.js"
AXE_TAGS = "wcag2a,wcag2aa,wcag21a,wcag21aa,best-practice"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def node_package(name: str) -> Path:
    path = NODE_MODULES / name
    assert path.is_dir(), f"{name} is required by this test (installed into .node/ by `python3 build.py test`)"
    return path


def browser_checks(mode: str, config: dict[str, object], work: Path, timeout: float = 240) -> dict:  # type: ignore[type-arg]
    """Run tests/browser/checks.js (playwright-core driving /usr/bin/chromium) and return its JSON result."""
    node = require("node")
    require("chromium")
    node_package("playwright-core")
    (work / "config.json").write_text(json.dumps(config), encoding="utf-8")
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    result = subprocess.run(
        [node, str(CHECKS), mode, str(work / "config.json")], capture_output=True, text=True, timeout=timeout, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def axe(urls: list[str], width: int, work: Path) -> list[dict]:  # type: ignore[type-arg]
    """@axe-core/cli on every URL in one Chromium, its window `width` CSS px wide (Debian's chromedriver)."""
    require("chromedriver")
    chromium = require("chromium")
    cli = node_package("@axe-core/cli") / "dist" / "src" / "bin" / "cli.js"
    # The CLI splits --chrome-options on commas, and Chromium's window size needs one: a wrapper passes it.
    wrapper = work / f"chromium-{width}"
    wrapper.write_text(f'#!/bin/sh\nexec {chromium} --window-size={width},900 "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    command = [require("node"), str(cli), *urls, "--tags", AXE_TAGS, "--stdout", "--chrome-path", str(wrapper)]
    command += ["--chromedriver-path", require("chromedriver"), "--chrome-options", "no-sandbox,disable-gpu"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=work)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)
