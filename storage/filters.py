"""The filters every query command shares: site, date range, section, language.

One definition so that `warta search`, `warta export` and `warta stats` select the same
articles for the same flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlalchemy import Engine, Select, func, select

from storage.models import Article, Site


class FilterError(ValueError):
    """A filter value the user gave cannot be used; the message says which and why."""


# A bare date is a day in Western Indonesian Time, the zone of most Indonesian news:
# `--since 2024-06-01` includes a story published at 06:30 WIB on 1 June.
DAY_ZONE = timezone(timedelta(hours=7))


def parse_day_or_time(text: str, *, end_of_day: bool = False) -> datetime:
    """``2024-05-04`` or an ISO time, as an aware UTC datetime.

    A bare date means the start of that WIB day, or with ``end_of_day`` its last
    instant, so that ``--since 2024-05-01 --until 2024-05-31`` covers all of May.
    """
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = day + timedelta(days=1) if end_of_day else day
            moment = datetime.combine(start, time(), DAY_ZONE).astimezone(UTC)
            return moment - timedelta(microseconds=1) if end_of_day else moment
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise FilterError(f"not a date: {text!r} (use YYYY-MM-DD or an ISO 8601 time)") from None
    return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(UTC)


@dataclass(frozen=True)
class ArticleFilter:
    sites: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    section: str | None = None
    language: str | None = None

    @classmethod
    def from_options(
        cls,
        site: list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        section: str | None = None,
        lang: str | None = None,
    ) -> ArticleFilter:
        return cls(
            sites=tuple(site or ()),
            since=parse_day_or_time(since) if since else None,
            until=parse_day_or_time(until, end_of_day=True) if until else None,
            section=section,
            language=lang,
        )

    def unknown_sites(self, engine: Engine) -> list[str]:
        """The filter's sites that the database has no record of, in the order given: a
        mistyped site would otherwise select nothing, which reads as "no such article"."""
        if not self.sites:
            return []
        with engine.connect() as connection:
            known = set(connection.scalars(select(Site.key).where(Site.key.in_(self.sites))))
        return [site for site in self.sites if site not in known]

    def apply(self, query: Select, site_ids: Sequence[int] | None = None) -> Select:
        """``query`` (selecting from articles) narrowed to what this filter wants.

        ``site_ids``, the ids of the filter's sites looked up beforehand, let the planner
        use the site's own index (site, id) to list its articles newest first; without
        them the sites are found by a subquery.
        """
        if site_ids is not None:
            query = query.where(Article.site_id.in_(site_ids))
        elif self.sites:
            query = query.where(
                Article.site_id.in_(
                    Site.__table__.select()
                    .with_only_columns(Site.id)
                    .where(Site.key.in_(self.sites))
                )
            )
        if self.since:
            query = query.where(Article.published_utc >= self.since)
        if self.until:
            query = query.where(Article.published_utc <= self.until)
        if self.section:
            query = query.where(func.lower(Article.section) == self.section.lower())
        if self.language:
            query = query.where(Article.language == self.language)
        return query
