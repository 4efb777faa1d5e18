"""Colour arithmetic for the deck: shades of the theme colours dark enough for white text."""

from __future__ import annotations

from ..theme import mix


def readable(colour: str) -> str:
    """The colour, darkened just enough for small white text on it (the footer) to reach WCAG's 4.5:1."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    shade = colour
    for step in range(20):
        shade = mix(colour, step / 20, towards=0)
        if 1.05 / (luminance(shade) + 0.05) >= 4.5:
            break
    return shade
