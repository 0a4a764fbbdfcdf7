"""docs/crawl-counts.md, written from the declarations of :mod:`crawler.count_keys`: each
key is described once, where it is declared, and the page people read cannot drift from
it (a test keeps the file equal to :func:`markdown`).

    python -m crawler.count_docs > docs/crawl-counts.md
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

from crawler.count_keys import COUNTS, FAILED_IN, FAILURES, Count


@dataclass(frozen=True)
class _Section:
    """A section of the page: the counts of some kinds (a key's part before its first
    ``/``), in the order they are declared, with prose before and after their table."""

    heading: str
    kinds: tuple[str, ...]
    before: str = ""
    after: str = ""

    def counts(self) -> list[Count]:
        return [count for count in COUNTS if count.key.partition("/")[0] in self.kinds]


_INTRO = """
    # Crawl counts

    Every crawl of a site leaves one row in `crawl_runs`: `started_at`, `finished_at`,
    `finish_reason` (Scrapy's: `finished`, or `shutdown` when the crawl was stopped; a
    crawl killed outright leaves it and `finished_at` empty) and `counts`, a JSON object
    of what happened to every request and page. `warta stats --json`, `warta health` and
    the crawl summary read the same counts; [querying.md](querying.md#crawl-runs) shows
    how to read them in SQL.

    A key is present only when its count is not zero (except `responses`, `errors` and
    `discovery/budget`, always there). During the crawl warta's counts are Scrapy stats
    named `warta/<key>`; `crawl_runs.counts` keeps them without the prefix, plus the
    Scrapy stats named in the tables.

    Generated from the declarations in `crawler/count_keys.py` by
    `python -m crawler.count_docs > docs/crawl-counts.md`; a test keeps the two equal and
    fails on a key a crawl counts that is not declared there. The last column names the
    modules that count each key.
"""

_DISCOVERY = _Section(
    "Discovery: sitemaps, feeds, home, section and dated index pages",
    ("discovery",),
    after="""
        A discovery document that could not be fetched is counted as `discovery/<failure>`,
        with the failures below (`discovery/http_404`: a feed or sitemap gone).
    """,
)
_ARTICLES = _Section(
    "Articles: fetched and stored",
    ("pages", "stored", "quality", "retry_after", "distributed"),
)
_SKIPS = _Section(
    "Skips",
    ("skipped",),
    before="""
        Each `skipped/<reason>`: a URL not fetched, or a page fetched and not stored. Their
        sum, duplicates apart, is what `warta stats` calls "skipped".
    """,
)
_BLOCKS = _Section(
    "Blocks: challenge and block pages",
    ("blocked",),
    before="""
        Each `blocked/<kind>`: an article page or a discovery document answered with a
        challenge or block page of that kind instead (recognised by `crawler/blocks.py`
        from the status, the headers and the markup, before anything reads the page). It is
        never cleaned nor stored, is not retried in the same crawl, and is not remembered
        as a lasting skip: the next crawl asks again. `warta health` flags a site whose
        recent crawls were blocked.
    """,
)
_SCRAPY = _Section("Scrapy's counts", ("responses", "errors"))
# Every section, in the page's order.
SECTIONS = (_DISCOVERY, _ARTICLES, _SKIPS, _BLOCKS, _SCRAPY)

_FAILURES = """
    ## Failures

    A request that failed is counted under its reason, as `skipped/<failure>` for an
    article and `discovery/<failure>` for a discovery document (`crawler/spiders/news.py`,
    reasons from `crawler/failures.py`). Server errors and network failures are what the
    summary and `warta health` call errors; a site for which every request failed on the
    network is "unreachable".
"""

_OTHER_FAILURES = """
    Any other exception is counted under its class name in lower case
    (`skipped/sslerror`), so nothing goes uncounted.
"""


def _prose(text: str) -> list[str]:
    return [dedent(text).strip(), ""] if text.strip() else []


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _row(count: Count) -> tuple[str, str, str]:
    meaning = f"{count.meaning} (Scrapy's `{count.scrapy}`)" if count.scrapy else count.meaning
    return f"`{count.key}`", meaning, ", ".join(f"`{module}`" for module in count.where)


def _section(section: _Section) -> list[str]:
    return [
        f"## {section.heading}",
        "",
        *_prose(section.before),
        *_table(("key", "what it counts", "where"), [_row(c) for c in section.counts()]),
        *_prose(section.after),
    ]


def _failures() -> list[str]:
    rows = [
        (", ".join(f"`{family.key(f.reason)}`" for family in FAILED_IN), f.meaning)
        for f in FAILURES
    ]
    return [
        *_prose(_FAILURES),
        *_table(("key", "what it counts"), rows),
        *_prose(_OTHER_FAILURES),
    ]


def markdown() -> str:
    """docs/crawl-counts.md: every declared count, what it counts and where."""
    lines = _prose(_INTRO)
    for section in (_DISCOVERY, _ARTICLES, _SKIPS, _BLOCKS):
        lines += _section(section)
    lines += _failures() + _section(_SCRAPY)
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
