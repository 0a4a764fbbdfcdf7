"""The news spider: discover article URLs from a site's sitemaps and feeds, skip the
ones already stored, fetch the rest whole, hand the raw pages to the pipelines.

One spider instance crawls one site, so every crawl has its own stats and its own
crawl-run row; ``warta crawl a b c`` runs several side by side in one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from cleaners import canonicalize_url
from crawler.items import PageItem
from crawler.sites import SiteProfile, get_profile
from storage import ArticleStore

_FEED_LINKS = etree.XPath(
    "//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href"
)
_HTML_TYPES = (b"text/html", b"application/xhtml")


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, site: str | None = None, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not site:
            raise ValueError("the news spider needs a site: -a site=KEY")
        self.profile: SiteProfile = get_profile(site)
        self.allowed_domains = self.profile.allowed_domains
        # Every article URL met in this crawl, fetched or known, so that the same URL
        # announced by the sitemap and the feed is counted and fetched once.
        self._seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = ArticleStore(crawler.settings.get("WARTA_DB_URL"))
        return spider

    def count(self, key: str, value: int = 1) -> None:
        self.crawler.stats.inc_value(f"warta/{key}", value)

    async def start(self):
        for url in self.profile.discovery_urls():
            yield scrapy.Request(
                url, callback=self.parse_discovery, errback=self.discovery_failed, priority=10
            )

    def parse_discovery(self, response: Response) -> Iterator[scrapy.Request]:
        self.count("discovery/documents")
        body = response.body
        head = body[:2000].lower()
        if b"<sitemapindex" in head:
            yield from self._follow_sitemap_index(response)
        elif b"<urlset" in head:
            locations = [entry["loc"] for entry in self._sitemap_entries(response)]
            yield from self._schedule_articles(locations)
        elif b"<rss" in head or b"<feed" in head or b"<rdf" in head:
            yield from self._schedule_articles(self._feed_links(response))
        else:
            self.logger.warning("not a sitemap or feed: %s", response.url)
            self.count("discovery/unreadable")

    def _sitemap_entries(self, response: Response) -> list[dict]:
        try:
            return list(Sitemap(response.body))
        except (etree.XMLSyntaxError, ValueError):
            self.logger.warning("malformed sitemap: %s", response.url)
            self.count("discovery/unreadable")
            return []

    def _follow_sitemap_index(self, response: Response) -> Iterator[scrapy.Request]:
        for entry in self._sitemap_entries(response):
            url = entry.get("loc", "")
            if self.profile.owns_host(urlsplit(url).hostname or ""):
                yield scrapy.Request(
                    url, callback=self.parse_discovery, errback=self.discovery_failed, priority=10
                )

    def _feed_links(self, response: Response) -> list[str]:
        try:
            root = etree.fromstring(
                response.body, etree.XMLParser(recover=True, resolve_entities=False)
            )
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.logger.warning("malformed feed: %s", response.url)
            self.count("discovery/unreadable")
            return []
        return [link.strip() for link in _FEED_LINKS(root) if link.strip()]

    def _schedule_articles(self, urls: Iterable[str]) -> Iterator[scrapy.Request]:
        candidates: list[str] = []
        for raw in urls:
            url = canonicalize_url(raw)
            if not self.profile.is_article_url(url):
                self.count("skipped/not_article_url")
                continue
            if url in self._seen:
                self.count("skipped/duplicate_url")
                continue
            self._seen.add(url)
            candidates.append(url)
        known = self.store.known_urls(candidates)
        for url in candidates:
            self.count("discovery/article_urls")
            if url in known:
                self.count("skipped/already_stored")
                continue
            yield scrapy.Request(
                self.profile.fetch_url(url),
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"article_url": url},
            )

    def parse_article(self, response: Response, article_url: str) -> Iterator[PageItem]:
        content_type = response.headers.get(b"Content-Type", b"").lower()
        if content_type and not content_type.startswith(_HTML_TYPES):
            self.count("skipped/not_html")
            return
        self.count("pages/fetched")
        yield PageItem(
            site=self.profile.key,
            url=article_url,
            fetched_url=response.url,
            html=response.body,
            fetched_at=datetime.now(UTC),
        )

    def article_failed(self, failure: Failure) -> None:
        self.count(f"skipped/{_failure_reason(failure)}")
        self.logger.info(
            "article not fetched (%s): %s", _failure_reason(failure), failure.request.url
        )

    def discovery_failed(self, failure: Failure) -> None:
        self.count(f"discovery/{_failure_reason(failure)}")
        self.logger.warning(
            "discovery document not fetched (%s): %s", _failure_reason(failure), failure.request.url
        )


def _failure_reason(failure: Failure) -> str:
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    name = failure.type.__name__ if failure.type else "error"
    return {"IgnoreRequest": "robots_or_filtered"}.get(name, name.lower())
