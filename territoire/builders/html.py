"""A single self-contained HTML page of the whole plan: the quickest way to proof-read the content."""

from __future__ import annotations

from . import BuildContext, Builder, register


@register
class HtmlBuilder(Builder):
    name = "html"
    warm_imports = ("jinja2", "territoire.rendering")
    description = "page web autonome du plan complet (relecture rapide)"
    filename = "projet-de-territoire.html"
    templates = ("html/*",)
    assets = ("theme.yaml", "logo.svg")

    def render(self, ctx: BuildContext) -> bytes:
        from ..logo import logo_data_uri
        from ..rendering import environment  # Jinja2 only when the page is built

        env = environment(ctx.project.templates, compiled=ctx.project.cache / "jinja-html")
        page = env.get_template("html/plan.html.j2").render(
            plan=ctx.plan,
            theme=ctx.theme,
            logo=logo_data_uri(ctx.theme),  # an image, never markup pasted into the page
            css=env.loader.get_source(env, "html/plan.css")[0],  # type: ignore[union-attr]
        )
        return page.encode("utf-8")
