"""content/ (YAML) -> Plan: reads every file, validates everything, raises one ContentError with all problems."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .confined import label_for
from .errors import ContentError, Location, Problem
from .model import (
    KEEP,
    Action,
    Ambition,
    Axis,
    Demarche,
    Document,
    Group,
    Labels,
    Meeting,
    Moment,
    Objective,
    Orientation,
    Phase,
    Plan,
    Point,
    Step,
    Timeline,
    rebuild,
)
from .reader import Context, MapView
from .statement import read_statement
from .yamlsource import read_yaml

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ACTION_ID = re.compile(r"^A\d{3,}$")


@dataclass
class _Ids:
    """Identifiers seen so far, to catch duplicates and dangling reprises across files."""

    defined: dict[str, Location] = field(default_factory=dict)
    actions: dict[str, str] = field(default_factory=dict)
    reprises: list[tuple[Context, yaml.Node, str, str]] = field(default_factory=list)


class _Loader:
    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self.problems: list[Problem] = []
        self.unreadable = False
        self.ids = _Ids()

    def open(self, path: Path) -> tuple[Context, yaml.Node | None]:
        label = label_for(path)
        ctx = Context(label, self.problems)
        if not path.is_file():
            self.problems.append(Problem(Location(label), "fichier manquant"))
            return ctx, None
        node, problems = read_yaml(label, path.read_bytes())
        self.problems.extend(problems)
        self.unreadable |= bool(problems)
        return ctx, node

    def identifier(self, ctx: Context, view: MapView, kind: str) -> str:
        value = view.text("id")
        if not value:
            return value
        node = view.values["id"]
        pattern = _ACTION_ID if kind == "action" else _SLUG
        if not pattern.match(value):
            expected = (
                "A suivi de chiffres (A001, A118…)"
                if kind == "action"
                else "minuscules, chiffres et tirets, sans accent (ex. « qualite-de-vie »)"
            )
            ctx.error(node, view.place, f"identifiant « {value} » invalide : attendu {expected}")
        elif value in self.ids.defined:
            first = self.ids.defined[value]
            ctx.error(node, view.place, f"identifiant « {value} » en double (déjà utilisé en {first})")
        else:
            self.ids.defined[value] = ctx.loc(node)
        return value

    # --- projet.yaml, demarche.yaml, ambition.yaml -------------------------------------------------

    def document(self) -> Document | None:
        ctx, node = self.open(self.content_dir / "projet.yaml")
        if node is None:
            return None
        view = MapView(ctx, node, "projet", "projet")
        if not view.ok:
            return None
        conseil = view.sub("conseil", "conseil", "projet, conseil")
        libelles = view.sub("libelles", "libelles", "projet, libellés")
        labels = {k: libelles.text(k) for k in libelles.values} if libelles and libelles.ok else {}
        document = Document(
            titre=view.text("titre"),
            institution=view.text("institution"),
            devise=view.texts("devise"),
            edition=view.text("edition"),
            date=view.moment("date") or Moment(1970, 1, 1),
            conseil=Meeting(conseil.text("instance"), conseil.moment("date") or Moment(1970, 1, 1))
            if conseil and conseil.ok
            else Meeting("", Moment(1970, 1, 1)),
            libelles=Labels(**{k: labels.get(k, "") for k in Labels.__slots__}),
        )
        return document

    def points(self, ctx: Context, view: MapView, key: str, place: str) -> tuple[Point, ...]:
        result = []
        for index, item in enumerate(view.items(key), 1):
            point = MapView(ctx, item, f"{place} {index}", "point")
            if point.ok:
                result.append(Point(point.text("titre"), point.texts("points")))
        return tuple(result)

    def demarche(self) -> Demarche | None:
        ctx, node = self.open(self.content_dir / "demarche.yaml")
        if node is None:
            return None
        view = MapView(ctx, node, "démarche", "demarche")
        if not view.ok:
            return None
        cal = view.sub("calendrier", "calendrier", "calendrier")
        timeline = Timeline(Moment(1970, 1), ())
        if cal and cal.ok:
            phases = tuple(
                p
                for i, item in enumerate(cal.items("phases"), 1)
                if (p := self.phase(ctx, item, f"calendrier, phase {i}"))
            )
            timeline = Timeline(cal.moment("avancement") or Moment(1970, 1), phases)
        return Demarche(
            view.texts("contexte"), self.points(ctx, view, "objectifs", "objectif de la démarche"), timeline
        )

    def span(self, ctx: Context, view: MapView, required_end: bool) -> tuple[Moment, Moment] | None:
        start = view.moment("debut")
        end = view.moment("fin") if view.has("fin") else (None if required_end else start)
        if start is None or end is None:
            return None
        if end.last_day < start.first_day:
            ctx.error(view.values["fin"], view.place, "la fin précède le début")
            return None
        return start, end

    def phase(self, ctx: Context, node: yaml.Node, place: str) -> Phase | None:
        view = MapView(ctx, node, place, "phase")
        if not view.ok:
            return None
        ident = self.identifier(ctx, view, "phase")
        span = self.span(ctx, view, required_end=True)
        steps = {}
        for key in ("etapes", "jalons"):
            steps[key] = tuple(
                s
                for i, item in enumerate(view.items(key), 1)
                if (s := self.step(ctx, item, f"{place}, {key[:-1]} {i}"))
            )
        if span is None:
            return None
        return Phase(ident, view.text("titre"), span[0], span[1], steps["etapes"], steps["jalons"])

    def step(self, ctx: Context, node: yaml.Node, place: str) -> Step | None:
        view = MapView(ctx, node, place.replace("etape", "étape"), "etape")
        if not view.ok:
            return None
        span = self.span(ctx, view, required_end=False)
        titre, detail = view.text("titre"), view.text("detail") if view.has("detail") else ""
        return Step(titre, detail, *span) if span else None

    def ambition(self) -> Ambition | None:
        ctx, node = self.open(self.content_dir / "ambition.yaml")
        if node is None:
            return None
        view = MapView(ctx, node, "ambition", "ambition")
        if not view.ok:
            return None
        return Ambition(view.texts("introduction"), self.points(ctx, view, "defis", "défi"), view.text("conclusion"))

    # --- axes/*.yaml -----------------------------------------------------------------------------

    def axis(self, path: Path, number: int) -> Axis | None:
        ctx, node = self.open(path)
        if node is None:
            return None
        place = f"axe {number}"
        view = MapView(ctx, node, place, "axe")
        if not view.ok:
            return None
        ident = self.identifier(ctx, view, "axe")
        orientations = tuple(
            o
            for i, item in enumerate(view.items("orientations"), 1)
            if (o := self.orientation(ctx, item, f"{number}.{i}"))
        )
        return Axis(ident, str(number), view.text("titre"), orientations)

    def orientation(self, ctx: Context, node: yaml.Node, number: str) -> Orientation | None:
        place = f"orientation {number}"
        view = MapView(ctx, node, place, "orientation")
        if not view.ok:
            return None
        ident = self.identifier(ctx, view, "orientation")
        titre = view.text("titre")
        objectives = tuple(
            o for i, item in enumerate(view.items("objectifs"), 1) if (o := self.objective(ctx, item, number, i))
        )
        synoptique = view.text("titre_synoptique") if view.has("titre_synoptique") else titre
        return Orientation(ident, number, titre, synoptique, objectives)

    def objective(self, ctx: Context, node: yaml.Node, orientation: str, index: int) -> Objective | None:
        place = f"orientation {orientation}, objectif {index}"
        view = MapView(ctx, node, place, "objectif")
        if not view.ok:
            return None
        ident = self.identifier(ctx, view, "objectif")
        titre = view.text("titre")
        if view.has("actions") and view.has("groupes"):
            ctx.error(view.values["groupes"], place, "écrivez « actions » ou « groupes », pas les deux")
        elif not view.has("actions") and not view.has("groupes"):
            ctx.error(node, place, "champ « actions » manquant (ou « groupes » pour des sous-groupes)")
        actions = self.actions(ctx, view, place)
        groups = []
        for i, item in enumerate(view.items("groupes"), 1):
            group = MapView(ctx, item, f"{place}, groupe {i}", "groupe")
            if group.ok:
                groups.append(Group(group.text("titre"), self.actions(ctx, group, group.place, True)))
        synoptique = view.text("titre_synoptique") if view.has("titre_synoptique") else titre
        return Objective(
            ident, f"{orientation}.{index}", titre, synoptique, view.texts("lieux"), actions, tuple(groups)
        )

    def actions(self, ctx: Context, view: MapView, place: str, allow_empty: bool = False) -> tuple[Action, ...]:
        result = []
        for i, item in enumerate(view.items("actions", allow_empty), 1):
            action = self.action(ctx, item, f"{place}, action {i}")
            if action:
                result.append(action)
        return tuple(result)

    def action(self, ctx: Context, node: yaml.Node, place: str) -> Action | None:
        if isinstance(node, yaml.ScalarNode):
            ctx.error(node, place, "action sans identifiant : écrivez « - id: A… » puis « texte: … » à la ligne")
            return None
        view = MapView(ctx, node, place, "action")
        if not view.ok:
            return None
        if view.has("reprise"):
            if view.has("id"):
                ctx.error(
                    view.values["id"], place, "une reprise n'a pas d'« id » : elle reprend celui de l'action d'origine"
                )
            target = view.text("reprise")
            local = view.text("texte") if view.has("texte") else ""
            self.ids.reprises.append((ctx, view.values["reprise"], place, target))
            return Action(target, local, reprise=True)
        for key in ("id", "texte"):
            if key not in view.values:
                ctx.error(node, place, f"champ « {key} » manquant")
        ident = self.identifier(ctx, view, "action")
        texte = view.text("texte")
        if ident:
            self.ids.actions[ident] = texte
        return Action(ident, texte)

    def resolve_reprises(self, axes: tuple[Axis, ...]) -> tuple[Axis, ...]:
        """Check each reprise points at a defined action; give it the original wording when it has none."""
        for ctx, node, place, target in self.ids.reprises:
            # A file that could not be read defines actions we cannot see: reporting reprises into it
            # would only bury the real error under false ones.
            if target and target not in self.ids.actions and not self.unreadable:
                close = difflib.get_close_matches(target, list(self.ids.actions), n=1)
                hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
                ctx.error(node, place, f"reprise « {target} » : aucune action n'a cet identifiant{hint}")

        def fill(node: object, _name: str) -> object:
            if isinstance(node, Action) and node.reprise and not node.texte:
                return Action(node.id, self.ids.actions.get(node.id, ""), True)
            return node if isinstance(node, (Action, str, Moment)) else KEEP

        return rebuild(axes, fill)


def load_plan(content_dir: Path) -> Plan:
    """Load and validate the whole plan; raise ContentError listing every problem found."""
    if not content_dir.is_dir():  # one clear message rather than one per missing file
        raise ContentError([Problem(Location(label_for(content_dir)), "dossier de contenu introuvable")])
    loader = _Loader(content_dir)
    document, demarche, ambition = loader.document(), loader.demarche(), loader.ambition()
    axis_files = sorted((content_dir / "axes").glob("*.yaml"))
    if not axis_files:
        loader.problems.append(Problem(Location(label_for(content_dir / "axes")), "aucun fichier d'axe (*.yaml)"))
    axes = tuple(a for i, path in enumerate(axis_files, 1) if (a := loader.axis(path, i)))
    axes = loader.resolve_reprises(axes)
    statement = read_statement(loader)
    if loader.problems or document is None or demarche is None or ambition is None or statement is None:
        raise ContentError(loader.problems or [Problem(Location(label_for(content_dir)), "contenu illisible")])
    return Plan(document, demarche, ambition, axes, statement)


__all__ = ["load_plan"]
