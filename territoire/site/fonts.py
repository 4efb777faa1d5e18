"""The theme's fonts for the web site: subset to the characters French text uses, as WOFF2, cached."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from ..atomic import write_cache
from ..project import Project, file_digest
from ..textfit import open_font
from ..theme import Theme

# Latin-1, Œ œ Ÿ, typographic dashes, quotes, bullet, ellipsis, narrow no-break space, guillemets, euro.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x100),
    0x152,
    0x153,
    0x178,
    *range(0x2010, 0x2028),
    0x202F,
    *range(0x2030, 0x203B),
    0x20AC,
]
FACES = (("normal", 400, "normal"), ("gras", 700, "normal"), ("italique", 400, "italic"))
"""(theme font key, CSS weight, CSS style) of the faces the site uses."""


def web_fonts(theme: Theme, project: Project) -> dict[str, bytes]:
    """File name -> WOFF2 bytes of each face; a subset is made once per font file (fontTools, ~0.3 s each)."""
    fonts = {}
    confined = theme.confined_fonts()  # each refused unless it lies in assets/
    for key, _, _ in FACES:
        source = confined[key]
        digest = hashlib.sha256(file_digest(source) + repr(UNICODES).encode()).hexdigest()[:16]
        cached = project.cache / f"woff2-{source.stem}-{digest}.woff2"
        try:
            data = cached.read_bytes()
        except OSError:
            data = _subset(source)
            write_cache(cached, data, f"woff2-{source.stem}-*.woff2")
        fonts[f"{source.stem}.woff2"] = data
    return fonts


def _subset(source: Path) -> bytes:
    from fontTools import subset  # WOFF2 needs the brotli module (a dependency)

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "locl", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep the copyright and licence names the OFL asks to keep
    out = io.BytesIO()
    with open_font(source, lazy=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(out, reorderTables=False)
    return out.getvalue()
