"""The official brochure PDF (A4 landscape), rendered by WeasyPrint from templates/pdf/, and its print file."""

from __future__ import annotations

from typing import Any, ClassVar

from . import BuildContext, Builder, register


@register
class PdfBuilder(Builder):
    name = "pdf"
    warm_imports = ("weasyprint", "territoire.pdfrender")
    description = "brochure PDF officielle (A4 paysage, à imprimer et à publier)"
    filename = "projet-de-territoire.pdf"
    templates = ("pdf/*",)
    assets: ClassVar[tuple[str, ...]] = ("theme.yaml", "logo.svg", "fonts/*")
    heavy = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..pdfrender import write_pdf

        return write_pdf(self.html(ctx), ctx)

    @staticmethod
    def html(ctx: BuildContext, palette: Any = None) -> str:
        """The brochure's HTML, for screens or, with a print `palette`, for the printer."""
        from markupsafe import Markup

        from ..pdfrender import render_html
        from ..svgtimeline import timeline_html

        colour = palette.css if palette else (lambda value: value)

        def timeline(width_mm: float) -> Markup:  # its text is escaped by timeline_html
            return Markup(timeline_html(ctx.plan.demarche.calendrier, ctx.theme, width_mm, colour))

        return render_html(ctx, "pdf/brochure.html.j2", palette, timeline=timeline)


@register
class PdfPrintBuilder(PdfBuilder):
    name = "imprimeur-brochure"
    description = "brochure pour l’imprimeur (PDF/X-4 CMJN, fonds perdus, traits de coupe) : python3 build.py imprimeur"
    filename = "imprimeur/projet-de-territoire-impression.pdf"
    assets = (*PdfBuilder.assets, "profils/*")
    on_request = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..imprimeur import print_pdf

        return print_pdf(ctx, lambda palette: self.html(ctx, palette))
