"""The printer's files (`build.py imprimeur`): PDF/X-4, CMYK only, bleed, crop marks, ink limits, same bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, require, run_build
from PIL import Image

from territoire.cmyk import PURE_BLACK, Ink, Separation
from territoire.pdfinks import is_rgb_space, rgb_by_page
from territoire.theme import load_theme

BROCHURE = "imprimeur/projet-de-territoire-impression.pdf"
TABLES = "imprimeur/tableaux-synoptiques-impression.pdf"
MM = 72 / 25.4
BLEED = 3 * MM


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Both print files, built once for this module, with the summary the command printed."""
    output = tmp_path_factory.mktemp("imprimeur")
    result = run_build("imprimeur", output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output, result.stdout


def both(printed: tuple[Path, str]) -> list[Path]:
    return [printed[0] / BROCHURE, printed[0] / TABLES]


def test_only_on_request_with_a_french_summary(printed: tuple[Path, str], built: Path) -> None:
    _, summary = printed
    assert not (built / "imprimeur").exists(), "a plain build must not write the print files"
    assert "Profil de sortie (intention PDF/X-4) : FOGRA39L coated" in summary
    assert "projet-de-territoire-impression.pdf : 16 pages" in summary
    # « 16 × 297 × 210 mm » read as a third dimension: the count is spelled as pages.
    assert "16 pages en 297 × 210 mm (format fini), 303 × 216 mm avec fond perdu" in summary
    assert "1 page en 420 × 297 mm (format fini), 426 × 303 mm avec fond perdu" in summary
    assert summary.count("aucune couleur RVB : tout est en CMJN") == 2 and "⚠" not in summary
    help_text = run_build("--help").stdout
    assert "imprimeur" in help_text and "sur demande" in help_text
    assert "les fichiers pour l’imprimeur\net les comparaisons ne sont faits que par leur commande" in help_text
    assert "imprimeur-brochure" not in help_text, "the print builders are reached through the command only"


def test_output_intent_and_pdfx_metadata(printed: tuple[Path, str]) -> None:
    theme = load_theme(ROOT / "assets")
    for path in both(printed):
        with pikepdf.open(path) as pdf:
            (intent,) = pdf.Root.OutputIntents
            assert intent.S == "/GTS_PDFX" and intent.Type == "/OutputIntent"
            profile = intent.DestOutputProfile
            assert int(profile.N) == 4 and len(profile.read_bytes()) > 100_000
            assert str(intent.OutputConditionIdentifier).startswith("FOGRA39L coated")
            assert theme.profil_impression is not None
            with pdf.open_metadata() as xmp:
                assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
            assert "/StructTreeRoot" not in pdf.Root, "PDF/X here, PDF/UA in the screen files"


def test_trim_and_bleed_boxes_on_every_page(printed: tuple[Path, str]) -> None:
    for path in both(printed):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                trim = [float(v) for v in page.obj.TrimBox]
                bleed = [float(v) for v in page.obj.BleedBox]
                media = [float(v) for v in page.obj.MediaBox]
                expected = [trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED, trim[3] + BLEED]
                assert bleed == pytest.approx(expected, abs=0.01)
                assert media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]


def test_every_font_is_embedded_and_subset(printed: tuple[Path, str]) -> None:
    require("pdffonts")
    for path in both(printed):
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = [line.split() for line in listing.splitlines()[2:]]
        assert rows and all(row[-5] == "yes" and row[-4] == "yes" for row in rows), listing
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for font in page.obj.Resources.get("/Font", {}).values():
                    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    described = descendant.FontDescriptor
                    assert any(key in described for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _all_rgb(pdf: pikepdf.Pdf) -> list[str]:
    """Every RGB thing in the file, page by page and over all its objects (declared but unused ones too)."""
    found = [f"page {n}: {what}" for n, what in rgb_by_page(pdf).items()]
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image" and is_rgb_space(obj.get("/ColorSpace")):
            found.append(f"image {obj.objgen}")
        if isinstance(obj, pikepdf.Stream) and "/N" in obj and int(obj.N) == 3:
            found.append(f"ICC profile with 3 components {obj.objgen}")
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for value in obj.values():
                if isinstance(value, pikepdf.Name) and str(value) == "/DeviceRGB":
                    found.append(f"DeviceRGB in {obj.objgen}")
    return found


def test_no_rgb_operator_space_or_image_in_the_print_files(printed: tuple[Path, str]) -> None:
    for path in both(printed):
        with pikepdf.open(path) as pdf:
            assert _all_rgb(pdf) == [], path.name
            for page in pdf.pages:
                for image in page.get_images().values():  # no bitmap today; any one must be CMYK or grey
                    assert pikepdf.PdfImage(image).mode in ("CMYK", "L", "1")


def test_the_rgb_walk_finds_the_rgb_of_the_screen_pdfs(built: Path) -> None:
    """The same walk on today's screen PDFs: RGB on every page, so the test above can fail."""
    for name in ("projet-de-territoire.pdf", "tableaux-synoptiques.pdf"):
        with pikepdf.open(built / name) as pdf:
            findings = rgb_by_page(pdf)
            assert len(findings) == len(pdf.pages), name
            assert any("opérateur rg" in what for found in findings.values() for what in found)
            assert _all_rgb(pdf)


def _ghostscript(path: Path, *options: str) -> list[list[float]]:
    gs = require("gs")
    command = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-r36", *options, "-o", "-", str(path)]
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()
    return [[float(v) for v in line.split()[:4]] for line in lines if line.strip().endswith("OK")]


def test_inks_separated_by_ghostscript(printed: tuple[Path, str]) -> None:
    """Ghostscript separates each page: within 300 % of ink everywhere, and the body text in black ink only."""
    for path in both(printed):
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
        averages = _ghostscript(path, "-sDEVICE=ink_cov")  # per cent of ink, averaged over the page
        assert len(averages) == count and all(sum(page) <= 300 for page in averages)
        raster = path.parent / f"{path.stem}-%03d.tif"
        require("gs")
        subprocess.run(
            ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", "-r20", "-dUseBleedBox",
             "-o", str(raster), str(path)],
            check=True,
        )  # fmt: skip
        for number in range(1, count + 1):
            image = Image.open(str(raster).replace("%03d", f"{number:03d}"))
            heaviest = max(sum(pixel) for pixel in image.get_flattened_data()) * 100 / 255  # type: ignore[attr-defined]
            assert heaviest <= 300, f"{path.name} page {number}: {heaviest:.0f} % of ink"
        # The text alone (shapes and images filtered out), on the programme pages: the body text is black ink
        # only; what little cyan, magenta or yellow remains comes from the axis-coloured labels.
        text = _ghostscript(path, "-sDEVICE=inkcov", "-dFILTERVECTOR", "-dFILTERIMAGE")
        body = text[6:-1] if path.name.startswith("projet") else text[1:]
        assert body
        for c, m, y, k in body:
            assert k > 0.03 and max(c, m, y) < 0.15 * k, (path.name, c, m, y, k)


def test_rich_black_would_show_in_the_text_inks() -> None:
    """The text colour is pure K; straight through the profile it would be a rich black (the test above would
    then find as much cyan, magenta and yellow as black in the text)."""
    from PIL import ImageCms

    theme = load_theme(ROOT / "assets")
    assert theme.profil_impression is not None
    assert Separation(theme, Path("/nonexistent")).ink(theme.texte) == PURE_BLACK
    srgb, cmyk = ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(theme.profil_impression))
    transform = ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK")
    rgb = tuple(int(theme.texte[i : i + 2], 16) for i in (1, 3, 5))
    c, m, y, k = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), transform).getpixel((0, 0))  # type: ignore[union-attr]
    assert min(c, m, y) > 0.3 * 255 and k > 0.4 * 255


def _render(path: Path, page: int, *options: str) -> Image.Image:
    require("pdftoppm")
    prefix = path.parent / f"render-{page}{'-crop' if options else ''}"
    subprocess.run(
        ["pdftoppm", "-r", "72", "-png", "-f", str(page), "-l", str(page), *options, str(path), str(prefix)],
        check=True,
    )
    return Image.open(next(path.parent.glob(f"{prefix.name}-*.png"))).convert("RGB")


@pytest.mark.parametrize("options", [(), ("-cropbox",)])
def test_backgrounds_reach_the_bleed_edge_and_crop_marks_are_drawn(printed: tuple[Path, str], options: tuple) -> None:
    path = printed[0] / BROCHURE
    with pikepdf.open(path) as pdf:
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
    out = trim[0] - media[0]  # points (= pixels at 72 dpi) from the media edge to the trim edge
    bleed_edge = round(out - BLEED) + 1  # one pixel inside the bleed
    white = (255, 255, 255)
    for page, places in {
        1: ["left", "top", "bottom", "right"],  # cover: bands, light background, navy panel
        7: ["left"],  # first axis page: the axis band
        16: ["bottom", "left", "right", "top"],  # back cover: light background and bands
    }.items():
        image = _render(path, page, *options)
        width, height = image.size
        middle_x, middle_y = width // 2, height // 2
        spots = {
            "left": (bleed_edge, middle_y),
            "right": (width - 1 - bleed_edge, middle_y),
            "top": (middle_x if page != 7 else 40, bleed_edge),
            "bottom": (middle_x, height - 1 - bleed_edge),
        }
        for place in places:
            assert image.getpixel(spots[place]) != white, f"page {page}: no background at the {place} bleed edge"
        # Outside the bleed it is white, but for the crop marks on the prolonged trim lines.
        assert image.getpixel((bleed_edge - 6, 4)) == white
        mark_x = round(out - BLEED - 3 * MM)  # on the horizontal mark of the top-left corner
        assert image.getpixel((mark_x, round(out))) != white or image.getpixel((mark_x, round(out) - 1)) != white
        assert max(image.getpixel((round(out) + dx, 4)) != white for dx in (-1, 0, 1)), "vertical crop mark"


def test_text_keeps_a_5_mm_safety_margin_inside_the_trim(printed: tuple[Path, str]) -> None:
    require("pdftotext")
    xhtml = {"x": "http://www.w3.org/1999/xhtml"}
    for path in both(printed):
        with pikepdf.open(path) as pdf:
            boxes = [([float(v) for v in p.obj.MediaBox], [float(v) for v in p.obj.TrimBox]) for p in pdf.pages]
        layout = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True)
        root = ET.fromstring(layout.stdout)
        for (media, trim), page in zip(boxes, root.iterfind(".//x:page", xhtml), strict=True):
            # pdftotext measures from the media box's top-left corner
            left, right = trim[0] - media[0] + 5 * MM, trim[2] - media[0] - 5 * MM
            top, bottom = media[3] - trim[3] + 5 * MM, media[3] - trim[1] - 5 * MM
            for word in page.iterfind(".//x:word", xhtml):
                x0, y0, x1, y1 = (float(word.get(k, "0")) for k in ("xMin", "yMin", "xMax", "yMax"))
                assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, (path.name, word.text)


def test_same_sources_same_bytes(printed: tuple[Path, str], tmp_path: Path) -> None:
    result = run_build("imprimeur", "--force", output=tmp_path)
    assert result.returncode == 0, result.stderr
    for name in (BROCHURE, TABLES):
        assert (tmp_path / name).read_bytes() == (printed[0] / name).read_bytes(), name


def test_hand_set_values_and_the_cache(tmp_path: Path) -> None:
    theme = load_theme(ROOT / "assets")
    hand_set = type(theme)(**{**{f: getattr(theme, f) for f in theme.__slots__}, "cmjn": {"#E63946": (0, 90, 70, 0)}})
    assert Separation(hand_set, tmp_path).ink("#e63946") == Ink(0, 90, 70, 0)
    first = Separation(theme, tmp_path)
    navy = first.ink(theme.principale)
    assert navy.total <= 300 and min(navy.c, navy.m, navy.k) > 0
    first.save()
    again = Separation(theme, tmp_path)
    assert again.ink(theme.principale) == navy and again._profile is None, "read from the cache, no transform"


def test_theme_errors_are_french_and_located(tmp_path: Path) -> None:
    from territoire.errors import ContentError

    assets = tmp_path / "assets"
    subprocess.run(["cp", "-r", str(ROOT / "assets"), str(assets)], check=True)
    theme_file = assets / "theme.yaml"
    source = theme_file.read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.strip().startswith("profil:"))
    cases = {
        source.replace("cmjn: {}", 'cmjn: {"#E63946": [0, 90, 170]}'): "quatre valeurs de 0 à 100",
        source.replace("cmjn: {}", 'cmjn: {"rouge": [0, 90, 70, 0]}'): "couleur attendue au format #RRGGBB",
        source.replace("FOGRA39L-couche-tac300.icc", "absent.icc"): f"theme.yaml:{line}:.*fichier introuvable",
        source.replace("profils/FOGRA39L-couche-tac300.icc", "fonts/Lato-Bold.ttf"): "pas un profil ICC CMJN",
        source.replace("profils/FOGRA39L-couche-tac300.icc", "../../etc/hostname"): "hors du dossier assets/",
    }
    for text, message in cases.items():
        theme_file.write_text(text, encoding="utf-8")
        with pytest.raises(ContentError) as caught:
            load_theme(assets)
        assert re.search(message, caught.value.report()), caught.value.report()


def test_the_printers_profile_named_as_the_readme_says(tmp_path: Path) -> None:
    """« Copiez-le dans assets/profils/ et indiquez son nom » : its bare name is found in assets/profils/."""
    assets = tmp_path / "assets"
    subprocess.run(["cp", "-r", str(ROOT / "assets"), str(assets)], check=True)
    shutil.copy(assets / "profils" / "FOGRA39L-couche-tac300.icc", assets / "profils" / "imprimeur-dupont.icc")
    theme_file = assets / "theme.yaml"
    source = theme_file.read_text(encoding="utf-8")
    theme_file.write_text(source.replace("profils/FOGRA39L-couche-tac300.icc", "imprimeur-dupont.icc"), "utf-8")
    assert load_theme(assets).profil_impression == assets / "profils" / "imprimeur-dupont.icc"


def test_the_rgb_walk_reaches_inline_images_forms_and_their_images() -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    icc_rgb = pdf.make_stream(b"\0" * 16, N=3)
    image = pdf.make_stream(b"\0\0\0", Type="/XObject", Subtype="/Image", Width=1, Height=1, BitsPerComponent=8,
                            ColorSpace=pikepdf.Array([pikepdf.Name.ICCBased, icc_rgb]))  # fmt: skip
    form = pdf.make_stream(b"0 0 1 RG /Im0 Do", Type="/XObject", Subtype="/Form", BBox=[0, 0, 1, 1],
                           Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image)))  # fmt: skip
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=form))
    page.obj.Contents = pdf.make_stream(b"BI /W 1 /H 1 /CS /RGB /BPC 8 ID \0\0\0 EI /Fm0 Do 0 0 0 1 k")
    assert rgb_by_page(pdf) == {1: ["image RVB ×2", "opérateur RG ×1"]}
