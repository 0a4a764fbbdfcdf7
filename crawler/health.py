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

from crawler.failures import failed_requests, unreachable
from storage.queries import RunRecord

# Shares above which a profile is flagged; healthy sites stay far below.
EMPTY_BODY_LIMIT = 0.3
NO_DATE_LIMIT = 0.3
# Fewer article pages than this in the runs looked at say too little to judge rates.
MIN_PAGES_TO_JUDGE = 5
_EMPTY_REASONS = ("skipped/too_short", "skipped/empty", "skipped/not_article")


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
    fetched = totals["pages/fetched"] - totals["pages/continued"]
    health = SiteHealth(
        site=site,
        runs=len(runs),
        last=runs[0],
        discovered=totals["discovery/article_urls"],
        fetched=fetched,
        stored=totals["stored/inserted"] + totals["stored/updated"],
        empty_body=sum(totals[reason] for reason in _EMPTY_REASONS),
        duplicate=totals["stored/duplicate"] + totals["skipped/duplicate"],
        no_date=totals["quality/no_date"],
    )
    health.problems = _problems(health, totals)
    return health


def _problems(health: SiteHealth, totals: Counter) -> list[str]:
    problems = []
    last = health.last
    if last.finish_reason != "finished":
        problems.append(f"last crawl did not finish ({last.finish_reason or 'still running'})")
    read = totals["discovery/documents"] + totals["discovery/not_modified"]
    why = unreachable(totals)
    if why:
        problems.append(
            f"site unreachable ({why}; {sum(failed_requests(totals).values())} requests "
            "failed): check the network and the site's URL"
        )
    elif read == 0:
        failed = sum(n for k, n in totals.items() if k.startswith("discovery/http_"))
        problems.append(
            f"no sitemap or feed could be read ({failed} failed): check the discovery URLs"
        )
    elif health.discovered == 0 and totals["skipped/not_article_url"] > 0:
        problems.append(
            f"none of {totals['skipped/not_article_url']} announced URLs matches article_url"
        )
    if health.fetched >= MIN_PAGES_TO_JUDGE:
        if health.stored == 0 and health.empty_body:
            problems.append("pages are fetched but no article is extracted from them")
        elif health.empty_rate > EMPTY_BODY_LIMIT:
            problems.append(f"{health.empty_rate:.0%} of fetched pages have no article body")
    if health.stored >= MIN_PAGES_TO_JUDGE and health.no_date_rate > NO_DATE_LIMIT:
        problems.append(f"{health.no_date_rate:.0%} of stored articles have no date")
    return problems
