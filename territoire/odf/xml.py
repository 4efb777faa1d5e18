"""ODF XML as text: escaped runs (tabs, line breaks, repeated spaces), paragraphs, spans, bookmarks, lengths."""

from __future__ import annotations

import re
from html import escape as _html_escape

_SPACES = re.compile(r"  +")


_ATTR_BLANKS = str.maketrans({"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape(text: str) -> str:
    """Text content escaped for XML (xml.sax.saxutils would cost every command 18 ms of urllib imports)."""
    return _html_escape(text, quote=False)


def attr(value: str) -> str:
    """A quoted, escaped attribute value (blanks kept as character references, as XML normalises them)."""
    return '"' + _html_escape(value, quote=True).translate(_ATTR_BLANKS) + '"'


def style_name(display: str) -> str:
    """The internal name LibreOffice gives a style named `display`: « List Bullet » -> « List_20_Bullet »."""
    return "".join(c if c.isalnum() or c in "-." else f"_{ord(c):x}_" for c in display)


def runs(text: str) -> str:
    """Text as ODF paragraph content: « \\t » a tab, « \\n » a line break, repeated spaces kept (text:s)."""
    out = []
    for index, line in enumerate(text.split("\n")):
        if index:
            out.append("<text:line-break/>")
        for position, piece in enumerate(line.split("\t")):
            if position:
                out.append("<text:tab/>")
            piece = escape(piece)
            piece = _SPACES.sub(lambda m: f' <text:s text:c="{len(m.group(0)) - 1}"/>', piece)
            if piece.startswith(" "):
                piece = "<text:s/>" + piece[1:]
            out.append(piece)
    return "".join(out)


def span(text: str, style: str = "") -> str:
    return f"<text:span text:style-name={attr(style)}>{runs(text)}</text:span>" if style else runs(text)


def bookmark(name: str) -> str:
    """A point bookmark (text:bookmark), as the returns reader looks them up."""
    return f"<text:bookmark text:name={attr(name)}/>"


def paragraph(style: str, inner: str = "") -> str:
    return f"<text:p text:style-name={attr(style)}>{inner}</text:p>"


def heading(style: str, level: int, inner: str) -> str:
    return f'<text:h text:style-name={attr(style)} text:outline-level="{level}">{inner}</text:h>'


def cm(points: float) -> str:
    """A length in centimetres (what LibreOffice shows) from points."""
    return f"{points * 2.54 / 72:.3f}cm"
