"""The plain article record the store accepts, and how its times become UTC.

Storage knows nothing of HTML or Scrapy: whoever produced the article hands over a
mapping with these keys.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import NotRequired, TypedDict


class ArticleRecord(TypedDict):
    url: str  # canonical URL, the article's identity
    url_seen: str  # the URL it was fetched from
    site: str  # site key, e.g. "kompas"
    title: str
    authors: list[str]
    published: str | None  # ISO 8601 with offset, or a bare date
    updated: str | None
    section: str | None
    tags: list[str]
    description: str | None
    image: str | None
    language: str | None
    body: str
    word_count: int
    content_hash: str
    syndication_source: NotRequired[str | None]
    dateline: NotRequired[str | None]
    fetched_at: NotRequired[datetime]
    simhash: NotRequired[int | None]  # computed from the body when absent


def to_utc(value: str | None) -> datetime | None:
    """The instant an ISO text names, in UTC.

    A bare date (the page gave no time) maps to midnight UTC of that date so that date
    filters select it on the day the page states.
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if len(value) == 10:
        moment = datetime.combine(date.fromisoformat(value), datetime.min.time())
    return as_utc(moment)


def as_utc(moment: datetime | None) -> datetime | None:
    """``moment`` in UTC. A naive one is taken to be UTC already: SQLite keeps no offset,
    so the store writes UTC and hands naive datetimes back."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
