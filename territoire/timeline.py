"""Geometry of the démarche timeline, shared by the PDF (SVG) and the deck (native shapes): dates to scale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Moment, Timeline
from .typography import month_name


@dataclass(frozen=True, slots=True)
class Scale:
    """Maps dates linearly onto [0, 1] over the whole timeline (first day of the first month to the last day)."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, timeline: Timeline) -> Scale:
        return cls(timeline.debut, timeline.fin + dt.timedelta(days=1))

    def at(self, day: dt.date) -> float:
        return (day - self.start).days / (self.end - self.start).days

    def span(self, start: Moment, end: Moment) -> tuple[float, float]:
        """Left and right fractions covering `start` .. `end` inclusive."""
        return self.at(start.first_day), self.at(end.last_day + dt.timedelta(days=1))

    def point(self, moment: Moment) -> float:
        """Fraction at the middle of a day, or the middle of a month given as a month."""
        left, right = self.span(moment, moment)
        return (left + right) / 2

    def months(self) -> Iterator[tuple[int, int, float, float]]:
        """(year, month, left, right) for every month the timeline covers, for the scale ticks."""
        year, month = self.start.year, self.start.month
        while dt.date(year, month, 1) < self.end:
            left, right = self.span(Moment(year, month), Moment(year, month))
            yield year, month, left, right
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def month_abbreviation(month: int) -> str:
    """« janv. », « févr. », « mai »… as French typography abbreviates months."""
    name = month_name(month)
    short = {
        "janvier": "janv.",
        "février": "févr.",
        "avril": "avr.",
        "juillet": "juil.",
        "septembre": "sept.",
        "octobre": "oct.",
        "novembre": "nov.",
        "décembre": "déc.",
    }
    return short.get(name, name)
