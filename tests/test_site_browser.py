"""The web site in headless Chromium: axe-core at three widths, keyboard order, search, no horizontal scroll."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT, norm
from sitecheck import AXE_TAGS, axe, browser_checks, node_package, serve
from test_site import PAGES

from territoire.loader import load_plan
from territoire.model import Plan
from territoire.site import page_of, places, search_key
from territoire.typography import typeset

WIDTHS = (320, 768, 1280)
WORDS = ("equipement", "Jeunes EMPLOI", "oeuvre")


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


@pytest.fixture(scope="module")
def base(built: Path) -> object:
    with serve(built / "site") as url:
        yield url


@pytest.fixture(scope="module")
def checks(base: str, plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    """One Chromium session for every page: widths, text, Tab order, search and filters, then without script."""
    config = {"base": base, "pages": PAGES, "widths": WIDTHS, "words": WORDS, "axis": "2", "tags": AXE_TAGS.split(",")}
    config["axe"] = str(node_package("axe-core") / "axe.min.js")
    config["place"] = search_key(places(plan)[0])
    return browser_checks("site", config, tmp_path_factory.mktemp("browser"))


def _expected(plan: Plan, keep: object) -> list[str]:
    return [f"{page_of(i)}#{i.id}" for i in plan.walk() if i.kind == "action" and keep(i)]  # type: ignore[operator]


@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll(checks: dict, name: str) -> None:  # type: ignore[type-arg]
    for width, box in checks["pages"][name]["widths"].items():
        assert box["innerWidth"] == int(width)
        assert box["scrollWidth"] <= box["innerWidth"], (name, width, box)


@pytest.mark.parametrize("name", PAGES)
def test_tab_reaches_the_skip_link_then_everything_in_order(checks: dict, name: str) -> None:  # type: ignore[type-arg]
    page = checks["pages"][name]
    assert page["tabs"][0]["href"] == "#contenu"
    assert [{k: t[k] for k in ("tag", "href", "id")} for t in page["tabs"]] == page["expected"]
    assert all(t["outline"] for t in page["tabs"]), "every focused element shows a visible outline"
    assert page["afterSkip"] == "contenu"


def test_search_ignores_accents_and_case(checks: dict, plan: Plan) -> None:  # type: ignore[type-arg]
    for word in WORDS:
        words = search_key(word).split()
        expected = _expected(
            plan,
            lambda i, words=words: all(
                w in search_key(f"{i.node.texte} {i.objective.titre_complet} {i.id}") for w in words
            ),
        )
        shown = checks["search"][f"mot:{word}"]["shown"]
        assert shown == expected and shown, word
        assert checks["search"][f"mot:{word}"]["status"].endswith(f"sur {sum(1 for _ in plan.actions()) - 4}.")
    accented = [a.texte for *_, a in plan.actions() if "équipement" in a.texte.lower()]
    assert accented, "the content has « équipement » with its accent"


def test_filters_by_axis_and_place(checks: dict, plan: Plan) -> None:  # type: ignore[type-arg]
    assert checks["search"]["axe:2"]["shown"] == _expected(plan, lambda i: i.axis.numero == "2")
    place = places(plan)[0]
    shown = checks["search"][f"lieu:{search_key(place)}"]["shown"]
    assert shown == _expected(plan, lambda i: place in i.objective.lieux) and shown


def test_without_script_every_action_is_listed(checks: dict, plan: Plan) -> None:  # type: ignore[type-arg]
    assert checks["nojs"] == {"formShown": False, "links": len(_expected(plan, lambda i: True))}


def test_every_seed_phrase_is_in_the_site_text(checks: dict, plan: Plan) -> None:  # type: ignore[type-arg]
    """The model holds every phrase of the 2018 brochure (test_fidelity): each is in what the browser shows."""
    text = norm(" ".join(page["text"] for page in checks["pages"].values()))
    for axis, orientation in plan.orientations():
        assert norm(orientation.titre) in text and norm(orientation.titre_synoptique) in text
        assert norm(axis.titre) in text
    for _, _, objective in plan.objectives():
        assert norm(objective.titre_complet) in text and norm(objective.titre_synoptique) in text
    for *_, action in plan.actions():
        assert norm(action.texte) in text, action.id


@pytest.mark.parametrize("name", PAGES)
def test_axe_core_finds_no_violation_at_any_width(checks: dict, name: str) -> None:  # type: ignore[type-arg]
    """axe-core (the copy @axe-core/cli installs) in the session's Chromium, at exactly 320, 768 and 1280 px."""
    assert checks["pages"][name]["axe"] == {str(w): [] for w in WIDTHS}


@pytest.mark.parametrize("width", (768, 1280))
def test_axe_cli_finds_no_violation(base: str, width: int, tmp_path: Path) -> None:
    """The @axe-core/cli command itself, with Debian's chromedriver (its window cannot be narrower than 500 px)."""
    results = axe([base + name for name in PAGES], width, tmp_path)
    assert len(results) == len(PAGES)
    for result in results:
        assert result["testEnvironment"]["windowWidth"] == width
        found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        assert found == [], (result["url"], found)
