"""A crawl that is one worker's share of a round: the coordination the distributed
add-on gives the spider (see :mod:`crawler.coordination`)."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from crawler.coordination import CrawlAlone
from crawler.distributed import redis_client
from crawler.distributed.keys import SiteKeys


class SharedRound(CrawlAlone):
    """A worker of a round shared through Redis.

    Discovery is begun by the round's first request in the shared queue, whichever worker
    takes it, not by each worker's start. The listings are walked at once, since no
    worker reads every sitemap and feed of the round and none can tell whether they
    reached back far enough. A failed article is recorded in Redis, since the worker that
    read its document may be another one, and it is the one that saves the validators.
    """

    begins_discovery = False
    listings_may_wait = False

    def __init__(self, settings: BaseSettings, site: str) -> None:
        super().__init__(settings, site)
        self.redis = redis_client(settings["WARTA_REDIS_URL"])
        self.keys = SiteKeys(site)

    def document_incomplete(self, url: str) -> None:
        super().document_incomplete(url)
        self.redis.sadd(self.keys.incomplete, url)

    def incomplete_documents(self) -> set[str]:
        shared = self.redis.smembers(self.keys.incomplete)
        return super().incomplete_documents() | {url.decode() for url in shared}
