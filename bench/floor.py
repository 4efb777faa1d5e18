"""What WeasyPrint costs for this content, whatever the design: renders of variants in one warm process.

The brochure's speed bars (issue 3) assume it costs what a plain render of the same text costs. This script
measures, in the same warm process, the brochure as built and the same HTML stripped of what the design
adds, to show where the floor of WeasyPrint lies for this content.

Usage: python3 bench/floor.py [--runs 7] [--write]   (--write updates the second table of bench/README.md)
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from territoire.bootstrap import ensure_environment  # noqa: E402

_TABLE_TAGS = re.compile(r"<(/?)(?:table|thead|tbody|tr|td|th|colgroup)\b[^>]*>")


def variants() -> dict[str, tuple[str, Callable[[str], bytes]]]:
    """Label -> (HTML, render). Renders write a PDF with the brochure's fetcher and fonts."""
    from territoire import chapters, nativelibs, pdfrender
    from territoire.engine import Engine
    from territoire.project import Project
    from territoire.synoptic import A4, single_page

    ctx = Engine(Project.at(ROOT)).context()
    nativelibs.load("weasyprint")
    from weasyprint import HTML

    def render(html: str, tagged: bool = True) -> bytes:
        project = ctx.project
        fetcher = pdfrender.local_fetcher(project.templates, project.assets)
        base = (project.templates / "pdf").resolve().as_uri() + "/"
        variant = "pdf/ua-1" if tagged else None
        document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(pdf_variant=variant)
        return document.write_pdf(pdf_variant=variant, finisher=pdfrender.freeze_objects)

    synoptic = single_page(ctx.plan, A4.base)
    brochure = chapters.brochure_html(ctx, synoptic=synoptic)
    style = re.search(r"<style>(.*?)</style>", brochure, re.S)
    assert style, "the brochure's stylesheet is inline"
    fonts = " ".join(re.findall(r"@font-face\s*{[^}]*}", style.group(1)))
    unstyled = brochure.replace(style.group(1), fonts + " html { font-family: Lato }")
    head = brochure.split("<body", 1)[0]
    sections = re.findall(r'<section class="axe".*?</section>', brochure, re.S)
    programme = f"{head}<body>{''.join(sections)}</body></html>"
    programme_blocks = _TABLE_TAGS.sub(lambda m: f"<{m.group(1)}div>", re.sub(r"<col\b[^>]*>", "", programme))

    from export import markdown
    from naive import blocks, plain_html

    md = ROOT / "bench" / "work" / "floor-plan.md"
    md.parent.mkdir(parents=True, exist_ok=True)
    md.write_text(markdown(ctx.plan), encoding="utf-8")
    plain = plain_html(blocks(md))
    return {
        "brochure telle que livrée (balisée PDF/UA)": (brochure, render),
        "même HTML sans aucun style (polices seules)": (unstyled, render),
        "même HTML sans style ni balisage": (unstyled, lambda h: render(h, tagged=False)),
        "document vide (feuille de style et polices seules)": (f"{head}<body></body></html>", render),
        "programme d’actions seul, en tableaux": (programme, render),
        "programme d’actions seul, mêmes styles sans tableaux": (programme_blocks, render),
        "texte brut du plan (script naïf de l’issue, sans polices)": (plain, lambda h: render(h, tagged=False)),
    }


EDITED = "Mobiliser de ressources"
"""An action of axis 2: the per-chapter edit case changes it, a new wording each round."""


def chapter_cases(runs: int) -> dict[str, Callable[[], bytes | int]]:
    """Label -> render: each chapter laid out alone, then the brochure assembled from kept chapters, whole and
    after an edit of one action (territoire/chapters.py), in the same warm process as the variants."""
    import shutil

    from territoire import chapters, pdfrender
    from territoire.engine import Engine
    from territoire.project import Project
    from territoire.synoptic import A4, single_page

    work = ROOT / "bench" / "work" / "floor-edits"
    contexts = []
    for number in range(runs + 2):
        content = work / f"content-{number}"
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(ROOT / "content", content)
        axis = content / "axes" / "2-qualite-de-vie.yaml"
        axis.write_text(axis.read_text(encoding="utf-8").replace(EDITED, f"{EDITED} ({number})", 1), encoding="utf-8")
        contexts.append(Engine(Project.at(ROOT, content=content, output=work / "sortie")).context())
    ctx = contexts[0]
    whole = chapters.Chapters(ctx)
    names = ("couverture", "ouverture", *(f"axe-{n}" for n in range(1, len(ctx.plan.axes) + 1)), "dos")
    synoptic = single_page(ctx.plan, A4.base)  # the bundled content's synoptic fits on its page
    html = {name: chapters.brochure_html(ctx, synoptic=synoptic, chapitre=name, metadata=False) for name in names}
    _, layout = pdfrender.kept_layout(ctx)

    def lay_out(name: str) -> Callable[[], int]:
        return lambda: len(layout(html[name]).pages)

    edits = iter(contexts[1:])

    def edited() -> bytes:
        kept = chapters.Chapters(next(edits))
        return kept.write(kept.brochure(), "brochure")

    return {
        **{f"chapitre « {name} » seul (mise en page)": lay_out(name) for name in html},
        "brochure en chapitres, tout gardé (assemblage, numérotation, écriture)": lambda: whole.write(
            whole.brochure(), "brochure"
        ),
        "brochure en chapitres, une action de l’axe 2 modifiée": edited,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="Plancher de WeasyPrint pour ce contenu (processus chaud).")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="met à jour le second tableau de bench/README.md")
    args = parser.parse_args()
    ensure_environment()
    import pypdf  # counts pages of each variant

    cases: dict[str, Callable[[], bytes | int]] = {
        label: (lambda h=html, r=render: r(h))
        for label, (html, render) in variants().items()  # type: ignore[misc]
    }
    cases.update(chapter_cases(args.runs))
    times: dict[str, list[float]] = {label: [] for label in cases}
    pages: dict[str, int] = {}
    for round_ in range(args.runs + 1):  # the first round warms up
        for label, render in cases.items():
            start = time.perf_counter()
            data = render()
            if round_:
                times[label].append(time.perf_counter() - start)
            else:
                pages[label] = data if isinstance(data, int) else len(pypdf.PdfReader(io.BytesIO(data)).pages)
    lines = ["| rendu dans un processus chaud | pages | médiane |", "| --- | ---: | ---: |"]
    for label, values in times.items():
        median = f"{statistics.median(values):.3f}".replace(".", ",")
        lines.append(f"| {label} | {pages[label]} | {median} s |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        from run import write_section

        write_section("plancher", "fin du plancher", table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
