"""Compiled templates kept in output/.cache/ (territoire/rendering.py): never used for other code, never fatal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_context

from territoire.rendering import environment


def _page(tmp_path: Path) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html.j2").write_text("<p>{{ titre | marque }}</p>", encoding="utf-8")
    return templates


def plain(value: str) -> str:
    return f"[{value}]"


@pass_context
def with_context(context: Any, value: str) -> str:
    return f"[{value}]"


def test_a_filter_called_otherwise_compiles_the_template_again(tmp_path: Path) -> None:
    """Jinja2 checks a kept template against its source only: a filter that now takes the context (the same
    template compiled before would call it without) must not be served the old code."""
    templates, cache = _page(tmp_path), tmp_path / "cache"
    for marque in (plain, with_context, plain):
        env = environment(templates, filters={"marque": marque}, compiled=cache)
        assert env.get_template("page.html.j2").render(titre="Projet") == "<p>[Projet]</p>"
    assert len(list(cache.iterdir())) == 1  # what other code compiled is not kept


def test_a_damaged_compiled_template_is_compiled_again(tmp_path: Path) -> None:
    templates, cache = _page(tmp_path), tmp_path / "cache"
    environment(templates, filters={"marque": plain}, compiled=cache).get_template("page.html.j2")
    kept = [path for path in cache.rglob("*") if path.is_file()]
    assert kept
    for path in kept:
        path.write_bytes(path.read_bytes()[:20])
    env = environment(templates, filters={"marque": plain}, compiled=cache)
    assert env.get_template("page.html.j2").render(titre="Projet") == "<p>[Projet]</p>"
