"""Distributed crawling: several worker processes, on any machines, crawl the same
sites together through scrapy-redis's shared queue and duplicate filter, and write to
one PostgreSQL database.

Setting ``WARTA_REDIS_URL`` is the whole switch: ``DistributedCrawling``, a Scrapy
add-on listed in the settings, then swaps in the shared scheduler and gives the spider
the coordination of a shared round (``WARTA_COORDINATION``). Without it a crawl runs on
Scrapy's own in-memory scheduler, as on a single machine, and the spider, which is
one-machine code, never hears of Redis.
"""

from __future__ import annotations

from scrapy.settings import Settings
from scrapy_redis.connection import get_redis_from_settings


class DistributedCrawling:
    """Scrapy add-on: the shared scheduler, duplicate filter, leases and round
    coordination when ``WARTA_REDIS_URL`` is set; nothing otherwise."""

    def update_settings(self, settings) -> None:
        url = settings.get("WARTA_REDIS_URL")
        if not url:
            return
        settings.set("REDIS_URL", url, "addon")
        settings.set("SCHEDULER", "crawler.distributed.scheduler.SharedScheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", "addon")
        # Off, the first worker to finish would clear the shared duplicate filter and
        # queue, and the others would crawl everything again.
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.set("WARTA_COORDINATION", "crawler.distributed.coordination.SharedRound", "addon")
        settings.set_in_component_priority_dict(
            "SPIDER_MIDDLEWARES", "crawler.distributed.middleware.LeaseMiddleware", 10
        )


def redis_client(url: str):
    """The Redis at ``url``, connected to as scrapy-redis would connect to it."""
    client = get_redis_from_settings(Settings({"REDIS_URL": url}))
    client.ping()
    return client
