"""The web site: a home page, one page per axis, search, downloads and the accessibility statement, in one folder.

Every page comes from the one walk of the plan (Plan.walk), shaped into an outline, and from the wording module.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Item, Plan
from ..theme import Theme, mix, readable
from ..wording import download_label

if TYPE_CHECKING:
    from ..builders import BuildContext

DOWNLOADS = {  # target -> title of the link; other targets with an office file use their description
    "pdf": "Brochure",
    "docx": "Brochure",
    "odt": "Brochure",
    "synoptique-pdf": "Tableaux synoptiques",
    "synoptique-docx": "Tableaux synoptiques",
    "xlsx": "Registre des actions",
    "ods": "Registre des actions",
    "pptx": "Présentation au conseil communautaire",
    "odp": "Présentation au conseil communautaire",
}
FORMATS = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".odt": "OpenDocument",
    ".xlsx": "Excel",
    ".ods": "OpenDocument",
    ".pptx": "PowerPoint",
    ".odp": "OpenDocument",
}
DOWNLOAD_FOLDER = "telechargements"


@dataclass
class Node:
    """One element of the walk with the elements under it, for templates that nest."""

    item: Item
    children: list[Node] = field(default_factory=list)


def outline(plan: Plan) -> list[Node]:
    """Plan.walk() as a tree: axes > orientations > objectives > (groups >) actions."""
    axes: list[Node] = []
    parents: dict[int, Node] = {}
    for item in plan.walk():
        node = Node(item)
        if item.kind == "axis":
            axes.append(node)
        else:
            parent = {
                "orientation": item.axis,
                "objective": item.orientation,
                "group": item.objective,
            }.get(item.kind, item.group or item.objective)
            parents[id(parent)].children.append(node)
        if item.kind in ("axis", "orientation", "objective", "group"):
            parents[id(item.node)] = node
    return axes


def page_of(item: Item) -> str:
    """The page an element of the programme lives on: « axe-2.html »."""
    return f"axe-{item.axis.numero}.html"


def search_key(text: str) -> str:
    """Text as the search compares it: no accents, no case, one apostrophe (the page's script does the same)."""
    text = unicodedata.normalize("NFD", text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae"))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")
    return " ".join(text.lower().split())


@dataclass(frozen=True, slots=True)
class Download:
    label: str
    href: str
    data: bytes


def downloads(ctx: BuildContext) -> list[Download]:
    """The documents already built in the output folder, copied into the site, each link saying format and size."""
    from ..builders import registry

    known = registry()
    order = [*DOWNLOADS, *sorted(set(ctx.outputs) - set(DOWNLOADS))]
    found = []
    for name in order:
        path = ctx.outputs.get(name)
        if path is None or path.suffix not in FORMATS or name not in known:
            continue
        title = DOWNLOADS.get(name) or known[name].description[:1].upper() + known[name].description[1:]
        data = path.read_bytes()
        label = download_label(title, FORMATS[path.suffix], len(data))
        found.append(Download(label, f"{DOWNLOAD_FOLDER}/{path.name}", data))
    return found


def axis_colours(theme: Theme, count: int) -> list[dict[str, str]]:
    """Per axis: its colour, a text shade readable on white, a light tint and a text shade readable on it."""
    colours = []
    for index in range(count):
        base = theme.axis_colour(index)
        tint = mix(base, 0.88)
        colours.append({"base": base, "texte": readable(base), "fond": tint, "sur_fond": readable(base, tint)})
    return colours


def places(plan: Plan) -> list[str]:
    """Every place named in the plan (objectives' `lieux`), in alphabetical order ignoring accents."""
    named = {lieu for item in plan.walk() if item.kind == "objective" for lieu in item.node.lieux}  # type: ignore[union-attr]
    return sorted(named, key=search_key)


def templates_folder(ctx: BuildContext) -> Path:
    return ctx.project.templates / "site"
