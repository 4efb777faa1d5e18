"""The shared visual theme (colours per axis, fonts, logo) read from assets/theme.yaml like the content:
every problem located, reported together, in French."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import confined
from .errors import ContentError, Location, Problem

if TYPE_CHECKING:
    import yaml

    from .reader import Context, MapView

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
FONT_KEYS = ("normal", "italique", "gras", "noir")
DISCREET = "#5B6573"  # the grey of action IDs when the theme names none


@dataclass(frozen=True, slots=True)
class Theme:
    assets: Path
    principale: str
    accent: str
    texte: str
    fond_clair: str
    axes: tuple[str, ...]
    police_texte: str
    police_titres: str
    fonts: dict[str, Path]
    logo: Path
    logo_alt: str
    profil_impression: Path | None = None
    """ICC CMYK profile of the printing paper (impression › profil), for `build.py imprimeur`."""
    cmjn: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    """Hand-set CMYK values (0-100) keyed by the upper-case #RRGGBB colour they replace in the print files."""
    discret: str = DISCREET  # discreet text (action IDs): discreet by size and weight, never by low contrast

    def axis_colour(self, index: int) -> str:
        """Colour of the axis at 0-based position `index`."""
        return self.axes[index % len(self.axes)]

    def confined_fonts(self) -> dict[str, Path]:
        """The font files, each refused unless it lies in assets/."""
        return {key: confined.inside(path, self.assets) for key, path in self.fonts.items()}

    def confined_logo(self) -> Path:
        """The logo file, refused unless it lies in assets/."""
        return confined.inside(self.logo, self.assets)


def mix(colour: str, amount: float, towards: int = 255) -> str:
    """`colour` (#RRGGBB) mixed with white, or with black when towards=0: amount 0 = unchanged, 1 = white."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (towards - c) * amount):02X}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #RRGGBB colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours, 1 to 21."""
    high, low = sorted((luminance(colour), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


MIN_CONTRAST = 4.5
"""WCAG 1.4.3 for normal text: every theme colour is text on white or light paper, or the ground of white text."""


def _worst(colour: str, light: str) -> float:
    """The lowest contrast of `colour` with the paper, the light panels and its own tint."""
    return min(contrast(colour, ground) for ground in ("#FFFFFF", light, mix(colour, 0.9)))


def too_light(colour: str, light: str) -> str | None:
    """The French problem with a theme colour below MIN_CONTRAST, proposing a darker shade; None if it is fine."""
    worst = _worst(colour, light)
    if worst >= MIN_CONTRAST:
        return None
    shades = (mix(colour, n / 100, towards=0) for n in range(101))
    darker = next((s for s in shades if _worst(s, light) >= MIN_CONTRAST), "#000000")
    ratio = f"{worst:.2f}".replace(".", ",")
    return (
        f"couleur trop claire ({colour}) : contraste {ratio}:1 avec le blanc ou le fond clair, il en faut 4,5:1 "
        f"pour un texte lisible (par exemple {darker}, un peu plus foncée)"
    )


def readable(colour: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """`colour`, darkened just enough to be read on `background` as normal text (WCAG AA: 4.5)."""
    amount = 0.0
    while contrast(mix(colour, amount, towards=0), background) < ratio and amount < 1:
        amount += 0.02
    return mix(colour, amount, towards=0)


def read_theme(assets: Path) -> tuple[Theme | None, list[Problem]]:
    """assets/theme.yaml checked like the content, its fonts and logo included: (theme or None, problems)."""
    from .reader import Context, MapView
    from .yamlsource import read_yaml

    path = assets / "theme.yaml"
    label = confined.label_for(path)
    if not path.is_file():
        return None, [Problem(Location(label), "fichier du thème manquant")]
    if confined.outside(path, assets):
        return None, [Problem(Location(label), "fichier refusé : un lien vers un fichier hors du dossier assets/")]
    node, problems = read_yaml(label, path.read_bytes())
    if node is None:
        return None, problems
    ctx = Context(label, problems)
    view = MapView(ctx, node, "thème", "theme")
    if not view.ok:
        return None, problems
    colours = view.sub("couleurs", "couleurs", "couleurs")
    fonts = view.sub("polices", "polices", "polices")
    files = fonts.sub("fichiers", "fichiers", "polices › fichiers") if fonts and fonts.ok else None
    palette = {k: _colour(ctx, colours, k) for k in ("principale", "accent", "texte", "fond_clair")} if colours else {}
    axes = _axis_colours(ctx, colours) if colours and colours.ok else ()
    font_paths = {k: _file(ctx, files, k, assets, "police") for k in FONT_KEYS} if files and files.ok else {}
    logo = _file(ctx, view, "logo", assets, "logo")
    alt = view.text("logo_alt")
    families = (fonts.text("texte"), fonts.text("titres")) if fonts and fonts.ok else ("", "")
    from .cmyk import read_print_settings

    printing = read_print_settings(ctx, view, assets)
    if problems or not colours or not colours.ok or logo is None or None in font_paths.values():
        return None, problems or [Problem(Location(label), "thème incomplet")]
    discret = _colour(ctx, colours, "discret") if colours.has("discret") else DISCREET
    for key, colour in (*((k, palette[k]) for k in ("principale", "accent", "texte")), ("discret", discret)):
        if colour and (problem := too_light(colour, palette["fond_clair"])):
            ctx.error(colours.values.get(key), f"couleurs › {key}", problem)
    for number, (item, colour) in enumerate(zip(colours.items("axes"), axes, strict=False), 1):
        if colour and (problem := too_light(colour, palette["fond_clair"])):
            ctx.error(item, f"couleurs › axes, couleur {number}", problem)
    if problems:
        return None, problems
    theme = Theme(assets, palette["principale"], palette["accent"], palette["texte"], palette["fond_clair"], axes,
                  families[0], families[1], {k: p for k, p in font_paths.items() if p}, logo, alt, discret=discret,
                  **printing)  # fmt: skip
    return theme, []


def load_theme(assets: Path) -> Theme:
    """The theme, or a ContentError listing every problem of assets/theme.yaml, its fonts and its logo."""
    theme, problems = read_theme(assets)
    if theme is None:
        raise ContentError(problems, "dans le thème")
    return theme


def _colour(ctx: Context, view: MapView, key: str, node: yaml.Node | None = None, place: str = "") -> str:
    """A #RRGGBB colour of `view` (or the list item `node`), upper-cased; "" after recording the problem."""
    import yaml

    node = node if node is not None else view.values.get(key)
    place = place or f"couleurs › {key}"
    if node is None:
        return ""  # « champ manquant », already reported by MapView
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if node.tag == "tag:yaml.org,2002:null":
        ctx.error(node, place, "couleur attendue au format #RRGGBB entre guillemets (sans guillemets, « # » "
                  "commence un commentaire), reçu : rien")  # fmt: skip
    elif not isinstance(value, str) or not _COLOUR.match(value.strip()):
        from .reader import quoted

        shown = quoted(value) if isinstance(value, str) else "une liste ou un dictionnaire"
        ctx.error(node, place, f"couleur attendue au format #RRGGBB, reçu {shown}")
    else:
        return value.strip().upper()
    return ""


def _axis_colours(ctx: Context, colours: MapView) -> tuple[str, ...]:
    """The non-empty list of axis colours."""
    items = colours.items("axes")
    return tuple(_colour(ctx, colours, "axes", item, f"couleurs › axes, couleur {n}") for n, item in
                 enumerate(items, 1))  # fmt: skip


def _file(ctx: Context, view: MapView, key: str, assets: Path, kind: str) -> Path | None:
    """A file named in the theme, relative to assets/: confined to it, present, and a usable font or logo."""
    from .assetcheck import font_problems, logo_problems

    written = view.text(key)
    if not written:
        return None
    node, place = view.values[key], f"{view.place} › {key}" if view.place != "thème" else key
    path = assets / written
    if confined.outside(path, assets):
        ctx.error(node, place, f"fichier refusé : « {written} » est hors du dossier assets/")
        return None
    if not path.is_file():
        ctx.error(node, place, f"fichier introuvable : {confined.label_for(path)}")
        return None
    if kind == "logo" and path.suffix.lower() != ".svg":
        ctx.error(node, place, f"le logo doit être un fichier SVG (.svg), reçu « {written} »")
        return None
    problems = font_problems(path) if kind == "police" else logo_problems(path)
    for message in problems:
        ctx.error(node, place, f"{confined.label_for(path)} : {message}")
    return None if problems else path
