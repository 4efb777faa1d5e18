"""The last stage of every build: files appear whole or not at all."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from pathlib import Path

FONT_SCRATCH_PREFIX = "polices-"
"""Folders of output/.cache/ where a PDF render keeps copies of its fonts while it runs (see pdfrender)."""
_SERIAL = itertools.count()
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(path.parent / f".{path.name}.{os.getpid()}-{next(_SERIAL)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # created 0600; outputs are ordinary shareable files
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_cache(path: Path, data: bytes, family: str) -> None:
    """Keep one version of a cached thing: write `path` and remove the older entries matching the glob `family`
    in its folder (a cache keyed by content would otherwise grow with every edit). A cache is only an
    optimisation: a failure to write it is ignored."""
    with contextlib.suppress(OSError):
        for old in path.parent.glob(family):
            if old != path:
                old.unlink(missing_ok=True)
        write_atomic(path, data)


def clean_leftovers(output: Path) -> None:
    """Remove temporary files left by a build that was killed (never trusted, never renamed), caches included,
    and the font folders of PDF renders killed midway. Runs under the output lock: no render is in flight."""
    for leftover in [*output.glob(".*.tmp"), *output.glob("*/.*.tmp")]:  # .cache/, imprimeur/
        with contextlib.suppress(OSError):
            leftover.unlink()
    for folder in output.glob(f".cache/{FONT_SCRATCH_PREFIX}*"):
        shutil.rmtree(folder, ignore_errors=True)
