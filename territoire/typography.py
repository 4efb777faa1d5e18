"""French typography in one place: every builder receives text already set by `typeset`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Moment, Plan

NBSP = "\u00a0"  # before « : », inside « »
NNBSP = "\u202f"  # narrow no-break space before ; ! ?

_URL = re.compile(r"(?:https?://|www\.|mailto:)\S+|\S+@\S+\.\w+")
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\.{3,}"), "…"),
    (re.compile(r"(?<=\w)'|'(?=\w)"), "’"),
    (re.compile(r"\b([Nn])[°º]\s*(?=\d)"), r"\1º" + NBSP),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
    # A colon is set off by a no-break space when it ends a word or a number (« 2017 : ») and is followed by
    # a space or the end (so « 10:30 » and « A7:A9 » are left alone).
    (re.compile(r"(?<=[^\s:])[ \u00a0\u202f]*:(?=\s|$)"), NBSP + ":"),
    (re.compile(r"(?<=\S)[ \u00a0\u202f]*([;!?])(?=\s|$|[»)])"), NNBSP + r"\1"),
    (re.compile(r"(?<=\d) (?=\d{3}\b)"), NNBSP),  # « 132 000 » never breaks across lines
    (re.compile(r"[ \t]{2,}"), " "),
)
_MASK = 0xE000
_FIELDS_AS_WRITTEN = frozenset({"id", "numero"})
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _set(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def fr(text: str) -> str:
    """Apply French typography to plain text, leaving URLs and e-mail addresses untouched."""
    urls = _URL.findall(text)
    # Each URL becomes one private-use character while the rules run, so its neighbours are still
    # seen (« adresse@ales.fr : » gets its no-break space) but its own characters are never touched.
    masked = _URL.sub(lambda m: chr(_MASK + urls.index(m.group(0))), text) if urls else text
    result = _set(masked).strip()
    for index, url in enumerate(urls):
        result = result.replace(chr(_MASK + index), url)
    return result


_UNDO: tuple[tuple[re.Pattern[str], str], ...] = (
    # Each pattern undoes one rule above only where that rule sets it again: a no-break space or an
    # apostrophe elsewhere was typed by someone and stays.
    (re.compile(r"(?<![.…])…(?![.…])"), "..."),
    (re.compile(r"(?<=\w)’|’(?=\w)"), "'"),
    (re.compile(r"\b([Nn])º\u00a0(?=\d)"), r"\1º "),
    (re.compile(r"«\u00a0"), "« "),
    (re.compile(r"\u00a0»"), " »"),
    (re.compile(r"(?<=\d)\u202f(?=\d{3}\b)"), " "),
)
_COLON = re.compile(r"(?<=[^\s\d:])\u00a0:(?=\s|$)")
_SIGN = re.compile(r"(?<=\S)\u202f([;!?])(?=\s|$|[»)])")
_SPACED = ((" :", r" \1"), (" :", r"\1"), (":", r" \1"), (":", r"\1"))
"""Authors type « a : b » and « a ; b »; where rules meet (« a :; ») a typed space would wake another rule."""


def untypeset(text: str) -> str:
    """What an author types for a typeset text (the inverse of `fr`): plain spaces where the rules put
    no-break ones, « ' » for « ’ », « ... » for « … ». Partners' returns go back into content/ this way.

    For t = fr(x), fr(untypeset(t)) == t: when rules meet, fewer spaces are typed, and at worst `t` stays."""
    urls = _URL.findall(text)
    masked = _URL.sub(lambda m: chr(_MASK + urls.index(m.group(0))), text) if urls else text
    for pattern, replacement in _UNDO:
        masked = pattern.sub(replacement, masked)
    for colon, sign in _SPACED:
        candidate = _SIGN.sub(sign, _COLON.sub(colon, masked))
        for index, url in enumerate(urls):
            candidate = candidate.replace(chr(_MASK + index), url)
        if fr(candidate) == text:  # `text` is typeset: fr gave it
            return candidate
    return text


def typeset(plan: Plan) -> Plan:
    """The same plan with every human-written text set in French typography."""
    from .model import KEEP, Moment, rebuild

    def visit(node: object, name: str) -> object:
        if name in _FIELDS_AS_WRITTEN or isinstance(node, Moment):
            return node
        if isinstance(node, str):
            return fr(node)
        return KEEP

    return rebuild(plan, visit)


def month_name(month: int) -> str:
    return _MONTHS[month - 1]


def format_moment(moment: Moment, with_year: bool = True) -> str:
    """« 23 mai 2018 », « octobre 2017 »."""
    day = f"{'1er' if moment.day == 1 else moment.day} " if moment.day else ""
    year = f" {moment.year}" if with_year else ""
    return f"{day}{month_name(moment.month)}{year}"


def format_span(start: Moment, end: Moment) -> str:
    """« juillet – septembre 2017 », « décembre 2017 – janvier 2018 », « 23 mai 2018 »."""
    if start == end:
        return format_moment(start)
    same_year = start.year == end.year
    return f"{format_moment(start, with_year=not same_year)}{NBSP}– {format_moment(end)}"
