"""The shared visual theme (colours per axis, fonts, logo) read from assets/theme.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, Location, Problem


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

    def axis_colour(self, index: int) -> str:
        """Colour of the axis at 0-based position `index`."""
        return self.axes[index % len(self.axes)]


def mix(colour: str, amount: float, towards: int = 255) -> str:
    """`colour` (#RRGGBB) mixed with white, or with black when towards=0: amount 0 = unchanged, 1 = white."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (towards - c) * amount):02X}" for c in rgb)


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """`colour`, darkened just enough to be read on `background` as normal text (WCAG AA: 4.5)."""
    amount = 0.0
    while contrast(mix(colour, amount, towards=0), background) < ratio and amount < 1:
        amount += 0.02
    return mix(colour, amount, towards=0)


def load_theme(assets: Path) -> Theme:
    import yaml

    path = assets / "theme.yaml"
    label = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        colours, fonts = data["couleurs"], data["polices"]
        theme = Theme(
            assets=assets,
            principale=colours["principale"],
            accent=colours["accent"],
            texte=colours["texte"],
            fond_clair=colours["fond_clair"],
            axes=tuple(colours["axes"]),
            police_texte=fonts["texte"],
            police_titres=fonts["titres"],
            fonts={k: assets / v for k, v in fonts["fichiers"].items()},
            logo=assets / data["logo"],
            logo_alt=str(data["logo_alt"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise ContentError([Problem(Location(label), f"thème illisible ({exc})")]) from None
    missing = [p for p in (*theme.fonts.values(), theme.logo) if not p.is_file()]
    if missing or not theme.axes:
        raise ContentError(
            [Problem(Location(label), f"fichier du thème introuvable : {p}") for p in missing]
            or [Problem(Location(label), "au moins une couleur d'axe est nécessaire")]
        )
    return theme
