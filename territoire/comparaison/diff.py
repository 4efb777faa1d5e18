"""What changed between two editions, element by element, matched by ID (never by position)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from ..model import Item, Phase, Plan, Point
from ..typography import NBSP, format_span
from ..wording import SECTIONS, change_label, changes_summary, phase_place, place, step_title

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Change:
    """One changed element: an axis, orientation, objective, action (by ID), a phase or a part of the démarche."""

    ident: str
    element: str
    """A key of wording.ELEMENTS: action, objective, orientation, axis, phase, section."""
    kinds: tuple[str, ...]
    """Keys of wording.CHANGES, e.g. ("déplacé", "reformulé")."""
    place: str
    """Where it is in the new edition (in the old one when it was removed)."""
    before: str
    after: str
    old_place: str = ""
    """Where it was, when it moved."""
    synoptic_before: str = ""
    synoptic_after: str = ""
    """The synoptic title, when it changed on its own account (not only by following the title)."""

    @property
    def label(self) -> str:
        return change_label(self.element, self.kinds)


@dataclass(frozen=True, slots=True)
class Comparison:
    old: str
    new: str
    changes: tuple[Change, ...]

    @property
    def summary(self) -> str:
        counts = Counter((change.element, kind) for change in self.changes for kind in change.kinds)
        return changes_summary(counts)


@dataclass(frozen=True, slots=True)
class _Entry:
    item: Item
    parent: str
    """The ID of the element it belongs to (a move changes it)."""
    text: str
    """Its wording in the programme: an objective's title with its localities."""
    synoptic: str
    """Its title in the synthesis (orientations, objectives), else empty."""
    own: bool
    """True when that synoptic title is its own, not a copy of the title (the loader copies it when absent)."""
    order: int


_ELEMENTS = ("axis", "orientation", "objective", "action")


def elements(plan: Plan) -> dict[str, _Entry]:
    """Every element with an ID (reprises repeat an action: they are not elements of their own)."""
    entries = {}
    for order, item in enumerate(plan.walk()):
        if item.kind not in _ELEMENTS:
            continue
        node = item.node
        if item.kind == "axis":
            parent, text, synoptic = "", item.axis.titre, ""
        elif item.kind == "orientation":
            parent, text, synoptic = item.axis.id, node.titre, node.titre_synoptique  # type: ignore[union-attr]
        elif item.kind == "objective":
            assert item.orientation is not None
            parent, text, synoptic = item.orientation.id, node.titre_complet, node.titre_synoptique  # type: ignore[union-attr]
        else:
            assert item.objective is not None
            parent, text, synoptic = item.objective.id, node.texte, ""  # type: ignore[union-attr]
        own = bool(synoptic) and synoptic != getattr(node, "titre", "")
        entries[item.id] = _Entry(item, parent, text, synoptic, own, order)
    return entries


def _programme(old: Plan, new: Plan) -> list[tuple[tuple[int, int, int], Change]]:
    before, after = elements(old), elements(new)
    found: list[tuple[tuple[int, int, int], Change]] = []
    anchor = -1
    for ident, entry in before.items():  # old plan order: a removed element follows its last surviving predecessor
        if ident in after:
            anchor = after[ident].order
            continue
        change = Change(ident, entry.item.kind, ("supprimé",), place(entry.item), entry.text, "")
        found.append(((anchor, 1, entry.order), change))
    for ident, entry in after.items():
        element = entry.item.kind
        previous = before.get(ident)
        if previous is None:
            found.append(((entry.order, 0, 0), Change(ident, element, ("ajouté",), place(entry.item), "", entry.text)))
            continue
        kinds = []
        moved = previous.parent != entry.parent
        if moved:
            kinds.append("déplacé")
        if previous.text != entry.text:
            kinds.append("reformulé" if element == "action" else "renommé")
        synoptic = previous.synoptic != entry.synoptic and (previous.own or entry.own)  # not just following
        if synoptic:
            kinds.append("titre synoptique")
        if not kinds:
            continue
        text_before, text_after = previous.text, entry.text
        if synoptic and previous.text == entry.text:
            text_before, text_after = previous.synoptic, entry.synoptic
        syn_before, syn_after = (
            (previous.synoptic, entry.synoptic) if synoptic and previous.text != entry.text else ("", "")
        )
        change = Change(
            ident,
            element,
            tuple(kinds),
            place(entry.item),
            text_before,
            text_after,
            place(previous.item) if moved else "",
            syn_before,
            syn_after,
        )
        found.append(((entry.order, 0, 0), change))
    return found


def _points(points: tuple[Point, ...]) -> str:
    return "\n".join(line for point in points for line in (point.titre, *(f"– {p}" for p in point.points)))


def phase_text(phase: Phase) -> str:
    """A phase of the timeline as lines: its title and dates, then each step and milestone with its dates."""
    lines = [f"{phase.titre} ({format_span(phase.debut, phase.fin)})"]
    lines += [f"{step_title(n, s.titre)}, {format_span(s.debut, s.fin)}" for n, s in enumerate(phase.etapes, 1)]
    lines += [f"{s.titre}, {format_span(s.debut, s.fin)}" for s in phase.jalons]
    return "\n".join(lines)


def _sections(plan: Plan) -> dict[str, str]:
    demarche, ambition = plan.demarche, plan.ambition
    progress = demarche.calendrier.avancement
    return {
        "contexte": "\n".join(demarche.contexte),
        "objectifs-demarche": _points(demarche.objectifs),
        "calendrier": f"Avancement{NBSP}: {format_span(progress, progress)}",
        "ambition-introduction": "\n".join(ambition.introduction),
        "ambition-defis": _points(ambition.defis),
        "ambition-conclusion": ambition.conclusion,
    }


def _front(old: Plan, new: Plan) -> list[Change]:
    """The démarche (context, objectives, timeline by phase ID) and the ambition, which come before the programme."""
    changes = []
    before, after = _sections(old), _sections(new)
    for key in SECTIONS:
        if before[key] != after[key]:
            changes.append(Change(key, "section", ("modifié",), SECTIONS[key], before[key], after[key]))
        if key != "calendrier":
            continue
        old_phases = {p.id: (n, p) for n, p in enumerate(old.demarche.calendrier.phases, 1)}
        new_phases = {p.id: (n, p) for n, p in enumerate(new.demarche.calendrier.phases, 1)}
        for ident, (number, phase) in old_phases.items():
            if ident not in new_phases:
                changes.append(Change(ident, "phase", ("supprimé",), phase_place(number), phase_text(phase), ""))
        for ident, (number, phase) in new_phases.items():
            if ident not in old_phases:
                changes.append(Change(ident, "phase", ("ajouté",), phase_place(number), "", phase_text(phase)))
            elif (text := phase_text(phase)) != (old_text := phase_text(old_phases[ident][1])):
                changes.append(Change(ident, "phase", ("modifié",), phase_place(number), old_text, text))
    return changes


def compare(old: Plan, new: Plan, old_label: str, new_label: str) -> Comparison:
    """Every change from `old` to `new`, in the new plan's order (removed elements where they stood)."""
    programme = [change for _, change in sorted(_programme(old, new), key=lambda pair: pair[0])]
    return Comparison(old_label, new_label, tuple(_front(old, new) + programme))


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(op, text) pieces turning `before` into `after`, word by word: « = » kept, « - » deleted, « + » inserted.

    Within a changed stretch, deletions come first and the spaces between changed words go with them, so a
    reader sees « ~~ancien texte~~ nouveau texte » rather than a word-by-word zigzag.
    """
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    pieces: list[tuple[str, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        kept = "".join(a[i1:i2])
        between = 0 < index < len(opcodes) - 1 and tag == "equal" and not kept.strip() and "\n" not in kept
        if tag == "equal" and not between:
            _flush(pieces, deleted, inserted)
            pieces.append(("=", kept))
        elif between:
            deleted.append(kept)
            inserted.append(kept)
        else:
            deleted.extend(a[i1:i2])
            inserted.extend(b[j1:j2])
    _flush(pieces, deleted, inserted)
    return pieces


def _flush(pieces: list[tuple[str, str]], deleted: list[str], inserted: list[str]) -> None:
    if deleted:
        pieces.append(("-", "".join(deleted)))
    if inserted:
        pieces.append(("+", "".join(inserted)))
    deleted.clear()
    inserted.clear()
