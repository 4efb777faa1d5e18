"""Dates as office suites write them, made real: local wall-clock time, as the team reads it."""

from __future__ import annotations

import datetime as dt

TIMEZONE = "Europe/Paris"


def office_date(written: str, utc: str = "") -> dt.datetime | None:
    """A naive local datetime. Word writes local time followed by a « Z » (w:date), and the true UTC time in
    w16du:dateUtc when present; LibreOffice writes local time, without zone."""
    if utc:
        moment = _parse(utc)
        if moment is not None:
            from zoneinfo import ZoneInfo

            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            return moment.astimezone(ZoneInfo(TIMEZONE)).replace(tzinfo=None, microsecond=0)
    moment = _parse(written)
    return moment.replace(tzinfo=None, microsecond=0) if moment is not None else None


def _parse(text: str) -> dt.datetime | None:
    text = text.strip()
    if not text:
        return None
    if "." in text:  # LibreOffice writes nanoseconds, more than fromisoformat takes
        head, _, tail = text.partition(".")
        digits = "".join(c for c in tail if c.isdigit())
        zone = tail[len(digits) :]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None
