"""The comparison's pieces in-process: the French summary, the word diff, changes matched by ID."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT
from edits import EXPECTED, apply_edits

from territoire.comparaison.diff import compare, word_diff
from territoire.comparaison.editions import slug
from territoire.loader import load_plan
from territoire.model import KEEP, Action, Plan, rebuild
from territoire.typography import typeset
from territoire.wording import change_label, changes_summary


def test_summary_agrees_in_gender_and_number() -> None:
    counts = {
        ("action", "reformulé"): 4,
        ("action", "ajouté"): 2,
        ("action", "supprimé"): 1,
        ("action", "déplacé"): 1,
        ("orientation", "renommé"): 1,
        ("objective", "titre synoptique"): 2,
        ("axis", "renommé"): 1,
    }
    assert changes_summary(counts) == (
        "4 actions reformulées, 2 ajoutées, 1 supprimée, 1 déplacée, 2 objectifs au titre synoptique modifié, "
        "1 orientation renommée, 1 axe renommé"
    )
    after_others = {("objective", "ajouté"): 1, ("objective", "supprimé"): 8, ("objective", "titre synoptique"): 1}
    assert changes_summary(after_others) == "1 objectif ajouté, 8 supprimés, 1 titre synoptique modifié"
    assert changes_summary({("objective", "supprimé"): 1, ("objective", "titre synoptique"): 2}).endswith(
        ", 2 titres synoptiques modifiés"
    )
    assert change_label("action", ("déplacé", "reformulé")) == "déplacée, reformulée"
    assert change_label("objective", ("titre synoptique",)) == "titre synoptique modifié"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Créer des espaces de travail", "Créer des tiers-lieux de travail partagés"),
        ("a b c", "x y z"),
        ("", "tout nouveau"),
        ("ligne un\nligne deux", "ligne un\nligne 2\nligne trois"),
        ("Alès Agglo passe de 50 à 73 communes", "Alès Agglomération passe de 50 à 73 communes"),
    ],
)
def test_word_diff_rebuilds_both_texts(before: str, after: str) -> None:
    pieces = word_diff(before, after)
    assert "".join(t for op, t in pieces if op != "+") == before
    assert "".join(t for op, t in pieces if op != "-") == after
    assert all(not (a == b == "=") for (a, _), (b, _) in itertools.pairwise(pieces))


def test_word_diff_groups_a_changed_stretch() -> None:
    assert word_diff("pour mieux utiliser les savoir-faire", "pour valoriser les savoir-faire") == [
        ("=", "pour "),
        ("-", "mieux utiliser"),
        ("+", "valoriser"),
        ("=", " les savoir-faire"),
    ]


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, Plan]:
    folder = tmp_path_factory.mktemp("edite") / "content"
    shutil.copytree(CONTENT, folder)
    apply_edits(folder)
    return typeset(load_plan(CONTENT)), typeset(load_plan(folder))


def test_changes_by_id(plans: tuple[Plan, Plan]) -> None:
    old, new = plans
    comparison = compare(old, new, "a", "b")
    assert {c.ident: c.label for c in comparison.changes} == EXPECTED
    assert compare(old, old, "a", "a").changes == ()


def test_a_move_is_found_by_id_not_by_position(plans: tuple[Plan, Plan]) -> None:
    """Renumbering by a removal before an action does not make it « déplacée »; changing objective does."""
    old, new = plans
    changes = {c.ident: c for c in compare(old, new, "a", "b").changes}
    assert "A006" not in changes  # its position in the plan moved (A005 removed) but not its objective
    assert changes["A009"].kinds == ("déplacé",)
    assert changes["A009"].old_place == "orientation 1.1, objectif 4, action 1"


def test_a_rewording_alone(plans: tuple[Plan, Plan]) -> None:
    old, _ = plans

    def visit(node: object, _name: str) -> object:
        if isinstance(node, Action) and node.id == "A001":
            return dataclasses.replace(node, texte=node.texte + " et au-delà")
        return node if isinstance(node, (str, Action)) else KEEP

    changed = rebuild(old, visit)
    (change,) = compare(old, changed, "a", "b").changes
    assert change.kinds == ("reformulé",) and change.after.endswith("et au-delà")


def test_file_name_parts() -> None:
    assert slug("edition-2018") == "edition-2018"
    assert slug("HEAD~3") == "HEAD-3"
    assert slug(str(Path("..") / "archives" / "2018"), folder=True) == "2018"
    # A branch keeps its whole name: « feature/x » and « bugfix/x » must not both write modifications-x-*.
    assert slug("relecture/conseil") == "relecture-conseil"
