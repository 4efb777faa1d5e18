"""The quick answer of a build with nothing to do, decided from file sizes and times of change.

A build of every document (no target; options among -q, -f, --contenu and --sortie) that wrote some, and
ended with every document written or up to date, records in the output folder's .sans-changement.json the
size and time of change of every file it depended on (content, templates/, assets/, the package's code) and
of every file of the output folder. The next such build without -f compares those first, with a few hundred
stat calls and without importing the engine: when nothing moved, it prints what the engine would print
(every document « à jour ») and stops. Anything else (a file edited, added or removed, an output touched or
deleted, a leftover of a killed build, another build holding the output lock, another Python or
SOURCE_DATE_EPOCH) takes the normal path, which decides by content. Files changed within RACY seconds of the
record could change again within the same tick of the clock and keep their size: their SHA-256 is recorded
and checked too (git's « racily clean » entries). A build with nothing to do writes nothing, stamp included.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys

STAMP = ".sans-changement.json"
RACY = 2
"""Seconds: files changed more recently than this when the stamp is written are checked by content."""
_QUIET, _FORCE, _VALUED = ("-q", "--quiet"), ("-f", "--force"), ("--contenu", "--sortie")
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _options(argv: list[str]) -> dict[str, str] | None:
    """--contenu and --sortie of `argv`, or None unless `argv` holds only these, -q and -f (a build of all)."""
    options: dict[str, str] = {}
    words = iter(argv)
    for word in words:
        name, _, value = word.partition("=")
        if name in _VALUED:
            options[name] = value or next(words, "")
        elif word not in (*_QUIET, *_FORCE):
            return None
    return options


def _folders(root: str, options: dict[str, str]) -> dict[str, str]:
    return {
        "content": os.path.abspath(options.get("--contenu") or os.path.join(root, "content")),
        "templates": os.path.join(root, "templates"),
        "assets": os.path.join(root, "assets"),
        "output": os.path.abspath(options.get("--sortie") or os.path.join(root, "output")),
        "code": _PACKAGE,
    }


def _files(folder: str, skip: tuple[str, ...] = ()) -> list[list[object]]:
    """[path, size, time of change] of every file under `folder`, and [path, -1, 0] of every folder."""
    found: list[list[object]] = []
    for base, folders, files in os.walk(folder):
        folders.sort()
        found.append([base, -1, 0])
        for name in sorted(files):
            if base == folder and name in skip:
                continue
            path = os.path.join(base, name)
            stat = os.stat(path)
            found.append([path, stat.st_size, stat.st_mtime_ns])
    return found


def _state(folders: dict[str, str]) -> dict[str, object] | None:
    if not all(os.path.isdir(path) for path in folders.values()):
        return None  # packaged templates or assets, or no output yet: the normal path
    state: dict[str, object] = {
        name: _files(path, (STAMP, ".lock") if name == "output" else ()) for name, path in folders.items()
    }
    state["python"] = sys.version
    state["epoch"] = os.environ.get("SOURCE_DATE_EPOCH", "")
    return state


def _sha(path: str) -> str:
    import hashlib

    with open(path, "rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def answer(root: str, argv: list[str]) -> bool:
    """Print the report of a build with nothing to do and return True when the build `argv` asks for, in the
    checkout `root`, surely has nothing to do."""
    options = _options(argv)
    if options is None or any(word in _FORCE for word in argv):
        return False
    folders = _folders(root, options)
    try:
        with open(os.path.join(folders["output"], STAMP), encoding="utf-8") as stamp:
            recorded = json.load(stamp)
        with open(os.path.join(folders["output"], ".lock"), "rb") as lock:
            fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)  # a build in progress: wait for it the normal way
            if recorded["state"] != _state(folders):
                return False
            if any(_sha(path) != digest for path, digest in recorded["racy"].items()):
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    if not any(word in _QUIET for word in argv):
        print("\n".join(str(line) for line in recorded["report"]))
    return True


def record(root: str, argv: list[str], report: list[str]) -> None:
    """After a build of every document that succeeded: what the same build can answer next time without
    building (`report`: what it will print). Never an error: a courtesy to the next build."""
    import time

    options = _options(argv)
    if options is None:
        return
    folders = _folders(root, options)
    state = _state(folders)
    if state is None:
        return
    recent = time.time_ns() - RACY * 1_000_000_000
    racy = {
        str(path): _sha(str(path))
        for name in folders
        for path, size, changed in state[name]  # type: ignore[attr-defined]
        if size != -1 and int(changed) > recent
    }
    from pathlib import Path

    from .atomic import write_atomic  # only a build that just ran gets here: the engine is loaded anyway

    payload = json.dumps({"state": state, "racy": racy, "report": report}, ensure_ascii=False).encode()
    with contextlib.suppress(OSError):
        write_atomic(Path(folders["output"]) / STAMP, payload)
