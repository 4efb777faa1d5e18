"""Partners' returns read from files a real office suite made: every change and comment, located by ID."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, require
from openpyxl import load_workbook

from territoire.loader import load_plan
from territoire.model import Plan
from territoire.retours.collect import read_returns
from territoire.retours.register import COLUMNS, DECISIONS, read_register, register_bytes
from territoire.retours.remarks import Remark
from territoire.typography import typeset

RETURNS = ROOT / "tests" / "cases" / "relecture" / "retours"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


def read(plan: Plan, *names: str) -> list[Remark]:
    remarks, problems, count = read_returns(plan, [RETURNS / n for n in names])
    assert not problems and count == len(names)
    return remarks


def by(remarks: list[Remark], identifier: str, kind: str | None = None) -> Remark:
    found = [r for r in remarks if r.id == identifier and (kind is None or r.type == kind)]
    assert len(found) == 1, (identifier, kind, found)
    return found[0]


@pytest.mark.parametrize("name", ["mairie-anduze.docx", "mairie-anduze.odt"])
def test_libreoffice_changes_and_comments_in_docx_and_odt(plan: Plan, name: str) -> None:
    remarks = read(plan, name)
    a042 = by(remarks, "A042")
    assert a042.type == "remplacement" and a042.auteur == "Marie Dupont" and a042.partenaire == "mairie-anduze"
    assert "la mise en réseau" in a042.envoye and "le travail en réseau" in a042.propose
    assert a042.envoye.endswith("[A042]") and a042.emplacement == "orientation 2.1, objectif 2, action 2"
    assert isinstance(a042.date, dt.datetime)
    assert by(remarks, "A002").type == "insertion" and by(remarks, "A002").propose.endswith("circuits courts\xa0[A002]")
    assert by(remarks, "A005").type == "suppression" and "Tiers Lieux" not in by(remarks, "A005").propose
    assert by(remarks, "entreprises-excellence").propose.startswith("Orientation 1.1\xa0: Soutenir")
    heading = by(remarks, "qualite-de-vie", "commentaire")
    assert heading.commentaire == "Préciser : pour qui ?" and heading.envoye == "qualité de vie"
    assert heading.date == dt.datetime(2026, 3, 4, 9, 30)
    outside = by(remarks, "", "commentaire")  # kept, with the nearest heading, never dropped
    assert outside.emplacement == "près de « Contexte »" and outside.commentaire == "[résolu] Chiffre à vérifier"
    assert outside.envoye == "73 communes"
    new = by(remarks, "", "insertion")  # a paragraph the partner added after A002: outside any element
    assert new.propose == "Créer un annuaire des savoir-faire locaux" and new.envoye == ""
    assert new.emplacement == "près de « Aider les entreprises du territoire à se développer »"


@pytest.mark.parametrize("name", ["region-occitanie.docx", "region-occitanie.odt"])
def test_table_cell_comments_and_synthesis_wording(plan: Plan, name: str) -> None:
    remarks = read(plan, name)
    synthesis = [r for r in remarks if r.id == "aider-entreprises" and r.emplacement.endswith("(synthèse)")]
    assert len(synthesis) == 1 and synthesis[0].propose == "Aider les entreprises locales à se développer"
    full = [r for r in remarks if r.id == "aider-entreprises" and not r.emplacement.endswith("(synthèse)")]
    assert full[0].propose == "Aider les entreprises du territoire à se développer et à recruter"
    assert by(remarks, "A007").commentaire == "Ajouter le salon Prom'Alès"
    assert by(remarks, "A042", "commentaire").commentaire == "Et les ludothèques ?"


def test_word_parts_replies_resolved_utc_dates_and_moves(plan: Plan) -> None:
    remarks = read(plan, "parc-cevennes.docx")
    a001 = by(remarks, "A001")
    assert a001.type == "insertion" and a001.propose.endswith("entreprises\xa0» et du numérique\xa0[A001]")
    assert a001.date == dt.datetime(2026, 3, 2, 10, 15)  # from w16du:dateUtc 09:15 UTC, in Paris time
    moved = by(remarks, "A004")
    assert moved.type == "remplacement" and moved.propose.startswith(
        "Réhabiliter les friches industrielles et Densifier"
    )
    assert "réhabiliter les friches industrielles, créer" in moved.envoye
    assert by(remarks, "A006", "commentaire").commentaire == "Ajouter l'œnotourisme"
    assert by(remarks, "A006", "réponse").commentaire == "↳ réponse à Sophie Bernard : D'accord avec Sophie"
    assert by(remarks, "A009").commentaire == "[résolu] Fait depuis 2019"


def test_anonymised_authors_keep_the_partner_from_the_file_name(plan: Plan) -> None:
    remark = by(read(plan, "departement-gard.docx"), "A042")
    assert remark.auteur == "Auteur" and remark.partenaire == "departement-gard"


def test_register_columns_filters_validation_and_dates(plan: Plan, tmp_path: Path) -> None:
    remarks = read(plan, "mairie-anduze.docx", "parc-cevennes.docx")
    path = tmp_path / "relecture.xlsx"
    path.write_bytes(register_bytes(remarks, dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    sheet = load_workbook(path).active
    assert tuple(c.value for c in sheet[1]) == COLUMNS
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:L")
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"' + ",".join(DECISIONS) + '"'
    assert "K2" in str(validation.sqref)
    assert all(isinstance(row[3].value, dt.datetime) for row in sheet.iter_rows(min_row=2))
    assert {row[6].value for row in sheet.iter_rows(min_row=2)} <= {"commentaire", "réponse", "insertion",
                                                                       "suppression", "remplacement"}  # fmt: skip
    decisions, problems = read_register(path, "relecture.xlsx")
    assert not problems and [d.remark for d in decisions] == [replace(r, order=0) for r in remarks]
    order = [r.order for r in remarks]
    assert order == sorted(order)  # plan order


def test_the_libreoffice_fixture_script_still_works_on_a_fresh_build(plan: Plan, tmp_path: Path) -> None:
    """The real path: Debian's Python drives LibreOffice through UNO on the DOCX we build today."""
    require("soffice")
    python = Path("/usr/bin/python3")
    assert python.is_file(), "Debian's python3 with python3-uno is required"
    out = tmp_path / "retours"
    out.mkdir()
    script = ROOT / "tests" / "cases" / "relecture" / "make_fixtures.py"
    result = subprocess.run([str(python), str(script), str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    remarks, problems, count = read_returns(plan, sorted(out.iterdir()))
    assert not problems and count == 6
    assert {r.partenaire for r in remarks if r.id == "A042" and r.type == "remplacement"} == {
        "mairie-anduze", "departement-gard"
    }  # fmt: skip
    assert any(r.id == "A007" and r.commentaire == "Ajouter le salon Prom'Alès" for r in remarks)
