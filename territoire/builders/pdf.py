"""The official brochure PDF (A4 landscape), rendered by WeasyPrint from templates/pdf/."""

from __future__ import annotations

from . import BuildContext, Builder, register


@register
class PdfBuilder(Builder):
    name = "pdf"
    warm_imports = ("weasyprint", "territoire.pdfrender")
    description = "brochure PDF officielle (A4 paysage, à imprimer et à publier)"
    filename = "projet-de-territoire.pdf"
    templates = ("pdf/*",)
    assets = ("theme.yaml", "logo.svg", "fonts/*")
    heavy = True

    def render(self, ctx: BuildContext) -> bytes:
        from markupsafe import Markup

        from ..pdfrender import write_fitted_pdf
        from ..svgtimeline import timeline_html
        from ..synoptic import A4

        def timeline(width_mm: float, max_height_mm: float) -> Markup:  # its text is escaped by timeline_html
            return Markup(timeline_html(ctx.plan.demarche.calendrier, ctx.theme, width_mm, max_height_mm))

        return write_fitted_pdf(ctx, "pdf/brochure.html.j2", A4, timeline=timeline)
