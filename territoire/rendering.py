"""The Jinja2 environment shared by HTML-based builders: templates/ only, autoescaped, strict."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .typography import format_moment, format_span


def environment(templates: Path) -> jinja2.Environment:
    """Content reaches templates as data only: autoescaped, never compiled as a template itself."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["moment"] = format_moment
    env.globals["span"] = format_span
    return env
