"""The official brochure PDF (A4 landscape), rendered by WeasyPrint from templates/pdf/, and its print file."""

from __future__ import annotations

from typing import Any, ClassVar

from . import BuildContext, register
from ._chaptered import ChapteredPdf, PrintedPdf


@register
class PdfBuilder(ChapteredPdf):
    name = "pdf"
    document = "brochure"
    description = "brochure PDF officielle (A4 paysage, à imprimer et à publier)"
    filename = "projet-de-territoire.pdf"
    assets: ClassVar[tuple[str, ...]] = ("theme.yaml", "logo.svg", "fonts/*")

    @staticmethod
    def html(ctx: BuildContext, palette: Any = None) -> str:
        """The whole brochure's HTML, for the printer with a print `palette` (territoire/chapters.py)."""
        from ..chapters import brochure_html

        return brochure_html(ctx, palette)


@register
class PdfPrintBuilder(PrintedPdf, PdfBuilder):
    name = "imprimeur-brochure"
    description = "brochure pour l’imprimeur (PDF/X-4 CMJN, fonds perdus, traits de coupe) : python3 build.py imprimeur"
    filename = "imprimeur/projet-de-territoire-impression.pdf"
    assets = (*PdfBuilder.assets, "profils/*")
    on_request = True

    def render(self, ctx: BuildContext) -> bytes:
        from ..imprimeur import print_pdf

        return print_pdf(ctx, lambda palette: self.html(ctx, palette))
