"""Typed access to YAML nodes that records every located problem instead of stopping at the first."""

from __future__ import annotations

import calendar
import difflib
import re

import yaml

from .errors import Location, Problem
from .model import Moment
from .schema import SCHEMA
from .typography import month_name

FIRST_YEAR, LAST_YEAR = 1900, 2200
_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


def quoted(value: object, limit: int = 80) -> str:
    """What a person wrote, between guillemets, on one line and cut short: a message stays one line."""
    text = " ".join(str(value).split())
    return f"« {text if len(text) <= limit else text[: limit - 1] + '…'} »"


def describe(node: yaml.Node) -> str:
    """What a person wrote, in words: « une liste », « un texte »…"""
    if isinstance(node, yaml.SequenceNode):
        return "une liste"
    if isinstance(node, yaml.MappingNode):
        return "un dictionnaire (clé : valeur)"
    if node.tag == "tag:yaml.org,2002:null":
        return "rien"
    return quoted(node.value)


class Context:
    """One file being read: its label and the shared list of problems."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    def loc(self, node: yaml.Node) -> Location:
        return Location(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: yaml.Node | None, place: str, message: str) -> None:
        location = self.loc(node) if node is not None else Location(self.file)
        self.problems.append(Problem(location, message, place))


class MapView:
    """A YAML mapping checked against one section of SCHEMA."""

    def __init__(self, ctx: Context, node: yaml.Node, place: str, section: str) -> None:
        self.ctx, self.node, self.place, self.section = ctx, node, place, section
        self.values: dict[str, yaml.Node] = {}
        self.ok = isinstance(node, yaml.MappingNode)
        if not self.ok:
            ctx.error(node, place, f"attendu : un dictionnaire (clé : valeur), reçu : {describe(node)}")
            return
        known = SCHEMA[section]
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                ctx.error(key_node, place, "clé invalide : une clé doit être un simple mot")
                continue
            if key in self.values:
                first = self.values[key].start_mark.line + 1
                ctx.error(key_node, place, f"clé « {key} » en double (déjà écrite ligne {first})")
                continue
            if key not in known:
                close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
                allowed = ", ".join(known)
                ctx.error(key_node, place, f"clé inconnue « {key} »{hint} (clés possibles : {allowed})")
                # Read the value under the suggested key anyway, so one typo does not cascade into
                # « champ manquant » or dangling-reference errors further on.
                if (
                    close
                    and close[0] not in self.values
                    and not any(k.value == close[0] for k, _ in node.value if isinstance(k, yaml.ScalarNode))
                ):
                    self.values[close[0]] = value_node
                continue
            self.values[key] = value_node
        if self.ok:
            for key, spec in known.items():
                if spec.required and key not in self.values:
                    ctx.error(node, place, f"champ « {key} » manquant ({spec.doc})")

    def has(self, key: str) -> bool:
        return key in self.values

    def _present(self, key: str) -> yaml.Node | None:
        node = self.values.get(key)
        if node is not None and node.tag == "tag:yaml.org,2002:null" and not isinstance(node, yaml.CollectionNode):
            self.ctx.error(node, self.place, f"champ « {key} » vide")
            return None
        return node

    def text(self, key: str) -> str:
        node = self._present(key)
        return scalar_text(self.ctx, node, self.place, key) if node is not None else ""

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(scalar_text(self.ctx, item, self.place, key) for item in self.items(key))

    def items(self, key: str, allow_empty: bool = False) -> list[yaml.Node]:
        node = self.values.get(key)
        if node is None:
            return []
        if node.tag == "tag:yaml.org,2002:null" and not isinstance(node, yaml.CollectionNode):
            if not allow_empty:
                self.ctx.error(node, self.place, f"champ « {key} » vide : il faut au moins un élément")
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.ctx.error(
                node, self.place, f"champ « {key} » : attendu : une liste (lignes « - … »), reçu : {describe(node)}"
            )
            return []
        if not node.value and not allow_empty:
            self.ctx.error(node, self.place, f"champ « {key} » vide : il faut au moins un élément")
        return list(node.value)

    def sub(self, key: str, section: str, place: str | None = None) -> MapView | None:
        node = self.values.get(key)
        if node is None:
            return None
        return MapView(self.ctx, node, place or self.place, section)

    def moment(self, key: str) -> Moment | None:
        node = self._present(key)
        if node is None:
            return None
        return parse_moment(self.ctx, node, self.place, key)


def scalar_text(ctx: Context, node: yaml.Node | None, place: str, key: str) -> str:
    if node is None:
        return ""
    if not isinstance(node, yaml.ScalarNode):
        ctx.error(node, place, f"champ « {key} » : attendu : un texte, reçu : {describe(node)}")
        return ""
    if node.tag == "tag:yaml.org,2002:null" or not str(node.value).strip():
        ctx.error(node, place, f"champ « {key} » vide")
        return ""
    return " ".join(str(node.value).split())


def parse_moment(ctx: Context, node: yaml.Node, place: str, key: str) -> Moment | None:
    expected = "attendu : une date (AAAA-MM ou AAAA-MM-JJ)"
    if not isinstance(node, yaml.ScalarNode):
        ctx.error(node, place, f"champ « {key} » : {expected}, reçu : {describe(node)}")
        return None
    match = _MOMENT.match(str(node.value).strip())
    if not match:
        ctx.error(node, place, f"champ « {key} » : {expected}, reçu : {quoted(node.value)}")
        return None
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        ctx.error(
            node,
            place,
            f"champ « {key} » : année « {match.group(1)} » improbable (attendu : entre {FIRST_YEAR} et {LAST_YEAR})",
        )
        return None
    if not 1 <= month <= 12:
        ctx.error(node, place, f"champ « {key} » : date impossible « {node.value} » (mois {month} inexistant)")
        return None
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        ctx.error(
            node,
            place,
            f"champ « {key} » : date impossible « {node.value} » ({month_name(month)} {year} n'a que {last} jours)",
        )
        return None
    return Moment(year, month, day)
