"""The official brochure PDF (A4 landscape), rendered by WeasyPrint from templates/pdf/, and its print file."""

from __future__ import annotations

from typing import Any, ClassVar

from . import BuildContext, Builder, register


def fonts_key(ctx: BuildContext) -> str:
    """The theme's font files: a process that laid text out with a font keeps drawing the first version of it
    it read (Pango, Fontconfig), even from a new FontConfiguration, so new font files need a new process."""
    from ..project import files_digest

    return files_digest(ctx.theme.confined_fonts().values())


@register
class PdfBuilder(Builder):
    name = "pdf"
    warm_imports = ("weasyprint", "territoire.pdfrender")
    description = "brochure PDF officielle (A4 paysage, à imprimer et à publier)"
    filename = "projet-de-territoire.pdf"
    templates = ("pdf/*",)
    assets: ClassVar[tuple[str, ...]] = ("theme.yaml", "logo.svg", "fonts/*")
    heavy = True
    critical = True

    def warm_key(self, ctx: BuildContext) -> str:
        return fonts_key(ctx)

    def prepare(self, ctx: BuildContext) -> None:
        """Its chapters laid out (and kept in this process), the programme pages among them, which the other
        PDF shows too: then forked, the other finds them laid out."""
        from ..chapters import Chapters

        Chapters(ctx).brochure()

    def render(self, ctx: BuildContext) -> bytes:
        from ..chapters import Chapters

        chapters = Chapters(ctx)
        return chapters.write(chapters.brochure(), "brochure")

    @staticmethod
    def html(ctx: BuildContext, palette: Any = None) -> str:
        """The whole brochure's HTML, for the printer with a print `palette` (territoire/chapters.py)."""
        from ..chapters import brochure_html

        return brochure_html(ctx, palette)


@register
class PdfPrintBuilder(PdfBuilder):
    name = "imprimeur-brochure"
    description = "brochure pour l’imprimeur (PDF/X-4 CMJN, fonds perdus, traits de coupe) : python3 build.py imprimeur"
    filename = "imprimeur/projet-de-territoire-impression.pdf"
    assets = (*PdfBuilder.assets, "profils/*")
    on_request = True
    prepare = Builder.prepare  # its own colours: nothing laid out is shared with the screen files

    def render(self, ctx: BuildContext) -> bytes:
        from ..imprimeur import print_pdf

        return print_pdf(ctx, lambda palette: self.html(ctx, palette))
