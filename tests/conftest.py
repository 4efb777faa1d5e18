"""Shared test helpers: run the real build command, and read outputs back with real programs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = ROOT / "tests" / "data" / "brochure-2018.txt"
"""The text extracted from the 2018 brochure, which content/ transcribes (shipped so a plain clone tests alone)."""

_GLUE = re.compile(r"[\s\u00a0\u202f\u00ad\-‐‑–—]+")


def norm(text: str) -> str:
    """Compare text across formats: no spaces or hyphens (line breaks, hyphenation), one apostrophe, NFC."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("…", "...")
    return _GLUE.sub("", text).casefold()


def require(program: str) -> str:
    """Tests that need a real client fail, never skip, when it is missing."""
    path = shutil.which(program)
    assert path, f"{program} is required by this test (installed by `python3 build.py test`)"
    return path


def run_build(
    *args: str,
    content: Path | None = None,
    output: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess[str]:
    """Run `build.py` as a user would, in its own process."""
    command = [sys.executable, str(ROOT / "build.py"), *args]
    if content is not None:
        command += ["--contenu", str(content)]
    if output is not None:
        command += ["--sortie", str(output)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=full_env, timeout=timeout)


def regenerated(generator: str, target: Path) -> Path:
    """`target` written by a reference generator (`word` or `deck`), run as the README says."""
    command = [sys.executable, "-m", f"territoire.references.{generator}", str(target)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return target


def copy_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def pdf_text(path: Path, *extra: str) -> str:
    """Text of a PDF as poppler's pdftotext reads it."""
    require("pdftotext")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


def soffice_pdf(document: Path, outdir: Path) -> Path:
    """Convert a DOCX/PPTX/XLSX to PDF with LibreOffice headless, the real client partners use."""
    soffice = require("soffice")
    profile = outdir / "lo-profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = outdir / (document.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), f"LibreOffice failed: {result.stdout}\n{result.stderr}"
    return pdf


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every document, built once for the session from the bundled content."""
    output = tmp_path_factory.mktemp("output")
    result = run_build(output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output
