"""Is each site's crawl still working? Rates over its last crawls, and the signs of a
profile the site has outgrown.

A site redesign rarely makes a crawl fail: it makes it quietly store nothing. The feed
moves (nothing discovered), article URLs change shape (everything announced is "not an
article URL"), the markup changes (pages fetched, bodies empty), the date moves (articles
stored without a date). Each of those shows in the crawl_runs counts, so `warta health`
reads them and names the likely cause.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from crawler import count_keys
from crawler.blocks import BY_NAME
from crawler.failures import failed_requests, unreachable
from storage.queries import RunRecord

# Shares above which a profile is flagged; healthy sites stay far below.
EMPTY_BODY_LIMIT = 0.3
NO_DATE_LIMIT = 0.3
# Share of the responses that were challenge or block pages above which a site is flagged
# as blocking warta: a challenge now and then is the shield's mood, not a refusal.
BLOCKED_LIMIT = 0.1
# Fewer article pages than this in the runs looked at say too little to judge rates.
MIN_PAGES_TO_JUDGE = 5
# Skips of a fetched page in which the cleaner found no article.
_EMPTY_BODY = (
    count_keys.SKIPPED_TOO_SHORT,
    count_keys.SKIPPED_EMPTY,
    count_keys.SKIPPED_NOT_ARTICLE,
)


@dataclass
class SiteHealth:
    site: str
    runs: int
    last: RunRecord
    discovered: int  # article URLs announced and new to the crawl
    fetched: int  # articles fetched (a split article counts once)
    stored: int  # inserted or updated
    empty_body: int  # fetched pages the cleaner found no article in
    duplicate: int  # fetched pages whose article was already had (same URL or text)
    no_date: int  # stored without a publication date
    problems: list[str] = field(default_factory=list)

    @property
    def empty_rate(self) -> float:
        return self.empty_body / self.fetched if self.fetched else 0.0

    @property
    def no_date_rate(self) -> float:
        return self.no_date / self.stored if self.stored else 0.0


def site_health(site: str, runs: Sequence[RunRecord]) -> SiteHealth:
    """The health of ``site`` from its last crawls (newest first)."""
    totals: Counter = Counter()
    for run in runs:
        totals.update({k: int(v) for k, v in run.counts.items() if isinstance(v, int | float)})
    pages = count_keys.PAGES_FETCHED.value_in(totals)
    fetched = pages - count_keys.PAGES_CONTINUED.value_in(totals)
    health = SiteHealth(
        site=site,
        runs=len(runs),
        last=runs[0],
        discovered=count_keys.DISCOVERY_ARTICLE_URLS.value_in(totals),
        fetched=fetched,
        stored=count_keys.stored_articles(totals),
        empty_body=sum(count.value_in(totals) for count in _EMPTY_BODY),
        duplicate=count_keys.duplicates(totals),
        no_date=count_keys.QUALITY_NO_DATE.value_in(totals),
    )
    health.problems = _problems(health, totals)
    return health


def _problems(health: SiteHealth, totals: Counter) -> list[str]:
    problems = []
    last = health.last
    if last.finish_reason != "finished":
        problems.append(f"last crawl did not finish ({last.finish_reason or 'still running'})")
    documents = count_keys.DISCOVERY_DOCUMENTS.value_in(totals)
    read = documents + count_keys.DISCOVERY_NOT_MODIFIED.value_in(totals)
    not_articles = count_keys.SKIPPED_NOT_ARTICLE_URL.value_in(totals)
    gone = count_keys.DISCOVERY_GONE.value_in(totals)
    why = unreachable(totals)
    blocked = _blocked(totals)
    if blocked:
        problems.append(blocked)
    if why:
        problems.append(
            f"site unreachable ({why}; {sum(failed_requests(totals).values())} requests "
            "failed): check the network and the site's URL"
        )
    elif read == 0 and not blocked:
        discovery = count_keys.DISCOVERY.read(totals)
        failed = sum(n for reason, n in discovery.items() if reason.startswith("http_"))
        problems.append(
            f"no sitemap or feed could be read ({failed} failed, {gone} gone): check the"
            " discovery URLs"
        )
    elif gone:
        problems.append(
            f"sitemaps or feeds of the profile are gone (404/410, {gone} times): the site"
            " moved them; `warta sites probe` finds the new ones"
        )
    elif health.discovered == 0 and not_articles > 0:
        problems.append(f"none of {not_articles} announced URLs matches article_url")
    if health.fetched >= MIN_PAGES_TO_JUDGE:
        if health.stored == 0 and health.empty_body:
            problems.append("pages are fetched but no article is extracted from them")
        elif health.empty_rate > EMPTY_BODY_LIMIT:
            problems.append(f"{health.empty_rate:.0%} of fetched pages have no article body")
    if health.stored >= MIN_PAGES_TO_JUDGE and health.no_date_rate > NO_DATE_LIMIT:
        problems.append(f"{health.no_date_rate:.0%} of stored articles have no date")
    return problems


def _blocked(totals: Counter) -> str | None:
    """ "blocked by Cloudflare on 3 and DDoS-Guard on 1 of 9 responses: ...", when challenge
    and block pages were more than BLOCKED_LIMIT of what the site answered."""
    kinds = count_keys.blocks(totals)
    blocked = sum(kinds.values())
    responses = count_keys.RESPONSES.value_in(totals)
    if not blocked or blocked <= BLOCKED_LIMIT * max(responses, blocked):
        return None
    by = [
        f"{BY_NAME[name].label if name in BY_NAME else name} on {n}"
        for name, n in sorted(kinds.items(), key=lambda kind: -kind[1])
    ]
    who = ", ".join(by[:-1]) + " and " + by[-1] if len(by) > 1 else by[0]
    return (
        f"blocked by {who} of {max(responses, blocked)} responses: the site answers warta"
        " with challenge pages"
    )
