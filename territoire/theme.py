"""The shared visual theme (colours per axis, fonts, logo) read from assets/theme.yaml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    profil_impression: Path | None = None
    """ICC CMYK profile of the printing paper (assets/theme.yaml, impression.profil), for `build.py imprimeur`."""
    cmjn: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    """Hand-set CMYK values (0-100) keyed by the upper-case hex colour they replace in the print files."""

    def axis_colour(self, index: int) -> str:
        """Colour of the axis at 0-based position `index`."""
        return self.axes[index % len(self.axes)]


def mix(colour: str, amount: float, towards: int = 255) -> str:
    """`colour` (#RRGGBB) mixed with white, or with black when towards=0: amount 0 = unchanged, 1 = white."""
    rgb = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (towards - c) * amount):02X}" for c in rgb)


def _print_settings(assets: Path, section: dict[str, Any]) -> dict[str, Any]:
    """The `impression` section: the paper's ICC profile and the hand-set CMYK values, checked."""
    hand_set = {}
    for colour, values in (section.get("cmjn") or {}).items():
        inks = tuple(float(v) for v in values)
        if len(inks) != 4 or not all(0 <= v <= 100 for v in inks):
            raise ValueError(
                f"impression.cmjn.{colour} : quatre valeurs de 0 à 100 attendues (C, M, J, N), reçu {values}"
            )
        hand_set[str(colour).upper()] = inks
    profile = section.get("profil")
    return {"profil_impression": assets / str(profile) if profile else None, "cmjn": hand_set}


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
            **_print_settings(assets, data.get("impression") or {}),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ContentError([Problem(Location(label), f"thème illisible ({exc})")]) from None
    profile = (theme.profil_impression,) if theme.profil_impression else ()
    missing = [p for p in (*theme.fonts.values(), theme.logo, *profile) if not p.is_file()]
    if missing or not theme.axes:
        raise ContentError(
            [Problem(Location(label), f"fichier du thème introuvable : {p}") for p in missing]
            or [Problem(Location(label), "au moins une couleur d'axe est nécessaire")]
        )
    return theme
