"""The theme's colours as printing inks: sRGB hex -> CMYK through the paper's ICC profile (littleCMS), cached.

Three rules come before the profile: a hand-set value from assets/theme.yaml wins; the text colour is pure
black (0/0/0/100), never a rich black that would blur small letters when the plates are slightly off; and a
neutral grey is printed with black ink only, at the lightness the profile gives it, for the same reason.
Every other colour goes through the profile (relative colorimetric with black point compensation).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import confined
from .atomic import write_cache

if TYPE_CHECKING:
    from .reader import Context, MapView
    from .theme import Theme

RULES_VERSION = "2"
"""Bump when the conversion rules change: the cache of converted colours is keyed by it."""
NEUTRAL_CHROMA = 10.0
GREY_LIGHTNESS = 92.0
"""A colour below this CIELAB chroma and lightness counts as a grey (text, rules), printed with black ink only;
lighter near-neutrals are paper-like backgrounds whose warmth the profile keeps."""


@dataclass(frozen=True, slots=True)
class Ink:
    """One CMYK colour, each channel 0-100 (per cent of ink)."""

    c: float
    m: float
    y: float
    k: float

    @property
    def total(self) -> float:
        """Total ink coverage in per cent (what printers limit, 300 % for coated paper)."""
        return self.c + self.m + self.y + self.k

    def css(self) -> str:
        """The CSS Color 5 value WeasyPrint writes as a DeviceCMYK colour."""
        return "device-cmyk({})".format(" ".join(f"{v:g}%" for v in (self.c, self.m, self.y, self.k)))


PURE_BLACK = Ink(0, 0, 0, 100)


def _hex(colour: str) -> tuple[int, int, int]:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        raise ValueError(f"couleur hexadécimale attendue (#RRVVBB), reçu « {colour} »")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Profile:
    """littleCMS transforms for one CMYK profile, built only when a colour is missing from the cache."""

    def __init__(self, path: Path) -> None:
        from PIL import Image, ImageCms

        self.image = Image
        self.profile = ImageCms.getOpenProfile(str(path))
        if self.profile.profile.xcolor_space.strip() != "CMYK":
            raise ValueError(f"le profil d'impression {path.name} n'est pas un profil CMJN")
        srgb, lab = ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB")
        colorimetric = ImageCms.Intent.RELATIVE_COLORIMETRIC
        self.to_cmyk = ImageCms.buildTransform(
            srgb, self.profile, "RGB", "CMYK", colorimetric, flags=ImageCms.Flags.BLACKPOINTCOMPENSATION
        )
        self.rgb_to_lab = ImageCms.buildTransform(srgb, lab, "RGB", "LAB", colorimetric)
        self.cmyk_to_lab = ImageCms.buildTransform(self.profile, lab, "CMYK", "LAB", colorimetric)
        self.cms = ImageCms

    def _apply(self, transform: Any, mode: str, pixel: tuple[int, ...]) -> tuple[int, ...]:
        result = self.cms.applyTransform(self.image.new(mode, (1, 1), pixel), transform)
        value = result.getpixel((0, 0)) if result is not None else None  # None only for in-place transforms
        if not isinstance(value, tuple):
            raise ValueError(f"conversion de couleur impossible avec le profil ({mode})")
        return tuple(int(v) for v in value)

    def lightness(self, cmyk: tuple[int, ...]) -> float:
        return self._apply(self.cmyk_to_lab, "CMYK", cmyk)[0] * 100 / 255

    def ink(self, rgb: tuple[int, int, int]) -> Ink:
        lab = self._apply(self.rgb_to_lab, "RGB", rgb)
        lightness, a, b = lab[0] * 100 / 255, lab[1] - 128, lab[2] - 128
        if (a * a + b * b) ** 0.5 < NEUTRAL_CHROMA and lightness < GREY_LIGHTNESS:
            return self._grey(lightness)
        return Ink(*(round(v * 100 / 255) for v in self._apply(self.to_cmyk, "RGB", rgb)))

    def _grey(self, lightness: float) -> Ink:
        """The black-only tint whose printed lightness, through the profile, is closest to `lightness`."""
        best = min(range(101), key=lambda k: abs(self.lightness((0, 0, 0, round(k * 2.55))) - lightness))
        return Ink(0, 0, 0, best)


class Separation:
    """Converts the theme's colours for the paper of `theme.profil_impression`; each colour once, then cached
    (in memory, and in output/.cache/ keyed by the profile's bytes, so a rebuild never builds a transform)."""

    def __init__(self, theme: Theme, cache_dir: Path) -> None:
        if theme.profil_impression is None:
            raise ValueError("aucun profil d'impression dans assets/theme.yaml (clé impression.profil)")
        self.theme = theme
        self.profile_path = theme.profil_impression
        profile = confined.read_bytes(self.profile_path, theme.assets)
        key = hashlib.sha256(profile + RULES_VERSION.encode()).hexdigest()[:20]
        self._cache_file = cache_dir / f"cmjn-{key}.json"
        self._profile: _Profile | None = None
        self._inks = self._stored_inks()
        self._stored = len(self._inks)

    def _stored_inks(self) -> dict[str, Ink]:
        try:
            stored = json.loads(self._cache_file.read_text(encoding="utf-8"))
            return {str(k): Ink(*map(float, v)) for k, v in stored.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def ink(self, colour: str) -> Ink:
        """CMYK of a #hex colour: hand-set value, pure black text, black-only grey, or through the profile."""
        rgb = _hex(colour)
        name = "#{:02X}{:02X}{:02X}".format(*rgb)
        if name in self.theme.cmjn:
            return Ink(*self.theme.cmjn[name])
        if name == _canonical(self.theme.texte):
            return PURE_BLACK
        if name not in self._inks:
            if self._profile is None:
                self._profile = _Profile(confined.inside(self.profile_path, self.theme.assets))
            self._inks[name] = self._profile.ink(rgb)
        return self._inks[name]

    def css(self, colour: str) -> str:
        return self.ink(colour).css()

    def save(self) -> None:
        """Keep the colours converted by this build for the next one (only when some were new), with those
        another render of the same build stored meanwhile (the two print files render side by side)."""
        if len(self._inks) > self._stored:
            inks = {**self._stored_inks(), **self._inks}
            data = {k: [v.c, v.m, v.y, v.k] for k, v in sorted(inks.items())}
            write_cache(self._cache_file, json.dumps(data, indent=0).encode(), "cmjn-*.json")
            self._stored = len(self._inks)


def _canonical(colour: str) -> str:
    return "#{:02X}{:02X}{:02X}".format(*_hex(colour))


PROFILES = "profils"
"""The folder of assets/ where the profiles live: a profile named without it is looked for there too."""

_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _is_cmyk_profile(path: Path) -> bool:
    """An ICC profile (« acsp » signature) whose device colour space is CMYK, read from its 128-byte header."""
    with path.open("rb") as handle:
        header = handle.read(128)
    return len(header) == 128 and header[36:40] == b"acsp" and header[16:20] == b"CMYK"


def read_print_settings(ctx: Context, view: MapView, assets: Path) -> dict[str, Any]:
    """The `impression` section of assets/theme.yaml, every problem located: the paper's ICC profile (a CMYK
    profile in assets/) and the hand-set CMYK values. Keyword arguments of Theme."""
    import yaml

    printing = view.sub("impression", "impression", "impression")
    if printing is None or not printing.ok:
        return {}
    settings: dict[str, Any] = {}
    written = printing.text("profil") if printing.has("profil") else ""
    if written:
        node, place, path = printing.values["profil"], "impression › profil", assets / written
        if not path.is_file() and (assets / PROFILES / written).is_file():
            path = assets / PROFILES / written  # the README says « copy it into assets/profils/, give its name »
        if confined.outside(path, assets):
            ctx.error(node, place, f"fichier refusé : « {written} » est hors du dossier assets/")
        elif not path.is_file():
            ctx.error(node, place, f"fichier introuvable : {confined.label_for(path)}")
        elif not _is_cmyk_profile(path):
            ctx.error(node, place, f"{confined.label_for(path)} : ce n'est pas un profil ICC CMJN")
        else:
            settings["profil_impression"] = path
    values = printing.values.get("cmjn")
    if values is None or values.tag == "tag:yaml.org,2002:null":
        return settings
    if not isinstance(values, yaml.MappingNode):
        ctx.error(values, "impression › cmjn", 'attendu : un dictionnaire « "#RRGGBB": [C, M, J, N] »')
        return settings
    hand_set = {}
    for key_node, value_node in values.value:
        colour = str(key_node.value).strip() if isinstance(key_node, yaml.ScalarNode) else ""
        place = f"impression › cmjn › {colour}"
        if not _HEX_COLOUR.match(colour):
            ctx.error(key_node, "impression › cmjn", f"couleur attendue au format #RRGGBB, reçu « {colour} »")
            continue
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else []
        try:
            inks = tuple(float(item.value) for item in items)
        except (TypeError, ValueError):
            inks = ()
        if len(inks) != 4 or not all(0 <= v <= 100 for v in inks):
            ctx.error(value_node, place, "quatre valeurs de 0 à 100 attendues (C, M, J, N)")
            continue
        hand_set[colour.upper()] = inks
    settings["cmjn"] = hand_set
    return settings
