"""Renders every page of the site with Jinja2 (autoescaped: content is data) into {path: bytes}."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from ..model import CONFORMITY
from ..rendering import environment
from ..svgtimeline import description, timeline_svg
from ..wording import objective_title, orientation_title, step_title
from . import axis_colours, downloads, outline, page_of, places, search_key
from .fonts import FACES, web_fonts

if TYPE_CHECKING:
    from ..builders import BuildContext

HOME, SEARCH, DOWNLOADS_PAGE, STATEMENT = "index.html", "recherche.html", "documents.html", "accessibilite.html"
STATIC = ("site.js",)
_URL = re.compile(r"(https://[^\s<>\"]+[^\s<>\".,;:])")
TIMELINE_ALT = "Calendrier de la démarche, dessiné à l’échelle : la liste qui suit en donne tout le contenu."


def linkify(text: str) -> Markup:
    """Escaped text whose https:// addresses become links (the statement's recourse lines)."""
    parts = _URL.split(text)
    return Markup("".join(f'<a href="{escape(p)}">{escape(p)}</a>' if _URL.match(p) else escape(p) for p in parts))


@functools.cache
def _environment(templates: Path, cache: Path) -> jinja2.Environment:
    """One environment per process (watch mode renders again without compiling again), its compiled templates
    kept in output/.cache/ for the next process; Jinja2 still reloads a template whose file changed."""
    return environment(
        templates,
        filters={"search_key": search_key, "linkify": linkify},
        helpers={
            "orientation_title": orientation_title,
            "objective_title": objective_title,
            "step_title": step_title,
            "page_of": page_of,
        },
        compiled=cache,
    )


def render_site(ctx: BuildContext) -> dict[str, bytes]:
    plan, theme = ctx.plan, ctx.theme
    env = _environment(ctx.project.templates, ctx.project.cache / "jinja-site")
    tree = outline(plan)
    files = downloads(ctx)
    fonts = web_fonts(theme, ctx.project)
    nav = [(HOME, "Accueil"), *((page_of(a.item), f"Axe {a.item.axis.numero}") for a in tree)]
    nav += [(SEARCH, "Rechercher une action"), (DOWNLOADS_PAGE, "Documents à télécharger")]
    originals = {i.id: page_of(i) for i in plan.walk() if i.kind == "action"}
    common = {
        "plan": plan,
        "theme": theme,
        "nav": nav,
        "statement_page": STATEMENT,
        "conformity": plan.accessibilite.etat,
        "colours": axis_colours(theme, len(plan.axes)),
        "originals": originals,
    }

    out: dict[str, bytes] = {}

    def page(name: str, template: str, title: str, **extra: object) -> None:
        html = env.get_template(f"site/{template}").render(page=name, title=title, **common, **extra)
        out[name] = html.encode("utf-8")

    page(
        HOME,
        "index.html.j2",
        plan.document.titre,
        outline=tree,
        logo=theme.logo.read_text(encoding="utf-8"),
        timeline=timeline_svg(plan.demarche.calendrier, theme, TIMELINE_ALT, ctx.project.cache),
        timeline_text=description(plan.demarche.calendrier),
    )
    for axis in tree:
        page(page_of(axis.item), "axe.html.j2", axis.item.axis.libelle, axis=axis)
    actions = [i for i in plan.walk() if i.kind == "action"]
    page(SEARCH, "recherche.html.j2", "Rechercher une action", actions=actions, places=places(plan))
    page(DOWNLOADS_PAGE, "documents.html.j2", "Documents à télécharger", downloads=files)
    page(
        STATEMENT,
        "accessibilite.html.j2",
        "Déclaration d’accessibilité",
        statement=plan.accessibilite,
        states=CONFORMITY,
    )
    faces = [(name, *face) for name, face in zip(fonts, FACES, strict=True)]
    out["assets/site.css"] = env.get_template("site/site.css.j2").render(faces=faces, **common).encode("utf-8")
    for name in STATIC:  # through the template loader, which refuses names climbing out of templates/
        out[f"assets/{name}"] = env.loader.get_source(env, f"site/{name}")[0].encode("utf-8")  # type: ignore[union-attr]
    out.update({f"assets/{name}": data for name, data in fonts.items()})
    for folder in sorted({path.parent for path in theme.confined_fonts().values()}):  # the OFL goes with its fonts
        out.update({f"assets/{licence.name}": licence.read_bytes() for licence in sorted(folder.glob("OFL*.txt"))})
    out.update({d.href: d.data for d in files})
    return out
