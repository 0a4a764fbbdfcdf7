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

from cleaners.rules import Rule

ZONES = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
    "MYT": timezone(timedelta(hours=8)),  # Malaysia, as Malaysian pages label their times
    "SGT": timezone(timedelta(hours=8)),
    "GMT": UTC,
    "UTC": UTC,
}
DEFAULT_ZONE = ZONES["WIB"]

TWELVE_HOUR_CLOCK = Rule(
    name="twelve-hour-clock",
    stage="published",
    why="Blogger, English-language and Malaysian pages write times on a 12-hour clock "
    "('2:30 PM', '02.30 pm', '10:15 AM WIB'); read without the AM/PM an afternoon story "
    "becomes a morning one.",
)
NUMERIC_DATE_LINE = Rule(
    name="numeric-date-line",
    stage="published",
    why="Regional WordPress themes and custom CMSs print the date line in digits with "
    "dashes or dots ('Jumat, 04-05-2024 14:30', '04.05.2024') or year first "
    "('2024-05-04 14:30'), not only with slashes.",
)
STATED_OFFSET_KEPT = Rule(
    name="stated-offset-kept",
    stage="published",
    why="Malaysian and some eastern Indonesian pages state their zone as an offset or a "
    "zone name ('GMT+8', 'UTC+08:00', 'MYT') on the date line; the offset stated is the "
    "truth, not WIB and not the bare GMT before the sign.",
)
MONTH_FIRST_DATE = Rule(
    name="month-first-date",
    stage="published",
    why="English-language pages (Malaysian, Singaporean and English editions of "
    "Indonesian sites) write 'May 4, 2024' or 'Published on 4th May 2024'.",
)
MALAY_MONTH_NAMES = Rule(
    name="malay-month-names",
    stage="published",
    why="Malay spells four months unlike Indonesian (Mac, Julai, Ogos, Disember): "
    "Malaysian and Bruneian date lines are unreadable without them.",
)
UTC_STAMP_AGAINST_DATE_LINE = Rule(
    name="utc-stamp-against-date-line",
    stage="published",
    why="Custom CMSs label the local wall clock as UTC ('Z', '+00:00'); when a stamp so "
    "labelled falls on another day than the visible date line by the headline, the "
    "date line is what readers see and wins.",
)
UTC_STAMP_SETS_OFFSET = Rule(
    name="utc-stamp-sets-offset",
    stage="published",
    why="Malaysian and eastern Indonesian pages give a true UTC stamp in their metadata "
    "and a bare local clock on the date line; the hours between the two are the page's "
    "offset (+08:00, +09:00), which WIB would contradict.",
)

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
MALAY_MONTHS = {"mac": 3, "julai": 7, "ogos": 8, "ogo": 8, "disember": 12, "dis": 12}

_MONTH_NAMES = "|".join(sorted({**MONTHS, **MALAY_MONTHS}, key=len, reverse=True))
# The time after a date: "| 10:15 WIB", "pukul 14.30", "- 2:30 PM", "10:15 AM (GMT+8)".
_CLOCK = (
    r"(?:\s*[|,\-–]?\s*(?:pukul|jam|at|@)?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)"
    r"(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\.?(?![a-z]))?\s*\(?(?P<zone>WITA|WIB|WIT|MYT|SGT|GMT|UTC)?"
    r"(?P<offset>\s?[+-]\s?\d{1,2}(?::?\d\d)?)?\)?)?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_VISIBLE = re.compile(
    rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s+(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<year>(?:19|20)\d\d)"
    + _CLOCK,
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>(?:19|20)\d\d)"
    + _CLOCK,
    re.IGNORECASE,
)
_SLASHED = re.compile(
    r"\b(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>(?:19|20)\d\d)\b" + _CLOCK, re.IGNORECASE
)
_DAY_FIRST_DIGITS = re.compile(
    r"\b(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)\b"
    + _CLOCK,
    re.IGNORECASE,
)
_YEAR_FIRST_DIGITS = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})\b"
    + _CLOCK,
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


def _patterns() -> list[tuple[re.Pattern[str], bool]]:
    """The date forms to look for, in order, each with whether its month is a number."""
    patterns = [(_VISIBLE, False)]
    if MONTH_FIRST_DATE.enabled:
        patterns.append((_MONTH_FIRST, False))
    patterns.append((_DAY_FIRST_DIGITS if NUMERIC_DATE_LINE.enabled else _SLASHED, True))
    if NUMERIC_DATE_LINE.enabled:
        patterns.append((_YEAR_FIRST_DIGITS, True))
    return patterns


def _month(name: str) -> int | None:
    key = name.lower()
    if key in MONTHS:
        return MONTHS[key]
    return MALAY_MONTHS[key] if MALAY_MONTH_NAMES.enabled else None


def _clock(match: re.Match[str]) -> time | None:
    """The time after the date, on the 24-hour clock."""
    if match["hour"] is None:
        return None
    hour = int(match["hour"])
    meridiem = (match["ampm"] or "")[:1].lower()
    if meridiem and TWELVE_HOUR_CLOCK.enabled and 1 <= hour <= 12:
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    return time(hour, int(match["minute"]))


def _stated_zone(match: re.Match[str]) -> timezone | None:
    """The zone a date line names: WIB, WITA, WIT, or an offset such as 'GMT+8'."""
    name = (match["zone"] or "").upper()
    offset = (match["offset"] or "").replace(" ", "")
    if not STATED_OFFSET_KEPT.enabled:
        return ZONES.get(name) if name in ("WIB", "WITA", "WIT", "GMT", "UTC") else None
    if offset and name in ("GMT", "UTC", ""):
        if not name and ":" not in offset and len(offset) < 5:
            return None  # a bare "+8" after a time is not a zone
        return _offset_zone(offset)
    return ZONES.get(name)


def _offset_zone(offset: str) -> timezone | None:
    """'+8', '+08', '+0800', '+08:00' as a zone; None beyond the world's offsets."""
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    if int(hours) > 14 or int(minutes) >= 60:
        return None
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def parse_visible(text: str) -> Stamp | None:
    """The first date (and time, and zone) in a line of text, as Indonesian, Malaysian
    and English-language pages write it."""
    for pattern, numeric in _patterns():
        for match in pattern.finditer(text):
            month = int(match["month"]) if numeric else _month(match["month"])
            if month is None:
                continue
            try:
                day = date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                continue
            clock = _clock(match)
            return Stamp(day, clock, _stated_zone(match) if clock else None)
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
        return Stamp(day, clock, _offset_zone(offset))
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


# The local offsets a UTC stamp can stand behind a bare visible clock: WIB, WITA/MYT, WIT.
_LOCAL_OFFSET_HOURS = (7, 8, 9)


def _offset_behind(structured: Stamp | None, visible: Stamp) -> timezone | None:
    """The zone a bare visible clock is in, when a true UTC stamp of the same moment says
    so: the wall clocks differ by whole local hours (a gap of zero means the label lied)."""
    if not UTC_STAMP_SETS_OFFSET.enabled or structured is None or not structured.utc_labelled:
        return None
    if structured.clock is None:
        return None
    gap = visible.wall - structured.wall.replace(second=0)
    for hours in _LOCAL_OFFSET_HOURS:
        if abs(gap - timedelta(hours=hours)) <= timedelta(minutes=1):
            return timezone(timedelta(hours=hours))
    return None


def _from_utc(structured: Stamp, visible: Stamp | None, local_zone: timezone) -> str:
    """A UTC-labelled time in the local zone, unless that lands on another day than the
    visible date line: then the label is wrong (the wall clock is local) or the value is,
    and the date line readers see wins."""
    local = structured.wall.replace(tzinfo=UTC).astimezone(local_zone)
    if visible is None or local.date() == visible.day or not UTC_STAMP_AGAINST_DATE_LINE.enabled:
        return local.isoformat()
    if structured.day == visible.day:
        return structured.iso(local_zone)
    return visible.day.isoformat()


def resolve(structured: Stamp | None, visible: Stamp | None) -> str | None:
    """One ISO text from what the metadata and the visible date line say.

    - the visible time is what the page states to its readers: when it has one, it wins,
      in the zone it names (else the structured offset if Indonesian, else the offset a
      UTC stamp of the same moment implies, else WIB);
    - a structured time with an Indonesian offset (+07, +08, +09) is kept as it is;
    - one labelled UTC (Z, GMT, +00:00) is converted to the local zone, unless that
      contradicts the visible date line;
    - one with any other offset (-07:00 is a common sign slip) or none is local time;
    - otherwise the date alone, as the page gives it.
    """
    if visible is not None and visible.clock is not None:
        zone = visible.zone or _indonesian_zone(structured) or _offset_behind(structured, visible)
        return visible.iso(zone or DEFAULT_ZONE)
    local_zone = (visible.zone if visible else None) or DEFAULT_ZONE
    if structured is None or structured.clock is None:
        source = structured or visible
        return source.day.isoformat() if source else None
    if _indonesian_zone(structured) is not None:
        return structured.wall.replace(tzinfo=structured.zone).isoformat()
    if structured.utc_labelled:
        return _from_utc(structured, visible, local_zone)
    return structured.iso(local_zone)
