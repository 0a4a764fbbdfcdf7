"""Extensions wired by signals."""

from __future__ import annotations

from scrapy import signals

from crawler.database import crawl_store

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
        stats = self.crawler.stats.get_stats()
        counts = {k.removeprefix("warta/"): v for k, v in stats.items() if k.startswith("warta/")}
        counts["responses"] = stats.get("downloader/response_count", 0)
        # Requests Scrapy itself dropped before any callback saw them.
        for scrapy_key, key in _SCRAPY_SKIPS.items():
            if stats.get(scrapy_key):
                counts[key] = stats[scrapy_key]
        counts["errors"] = stats.get("log_count/ERROR", 0)
        self.store.finish_run(self.run_id, reason, counts)
