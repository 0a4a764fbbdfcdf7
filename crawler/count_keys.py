"""Every count a crawl keeps, declared once with what it counts.

A crawl counts into Scrapy stats named ``warta/<key>``; its ``crawl_runs`` row keeps them
without the prefix (:func:`run_counts`), and the crawl summary, the progress line,
`warta stats` and `warta health` read them back. Those rows outlive any release, so a
key's name never changes: code counts and reads through the declarations below, never a
key spelled out, and a new key is declared here, with its meaning, before anything counts
it.

docs/crawl-counts.md is generated from these declarations (:mod:`crawler.count_docs`); a
test keeps the two equal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# What sets warta's stats apart from Scrapy's own in a crawl's stats.
STAT_PREFIX = "warta/"

# The modules that count, as the documentation names them.
_SPIDER = "crawler/spiders/news.py"
_PIPELINES = "crawler/pipelines.py"
_BUDGET = "crawler/budget.py"
_CLEANER = "cleaners/clean.py"
_STORE = "storage/store.py"
_HERE = "crawler/count_keys.py"
_MIDDLEWARES = "crawler/middlewares.py"


@dataclass(frozen=True)
class Count:
    """One key of ``crawl_runs.counts``: what it counts, and the modules that count it.

    A key may hold a part only the running crawl knows, written ``<part>``
    (``skipped/language_<code>``). ``scrapy`` names the Scrapy stat a count is copied
    from when Scrapy, not warta, counts it.
    """

    key: str
    meaning: str
    where: tuple[str, ...]
    scrapy: str | None = None

    @property
    def stat(self) -> str:
        """The Scrapy stat the count is kept in while the crawl runs."""
        return self.scrapy or STAT_PREFIX + self.key

    @property
    def name(self) -> str:
        """The key's last part: a skip's reason (``not_article_url``), a store outcome."""
        return self.key.rpartition("/")[2]

    def value_in(self, counts: Mapping[str, object]) -> int:
        """This count in ``counts`` (a ``crawl_runs.counts``, or :func:`own_counts`); 0
        when the crawl never counted it."""
        value = counts.get(self.key, 0)
        return value if isinstance(value, int) else 0


@dataclass(frozen=True)
class Family:
    """Keys sharing a prefix and ending in a part only the running crawl knows: a skip's
    reason, a failure, a store outcome. Known members are declared as :class:`Count`."""

    prefix: str

    def key(self, name: str) -> str:
        return self.prefix + name

    def stat(self, name: str) -> str:
        return STAT_PREFIX + self.key(name)

    def read(self, counts: Mapping[str, object]) -> dict[str, int]:
        """The family's counts in ``counts`` (a ``crawl_runs.counts``, or
        :func:`own_counts`), by the part after the prefix, in order of that part."""
        return {
            key.removeprefix(self.prefix): value
            for key, value in sorted(counts.items())
            if key.startswith(self.prefix) and isinstance(value, int)
        }


@dataclass(frozen=True)
class FailureReason:
    """Why a request failed, counted as ``skipped/<reason>`` for an article and
    ``discovery/<reason>`` for a discovery document (reasons from crawler/failures.py)."""

    reason: str
    meaning: str


SKIPPED = Family("skipped/")
DISCOVERY = Family("discovery/")
STORED = Family("stored/")
BLOCKED = Family("blocked/")

_DECLARED: list[Count] = []


def _declare(key: str, meaning: str, where: tuple[str, ...], scrapy: str | None = None) -> Count:
    """A count, registered in declaration order: :data:`COUNTS` and the documentation
    then hold every one without a second list to keep in step."""
    count = Count(key, meaning, where, scrapy)
    _DECLARED.append(count)
    return count


def _pattern(key: str) -> re.Pattern[str]:
    """``key`` as a pattern, each ``<part>`` standing for what a crawl fills in."""
    return re.compile("[a-z0-9_]+".join(map(re.escape, re.split(r"<[^>]+>", key))))


# --- discovery --------------------------------------------------------------------------

DISCOVERY_BUDGET = _declare(
    "discovery/budget",
    "the discovery budget of this crawl (`WARTA_DISCOVERY_BUDGET`)",
    (_BUDGET,),
)
DISCOVERY_REQUESTS = _declare(
    "discovery/requests",
    "discovery requests made (robots.txt, sitemaps, feeds, home, section and index pages;"
    " never articles)",
    (_BUDGET,),
)
DISCOVERY_BUDGET_EXHAUSTED = _declare(
    "discovery/budget_exhausted",
    "discovery requests dropped because the budget was spent; a crawl that has it is not"
    " taken as complete",
    (_BUDGET,),
)
DISCOVERY_WINDOW_DAYS = _declare(
    "discovery/window_days",
    "days of dated index pages this crawl may read (its window)",
    (_SPIDER,),
)
DISCOVERY_KNOWN_ABSENT = _declare(
    "discovery/known_absent",
    "probed discovery paths not asked for again: they answered 404 or 410 within"
    " `WARTA_ABSENT_RETRY_DAYS`",
    (_SPIDER,),
)
DISCOVERY_GONE = _declare(
    "discovery/gone",
    "the profile's own sitemaps and feeds that answered 404 or 410, in this crawl or (not"
    " asked again) within `WARTA_ABSENT_RETRY_DAYS`: the site moved or dropped them. Paths"
    " probed on a site without a profile, and sitemaps named by robots.txt, never count"
    " here: most sites have only some of them",
    (_SPIDER,),
)
DISCOVERY_LISTINGS_SKIPPED = _declare(
    "discovery/listings_skipped",
    "HTML listings (home, sections, dated indexes) not walked: the sitemaps and feeds"
    " covered the time since the last complete crawl, and `WARTA_LISTING_HOURS` had not"
    " passed",
    (_SPIDER,),
)
DISCOVERY_DOCUMENTS = _declare(
    "discovery/documents",
    "discovery documents received and read",
    (_SPIDER,),
)
DISCOVERY_NOT_MODIFIED = _declare(
    "discovery/not_modified",
    "discovery documents that answered 304 Not Modified to the validators of the last"
    " complete crawl",
    (_SPIDER,),
)
DISCOVERY_UNREADABLE = _declare(
    "discovery/unreadable",
    "documents that were neither a sitemap, a feed, robots.txt nor an HTML page",
    (_SPIDER,),
)
DISCOVERY_OFFSITE_SITEMAP = _declare(
    "discovery/offsite_sitemap",
    "child sitemaps of an index on another site, not followed",
    (_SPIDER,),
)
DISCOVERY_NON_ARTICLE_SITEMAP = _declare(
    "discovery/non_article_sitemap",
    "child sitemaps of tags, categories, authors or static pages, not followed",
    (_SPIDER,),
)
DISCOVERY_SITEMAP_OUT_OF_RANGE = _declare(
    "discovery/sitemap_out_of_range",
    "child sitemaps last changed outside a backfill's days, not followed",
    (_SPIDER,),
)
DISCOVERY_SECTIONS = _declare(
    "discovery/sections",
    "section and archive pages found on a home page and followed",
    (_SPIDER,),
)
DISCOVERY_DATED_INDEX = _declare(
    "discovery/dated_index",
    "dated index pages (day pages and their pagers) asked for",
    (_SPIDER,),
)
DISCOVERY_DATED_DERIVED = _declare(
    "discovery/dated_derived",
    "of those, pages written for each day of the window from a date picker or a known shape",
    (_SPIDER,),
)
DISCOVERY_DATED_OUT_OF_WINDOW = _declare(
    "discovery/dated_out_of_window",
    "links to days outside the window, not followed",
    (_SPIDER,),
)
DISCOVERY_ARTICLE_URLS = _declare(
    "discovery/article_urls",
    "distinct article URLs announced (after `skipped/not_article_url`,"
    " `skipped/out_of_range`, `skipped/duplicate_url`)",
    (_SPIDER,),
)
DISCOVERY_CHANGED = _declare(
    "discovery/changed",
    "of those, articles already stored whose sitemap `lastmod` or feed date is newer than"
    " their last fetch: fetched again",
    (_SPIDER,),
)

# --- articles fetched and stored --------------------------------------------------------

PAGES_FETCHED = _declare(
    "pages/fetched",
    "article pages downloaded, later pages of split articles included",
    (_SPIDER,),
)
PAGES_CONTINUED = _declare(
    "pages/continued",
    "of those, pages whose article went on to a next page",
    (_SPIDER,),
)
STORED_INSERTED = _declare(
    "stored/inserted",
    "new articles stored",
    (_PIPELINES, _STORE),
)
STORED_UPDATED = _declare(
    "stored/updated",
    "stored articles whose text changed: the new text stored, the old kept in `article_versions`",
    (_PIPELINES, _STORE),
)
STORED_UNCHANGED = _declare(
    "stored/unchanged",
    "stored articles fetched again with the same text (only their fetch time changes)",
    (_PIPELINES, _STORE),
)
STORED_DUPLICATE = _declare(
    "stored/duplicate",
    "articles whose text is already stored under another URL: not stored again",
    (_PIPELINES, _STORE),
)
QUALITY_NO_DATE = _declare(
    "quality/no_date",
    "of the inserted and updated, articles with no publication date (`warta health` watches it)",
    (_PIPELINES,),
)
RETRY_AFTER_WAITED = _declare(
    "retry_after/waited",
    "retries that waited for a server's `Retry-After` (up to `WARTA_RETRY_AFTER_MAX`)",
    (_MIDDLEWARES,),
)
DISTRIBUTED_REQUEUED = _declare(
    "distributed/requeued",
    "requests a dead worker held, put back in the shared queue by this worker",
    ("crawler/distributed/scheduler.py",),
)

# --- skips ------------------------------------------------------------------------------

SKIPPED_NOT_ARTICLE_URL = _declare(
    "skipped/not_article_url",
    "announced URLs that do not look like articles (the profile's `article_url`, or the"
    " shape of a site crawled by URL)",
    (_SPIDER,),
)
SKIPPED_OUT_OF_RANGE = _declare(
    "skipped/out_of_range",
    "announced articles dated outside a backfill's days",
    (_SPIDER,),
)
SKIPPED_DUPLICATE_URL = _declare(
    "skipped/duplicate_url",
    "URLs announced again by another sitemap or feed in the same crawl",
    (_SPIDER,),
)
SKIPPED_ALREADY_STORED = _declare(
    "skipped/already_stored",
    "announced articles already stored and not changed since: not fetched",
    (_SPIDER,),
)
SKIPPED_REMEMBERED = _declare(
    "skipped/remembered",
    "announced articles skipped by an earlier crawl for a lasting reason and not changed"
    " since: not fetched (`WARTA_SKIP_MEMORY_DAYS`)",
    (_SPIDER,),
)
SKIPPED_NOT_HTML = _declare(
    "skipped/not_html",
    "pages that are not HTML (a PDF, an image), by their Content-Type or their bytes",
    (_SPIDER, _CLEANER),
)
SKIPPED_EMPTY = _declare("skipped/empty", "pages with no content at all", (_CLEANER,))
SKIPPED_UNPARSABLE = _declare(
    "skipped/unparsable", "pages the HTML parser cannot read", (_CLEANER,)
)
SKIPPED_TOO_SHORT = _declare(
    "skipped/too_short",
    "pages with too little text to be an article (soft 404s too)",
    (_CLEANER,),
)
SKIPPED_PAYWALL = _declare("skipped/paywall", "paywall and login stubs", (_CLEANER,))
SKIPPED_NOT_ARTICLE = _declare(
    "skipped/not_article",
    "pages that do not declare themselves an article (tag, index, static pages)",
    (_CLEANER,),
)
SKIPPED_CLEANER_ERROR = _declare(
    "skipped/cleaner_error",
    "pages the cleaner failed on (a bug: logged with its traceback)",
    (_CLEANER,),
)
SKIPPED_LANGUAGE = _declare(
    "skipped/language_<code>",
    "articles in a language not in `WARTA_LANGUAGES` (`skipped/language_en`;"
    " `language_unknown` when none was detected)",
    (_PIPELINES,),
)
SKIPPED_DUPLICATE = _declare(
    "skipped/duplicate",
    "a second copy of an article already seen in this crawl, by canonical URL or by text",
    (_PIPELINES,),
)
SKIPPED_DATABASE_UNAVAILABLE = _declare(
    "skipped/database_unavailable",
    "articles that could not be stored after `WARTA_DB_RETRY_SECONDS`; the next crawl fetches them",
    (_PIPELINES,),
)
SKIPPED_ROBOTS_TXT = _declare(
    "skipped/robots_txt",
    "requests robots.txt forbids",
    (_HERE,),
    scrapy="robotstxt/forbidden",
)
SKIPPED_OFFSITE = _declare(
    "skipped/offsite",
    "requests to another site, redirects off the site included",
    (_HERE,),
    scrapy="offsite/filtered",
)
SKIPPED_REPEATED_REQUEST = _declare(
    "skipped/repeated_request",
    "requests for a URL already requested, how redirect loops end",
    (_HERE,),
    scrapy="dupefilter/filtered",
)

# --- blocks ----------------------------------------------------------------------------

BLOCKED_CLOUDFLARE = _declare(
    "blocked/cloudflare",
    "Cloudflare challenges and blocks: `cf-mitigated: challenge`, `server: cloudflare`"
    ' with 403 or 429 (error 1015, rate limited), or its "Just a moment..." and "Attention'
    ' Required!" pages',
    (_MIDDLEWARES,),
)
BLOCKED_AKAMAI = _declare(
    "blocked/akamai",
    'Akamai\'s "Access Denied" with its `Reference #`, or `server: AkamaiGHost` with 403',
    (_MIDDLEWARES,),
)
BLOCKED_DDOS_GUARD = _declare(
    "blocked/ddos_guard",
    "DDoS-Guard's browser check or block: `server: ddos-guard` with 403 or 503, or its page",
    (_MIDDLEWARES,),
)
BLOCKED_SUCURI = _declare(
    "blocked/sucuri",
    "Sucuri Website Firewall blocks and JavaScript checks: `x-sucuri-block`, `x-sucuri-id`"
    " with 403, or its pages",
    (_MIDDLEWARES,),
)
BLOCKED_GENERIC = _declare(
    "blocked/generic",
    'other short pages that only say "Please enable JavaScript", "Access denied" or'
    ' "you have been blocked", and declare no article',
    (_MIDDLEWARES,),
)

# --- failures ---------------------------------------------------------------------------

FAILURES = (
    FailureReason(
        "http_<status>", "answers with an HTTP error status after retries (`http_404`, `http_503`)"
    ),
    FailureReason("timeout", "requests that timed out (`DOWNLOAD_TIMEOUT`) after retries"),
    FailureReason("connection_refused", "connections refused"),
    FailureReason("connection_failed", "connections lost or reset"),
    FailureReason("dns_failed", "host names that could not be resolved"),
    FailureReason("truncated", "bodies cut short (fewer bytes than announced)"),
    FailureReason("too_large", "responses over `DOWNLOAD_MAXSIZE` (8 MiB), compressed or not"),
    FailureReason("filtered", "requests a downloader middleware refused (a redirect limit)"),
)
# The counts a failed request goes under, by the kind of request.
FAILED_IN = (SKIPPED, DISCOVERY)

# --- Scrapy's own -----------------------------------------------------------------------

RESPONSES = _declare(
    "responses",
    "responses downloaded, discovery and articles, any status",
    (_HERE,),
    scrapy="downloader/response_count",
)
ERRORS = _declare(
    "errors",
    "errors logged: a database gone, a bug",
    (_HERE,),
    scrapy="log_count/ERROR",
)


# Every count, in the order declared (the documentation's).
COUNTS: tuple[Count, ...] = tuple(_DECLARED)

_PATTERNS = [_pattern(count.key) for count in COUNTS] + [
    _pattern(family.key(failure.reason)) for failure in FAILURES for family in FAILED_IN
]


def is_declared(key: str) -> bool:
    """Whether ``key`` (of ``crawl_runs.counts``) is a declared count, or a declared
    failure counted for an article or a discovery document."""
    return any(pattern.fullmatch(key) for pattern in _PATTERNS)


# --- reading counts ---------------------------------------------------------------------

# Scrapy's own skips, copied into the counts when there are any.
_SCRAPY_SKIPS = (SKIPPED_ROBOTS_TXT, SKIPPED_OFFSITE, SKIPPED_REPEATED_REQUEST)


def own_counts(stats: Mapping[str, object]) -> dict[str, object]:
    """What warta itself counted in a crawl's Scrapy stats: its ``warta/*`` stats,
    without the prefix."""
    return {
        key.removeprefix(STAT_PREFIX): value
        for key, value in stats.items()
        if key.startswith(STAT_PREFIX)
    }


def run_counts(stats: Mapping[str, object]) -> dict[str, object]:
    """A crawl's counts as the crawl_runs table keeps them: its own counts, responses
    downloaded, Scrapy's own skips (requests dropped before any callback saw them), and
    errors logged."""
    counts = own_counts(stats)
    counts[RESPONSES.key] = stats.get(RESPONSES.stat, 0)
    for count in _SCRAPY_SKIPS:
        if stats.get(count.stat):
            counts[count.key] = stats[count.stat]
    counts[ERRORS.key] = stats.get(ERRORS.stat, 0)
    return counts


def stored_articles(counts: Mapping[str, object]) -> int:
    """Articles stored new or with a changed text."""
    return STORED_INSERTED.value_in(counts) + STORED_UPDATED.value_in(counts)


def duplicates(counts: Mapping[str, object]) -> int:
    """Pages fetched whose article was already had: earlier in this crawl
    (``skipped/duplicate``), or stored under another URL (``stored/duplicate``)."""
    return STORED_DUPLICATE.value_in(counts) + SKIPPED_DUPLICATE.value_in(counts)


def skips(counts: Mapping[str, object]) -> dict[str, int]:
    """Skips by reason, duplicates apart (see :func:`duplicates`)."""
    return {r: n for r, n in SKIPPED.read(counts).items() if r != SKIPPED_DUPLICATE.name}


def blocks(counts: Mapping[str, object]) -> dict[str, int]:
    """Challenge and block pages answered instead of a page or a discovery document, by
    kind (``cloudflare``)."""
    return BLOCKED.read(counts)


def outcomes(counts: Mapping[str, object]) -> dict[str, int]:
    """The page outcomes people ask about first, as `warta stats` shows a crawl's: new,
    changed, duplicate, and skipped for any other reason (how much of the crawl stored
    nothing)."""
    return {
        "inserted": STORED_INSERTED.value_in(counts),
        "updated": STORED_UPDATED.value_in(counts),
        "duplicate": duplicates(counts),
        "skipped": sum(skips(counts).values()),
    }
