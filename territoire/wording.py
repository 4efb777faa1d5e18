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


SYNTHESIS = "(synthèse)"


def synthesis_place(item: Item) -> str:
    """Where the synthesis-table wording of an orientation or objective sits: « orientation 2.1 (synthèse) »."""
    return f"{place(item)} {SYNTHESIS}"


def near_heading(heading: str) -> str:
    """Where a remark outside any element of the plan sits: « près de « Contexte » »."""
    return f"près de « {heading} »" if heading else "début du document"
