"""What the two screen PDFs share: laid out in chapters, in the process group of WeasyPrint (a shared module:
every output's hash includes it, so a change here rebuilds both)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from . import BuildContext, Builder


def fonts_key(ctx: BuildContext) -> str:
    """The theme's font files: a process that laid text out with a font keeps drawing the first version of it
    it read (Pango, Fontconfig), even from a new FontConfiguration, so new font files need a new process."""
    from ..project import files_digest

    return files_digest(ctx.theme.confined_fonts().values())


class ChapteredPdf(Builder):
    """A screen PDF laid out in chapters (territoire/chapters.py): `document` names which."""

    document: ClassVar[str]
    warm_imports = ("weasyprint", "territoire.pdfrender")
    templates = ("pdf/*",)
    heavy = True
    critical = True

    def warm_key(self, ctx: BuildContext) -> str:
        return fonts_key(ctx)

    def prepare(self, ctx: BuildContext) -> None:
        """Its chapters laid out (and kept in this process), the programme pages among them, which the other
        PDF shows too: written next, the other finds them laid out."""
        from .. import drawn
        from ..chapters import Chapters

        Chapters(ctx).of(self.document)
        drawn.keep()  # a warm worker: the pages it draws are drawn again only where they changed

    def warm_up(self, ctx: BuildContext) -> None:
        from .. import widths
        from ..chapters import Chapters

        Chapters(ctx).cover()
        widths.install()  # once, for the renders forked after this

    def hand_over(self, ctx: BuildContext) -> bytes:
        """The programme's chapters, which both documents show: the synoptic tables' process lays them out for
        the brochure's, which meanwhile lays out its own."""
        from ..chapters import Chapters

        return Chapters(ctx).hand_over() if self.document == "tableaux" else b""

    def take_over(self, ctx: BuildContext, handed: list[Callable[[], bytes]]) -> None:
        from ..chapters import Chapters

        Chapters(ctx).expect(handed)

    def render(self, ctx: BuildContext) -> bytes:
        from ..chapters import Chapters

        chapters = Chapters(ctx)
        return chapters.write(chapters.of(self.document), self.document)


class PrintedPdf(Builder):
    """A print file (territoire/imprimeur.py), listed before the screen PDF it prints: its own colours, laid out
    in one render, so it shares nothing laid out with the screen files and hands nothing over."""

    prepare, warm_up, hand_over, take_over = Builder.prepare, Builder.warm_up, Builder.hand_over, Builder.take_over
