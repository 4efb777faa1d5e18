"""The council deck: reopened with python-pptx, rendered by LibreOffice, checked for overflow, order and language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CONTENT, ROOT, copy_content, norm, regenerated, require, run_build, soffice_pdf

from territoire.loader import load_plan
from territoire.model import Plan
from territoire.theme import load_theme
from territoire.timeline import Scale
from territoire.typography import typeset

DECK = "conseil-communautaire-2018-06-28.pptx"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
FOOTERS = ("ftr", "sldNum", "dt")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@pytest.fixture(scope="module")
def plan() -> Plan:
    return typeset(load_plan(CONTENT))


@pytest.fixture(scope="module")
def deck(built: Path) -> Path:
    path = built / DECK
    assert path.is_file(), f"{DECK} missing; built: {sorted(p.name for p in built.iterdir())}"
    return path


@pytest.fixture(scope="module")
def slides(deck: Path) -> list:
    from pptx import Presentation

    return list(Presentation(str(deck)).slides)


@pytest.fixture(scope="module")
def rendered(deck: Path, tmp_path_factory: pytest.TempPathFactory) -> list[tuple[float, float, list]]:
    """LibreOffice's PDF of the deck, as pages (width, height, words) from poppler's word boxes."""
    return words_of(soffice_pdf(deck, tmp_path_factory.mktemp("deck-pdf")))


def words_of(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Poppler's word boxes of each page; LibreOffice must have set the text in Lato, as the builder measured it."""
    fonts = subprocess.run([require("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Lato" in fonts and all("Lato" in line for line in fonts.splitlines()[2:]), f"not set in Lato:\n{fonts}"
    require("pdftotext")
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml.stdout, re.S)
    return [
        (float(w), float(h), [(*map(float, m.groups()[:4]), m.group(5)) for m in WORD.finditer(body)])
        for w, h, body in pages
    ]


def texts(slide) -> str:  # type: ignore[no-untyped-def]
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def notes(slide) -> str:  # type: ignore[no-untyped-def]
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def kind(shape) -> str:  # type: ignore[no-untyped-def]
    ph = shape._element.find(".//{*}nvPr/{*}ph")
    return "" if ph is None else ph.get("type", "obj")


def test_named_after_the_meeting(deck: Path, plan: Plan) -> None:
    meeting = plan.document.conseil
    assert deck.name == f"{meeting.instance.lower().replace(' ', '-')}-{meeting.date.first_day.isoformat()}.pptx"


def test_every_orientation_objective_and_action_is_in_the_deck(slides: list, plan: Plan) -> None:
    shown = norm(" ".join(texts(s) for s in slides))
    spoken = norm(" ".join(notes(s) for s in slides))
    for axis, orientation in plan.orientations():
        assert norm(f"Orientation {orientation.numero}") in shown
        assert norm(orientation.titre_synoptique) in shown, orientation.titre_synoptique
        assert norm(axis.titre) in shown
    for _, _, objective in plan.objectives():
        assert norm(objective.titre_synoptique) in shown, objective.titre_synoptique
        assert norm(objective.titre_complet) in spoken, objective.titre_complet
    for _, _, _, group, action in plan.actions():
        assert norm(f"{action.id}") in spoken
        assert norm(action.texte) in shown + spoken, action.texte
        if group is not None:
            assert norm(group.titre) in spoken


def test_slides_follow_the_issue(slides: list, plan: Plan) -> None:
    titles = [s.shapes.title.text_frame.text for s in slides]
    doc = plan.document
    assert titles[0] == doc.titre and norm(doc.conseil.instance) in norm(texts(slides[0]))
    assert norm(doc.institution) in norm(texts(slides[0]))
    assert titles[1] == doc.libelles.avancement
    assert titles[2:5] == [doc.libelles.objectif_processus, doc.libelles.ambition_synoptique, doc.libelles.synthese]
    sections = [s for s in slides if s.slide_layout.name == "Section"]
    assert [s.shapes.title.text_frame.text for s in sections] == [f"Axe {a.numero} — {a.titre}" for a in plan.axes]
    assert "Prochaines étapes" in titles
    for jalon in plan.demarche.calendrier.phases[-1].jalons:
        assert norm(jalon.titre) in norm(texts(slides[titles.index("Prochaines étapes")]))
    assert f"{doc.libelles.synthese} (suite)" not in titles, "the three axes at a glance fit on one slide"
    glance = norm(texts(slides[4]))
    assert all(norm(a.titre) in glance for a in plan.axes)
    assert all(norm(o.titre_synoptique) in glance for _, o in plan.orientations())


def test_titles_are_unique_and_in_the_title_placeholder(slides: list) -> None:
    titles = []
    for number, slide in enumerate(slides, 1):
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip(), f"slide {number} has no title"
        assert slide.shapes[0] is title or slide.shapes[0]._element is title._element, "title first"
        titles.append(title.text_frame.text)
    assert len(titles) == len(set(titles)), [t for t in titles if titles.count(t) > 1]


def test_text_is_french(slides: list, deck: Path) -> None:
    from pptx import Presentation

    for slide in slides:
        parts = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
        for element in parts:
            runs = list(element.iter(f"{A}rPr", f"{A}endParaRPr"))
            assert runs
            assert {r.get("lang") for r in runs} == {"fr-FR"}
            assert all(r.find(f"{A}rPr") is not None for r in element.iter(f"{A}r", f"{A}fld"))
    master = Presentation(str(deck)).slide_master._element
    assert {r.get("lang") for r in master.find(".//{*}txStyles").iter(f"{A}defRPr")} == {"fr-FR"}


def test_pictures_have_real_alternative_text(slides: list) -> None:
    alt = load_theme(ROOT / "assets").logo_alt
    pictures = [p for s in slides for p in s.shapes._spTree.iter("{*}pic")]
    assert pictures
    for picture in pictures:
        descr = picture.find(".//{*}cNvPr").get("descr", "")
        assert descr == alt and not re.search(r"\.(png|jpe?g|gif|svg)$", descr, re.I)


def test_reading_order_follows_the_layout(slides: list) -> None:
    for number, slide in enumerate(slides, 1):
        shapes = [s for s in slide.shapes if kind(s) not in FOOTERS]
        shapes = [s for s in shapes if s.shape_type == 13 or (s.has_text_frame and s.text_frame.text.strip())]
        assert kind(shapes[0]) in ("title", "ctrTitle"), f"slide {number}"
        positions = [(round(s.top / 12700), round(s.left / 12700)) for s in shapes[1:]]
        assert positions == sorted(positions), f"slide {number}: shapes not in visual order"


def test_body_text_is_never_below_16_points(slides: list) -> None:
    for number, slide in enumerate(slides, 1):
        for shape in slide.shapes:
            if kind(shape) in FOOTERS or not shape.has_text_frame:
                continue
            sizes = [r.get("sz") for r in shape._element.iter(f"{A}rPr", f"{A}endParaRPr")]
            if not sizes:  # a decorative shape
                continue
            assert None not in sizes, f"slide {number}: a run has no explicit size"
            assert min(int(s) for s in sizes) >= 1600, f"slide {number}: {shape.name}"


def test_timeline_is_native_shapes_to_scale(slides: list, plan: Plan) -> None:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    calendar = plan.demarche.calendrier
    slide = next(s for s in slides if s.shapes.title.text_frame.text == plan.document.libelles.avancement)
    assert not list(slide.shapes._spTree.iter("{*}pic")), "the timeline must be editable shapes, not a picture"
    text = norm(texts(slide))
    for phase in calendar.phases:
        assert norm(phase.titre) in text
        for step in (*phase.etapes, *phase.jalons):
            assert norm(step.titre) in text and norm(step.detail) in text
    assert norm("Avancement") in text
    rules = sorted(int(c.find(".//{*}off").get("x")) / 12700 for c in slide.shapes._spTree.iter("{*}cxnSp"))
    left, right = rules[0], rules[-1]  # the first and last month rules bound the scale
    # A step is a plain rectangle without text (phases and captions have text, milestones are diamonds or
    # rounded bars, month rules are lines), drawn 1 pt inside its span on either side.
    bars = sorted(
        (shape.left / 12700 - 1, shape.width / 12700 + 2)
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
        and not shape.text_frame.text
        and shape._element.find(".//{*}prstGeom").get("prst") == "rect"
    )
    scale = Scale.of(calendar)
    steps = [scale.span(step.debut, step.fin) for phase in calendar.phases for step in phase.etapes]
    expected = sorted((left + a * (right - left), (b - a) * (right - left)) for a, b in steps)
    assert len(bars) == len(expected) == 5, bars  # the five steps of the 2018 calendar
    for (x, width), (x_expected, width_expected) in zip(bars, expected, strict=True):
        assert abs(x - x_expected) <= 1 and abs(width - width_expected) <= 1, "a step is not drawn to scale"
    marker = left + scale.point(calendar.avancement) * (right - left)
    assert any(abs(x - marker) < 1 for x in rules), "the Avancement marker is not at its date"


def test_no_import_of_python_pptx_when_checking() -> None:
    code = "import sys; from territoire.builders import registry; registry(); print('pptx' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def check_render(pages: list, titles: list[str]) -> None:
    """Everything in LibreOffice's render: on its slide, never on another word, never below 16 pt."""
    every = norm(" ".join(w[4] for _, _, words in pages for w in words))
    for title in titles:
        assert norm(title) in every, f"missing in the render (clipped?): {title}"
    for number, (width, height, words) in enumerate(pages, 1):
        for x0, y0, x1, y1, word in words:
            assert x0 >= -0.5 and y0 >= -0.5 and x1 <= width + 0.5 and y1 <= height + 0.5, f"{number}: {word}"
            if y0 < height * 0.9:  # above the footer, word boxes are 1.3 em tall
                assert y1 - y0 >= 16 * 1.3 - 0.2, f"slide {number}: « {word} » smaller than 16 pt"
        cores = [(x0 + 0.5, y0 + 0.2 * (y1 - y0), x1 - 0.5, y1 - 0.2 * (y1 - y0), w) for x0, y0, x1, y1, w in words]
        for i, a in enumerate(cores):
            for b in cores[i + 1 :]:
                overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
                assert not overlap, f"slide {number}: « {a[4]} » overlaps « {b[4]} »"


def test_render_has_everything_on_the_slides(rendered: list, plan: Plan) -> None:
    titles = [o.titre_synoptique for _, o in plan.orientations()] + [o.titre_synoptique for *_, o in plan.objectives()]
    check_render(rendered, titles)


def test_same_sources_same_bytes(tmp_path: Path) -> None:
    outputs = []
    for name in ("a", "b"):
        result = run_build("pptx", "--force", output=tmp_path / name)
        assert result.returncode == 0, result.stderr
        outputs.append((tmp_path / name / DECK).read_bytes())
    assert outputs[0] == outputs[1]


def overlong(content: Path) -> list[str]:
    """Make orientation 1.1 and the timeline far too long for one slide; return texts that must be rendered."""
    path = sorted((content / "axes").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    orientation = data["orientations"][0]
    number, added = 900, []
    for i in range(14):
        title = f"Objectif supplémentaire {i + 1} pour éprouver la mise en page : " + "texte très long " * (2 + i % 4)
        actions = []
        for _ in range(4):
            number += 1
            actions.append({"id": f"A{number}", "texte": "Une action au libellé volontairement long " * 3})
        orientation["objectifs"].append({"id": f"essai-{i}", "titre": title.strip(), "actions": actions})
        added.append(title.strip())
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = content / "demarche.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i in range(10):
        month = f"2017-{10 + i % 3}"
        step = {"titre": f"atelier supplémentaire nº {i + 1}", "detail": "Réunion", "debut": month, "fin": month}
        data["calendrier"]["phases"][1]["etapes"].append(step)
        added.append(step["titre"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return added


def test_overlong_orientation_continues_on_suite_slides(tmp_path: Path) -> None:
    from pptx import Presentation

    content = copy_content(tmp_path)
    added = overlong(content)
    result = run_build("pptx", content=content, output=tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    deck = tmp_path / "out" / DECK
    slides = list(Presentation(str(deck)).slides)
    titles = [s.shapes.title.text_frame.text for s in slides]
    suites = [t for t in titles if t.startswith("Orientation 1.1") and "(suite" in t]
    assert suites and suites[0].endswith("(suite)") and len(set(titles)) == len(titles)
    assert f"{typeset(load_plan(content)).document.libelles.avancement} (suite)" in titles
    plan = typeset(load_plan(content))
    shown = norm(" ".join(texts(s) for s in slides))
    for _, _, objective in plan.objectives():
        assert norm(objective.titre_synoptique) in shown
    test_body_text_is_never_below_16_points(slides)
    check_render(words_of(soffice_pdf(deck, tmp_path)), [norm(t) for t in added])


def _master_structure(path: Path) -> dict[str, object]:
    """What the deck relies on in a slide master: slide size, and each layout's name and placeholders (kind,
    index, name); positions, colours and fonts, which a team may restyle in PowerPoint, are left out."""
    from pptx import Presentation

    prs = Presentation(str(path))

    def placeholders(owner: Any) -> list[tuple[str, int, str]]:
        return [(str(ph.placeholder_format.type), ph.placeholder_format.idx, ph.name) for ph in owner.placeholders]

    return {
        "size": (prs.slide_width, prs.slide_height),
        "master": placeholders(prs.slide_master),
        "layouts": [(layout.name, placeholders(layout)) for layout in prs.slide_layouts],
    }


def test_master_is_regenerated_with_its_named_layouts(tmp_path: Path) -> None:
    """templates/deck/master.pptx holds what `python -m territoire.references.deck` writes."""
    from pptx import Presentation

    target = regenerated("deck", tmp_path / "master.pptx")
    committed = ROOT / "templates" / "deck" / "master.pptx"
    assert _master_structure(committed) == _master_structure(target)
    for path in (target, committed):
        prs = Presentation(str(path))
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 16:9
        names = {layout.name for layout in prs.slide_layouts}
        assert {"Titre", "Section", "Titre et contenu", "Deux colonnes", "Titre seul"} <= names
        styles = prs.slide_master._element.find(".//{*}txStyles")
        assert {r.get("lang") for r in styles.iter(f"{A}defRPr")} == {"fr-FR"}
        theme = next(p for p in prs.part.package.iter_parts() if p.partname.startswith("/ppt/theme/theme1"))
        assert '<a:latin typeface="Lato"/>' in theme.blob.decode("utf-8")


def test_steps_are_numbered_within_their_phase_as_in_the_pdf(plan: Plan) -> None:
    """With steps in two phases, the deck's notes number them as the PDF's timeline does (from 1 per phase)."""
    import dataclasses

    from territoire.deck.timeline import timeline_notes
    from territoire.svgtimeline import description

    calendar = plan.demarche.calendrier
    with_steps = next(p for p in calendar.phases if p.etapes)
    phases = tuple(dataclasses.replace(p, etapes=with_steps.etapes) for p in calendar.phases)
    twice = dataclasses.replace(
        plan, demarche=dataclasses.replace(plan.demarche, calendrier=dataclasses.replace(calendar, phases=phases))
    )
    notes = [p.text for p in timeline_notes(twice)]
    in_notes = [int(m.group(1)) for t in notes if (m := re.match(r"Étape (\d+)", t))]
    in_pdf = [int(n) for n in re.findall(r"étape (\d+)", description(twice.demarche.calendrier))]
    assert in_notes == in_pdf and in_notes.count(1) == len(phases)
