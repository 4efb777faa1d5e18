"""French typography rules, applied once for every builder."""

from __future__ import annotations

import pytest
from conftest import CONTENT

from territoire.loader import load_plan
from territoire.model import Moment
from territoire.typography import NBSP, NNBSP, format_moment, format_span, fr, typeset


@pytest.mark.parametrize(
    ("plain", "typeset_text"),
    [
        ("Cévennes : sylviculture", f"Cévennes{NBSP}: sylviculture"),
        ("Cévennes: sylviculture", f"Cévennes{NBSP}: sylviculture"),
        ("A7, A9 ; TER", f"A7, A9{NNBSP}; TER"),
        ("Vraiment ?", f"Vraiment{NNBSP}?"),
        ("Audace !", f"Audace{NNBSP}!"),
        ("« écoute jeunes »", f"«{NBSP}écoute jeunes{NBSP}»"),
        ("«écoute jeunes»", f"«{NBSP}écoute jeunes{NBSP}»"),
        ("l'agence d'Alès", "l’agence d’Alès"),
        ("services...", "services…"),
        ("marque Cévennes, ....", "marque Cévennes, …"),
        ("Questionnaire nº1", f"Questionnaire nº{NBSP}1"),
        ("Questionnaire n°2", f"Questionnaire nº{NBSP}2"),
        ("deux  espaces", "deux espaces"),
        ("132 000 hab.", f"132{NNBSP}000 hab."),
        ("de 50 à 73 communes", "de 50 à 73 communes"),
    ],
)
def test_rules(plain: str, typeset_text: str) -> None:
    assert fr(plain) == typeset_text


@pytest.mark.parametrize(
    "text",
    [
        f"Cévennes{NBSP}: sylviculture",
        f"A7{NNBSP}; TER",
        f"«{NBSP}écoute jeunes{NBSP}»",
        "l’agence",
        "services…",
    ],
)
def test_already_typeset_text_is_unchanged(text: str) -> None:
    assert fr(text) == text
    assert fr(fr(text)) == text


def test_urls_and_addresses_are_untouched() -> None:
    text = "Voir https://www.ales.fr/projet?id=3&x=1 ou contact@ales.fr : merci"
    result = fr(text)
    assert "https://www.ales.fr/projet?id=3&x=1" in result
    assert "contact@ales.fr" in result
    assert result.endswith(f"contact@ales.fr{NBSP}: merci")


def test_times_and_references_keep_their_colon() -> None:
    assert fr("à 10:30 sur A7:A9") == "à 10:30 sur A7:A9"


def test_dates_in_french() -> None:
    assert format_moment(Moment(2018, 5, 23)) == "23 mai 2018"
    assert format_moment(Moment(2017, 1, 1)) == "1er janvier 2017"
    assert format_span(Moment(2017, 7), Moment(2017, 9)) == f"juillet{NBSP}– septembre 2017"
    assert format_span(Moment(2017, 12), Moment(2018, 1)) == f"décembre 2017{NBSP}– janvier 2018"


def test_typeset_applies_to_the_whole_plan_but_not_to_identifiers() -> None:
    plan = typeset(load_plan(CONTENT))
    texts = [action.texte for *_, action in plan.actions()]
    assert not any("'" in t for t in texts)
    assert any(f"{NBSP}:" in t for t in texts)
    assert all(action.id.startswith("A") for *_, action in plan.actions())
    assert plan.axes[1].id == "qualite-de-vie"


@pytest.mark.parametrize(
    ("plain", "typeset_text"),
    [
        ("2017 : bilan", f"2017{NBSP}: bilan"),
        ("2017: bilan", f"2017{NBSP}: bilan"),
        ("en 2017 :", f"en 2017{NBSP}:"),
        ("A7 : autoroute", f"A7{NBSP}: autoroute"),
        ("à 10:30", "à 10:30"),
        ("A7:A9", "A7:A9"),
        ("de 10:30 à 12:00 : réunion", f"de 10:30 à 12:00{NBSP}: réunion"),
        ("en 2018 ?", f"en 2018{NNBSP}?"),
        ("2018 !", f"2018{NNBSP}!"),
        ("2017 ; 2018", f"2017{NNBSP}; 2018"),
        ("1 000 000 habitants", f"1{NNBSP}000{NNBSP}000 habitants"),
        ("2017 2018", "2017 2018"),
        ("nº 12", f"nº{NBSP}12"),
        ("« 2018 »", f"«{NBSP}2018{NBSP}»"),
    ],
)
def test_digit_cases(plain: str, typeset_text: str) -> None:
    assert fr(plain) == typeset_text
    assert fr(typeset_text) == typeset_text
