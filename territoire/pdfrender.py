"""Shared WeasyPrint code of the PDF builders: confined URL fetcher, programme rows, HTML -> deterministic PDF."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from . import __version__, drawn, nativelibs
from .atomic import FONT_SCRATCH_PREFIX
from .builders import BuildContext
from .confined import Refused, inside
from .coverfit import cover_title_size
from .model import Action, Group, Objective, Orientation
from .pdftags import finish_pdfua
from .project import files_digest
from .rendering import environment
from .synoptic import Format, anchor_of, block_key, block_keys, fit, single_page
from .synoptic import Page as SynopticPage
from .theme import mix
from .wording import continued

ORIENTATION_HEAD_ROWS = 3
"""The orientation cell spans at most this many rows, kept together on one page; later rows say « (suite) »."""
TALL_CELL_CHARS = 600
"""An orientation title longer than this may not fit under its axis header (64 mm column, 10.5 pt bold: about
29 characters a line, 30 lines below the header): its first row may then break across pages, instead of
pushing the header away from the table."""

_BLANKS = re.compile(r"[ \t\r\n]+")  # ASCII blanks only: no-break spaces are typography
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
KEPT_STYLESHEETS = 4
"""Parsed stylesheets a layout function keeps (the brochure's and the synoptic tables', and the editions before)."""
_TYPES = {".ttf": "font/ttf", ".otf": "font/otf", ".svg": "image/svg+xml", ".css": "text/css"}


def _confined(url: str, roots: tuple[Path, ...]) -> Path:
    """The local file behind `url` if it lies inside one of `roots` (symlinks and '..' resolved), else refuse."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise Refused(f"ressource refusée (seuls les fichiers de templates/ et assets/ sont permis) : {url}")
    path = inside(Path(unquote(parts.path)), *roots)
    if not path.is_file():
        raise Refused(f"ressource introuvable : {path}")
    return path


@cache
def _fetcher_class() -> type:
    nativelibs.load("weasyprint")
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serves only files under the given folders; refusals stop the rendering with a French message."""

        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols=("file",))
            self.roots = roots

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            try:
                path = _confined(url, self.roots)
            except Refused as exc:
                raise FatalURLFetchingError(str(exc)) from None
            content_type = _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    return LocalFetcher


def local_fetcher(*roots: Path) -> Any:
    """A weasyprint URLFetcher that reads only files under `roots` (and never the network)."""
    return _fetcher_class()(tuple(roots))


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a programme table: at most one action, with the headings that introduce it."""

    orientation: Orientation
    objective: Objective | None  # shown when this row opens the objective
    group: Group | None  # shown when this row opens the group
    action: Action | None
    index: int  # position inside the orientation
    span: int  # rows covered by the orientation cell (on the first row only)
    tall: bool = False  # the orientation cell may be taller than a page: its rows may break

    @property
    def covered(self) -> bool:
        """True when the orientation cell of the first row spans this row (no left cell of its own)."""
        return 0 < self.index < ORIENTATION_HEAD_ROWS

    @property
    def keep_with_next(self) -> bool:
        """The rows under the orientation cell stay together, and a group with no action stays with what follows."""
        if self.tall:
            return False
        return self.index < self.span - 1 or (self.group is not None and self.action is None)


def programme_rows(orientation: Orientation) -> list[Row]:
    """Rows of one orientation; a heading always shares its row with the first action (never widowed)."""
    cells: list[tuple[Objective | None, Group | None, Action | None]] = []
    for objective in orientation.objectifs:
        opened = False
        for action in objective.actions:
            cells.append((None if opened else objective, None, action))
            opened = True
        for group in objective.groupes:
            if not group.actions:  # a group with no action yet is shown anyway
                cells.append((None if opened else objective, group, None))
                opened = True
            for number, action in enumerate(group.actions):
                cells.append((None if opened else objective, None if number else group, action))
                opened = True
        if not opened:
            cells.append((objective, None, None))
    span = min(ORIENTATION_HEAD_ROWS, len(cells))
    tall = len(orientation.titre) > TALL_CELL_CHARS
    return [Row(orientation, o, g, a, i, span, tall) for i, (o, g, a) in enumerate(cells)]


def tint(colour: str, strength: float) -> str:
    """`colour` mixed with white (strength 1 = the colour itself), for light backgrounds in the axis colour."""
    return mix(colour, 1 - strength)


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string: every character that could end or bend the string is escaped."""
    return Markup('"{}"'.format("".join(c if c.isalnum() or c in " .,'’-–—·" else f"\\{ord(c):x} " for c in text)))


@pass_context
def colour(context: Context, value: str) -> str:
    """A theme colour as the document needs it: `#hex` on screen, `device-cmyk()` in the print files."""
    palette = context.get("palette")
    return value if palette is None else str(palette.css(value))


@cache
def _environment(templates: Path, compiled: Path) -> Any:
    """One Jinja2 environment per process: templates are compiled once and recompiled only when they change."""
    return environment(
        templates,
        filters={"tint": tint, "css_string": css_string, "colour": colour, "cover_title_size": cover_title_size},
        helpers={"programme_rows": programme_rows, "block_key": block_key, "continued": continued},
        compiled=compiled,
    )


def render_html(ctx: BuildContext, template: str, palette: Any = None, **extra: Any) -> str:
    """The HTML of one PDF document from templates/pdf/ (content as autoescaped data, never as a template).

    With a `palette` (territoire.imprimeur), the same templates make the print file: CMYK colours, bleed."""
    env = _environment(ctx.project.templates, ctx.project.cache / "jinja-pdf")
    fonts = {key: path.as_uri() for key, path in ctx.theme.confined_fonts().items()}
    html = env.get_template(template).render(
        plan=ctx.plan,
        theme=ctx.theme,
        fonts=fonts,
        logo=ctx.theme.confined_logo().as_uri(),
        when=ctx.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        generator=f"territoire {__version__}",
        palette=palette,
        **extra,
    )
    return _BLANKS.sub(" ", html)  # the indentation of the templates only slows the HTML parser down


def _body_rows(page: Any) -> Iterator[Any]:
    for box in page._page_box.descendants():
        if box.element_tag == "tr" and "r" in (box.element.get("class") or "").split():
            yield box


def link_descriptions(document: Any) -> dict[str, str]:
    """The text of each internal link of the laid-out `document`, by target: the links' alternative descriptions."""
    descriptions: dict[str, str] = {}
    for page in document.pages:
        for _kind, target, _rectangle, box in page.links:
            if box.element is not None:
                text = " ".join("".join(box.element.itertext()).split())
                descriptions.setdefault(target, text)
    return descriptions


def keep_first_continuations(document: Any) -> None:
    """Each page keeps the « (suite) » label of its first programme row only: the others are removed.

    Every continuation row is laid out with its label (same height whether shown or not), so removing the
    labels after layout cannot move anything; only the row that opens a page still says « (suite) ».
    """
    for page in document.pages:
        for number, row in enumerate(_body_rows(page)):
            if number and row.children and "s" in (row.children[0].element.get("class") or "").split():
                row.children[0].children = []


@cache
def _frozen(cls: type) -> type:
    """A subclass of the pydyf object class `cls` whose serialisation is computed once, then reused."""
    compute = cls.data.fget  # type: ignore[attr-defined]

    def data(self: Any) -> bytes:
        cached: bytes | None = self.__dict__.get("_frozen_data")
        if cached is None:
            cached = self.__dict__["_frozen_data"] = compute(self)
        return cached

    return type(cls.__name__, (cls,), {"data": property(data), "__module__": __name__})


def freeze_objects(_document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: each object of the finished PDF serialises (and compresses) once instead of twice.

    With an identifier, pydyf serialises every object a second time to hash the whole file for /ID's second
    half, the object stream it builds while writing included: 10 % of a brochure render. Nothing changes the
    objects once WeasyPrint hands them to the finisher, so the bytes, and the hash, are the same.
    """
    drawn.finishing(pdf)
    for obj in pdf.objects:
        if obj.free != "f":
            obj.__class__ = _frozen(obj.__class__)
    add_object = pdf.add_object

    def add_frozen(obj: Any) -> None:
        obj.__class__ = _frozen(obj.__class__)
        add_object(obj)

    pdf.add_object = add_frozen


def widen_pages(pdf: Any, margin: float, marks: Callable[[list[float]], bytes]) -> None:
    """Each page's MediaBox grows by `margin` points around its BleedBox, and starts with the drawing `marks`
    returns for its TrimBox (one stream per page size, drawn under the page, in default user space)."""
    import pydyf

    streams: dict[tuple[float, ...], Any] = {}
    for obj in list(pdf.objects):
        if not isinstance(obj, pydyf.Dictionary) or obj.get("Type") != "/Page":
            continue
        trim = tuple(float(v) for v in obj["TrimBox"])
        bleed = [float(v) for v in obj["BleedBox"]]
        if trim not in streams:
            streams[trim] = pydyf.Stream([marks(list(trim))], compress=True)
            pdf.add_object(streams[trim])
        obj["MediaBox"] = pydyf.Array([bleed[0] - margin, bleed[1] - margin, bleed[2] + margin, bleed[3] + margin])
        obj["Contents"] = pydyf.Array([streams[trim].reference, obj["Contents"]])


_XMP_DOCUMENT_ID = re.compile(rb"xmp\.did:[0-9a-f-]{36}")


def stable_document_id(pdf: Any) -> None:
    """The XMP document ID of a PDF/X from the metadata it identifies, instead of WeasyPrint's random UUID."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    xmp = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in metadata.stream)
    digest = hashlib.sha256(_XMP_DOCUMENT_ID.sub(b"", xmp)).hexdigest()
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    metadata.stream = [_XMP_DOCUMENT_ID.sub(f"xmp.did:{uuid}".encode(), xmp)]


class Layout:
    """Lays HTML out into a WeasyPrint document (`__call__`) with one font configuration and URL fetcher, which
    documents sent from another process of the build take as theirs (territoire/handover.py)."""

    def __init__(self, run: Callable[[str], Any], fonts: Any, fetcher: Any) -> None:
        self._run, self.fonts, self.fetcher = run, fonts, fetcher

    def __call__(self, html: str) -> Any:
        return self._run(html)


@contextmanager
def _layout_engine(ctx: BuildContext, variant: str = "pdf/ua-1", shared_style: bool = False) -> Iterator[Layout]:
    """A function laying HTML out into a WeasyPrint document, with the project's fetcher and one font cache.

    With `shared_style` (chapters of one document, all with the same stylesheet), the stylesheet is parsed
    once, its @font-face rules registered once; not for the print files, whose @color-profile WeasyPrint
    reads from the document's own stylesheet only."""
    nativelibs.load("weasyprint", ctx.project.cache)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    project = ctx.project
    fetcher = local_fetcher(project.templates, project.assets)
    fonts = FontConfiguration()
    # WeasyPrint copies the @font-face files into this folder (it would make one in /tmp that only its
    # finaliser removes, and our processes end with os._exit). Here, a render killed midway leaves it where
    # the next build's clean-up finds it (atomic.clean_leftovers), which knows it by the process's number.
    scratch = project.cache
    scratch.mkdir(parents=True, exist_ok=True)
    fonts._folder = Path(tempfile.mkdtemp(prefix=f"{FONT_SCRATCH_PREFIX}{os.getpid()}-", dir=scratch))
    base_url = (project.templates / "pdf").resolve().as_uri() + "/"

    stylesheets: dict[str, Any] = {}

    def layout(html: str) -> Any:
        if not shared_style:
            return HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=fonts, pdf_variant=variant
            )
        head, style, rest = _STYLE.split(html, maxsplit=1) if "<style>" in html else (html, "", "")
        if style not in stylesheets:
            if len(stylesheets) >= KEPT_STYLESHEETS:  # a watch session edits the theme: keep the latest only
                del stylesheets[next(iter(stylesheets))]
            stylesheets[style] = CSS(string=style, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
        document = HTML(string=head + rest, base_url=base_url, url_fetcher=fetcher)
        return document.render(font_config=fonts, pdf_variant=variant, stylesheets=[stylesheets[style]])

    try:
        yield Layout(layout, fonts, fetcher)
    finally:
        shutil.rmtree(fonts._folder, ignore_errors=True)


def assets_digest(ctx: BuildContext) -> str:
    """Hash of the files a laid-out page draws from outside its HTML: the fonts and the logo."""
    return files_digest([*ctx.theme.confined_fonts().values(), ctx.theme.confined_logo()])


_KEPT: dict[tuple[str, ...], tuple[ExitStack, Layout]] = {}


def kept_layout(ctx: BuildContext) -> tuple[str, Layout]:
    """A layout function kept for the life of this process, and its key: the documents it lays out stay
    drawable between builds (watch workers keep them, territoire/chapters.py). New fonts give a new one."""
    key = (str(ctx.project.templates), str(ctx.project.assets), assets_digest(ctx))
    if key not in _KEPT:
        release_layouts()  # the documents of the previous fonts go with them
        stack = ExitStack()
        _KEPT[key] = stack, stack.enter_context(_layout_engine(ctx, shared_style=True))
    return hashlib.sha256("\0".join(key).encode()).hexdigest(), _KEPT[key][1]


def release_layouts() -> None:
    """Close the kept layout functions (their font folders go): at the end of a build that used them."""
    for stack, _ in _KEPT.values():
        stack.close()
    _KEPT.clear()
    for release in RELEASED:
        release()


RELEASED: list[Callable[[], None]] = [drawn.forget]
"""What else to forget when the kept layouts go: the caches of laid-out documents (territoire/chapters.py)."""


def _counts_pages(box: Any) -> bool:
    content = box.style["content"]
    return isinstance(content, (list, tuple)) and any(
        isinstance(part, tuple) and part[0] in ("counter()", "counters()") for part in content
    )


def renumber(pages: list[Any], numbered: Any) -> None:
    """Each page of `pages` takes, in place of its margin boxes that show counters (« 3 / 16 »), those of the
    page of the `numbered` document at the same rank: WeasyPrint counts pages per render (its issue #1180),
    so chapters laid out alone count from 1; `numbered` has one empty page per page of the whole document,
    of the same named page, laid out in one render. Nothing else of a page depends on its number."""
    nativelibs.load("weasyprint")
    from weasyprint.formatting_structure.boxes import MarginBox

    for page, source in zip(pages, numbered.pages, strict=True):
        counted = {box.at_keyword: box for box in source._page_box.children if isinstance(box, MarginBox)}
        children = list(page._page_box.children)
        for index, box in enumerate(children):
            if isinstance(box, MarginBox) and _counts_pages(box) and box.at_keyword in counted:
                children[index] = counted[box.at_keyword]
        page._page_box.children = tuple(children)


def page_name(page: Any) -> str:
    """The named page (CSS `page`) a laid-out page was made with, `auto` for the default one."""
    return str(page._page_box.page_type.name or "auto")


def combine(documents: list[Any]) -> Any:
    """One document of the pages of `documents`, in order, with the metadata of the first."""
    return documents[0].copy([page for document in documents for page in document.pages])


def finish(
    document: Any, html: str, ctx: BuildContext, variant: str = "pdf/ua-1", finisher: Any = freeze_objects
) -> bytes:
    """Write the laid-out `document` as the PDF `variant`, with bytes that depend on the sources only (`html`:
    what it was laid out from); a PDF/UA-1 also gets the tagging WeasyPrint leaves out (territoire/pdftags.py)."""
    # The identifier must not depend on where the project is checked out (the HTML holds absolute URLs).
    for folder in (ctx.project.templates, ctx.project.assets):
        html = html.replace(folder.resolve().as_uri(), folder.name)
    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    with drawn.writing():
        data = document.write_pdf(pdf_variant=variant, pdf_identifier=identifier, finisher=finisher)
    return finish_pdfua(data, link_descriptions(document)) if variant == "pdf/ua-1" else data


def write_pdf(html: str, ctx: BuildContext, variant: str = "pdf/ua-1", finisher: Any = freeze_objects) -> bytes:
    """Lay `html` out and write it: tagged PDF/UA-1 for screens, or the PDF/X-4 `variant` with its own `finisher`."""
    with _layout_engine(ctx, variant) as layout:
        document = layout(html)
        keep_first_continuations(document)
        return finish(document, html, ctx, variant, finisher)


def synoptic_overflow(document: Any, pages: list[SynopticPage]) -> set[str]:
    """Keys of the blocks of `pages` laid out, even in part, off their synoptic page, or not laid out at all."""
    starts: dict[str, int] = {}
    seen: dict[str, set[int]] = {}
    for index, page in enumerate(document.pages):
        for box in page._page_box.descendants():
            element = box.element
            if element is None:
                continue
            anchor = element.get("id") or ""
            if anchor.startswith("structuration"):
                starts.setdefault(anchor, index)
            key = element.get("data-bloc")
            if key:
                seen.setdefault(key, set()).add(index)
    return {key for key in block_keys(pages) if seen.get(key) != {starts.get(anchor_of(key))}}


SYNOPTIC_ALONE = "pdf/synoptique-seul.html.j2"


def fitted_synoptic(ctx: BuildContext, fmt: Format, palette: Any = None, poster: bool = False) -> list[SynopticPage]:
    """The synoptic pages, fitted by laying the synoptic out alone (for the print files, made on request)."""
    with _layout_engine(ctx) as layout:

        def overflow(pages: list[SynopticPage]) -> set[str]:
            return synoptic_overflow(
                layout(render_html(ctx, SYNOPTIC_ALONE, palette, synoptic=pages, poster=poster)), pages
            )

        pages = single_page(ctx.plan, fmt.base)
        return fit(ctx.plan, fmt, overflow) if overflow(pages) else pages


def lay_out_fitted(
    layout: Callable[[str], Any],
    ctx: BuildContext,
    make_html: Callable[[list[SynopticPage]], str],
    fmt: Format,
    poster: bool = False,
) -> tuple[Any, str]:
    """The document of the HTML `make_html` writes around the synoptic pages it is given, fitted: smaller type
    down to `fmt`'s floor, then continuation pages; and that HTML. Content that fits costs one layout."""
    pages = single_page(ctx.plan, fmt.base)
    html = make_html(pages)
    document = layout(html)
    if synoptic_overflow(document, pages):  # only then lay the synoptic out alone, as many times as it takes
        alone = lambda p: render_html(ctx, SYNOPTIC_ALONE, synoptic=p, poster=poster)  # noqa: E731
        pages = fit(ctx.plan, fmt, lambda p: synoptic_overflow(layout(alone(p)), p))
        html = make_html(pages)
        document = layout(html)
    keep_first_continuations(document)
    return document, html


def write_fitted_pdf(
    ctx: BuildContext, make_html: Callable[[list[SynopticPage]], str], fmt: Format, poster: bool = False
) -> bytes:
    """The PDF/UA-1 of `lay_out_fitted`, laid out in one render (the brochure in chapters: territoire/chapters.py)."""
    with _layout_engine(ctx) as layout:
        return finish(*lay_out_fitted(layout, ctx, make_html, fmt, poster), ctx)
