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
    discret: str  # discreet text (action IDs): discreet by size and weight, never by low contrast
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


def _backgrounds(colour: str, theme: Theme) -> tuple[str, ...]:
    return ("#FFFFFF", theme.fond_clair, mix(colour, 0.9))  # paper, light panels, the colour's own tint


def _too_light(theme: Theme) -> list[str]:
    """French messages for the theme colours below MIN_CONTRAST against white, the light panels or their tint."""
    named = {"principale": theme.principale, "accent": theme.accent, "texte": theme.texte, "discret": theme.discret}
    named |= {f"axes[{i + 1}]": c for i, c in enumerate(theme.axes)}
    messages = []
    for name, colour in named.items():
        worst = min(contrast(colour, b) for b in _backgrounds(colour, theme))
        if worst < MIN_CONTRAST:
            shades = (mix(colour, step / 100, towards=0) for step in range(101))
            darker = next(c for c in shades if min(contrast(c, b) for b in _backgrounds(c, theme)) >= MIN_CONTRAST)
            ratio = f"{worst:.2f}".replace(".", ",")
            messages.append(
                f"couleur « {name} » trop claire ({colour}) : contraste {ratio}:1 avec le blanc ou le fond clair, "
                f"il en faut 4,5:1 pour un texte lisible (par exemple {darker}, un peu plus foncée)"
            )
    return messages


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
            discret=colours.get("discret", "#5B6573"),
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
    too_light = _too_light(theme)
    if too_light:
        raise ContentError([Problem(Location(label), message) for message in too_light])
    return theme
