"""Running crawls from Python: the one path `warta crawl`, `warta demo` and the scheduler
share. ``scrapy crawl news -a site=KEY`` reaches the same spider, pipelines and settings."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler import count_keys
from crawler.failures import error_count, unreachable
from crawler.sites import SiteProfile
from crawler.spiders.news import NewsSpider
from storage import open_database
from storage.locks import SiteBusy, site_lock


@dataclass
class CrawlReport:
    """What one site's crawl did, from its stats."""

    site: str
    finish_reason: str | None
    stats: dict = field(repr=False)

    @property
    def own_counts(self) -> dict[str, object]:
        """What warta counted in the crawl (Scrapy's own skips apart)."""
        return count_keys.own_counts(self.stats)

    def count(self, count: count_keys.Count) -> int:
        return count.value_in(self.own_counts)

    @property
    def skipped(self) -> dict[str, int]:
        """Skips by reason, duplicates apart (see ``duplicate``)."""
        return count_keys.skips(self.own_counts)

    @property
    def blocked(self) -> dict[str, int]:
        """Challenge and block pages answered instead of pages, by kind."""
        return count_keys.blocks(self.own_counts)

    @property
    def duplicate(self) -> int:
        """Pages fetched whose article was already had: earlier in this crawl, or stored
        under another URL with the same text."""
        return count_keys.duplicates(self.own_counts)

    @property
    def fetched(self) -> int:
        return self.count(count_keys.PAGES_FETCHED)

    @property
    def discovery(self) -> tuple[int, int | None, int]:
        """Discovery requests made, the budget they were made within, and how many more
        were dropped when it ran out."""
        counts = self.own_counts
        return (
            count_keys.DISCOVERY_REQUESTS.value_in(counts),
            counts.get(count_keys.DISCOVERY_BUDGET.key),  # None: no budget was set
            count_keys.DISCOVERY_BUDGET_EXHAUSTED.value_in(counts),
        )

    @property
    def run_counts(self) -> dict[str, object]:
        """The counts its crawl_runs row keeps."""
        return count_keys.run_counts(self.stats)

    @property
    def errors(self) -> int:
        """Requests that failed (network, server errors) and errors logged."""
        return error_count(self.run_counts)

    @property
    def unreachable(self) -> str | None:
        """Why nothing at all could be fetched ("connection refused"), if so."""
        return unreachable(self.run_counts) if self.stats else None


# The finish reason of a crawl not started because another crawl of the site was running.
BUSY = "already_running"


def project_settings(overrides: Mapping[str, object] | None = None):
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    for name, value in (overrides or {}).items():
        if value is not None:
            settings.set(name, value, priority="cmdline")
    return settings


def crawl_sites(
    profiles: Iterable[SiteProfile],
    overrides: Mapping[str, object] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[CrawlReport]:
    """Crawl every site in one process, side by side; block until all are done.

    With ``since`` (and ``until``, default today) the crawl is a backfill of those days.
    Twisted's reactor cannot restart, so this runs once per process.
    """
    settings = project_settings(overrides)
    engine = open_database(settings.get("WARTA_DB_URL"))
    process = CrawlerProcess(settings)
    reports: list[CrawlReport] = []
    crawlers = []
    with ExitStack() as locks:
        for profile in profiles:
            try:
                locks.enter_context(site_lock(engine, profile.key))
            except SiteBusy:
                reports.append(CrawlReport(site=profile.key, finish_reason=BUSY, stats={}))
                continue
            crawler = process.create_crawler(NewsSpider)
            process.crawl(crawler, site=profile.target, since=since, until=until)
            crawlers.append((profile.key, crawler))
        if crawlers:
            process.start()
    return reports + [
        CrawlReport(
            site=key,
            finish_reason=crawler.stats.get_value("finish_reason"),
            stats=dict(crawler.stats.get_stats()),
        )
        for key, crawler in crawlers
    ]
