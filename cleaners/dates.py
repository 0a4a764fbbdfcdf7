"""Publication times as Indonesian pages state them.

Pages give a time in up to three places that often disagree: structured data (JSON-LD,
``article:published_time``, ``content_PublishedDate``...), and the date line a reader sees
("Sabtu, 4 Mei 2024 | 10:15 WIB"). Structured times labelled ``Z`` or ``GMT`` are often the
local wall clock mislabelled, and naive ones carry no zone at all, so the visible line is
used to settle the zone and to check the structured value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime

ZONES = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
    "GMT": UTC,
    "UTC": UTC,
}
DEFAULT_ZONE = ZONES["WIB"]

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nop": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_VISIBLE = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<year>(?:19|20)\d\d)"
    r"(?:\s*[|,\-–]?\s*(?:pukul|jam|at)?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)"
    r"(?::[0-5]\d)?\s*(?P<zone>WIB|WITA|WIT|GMT|UTC)?)?",
    re.IGNORECASE,
)
_NUMERIC_VISIBLE = re.compile(
    r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>(?:19|20)\d\d)"
    r"(?:\s*[,|\-]?\s*(?:pukul|jam|at)?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)"
    r"\s*(?P<zone>WIB|WITA|WIT|GMT|UTC)?)?",
    re.IGNORECASE,
)
_ISO_LIKE = re.compile(
    r"(?P<year>(?:19|20)\d\d)[-/](?P<month>\d\d)[-/](?P<day>\d\d)"
    r"(?:[T ](?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d)(?:\.\d+)?)?"
    r"\s*(?P<offset>Z|GMT|UTC|[+-]\d\d:?\d\d)?)?"
)


@dataclass(frozen=True)
class Stamp:
    """A moment as one source states it: wall-clock time plus the zone if it said one."""

    day: date
    clock: time | None = None
    zone: timezone | None = None
    utc_labelled: bool = False  # the source said Z/GMT/UTC, which may be a wrong label

    @property
    def wall(self) -> datetime | None:
        return datetime.combine(self.day, self.clock) if self.clock else None

    def iso(self, zone: timezone | None = None) -> str:
        if self.clock is None:
            return self.day.isoformat()
        return self.wall.replace(tzinfo=zone or self.zone or DEFAULT_ZONE).isoformat()


def parse_visible(text: str) -> Stamp | None:
    """The first Indonesian-style date (and time, and zone) in a line of text."""
    for pattern, numeric in ((_VISIBLE, False), (_NUMERIC_VISIBLE, True)):
        match = pattern.search(text)
        if not match:
            continue
        month = int(match["month"]) if numeric else MONTHS[match["month"].lower()]
        try:
            day = date(int(match["year"]), month, int(match["day"]))
        except ValueError:
            continue
        clock = None
        if match["hour"] is not None:
            clock = time(int(match["hour"]), int(match["minute"]))
        zone = ZONES.get((match["zone"] or "").upper())
        return Stamp(day, clock, zone)
    return None


def parse_structured(value: str) -> Stamp | None:
    """A machine-readable time from metadata: ISO 8601 and the near-ISO forms sites use."""
    match = _ISO_LIKE.search(value or "")
    if not match:
        return _parse_rfc822(value or "")
    try:
        day = date(int(match["year"]), int(match["month"]), int(match["day"]))
        clock = None
        if match["hour"] is not None:
            clock = time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    except ValueError:
        return None
    offset = (match["offset"] or "").upper()
    if offset in ("Z", "GMT", "UTC", "+00:00", "+0000", "-00:00"):
        return Stamp(day, clock, UTC, utc_labelled=True)
    if offset:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return Stamp(day, clock, timezone(sign * delta))
    return Stamp(day, clock, None)


def _parse_rfc822(value: str) -> Stamp | None:
    """'Thu, 10 Jun 2021 18:50:00 GMT', as feeds and some meta tags write times."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    labelled_utc = moment.tzinfo is None or moment.utcoffset() == timedelta(0)
    zone = UTC if labelled_utc else moment.tzinfo
    return Stamp(moment.date(), moment.time().replace(microsecond=0), zone, labelled_utc)


_INDONESIAN_OFFSETS = frozenset(ZONES[name].utcoffset(None) for name in ("WIB", "WITA", "WIT"))


def _indonesian_zone(stamp: Stamp | None) -> timezone | None:
    if stamp is None or stamp.zone is None or stamp.utc_labelled:
        return None
    return stamp.zone if stamp.zone.utcoffset(None) in _INDONESIAN_OFFSETS else None


def resolve(structured: Stamp | None, visible: Stamp | None) -> str | None:
    """One ISO text from what the metadata and the visible date line say.

    - the visible time is what the page states to its readers: when it has one, it wins,
      in the zone it names (else the structured offset if Indonesian, else WIB);
    - a structured time with an Indonesian offset (+07, +08, +09) is kept as it is;
    - one labelled UTC (Z, GMT, +00:00) is converted to the local zone;
    - one with any other offset (-07:00 is a common sign slip) or none is local time;
    - otherwise the date alone, as the page gives it.
    """
    if visible is not None and visible.clock is not None:
        return visible.iso(visible.zone or _indonesian_zone(structured) or DEFAULT_ZONE)
    local_zone = (visible.zone if visible else None) or DEFAULT_ZONE
    if structured is None or structured.clock is None:
        source = structured or visible
        return source.day.isoformat() if source else None
    if _indonesian_zone(structured) is not None:
        return structured.wall.replace(tzinfo=structured.zone).isoformat()
    if structured.utc_labelled:
        as_utc = structured.wall.replace(tzinfo=UTC)
        return as_utc.astimezone(local_zone).isoformat()
    return structured.iso(local_zone)
