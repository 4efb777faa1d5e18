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
        from ..pdfrender import write_fitted_pdf
        from ..synoptic import A4

        return write_fitted_pdf(ctx, lambda pages: self.html(ctx, synoptic=pages), A4)

    @staticmethod
    def html(ctx: BuildContext, palette: Any = None, synoptic: Any = None) -> str:
        """The brochure's HTML, for screens or, with a print `palette`, for the printer; `synoptic`: its pages
        (territoire/synoptic.py), else fitted here."""
        from markupsafe import Markup

        from ..pdfrender import fitted_synoptic, render_html
        from ..svgtimeline import timeline_html
        from ..synoptic import A4

        colour = palette.css if palette else (lambda value: value)

        def timeline(width_mm: float, max_height_mm: float) -> Markup:  # its text is escaped by timeline_html
            calendar = ctx.plan.demarche.calendrier
            return Markup(timeline_html(calendar, ctx.theme, width_mm, colour, max_height_mm))

        pages = synoptic if synoptic is not None else fitted_synoptic(ctx, A4, palette)
        return render_html(ctx, "pdf/brochure.html.j2", palette, timeline=timeline, synoptic=pages, poster=False)


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
