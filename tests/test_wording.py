"""The single walk of the programme and the single wording of its parts."""

from __future__ import annotations

from conftest import CONTENT

from territoire.loader import load_plan
from territoire.wording import place, step_title


def test_walk_visits_every_element_once_in_reading_order() -> None:
    plan = load_plan(CONTENT)
    items = list(plan.walk())
    kinds = [i.kind for i in items]
    assert kinds.count("axis") == len(plan.axes) == 3
    assert kinds.count("orientation") == 11
    assert kinds.count("objective") == sum(1 for _ in plan.objectives())
    assert sum(k in ("action", "reprise") for k in kinds) == sum(1 for _ in plan.actions())
    actions = [i.node for i in items if i.kind in ("action", "reprise")]
    assert actions == [a for *_, a in plan.actions()]


def test_place_reads_like_the_plan() -> None:
    plan = load_plan(CONTENT)
    item = next(i for i in plan.walk() if i.kind == "action" and i.orientation and i.orientation.numero == "2.1"
                and i.objective and i.objective.numero == "2.1.2" and i.position == 3)  # fmt: skip
    assert place(item) == "orientation 2.1, objectif 2, action 3"
    assert place(next(plan.walk())) == "axe 1"


def test_step_title_keeps_its_colon_with_the_word() -> None:
    assert step_title(3, "Concertation") == "Étape 3\u00a0: Concertation"


def test_bookmark_names_are_valid_for_word_and_unique_for_the_plan() -> None:
    from territoire.wording import bookmark_name

    plan = load_plan(CONTENT)
    ids = [i.id for i in plan.walk() if i.id and i.kind != "reprise"]
    names = [bookmark_name(i) for i in ids]
    assert len(set(names)) == len(ids)
    assert all(n[0].isalpha() and len(n) <= 40 and n.replace("_", "").isalnum() for n in names)
    assert bookmark_name("qualite-de-vie") == "qualite_de_vie" and bookmark_name("A042") == "A042"
