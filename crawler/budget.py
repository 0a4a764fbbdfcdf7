"""The discovery budget: a per-crawl cap on discovery requests.

Kept apart from ``crawler.middlewares``, which imports Twisted's reactor: the spider
imports the names below, and a reactor installed that early is the wrong one.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from scrapy import Request, signals

from crawler import count_keys

logger = logging.getLogger(__name__)
# Request meta key marking a discovery request (robots.txt, sitemaps, feeds, home,
# section and index pages): what the budget counts.
DISCOVERY = "warta_discovery"


class DiscoveryBudget:
    """Spider middleware: at most ``WARTA_DISCOVERY_BUDGET`` discovery requests a crawl.

    Discovery that follows every section, pager and day of a site could read thousands of
    listing pages before the first article; the budget bounds that, whatever the site
    offers. Requests are counted as the spider asks for them (``discovery/requests``)
    and those past the budget are dropped, counted (``discovery/budget_exhausted``: a
    crawl that has it is not taken as complete) and logged once, so a crawl that ran out
    says so in its record and summary. Article requests are never counted: an article
    found is always fetched.
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
        self.stats.set_value(count_keys.DISCOVERY_BUDGET.stat, self.budget)

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
            self.stats.inc_value(count_keys.DISCOVERY_REQUESTS.stat)
            return True
        if not self.stats.get_value(count_keys.DISCOVERY_BUDGET_EXHAUSTED.stat):
            logger.warning(
                "discovery budget of %d requests spent; %s and further discovery documents "
                "not requested (raise WARTA_DISCOVERY_BUDGET to go further)",
                self.budget,
                output.url,
            )
        self.stats.inc_value(count_keys.DISCOVERY_BUDGET_EXHAUSTED.stat)
        return False
