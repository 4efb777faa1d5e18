"""The slides of the council deck, in order: cover, démarche, ambition, axes at a glance, axes, next steps, thanks."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from ..builders import BuildContext
from ..logo import logo_png
from ..model import Objective
from ..textfit import BODY_MIN, Frame, Level, Para, Run, RunStyle
from ..typography import NBSP, format_moment, format_span
from ..wording import continued, objective_title, orientation_title
from .canvas import BODY_SIZES, Deck, note
from .colour import readable
from .package import png_size
from .timeline import timeline_slide


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def compose(deck: Deck, ctx: BuildContext) -> None:
    """The slides of issue 5, in order."""
    plan, doc = deck.plan, deck.plan.document
    logo = logo_png(ctx.theme, ctx.project.cache, 800)
    meeting = f"{doc.conseil.instance} du {format_moment(doc.conseil.date)}"
    cover(deck, doc.titre, [(meeting, True), (f"{doc.institution} — {doc.edition}", False)], logo, doc.devise)
    timeline_slide(deck)
    labels = doc.libelles
    heading: RunStyle = {"bold": True, "colour": ctx.theme.principale}
    left = [Para((Run(labels.contexte, **heading),), flush=True, keep_with_next=True)]
    left += [Para((Run(text),)) for text in plan.demarche.contexte]
    right = [Para((Run(labels.objectifs_demarche, **heading),), flush=True, keep_with_next=True)]
    for point in plan.demarche.objectifs:
        right.append(Para((Run(point.titre),), keep_with_next=bool(point.points)))
        right += [Para((Run(sub),), level=1) for sub in point.points]
    deck.flow("Deux colonnes", labels.objectif_processus, [left, right])
    defis = []
    for defi in plan.ambition.defis:
        defis.append(Para((Run(defi.titre, bold=True),), keep_with_next=bool(defi.points)))
        defis += [Para((Run(sub),), level=1) for sub in defi.points]
    spoken = [note(text) for text in plan.ambition.introduction]
    deck.flow("Titre et contenu", labels.ambition_synoptique, [defis], notes=lambda _: spoken)
    axes_slide(deck)
    # One size for every orientation slide that fits on one, so that consecutive slides look alike.
    fits = [deck.fit("Titre et contenu", _heading(o), [_objectives(o)]) for _, o in plan.orientations()]
    cap = min((size for size, (pages,) in fits if len(pages) == 1), default=BODY_SIZES[0])
    for index, axis in enumerate(plan.axes):
        axis_slides(deck, index, axis, [s for s in BODY_SIZES if s <= cap])
    last = plan.demarche.calendrier.phases[-1]
    steps = last.jalons or last.etapes
    if steps:
        paras = [Para((Run(format_span(s.debut, s.fin), **heading), Run(f" — {s.titre}"))) for s in steps]
        deck.flow("Titre et contenu", "Prochaines étapes", [paras], notes=lambda _: [note(last.titre, bold=True)])
    cover(deck, "Merci de votre attention", [(meeting, True), (f"{doc.titre} — {doc.edition}", False)], logo,
          (doc.institution,))  # fmt: skip


def cover(deck: Deck, title: str, lines: list[tuple[str, bool]], logo: bytes, quiet: Sequence[str]) -> None:
    """Title or closing slide: subtitle lines, the logo at the bottom right."""
    paras = [Para((Run(text, bold=bold, colour=deck.theme.principale if bold else ""),), flush=True)
             for text, bold in lines]  # fmt: skip
    paras += [Para((Run(text, italic=True, colour=deck.theme.discret),), flush=True) for text in quiet]
    size, (pages,) = deck.fit("Titre", title, [paras])
    if len(pages) > 1:
        raise ValueError(f"title slide text too long for one slide: {title!r}")
    page = deck.page("Titre", title)
    deck.fill(page, 1, pages[0], size)
    width, (slide_w, slide_h) = 2.6 * 72, deck.size
    pixels_w, pixels_h = png_size(logo)
    top = slide_h - 0.45 * 72 - 36 - width * pixels_h / pixels_w  # above the coloured band of « Titre »
    deck.picture(page, logo, (slide_w - 0.6 * 72 - width, top, width), deck.theme.logo_alt)
    deck.finish(page)


def axes_slide(deck: Deck) -> None:
    """The three axes at a glance: one coloured column per axis with its orientations."""
    plan, theme, metrics = deck.plan, deck.theme, deck.metrics
    title = plan.document.libelles.synthese
    left, top, width, _ = deck.area(deck.worst_shift("Titre seul", title))
    height = deck.footer_top("Titre seul") - 8 - top
    gap, pad, count = 12.0, 8.0, len(plan.axes)
    col = (width - gap * (count - 1)) / count
    heads = [(Run(f"Axe {a.numero}{NBSP}— ", bold=True, colour="#FFFFFF"), Run(a.titre, bold=True, colour="#FFFFFF"))
             for a in plan.axes]  # fmt: skip
    head = max(metrics.text_height(h, col - 2 * pad, 18) for h in heads) + 2 * pad
    levels = (Level(space_before=6),)
    frame = Frame(col - 2 * pad, height - head - 4 - 2 * pad, levels)
    columns = [
        [Para((Run(f"{o.numero} ", bold=True, colour=theme.axis_colour(i)), Run(o.titre_synoptique)), flush=True)
         for o in axis.orientations] for i, axis in enumerate(plan.axes)
    ]  # fmt: skip
    size, pages = metrics.fit_columns(columns, [frame] * count, (22.0, 20.0, 18.0, BODY_MIN))
    spoken = [note(plan.ambition.conclusion)] + [note(a.libelle) for a in plan.axes]
    for n in range(max(len(column) for column in pages)):
        page = deck.page("Titre seul", continued(title, n))
        for i in range(count):
            x = left + i * (col + gap)
            deck.shape(page, (x, top, col, head), [Para(heads[i], flush=True)], 18, theme.axis_colour(i), inset=pad,
                       anchor="ctr", name="Axe")  # fmt: skip
            shown = pages[i][n] if n < len(pages[i]) else []
            box = (x, top + head + 4, col, height - head - 4)
            deck.shape(page, box, shown, size, theme.fond_clair, inset=pad, name="Orientations", levels=levels)
        deck.notes(page, spoken if n == 0 else [])
        deck.finish(page)


def _heading(orientation: Any) -> str:
    return orientation_title(orientation, synoptic=True)


def _objectives(orientation: Any) -> list[Para]:
    return [Para((Run(o.titre_synoptique),), key=o) for o in orientation.objectifs]


def axis_slides(deck: Deck, index: int, axis: Any, sizes: Sequence[float]) -> None:
    """A section slide in the axis colour, then one slide (or more) per orientation with notes for the actions."""
    colour = deck.theme.axis_colour(index)
    title = axis.libelle
    objectives = [o for orientation in axis.orientations for o in orientation.objectifs]
    actions = sum(1 for o in objectives for _ in o.all_actions())
    counts = " · ".join(
        (plural(len(axis.orientations), "orientation"), plural(len(objectives), "objectif"), plural(actions, "action"))
    )
    size, (pages,) = deck.fit("Section", title, [[Para((Run(counts),), flush=True)]])
    page = deck.page("Section", title)
    deck.fill(page, 1, pages[0], size)
    deck.notes(page, [note(f"{o.numero} — {o.titre}") for o in axis.orientations])
    deck.finish(page, background=readable(colour))
    slide_h = deck.size[1]
    for orientation in axis.orientations:
        deck.flow(
            "Titre et contenu",
            _heading(orientation),
            [_objectives(orientation)],
            notes=functools.partial(_programme_notes, orientation),
            bullet=colour,
            decorate=lambda page: deck.shape(page, (0, 0, 8, slide_h), fill=colour),
            sizes=sizes,
        )


def _programme_notes(orientation: Any, shown: list[list[Para]]) -> list[Para]:
    return programme(orientation, shown[0])


def programme(orientation: Any, shown: list[Para]) -> list[Para]:
    """Speaker notes: the detailed actions (sub-groups, identifiers) of the objectives that start on this slide."""
    out = [note(orientation_title(orientation), bold=True)]
    for para in shown:
        objective: Objective = para.key  # type: ignore[assignment]
        if objective is None or not para.bullet:
            continue
        out.append(note(objective_title(objective), bold=True))
        out += [_action_note(action) for action in objective.actions]
        for group in objective.groupes:
            out.append(note(group.titre if group.actions else f"{group.titre} (sans action)", italic=True))
            out += [_action_note(action) for action in group.actions]
    return out


def _action_note(action: Any) -> Para:
    return note(f"• {action.id}{' (reprise)' if action.reprise else ''} — {action.texte}")
