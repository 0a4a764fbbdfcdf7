"""Downloader and spider middlewares."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request, signals
from scrapy.utils.defer import deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)
# Request meta key marking a discovery request (robots.txt's sitemaps, sitemaps, feeds,
# home, section and index pages): what the discovery budget counts.
DISCOVERY = "warta_discovery"
# The count of discovery requests dropped for want of budget: a crawl that has it did not
# read all it was meant to, and is not taken as complete.
BUDGET_EXHAUSTED = "discovery/budget_exhausted"


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
            self.crawler.stats.inc_value("warta/retry_after/waited")
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


class DiscoveryBudget:
    """Spider middleware: at most ``WARTA_DISCOVERY_BUDGET`` discovery requests a crawl.

    Discovery that follows every section, pager and day of a site could read thousands of
    listing pages before the first article; the budget bounds that, whatever the site
    offers. Requests are counted as the spider asks for them (``warta/discovery/requests``)
    and those past the budget are dropped, counted (``warta/discovery/budget_exhausted``)
    and logged once, so a crawl that ran out says so in its record and summary. Article
    requests are never counted: an article found is always fetched.
    """

    def __init__(self, crawler, budget: int) -> None:
        self.stats = crawler.stats
        self.budget = budget
        self.spent = 0
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getint("WARTA_DISCOVERY_BUDGET", 1000))

    def spider_opened(self, spider) -> None:
        self.stats.set_value("warta/discovery/budget", self.budget)

    async def process_start(self, start) -> AsyncIterator:
        async for output in start:
            if self._allowed(output):
                yield output

    async def process_spider_output(self, response, result) -> AsyncIterator:
        async for output in result:
            if self._allowed(output):
                yield output

    def _allowed(self, output) -> bool:
        if not isinstance(output, Request) or not output.meta.get(DISCOVERY):
            return True
        if self.spent < self.budget:
            self.spent += 1
            self.stats.inc_value("warta/discovery/requests")
            return True
        if not self.stats.get_value(f"warta/{BUDGET_EXHAUSTED}"):
            logger.warning(
                "discovery budget of %d requests spent; %s and further discovery documents "
                "not requested (raise WARTA_DISCOVERY_BUDGET to go further)",
                self.budget,
                output.url,
            )
        self.stats.inc_value(f"warta/{BUDGET_EXHAUSTED}")
        return False
