"""Colour arithmetic for the deck: shades of the theme colours dark enough for white text."""

from __future__ import annotations

from ..theme import MIN_CONTRAST, contrast, mix


def readable(colour: str) -> str:
    """The colour, darkened just enough for small white text on it (the footer) to reach WCAG's 4.5:1."""

    shade = colour
    for step in range(20):
        shade = mix(colour, step / 20, towards=0)
        if contrast(shade, "#FFFFFF") >= MIN_CONTRAST:
            break
    return shade
