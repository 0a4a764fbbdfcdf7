"""The spider is one-machine code: it never imports the distributed add-on nor Redis,
and what changes when workers share a crawl it asks its coordination, which the add-on
swaps for one kept in Redis."""

from __future__ import annotations

import subprocess
import sys

from scrapy.settings import Settings

from crawler.coordination import CrawlAlone
from crawler.distributed import DistributedCrawling
from crawler.distributed.coordination import SharedRound
from crawler.spiders.news import NewsSpider
from tests.conftest import PROJECT_DIR

SITE = "kabarnusantara"
# What the spider must not bring in, even through the modules it imports.
DISTRIBUTED = ("crawler.distributed", "redis", "scrapy_redis")


def test_the_spider_imports_nothing_distributed():
    """Imported alone, in a fresh process, so nothing another test imported hides it."""
    program = (
        "import sys, crawler.spiders.news\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {DISTRIBUTED!r}"
        f" or m.startswith('crawler.distributed')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def spider_with(settings: Settings) -> NewsSpider:
    """A news spider given ``settings`` as a crawler would give them."""
    spider = NewsSpider(site=SITE)
    spider.settings = settings
    return spider


def addon_settings(**values) -> Settings:
    """Settings as they are once the distributed add-on has seen them."""
    settings = Settings(values)
    DistributedCrawling().update_settings(settings)
    return settings


def test_a_crawl_alone_begins_discovery_itself_and_may_hold_the_listings_back():
    coordination = spider_with(addon_settings()).coordination
    assert type(coordination) is CrawlAlone
    assert coordination.begins_discovery and coordination.listings_may_wait
    coordination.document_incomplete("https://example.org/feed")
    assert coordination.incomplete_documents() == {"https://example.org/feed"}
    assert CrawlAlone(Settings(), SITE).incomplete_documents() == set()


def test_the_addon_gives_a_worker_the_coordination_of_a_shared_round(redis_url):
    coordination = spider_with(addon_settings(WARTA_REDIS_URL=redis_url)).coordination
    assert isinstance(coordination, SharedRound)
    assert not coordination.begins_discovery and not coordination.listings_may_wait


def test_workers_of_a_round_hear_of_each_others_incomplete_documents(redis_url):
    settings = addon_settings(WARTA_REDIS_URL=redis_url)
    reader, fetcher = SharedRound(settings, SITE), SharedRound(settings, SITE)
    fetcher.document_incomplete("https://example.org/sitemap.xml")
    assert reader.incomplete_documents() == {"https://example.org/sitemap.xml"}
    assert SharedRound(settings, "another-site").incomplete_documents() == set()
