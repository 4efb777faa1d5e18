"""The Jinja2 environment shared by HTML-based builders: templates/ only, autoescaped, strict."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from .atomic import versioned_folder
from .typography import format_moment, format_span

_OPTIONS = (True, True, True, True)
"""autoescape, trim_blocks, lstrip_blocks, keep_trailing_newline."""


class _KeptCompiled(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in a folder; a file that cannot be read or written is only a cache miss."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged, or from another Python: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(Exception):  # a full disk, a read-only folder: compiled again next time
            super().dump_bytecode(bucket)


def environment(
    templates: Path,
    filters: dict[str, Callable[..., Any]] | None = None,
    helpers: dict[str, Any] | None = None,
    compiled: Path | None = None,
) -> jinja2.Environment:
    """Content reaches templates as data only: autoescaped, never compiled as a template itself.

    With `compiled` (a folder of output/.cache/), templates compiled by one process are kept there for the next
    ones (compiling the PDF templates costs a build 60 ms of CPU). Jinja2 checks a kept template against its
    source only; what else its compiled code depends on names the subfolder it is kept in: Python's and Jinja2's
    versions, the options, and each filter and test with how it is called (with the context or not)."""
    autoescape, trim_blocks, lstrip_blocks, keep_trailing_newline = _OPTIONS
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=trim_blocks,
        lstrip_blocks=lstrip_blocks,
        keep_trailing_newline=keep_trailing_newline,
    )
    env.filters.update(moment=format_moment, **(filters or {}))
    env.globals.update(span=format_span, **(helpers or {}))
    if compiled is not None:
        _keep_compiled(env, compiled)
    return env


def _keep_compiled(env: jinja2.Environment, compiled: Path) -> None:
    callables = sorted((kind, name, repr(getattr(function, "jinja_pass_arg", None)))
                       for kind, table in (("filter", env.filters), ("test", env.tests))
                       for name, function in table.items())  # fmt: skip
    folder = versioned_folder(compiled, repr((sys.version, jinja2.__version__, _OPTIONS, callables)))
    if folder.is_dir():  # a cache only: without it, templates are compiled each time
        env.bytecode_cache = _KeptCompiled(str(folder))
