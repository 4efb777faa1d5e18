"""Fidelity: the YAML holds every word of the 2018 brochure's plan, and nothing the brochure does not say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CONTENT, SEED, norm

from territoire.loader import load_plan
from territoire.model import Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(CONTENT)


@pytest.fixture(scope="module")
def seed() -> str:
    assert SEED.is_file(), f"seed text missing: {SEED}"
    return SEED.read_text(encoding="utf-8")


def _sections(seed: str) -> tuple[str, str]:
    """The synoptic pages and the detailed programme, as they appear in the extracted text."""
    synoptic_start = seed.index("Axe\t1")
    detailed_start = seed.index("Orientations Actions")
    return seed[synoptic_start:detailed_start], seed[detailed_start:]


def test_counts(plan: Plan) -> None:
    assert len(plan.axes) == 3
    assert sum(len(a.orientations) for a in plan.axes) == 11
    assert sum(1 for _ in plan.objectives()) == 29
    assert sum(1 for _ in plan.actions()) == 117
    groups = [g for _, o in plan.orientations() for ob in o.objectifs for g in ob.groupes]
    assert len(groups) == 6 and sum(1 for g in groups if not g.actions) == 1


def test_every_detailed_bullet_is_an_action(plan: Plan, seed: str) -> None:
    _, detailed = _sections(seed)
    assert detailed.count("•") == sum(1 for _ in plan.actions())


def test_model_texts_come_from_the_seed(plan: Plan, seed: str) -> None:
    synoptic, detailed = (norm(s) for s in _sections(seed))
    for axis, orientation in plan.orientations():
        assert norm(orientation.titre) in detailed, orientation.numero
        assert norm(orientation.titre_synoptique) in synoptic, orientation.numero
        assert norm(axis.titre) in synoptic and norm(axis.titre) in detailed
    for _, _, objective in plan.objectives():
        assert norm(objective.titre_complet) in detailed, objective.numero
        assert norm(objective.titre_synoptique) in synoptic, objective.numero
        for group, action in objective.all_actions():
            assert norm(action.texte) in detailed, action.id
            assert group is None or norm(group.titre) in detailed


def test_no_word_of_the_plan_is_lost(plan: Plan, seed: str) -> None:
    """Remove every model text from the seed's plan pages: only numbering and page furniture may remain."""
    synoptic, detailed = (norm(s) for s in _sections(seed))
    texts = {axis.titre for axis in plan.axes}
    for _, orientation in plan.orientations():
        texts |= {orientation.titre, orientation.titre_synoptique}
    for _, _, objective in plan.objectives():
        texts |= {objective.titre_complet, objective.titre_synoptique}
        texts |= {action.texte for _, action in objective.all_actions()}
        texts |= {group.titre for group in objective.groupes}
    labels = plan.document.libelles
    texts |= {labels.programme, labels.colonne_orientations, labels.colonne_actions, labels.structuration}
    texts |= {labels.synthese, labels.ambition_synoptique, *plan.document.devise}
    residue = synoptic + "|" + detailed
    for text in sorted({norm(t) for t in texts}, key=len, reverse=True):
        residue = residue.replace(text, "")
    residue = re.sub(r"orientation\d\.\d:?|axe\d:?|[•§]", "", residue)
    assert residue == "|", residue[:400]


def test_front_matter_is_transcribed(plan: Plan, seed: str) -> None:
    whole = norm(seed)
    demarche, ambition = plan.demarche, plan.ambition
    texts = [*demarche.contexte, *ambition.introduction, ambition.conclusion]
    texts += [p.titre for p in (*demarche.objectifs, *ambition.defis)]
    texts += [sub for p in (*demarche.objectifs, *ambition.defis) for sub in p.points]
    for step in (s for phase in demarche.calendrier.phases for s in (*phase.etapes, *phase.jalons)):
        texts += [step.titre, step.detail]
    texts += [phase.titre for phase in demarche.calendrier.phases]
    for text in texts:
        assert norm(text) in whole, text
    assert len(ambition.defis) == 5
    steps = next(p for p in demarche.calendrier.phases if p.etapes).etapes
    assert len(steps) == 5
    assert demarche.calendrier.avancement.first_day.isoformat() == "2018-05-23"


def test_two_wordings_are_both_kept(plan: Plan) -> None:
    differing = [o for _, o in plan.orientations() if o.titre != o.titre_synoptique]
    differing += [ob for _, _, ob in plan.objectives() if ob.titre != ob.titre_synoptique]
    assert {x.numero for x in differing} >= {"1.2.2", "2.1", "2.2.1", "3.1.1", "3.3"}


def test_recurring_actions_are_written_once(plan: Plan) -> None:
    reprises = [a for *_, a in plan.actions() if a.reprise]
    originals = {a.id for *_, a in plan.actions() if not a.reprise}
    assert len(reprises) == 4 and all(r.id in originals for r in reprises)
    assert len({p.name for p in Path(CONTENT, "axes").glob("*.yaml")}) == 3
