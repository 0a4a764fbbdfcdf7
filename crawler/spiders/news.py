"""The news spider: discover article URLs where a site announces them, skip the ones
already stored and unchanged, fetch the rest whole (every page of a split article), and
hand the raw pages to the pipelines.

One spider instance crawls one site, so every crawl has its own stats and its own
crawl-run row; ``warta crawl a b c`` runs several side by side in one process.

Dated index pages are read as deep as the site allows within a window of days (see
:mod:`crawler.dated`): the days a page links to (date navigation, a busy day's pager),
or every day of the window where the page offers only a date picker. Discovery requests
are bounded by a per-crawl budget (``crawler.budget.DiscoveryBudget``).

Discovery documents (robots.txt, sitemaps, feeds, home and dated index pages) are asked
for with the validators they last came with, and a 304 costs nothing. Validators are
saved only when the crawl finished and every article a document announced was handled,
so a crawl that dies or fails halfway is never told "nothing changed" about articles it
did not store.

Steady state is cheap: a later crawl asks for robots.txt once (Scrapy's own fetch, whose
``Sitemap:`` lines a site given by URL is discovered from), its sitemaps and feeds, and
the articles they announce as new or changed. HTML listings (home, sections, dated index
pages) wait until the sitemaps and feeds are read, and are walked only if none reached
back to the last complete crawl, or when ``WARTA_LISTING_HOURS`` have passed since they
were last walked. A probed path that answered 404 or 410 is not asked for again for
``WARTA_ABSENT_RETRY_DAYS``, and an article skipped for a lasting reason (see
``crawler.extensions.LastingSkipMemory``) is not fetched again unless its announcement
says it changed after the skip, or ``WARTA_SKIP_MEMORY_DAYS`` have passed.

The spider is one-machine code. What changes when several workers share a crawl (who
begins discovery, what they must tell each other) it asks its coordination
(:mod:`crawler.coordination`), which the distributed add-on replaces. What it counts is
declared in :mod:`crawler.count_keys`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cached_property
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import load_object
from twisted.python.failure import Failure

from cleaners import canonicalize_url
from cleaners.pagination import next_page_url
from crawler import count_keys, discovery, failures
from crawler.blocks import Blocked
from crawler.budget import DISCOVERY
from crawler.coordination import CrawlAlone
from crawler.database import crawl_store
from crawler.dated import DatedIndex, Window, dated_index, discovery_window
from crawler.discovery import Link, PageLinks, UnreadableDocument
from crawler.items import PageItem
from crawler.signals import page_skipped, request_failed
from crawler.sites import SiteProfile, profile_for
from crawler.sites.generic import looks_like_listing_path

_HTML_TYPES = (b"text/html", b"application/xhtml")
# A pager longer than this is a loop or a gallery, not an article.
MAX_ARTICLE_PAGES = 20
# Pages of one dated index followed at most (a day of a big portal fills ~30).
MAX_INDEX_PAGES = 50
# Section pages read from the home page of a site crawled without a profile.
MAX_SECTIONS = 40
# The day of a dated index is the newsroom's day: Western Indonesian Time.
WIB = timezone(timedelta(hours=7))
# The request whose callback walks the HTML listings held back until the sitemaps and
# feeds were read. Scrapy answers it itself; the requests its callback yields pass the
# spider middlewares (the discovery budget) like any other.
LISTINGS_URL = "data:,warta-listings"
ROBOTS_PATH = "/robots.txt"
# What a probed path answers when the site does not have it.
ABSENT_STATUSES = (404, 410)


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        site: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        *args,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not site:
            raise ValueError("the news spider needs a site: -a site=KEY or -a site=URL")
        self.profile: SiteProfile = profile_for(site)
        self.allowed_domains = self.profile.allowed_domains
        self.since, self.until = _day(since), _day(until)
        # Every article URL met in this crawl, fetched or known, so that the same URL
        # announced by the sitemap and the feed is counted and fetched once.
        self._seen: set[str] = set()
        # Validators of the documents read in this crawl, saved when it finishes well.
        self._validators: dict[str, tuple[str | None, str | None]] = {}
        # Every discovery URL asked for in this crawl: none twice, none counted twice
        # against the budget.
        self._documents: set[str] = set()
        # Pages asked for per day of a dated index, and the index shapes whose days were
        # all written out from one example.
        self._day_pages: Counter = Counter()
        self._derived: set[tuple] = set()
        # Sitemaps named by robots.txt (as Scrapy fetched it), not yet followed.
        self._robots_sitemaps: list[str] = []
        # Probed documents that answered 404 or 410: remembered when the crawl finishes.
        self._absent: dict[str, int] = {}
        # Whether a sitemap or feed reached back to the last complete crawl, so that the
        # listings held back in ``_listings`` need not be walked; and whether they were.
        self._covered = False
        self._listings: list[str] = []
        self._walked_listings = False

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.store = crawl_store(crawler.settings)
        spider.today = _day(crawler.settings.get("WARTA_TODAY")) or datetime.now(WIB).date()
        if spider.since and not spider.until:
            spider.until = spider.today
        spider.first_days = crawler.settings.getint("WARTA_DISCOVERY_DAYS", 7)
        spider.started = datetime.now(UTC)
        settings = crawler.settings
        spider.skip_memory = timedelta(days=settings.getfloat("WARTA_SKIP_MEMORY_DAYS", 30))
        spider.absent_retry = timedelta(days=settings.getfloat("WARTA_ABSENT_RETRY_DAYS", 7))
        spider.listing_cadence = timedelta(hours=settings.getfloat("WARTA_LISTING_HOURS", 24))
        # Scrapy reads robots.txt before anything else of the site: our discovery uses
        # that copy rather than asking for it a second time.
        spider.robots_by_scrapy = settings.getbool("ROBOTSTXT_OBEY")
        if spider.robots_by_scrapy and spider.profile.generic:
            crawler.signals.connect(spider.robots_received, signal=signals.response_received)
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        return spider

    @cached_property
    def coordination(self) -> CrawlAlone:
        """What this crawl shares with other processes crawling the site: nothing, unless
        an add-on names a coordination in ``WARTA_COORDINATION``. Made on first use, as
        add-ons apply their settings after the spider is made."""
        named = self.settings.get("WARTA_COORDINATION")
        coordination = load_object(named) if named else CrawlAlone
        return coordination(self.settings, self.profile.key)

    def count(self, count: count_keys.Count, value: int = 1) -> None:
        self.crawler.stats.inc_value(count.stat, value)

    def skip(self, reason: str, url: str) -> None:
        """Count a URL not fetched or not stored, and say which and why under -v."""
        self.crawler.stats.inc_value(count_keys.SKIPPED.stat(reason))
        self.logger.info("skipped (%s): %s", reason, url)

    @property
    def backfill(self) -> bool:
        return self.since is not None

    @cached_property
    def last_complete(self) -> datetime | None:
        """When the last complete crawl of this site began (UTC), or None."""
        return self.store.last_complete_run(
            self.profile.key, count_keys.DISCOVERY_BUDGET_EXHAUSTED.key
        )

    @cached_property
    def window(self) -> Window:
        """The days whose dated index pages this crawl reads: a backfill's days, else
        back to the last complete crawl (see :func:`crawler.dated.discovery_window`)."""
        if self.backfill:
            window = Window(self.since, self.until)
        else:
            window = discovery_window(self.today, self.last_complete, self.first_days)
        self.crawler.stats.set_value(count_keys.DISCOVERY_WINDOW_DAYS.stat, len(window.days()))
        self.logger.info("dated index pages read from %s to %s", window.since, window.until)
        return window

    def _in_window(self, moment: datetime | None) -> bool:
        """Whether a change time falls in the backfill window (always, outside backfill;
        and when the document gives no time, since the link may still be in range)."""
        if not self.backfill or moment is None:
            return True
        day = moment.astimezone(WIB).date()
        return self.since <= day <= self.until

    # --- discovery ------------------------------------------------------------------

    async def start(self):
        if self.coordination.begins_discovery:
            for request in self._discovery_requests():
                yield request

    def begin_discovery(self, response: Response) -> Iterator[scrapy.Request]:
        """Discovery begun by a request rather than by ``start()``: how a crawl whose
        coordination does not begin it (one share of a crawl by several workers) starts."""
        return self._discovery_requests()

    def _discovery_requests(self) -> Iterator[scrapy.Request]:
        probes, listings = self._probes(), self._listing_urls()
        if listings and not self._listings_now():
            self._listings = listings  # see idle()
            listings = []
        self._walked_listings = bool(listings)
        yield from self._start_documents([*probes, *listings], probes=probes)

    def _start_documents(
        self, urls: list[str], probes: Iterable[str] = ()
    ) -> Iterator[scrapy.Request]:
        urls = self._unasked(urls)
        known = self._known_validators(urls)
        for url in urls:
            yield self._discovery_request(
                url, known.get(url), sections=self._is_home(url), probe=url in probes
            )

    def _is_home(self, url: str) -> bool:
        """The home page of a site given by URL, which leads to its feeds and sections."""
        return self.profile.generic and urlsplit(url).path in ("", "/")

    def _probes(self) -> list[str]:
        """The sitemaps and feeds to ask for: the profile's (for a site given by URL, the
        usual paths), but not robots.txt, which Scrapy reads anyway, and not those found
        absent lately."""
        urls = [url for url in self.profile.discovery_urls() if not self._is_home(url)]
        if self.robots_by_scrapy:
            urls = [url for url in urls if urlsplit(url).path != ROBOTS_PATH]
        return self._present(urls)

    def _present(self, urls: list[str]) -> list[str]:
        """``urls`` less those that answered 404 or 410 within WARTA_ABSENT_RETRY_DAYS."""
        if not urls:
            return []
        absent = self.store.absent_documents(
            self.profile.key, urls, self.started - self.absent_retry
        )
        if absent:
            self.count(count_keys.DISCOVERY_KNOWN_ABSENT, len(absent))
            if gone := [url for url in absent if self._profile_document(url)]:
                self.count(count_keys.DISCOVERY_GONE, len(gone))
        return [url for url in urls if url not in absent]

    def _profile_document(self, url: str) -> bool:
        """A sitemap or feed the site's profile names (not a usual path probed on a site
        without one, nor a sitemap robots.txt named): its absence says the profile is out
        of date."""
        return not self.profile.generic and url in self.profile.discovery_urls()

    def _listing_urls(self) -> list[str]:
        """The HTML listings discovery starts from: the home page of a site given by URL
        and the profile's dated index pages of today (of every day, in a backfill)."""
        urls = [url for url in self.profile.discovery_urls() if self._is_home(url)]
        for day in _days(self.since, self.until) if self.backfill else [self.today]:
            urls += self.profile.index_urls(day)
        return urls

    def _listings_now(self) -> bool:
        """Whether the listings are walked from the start: in a backfill, in a crawl
        whose coordination says they may not wait (its workers do not share what each
        one read), on a site never crawled whole, or when WARTA_LISTING_HOURS have passed
        since they were last walked. Otherwise they wait until the sitemaps and feeds are
        read (see idle)."""
        if self.backfill or not self.coordination.listings_may_wait or self.last_complete is None:
            return True
        walked = self.store.listings_read_at(self.profile.key)
        return walked is None or walked <= self.started - self.listing_cadence

    def idle(self) -> None:
        """Everything asked for so far is handled: walk the listings held back, unless a
        sitemap or feed reached back to the last complete crawl, and so announced all
        that was published since."""
        listings, self._listings = self._listings, []
        if not listings:
            return
        if self._covered:
            self.count(count_keys.DISCOVERY_LISTINGS_SKIPPED, len(listings))
            return
        self.logger.info("no sitemap or feed reached back to the last complete crawl")
        self._walked_listings = True
        self.crawler.engine.crawl(
            scrapy.Request(
                LISTINGS_URL,
                callback=self.walk_listings,
                cb_kwargs={"urls": listings},
                dont_filter=True,
                priority=10,
            )
        )
        raise DontCloseSpider

    def walk_listings(self, response: Response, urls: list[str]) -> Iterator[scrapy.Request]:
        return self._start_documents(urls)

    def robots_received(self, response: Response, request: scrapy.Request) -> None:
        """Scrapy's own fetch of robots.txt, made before any other request to the site:
        its ``Sitemap:`` lines are followed with the next discovery document read."""
        if (
            request.meta.get("dont_obey_robotstxt")
            and urlsplit(response.url).path == ROBOTS_PATH
            and response.status == 200
            and self.profile.owns_url(response.url)
        ):
            self._robots_sitemaps += discovery.robots_sitemaps(response.body, response.url)

    def _follow_robots_sitemaps(self) -> Iterator[scrapy.Request]:
        urls, self._robots_sitemaps = self._robots_sitemaps, []
        yield from self._follow(self._present(self._not_asked(urls)), probe=True)

    def _known_validators(self, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """The validators the documents last came with, in one lookup. None in a backfill,
        which reads every document whole: "not modified" says nothing about what an
        earlier crawl stored from the days asked for."""
        return {} if self.backfill else self.store.validators(self.profile.key, urls)

    def _discovery_request(
        self,
        url: str,
        validators: tuple[str | None, str | None] | None = None,
        sections: bool = False,
        index_pages: int = 0,
        probe: bool = False,
    ) -> scrapy.Request:
        headers = {}
        if validators:
            etag, modified = validators
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        return scrapy.Request(
            url,
            headers=headers,
            callback=self.parse_discovery,
            errback=self.discovery_failed,
            priority=10,
            meta={
                "handle_httpstatus_list": [304],
                "sections": sections,
                "probe": probe,
                DISCOVERY: True,
            },
            cb_kwargs={"index_pages": index_pages},
        )

    def parse_discovery(self, response: Response, index_pages: int = 0):
        yield from self._follow_robots_sitemaps()
        if response.status == 304:
            self.count(count_keys.DISCOVERY_NOT_MODIFIED)
            # Nothing announced since a complete crawl read it.
            self._covered = True
            return
        self.count(count_keys.DISCOVERY_DOCUMENTS)
        self._remember_validators(response)
        kind = discovery.sniff(response.body)
        try:
            if kind == "sitemapindex":
                yield from self._follow_sitemap_index(response)
            elif kind == "urlset":
                links = discovery.sitemap_links(response.body)
                yield from self._schedule_articles(links, response, announcing=True)
            elif kind == "feed":
                links = discovery.feed_links(response.body)
                yield from self._schedule_articles(links, response, announcing=True)
            elif kind == "robots":
                yield from self._follow(discovery.robots_sitemaps(response.body, response.url))
            elif kind == "html":
                yield from self._read_page(response, index_pages)
            else:
                raise UnreadableDocument(kind)
        except UnreadableDocument as exc:
            self.logger.warning("unreadable discovery document (%s): %s", exc, response.url)
            self.count(count_keys.DISCOVERY_UNREADABLE)

    def _remember_validators(self, response: Response) -> None:
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if etag or modified:
            self._validators[response.url] = (
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
            )

    def _unasked(self, urls: Iterable[str]) -> list[str]:
        """The discovery URLs not yet asked for in this crawl, now taken as asked."""
        fresh = self._not_asked(urls)
        self._documents.update(fresh)
        return fresh

    def _not_asked(self, urls: Iterable[str]) -> list[str]:
        return [url for url in dict.fromkeys(urls) if url not in self._documents]

    def _follow(self, urls: Iterable[str], **kwargs) -> Iterator[scrapy.Request]:
        """Documents named by another (child sitemaps, feeds, sections, the next index
        page), each once a crawl, their validators looked up together."""
        urls = self._unasked(urls)
        known = self._known_validators(urls) if urls else {}
        for url in urls:
            yield self._discovery_request(url, known.get(url), **kwargs)

    def _follow_sitemap_index(self, response: Response) -> Iterator[scrapy.Request]:
        children = []
        for link in discovery.sitemap_links(response.body):
            if not self.profile.owns_url(link.url):
                self.count(count_keys.DISCOVERY_OFFSITE_SITEMAP)
            elif not discovery.is_article_sitemap(link.url):
                self.count(count_keys.DISCOVERY_NON_ARTICLE_SITEMAP)
            elif not self._in_window(link.changed) or self._before_window(link.changed):
                self.count(count_keys.DISCOVERY_SITEMAP_OUT_OF_RANGE)
            else:
                children.append(link.url)
        yield from self._follow(children)

    def _before_window(self, moment: datetime | None) -> bool:
        """A child sitemap last changed before the window began holds nothing in it."""
        return bool(self.backfill and moment and moment.astimezone(WIB).date() < self.since)

    def _read_page(self, response: Response, index_pages: int) -> Iterator[scrapy.Request]:
        """A home, section or dated index page: its article links, the days of the
        window it leads to, its next page, and on a generic site's home page its feeds
        and sections."""
        links = discovery.page_links(response.body, response.url)
        articles = [Link(url) for url in links.anchors if self.profile.is_article_url(url)]
        yield from self._schedule_articles(articles, response)
        here = self._dated(response.url, self.today)
        yield from self._follow_days(links, here)
        # A day's own pager is among the days followed; a pager elsewhere may still
        # point at a day ("/indeks/2024/05/04" reads as page 4), which only the window
        # decides on.
        next_url = None if here else next_page_url(response.body, response.url)
        if next_url and not self._dated(next_url) and index_pages + 1 < MAX_INDEX_PAGES:
            yield from self._follow([next_url], index_pages=index_pages + 1)
        if response.meta.get("sections"):
            own_feeds = [f for f in links.feeds if self.profile.owns_url(f)]
            yield from self._follow([*own_feeds, *self._sections(links.anchors)])

    def _sections(self, anchors: Iterable[str]) -> list[str]:
        sections = [
            url
            for url in dict.fromkeys(canonicalize_url(a) for a in anchors)
            if self.profile.owns_url(url)
            and looks_like_listing_path(urlsplit(url).path)
            and not self._dated(url)  # a day is read only when the window has it
        ][:MAX_SECTIONS]
        if sections:
            self.count(count_keys.DISCOVERY_SECTIONS, len(sections))
        return sections

    # --- dated index pages ----------------------------------------------------------

    def _dated(self, url: str, near: date | None = None) -> DatedIndex | None:
        """The dated index page of this site ``url`` is, if it is one (never an article,
        whatever its shape)."""
        if not self.profile.owns_url(url) or self.profile.is_article_url(url):
            return None
        return dated_index(url, near or self.today)

    def _follow_days(self, links: PageLinks, here: DatedIndex | None) -> Iterator[scrapy.Request]:
        """The dated index pages a page leads to, in the window only: the days and day
        pages it links to; and every day of the window, written like the example, for an
        index known only from a date picker, or from links that all lie after the window
        (a backfill of days the page's navigation no longer reaches)."""
        near = here.day if here else self.today
        offered = [d for d in (self._dated(url, near) for url in links.anchors) if d]
        # URL -> (shape, day): what the per-day page cap counts.
        wanted: dict[str, tuple[tuple, date]] = {}
        for index in offered:
            if index.day not in self.window:
                self.count(count_keys.DISCOVERY_DATED_OUT_OF_WINDOW)
            elif self._day_pages[(index.shape, index.day)] < MAX_INDEX_PAGES:
                url = index.url if index.page > 1 else index.url_for(index.day)
                wanted[url] = (index.shape, index.day)
        reached = {d.shape for d in offered if d.day in self.window}
        examples = [d for d in (self._dated(url, near) for url in links.date_forms) if d]
        examples += [d for d in offered if d.day > self.window.until]
        for example in examples:
            if example.shape not in reached and example.shape not in self._derived:
                self._derived.add(example.shape)
                days = {example.url_for(day): day for day in self.window.days()}
                derived = {url: day for url, day in days.items() if url not in self._documents}
                self.count(count_keys.DISCOVERY_DATED_DERIVED, len(derived))
                wanted.update({url: (example.shape, day) for url, day in derived.items()})
        yield from self._follow_dated(wanted)

    def _follow_dated(self, wanted: dict[str, tuple[tuple, date]]) -> Iterator[scrapy.Request]:
        fresh = [url for url in wanted if url not in self._documents]
        for url in fresh:
            self._day_pages[wanted[url]] += 1
        if fresh:
            self.count(count_keys.DISCOVERY_DATED_INDEX, len(fresh))
        yield from self._follow(fresh)

    # --- articles -------------------------------------------------------------------

    def _schedule_articles(
        self, links: Iterable[Link], source: Response, announcing: bool = False
    ) -> Iterator[scrapy.Request]:
        """Requests for the announced articles that are new, or stored but changed since,
        and not skipped for good lately. ``announcing``: the links come from a sitemap or
        feed, which may show that it reaches back to the last complete crawl."""
        candidates: dict[str, datetime | None] = {}
        announced = [Link(canonicalize_url(link.url), link.changed) for link in links]
        for link in announced:
            url, changed = link.url, link.changed
            if not self.profile.is_article_url(url):
                self.skip(count_keys.SKIPPED_NOT_ARTICLE_URL.name, url)
                continue
            if not self._in_window(changed):
                self.skip(count_keys.SKIPPED_OUT_OF_RANGE.name, url)
                continue
            if url in self._seen:
                self.skip(count_keys.SKIPPED_DUPLICATE_URL.name, url)
                continue
            self._seen.add(url)
            candidates[url] = changed
        fetched = self.store.last_fetched(candidates)
        remembered = self._remembered(candidates, fetched)
        if announcing and not self._covered:
            self._covered = self._reaches_back(announced, fetched.keys() | remembered)
        for url, changed in candidates.items():
            self.count(count_keys.DISCOVERY_ARTICLE_URLS)
            if url in remembered:
                self.skip(count_keys.SKIPPED_REMEMBERED.name, url)
                continue
            if url in fetched:
                if changed is None or changed <= fetched[url]:
                    self.skip(count_keys.SKIPPED_ALREADY_STORED.name, url)
                    continue
                self.count(count_keys.DISCOVERY_CHANGED)
            yield scrapy.Request(
                self.profile.fetch_url(url),
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"article_url": url},
                meta={"source": source.url},
            )

    def _remembered(
        self, candidates: dict[str, datetime | None], fetched: dict[str, datetime]
    ) -> set[str]:
        """The candidates skipped for a lasting reason within WARTA_SKIP_MEMORY_DAYS and
        not announced as changed since."""
        skips = self.store.lasting_skips(
            self.profile.key, [url for url in candidates if url not in fetched]
        )
        horizon = self.started - self.skip_memory
        return {
            url
            for url, skipped_at in skips.items()
            if skipped_at > horizon and (candidates[url] is None or candidates[url] <= skipped_at)
        }

    def _reaches_back(self, announced: list[Link], known: set[str]) -> bool:
        """Whether a sitemap or feed announces an article known before this crawl, or one
        dated no later than the last complete crawl: then it leaves no gap since."""
        since = self.last_complete
        return any(
            link.url in known or (since and link.changed and link.changed <= since)
            for link in announced
        )

    def parse_article(
        self, response: Response, article_url: str, earlier_pages: tuple[bytes, ...] = ()
    ) -> Iterator[PageItem | scrapy.Request]:
        """An article page; when its pager names a next page, that page is fetched first
        and the article goes on as one item holding every page in order."""
        content_type = response.headers.get(b"Content-Type", b"").lower()
        if content_type and not content_type.startswith(_HTML_TYPES):
            self._skipped(article_url, count_keys.SKIPPED_NOT_HTML.name)
            return
        self.count(count_keys.PAGES_FETCHED)
        pages = (*earlier_pages, response.body)
        next_url = next_page_url(response.body, response.url)
        if next_url and len(pages) < MAX_ARTICLE_PAGES:
            self.count(count_keys.PAGES_CONTINUED)
            yield scrapy.Request(
                next_url,
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"article_url": article_url, "earlier_pages": pages},
                meta={"source": response.meta.get("source")},
            )
            return
        yield PageItem(
            site=self.profile.key,
            url=article_url,
            html=pages[0],
            continuations=list(pages[1:]),
            fetched_at=datetime.now(UTC),
        )

    def _skipped(self, article_url: str, reason: str) -> None:
        """An article page not stored: counted, logged, and told to the lasting-skip
        memory (``page_skipped``)."""
        self.skip(reason, article_url)
        self.crawler.signals.send_catch_log(page_skipped, url=article_url, reason=reason)

    def article_failed(self, failure: Failure) -> None:
        if failure.check(Blocked):
            # Counted and logged where recognised, and not remembered as a lasting skip:
            # the announcing document is read whole next time, so the page is asked again.
            self._document_incomplete(failure.request.meta.get("source"))
            self._handled(failure.request)
            return
        reason = _failure_reason(failure)
        self._skipped(failure.request.cb_kwargs["article_url"], reason)
        if _is_transient(failure):
            # Read the announcing document whole next time, so the article is retried.
            self._document_incomplete(failure.request.meta.get("source"))
        self._handled(failure.request)

    def discovery_failed(self, failure: Failure) -> None:
        if failure.check(Blocked):
            # Counted and logged where recognised; never taken as absent, and its
            # validators are not kept, so the next crawl asks for it whole.
            self._handled(failure.request)
            return
        reason = _failure_reason(failure)
        self.crawler.stats.inc_value(count_keys.DISCOVERY.stat(reason))
        url = failure.request.url
        if failure.request.meta.get("probe") and failure.check(HttpError):
            status = failure.value.response.status
            if status in ABSENT_STATUSES:
                self._absent[url] = status
                if self._profile_document(url):
                    self.count(count_keys.DISCOVERY_GONE)
        if reason in ("http_404", "http_410") and self.profile.generic:
            # A site without a profile is probed at the usual paths; most are not there.
            self.logger.debug("discovery path absent (%s): %s", reason, url)
        elif reason == "http_404" or reason in failures.NETWORK:
            # Counted; `warta health` flags a feed gone, the summary a site unreachable.
            self.logger.info("discovery document not fetched (%s): %s", reason, url)
        else:
            self.logger.warning("discovery document not fetched (%s): %s", reason, url)
        self._handled(failure.request)

    def _handled(self, request: scrapy.Request) -> None:
        """A failed request is finished with: said with ``request_failed``, as nothing
        else tells when an errback is done."""
        self.crawler.signals.send_catch_log(request_failed, request=request)

    def _document_incomplete(self, url: str | None) -> None:
        if url:
            self.coordination.document_incomplete(url)

    def closed(self, reason: str) -> None:
        if reason == "finished":
            self.store.save_absent(self.profile.key, self._absent)
        # A crawl out of budget did not read every document its pages named: "not
        # modified" next time would hide what it never asked for.
        cut_short = self.crawler.stats.get_value(count_keys.DISCOVERY_BUDGET_EXHAUSTED.stat)
        if reason != "finished" or self.backfill or cut_short:
            return
        if self._walked_listings:
            self.store.mark_listings_read(self.profile.key, self.started)
        incomplete = self.coordination.incomplete_documents()
        keep = {u: v for u, v in self._validators.items() if u not in incomplete}
        self.store.save_validators(self.profile.key, keep)


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _is_transient(failure: Failure) -> bool:
    """A failure worth retrying on the next crawl: server errors, rate limits, timeouts
    and network errors; not a page that is gone (404, 410) or refused for good."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return status >= 500 or status in (408, 429)
    return not failure.check(IgnoreRequest)


def _failure_reason(failure: Failure) -> str:
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(IgnoreRequest):
        # Robots.txt, a redirect limit, or a body that grew past the size limit
        # while being decompressed.
        return "too_large" if "DOWNLOAD_MAXSIZE" in str(failure.value) else "filtered"
    return failures.reason_for(failure.type.__name__ if failure.type else "error")
