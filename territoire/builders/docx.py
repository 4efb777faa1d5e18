"""The whole brochure as a Word document that partners can read, comment and revise (track changes).

Heading hierarchy, on purpose: Heading 1 = axes only, Heading 2 = orientations only, Heading 3 = objectives
(in the programme tables). The other sections use the reference's « Partie » / « Sous-partie » styles, which
carry outline levels 1-2 so they still appear in the table of contents and the navigation pane.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..typography import NBSP, format_moment, format_span
from ..wording import AXIS, bookmark_name, orientation_label, step_title, synoptic_bookmark_name
from . import BuildContext, Builder, register
from ._word import Span, WordDocument

if TYPE_CHECKING:
    from ..model import Moment, Plan, Step


def _cover(doc: WordDocument, ctx: BuildContext) -> None:
    from docx.shared import Cm

    from ..logo import logo_png

    info = ctx.plan.document
    logo = doc.document.add_paragraph()
    logo.add_run().add_picture(io.BytesIO(logo_png(ctx.theme, ctx.project.cache)), width=Cm(6))
    logo._p.xpath(".//wp:docPr")[0].set("descr", ctx.theme.logo_alt)  # alternative text for screen readers
    doc.paragraph("Title", [info.titre])
    doc.paragraph("Couverture", [info.institution])
    for line in info.devise:
        doc.paragraph("Subtitle", [line])
    doc.paragraph("Couverture")  # breathing space above the band of the axes' colours
    share = doc.text_width() // len(ctx.plan.axes)
    row = doc.row(doc.table([share] * len(ctx.plan.axes), None))
    for index, axis in enumerate(ctx.plan.axes):
        cell = doc.cell(row, share, fill=ctx.theme.axis_colour(index))
        doc.paragraph("En-tête de tableau", [f"{AXIS} {axis.numero}\n{axis.titre}"], cell)
    doc.paragraph("Couverture")
    doc.paragraph("Couverture", [f"{info.edition} – {format_moment(info.date)}"])
    doc.paragraph("Couverture", [f"{info.conseil.instance} du {format_moment(info.conseil.date)}"])


def _in_progress(step: Step, day: Moment) -> bool:
    return step.debut.first_day <= day.first_day <= step.fin.last_day


def _timeline(doc: WordDocument, ctx: BuildContext) -> None:
    plan, width = ctx.plan, doc.text_width()
    calendar, labels = plan.demarche.calendrier, plan.document.libelles
    doc.heading("Partie", [labels.avancement], level=1)
    doc.paragraph("Mise en avant", [f"Avancement{NBSP}: {format_moment(calendar.avancement)}"])
    widths = (width * 34 // 100, width * 44 // 100, width - width * 78 // 100)
    table = doc.table(widths, ("Phase", "Étape", "Dates"))
    for phase in calendar.phases:
        steps = [(step_title(n, s.titre), s) for n, s in enumerate(phase.etapes, 1)]
        steps += [(s.titre, s) for s in phase.jalons]
        for index, (title, step) in enumerate(steps or [("", None)]):
            row = doc.row(table)
            cell = doc.cell(row, widths[0], merge=("restart" if index == 0 else "continue") if len(steps) > 1 else None)
            if index == 0:
                doc.paragraph("Cellule titre", [phase.titre], cell)
                doc.paragraph("Cellule", [format_span(phase.debut, phase.fin)], cell)
            current = step is not None and _in_progress(step, calendar.avancement)
            fill = ctx.theme.fond_clair if current else None
            cell = doc.cell(row, widths[1], fill=fill)
            doc.paragraph("Cellule", [title], cell)
            if step is not None and step.detail:
                doc.paragraph("Cellule", [Span(step.detail, italic=True)], cell)
            cell = doc.cell(row, widths[2], fill=fill)
            doc.paragraph("Cellule", [format_span(step.debut, step.fin) if step else ""], cell)
            if current:
                doc.paragraph("Cellule", [Span("◀ avancement", bold=True, colour=ctx.theme.accent)], cell)


def _objectives(doc: WordDocument, plan: Plan) -> None:
    labels, demarche = plan.document.libelles, plan.demarche
    doc.heading("Partie", [labels.objectif_processus], level=1)
    doc.heading("Sous-partie", [labels.contexte], level=2)
    for line in demarche.contexte:
        doc.paragraph("List Bullet", [line])
    doc.heading("Sous-partie", [labels.objectifs_demarche], level=2)
    for point in demarche.objectifs:
        doc.paragraph("List Bullet", [point.titre])
        for line in point.points:
            doc.paragraph("List Bullet 2", [line])


def _ambition(doc: WordDocument, ctx: BuildContext) -> None:
    ambition = ctx.plan.ambition
    doc.heading("Partie", [ctx.plan.document.libelles.ambition_synoptique], level=1)
    for text in ambition.introduction:
        doc.paragraph("Normal", [text])
    for defi in ambition.defis:
        doc.paragraph("List Bullet", [Span(defi.titre, bold=True)])
        for line in defi.points:
            doc.paragraph("List Bullet 2", [line])
    doc.paragraph("Normal", [ambition.conclusion])
    for index, axis in enumerate(ctx.plan.axes):
        doc.paragraph("List Bullet", [Span(axis.libelle, bold=True, colour=ctx.theme.axis_colour(index))])


def _synopsis(doc: WordDocument, ctx: BuildContext) -> None:
    labels, width = ctx.plan.document.libelles, doc.text_width()
    doc.heading("Partie", [labels.structuration], level=1)
    doc.heading("Sous-partie", [labels.synthese], level=2)
    widths = (width * 40 // 100, width - width * 40 // 100)
    for index, axis in enumerate(ctx.plan.axes):  # one table per axis: its band repeats on a new page
        colour = ctx.theme.axis_colour(index)
        table = doc.table(widths, None)
        band = doc.cell(doc.row(table, header=True), width, span=2, fill=colour)
        doc.paragraph("En-tête de tableau", [axis.libelle], band)
        for orientation in axis.orientations:
            row = doc.row(table)
            cell = doc.cell(row, widths[0])
            doc.paragraph("Cellule titre", [Span(orientation_label(orientation), colour=colour)], cell)
            p = doc.paragraph("Cellule", [orientation.titre_synoptique], cell)
            doc.bookmark(p, synoptic_bookmark_name(orientation.id))
            cell = doc.cell(row, widths[1])
            for objective in orientation.objectifs:
                p = doc.paragraph("Liste cellule", [objective.titre_synoptique], cell)
                doc.bookmark(p, synoptic_bookmark_name(objective.id))


def _programme(doc: WordDocument, ctx: BuildContext) -> None:
    labels, width = ctx.plan.document.libelles, doc.text_width()
    doc.heading("Partie", [labels.programme], level=1)
    widths = (width * 34 // 100, width - width * 34 // 100)
    for index, axis in enumerate(ctx.plan.axes):
        colour = ctx.theme.axis_colour(index)
        first = {"page_break_before": False} if index == 0 else {}
        p = doc.heading("Heading 1", [Span(axis.libelle, colour=colour)], level=1, **first)
        doc.bookmark(p, bookmark_name(axis.id))
        for orientation in axis.orientations:
            title = f"{orientation_label(orientation)}{NBSP}: {orientation.titre}"
            p = doc.heading("Heading 2", [Span(title, colour=colour)], level=2)
            doc.bookmark(p, bookmark_name(orientation.id))
            table = doc.table(widths, ("Objectifs", labels.colonne_actions), fill=colour)
            for objective in orientation.objectifs:
                row = doc.row(table)
                p = doc.paragraph("Heading 3", [objective.titre_complet], doc.cell(row, widths[0]), keep_next=False)
                doc.bookmark(p, bookmark_name(objective.id))
                doc.actions(doc.cell(row, widths[1]), objective)


@register
class DocxBuilder(Builder):
    name = "docx"
    warm_imports = ("docx", "territoire.builders._word")
    description = "brochure complète au format Word (relecture, commentaires, suivi des modifications)"
    filename = "projet-de-territoire.docx"
    templates = ("word/reference.docx",)
    assets = ("theme.yaml", "logo.svg")

    def render(self, ctx: BuildContext) -> bytes:
        doc = WordDocument(ctx.project)
        info = ctx.plan.document
        _cover(doc, ctx)
        doc.table_of_contents("Sommaire")
        _timeline(doc, ctx)
        _objectives(doc, ctx.plan)
        _ambition(doc, ctx)
        _synopsis(doc, ctx)
        _programme(doc, ctx)
        doc.page_furniture([f"{info.titre}\t\t{info.institution}"], [f"{info.edition}\t\t"], True)
        return doc.finish(ctx, "brochure complète")
