"""Telling the shared scheduler when a response is finished with."""

from __future__ import annotations

from collections.abc import AsyncIterator

from scrapy import Request

from crawler.distributed.queue import LEASE, PARENT_LEASE
from crawler.items import PageItem
from crawler.signals import request_handled


class LeaseMiddleware:
    """A response that yields an article hands its lease to the item, to be released
    once the article is stored (or skipped); a response that yields none (a sitemap, a
    page of a split article) is finished with once its callback is done and the requests
    it yielded are in the shared queue.

    Not before: Scrapy reads a callback's whole output before it schedules any of it (a
    sitemap's first 200 requests, all of a start request's). Released as the callback
    returned, the lease would leave a moment with nothing queued and nothing held, in
    which an idle worker takes the round for over: it ends the round for every worker
    and leaves, and the one still reading the site crawls it alone. So each request
    yielded carries the lease (``PARENT_LEASE``), and the shared scheduler ends it when
    it has queued as many as the callback yielded.
    """

    def __init__(self, crawler) -> None:
        self.signals = crawler.signals

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_spider_output(self, response, result) -> AsyncIterator:
        lease = response.request.meta.get(LEASE)
        handed_on, requests = False, 0
        try:
            async for output in result:
                if isinstance(output, PageItem):
                    output.lease, handed_on = lease, True
                elif isinstance(output, Request) and lease:
                    output.meta[PARENT_LEASE] = lease
                    requests += 1
                yield output
        finally:
            if not handed_on:
                self.signals.send_catch_log(request_handled, lease=lease, requests=requests)
