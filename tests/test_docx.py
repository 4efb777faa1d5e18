"""The Word outputs: content from the model, heading hierarchy, OOXML settings, rendering in LibreOffice."""

from __future__ import annotations

import concurrent.futures as cf
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, norm, pdf_text, regenerated, run_build, soffice_pdf
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from territoire.builders._word import WordDocument
from territoire.errors import UserError
from territoire.loader import load_plan
from territoire.model import Plan
from territoire.project import Project, build_time
from territoire.typography import typeset

BROCHURE, SYNOPTIC = "projet-de-territoire.docx", "tableaux-synoptiques.docx"
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
BROCHURE_LABELS = ("avancement", "objectif_processus", "contexte", "objectifs_demarche", "structuration", "synthese",
                   "ambition_synoptique", "programme", "colonne_actions")  # fmt: skip
SYNOPTIC_LABELS = ("synthese", "ambition_synoptique", "programme", "colonne_orientations", "colonne_actions")


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


@pytest.fixture(scope="module")
def pdfs(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Both DOCX converted once by LibreOffice (in parallel, one profile each), as text."""
    out = tmp_path_factory.mktemp("soffice")
    with cf.ThreadPoolExecutor(2) as pool:
        jobs = {name: pool.submit(soffice_pdf, built / name, out / Path(name).stem) for name in (BROCHURE, SYNOPTIC)}
        converted = {name: job.result() for name, job in jobs.items()}
    return {name: pdf_text(pdf) for name, pdf in converted.items()} | {
        "synthesis": pdf_text(converted[SYNOPTIC], "-f", "1", "-l", "1")
    }


def styled_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph, table cells included, in document order."""
    document = Document(str(path))
    names = {style.style_id: style.name for style in document.styles}
    result = []
    for p in document.element.body.iter(qn("w:p")):
        style = p.find("w:pPr/w:pStyle", W)
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        result.append((names.get(style.get(qn("w:val")) if style is not None else "Normal", "?"), text))
    return result


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(name))


def brochure_phrases(plan: Plan) -> list[str]:
    """Every text of the brochure that the Word version must carry."""
    demarche, ambition, labels = plan.demarche, plan.ambition, plan.document.libelles
    phrases = [plan.document.titre, plan.document.institution, *plan.document.devise, plan.document.edition]
    phrases += [getattr(labels, name) for name in BROCHURE_LABELS]
    phrases += [*demarche.contexte, *ambition.introduction, ambition.conclusion]
    phrases += [text for point in (*demarche.objectifs, *ambition.defis) for text in (point.titre, *point.points)]
    for phase in demarche.calendrier.phases:
        phrases += [phase.titre, *(s.titre for s in (*phase.etapes, *phase.jalons))]
        phrases += [s.detail for s in phase.etapes if s.detail]
    return phrases + programme_phrases(plan) + short_titles(plan)


def short_titles(plan: Plan) -> list[str]:
    """The synthesis wording (titre_synoptique) of orientations and objectives."""
    return [o.titre_synoptique for _, o in plan.orientations()] + [o.titre_synoptique for *_, o in plan.objectives()]


def synoptic_phrases(plan: Plan) -> list[str]:
    labels = [getattr(plan.document.libelles, name) for name in SYNOPTIC_LABELS]
    return labels + short_titles(plan) + programme_phrases(plan)


def programme_phrases(plan: Plan) -> list[str]:
    phrases = [axis.titre for axis in plan.axes] + [o.titre for _, o in plan.orientations()]
    for _, _, objective in plan.objectives():
        phrases += [objective.titre_complet, *(group.titre for group in objective.groupes)]
    return phrases + [action.texte for *_, action in plan.actions()]


def test_brochure_carries_every_orientation_objective_and_action(built: Path, plan: Plan) -> None:
    text = "\n".join(text for _, text in styled_paragraphs(built / BROCHURE))
    missing = [phrase for phrase in brochure_phrases(plan) if phrase not in text]
    assert not missing, missing[:5]
    ids = [f"[{action.id}" for *_, action in plan.actions()]
    assert all(i in text for i in ids)


def test_heading_hierarchy_is_axes_orientations_objectives(built: Path, plan: Plan) -> None:
    """Heading 1 = axes only, Heading 2 = orientations only, Heading 3 = objectives (front matter: « Partie »)."""
    paragraphs = styled_paragraphs(built / BROCHURE)
    by_style = {
        name: [text for style, text in paragraphs if style == name]
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title")
    }
    assert len(by_style["Heading 1"]) == len(plan.axes)  # 3 with the 2018 content
    assert len(by_style["Heading 2"]) == sum(1 for _ in plan.orientations())  # 11 with the 2018 content
    assert len(by_style["Heading 3"]) == sum(1 for _ in plan.objectives())
    assert all(axis.titre in text for axis, text in zip(plan.axes, by_style["Heading 1"], strict=True))
    assert all(o.titre in text for (_, o), text in zip(plan.orientations(), by_style["Heading 2"], strict=True))
    assert by_style["Title"] == [plan.document.titre]


def test_axes_are_titled_as_in_the_pdf_and_the_deck(built: Path, plan: Plan) -> None:
    """One wording everywhere: « Axe 1 — … », as the brochure PDF, the deck and the web page title an axis."""
    headings = [text for style, text in styled_paragraphs(built / BROCHURE) if style == "Heading 1"]
    assert headings == [f"Axe {a.numero} — {a.titre}" for a in plan.axes]


def test_synoptic_tables_use_the_short_titles_on_landscape_pages(built: Path, plan: Plan) -> None:
    document = Document(str(built / SYNOPTIC))
    assert all(section.page_width > section.page_height for section in document.sections)
    assert len(document.sections) == 1 + len(plan.axes)
    text = "\n".join(text for _, text in styled_paragraphs(built / SYNOPTIC))
    missing = [phrase for phrase in synoptic_phrases(plan) if phrase not in text]
    assert not missing, missing[:5]


@pytest.mark.parametrize("name", [BROCHURE, SYNOPTIC])
def test_word_settings_french_repeated_headers_and_page_numbers(built: Path, plan: Plan, name: str) -> None:
    styles = part(built / name, "word/styles.xml")
    assert styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val", namespaces=W) == ["fr-FR"]
    assert styles.xpath("w:style[@w:styleId='Normal']/w:rPr/w:lang/@w:val", namespaces=W) == ["fr-FR"]
    body = part(built / name, "word/document.xml")
    tables = [t for t in body.iter(qn("w:tbl")) if t.xpath("w:tr[1]/w:trPr/w:tblHeader", namespaces=W)]
    assert len(tables) >= 1 + len(plan.axes)
    free = body.xpath("//w:tbl/w:tr[not(w:trPr/w:cantSplit)]", namespaces=W)
    assert len(free) == (1 if name == SYNOPTIC else 0)  # only the one-page synthesis row may flow
    with zipfile.ZipFile(built / name) as package:
        stories = {n: etree.fromstring(package.read(n)) for n in package.namelist() if "/header" in n or "/footer" in n}
    assert any(" PAGE " in s.xpath("string(//w:instrText)", namespaces=W) for n, s in stories.items() if "footer" in n)
    assert any(plan.document.titre in s.xpath("string()") for n, s in stories.items() if "header" in n)


TOC = r'TOC \o "1-2" \h \z \u'
"""Word's table of contents of heading levels 1-2 (\\o) and outline levels (\\u), hyperlinked (\\h), no page
numbers on screen (\\z): what a partner gets by inserting Word's own « Sommaire »."""


def _outline_levels(styles: etree._Element) -> dict[str, int]:
    """Outline level of each paragraph style, inherited through basedOn, as Word resolves it."""
    own, parent = {}, {}
    for style in styles.xpath("w:style[@w:type='paragraph']", namespaces=W):
        sid = style.get(qn("w:styleId"))
        level = style.xpath("string(w:pPr/w:outlineLvl/@w:val)", namespaces=W)
        if level:
            own[sid] = int(level)
        parent[sid] = style.xpath("string(w:basedOn/@w:val)", namespaces=W)

    def resolve(sid: str) -> int:
        return own[sid] if sid in own else resolve(parent[sid]) if parent.get(sid) else 9

    return {sid: resolve(sid) for sid in parent}


def test_brochure_has_a_toc_field_updated_on_opening(built: Path, plan: Plan) -> None:
    """The TOC field is Word's own, marked for update, and its cached entries are what Word would compute."""
    settings = part(built / BROCHURE, "word/settings.xml")
    assert settings.xpath("w:updateFields/@w:val", namespaces=W) == ["true"]
    body = part(built / BROCHURE, "word/document.xml")
    marks = body.xpath("//w:fldChar/@w:fldCharType | //w:instrText", namespaces=W)
    start = next(i for i, m in enumerate(marks) if not isinstance(m, str) and " TOC " in (m.text or ""))
    assert " ".join(marks[start].text.split()) == TOC
    assert marks[start - 1] == "begin" and marks[start + 1] == "separate" and "end" in marks[start + 2 :]
    assert body.xpath("//w:fldChar[@w:fldCharType='begin'][following::w:instrText[1][contains(., 'TOC')]]/@w:dirty",
                      namespaces=W) == ["true"]  # fmt: skip
    # Word rebuilds the entries from the paragraphs after the TOC whose outline level is 0 or 1 (\o "1-2", \u).
    levels = _outline_levels(part(built / BROCHURE, "word/styles.xml"))
    after = body.xpath("//w:sdt[.//w:instrText[contains(., 'TOC')]]/following::w:p", namespaces=W)
    expected = []
    for p in after:
        level = levels.get(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=W) or "Normal", 9)
        if level <= 1:
            expected.append(
                (
                    level + 1,
                    p.xpath("string(.)", namespaces=W),
                    p.xpath("string(w:bookmarkStart/@w:name)", namespaces=W),
                )
            )
    entries = [
        (
            int(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=W)[-1]),
            p.xpath("string(w:hyperlink)", namespaces=W),
            p.xpath("string(w:hyperlink/@w:anchor)", namespaces=W),
        )
        for p in body.xpath("//w:sdtContent/w:p[w:hyperlink]", namespaces=W)
    ]
    assert entries == expected
    titles = [text for _, text, _ in entries]
    assert len(titles) > len(plan.axes) + sum(len(axis.orientations) for axis in plan.axes)
    assert all(any(axis.titre in title for title in titles) for axis in plan.axes)
    ids = body.xpath("//w:r[w:rPr/w:rStyle/@w:val='Identifiantaction']/w:t/text()", namespaces=W)
    assert ids[0] == f"\u00a0[{plan.axes[0].orientations[0].objectifs[0].actions[0].id}]"


def test_document_properties_are_filled_with_the_build_date(built: Path, plan: Plan) -> None:
    props = Document(str(built / BROCHURE)).core_properties
    assert props.author == plan.document.institution and plan.document.titre in props.title
    assert props.keywords and props.subject and props.version == plan.document.edition
    assert props.created == props.modified == build_time(plan)  # the stamped date, not the time of the build


def test_libreoffice_renders_every_phrase(pdfs: dict[str, str], plan: Plan) -> None:
    for name, phrases in ((BROCHURE, brochure_phrases(plan)), (SYNOPTIC, synoptic_phrases(plan))):
        text = norm(pdfs[name])
        missing = [phrase for phrase in phrases if norm(phrase) not in text]
        assert not missing, (name, missing[:5])


def test_synthesis_fits_on_the_first_landscape_page(pdfs: dict[str, str], plan: Plan) -> None:
    page = norm(pdfs["synthesis"])
    missing = [title for title in short_titles(plan) if norm(title) not in page]
    assert not missing, missing[:3]


def test_a_style_missing_from_the_reference_is_a_user_error(tmp_path: Path) -> None:
    document = Document(str(ROOT / "templates" / "word" / "reference.docx"))
    style = document.styles["Sous-groupe"].element
    style.getparent().remove(style)
    (tmp_path / "word").mkdir()
    document.save(str(tmp_path / "word" / "reference.docx"))
    project = Project(CONTENT, tmp_path, ROOT / "assets", tmp_path / "output")
    with pytest.raises(UserError, match="Sous-groupe"):
        WordDocument(project).style("Sous-groupe")


def _reference_structure(path: Path) -> dict[str, object]:
    """What the builders rely on in a reference document: its styles (kind, id, name, parent, outline level),
    and its list definitions; formatting and page layout, which a team may restyle in Word, are left out."""
    styles = part(path, "word/styles.xml")
    fields = ("@w:type", "@w:styleId", "w:name/@w:val", "w:basedOn/@w:val", "w:pPr/w:outlineLvl/@w:val")
    return {
        "styles": sorted(
            tuple(style.xpath(f"string({field})", namespaces=W) for field in fields)
            for style in styles.xpath("w:style", namespaces=W)
        ),
        "lists": part(path, "word/numbering.xml").xpath("count(w:num)", namespaces=W),
    }


def test_the_committed_reference_matches_its_generator(tmp_path: Path) -> None:
    """templates/word/reference.docx holds what `python -m territoire.references.word` writes (restyled or not)."""
    target = regenerated("word", tmp_path / "reference.docx")
    committed = ROOT / "templates" / "word" / "reference.docx"
    assert _reference_structure(committed) == _reference_structure(target)
    names = {style.name for style in Document(str(committed)).styles}
    assert {"Heading 1", "Heading 2", "Sous-groupe", "Cellule", "toc 1", "toc 2"} <= names


def test_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    targets = ("docx", "synoptique-docx", "xlsx")
    for folder in ("a", "b"):
        result = run_build(*targets, "--force", output=tmp_path / folder)
        assert result.returncode == 0, result.stdout + result.stderr
    for name in (BROCHURE, SYNOPTIC, "plan-d-actions.xlsx"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
