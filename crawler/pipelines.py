"""Item pipelines, in the order the settings run them: clean -> language -> dedup -> store.

Each drops what it must with a reason; the reason is counted in the crawl stats under
``skipped/<reason>`` (see :mod:`crawler.count_keys`) so a crawl always says what it did
with every page.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from cleaners import clean_html
from crawler import count_keys
from crawler.database import crawl_store
from crawler.items import PageItem
from crawler.signals import request_handled

logger = logging.getLogger(__name__)
# The store outcomes that wrote an article's text.
_STORED_TEXT = (count_keys.STORED_INSERTED.name, count_keys.STORED_UPDATED.name)


class SkipPage(DropItem):
    """A page that is deliberately not stored; ``reason`` is counted."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.reason = reason
        self.url = url


class _CountingPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def skip(self, reason: str, item: PageItem) -> SkipPage:
        self.stats.inc_value(count_keys.SKIPPED.stat(reason))
        return SkipPage(reason, item.url)


class CleanPipeline(_CountingPipeline):
    """Turn the raw page into a clean article, or drop it as not an article."""

    def process_item(self, item: PageItem) -> PageItem:
        article = clean_html(item.html, item.url, item.continuations)
        if not article.ok:
            raise self.skip(article.reason or count_keys.SKIPPED_NOT_ARTICLE.name, item)
        item.article = article
        # The raw pages are not needed past this point; keep memory flat.
        item.html, item.continuations = b"", []
        return item


class LanguagePipeline(_CountingPipeline):
    """Keep only articles in the wanted languages (``WARTA_LANGUAGES``)."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.languages = set(crawler.settings.getlist("WARTA_LANGUAGES"))

    def process_item(self, item: PageItem) -> PageItem:
        language = item.article.language
        if self.languages and language not in self.languages:
            raise self.skip(f"language_{language or 'unknown'}", item)
        return item


class DedupPipeline(_CountingPipeline):
    """Drop a second copy of an article seen earlier in this crawl, by canonical URL or
    by text. Copies already in the database are recognised by the store."""

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.urls: set[str] = set()
        self.hashes: set[str] = set()

    def process_item(self, item: PageItem) -> PageItem:
        article = item.article
        if article.url in self.urls or article.content_hash in self.hashes:
            raise self.skip(count_keys.SKIPPED_DUPLICATE.name, item)
        self.urls.add(article.url)
        self.hashes.add(article.content_hash)
        return item


class StorePipeline(_CountingPipeline):
    """Upsert articles in batches of ``WARTA_BATCH_SIZE``, one transaction per batch.

    A crawl killed mid-batch loses only that unwritten batch; its URLs are not in the
    database, so the next crawl fetches them again.
    """

    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.batch_size = crawler.settings.getint("WARTA_BATCH_SIZE", 50)
        self.store = crawl_store(crawler.settings)
        self.pending: list[PageItem] = []
        # An idle crawl writes what it holds: in a distributed crawl, the round cannot
        # end while this worker holds the leases of articles it has not stored.
        crawler.signals.connect(self.flush, signal=signals.spider_idle)

    def process_item(self, item: PageItem) -> PageItem:
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        try:
            self._store(batch)
        finally:
            for item in batch:
                self.crawler.signals.send_catch_log(request_handled, lease=item.lease)

    def _store(self, batch: list[PageItem]) -> None:
        try:
            # Waits (up to WARTA_DB_RETRY_SECONDS) for a database that went away.
            result = self.store.upsert([item.record() for item in batch])
        except SQLAlchemyError:
            # Not stored, so not "known": the next crawl fetches these pages again.
            self.stats.inc_value(count_keys.SKIPPED_DATABASE_UNAVAILABLE.stat, len(batch))
            logger.exception("could not store %d articles; the next crawl fetches them", len(batch))
            return
        for item, outcome in zip(batch, result.outcomes, strict=True):
            self.stats.inc_value(count_keys.STORED.stat(outcome))
            if outcome in _STORED_TEXT and not item.article.published:
                # `warta health` watches this: a redesign often moves the date first.
                self.stats.inc_value(count_keys.QUALITY_NO_DATE.stat)
