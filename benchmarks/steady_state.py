"""Requests per new article in the steady state: what scheduled crawls of a site cost.

A mock news portal (the sample portal's pages: news sitemap, RSS feed of the ten newest,
home page, dated index pages, robots.txt naming the sitemap, and one sitemap entry that
answers 404) is served on 127.0.0.1 under a host no profile knows, so it is crawled by
URL, as any site is: discovered from robots.txt, the usual sitemap and feed paths and
its home page. It starts with ``--initial`` stories (default 20); before every later
crawl it publishes ``--per-crawl`` new ones (default 10), each a distinct text, dated a
few minutes before the crawl, in its sitemap, feed and home page.

Every crawl is a real ``warta crawl http://HOST/`` process into one temporary SQLite
database, as a scheduler would run it. The server records every request it answers; the
table shows, per crawl, what was asked for (robots.txt, sitemaps and feeds, articles,
and listings: home, section and index pages, plus anything else), the new articles
stored (``stored/inserted`` of the crawl's record), and the requests per new article
stored, everything counted. Below it the same over the steady-state crawls (all but the
first, which discovers the site) and over all crawls, beside the goal (<= 1.3), and the
steady-state counts that say why requests were saved (``skipped/remembered``,
``discovery/known_absent``, ``discovery/listings_skipped``).

Nothing is asserted: it prints figures. Run from the project root (about a minute):

    .venv/bin/python benchmarks/steady_state.py
    .venv/bin/python benchmarks/steady_state.py --crawls 4 --set WARTA_LISTING_HOURS=0

``--set NAME=VALUE`` (repeatable) passes a setting to every crawl: with
``WARTA_LISTING_HOURS=0`` the HTML listings are walked every crawl, which shows what
the listing cadence saves. Other options: ``--crawls`` (default 6), ``--keep`` (keep the
database and print its path). Autothrottle is off in every crawl (it sets the pace, not
the number of requests).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _common import PROJECT_ROOT, format_table

from crawler.sample_site import load_articles
from crawler.sample_site.common import SampleArticle
from crawler.sample_site.server import SampleSiteServer
from crawler.sample_site.site import BuiltSite
from crawler.sample_site.templates import portal

WARTA = Path(sys.executable).with_name("warta")
HOST = "www.kabarharian.example"
WIB = timezone(timedelta(hours=7))
GOAL = 1.3
# Counts of a crawl's record that say where requests were saved.
SAVINGS = ("skipped/remembered", "discovery/known_absent", "discovery/listings_skipped")
KINDS = ("robots.txt", "sitemaps/feeds", "articles", "listings/other")


class Newsroom:
    """The portal as it stands: every story published so far, rebuilt on each change."""

    def __init__(self) -> None:
        self.templates = [a for a in load_articles() if a.site == portal.KEY and a.language == "id"]
        self.stories: list[SampleArticle] = []

    def publish(self, count: int, newest: datetime) -> None:
        """``count`` new stories, a minute apart, the last at ``newest``."""
        for step in range(count):
            number = len(self.stories) + 1
            moment = newest - timedelta(minutes=count - 1 - step)
            self.stories.append(self._story(number, moment))

    def _story(self, number: int, moment: datetime) -> SampleArticle:
        """A distinct story: a sample story's text under its own id, slug, time and lead."""
        base = self.templates[number % len(self.templates)]
        lead = (
            f"Laporan ke-{number} redaksi hari ini menambah perkembangan terbaru dari daerah, "
            "dihimpun para wartawan kami dari sejumlah narasumber di lapangan."
        )
        return dataclasses.replace(
            base,
            id=8_000_000 + number,
            slug=f"{base.slug}-{number}",
            title=f"{base.title} ({number})",
            published=moment.isoformat(timespec="seconds"),
            updated=None,
            paragraphs=[lead, *base.paragraphs],
        )

    def site(self) -> BuiltSite:
        """The portal's pages for what is published, under ``HOST``."""
        built = portal.build(self.stories)
        site = BuiltSite(key=HOST, host=HOST, name=built.name)
        site.pages = {
            path: dataclasses.replace(page, body=page.body.replace(portal.HOST, HOST))
            for path, page in built.pages.items()
        }
        return site


def kind(path: str) -> str:
    if path == "/robots.txt":
        return "robots.txt"
    if path.startswith("/read/"):
        return "articles"
    if "sitemap" in path or path.startswith(("/rss", "/feed")):
        return "sitemaps/feeds"
    return "listings/other"


def crawl(server: SampleSiteServer, db_path: Path, settings: list[str]) -> Counter:
    """One ``warta crawl`` of the portal; the counts of its record."""
    extra = [part for setting in settings for part in ("--set", setting)]
    result = subprocess.run(
        [str(WARTA), "crawl", f"http://{HOST}/", "--db", f"sqlite:///{db_path}",
         "--proxy", server.proxy_url, "--log-level", "WARNING", "--no-progress",
         "--set", "AUTOTHROTTLE_ENABLED=False", *extra],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, env=os.environ,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"warta crawl failed ({result.returncode}):\n{result.stderr}")
    connection = sqlite3.connect(db_path)
    (counts,) = connection.execute("SELECT counts FROM crawl_runs ORDER BY id DESC").fetchone()
    connection.close()
    return Counter(json.loads(counts))


def per_article(requests: int, stored: int) -> str:
    return f"{requests / stored:.2f}" if stored else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--crawls", type=int, default=6)
    parser.add_argument("--initial", type=int, default=20)
    parser.add_argument("--per-crawl", type=int, default=10)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="warta-steady-"))
    db_path = work / "warta.db"
    newsroom = Newsroom()
    rows, totals, savings = [], [Counter(), Counter()], Counter()
    with SampleSiteServer({}) as server:
        for number in range(1, args.crawls + 1):
            published = args.initial if number == 1 else args.per_crawl
            newsroom.publish(published, datetime.now(WIB) - timedelta(minutes=5))
            server.sites[HOST] = newsroom.site()
            server.requests.clear()
            counts = crawl(server, db_path, args.set)
            asked = Counter(kind(r.path) for r in server.requests)
            requests, stored = len(server.requests), counts["stored/inserted"]
            steady = number > 1
            for total in (totals[0], totals[1]) if steady else (totals[1],):
                total.update({"requests": requests, "stored": stored})
            if steady:
                savings.update({key: counts[key] for key in SAVINGS})
            rows.append(
                [number, published, requests, *(asked[k] for k in KINDS), stored,
                 per_article(requests, stored)]
            )  # fmt: skip
    headers = ["crawl", "published", "requests", *KINDS, "stored", "requests/new article"]
    print(format_table(headers, rows))
    print()
    for label, total in (("steady state (crawls 2..)", totals[0]), ("all crawls", totals[1])):
        print(
            f"{label}: {total['requests']} requests for {total['stored']} new articles stored"
            f" = {per_article(total['requests'], total['stored'])} per article (goal <= {GOAL})"
        )
    print("steady-state savings: " + ", ".join(f"{key} {savings[key]}" for key in SAVINGS))
    if args.keep:
        print(f"database kept: {db_path}")
    else:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
