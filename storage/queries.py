"""Reading the database: the questions the CLI and people ask of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, case, func, or_, select
from sqlalchemy.orm import Session

from storage.export import article_rows_query, iso_utc, row_to_dict
from storage.models import Article, ArticleVersion, CrawlRun, Site
from storage.records import as_utc

# An id no database row can have (SQLite integers are 64-bit); asking for one would make
# the driver raise instead of finding nothing.
_MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class SiteSummary:
    site: str
    articles: int
    newest: datetime | None
    last_run_started: datetime | None
    last_run_counts: dict
    last_run_finished: datetime | None = None
    last_run_finish_reason: str | None = None


def latest_articles(engine: Engine, limit: int = 5, site: str | None = None) -> list[Article]:
    """The most recently published articles, newest first."""
    query = select(Article).order_by(Article.published_utc.desc().nulls_last(), Article.id.desc())
    if site:
        query = query.join(Site).where(Site.key == site)
    with Session(engine) as session:
        return list(session.scalars(query.limit(limit)))


def count_articles(engine: Engine, site: str | None = None) -> int:
    query = select(func.count(Article.id))
    if site:
        query = query.join(Site).where(Site.key == site)
    with Session(engine) as session:
        return session.scalar(query) or 0


def site_summaries(engine: Engine) -> list[SiteSummary]:
    """Per site: how many articles, the newest one's date, and the last crawl."""
    with Session(engine) as session:
        article_stats = dict(
            (key, (count, newest))
            for key, count, newest in session.execute(
                select(Site.key, func.count(Article.id), func.max(Article.published_utc))
                .outerjoin(Article)
                .group_by(Site.key)
            )
        )
        summaries = []
        for site in session.scalars(select(Site).order_by(Site.key)):
            run = session.scalar(
                select(CrawlRun)
                .where(CrawlRun.site_id == site.id)
                .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
                .limit(1)
            )
            count, newest = article_stats.get(site.key, (0, None))
            summaries.append(
                SiteSummary(
                    site=site.key,
                    articles=count,
                    newest=newest,
                    last_run_started=run.started_at if run else None,
                    last_run_counts=dict(run.counts) if run else {},
                    last_run_finished=run.finished_at if run else None,
                    last_run_finish_reason=run.finish_reason if run else None,
                )
            )
        return summaries


def article_by_id(engine: Engine, article_id: int) -> dict[str, Any] | None:
    """One article with its earlier versions, or None when no article has that id."""
    if not 0 < article_id <= _MAX_ID:
        return None
    return _article_detail(engine, Article.id == article_id)


def article_by_url(engine: Engine, urls: Sequence[str]) -> dict[str, Any] | None:
    """The article stored under any of ``urls``, as canonical URL or as fetched URL.

    Callers pass the URL as typed and its canonical form; storage knows nothing of URL
    rules. A canonical match wins over a fetched-URL match, since several articles may
    once have been fetched from the same address but only one is keyed by it.
    """
    candidates = list(dict.fromkeys(u for u in urls if u))
    if not candidates:
        return None
    return _article_detail(
        engine,
        or_(Article.url.in_(candidates), Article.url_seen.in_(candidates)),
        case((Article.url.in_(candidates), 0), else_=1),
    )


def _article_detail(
    engine: Engine, condition: ColumnElement[bool], *preference: ColumnElement[Any]
) -> dict[str, Any] | None:
    """The export-shaped record of the first article matching ``condition``, plus
    ``versions``: one export schema for `warta export` and `warta show --json`."""
    query = article_rows_query().where(condition).order_by(None).order_by(*preference, Article.id)
    with engine.connect() as connection:
        row = connection.execute(query.limit(1)).first()
        if row is None:
            return None
        article = row_to_dict(row)
        article["versions"] = _versions(connection, article["id"])
    return article


def _versions(connection, article_id: int) -> list[dict[str, Any]]:
    """The texts an article had before, oldest first, without their bodies."""
    rows = connection.execute(
        select(
            ArticleVersion.title,
            ArticleVersion.content_hash,
            ArticleVersion.fetched_at,
            ArticleVersion.replaced_at,
        )
        .where(ArticleVersion.article_id == article_id)
        .order_by(ArticleVersion.id)
    )
    return [
        {
            "title": title,
            "content_hash": content_hash,
            "fetched_at": iso_utc(fetched_at),
            "replaced_at": iso_utc(replaced_at),
        }
        for title, content_hash, fetched_at, replaced_at in rows
    ]


@dataclass(frozen=True)
class RunRecord:
    """One crawl of one site as the crawl_runs table keeps it."""

    started_at: datetime
    finished_at: datetime | None
    finish_reason: str | None
    counts: dict


def recent_runs(engine: Engine, per_site: int = 5) -> dict[str, list[RunRecord]]:
    """The last ``per_site`` crawls of every site, newest first, keyed by site."""
    position = (
        func.row_number()
        .over(
            partition_by=CrawlRun.site_id,
            order_by=(CrawlRun.started_at.desc(), CrawlRun.id.desc()),
        )
        .label("position")
    )
    ranked = select(CrawlRun.id, position).subquery()
    query = (
        select(Site.key, CrawlRun)
        .join(CrawlRun, CrawlRun.site_id == Site.id)
        .join(ranked, ranked.c.id == CrawlRun.id)
        .where(ranked.c.position <= per_site)
        .order_by(Site.key, ranked.c.position)
    )
    runs: dict[str, list[RunRecord]] = {}
    with Session(engine) as session:
        for key, run in session.execute(query):
            runs.setdefault(key, []).append(
                RunRecord(
                    started_at=as_utc(run.started_at),
                    finished_at=as_utc(run.finished_at),
                    finish_reason=run.finish_reason,
                    counts=dict(run.counts or {}),
                )
            )
    return runs
