"""Reading the database: the questions the CLI and people ask of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from storage.models import Article, CrawlRun, Site


@dataclass(frozen=True)
class SiteSummary:
    site: str
    articles: int
    newest: datetime | None
    last_run_started: datetime | None
    last_run_counts: dict


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
                )
            )
        return summaries
