"""The printer's files (`build.py imprimeur`): PDF/X-4 in CMYK, 3 mm bleed, crop marks, and their summary.

The print files come from the same templates as the screen PDFs: a `Palette` passed to them turns every colour
into a `device-cmyk()` value (territoire.cmyk) and adds templates/pdf/impression.css.j2 (bleed, backgrounds
run into it, output intent). The finisher here only adds what CSS cannot say: the crop marks in registration
colour outside the bleed, and a document ID that depends on the sources, not on chance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .cli import Report
from .cmyk import Separation
from .theme import Theme

if TYPE_CHECKING:
    from .builders import BuildContext
    from .project import Project

TARGETS = ["imprimeur-synoptique", "imprimeur-brochure"]
"""The builders `build.py imprimeur` runs (never part of a plain `build.py`); the quicker one first, so that
its summary is read while the brochure still renders."""
BLEED_MM = 3.0
SLUG_MM = 6.0
"""Room outside the bleed for the crop marks (MediaBox = BleedBox + this, on each side)."""
MARK_GAP_MM, MARK_LENGTH_MM = 1.0, 4.5
POINTS_PER_MM = 72 / 25.4
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")
_COLOUR_ATTRIBUTES = ("fill", "stroke", "stop-color", "color", "flood-color", "lighting-color", "style")
_MAX_LOGO = 2_000_000


@dataclass(frozen=True, slots=True)
class Palette:
    """What the templates need for print: CMYK colours, the output intent's profile, the CMYK logo."""

    separation: Separation
    profile_url: str
    logo: Markup
    bleed_mm: float = BLEED_MM

    def css(self, colour: str) -> str:
        return self.separation.css(colour)


def logo_markup(theme: Theme, separation: Separation) -> Markup:
    """assets/logo.svg inline, every hex colour of its paint attributes replaced by its CMYK value."""
    from lxml import etree

    data = theme.confined_logo().read_bytes()
    if len(data) > _MAX_LOGO:
        raise ValueError(f"logo trop lourd ({len(data)} octets, au plus {_MAX_LOGO}) : {theme.logo}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    root = etree.fromstring(data, parser)
    for element in root.iter():
        for name in _COLOUR_ATTRIBUTES:
            value = element.get(name)
            if value and "#" in value:
                element.set(name, _HEX.sub(lambda m: separation.css(m.group(0)), value))
    root.set("class", "logo")
    return Markup(etree.tostring(root, encoding="unicode"))


def print_pdf(ctx: BuildContext, make_html: Callable[[Palette], str]) -> bytes:
    """The PDF/X-4 of the document `make_html` writes with a print palette."""
    from .pdfrender import write_pdf

    profile = ctx.theme.profil_impression
    if profile is None:
        raise ValueError("aucun profil d'impression : ajoutez impression.profil dans assets/theme.yaml")
    separation = Separation(ctx.theme, ctx.project.cache)
    palette = Palette(separation, profile.resolve().as_uri(), logo_markup(ctx.theme, separation))
    data = write_pdf(make_html(palette), ctx, "pdf/x-4", finisher=finish_print)
    separation.save()
    return data


def _marks(trim: list[float]) -> bytes:
    """Crop marks (registration colour, 0.25 pt) on the prolonged trim lines, from just outside the bleed."""
    x0, y0, x1, y1 = trim
    start = (BLEED_MM + MARK_GAP_MM) * POINTS_PER_MM
    end = start + MARK_LENGTH_MM * POINTS_PER_MM
    lines = []
    for x, side in ((x0, -1), (x1, 1)):
        for y, up in ((y0, -1), (y1, 1)):
            lines.append(f"{x + side * start:.3f} {y:.3f} m {x + side * end:.3f} {y:.3f} l")
            lines.append(f"{x:.3f} {y + up * start:.3f} m {x:.3f} {y + up * end:.3f} l")
    return ("q 1 1 1 1 K 0.25 w 0 J " + " ".join(lines) + " S Q\n").encode()


def finish_print(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher of the print files: room and crop marks outside the bleed, a reproducible XMP
    document ID (WeasyPrint draws a random one), then the same freezing as the screen files."""
    from .pdfrender import freeze_objects, stable_document_id, widen_pages

    widen_pages(pdf, SLUG_MM * POINTS_PER_MM, _marks)
    stable_document_id(pdf)
    freeze_objects(document, pdf)


def _mm(points: float) -> str:
    return f"{points / POINTS_PER_MM:.0f}"


def describe(path: Path) -> list[str]:
    """Summary lines of one print file: its output intent's profile, its pages, their sizes trimmed and with
    bleed, the RGB left per page."""
    import pikepdf

    from .pdfinks import rgb_by_page

    with pikepdf.open(path) as pdf:
        sizes: dict[str, int] = {}
        for page in pdf.pages:
            trim, bleed = (list(map(float, page.obj[key])) for key in ("/TrimBox", "/BleedBox"))
            size = (
                f"{_mm(trim[2] - trim[0])} × {_mm(trim[3] - trim[1])} mm (format fini), "
                f"{_mm(bleed[2] - bleed[0])} × {_mm(bleed[3] - bleed[1])} mm avec fond perdu"
            )
            sizes[size] = sizes.get(size, 0) + 1
        findings = rgb_by_page(pdf)
        count = len(pdf.pages)
        intents = pdf.Root.get("/OutputIntents")
        profile = str(intents[0].get("/OutputConditionIdentifier", "aucun")) if intents else "aucun"
    lines = [
        f"Profil de sortie (intention PDF/X-4) : {profile}",
        f"{path.name} : {count} page{'s' if count > 1 else ''}",
    ]
    lines += [f"  {n} page{'s' if n > 1 else ''} en {size}" for size, n in sizes.items()]
    lines += [f"  ⚠ page {number} : RVB restant ({', '.join(found)})" for number, found in findings.items()]
    return lines if findings else [*lines, "  aucune couleur RVB : tout est en CMJN"]


class _Describing(Report):
    """The command's report, which also describes each print file as soon as it is written, while the other
    one may still be rendering."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.quiet, report.verbose)
        self.described: dict[str, list[str]] = {}

    def __call__(self, outcome: Any) -> None:
        super().__call__(outcome)
        if outcome.status != "échec":
            self.described[outcome.name] = describe(outcome.path)


def run(project: Project, force: bool, report: Report) -> int:
    """`build.py imprimeur`: both print files (in parallel, only when outdated), then the summary."""
    from .builders import registry
    from .cli import run_build
    from .plancache import cached_theme

    describing = _Describing(report)
    code = run_build(project, TARGETS, force, describing)
    if code == 0:
        builders = registry()
        names = sorted(TARGETS, key=lambda name: builders[name].filename)
        files = [describing.described.get(n) or describe(project.output / builders[n].filename) for n in names]
        profile = cached_theme(project).profil_impression
        lines = [f"{files[0][0]} ({profile.name if profile else '—'})"]
        lines += [line for described in files for line in described[1:]]
        report.say("\n".join(lines))
    return code
