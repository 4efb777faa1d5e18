"""The publishable web site (output/site/): pages, search, downloads, accessibility statement, fonts."""

from __future__ import annotations

from . import BuildContext, Builder, register


@register
class SiteBuilder(Builder):
    name = "site"
    warm_imports = ("jinja2", "territoire.rendering", "territoire.site.pages")
    description = "site web accessible (accueil, axes, recherche, téléchargements, accessibilité)"
    filename = "site"
    folder = True
    late = True
    templates = ("site/*",)
    assets = ("theme.yaml", "logo.svg", "fonts/*.ttf", "fonts/OFL-*.txt")

    def render(self, ctx: BuildContext) -> dict[str, bytes]:
        from ..site.pages import render_site

        return render_site(ctx)
