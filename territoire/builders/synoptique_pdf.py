"""The synoptic tables PDF: an A3 landscape poster of the synoptic, then the A4 detailed-programme tables."""

from __future__ import annotations

from typing import ClassVar

from . import BuildContext, Builder, register


@register
class SynoptiquePdfBuilder(Builder):
    name = "synoptique-pdf"
    warm_imports = ("weasyprint", "territoire.pdfrender")
    description = "tableaux synoptiques en PDF (affiche A3 puis programme d’actions en A4)"
    filename = "tableaux-synoptiques.pdf"
    templates = ("pdf/*",)
    assets: ClassVar[tuple[str, ...]] = ("theme.yaml", "fonts/*")
    heavy = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..pdfrender import render_html, write_pdf

        return write_pdf(render_html(ctx, "pdf/tableaux-synoptiques.html.j2"), ctx)


@register
class SynoptiquePrintBuilder(SynoptiquePdfBuilder):
    name = "imprimeur-synoptique"
    description = "tableaux synoptiques pour l’imprimeur (PDF/X-4 CMJN) : python3 build.py imprimeur"
    filename = "imprimeur/tableaux-synoptiques-impression.pdf"
    assets = (*SynoptiquePdfBuilder.assets, "logo.svg", "profils/*")
    on_request = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..imprimeur import print_pdf
        from ..pdfrender import render_html

        return print_pdf(ctx, lambda palette: render_html(ctx, "pdf/tableaux-synoptiques.html.j2", palette))
