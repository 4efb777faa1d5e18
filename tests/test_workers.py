"""Renders forked as a group (territoire/workers.py): what one hands over to the first never blocks the build."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

UNREAD_HAND_OVER = """
import sys
from territoire import workers
from territoire.builders import Builder

class First(Builder):
    name, warm_imports = "a-premier", ("json",)
    def render(self, ctx):
        return b"p" * 2_000_000  # more than a pipe holds: written only once the build reads it

class Second(Builder):
    name, warm_imports = "b-second", ("json",)
    def hand_over(self, ctx):
        return b"h" * 2_000_000  # handed over to the first render, which never reads it
    def render(self, ctx):
        return b"s"

jobs = workers.fork([First, Second], ctx=None)
second, _ = jobs["b-second"].result()  # the build reads the second render first
first, _ = jobs["a-premier"].result()
print(len(second), len(first))
"""


def test_a_hand_over_the_first_render_does_not_read_never_blocks_the_build() -> None:
    """The print files share the PDFs' group but not their hand-over: the second render, blocked on a full
    pipe nobody reads, must go on once the first has rendered, or the build waits for ever (it did)."""
    result = subprocess.run(
        [sys.executable, "-c", UNREAD_HAND_OVER], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "2000000"]
