"""Dated index pages: recognising a URL that lists one day's articles, the day it names,
and the URL of any other day in the same shape; and the window of days a crawl reads.

Indonesian portals keep an "Indeks Berita" per day, and it is often the only place an
older story is still linked once it has left the home page and the feed. The shapes
vary: ``/indeks?date=2024-05-04``, ``?tanggal=04-05-2024``, ``/indeks/2024-05-04``,
``/indeks/2024/05/04``, ``/news/indeks/2024/05/04``, ``/arsip/2024/05/04``,
``/index/04-05-2024`` and WordPress day archives ``/2024/05/04/``. A day with many
stories is paged (``&page=2``, ``/indeks/2024/05/04/2``), so the page number is read
apart from the day: every page of a day shares the day's *shape*.

Once one URL of a shape is recognised, :meth:`DatedIndex.url_for` writes the URL of any
other day exactly as the site writes it (same order, separator and zero padding), which
is how a date-picker form with one example value leads to every day of the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

from cleaners.pagination import PAGE_PARAMS

# The day of a dated index is the newsroom's day: Western Indonesian Time.
WIB = timezone(timedelta(hours=7))
# Query parameters that name the day of an index page.
DATE_PARAMS = frozenset({"date", "tanggal", "tgl"})
_INDEX_SEGMENTS = frozenset({"indeks", "index", "arsip", "archive", "archives"})
# Paths that take a date but list no day's news (a search filtered by date).
_NOT_INDEX_SEGMENTS = frozenset({"search", "cari", "pencarian"})
_SEP = r"(?P<sep>[-/.]|%2[Ff])"
_YEAR_FIRST = re.compile(rf"(?P<a>(?:19|20)\d\d){_SEP}(?P<b>\d{{1,2}})(?P=sep)(?P<c>\d{{1,2}})")
_YEAR_LAST = re.compile(rf"(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}})(?P=sep)(?P<c>(?:19|20)\d\d)")
_COMPACT = re.compile(r"(?P<a>(?:19|20)\d\d)(?P<b>[01]\d)(?P<c>[0-3]\d)")
# What may follow the date in a path: nothing, or the page of a busy day.
_PATH_TAIL = re.compile(r"^/?(?:(?:page|halaman|hal)/)?(?P<page>\d{1,3})?/?$", re.IGNORECASE)


@dataclass(frozen=True)
class DateStyle:
    """How a site writes a day: field order, separator, zero padding."""

    order: str  # "ymd", "dmy" or "mdy"
    sep: str  # "-", "/", ".", "%2F" or "" (20240504)
    padded: bool

    def format(self, day: date) -> str:
        fields = {"y": f"{day.year:04d}", "m": str(day.month), "d": str(day.day)}
        if self.padded:
            fields["m"], fields["d"] = f"{day.month:02d}", f"{day.day:02d}"
        return self.sep.join(fields[name] for name in self.order)


@dataclass(frozen=True)
class DatedIndex:
    """A page of one day's index: the URL is ``prefix + day + suffix`` (page marker
    removed), so (prefix, style, suffix) is what all days of this index share."""

    url: str
    day: date
    page: int
    prefix: str
    style: DateStyle
    suffix: str

    @property
    def shape(self) -> tuple[str, DateStyle, str]:
        return self.prefix, self.style, self.suffix

    def url_for(self, day: date) -> str:
        """The first page of ``day``'s index, written as this site writes its days."""
        return self.prefix + self.style.format(day) + self.suffix


def parse_date_text(text: str, near: date | None = None) -> tuple[date, DateStyle] | None:
    """The day a whole string names (``2024-05-04``, ``04/05/2024``, ``20240504``) and how
    it is written. ``04/05/2024`` may be day-first (the Indonesian way) or month-first
    (date-picker widgets); the reading nearer ``near`` wins, day-first without it."""
    for pattern, orders in (
        (_YEAR_FIRST, ("ymd",)),
        (_YEAR_LAST, ("dmy", "mdy")),
        (_COMPACT, ("ymd",)),
    ):
        match = pattern.fullmatch(text)
        if match:
            return _pick(match, orders, near)
    return None


def _pick(match: re.Match, orders: tuple[str, ...], near: date | None):
    values = [match["a"], match["b"], match["c"]]
    sep = match.groupdict().get("sep") or ""
    padded = all(len(v) >= 2 for v in values)
    readings = []
    for order in orders:
        fields = dict(zip(order, (int(v) for v in values), strict=True))
        try:
            readings.append((date(fields["y"], fields["m"], fields["d"]), order))
        except ValueError:
            continue
    if not readings:
        return None
    if near is not None:
        readings.sort(key=lambda reading: abs((reading[0] - near).days))
    day, order = readings[0]
    return day, DateStyle(order, sep, padded)


def dated_index(url: str, near: date | None = None) -> DatedIndex | None:
    """The dated index page ``url`` is, or None. A date in the query counts under a
    date parameter (``date``, ``tanggal``, ``tgl``); a date in the path counts when it
    ends the path (before an optional page number) and either an index word
    (``indeks``, ``index``, ``arsip``, ``archive``) stands before it or nothing but a
    section does, as in WordPress day archives. Article paths, where an id or slug
    follows the date, never match."""
    url = url.split("#", 1)[0]
    parts = urlsplit(url)
    segments = {s.lower() for s in parts.path.split("/") if s}
    if segments & _NOT_INDEX_SEGMENTS:
        return None
    return _in_query(url, parts.query, near) or _in_path(url, parts, near)


def _split_page(query: str) -> tuple[list[str], int]:
    """The raw ``name=value`` pairs of a query without its page marker, and the page."""
    page, kept = 1, []
    for pair in query.split("&") if query else []:
        name, _, value = pair.partition("=")
        if name.lower() in PAGE_PARAMS and value.isdigit():
            page = int(value)
        else:
            kept.append(pair)
    return kept, page


def _in_query(url: str, query: str, near: date | None) -> DatedIndex | None:
    kept, page = _split_page(query)
    head = url[: len(url) - len(query)]
    for index, pair in enumerate(kept):
        name, sep, value = pair.partition("=")
        if name.lower() not in DATE_PARAMS or not sep:
            continue
        parsed = parse_date_text(value, near)
        if parsed:
            prefix = head + "&".join([*kept[:index], f"{name}="])
            after = "&".join(kept[index + 1 :])
            return DatedIndex(url, parsed[0], page, prefix, parsed[1], "&" + after if after else "")
    return None


def _in_path(url: str, parts, near: date | None) -> DatedIndex | None:
    path = parts.path
    path_start = len(parts.scheme) + 3 + len(parts.netloc)
    for pattern in (_YEAR_FIRST, _YEAR_LAST, _COMPACT):
        for match in pattern.finditer(path):
            start, end = match.span()
            if (start and path[start - 1] != "/") or "%" in match.group(0):
                continue
            tail = _PATH_TAIL.match(path[end:])
            before = [s.lower() for s in path[:start].split("/") if s]
            if not tail or (end < len(path) and path[end] != "/"):
                continue
            if pattern is not _YEAR_FIRST or match["sep"] != "/":
                # A single-segment date ("2024-05-04", "04-05-2024") only under an
                # index word: elsewhere it is as likely an id or a slug.
                if not _INDEX_SEGMENTS & set(before):
                    continue
            elif len(before) > 1 and not _INDEX_SEGMENTS & set(before):
                continue  # /a/b/2024/05/04: an article tree, not a day archive
            parsed = _pick(match, _orders(pattern), near)
            if parsed is None:
                continue
            kept, query_page = _split_page(parts.query)
            page = int(tail["page"]) if tail["page"] else query_page
            prefix = url[: path_start + start]
            suffix = "/" if path[end:].endswith("/") and not tail["page"] else ""
            query = "?" + "&".join(kept) if kept else ""
            return DatedIndex(url, parsed[0], page, prefix, parsed[1], suffix + query)
    return None


def _orders(pattern: re.Pattern) -> tuple[str, ...]:
    return ("dmy", "mdy") if pattern is _YEAR_LAST else ("ymd",)


@dataclass(frozen=True)
class Window:
    """The days, in WIB, whose index pages a crawl may read: ``since`` to ``until``."""

    since: date
    until: date

    def __contains__(self, day: date) -> bool:
        return self.since <= day <= self.until

    def days(self) -> list[date]:
        """Every day of the window, newest first (what a reader wants first when the
        request budget runs out)."""
        count = (self.until - self.since).days + 1
        return [self.until - timedelta(days=n) for n in range(count)]


def discovery_window(today: date, last_complete: datetime | None, first_days: int) -> Window:
    """The days a crawl that is not a backfill reads. A site never crawled to the end
    goes back ``first_days`` days; otherwise back to the day the last complete crawl
    started, less a day: a story added to a day's index after that crawl read it (late
    in the evening, or filed under the day it happened) is still found."""
    if last_complete is None:
        since = today - timedelta(days=first_days)
    else:
        since = last_complete.astimezone(WIB).date() - timedelta(days=1)
    return Window(min(since, today), today)
