"""Telling the shared scheduler when a response is finished with."""

from __future__ import annotations

from collections.abc import AsyncIterator

from crawler.distributed.queue import LEASE
from crawler.items import PageItem
from crawler.signals import request_handled


class LeaseMiddleware:
    """A response that yields an article hands its lease to the item, to be released
    once the article is stored (or skipped); a response that yields none (a sitemap, a
    page of a split article) is finished with when its callback is, since the requests
    it yielded are in the shared queue by then."""

    def __init__(self, crawler) -> None:
        self.signals = crawler.signals

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_spider_output(self, response, result) -> AsyncIterator:
        lease = response.request.meta.get(LEASE)
        handed_on = False
        try:
            async for output in result:
                if isinstance(output, PageItem):
                    output.lease, handed_on = lease, True
                yield output
        finally:
            if not handed_on:
                self.signals.send_catch_log(request_handled, lease=lease)
