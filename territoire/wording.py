"""One wording for every output: how the plan names its parts (« Orientation 2.1 — … », « Étape 3 »).

Builders, readers and reports all call these functions, so a label is never spelled two ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .typography import NBSP

if TYPE_CHECKING:
    from .model import Item, Objective, Orientation

AXIS, ORIENTATION, OBJECTIVE, STEP = "Axe", "Orientation", "Objectif", "Étape"


def orientation_label(orientation: Orientation) -> str:
    """« Orientation 2.1 »."""
    return f"{ORIENTATION} {orientation.numero}"


def orientation_title(orientation: Orientation, synoptic: bool = False) -> str:
    """« Orientation 2.1 — Développer… », with the synoptic title when asked for."""
    title = orientation.titre_synoptique if synoptic else orientation.titre
    return f"{orientation_label(orientation)} — {title}"


def objective_title(objective: Objective) -> str:
    """« Objectif 2.1.3 — Structurer… : Alès, Anduze »."""
    return f"{OBJECTIVE} {objective.numero} — {objective.titre_complet}"


def step_label(number: int) -> str:
    """« Étape 3 »: steps are numbered within their phase."""
    return f"{STEP} {number}"


def step_title(number: int, titre: str) -> str:
    """« Étape 3 : Concertation » (no-break space before the colon)."""
    return f"{step_label(number)}{NBSP}: {titre}"


def place(item: Item) -> str:
    """Where an element sits in the plan, as errors and reports say it: « orientation 2.1, objectif 2, action 3 »."""
    parts = []
    if item.orientation is not None:
        parts.append(f"orientation {item.orientation.numero}")
    elif item.axis is not None:
        parts.append(f"axe {item.axis.numero}")
    if item.objective is not None:
        parts.append(f"objectif {item.objective.numero.rsplit('.', 1)[-1]}")
    if item.group is not None and item.group_index:
        parts.append(f"groupe {item.group_index}")
    if item.kind in ("action", "reprise"):
        parts.append(f"action {item.position}")
    return ", ".join(parts)


def bookmark_name(identifier: str) -> str:
    """The bookmark that marks an element in Word and ODF documents, named after its stable ID.

    Word accepts letters, digits and « _ » (40 at most) and a leading letter: « qualite-de-vie » becomes
    « qualite_de_vie ». IDs never hold « _ », so readers map names back through the plan's own IDs.
    """
    name = identifier.replace("-", "_")
    if not name[:1].isalpha():
        name = "id_" + name
    return name[:40]


def continued(title: str, n: int) -> str:
    """The title of the `n`-th page or slide of a sequence (0 = the first): « … », « … (suite) », « … (suite 2) »."""
    return title if n == 0 else f"{title} (suite{'' if n == 1 else f' {n}'})"


def file_size(size: int) -> str:
    """« 812 o », « 142 Ko », « 1,4 Mo »: sizes as the reports and the download links give them."""
    if size < 1024:
        return f"{size}{NBSP}o"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f}{NBSP}Ko"
    return f"{size / 1024 / 1024:.1f}{NBSP}Mo".replace(".", ",")


def download_label(title: str, file_format: str, size: int) -> str:
    """« Brochure (PDF, 142 Ko) »: what a link to a document says about it (RGAA 13.3)."""
    return f"{title} ({file_format}, {file_size(size)})"


SYNOPTIC_SUFFIX = "_S"
"""Marks the synthesis-table occurrence of an orientation or objective (its « titre_synoptique »). IDs are
lower-case slugs or « A » and digits without « - », so no ID's bookmark ends like this."""


def synoptic_bookmark_name(identifier: str) -> str:
    """The bookmark of an element's second occurrence, in a synthesis table: « aider_entreprises_S »."""
    return bookmark_name(identifier)[: 40 - len(SYNOPTIC_SUFFIX)] + SYNOPTIC_SUFFIX


# --- What changed between two editions (comparer) -------------------------------------------------------

ELEMENTS: dict[str, tuple[str, bool]] = {
    "action": ("action", True),
    "objective": ("objectif", False),
    "orientation": ("orientation", True),
    "axis": ("axe", False),
    "phase": ("phase", True),
    "section": ("rubrique", True),
}
"""Element kind → (French noun, feminine?), in the order the comparison summary lists them."""

CHANGES = ("reformulé", "renommé", "modifié", "ajouté", "supprimé", "déplacé", "titre synoptique")
"""Kinds of change, as masculine singular participles, in the order the summary lists them."""

SECTIONS = {
    "contexte": "démarche, contexte",
    "objectifs-demarche": "démarche, objectifs de la démarche",
    "calendrier": "démarche, calendrier",
    "ambition-introduction": "ambition, introduction",
    "ambition-defis": "ambition, défis",
    "ambition-conclusion": "ambition, conclusion",
}
"""The parts of the démarche and the ambition without IDs: their key → their place in the plan."""


def change_word(kind: str, element: str, count: int = 1) -> str:
    """« reformulées », « ajouté », « au titre synoptique modifié »: a change agreed with its element."""
    if kind == "titre synoptique":
        return "au titre synoptique modifié" if count else "titre synoptique modifié"
    feminine = ELEMENTS[element][1]
    return kind + ("e" if feminine else "") + ("s" if count > 1 else "")


def change_label(element: str, kinds: tuple[str, ...]) -> str:
    """The « Changement » of one element: « déplacée, reformulée »."""
    return ", ".join(change_word(kind, element, 0 if kind == "titre synoptique" else 1) for kind in kinds)


def changes_summary(counts: dict[tuple[str, str], int]) -> str:
    """« 4 actions reformulées, 2 ajoutées, 1 supprimée, 1 orientation renommée » from {(element, kind): n}."""
    parts = []
    for element, (noun, _) in ELEMENTS.items():
        first = True
        for kind in CHANGES:
            count = counts.get((element, kind), 0)
            if not count:
                continue
            named = f" {noun}{'s' if count > 1 else ''}" if first else ""
            parts.append(f"{count}{named} {change_word(kind, element, count)}")
            first = False
    return ", ".join(parts)


def phase_place(number: int) -> str:
    """« démarche, calendrier, phase 2 »."""
    return f"{SECTIONS['calendrier']}, phase {number}"


SYNTHESIS = "(synthèse)"


def synthesis_place(item: Item) -> str:
    """Where the synthesis-table wording of an orientation or objective sits: « orientation 2.1 (synthèse) »."""
    return f"{place(item)} {SYNTHESIS}"


def near_heading(heading: str) -> str:
    """Where a remark outside any element of the plan sits: « près de « Contexte » »."""
    return f"près de « {heading} »" if heading else "début du document"
