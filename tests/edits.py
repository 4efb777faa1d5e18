"""One change of each kind applied to a copy of content/, as an editor would type it (tests and benchmark)."""

from __future__ import annotations

from pathlib import Path

EXPECTED = {
    "A002": "reformulée",
    "A024": "reformulée",
    "A900": "ajoutée",
    "numerique-entreprises": "ajouté",
    "A901": "ajoutée",
    "A005": "supprimée",
    "habitat-nouveaux-besoins": "supprimé",
    "cooperations-territoriales": "supprimée",
    "ales-ville-centre": "supprimé",
    "centre-bourgs": "supprimé",
    **{f"A{n}": "supprimée" for n in range(105, 114)},
    "A053": "supprimée",
    "A054": "supprimée",
    "A009": "déplacée",
    "transition-durable": "renommée",
    "projet-agricole": "titre synoptique modifié",
    "contexte": "modifiée",
    "ambition-conclusion": "modifiée",
    "preparation": "modifiée",
}
"""ID (or part of the démarche) → the « Changement » the comparison must report."""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def apply_edits(content: Path) -> None:
    axis = content / "axes" / "1-emploi.yaml"
    _replace(axis, "pour mieux utiliser les savoir-faire locaux", "pour valoriser les savoir-faire du territoire")
    moved = (
        "          - id: A009\n"
        '            texte: "Créer une maison de l’économie sociale et solidaire avec des services pour le montage'
        ' de projets"\n'
    )
    _replace(axis, moved, "")
    added = '          - id: A900\n            texte: "Ouvrir un guichet numérique unique pour les entreprises"\n'
    _replace(axis, "      - id: amenager-terrains\n", added + moved + "      - id: amenager-terrains\n")
    _replace(
        axis,
        '          - id: A005\n            texte: "Créer des espaces alternatifs de type co-working (Tiers Lieux)"\n',
        "",
    )
    _replace(
        axis,
        'titre: "Ancrer la transition vers un développement durable et investir de nouveaux domaines économiques"',
        'titre: "Réussir la transition vers un développement durable et investir de nouveaux domaines économiques"',
    )
    _replace(
        axis,
        'titre_synoptique: "Construire un « projet agricole alimentaire territorial »"',
        'titre_synoptique: "Bâtir un « projet agricole alimentaire territorial »"',
    )
    objective = (
        "      - id: numerique-entreprises\n"
        '        titre: "Accompagner la transition numérique des entreprises"\n'
        "        actions:\n"
        "          - id: A901\n"
        '            texte: "Proposer un diagnostic numérique gratuit aux très petites entreprises"\n'
    )
    _replace(axis, "  - id: transition-durable\n", objective + "  - id: transition-durable\n")
    _replace(
        axis, 'texte: "Susciter la création de formations', 'texte: "Encourager la création de formations'
    )  # reprised
    life = content / "axes" / "2-qualite-de-vie.yaml"
    text = life.read_text(encoding="utf-8")
    start, end = text.index("      - id: habitat-nouveaux-besoins\n"), text.index("  - id: reseaux-mobilite\n")
    life.write_text(text[:start] + text[end:], encoding="utf-8")  # an objective removed with its two actions
    solidarity = content / "axes" / "3-solidarites.yaml"
    text = solidarity.read_text(encoding="utf-8")
    solidarity.write_text(text[: text.index("  - id: cooperations-territoriales\n")], encoding="utf-8")  # the last one
    demarche = content / "demarche.yaml"
    _replace(demarche, "Alès Agglo passe de 50 à 73 communes", "Alès Agglomération passe de 50 à 73 communes")
    _replace(
        demarche, "Préparation et présentation de la démarche aux élus", "Préparation de la démarche avec les élus"
    )
    _replace(content / "ambition.yaml", "constituent une première expression", "constituent la première expression")
