"""The synoptic tables as Word, on landscape pages: the one-page synthesis of the 3 axes, then the programme."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..typography import NBSP
from ..wording import bookmark_name, orientation_label, synoptic_bookmark_name
from . import BuildContext, Builder, register
from ._word import Span, WordDocument

if TYPE_CHECKING:
    from ..model import Axis


def _landscape(doc: WordDocument) -> None:
    """Turn the reference's page to landscape, margins turning with it as in Word (new sections copy it)."""
    from docx.enum.section import WD_ORIENT

    section = doc.document.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    top, right, bottom, left = section.top_margin, section.right_margin, section.bottom_margin, section.left_margin
    section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = left, top, right, bottom


def _synthesis(doc: WordDocument, ctx: BuildContext) -> None:
    """Axes side by side: orientations and the SHORT objective titles (titre_synoptique), one page."""
    plan, width = ctx.plan, doc.text_width()
    labels = plan.document.libelles
    doc.heading("Partie", [labels.synthese], page_break_before=False)
    doc.paragraph("Mise en avant", [labels.ambition_synoptique])
    share = width // len(plan.axes)
    colours = [ctx.theme.axis_colour(i) for i in range(len(plan.axes))]
    table = doc.table([share] * len(plan.axes), [a.libelle for a in plan.axes], colours)
    row = doc.row(table, split=True)  # sized to fit one page; should a reader's fonts be larger, flow on
    for axis, colour in zip(plan.axes, colours, strict=True):
        cell = doc.cell(row, share)
        for orientation in axis.orientations:
            label = Span(f"{orientation_label(orientation)}{NBSP}: ", colour=colour)
            p = doc.paragraph("Cellule titre", [label, orientation.titre_synoptique], cell)
            doc.bookmark(p, synoptic_bookmark_name(orientation.id))
            for objective in orientation.objectifs:
                p = doc.paragraph("Liste cellule", [objective.titre_synoptique], cell)
                doc.bookmark(p, synoptic_bookmark_name(objective.id))


def _programme(doc: WordDocument, ctx: BuildContext, index: int, axis: Axis) -> None:
    """One axis of the detailed programme: orientations (merged cells) beside their objectives and actions."""
    labels, width = ctx.plan.document.libelles, doc.text_width()
    colour = ctx.theme.axis_colour(index)
    doc.paragraph("Mise en avant", [labels.programme])
    p = doc.heading("Heading 1", [Span(axis.libelle, colour=colour)], page_break_before=False)
    doc.bookmark(p, bookmark_name(axis.id))
    widths = (width * 24 // 100, width - width * 24 // 100)
    table = doc.table(widths, (labels.colonne_orientations, labels.colonne_actions), colour)
    for orientation in axis.orientations:
        for position, objective in enumerate(orientation.objectifs):
            row = doc.row(table)
            merge = None if len(orientation.objectifs) == 1 else "continue" if position else "restart"
            cell = doc.cell(row, widths[0], merge=merge)
            if not position:
                doc.paragraph("Cellule titre", [Span(orientation_label(orientation), colour=colour)], cell)
                doc.bookmark(doc.paragraph("Cellule", [orientation.titre], cell), bookmark_name(orientation.id))
            cell = doc.cell(row, widths[1])
            p = doc.paragraph("Heading 3", [objective.titre_complet], cell, keep_next=False)
            doc.bookmark(p, bookmark_name(objective.id))
            doc.actions(cell, objective)


@register
class SynoptiqueDocxBuilder(Builder):
    name = "synoptique-docx"
    warm_imports = ("docx", "territoire.builders._word")
    description = "tableaux synoptiques au format Word (synthèse des 3 axes et programme), à l’italienne"
    filename = "tableaux-synoptiques.docx"
    templates = ("word/reference.docx",)

    def render(self, ctx: BuildContext) -> bytes:
        doc = WordDocument(ctx.project)
        _landscape(doc)  # before the first section break: every section copies this page setup
        _synthesis(doc, ctx)
        for index, axis in enumerate(ctx.plan.axes):
            doc.document.add_section()  # a new landscape page for each axis
            _programme(doc, ctx, index, axis)
        info = ctx.plan.document
        header = [f"{info.titre} – tableaux synoptiques\t\t{info.institution}"]
        doc.page_furniture(header, [f"{info.edition}\t\t"])
        return doc.finish(ctx, "tableaux synoptiques")
