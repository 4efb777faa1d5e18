"""The logo as PNG for Office formats (which cannot show SVG), rasterised once per logo and size."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from .theme import Theme


def logo_png(theme: Theme, cache_dir: Path, width: int = 800) -> bytes:
    """PNG of assets/logo.svg at `width` pixels, cached by content so only a new logo pays cairosvg's import."""
    svg = theme.confined_logo().read_bytes()
    key = hashlib.sha256(svg + str(width).encode()).hexdigest()[:20]
    cached = cache_dir / f"logo-{key}.png"
    if cached.is_file():
        return cached.read_bytes()
    from . import nativelibs

    cairosvg = nativelibs.load("cairosvg")  # heavy import, only when the logo changed

    png = cairosvg.svg2png(bytestring=svg, output_width=width)
    from .atomic import write_cache

    write_cache(cached, png, "logo-*.png")
    return png


def logo_data_uri(theme: Theme) -> str:
    """The checked SVG logo as a data: URI, for pages that embed it as an image (scripts never run in an <img>)."""
    return "data:image/svg+xml;base64," + base64.b64encode(theme.confined_logo().read_bytes()).decode("ascii")
