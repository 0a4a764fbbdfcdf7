"""Extensions wired by signals."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from scrapy import signals

from crawler.database import crawl_store
from crawler.failures import is_network_error

_SCRAPY_SKIPS = {
    "robotstxt/forbidden": "skipped/robots_txt",
    "offsite/filtered": "skipped/offsite",
    # A redirect back to a URL already requested: how redirect loops end.
    "dupefilter/filtered": "skipped/repeated_request",
}


class CrawlRunRecorder:
    """Record every crawl in the ``crawl_runs`` table: start, end, reason, and counts.

    The counts are the crawl's own ``warta/*`` stats plus pages downloaded, so `warta
    stats` and `warta health` can say how the last crawls went without log files.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.store = crawl_store(crawler.settings)
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        profile = spider.profile
        self.run_id = self.store.start_run(profile.key, profile.name, profile.base_url)

    def spider_closed(self, spider, reason: str) -> None:
        if self.run_id is None:
            return
        self.store.finish_run(self.run_id, reason, run_counts(self.crawler.stats.get_stats()))


def run_counts(stats: Mapping[str, object]) -> dict[str, object]:
    """A crawl's counts as the crawl_runs table keeps them: its ``warta/*`` stats without
    the prefix, responses downloaded, Scrapy's own skips, and errors logged."""
    counts = {k.removeprefix("warta/"): v for k, v in stats.items() if k.startswith("warta/")}
    counts["responses"] = stats.get("downloader/response_count", 0)
    # Requests Scrapy itself dropped before any callback saw them.
    for scrapy_key, key in _SCRAPY_SKIPS.items():
        if stats.get(scrapy_key):
            counts[key] = stats[scrapy_key]
    counts["errors"] = stats.get("log_count/ERROR", 0)
    return counts


class _NetworkFailureAsInfo(logging.Filter):
    """A robots.txt the network would not deliver is logged by Scrapy as an ERROR with a
    traceback; it is no bug, and the site's own requests fail and are counted too. One
    line at INFO, seen with `warta crawl -v`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and is_network_error(record.exc_info[1]):
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class QuietNetworkFailures:
    """Scrapy extension: installs :class:`_NetworkFailureAsInfo` on the robots.txt
    middleware's logger, once per process."""

    _filter = _NetworkFailureAsInfo()

    @classmethod
    def from_crawler(cls, crawler):
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(cls._filter)
        return cls()
