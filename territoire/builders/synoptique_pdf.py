"""The synoptic tables PDF: an A3 landscape poster of the synoptic, then the A4 detailed-programme tables."""

from __future__ import annotations

from typing import Any, ClassVar

from . import BuildContext, register
from ._chaptered import ChapteredPdf, PrintedPdf


@register
class SynoptiquePdfBuilder(ChapteredPdf):
    name = "synoptique-pdf"
    document = "tableaux"
    description = "tableaux synoptiques en PDF (affiche A3 puis programme d’actions en A4)"
    filename = "tableaux-synoptiques.pdf"
    assets: ClassVar[tuple[str, ...]] = ("theme.yaml", "fonts/*")


@register
class SynoptiquePrintBuilder(PrintedPdf, SynoptiquePdfBuilder):
    name = "imprimeur-synoptique"
    description = "tableaux synoptiques pour l’imprimeur (PDF/X-4 CMJN) : python3 build.py imprimeur"
    filename = "imprimeur/tableaux-synoptiques-impression.pdf"
    assets = (*SynoptiquePdfBuilder.assets, "logo.svg", "profils/*")
    on_request = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..imprimeur import print_pdf
        from ..pdfrender import fitted_synoptic, render_html
        from ..synoptic import A3

        def html(palette: Any) -> str:
            pages = fitted_synoptic(ctx, A3, palette, poster=True)
            return render_html(ctx, "pdf/tableaux-synoptiques.html.j2", palette, synoptic=pages, poster=True)

        return print_pdf(ctx, html)
