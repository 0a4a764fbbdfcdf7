"""Crawling as a careful operator would, against a local server playing several sites:
split articles followed page by page, changed articles fetched once and versioned,
backfill over dated index pages, and sites crawled by URL with no profile at all.

Each test builds its own copy of the sample sites, so it may change pages between crawls
(an article corrected, one removed) without touching the others.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest

from crawler.count_keys import DISCOVERY_BUDGET_EXHAUSTED
from crawler.sample_site import TEMPLATES, SampleArticle, build_sample_sites, load_articles
from crawler.sample_site.common import news_sitemap
from crawler.sample_site.server import SampleSiteServer
from crawler.sample_site.site import BuiltSite, Page
from crawler.sites.generic import GENERIC_DISCOVERY
from storage import ArticleStore
from tests import wire_portal
from tests.conftest import WARTA, run_warta
from tests.reliability import OUTCOMES, Outcome

WIB = timezone(timedelta(hours=7))
PORTAL, PAGED, WORDPRESS = (
    "www.kabarnusantara.example",
    "www.suarametro.example",
    "sulselterkini.example",
)


@pytest.fixture
def sites() -> dict[str, BuiltSite]:
    return copy.deepcopy(build_sample_sites())


@pytest.fixture
def server(sites):
    with SampleSiteServer(sites) as running:
        yield running


def crawl(server, db_path, *targets: str, env: dict | None = None, extra: tuple = ()):
    result = run_warta(
        "crawl", *targets, "--db", str(db_path), "--proxy", server.proxy_url,
        "--log-level", "WARNING", *extra, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


def rows(db_path) -> dict[str, sqlite3.Row]:
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    return {row["url"]: row for row in connection.execute("SELECT * FROM articles")}


def run_counts(db_path) -> Counter:
    connection = sqlite3.connect(db_path)
    (counts,) = connection.execute("SELECT counts FROM crawl_runs ORDER BY id DESC").fetchone()
    return Counter(json.loads(counts))


def renamed(site: BuiltSite, host: str) -> BuiltSite:
    """The same site served under another host: every page and expectation moved."""
    copy_ = BuiltSite(key=host, host=host, name=site.name)
    copy_.pages = {
        path: Page(
            page.body.replace(site.host, host), page.content_type, page.status, page.last_modified
        )
        for path, page in site.pages.items()
    }
    copy_.expected = {url.replace(site.host, host): a for url, a in site.expected.items()}
    copy_.traps = {url.replace(site.host, host): why for url, why in site.traps.items()}
    return copy_


def test_split_article_is_followed_page_by_page_and_stored_whole(sites, server, tmp_path):
    # The paged site's own profile asks for ?page=all; this one, for the same site,
    # knows no whole-article view, so the crawler must follow each article's pager.
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "suarapaged.toml").write_text(
        'key = "suarapaged"\nname = "SuaraMetro (paged)"\n'
        'base_url = "http://www.suarametro.example"\nsitemaps = ["/sitemap.xml"]\n'
        "article_url = '^/[a-z]+/\\d{4}/\\d{2}/\\d{2}/\\d+/[a-z0-9-]+$'\n"
        'article_examples = ["http://www.suarametro.example/news/2024/05/04/1/a-b"]\n'
        'non_article_examples = ["http://www.suarametro.example/news"]\n'
    )
    db_path = tmp_path / "warta.db"
    crawl(server, db_path, "suarapaged", env={"WARTA_SITES_DIR": str(tmp_path / "sites")})

    site = sites[PAGED]
    stored = rows(db_path)
    assert set(stored) == set(site.expected)
    for url, article in site.expected.items():
        body = stored[url]["body"]
        # Every paragraph of every page, in order, once.
        positions = [body.find(p.lstrip("#- ")[:60]) for p in article.paragraphs]
        assert -1 not in positions and positions == sorted(positions), url
        assert body.count(article.paragraphs[1][:60]) == 1
    requested = Counter(r.url for r in server.requests)
    split = [path for path in site.pages if path.endswith("?page=2")]
    assert split, "the sample site must have split articles"
    for path in split:
        base = path.removesuffix("?page=2")
        pages = [p for p in site.pages if p.startswith(base + "?page=") and p[-1].isdigit()]
        for page_path in pages:
            if page_path.endswith("?page=1"):
                continue
            assert requested[site.url(page_path)] == 1, page_path
    assert not [u for u in requested if u.endswith("page=all")]
    assert run_counts(db_path)["pages/continued"] > 0


def test_changed_article_is_fetched_once_and_versioned(sites, server, tmp_path):
    db_path = tmp_path / "warta.db"
    crawl(server, db_path, "kabarnusantara")
    site = sites[PORTAL]
    first = rows(db_path)
    assert set(first) == set(site.expected)

    # The newsroom corrects one story and says so in its sitemap; another is taken down.
    changed_url, changed = sorted(site.expected.items())[0]
    removed_url = sorted(site.expected)[1]
    path = changed_url.removeprefix(site.base_url)
    old_sentence = changed.paragraphs[1]
    corrected = old_sentence + " (Berita ini telah diralat pada pukul 15.00 WIB.)"
    site.pages[path] = Page(site.pages[path].body.replace(old_sentence, corrected))
    site.pages[removed_url.removeprefix(site.base_url)] = Page("gone", status=404)
    now = just_now()  # to the second, never before the first crawl's fetch
    entries = [
        (url, article, now if url == changed_url else (article.updated or article.published))
        for url, article in site.expected.items()
        if url != removed_url
    ]
    site.pages["/sitemap-news.xml"] = Page(news_sitemap(entries, site.name), "application/xml")
    server.requests.clear()

    crawl(server, db_path, "kabarnusantara")
    requested = Counter(r.url for r in server.requests)
    article_requests = {u: n for u, n in requested.items() if u in site.expected}
    assert article_requests == {changed_url: 1}
    second = rows(db_path)
    assert corrected in second[changed_url]["body"]
    assert removed_url in second  # a story taken down stays in the archive
    connection = sqlite3.connect(db_path)
    versions = connection.execute(
        "SELECT a.url, v.body FROM article_versions v JOIN articles a ON a.id = v.article_id"
    ).fetchall()
    assert len(versions) == 1 and versions[0][0] == changed_url
    assert old_sentence in versions[0][1] and corrected not in versions[0][1]
    assert run_counts(db_path)["discovery/changed"] == 1


def test_backfill_walks_the_dated_index_pages_of_the_range(sites, server, tmp_path):
    site = sites[PORTAL]
    days = sorted({a.published_at.astimezone(WIB).date() for a in site.expected.values()})
    since, until = days[2], days[5]
    db_path = tmp_path / "warta.db"
    crawl(server, db_path, "kabarnusantara", extra=("--since", str(since), "--until", str(until)))

    def in_range(moment: str | None) -> bool:
        return bool(
            moment and since <= datetime.fromisoformat(moment).astimezone(WIB).date() <= until
        )

    wanted = {
        url for url, a in site.expected.items() if in_range(a.published) or in_range(a.updated)
    }
    assert wanted and set(rows(db_path)) == wanted
    requested = {r.url for r in server.requests}
    day = since
    while day <= until:
        assert site.url(f"/indeks?date={day:%Y-%m-%d}") in requested
        day += timedelta(days=1)
    assert not [u for u in requested if "indeks" in u and not since.isoformat() <= u[-10:]]


def test_any_site_by_url_is_discovered_and_only_articles_are_stored(sites, server, tmp_path):
    site = renamed(sites[WORDPRESS], "beritaregional.example")
    server.sites[site.host] = site
    db_path = tmp_path / "warta.db"
    crawl(server, db_path, "http://beritaregional.example/")

    stored = rows(db_path)
    assert set(stored) == set(site.expected)
    assert not set(site.traps) & set(stored)
    requested = {r.path for r in server.requests if r.host == site.host}
    # robots.txt named the Yoast index; the WordPress paths and the home page were tried.
    assert {"/robots.txt", "/sitemap_index.xml", "/post-sitemap.xml", "/feed/", "/"} <= requested
    assert not {"/page-sitemap.xml", "/post_tag-sitemap.xml"} & requested
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT key FROM sites").fetchall() == [("beritaregional.example",)]


def test_site_announcing_articles_only_on_its_pages(sites, server, tmp_path):
    """No sitemap, no feed: the home page leads to category archives, their pagers to
    older pages, and those to every article."""
    site = renamed(sites[WORDPRESS], "kabarpelosok.example")
    for path in [p for p in site.pages if "sitemap" in p or p.startswith("/feed")]:
        del site.pages[path]
    site.pages["/robots.txt"] = Page("User-agent: *\nDisallow: /wp-admin/\n", "text/plain")
    home = site.pages["/"]
    site.pages["/"] = Page(home.body.replace('type="application/rss+xml"', 'type="text/html"'))
    server.sites[site.host] = site
    db_path = tmp_path / "warta.db"
    crawl(server, db_path, "http://kabarpelosok.example")

    stored = rows(db_path)
    assert set(stored) == set(site.expected)
    requested = {r.path for r in server.requests if r.host == site.host}
    assert "/category/berita/page/4/" in requested
    assert "/pedoman-media-siber/" not in requested and "/redaksi/" not in requested


def test_a_killed_crawl_resumes_where_it_stopped(sites, tmp_path):
    db_path = tmp_path / "warta.db"
    expected = {**sites[PORTAL].expected, **sites[PAGED].expected}
    args = ["crawl", "kabarnusantara", "suarametro", "--db", str(db_path), "--log-level", "ERROR"]
    with SampleSiteServer(sites, delay=0.2) as slow:
        crawl = subprocess.Popen(
            [str(WARTA), *args, "--proxy", slow.proxy_url],
            env={**os.environ, "WARTA_BATCH_SIZE": "2"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and crawl.poll() is None:
            if db_path.exists() and len(_stored_safely(db_path)) >= 4:
                break
            time.sleep(0.1)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait()
    first = rows(db_path)
    assert 4 <= len(first) < len(expected)
    # What is visible is whole: every stored article has its title and all its text.
    for url, row in first.items():
        assert row["title"] == expected[url].title
        assert expected[url].paragraphs[-1].lstrip("#- ")[:40] in row["body"]

    with SampleSiteServer(sites) as server:
        crawl_result = run_warta(*args, "--proxy", server.proxy_url)
        assert crawl_result.returncode == 0, crawl_result.stderr
        fetched = {r.url.split("?")[0] for r in server.requests}
    final = rows(db_path)
    connection = sqlite3.connect(db_path)
    total, distinct = connection.execute(
        "SELECT count(*), count(DISTINCT content_hash) FROM articles"
    ).fetchone()
    refetched = len(set(first) & fetched)
    OUTCOMES.append(
        Outcome("process", "SIGKILL mid-crawl, then the same crawl again", len(expected),
                len(set(final) & set(expected)), total - distinct,
                "resumed" if not refetched else f"{refetched} stored articles fetched again")
    )  # fmt: skip
    assert set(final) == set(expected)
    assert refetched == 0  # what the killed crawl stored is not fetched again
    assert total == distinct == len(expected)


def _stored_safely(db_path) -> list:
    """The stored URLs, read while another process may be writing."""
    try:
        connection = sqlite3.connect(db_path, timeout=5)
        return connection.execute("SELECT url FROM articles").fetchall()
    except sqlite3.OperationalError:  # the schema is still being created
        return []


# --- dated index pages ------------------------------------------------------------------

PORTAL_TODAY = date(2024, 5, 10)


def crawl_wire_portal(server, db_path, today: date, *settings: str):
    """A crawl by URL of the wire portal, on the day ``today``."""
    extra = ["--set", f"WARTA_TODAY={today}"]
    for setting in settings:
        extra += ["--set", setting]
    return crawl(server, db_path, f"http://{wire_portal.HOST}/", extra=tuple(extra))


def days_read(portal: wire_portal.WirePortal, server) -> set[date]:
    """The days whose index pages the server was asked for."""
    return {portal.index_days[r.url] for r in server.requests if r.url in portal.index_days}


def window(since: date, until: date) -> set[date]:
    return {since + timedelta(days=n) for n in range((until - since).days + 1)}


@pytest.mark.parametrize("shape", wire_portal.SHAPES)
def test_older_articles_only_on_dated_index_pages_are_stored(shape, tmp_path):
    """A first crawl by URL goes back 7 days through the index's own date navigation
    (or, where it has only a date picker, the days written like the picker's), pages
    through a busy day, and asks for no day and no article outside the window."""
    portal = wire_portal.build(shape, PORTAL_TODAY)
    db_path = tmp_path / "warta.db"
    with SampleSiteServer({wire_portal.HOST: portal.site}) as server:
        crawl_wire_portal(server, db_path, PORTAL_TODAY)

    since = PORTAL_TODAY - timedelta(days=7)
    in_window = portal.stories_between(since, PORTAL_TODAY)
    assert set(rows(db_path)) == in_window
    assert days_read(portal, server) == window(since, PORTAL_TODAY)
    requested = {r.url for r in server.requests}
    older = portal.stories_between(wire_portal.FIRST_DAY, since - timedelta(days=1))
    assert older and not older & requested
    busy_day = portal.site.url(wire_portal.day_path(shape, date(2024, 5, 6), page=2))
    assert busy_day in requested
    counts = run_counts(db_path)
    assert counts["discovery/window_days"] == 8
    assert counts["discovery/dated_index"] >= 8
    if shape == "form":
        assert counts["discovery/dated_derived"] == 8
    else:
        assert counts["discovery/dated_out_of_window"] > 0
        assert not counts["discovery/dated_derived"]


def test_a_later_crawl_reads_back_to_the_day_before_the_last_complete_one(tmp_path):
    db_path = tmp_path / "warta.db"
    with SampleSiteServer({}) as server:
        server.sites[wire_portal.HOST] = wire_portal.build("query", PORTAL_TODAY).site
        crawl_wire_portal(server, db_path, PORTAL_TODAY)
        # That crawl began on 10 May at 10:00 WIB; two days later the portal has more.
        connection = sqlite3.connect(db_path)
        connection.execute("UPDATE crawl_runs SET started_at = '2024-05-10 03:00:00.000000'")
        connection.commit()
        later = date(2024, 5, 12)
        portal = wire_portal.build("query", later)
        server.sites[wire_portal.HOST] = portal.site
        server.requests.clear()
        crawl_wire_portal(server, db_path, later)

    assert days_read(portal, server) == window(date(2024, 5, 9), later)
    assert set(rows(db_path)) == portal.stories_between(date(2024, 5, 3), later)
    assert run_counts(db_path)["discovery/window_days"] == 4


def test_discovery_stops_at_its_budget_and_says_so(tmp_path):
    portal = wire_portal.build("query", PORTAL_TODAY)
    db_path = tmp_path / "warta.db"
    with SampleSiteServer({wire_portal.HOST: portal.site}) as server:
        result = crawl_wire_portal(server, db_path, PORTAL_TODAY, "WARTA_DISCOVERY_BUDGET=12")

    # robots.txt is Scrapy's own request, made for every site whatever the budget.
    documents = {
        r.url for r in server.requests if r.url not in portal.stories and r.path != "/robots.txt"
    }
    assert len(documents) <= 12
    counts = run_counts(db_path)
    assert counts["discovery/requests"] == 12 and counts["discovery/budget"] == 12
    assert counts["discovery/budget_exhausted"] > 0
    assert result.stderr.count("discovery budget of 12 requests spent") == 1
    summary = " ".join(result.stdout.split())
    assert "12/12" in summary and "discovery budget of 12 requests spent" in summary
    # A crawl cut short is not complete: the next one goes back the whole 7 days again.
    store = ArticleStore(f"sqlite:///{db_path}")
    cut_short = DISCOVERY_BUDGET_EXHAUSTED.key
    assert store.last_complete_run("www.kantorberitanusa.example", cut_short) is None


# --- steady state ---------------------------------------------------------------------

# Where the sample sites announce articles: the only documents a later crawl may ask for.
ANNOUNCING = {"/sitemap-news.xml", "/sitemap.xml", "/sitemap_index.xml", "/post-sitemap.xml",
              "/feed/", "/rss"}  # fmt: skip


def sample_sites_by_url(held_back: int = 0, corrected: int | None = None) -> dict:
    """The three sample sites under hosts no profile knows (so crawled by URL, from
    robots.txt, the usual paths and the home page), each without its ``held_back``
    newest stories; story ``corrected`` (an id) carries a correction made now."""
    sites = {}
    for key, template in TEMPLATES.items():
        articles = sorted(
            (a for a in load_articles() if a.site == key), key=lambda a: a.published_at
        )
        articles = articles[: len(articles) - held_back]
        articles = [_corrected(a) if a.id == corrected else a for a in articles]
        site = renamed(template.build(articles), f"{key}-lain.example")
        sites[site.host] = site
    return sites


def just_now() -> str:
    """Now, as a sitemap writes it: to the second, rounded up, so never before a fetch
    made a moment ago."""
    return (datetime.now(WIB) + timedelta(seconds=1)).isoformat(timespec="seconds")


def _corrected(article: SampleArticle) -> SampleArticle:
    now = just_now()
    last = article.paragraphs[-1] + " (Berita ini telah diralat.)"
    return dataclasses.replace(article, paragraphs=[*article.paragraphs[:-1], last], updated=now)


def test_second_crawl_asks_only_for_robots_txt_the_documents_and_what_is_new(tmp_path):
    """A later crawl of sites whose sitemaps and feeds answer: robots.txt once per site
    (Scrapy's copy, which discovery reads too), the sitemaps and feeds, and the new and
    corrected articles; no home, section or tag page, no path that answered 404 the
    first time, no page skipped for good (the English story, the one taken down)."""
    db_path = tmp_path / "warta.db"
    first = sample_sites_by_url(held_back=1)
    with SampleSiteServer(first) as server:
        targets = [f"http://{host}/" for host in first]
        crawl(server, db_path, *targets)
        present = {(host, path) for host, site in first.items() for path in site.pages}
        probed = {(r.host, r.path) for r in server.requests if r.path in GENERIC_DISCOVERY}
        absent = probed - present - {(host, "/") for host in first}
        stored = set(rows(db_path))
        paged = first["suarametro-lain.example"].expected.items()
        corrected_url, story = next((url, a) for url, a in paged if a.updated is None)

        later = sample_sites_by_url(corrected=story.id)
        server.sites.update(later)
        server.requests.clear()
        crawl(server, db_path, *targets)
        requested = [(r.host, r.path) for r in server.requests]

    new = {url for site in later.values() for url in site.expected} - stored
    assert len(new) == 3
    robots = Counter(host for host, path in requested if path == "/robots.txt")
    assert robots == {host: 1 for host in later}
    articles = {f"http://{host}{path.split('?')[0]}" for host, path in requested}
    articles -= {f"http://{host}{path}" for host in later for path in ANNOUNCING | {"/robots.txt"}}
    assert articles == new | {corrected_url}
    documents = {path for host, path in requested if path.split("?")[0] not in
                 {urlsplit(url).path for url in articles} | {"/robots.txt"}}  # fmt: skip
    assert documents <= ANNOUNCING
    assert not absent & set(requested)  # known-absent paths are not probed again
    assert set(rows(db_path)) == stored | new
    assert "(Berita ini telah diralat.)" in rows(db_path)[corrected_url]["body"]
    counts = newest_counts(db_path, len(later))
    assert counts["discovery/known_absent"] == len(absent)
    assert counts["discovery/listings_skipped"] == 3  # each site's home page
    assert counts["skipped/remembered"] >= 2  # the English story and the one taken down


def newest_counts(db_path, crawls: int) -> Counter:
    """The counts of the newest ``crawls`` crawl runs, added up."""
    connection = sqlite3.connect(db_path)
    runs = connection.execute("SELECT counts FROM crawl_runs ORDER BY id DESC LIMIT ?", (crawls,))
    return sum((Counter(json.loads(counts)) for (counts,) in runs), Counter())


def test_listings_and_absent_paths_are_asked_for_again_when_their_time_comes(tmp_path):
    site = renamed(build_sample_sites()[WORDPRESS], "beritaregional.example")
    db_path = tmp_path / "warta.db"
    with SampleSiteServer({site.host: site}) as server:
        crawl(server, db_path, site.base_url)
        server.requests.clear()
        crawl(server, db_path, site.base_url)
        assert {r.path for r in server.requests} == {"/robots.txt", "/sitemap_index.xml", "/feed/"}
        server.requests.clear()
        due = ("--set", "WARTA_ABSENT_RETRY_DAYS=0", "--set", "WARTA_LISTING_HOURS=0")
        crawl(server, db_path, site.base_url, extra=due)
        paths = {r.path for r in server.requests}
    assert {"/sitemap.xml", "/wp-sitemap.xml", "/sitemap-news.xml"} <= paths  # probed again
    assert "/" in paths  # the listing cadence is due (the home page answers 304)


def test_a_skipped_page_is_fetched_again_when_announced_changed_or_long_ago(
    sites, server, tmp_path
):
    db_path = tmp_path / "warta.db"
    crawl(server, db_path, "kabarnusantara")
    site = sites[PORTAL]
    trap = {why: url for url, why in site.traps.items()}
    english, removed = trap["language"], trap["http_404"]

    def announce(changed_url: str | None) -> None:
        """The news sitemap again, ``changed_url`` marked changed now."""
        now = just_now()
        entries = [(url, a, a.updated or a.published) for url, a in site.expected.items()]
        entries += [(url, None, now if url == changed_url else "2024-05-01T08:00:00+07:00")
                    for url in (english, removed)]  # fmt: skip
        site.pages["/sitemap-news.xml"] = Page(news_sitemap(entries, site.name), "application/xml")
        server.requests.clear()

    announce(english)  # the English story was rewritten; the removed one still gone
    crawl(server, db_path, "kabarnusantara")
    requested = {r.url for r in server.requests}
    assert english in requested and removed not in requested
    assert run_counts(db_path)["skipped/remembered"] == 1

    announce(None)
    crawl(server, db_path, "kabarnusantara", extra=("--set", "WARTA_SKIP_MEMORY_DAYS=0"))
    requested = {r.url for r in server.requests}
    assert english in requested and removed in requested
    assert not run_counts(db_path)["skipped/remembered"]
