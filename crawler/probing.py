"""The HTTP side of `warta sites probe`: a small Scrapy spider that reads a site the way
a crawl by URL discovers it, once, and records what it found (``Findings``).

It asks for what a generic crawl asks for (robots.txt and the sitemaps it names, the
WordPress and Yoast sitemap paths, ``/feed/``, the home page, the feeds and section
pages the home page links to) and a little more that is worth a request when a profile
is written once: ``/rss`` and ``/rss.xml``, where many Indonesian portals keep their
feed, and one page of each dated index shape a page links to (to count its articles).
Every request goes through warta's own settings: its user agent, robots.txt obeyed, the
proxy of ``WARTA_PROXY``. Nothing is stored; the pipelines and crawl-run extensions
are off. The spider is not in ``crawler.spiders``: it is no crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from cleaners import canonicalize_url
from crawler import discovery
from crawler.dated import dated_index
from crawler.runner import project_settings
from crawler.sites.generic import (
    GENERIC_DISCOVERY,
    looks_like_article_path,
    looks_like_listing_path,
)
from crawler.sites.probe import (
    DATED,
    FEED,
    HOME,
    ROBOTS,
    SECTION,
    SITEMAP,
    SITEMAP_INDEX,
    Document,
    Findings,
    ProbeError,
)

# Feed paths tried besides the generic crawl's "/feed/" (detik, tribun, voi...).
EXTRA_FEEDS = ("/rss", "/rss.xml")
MAX_SECTIONS = 10
MAX_CHILD_SITEMAPS = 5
MAX_DATED_SHAPES = 3
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
_HTML_TYPES = (b"text/html", b"application/xhtml")
# A probe is a handful of requests read once: no retries (a failure is reported, and
# the user probes again), nothing stored, Scrapy's own log silent (the report says
# what failed), and a gentle pace on someone else's site.
PROBE_SETTINGS: dict[str, object] = {
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {},
    "SPIDER_MIDDLEWARES": {},
    "ADDONS": {},
    "WARTA_REDIS_URL": None,
    "RETRY_ENABLED": False,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0.5,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "LOG_LEVEL": "CRITICAL",
}
# Connection failures by exception name, as a person reads them: Scrapy's own (2.13+)
# and the Twisted ones older Scrapy passed on.
_UNREACHABLE = {
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "CannotResolveHostError": "no such host",
    "DNSLookupError": "no such host",
    "DownloadTimeoutError": "timed out",
    "TimeoutError": "timed out",
    "TCPTimedOutError": "timed out",
    "DownloadFailedError": "the connection failed",
    "ConnectionLost": "connection lost",
    "ResponseNeverReceived": "no answer",
}


class ProbeSpider(scrapy.Spider):
    """Reads one site's discovery documents and listing pages into ``findings``."""

    name = "probe"

    def __init__(self, findings: Findings, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.findings = findings
        self.allowed_domains = [findings.domain]
        # How each sitemap or feed asked for was found; one list per request, shared with
        # its Document, so a way found after the answer still shows.
        self._vias: dict[str, list[str]] = {}
        self._child_sitemaps = 0
        self._dated_shapes: set[tuple] = set()

    def _absolute(self, path: str) -> str:
        return urljoin(self.findings.base_url + "/", path)

    async def start(self):
        yield self._home_request(self.findings.url, hops=0)
        yield scrapy.Request(
            self._absolute("/robots.txt"), callback=self.parse_robots, errback=self.failed
        )
        for path in (*GENERIC_DISCOVERY, *EXTRA_FEEDS):
            if path not in ("/", "/robots.txt"):
                for request in self._document(self._absolute(path), "well-known path"):
                    yield request

    # --- the home page: whether the site can be probed at all ---------------------------

    def _home_request(self, url: str, hops: int) -> scrapy.Request:
        """The home page, redirects handled here: one to another host ends the probe."""
        return scrapy.Request(
            url,
            callback=self.parse_home,
            errback=self.home_failed,
            priority=100,
            dont_filter=True,
            meta={"dont_redirect": True, "handle_httpstatus_list": list(_REDIRECTS)},
            cb_kwargs={"hops": hops},
        )

    def parse_home(self, response: Response, hops: int):
        if response.status in _REDIRECTS:
            yield self._home_redirect(response, hops)
            return
        if not _is_html(response):
            kind = response.headers.get(b"Content-Type", b"").decode("latin-1") or "no type"
            self._fatal(f"{response.url} is not an HTML page ({kind}): give a site's home page")
        self.findings.name = _site_name(response)
        yield from self._read_page(response, HOME, "given")

    def _home_redirect(self, response: Response, hops: int) -> scrapy.Request:
        target = urljoin(response.url, response.headers.get(b"Location", b"").decode("latin-1"))
        host = (urlsplit(target).hostname or "").lower()
        if host != self.findings.host:
            self._fatal(
                f"{response.url} redirects to {target}, another host: probe that URL instead"
            )
        if hops >= MAX_REDIRECTS:
            self._fatal(f"{response.url} redirects more than {MAX_REDIRECTS} times")
        parts = urlsplit(target)
        self.findings.base_url = f"{parts.scheme}://{parts.netloc}"
        return self._home_request(target, hops + 1)

    def home_failed(self, failure: Failure) -> None:
        url = failure.request.url
        if failure.check(HttpError):
            self.findings.failed[url] = f"HTTP {failure.value.response.status}"
        elif failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
            self._fatal(f"{url}: robots.txt of {self.findings.host} forbids warta to read it")
        else:
            self._fatal(f"cannot reach {url}: {_unreachable(failure)}")

    def _fatal(self, message: str) -> None:
        self.findings.fatal = message
        raise CloseSpider("probe_failed")

    # --- robots.txt, sitemaps and feeds ---------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if discovery.sniff(response.body) != "robots":
            self.findings.failed[response.url] = "not a robots.txt"
            return
        sitemaps = discovery.robots_sitemaps(response.body, response.url)
        self.findings.add(Document(response.url, ROBOTS, ["well-known path"], sitemaps))
        for url in sitemaps:
            yield from self._document(url, ROBOTS)

    def _document(self, url: str, via: str) -> Iterator[scrapy.Request]:
        """A sitemap or feed, asked for once however many ways it was found."""
        if url in self._vias:
            self._vias[url].append(via)
            return
        self._vias[url] = [via]
        yield scrapy.Request(
            url,
            callback=self.parse_document,
            errback=self.failed,
            cb_kwargs={"via": self._vias[url]},
        )

    def parse_document(self, response: Response, via: list[str]) -> Iterator[scrapy.Request]:
        kind = discovery.sniff(response.body)
        try:
            if kind == "sitemapindex":
                yield from self._sitemap_index(response, via)
            elif kind == "urlset":
                links = [link.url for link in discovery.sitemap_links(response.body)]
                self.findings.add(Document(response.url, SITEMAP, via, links))
            elif kind == "feed":
                links = [link.url for link in discovery.feed_links(response.body)]
                self.findings.add(Document(response.url, FEED, via, links))
            else:
                self.findings.failed[response.url] = f"not a sitemap or feed ({kind})"
        except discovery.UnreadableDocument as exc:
            self.findings.failed[response.url] = f"unreadable: {exc}"

    def _sitemap_index(self, response: Response, via: list[str]) -> Iterator[scrapy.Request]:
        children = [link.url for link in discovery.sitemap_links(response.body)]
        self.findings.add(Document(response.url, SITEMAP_INDEX, via, children))
        for url in children:
            if not self.findings.owns(url):
                self.findings.skipped[url] = "on another host"
            elif not discovery.is_article_sitemap(url):
                self.findings.skipped[url] = "lists tags, categories, authors or pages"
            elif self._child_sitemaps >= MAX_CHILD_SITEMAPS:
                self.findings.skipped[url] = f"more than {MAX_CHILD_SITEMAPS} child sitemaps"
            else:
                self._child_sitemaps += 1
                yield from self._document(url, f"{SITEMAP_INDEX} {response.url}")

    def failed(self, failure: Failure) -> None:
        self.findings.failed[failure.request.url] = _failure_reason(failure)

    # --- listing pages ---------------------------------------------------------------------

    def _page_request(self, url: str, kind: str, via: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.failed,
            cb_kwargs={"kind": kind, "via": via},
        )

    def parse_page(self, response: Response, kind: str, via: str) -> Iterator[scrapy.Request]:
        if not _is_html(response):
            self.findings.failed[response.url] = "not an HTML page"
            return
        yield from self._read_page(response, kind, via)

    def _read_page(self, response: Response, kind: str, via: str) -> Iterator[scrapy.Request]:
        """A home, section or dated index page: its links recorded; from the home page its
        feeds and sections followed; from any page one page of each new dated index."""
        try:
            links = discovery.page_links(response.body, response.url)
        except discovery.UnreadableDocument as exc:
            self.findings.failed[response.url] = f"unreadable: {exc}"
            return
        self.findings.add(Document(response.url, kind, [via], links.anchors))
        if kind == HOME:
            for feed in links.feeds:
                if self.findings.owns(feed):
                    yield from self._document(feed, "home page <link>")
            for url in self._sections(links.anchors):
                yield self._page_request(url, SECTION, HOME)
        yield from self._dated_pages([*links.anchors, *links.date_forms], response.url)

    def _sections(self, anchors: list[str]) -> list[str]:
        """The section and archive pages a home page links to, as a crawl by URL reads."""
        urls = dict.fromkeys(canonicalize_url(a) for a in anchors if self.findings.owns(a))
        return [
            url
            for url in urls
            if looks_like_listing_path(urlsplit(url).path) and not dated_index(url)
        ][:MAX_SECTIONS]

    def _dated_pages(self, urls: list[str], page_url: str) -> Iterator[scrapy.Request]:
        """Record every dated index page ``urls`` name; read the first of each shape."""
        for url in urls:
            if not self.findings.owns(url) or looks_like_article_path(urlsplit(url).path):
                continue
            index = dated_index(url)
            if index is None:
                continue
            self.findings.dated.append(index)
            if index.shape not in self._dated_shapes:
                if len(self._dated_shapes) >= MAX_DATED_SHAPES:
                    continue
                self._dated_shapes.add(index.shape)
                yield self._page_request(index.url_for(index.day), DATED, page_url)


def _is_html(response: Response) -> bool:
    content_type = response.headers.get(b"Content-Type", b"").lower()
    if content_type:
        return content_type.startswith(_HTML_TYPES)
    return discovery.sniff(response.body) == "html"


def _site_name(response: Response) -> str:
    """The site's name: its og:site_name, else the part of the home page's title that
    spells its host ("KabarNusantara.com" of "KabarNusantara.com - Berita Terkini");
    empty when neither says."""
    name = response.xpath("string(//meta[@property='og:site_name']/@content)").get() or ""
    if name.strip():
        return name.strip()
    host = (urlsplit(response.url).hostname or "").removeprefix("www.").split(".")[0]
    title = response.xpath("string(//title)").get() or ""
    for part in re.split(r"\s+[-|–—]\s+", title.strip()):
        if host and host in re.sub(r"[^a-z0-9]", "", part.lower()):
            return part
    return ""


def _unreachable(failure: Failure) -> str:
    name = failure.type.__name__ if failure.type else "error"
    return _UNREACHABLE.get(name, str(failure.value) or name)


def _failure_reason(failure: Failure) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(IgnoreRequest):
        message = str(failure.value)
        return "forbidden by robots.txt" if "robots.txt" in message else message or "filtered"
    return _unreachable(failure)


def probe_site(url: str, overrides: Mapping[str, object] | None = None) -> Findings:
    """Probe the site at ``url`` (its home page, or any page of it) and return what was
    found; ``ProbeError`` when the site cannot be probed. Runs a Twisted reactor, so
    once per process, as `warta crawl` does."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProbeError(f"{url}: not an http(s) URL of a site")
    overrides = {**PROBE_SETTINGS, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    findings = Findings(
        url=url,
        base_url=f"{parts.scheme}://{parts.netloc.lower()}",
        proxy=str(overrides["WARTA_PROXY"]) if overrides.get("WARTA_PROXY") else None,
    )
    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler, findings=findings)
    process.start()
    if findings.fatal:
        raise ProbeError(findings.fatal)
    if crawler.stats.get_value("spider_exceptions/count"):
        raise ProbeError(f"{url}: the probe failed on a page it read; run with --log-level ERROR")
    return findings
