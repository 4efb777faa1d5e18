#!/usr/bin/env python3
"""Build the Projet de Territoire documents: `python3 build.py` (all), `check`, `test`, or named targets."""

import sys

from territoire.bootstrap import ensure_environment

if __name__ == "__main__":
    arguments = sys.argv[1:]
    ensure_environment(testing=arguments[:1] == ["test"])
    if arguments[:1] == ["test"]:
        import pytest

        sys.exit(pytest.main(arguments[1:]))
    from territoire.cli import main

    sys.exit(main(arguments))
