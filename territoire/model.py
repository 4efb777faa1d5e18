"""The typed, read-only model of a Projet de Territoire: the only way builders see content."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Moment:
    """A day (2018-05-23) or a whole month (2017-10), as the authors wrote it."""

    year: int
    month: int
    day: int | None = None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        last = self.day or calendar.monthrange(self.year, self.month)[1]
        return dt.date(self.year, self.month, last)


@dataclass(frozen=True, slots=True)
class Action:
    """One action bullet. A reprise is an action defined elsewhere and repeated here."""

    id: str
    texte: str
    reprise: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """A sub-group of actions inside an objective (e.g. « Sport, culture et loisirs »)."""

    titre: str
    actions: tuple[Action, ...]


@dataclass(frozen=True, slots=True)
class Objective:
    id: str
    numero: str
    titre: str
    titre_synoptique: str
    lieux: tuple[str, ...]
    actions: tuple[Action, ...]
    groupes: tuple[Group, ...]

    @property
    def titre_complet(self) -> str:
        """The detailed-programme title, with its localities when there are some."""
        if not self.lieux:
            return self.titre
        return f"{self.titre}\u00a0: {', '.join(self.lieux)}"

    def all_actions(self) -> Iterator[tuple[Group | None, Action]]:
        for action in self.actions:
            yield None, action
        for group in self.groupes:
            for action in group.actions:
                yield group, action


@dataclass(frozen=True, slots=True)
class Orientation:
    id: str
    numero: str
    titre: str
    titre_synoptique: str
    objectifs: tuple[Objective, ...]


@dataclass(frozen=True, slots=True)
class Axis:
    id: str
    numero: str
    titre: str
    orientations: tuple[Orientation, ...]

    @property
    def libelle(self) -> str:
        """« Axe 1 — Favoriser l’emploi… »: how every output titles an axis."""
        return f"Axe {self.numero} — {self.titre}"


@dataclass(frozen=True, slots=True)
class Step:
    """A step of the co-construction phase, or a milestone of the sharing phase."""

    titre: str
    detail: str
    debut: Moment
    fin: Moment


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    titre: str
    debut: Moment
    fin: Moment
    etapes: tuple[Step, ...]
    jalons: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    avancement: Moment
    phases: tuple[Phase, ...]

    @property
    def debut(self) -> dt.date:
        return min(p.debut.first_day for p in self.phases)

    @property
    def fin(self) -> dt.date:
        return max(p.fin.last_day for p in self.phases)


@dataclass(frozen=True, slots=True)
class Point:
    """A bullet with optional sub-points (objectifs de la démarche, défis de l'ambition)."""

    titre: str
    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Demarche:
    contexte: tuple[str, ...]
    objectifs: tuple[Point, ...]
    calendrier: Timeline


@dataclass(frozen=True, slots=True)
class Ambition:
    introduction: tuple[str, ...]
    defis: tuple[Point, ...]
    conclusion: str


@dataclass(frozen=True, slots=True)
class Meeting:
    instance: str
    date: Moment


@dataclass(frozen=True, slots=True)
class Labels:
    """Headings printed in the documents, editable by the team."""

    avancement: str
    objectif_processus: str
    contexte: str
    objectifs_demarche: str
    structuration: str
    synthese: str
    ambition_synoptique: str
    programme: str
    colonne_orientations: str
    colonne_actions: str


@dataclass(frozen=True, slots=True)
class Document:
    titre: str
    institution: str
    devise: tuple[str, ...]
    edition: str
    date: Moment
    conseil: Meeting
    libelles: Labels


@dataclass(frozen=True, slots=True)
class Contact:
    courriel: str
    adresse: str
    formulaire: str = ""


CONFORMITY = ("non conforme", "partiellement conforme", "totalement conforme")
"""The three compliance states a statement may declare (arrêté du 20 septembre 2019)."""


@dataclass(frozen=True, slots=True)
class Statement:
    """The accessibility statement the décret nº 2019-768 requires of a public website (content/accessibilite.yaml)."""

    etat: str  # one of CONFORMITY
    date: Moment
    referentiel: str
    resultats: str
    non_conformites: tuple[str, ...]
    derogations: tuple[str, ...]
    hors_champ: tuple[str, ...]
    contact: Contact
    recours: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    document: Document
    demarche: Demarche
    ambition: Ambition
    axes: tuple[Axis, ...]
    accessibilite: Statement

    def orientations(self) -> Iterator[tuple[Axis, Orientation]]:
        for axis in self.axes:
            for orientation in axis.orientations:
                yield axis, orientation

    def objectives(self) -> Iterator[tuple[Axis, Orientation, Objective]]:
        for axis, orientation in self.orientations():
            for objective in orientation.objectifs:
                yield axis, orientation, objective

    def actions(self) -> Iterator[tuple[Axis, Orientation, Objective, Group | None, Action]]:
        """Every action bullet in reading order, reprises included."""
        for axis, orientation, objective in self.objectives():
            for group, action in objective.all_actions():
                yield axis, orientation, objective, group, action

    def walk(self) -> Iterator[Item]:
        """The programme in reading order, one typed item per element: axis, orientation, objective, group,
        action or reprise, each knowing its parents. Every output that lists the programme follows this walk."""
        for axis_index, axis in enumerate(self.axes):
            yield Item("axis", axis, axis_index, axis)
            for orientation in axis.orientations:
                yield Item("orientation", orientation, axis_index, axis, orientation)
                for objective in orientation.objectifs:
                    yield Item("objective", objective, axis_index, axis, orientation, objective)
                    parents = (axis_index, axis, orientation, objective)
                    position = 0
                    for group_index, group in enumerate((None, *objective.groupes)):
                        if group is not None:
                            yield Item("group", group, *parents, group, group_index)
                        for action in group.actions if group is not None else objective.actions:
                            position += 1
                            kind = "reprise" if action.reprise else "action"
                            yield Item(kind, action, *parents, group, group_index, position)


@dataclass(frozen=True, slots=True)
class Item:
    """One element of the programme met by Plan.walk(), with its parents (None above the element's level).

    `axis_index` is 0-based (theme colours); `group_index` is 1-based within the objective (0: no group);
    `position` is the 1-based place of an action among its objective's actions.
    """

    kind: str
    node: Axis | Orientation | Objective | Group | Action
    axis_index: int
    axis: Axis
    orientation: Orientation | None = None
    objective: Objective | None = None
    group: Group | None = None
    group_index: int = 0
    position: int = 0

    @property
    def id(self) -> str:
        """The stable ID of the element (groups have none: empty)."""
        return getattr(self.node, "id", "")


KEEP = object()
"""Returned by a rebuild visitor to say: keep walking into this value."""


def rebuild(node: Any, visit: Callable[[Any, str], Any], name: str = "") -> Any:
    """Copy a model tree; `visit(value, field_name)` returns a replacement or KEEP to descend."""
    replaced = visit(node, name)
    if replaced is not KEEP:
        return replaced
    if is_dataclass(node) and not isinstance(node, type):
        return type(node)(**{f.name: rebuild(getattr(node, f.name), visit, f.name) for f in fields(node)})
    if isinstance(node, tuple):
        return tuple(rebuild(item, visit, name) for item in node)
    return node
