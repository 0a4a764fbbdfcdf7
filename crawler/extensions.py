"""Extensions wired by signals."""

from __future__ import annotations

import logging

from scrapy import signals

from crawler.count_keys import run_counts
from crawler.database import crawl_store
from crawler.failures import is_network_error
from crawler.pipelines import SkipPage
from crawler.signals import page_skipped


class CrawlRunRecorder:
    """Record every crawl in the ``crawl_runs`` table: start, end, reason, and counts.

    The counts are the crawl's own stats plus some of Scrapy's
    (:func:`crawler.count_keys.run_counts`), so `warta stats` and `warta health` can say
    how the last crawls went without log files.
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


# Skip reasons that will not change by the next crawl: the page is not an article, is
# behind a paywall, is not HTML, or is gone. Another language (``language_xx``, but not
# ``language_unknown``, which a short or broken page gets) lasts too.
LASTING_REASONS = frozenset({"not_article", "paywall", "not_html", "http_404", "http_410"})


def is_lasting(reason: str) -> bool:
    return reason in LASTING_REASONS or (
        reason.startswith("language_") and reason != "language_unknown"
    )


class LastingSkipMemory:
    """Remember the article URLs a crawl skipped for a lasting reason (``lasting_skips``),
    so that the next crawls do not fetch them again (see ``WARTA_SKIP_MEMORY_DAYS``).

    Skips are heard as signals, from the pipelines (Scrapy's ``item_dropped``) and from
    the spider (``page_skipped``: failures, pages that are not HTML), and written when
    the crawl closes, however it ended: a skip is a fact about the page, not about the
    crawl. A crawl killed before then only fetches those pages once more.
    """

    def __init__(self, crawler) -> None:
        self.store = crawl_store(crawler.settings)
        self.skipped: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler):
        extension = cls(crawler)
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.page_skipped, signal=page_skipped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_dropped(self, exception: Exception) -> None:
        if isinstance(exception, SkipPage):
            self.page_skipped(exception.url, exception.reason)

    def page_skipped(self, url: str, reason: str) -> None:
        if is_lasting(reason):
            self.skipped[url] = reason

    def spider_closed(self, spider) -> None:
        self.store.remember_skips(spider.profile.key, self.skipped)
