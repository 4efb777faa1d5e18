"""The whole brochure as an OpenDocument text (ODT), the format the RGI recommends, on templates/odf/reference.odt.

Same structure and rules as the DOCX: text:h level 1 = axes only, level 2 = orientations only, level 3 =
objectives (in the programme tables); the other sections use the « Partie » / « Sous-partie » styles, which
the table of contents also lists. Every axis, orientation, objective and action carries a bookmark named
wording.bookmark_name(ID), and the synthesis table's occurrences wording.synoptic_bookmark_name(ID), as in the
DOCX, so that the returns reader (territoire/retours/odt.py) locates remarks the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..odf.xml import bookmark
from ..typography import NBSP, format_moment, format_span
from ..wording import AXIS, bookmark_name, orientation_label, step_title, synoptic_bookmark_name
from . import BuildContext, Builder, register

if TYPE_CHECKING:
    from ..model import Action, Item
    from ..odf.writer import TextDocument

TOC_MARK = "\x00toc\x00"
WIDTH = 17.0
"""Text width of the reference's A4 page, in cm."""


def _cover(doc: TextDocument, ctx: BuildContext) -> None:
    from ..deck.package import png_size
    from ..logo import logo_png
    from ..odf.writer import with_master

    info, theme = ctx.plan.document, ctx.theme
    png = logo_png(theme, ctx.project.cache)
    pixels_w, pixels_h = png_size(png)
    frame = doc.picture(png, 170, 170 * pixels_h / pixels_w, theme.logo_alt, f"Logo de {info.institution}")
    doc.add(f'<text:p text:style-name="{with_master(doc, "Couverture", "Couverture")}">{frame}</text:p>')
    doc.add(doc.p("Title", doc.span(info.titre)), doc.p("Couverture", doc.span(info.institution)))
    doc.add(*(doc.p("Subtitle", doc.span(line)) for line in info.devise))
    doc.add(doc.p("Couverture"))
    band = doc.table([WIDTH / len(ctx.plan.axes)] * len(ctx.plan.axes))
    band.row([band.cell(doc.p("En-tête de tableau", doc.span(f"{AXIS} {a.numero}\n{a.titre}")), theme.axis_colour(i))
              for i, a in enumerate(ctx.plan.axes)])  # fmt: skip
    doc.add(band.xml(), doc.p("Couverture"))
    doc.add(doc.p("Couverture", doc.span(f"{info.edition} – {format_moment(info.date)}")))
    doc.add(doc.p("Couverture", doc.span(f"{info.conseil.instance} du {format_moment(info.conseil.date)}")))


def _part(doc: TextDocument, title: str, level: int = 1) -> None:
    doc.add(doc.heading("Partie" if level == 1 else "Sous-partie", 0, doc.span(title), toc=level, text=title))


def _timeline(doc: TextDocument, ctx: BuildContext) -> None:
    calendar, theme = ctx.plan.demarche.calendrier, ctx.theme
    _part(doc, ctx.plan.document.libelles.avancement)
    doc.add(doc.p("Mise en avant", doc.span(f"Avancement{NBSP}: {format_moment(calendar.avancement)}")))
    table = doc.table([WIDTH * 0.34, WIDTH * 0.44, WIDTH * 0.22])
    table.row([table.cell(doc.p("En-tête de tableau", doc.span(t)), header=True) for t in ("Phase", "Étape", "Dates")],
              header=True)  # fmt: skip
    for phase in calendar.phases:
        steps = [(step_title(n, s.titre), s) for n, s in enumerate(phase.etapes, 1)]
        steps += [(s.titre, s) for s in phase.jalons]
        for index, (title, step) in enumerate(steps or [("", None)]):
            cells = []
            if index == 0:
                head = doc.p("Cellule titre", doc.span(phase.titre))
                cells.append(table.cell(head + doc.p("Cellule", doc.span(format_span(phase.debut, phase.fin))),
                                        rows=max(1, len(steps))))  # fmt: skip
            else:
                cells.append("<table:covered-table-cell/>")
            current = step is not None and step.debut.first_day <= calendar.avancement.first_day <= step.fin.last_day
            fill = theme.fond_clair if current else ""
            detail = (
                doc.p(
                    "Cellule",
                    f'<text:span text:style-name="{doc.style("Identifiant action")}">'
                    f"{doc.span(step.detail)}</text:span>",
                )
                if step is not None and step.detail
                else ""
            )
            cells.append(table.cell(doc.p("Cellule", doc.span(title)) + detail, fill))
            dates = doc.p("Cellule", doc.span(format_span(step.debut, step.fin) if step else ""))
            if current:
                dates += doc.p("Cellule", doc.span("◀ avancement", colour=theme.accent))
            cells.append(table.cell(dates, fill))
            table.row(cells)
    doc.add(table.xml())


def _objectives(doc: TextDocument, ctx: BuildContext) -> None:
    labels, demarche = ctx.plan.document.libelles, ctx.plan.demarche
    _part(doc, labels.objectif_processus)
    _part(doc, labels.contexte, 2)
    doc.add(*(doc.bullet("List Bullet", doc.span(line)) for line in demarche.contexte))
    _part(doc, labels.objectifs_demarche, 2)
    for point in demarche.objectifs:
        doc.add(doc.bullet("List Bullet", doc.span(point.titre)))
        doc.add(*(doc.bullet("List Bullet 2", doc.span(line), "Puces 2") for line in point.points))


def _ambition(doc: TextDocument, ctx: BuildContext) -> None:
    ambition = ctx.plan.ambition
    _part(doc, ctx.plan.document.libelles.ambition_synoptique)
    doc.add(*(doc.p("Normal", doc.span(text)) for text in ambition.introduction))
    for defi in ambition.defis:
        doc.add(doc.bullet("List Bullet", doc.span(defi.titre, "Fort")))
        doc.add(*(doc.bullet("List Bullet 2", doc.span(line), "Puces 2") for line in defi.points))
    doc.add(doc.p("Normal", doc.span(ambition.conclusion)))
    for index, axis in enumerate(ctx.plan.axes):
        doc.add(doc.bullet("List Bullet", doc.span(axis.libelle, colour=ctx.theme.axis_colour(index))))


def _synopsis(doc: TextDocument, ctx: BuildContext) -> None:
    labels = ctx.plan.document.libelles
    _part(doc, labels.structuration)
    _part(doc, labels.synthese, 2)
    for index, axis in enumerate(ctx.plan.axes):  # one table per axis: its band repeats on a new page
        colour = ctx.theme.axis_colour(index)
        table = doc.table([WIDTH * 0.4, WIDTH * 0.6])
        table.row([table.cell(doc.p("En-tête de tableau", doc.span(axis.libelle)), colour, span=2)], header=True)
        for orientation in axis.orientations:
            left = doc.p("Cellule titre", doc.span(orientation_label(orientation), colour=colour))
            mark = bookmark(synoptic_bookmark_name(orientation.id))  # the second occurrence, as in the DOCX
            left += doc.p("Cellule", mark + doc.span(orientation.titre_synoptique))
            right = "".join(
                doc.bullet("Liste cellule", bookmark(synoptic_bookmark_name(o.id)) + doc.span(o.titre_synoptique))
                for o in orientation.objectifs
            )
            table.row([table.cell(left), table.cell(right)])
        doc.add(table.xml(), doc.p("Normal"))


def _action(doc: TextDocument, item: Item) -> str:
    """An action as a list paragraph, bookmarked by its ID (not a reprise: the ID is marked where it is defined),
    followed by its discreet ID."""
    action: Action = item.node  # type: ignore[assignment]
    label = f"{action.id},{NBSP}action{NBSP}reprise" if action.reprise else action.id
    marks = "" if action.reprise else bookmark(bookmark_name(action.id))
    inner = marks + doc.span(action.texte) + doc.span(f"{NBSP}[{label}]", "Identifiant action")
    nested = item.group is not None
    return doc.bullet("List Bullet 2" if nested else "List Bullet", inner, "Puces 2" if nested else "Puces")


def _programme(doc: TextDocument, ctx: BuildContext) -> None:
    """The programme, following Plan.walk(): a table per orientation, a row per objective."""
    labels, theme = ctx.plan.document.libelles, ctx.theme
    _part(doc, labels.programme)
    table, left, right = None, "", ""

    def close_row() -> None:
        nonlocal left, right
        if table is not None and left:
            table.row([table.cell(left), table.cell(right)])
        left = right = ""

    def close_table() -> None:
        close_row()
        if table is not None:
            doc.add(table.xml())

    for item in ctx.plan.walk():
        colour = theme.axis_colour(item.axis_index)
        if item.kind == "axis":
            close_table()
            table = None
            title = item.axis.libelle
            doc.add(doc.heading("Heading 1", 1, doc.span(title, colour=colour), [bookmark_name(item.id)], 1, title))
        elif item.kind == "orientation" and item.orientation is not None:
            close_table()
            title = f"{orientation_label(item.orientation)}{NBSP}: {item.orientation.titre}"
            doc.add(doc.heading("Heading 2", 2, doc.span(title, colour=colour), [bookmark_name(item.id)], 2, title))
            table = doc.table([WIDTH * 0.34, WIDTH * 0.66])
            table.row([table.cell(doc.p("En-tête de tableau", doc.span(t)), colour, header=True)
                       for t in ("Objectifs", labels.colonne_actions)], header=True)  # fmt: skip
        elif item.kind == "objective" and item.objective is not None:
            close_row()
            left = doc.heading("Heading 3", 3, doc.span(item.objective.titre_complet), [bookmark_name(item.id)])
        elif item.kind == "group" and item.group is not None:
            right += doc.bullet("Sous-groupe", doc.span(item.group.titre), "Tirets")
        elif item.kind in ("action", "reprise"):
            right += _action(doc, item)
    close_table()


@register
class OdtBuilder(Builder):
    name = "odt"
    warm_imports = ("odfdo", "territoire.odf.writer")
    description = "brochure complète au format OpenDocument (ODT, format recommandé par le RGI)"
    filename = "projet-de-territoire.odt"
    templates = ("odf/reference.odt",)
    assets = ("theme.yaml", "logo.svg")
    heavy = True

    def render(self, ctx: BuildContext) -> bytes:
        from .. import confined
        from ..odf.writer import REFERENCE, TextDocument

        doc = TextDocument(confined.template(ctx.project, REFERENCE))
        info = ctx.plan.document
        _cover(doc, ctx)
        doc.add(TOC_MARK)
        _timeline(doc, ctx)
        _objectives(doc, ctx)
        _ambition(doc, ctx)
        _synopsis(doc, ctx)
        _programme(doc, ctx)
        doc.page_furniture(doc.span(f"{info.titre}\t\t{info.institution}"), doc.span(f"{info.edition}\t\t"))
        title, subject = f"{info.titre} – {info.institution}", f"{info.titre} ({info.edition}) – brochure complète"
        return doc.finish(ctx, title, subject, TOC_MARK)
