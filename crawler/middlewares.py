"""Downloader middlewares."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.utils.defer import deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from crawler import count_keys
from crawler.blocks import Blocked, header_map, recognise

logger = logging.getLogger(__name__)


class MirrorProxyMiddleware:
    """Send every request through ``WARTA_PROXY`` when it is set.

    This is how the demo, the tests and the benchmarks crawl local mirrors of sites by
    their real URLs: the mirror server answers as a proxy on 127.0.0.1.
    """

    def __init__(self, proxy: str | None) -> None:
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("WARTA_PROXY"))

    def process_request(self, request):
        if self.proxy:
            request.meta.setdefault("proxy", self.proxy)
        return None


class RetryAfterMiddleware:
    """Wait as long as a 429 or 503 answer's ``Retry-After`` asks before it is retried.

    Scrapy's RetryMiddleware retries at once; a site that said "come back in 30 seconds"
    deserves the wait, and usually answers the retry. Only this request waits, the rest
    of the crawl goes on. A wait longer than ``WARTA_RETRY_AFTER_MAX`` seconds is not
    honoured: the request is retried as usual and, if the site keeps refusing, counted
    and fetched by the next crawl.
    """

    STATUSES = (429, 503)

    def __init__(self, crawler, longest: float) -> None:
        self.crawler = crawler
        self.longest = longest

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getfloat("WARTA_RETRY_AFTER_MAX", 120.0))

    async def process_response(self, request, response):
        wait = _retry_after_seconds(response.headers.get(b"Retry-After"))
        if response.status in self.STATUSES and wait is not None and 0 < wait <= self.longest:
            self.crawler.stats.inc_value(count_keys.RETRY_AFTER_WAITED.stat)
            await deferred_to_future(deferLater(reactor, wait, lambda: None))
        return response


def _retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds: a number of seconds, or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return (moment - datetime.now(UTC)).total_seconds()


class BlockRecognition:
    """Recognise a challenge or block page (:mod:`crawler.blocks`) before anything reads
    it: count it as ``blocked/<kind>``, log it in one line, and end the request with
    :class:`Blocked`, which the spider's errbacks take as "try again next crawl".

    Above RetryAfterMiddleware and RetryMiddleware, so a challenge is neither waited for
    nor retried at once (it would answer the same); below the redirect and decompression
    middlewares, so it sees the final page, decoded. Scrapy's own robots.txt request is
    left alone: its robots middleware reads what it can of any answer.
    """

    def __init__(self, crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        if request.meta.get("dont_obey_robotstxt"):
            return response
        kind = recognise(response.status, header_map(_header_pairs(response)), response.body)
        if kind is None:
            return response
        self.stats.inc_value(kind.count.stat)
        logger.warning("blocked by %s (%s): %s", kind.label, response.status, response.url)
        raise Blocked(kind, response.url, response.status)


def _header_pairs(response):
    return ((name, response.headers.getlist(name)) for name in response.headers)
