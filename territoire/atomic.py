"""The last stage of every build: files appear whole or not at all."""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import itertools
import os
import shutil
from pathlib import Path

FONT_SCRATCH_PREFIX = "polices-"
"""Folders of output/.cache/ where a PDF render keeps copies of its fonts while it runs (see pdfrender), named
after its process: « polices-<pid>-… »."""
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


def write_folder_atomic(path: Path, files: dict[str, bytes]) -> None:
    """Write a whole folder beside `path`, then swap it in: readers see the old folder or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}-{next(_SERIAL)}.tmp"
    try:
        for name, data in sorted(files.items()):
            target = tmp / name
            if not target.resolve().is_relative_to(tmp.resolve()):
                raise ValueError(f"chemin hors du dossier refusé : {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            os.chmod(target, 0o666 & ~_UMASK)
        os.chmod(tmp, 0o777 & ~_UMASK)
        if not _exchange(tmp, path):  # no folder yet (or no renameat2): a plain rename
            if path.exists():  # a moment without `path` between the two renames, on old systems only
                os.rename(path, tmp.with_name(tmp.name + ".old.tmp"))
            os.rename(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # after an exchange, the old folder
        shutil.rmtree(tmp.with_name(tmp.name + ".old.tmp"), ignore_errors=True)


def _exchange(new: Path, old: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2 RENAME_EXCHANGE); False when not possible."""
    if not old.is_dir():
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        done = libc.renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(old), rename_exchange) == 0
    except (OSError, AttributeError):
        return False
    return bool(done)


def write_cache(path: Path, data: bytes, family: str) -> None:
    """Keep one version of a cached thing: write `path` and remove the older entries matching the glob `family`
    in its folder (a cache keyed by content would otherwise grow with every edit). A cache is only an
    optimisation: a failure to write it is ignored."""
    with contextlib.suppress(OSError):
        for old in path.parent.glob(family):
            if old != path:
                old.unlink(missing_ok=True)
        write_atomic(path, data)


def versioned_folder(parent: Path, versions: str) -> Path:
    """The subfolder of the cache folder `parent` for what depends on `versions` (a hash of them names it). When
    it is made, whatever other versions kept in `parent` is removed: it would never be read again. A folder
    that cannot be made or cleared only loses the cache."""
    folder = parent / hashlib.sha256(versions.encode()).hexdigest()[:16]
    with contextlib.suppress(OSError):
        if not folder.is_dir():
            for old in parent.glob("*") if parent.is_dir() else []:
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
            folder.mkdir(parents=True, exist_ok=True)
    return folder


def clean_leftovers(output: Path) -> None:
    """Remove temporary files left by a build that was killed (never trusted, never renamed), caches included,
    and the font folders of PDF renders killed midway. Runs under the output lock: no render is in flight."""
    # imprimeur/, .cache/ and the caches in its folders (compiled templates, C declarations)
    for leftover in [*output.glob(".*.tmp"), *output.glob("*/.*.tmp"), *output.glob(".cache/*/**/*.tmp")]:
        if leftover.is_dir():  # a folder output (the site) whose build was killed
            shutil.rmtree(leftover, ignore_errors=True)
        with contextlib.suppress(OSError):
            leftover.unlink()
    for folder in output.glob(f".cache/{FONT_SCRATCH_PREFIX}*"):
        if not _alive(folder.name.removeprefix(FONT_SCRATCH_PREFIX).split("-")[0]):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: str) -> bool:
    """True when `pid` names a running process (a watcher's warm worker still using its fonts); a killed
    process that nobody has reaped yet (a zombie) is not."""
    if not pid.isdigit():
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] != ["Z"]
