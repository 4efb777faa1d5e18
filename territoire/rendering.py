"""The Jinja2 environment shared by HTML-based builders: templates/ only, autoescaped, strict."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import jinja2

from .typography import format_moment, format_span

_OPTIONS = (True, True, True, True)
"""autoescape, trim_blocks, lstrip_blocks, keep_trailing_newline: compiled templates are kept under them."""


def environment(templates: Path, compiled: Path | None = None) -> jinja2.Environment:
    """Content reaches templates as data only: autoescaped, never compiled as a template itself.

    With `compiled` (a folder of output/.cache/), templates compiled by one process are kept there for the next
    ones, which check them against their template's source (Jinja2 compiles a changed one again) and, through
    the folder's name, against these options: compiling the PDF templates costs a build 60 ms of CPU."""
    autoescape, trim_blocks, lstrip_blocks, keep_trailing_newline = _OPTIONS
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=trim_blocks,
        lstrip_blocks=lstrip_blocks,
        keep_trailing_newline=keep_trailing_newline,
    )
    if compiled is not None:
        folder = compiled / hashlib.sha256(repr(_OPTIONS).encode()).hexdigest()[:12]
        with contextlib.suppress(OSError):  # a cache only: without it, templates are compiled each time
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    env.filters["moment"] = format_moment
    env.globals["span"] = format_span
    return env
