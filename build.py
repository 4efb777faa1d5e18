#!/usr/bin/env python3
"""Build the Projet de Territoire documents: `python3 build.py` (all), `check`, `test`, or named targets."""

import gc

gc.disable()  # a one-shot build never collects cycles, its imports included (territoire/workers.py: collect_cycles)

import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.dont_write_bytecode = False  # keep compiled modules even under PYTHONDONTWRITEBYTECODE: later runs start faster

from territoire.bootstrap import ensure_environment  # noqa: E402

if __name__ == "__main__":
    arguments = sys.argv[1:]
    ensure_environment(testing=arguments[:1] == ["test"])
    if arguments[:1] == ["test"]:
        import pytest

        gc.enable()
        sys.exit(pytest.main(arguments[1:]))
    from territoire.nochange import answer

    if answer(str(Path(__file__).resolve().parent), arguments):  # nothing moved since a build found all up to date
        sys.stdout.flush()
        os._exit(0)
    from territoire.cli import main

    code = main(arguments, root=Path(__file__).resolve().parent)  # this checkout's project, wherever we run from
    # Every document is already written, synced and renamed, and the worker processes have exited: skip the
    # interpreter's teardown of thousands of objects (about 60 ms of a build here).
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
