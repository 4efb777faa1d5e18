"""The synoptic tables PDF: an A3 landscape poster of the synoptic, then the A4 detailed-programme tables."""

from __future__ import annotations

from . import BuildContext, Builder, register


@register
class SynoptiquePdfBuilder(Builder):
    name = "synoptique-pdf"
    warm_imports = ("weasyprint", "territoire.pdfrender")
    description = "tableaux synoptiques en PDF (affiche A3 puis programme d’actions en A4)"
    filename = "tableaux-synoptiques.pdf"
    templates = ("pdf/*",)
    assets = ("theme.yaml", "fonts/*")
    heavy = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..pdfrender import write_fitted_pdf
        from ..synoptic import A3

        return write_fitted_pdf(ctx, "pdf/tableaux-synoptiques.html.j2", A3, poster=True)
