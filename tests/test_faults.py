"""Hostile input: one crawl of a site that fails in every way real sites do. Each fault
guards one article (or none, when the page is not one); the crawl must finish, store
what can be stored exactly once, skip the rest with a counted reason, and never leave
the site. Each fault's outcome goes into docs/reliability.md (tests/reliability.py)."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import time
from collections import Counter
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from crawler.sample_site import build_sample_sites, load_articles
from crawler.sample_site.common import news_sitemap, robots_txt, rss_feed
from crawler.sample_site.server import SampleSiteServer
from crawler.sample_site.templates import portal
from storage import open_database
from tests.conftest import WARTA, _reset_postgres, allow_connections, run_scrapy
from tests.fault_server import Answer, FaultServer, always, failing_first, on_first, page
from tests.reliability import OUTCOMES, Outcome

HOST = "rusak.example"
BASE = f"http://{HOST}"
# Characters a wrong decoding mangles: curly quotes, an en dash, an accented letter.
MARK = "Kafé “Senja” di Tanjung Priok – dibuka kembali"
PROFILE = f"""key = "rusak"
name = "Situs Rusak"
base_url = "{BASE}"
sitemaps = ["/sitemap-news.xml", "/sitemap-rusak.xml"]
feeds = ["/rss"]
article_url = '^/(?:read|terlarang)/\\d{{4}}/\\d{{2}}/\\d{{2}}/\\d+/[a-z0-9-]+$'
article_examples = ["{BASE}/read/2024/05/04/1/judul"]
non_article_examples = ["{BASE}/"]
"""


@dataclass
class Fault:
    name: str
    path: str
    stored: bool  # whether an article must end up stored
    behaviour: object
    outcome: str  # what the crawl must count (a stats key), or "" when nothing is special


def _article_pages():
    articles = [a for a in load_articles() if a.language == "id"]
    pages = []
    for article in articles:
        path = portal.article_path(article)
        html = portal.render_article(article, BASE + path, [(BASE + path, article.title)] * 3)
        html = html.replace("www.kabarnusantara.example", HOST)
        html = html.replace("</strong> - ", f"</strong> - {MARK}. ", 1)
        pages.append((article, path, html))
    return pages


def _faults() -> list[Fault]:
    pages = iter(_article_pages())

    def next_page():
        return next(pages)

    faults = []

    def add(name, stored, outcome, make):
        _article, path, html = next_page()
        faults.append(Fault(name, path, stored, make(html), outcome))

    utf8 = "text/html; charset=utf-8"
    add(
        "500, 502, 503 in a row, then the page",
        True,
        "",
        lambda html: failing_first([500, 502, 503], page(html.encode())),
    )
    add(
        "503 with Retry-After, then the page",
        True,
        "",
        lambda html: failing_first([503], page(html.encode()), {"Retry-After": "1"}),
    )
    add(
        "429 rate limit twice, then the page",
        True,
        "",
        lambda html: failing_first([429, 429], page(html.encode())),
    )
    add(
        "timeout on the first try",
        True,
        "",
        lambda html: on_first(Answer(hang=3), page(html.encode())),
    )
    add(
        "connection reset on the first try",
        True,
        "",
        lambda html: on_first(Answer(reset=True), page(html.encode())),
    )
    add(
        "body always cut short",
        False,
        "skipped/truncated",
        lambda html: always(Answer(body=html.encode(), cut_at=len(html) // 2)),
    )
    add(
        "iso-8859-1 declared on UTF-8 bytes",
        True,
        "",
        lambda html: page(
            html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').encode(),
            "text/html; charset=iso-8859-1",
        ),
    )
    add(
        "windows-1252 page",
        True,
        "",
        lambda html: page(
            html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').encode(
                "cp1252"
            ),
            "text/html; charset=windows-1252",
        ),
    )
    add(
        "no charset anywhere",
        True,
        "",
        lambda html: page(html.replace('<meta charset="utf-8">', "").encode(), "text/html"),
    )
    add(
        "page over the size limit",
        False,
        "skipped/too_large",
        lambda html: page(html.encode() + b"<!--" + b"x" * 1_200_000 + b"-->"),
    )
    add(
        "compression bomb",
        False,
        "skipped/too_large",
        lambda html: page(
            gzip.compress(b"<html>" + b"\0" * 60_000_000), utf8, **{"Content-Encoding": "gzip"}
        ),
    )
    add(
        "redirect loop",
        False,
        "skipped/repeated_request",
        lambda html: always(Answer(302, headers={"Location": "/loop-a"})),
    )
    add(
        "redirect to another domain",
        False,
        "skipped/offsite",
        lambda html: always(Answer(301, headers={"Location": "http://lain.example/berita"})),
    )
    add(
        "PDF where a page should be",
        False,
        "skipped/not_html",
        lambda html: page(b"%PDF-1.4 fake", "application/pdf"),
    )
    faults += [
        Fault("empty 200 page", "/read/2024/05/04/9000001/halaman-kosong", False,
              page(b""), "skipped/empty"),
        Fault("soft 404 (200 with 'not found')", "/read/2024/05/04/9000002/berita-hilang",
              False, page(_stub("Halaman tidak ditemukan", "Maaf, halaman yang Anda cari "
                                "tidak tersedia.")), "skipped/too_short"),
        Fault("paywall / login stub", "/read/2024/05/04/9000003/laporan-khusus", False,
              page(_stub("Laporan Khusus", "Silakan masuk atau berlangganan untuk membaca "
                         "artikel ini.")), "skipped/paywall"),
    ]  # fmt: skip
    _article, path, html = next_page()
    faults.append(Fault("disallowed by robots.txt", path.replace("/read/", "/terlarang/"),
                        False, page(html.encode()), "skipped/robots_txt"))  # fmt: skip
    return faults


def _stub(title: str, text: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article"></head><body><h1>{title}</h1>'
        f"<p>{text}</p></body></html>"
    ).encode()


def _routes(faults: list[Fault]) -> tuple[dict, dict]:
    """Every path the site answers: the faults, plus discovery documents that are
    themselves broken (a malformed sitemap, a feed with unreadable dates)."""
    routes = {fault.path: fault.behaviour for fault in faults}
    routes["/loop-a"] = always(Answer(302, headers={"Location": "/loop-b"}))
    routes["/loop-b"] = always(Answer(302, headers={"Location": "/loop-a"}))
    listed = [(BASE + f.path, None, "2024-05-04T10:00:00+07:00") for f in faults]
    routes["/sitemap-news.xml"] = page(news_sitemap(listed, "Rusak").encode(), "application/xml")
    # Malformed XML: the entries before the break are still read.
    extra_article, extra_path, extra_html = _article_pages()[-1]
    broken = news_sitemap([(BASE + extra_path, None, "2024-05-04")], "Rusak")
    routes["/sitemap-rusak.xml"] = page(broken.replace("</urlset>", "<url><loc>").encode(),
                                        "application/xml")  # fmt: skip
    routes[extra_path] = page(extra_html.encode())
    # A feed whose dates nobody can read still names its articles.
    feed = rss_feed("Rusak", BASE, [(BASE + extra_path, extra_article)])
    feed = feed.replace("<pubDate>", "<pubDate>Sabtu, 4 Mei 2024 pukul ").replace(
        "</pubDate>", " WIB</pubDate>"
    )
    routes["/rss"] = page(feed.encode(), "application/rss+xml")
    routes["/robots.txt"] = page(robots_txt([], ["/terlarang/"]).encode(), "text/plain")
    return routes, {extra_path: "malformed sitemap, feed with broken dates"}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    (tmp / "sites").mkdir()
    (tmp / "sites" / "rusak.toml").write_text(PROFILE)
    faults = _faults()
    routes, extra = _routes(faults)
    db_path = tmp / "warta.db"
    with FaultServer(HOST, routes) as server:
        result = run_scrapy(
            "crawl", "news", "-a", "site=rusak",
            "-s", f"WARTA_DB_URL=sqlite:///{db_path}", "-s", f"WARTA_PROXY={server.proxy_url}",
            "-s", "DOWNLOAD_TIMEOUT=1", "-s", "DOWNLOAD_MAXSIZE=1048576",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
            env={"WARTA_SITES_DIR": str(tmp / "sites")},
        )  # fmt: skip
    connection = sqlite3.connect(db_path)
    rows = connection.execute("SELECT url, body FROM articles").fetchall()
    (counts,) = connection.execute("SELECT counts FROM crawl_runs").fetchone()
    return faults, extra, result, rows, Counter(json.loads(counts)), server


def test_every_fault_ends_as_it_should_and_the_crawl_finishes(crawled):
    faults, extra, result, rows, counts, _server = crawled
    stored = Counter(url.removeprefix(BASE) for url, _ in rows)
    for fault in [*faults, *[Fault(why, path, True, None, "") for path, why in extra.items()]]:
        n = stored[fault.path]
        OUTCOMES.append(
            Outcome("http", fault.name, int(fault.stored), min(n, 1), max(n - 1, 0),
                    fault.outcome or "stored")
        )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for fault in faults:
        assert stored[fault.path] == int(fault.stored), fault.name
        if fault.outcome:
            assert counts[fault.outcome.removeprefix("warta/")] >= 1, (fault.name, counts)
    for path in extra:
        assert stored[path] == 1
    assert sum(stored.values()) == len(rows)  # nothing stored twice


def test_text_is_decoded_right_whatever_the_charset_says(crawled):
    faults, _, _, rows, _, _ = crawled
    bodies = {url.removeprefix(BASE): body for url, body in rows}
    for fault in faults:
        if "charset" in fault.name or "windows-1252" in fault.name:
            assert MARK in bodies[fault.path], fault.name


def test_the_crawl_never_leaves_the_site_or_fetches_what_robots_forbid(crawled):
    _, _, _, _, _, server = crawled
    hosts = {host for host, _ in server.requests}
    assert hosts == {HOST}
    assert not [path for _, path in server.requests if path.startswith("/terlarang/")]


def test_every_fault_ends_the_same_in_a_distributed_crawl(crawled, tmp_path, redis_url):
    """Over Redis, each fault (redirects, retries, timeouts, resets...) ends its request's
    lease, so the round ends instead of waiting for a request nobody will finish; and
    what is stored is what a crawl on one machine stores."""
    import redis

    alone = crawled[3]  # the rows a crawl on one machine stored
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "rusak.toml").write_text(PROFILE)
    db_path = tmp_path / "warta.db"
    routes, _ = _routes(_faults())
    with FaultServer(HOST, routes) as server:
        result = subprocess.run(
            [str(WARTA), "crawl", "rusak", "--redis", redis_url, "--db", str(db_path),
             "--proxy", server.proxy_url, "--log-level", "WARNING",
             "--set", "DOWNLOAD_TIMEOUT=1", "--set", "DOWNLOAD_MAXSIZE=1048576",
             "--set", "AUTOTHROTTLE_ENABLED=False"],
            env={**os.environ, "WARTA_SITES_DIR": str(tmp_path / "sites")},
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    rows = sqlite3.connect(db_path).execute("SELECT url FROM articles").fetchall()
    assert sorted(url for (url,) in rows) == sorted(url for url, _ in alone)
    client = redis.Redis.from_url(redis_url)
    assert not client.smembers("warta:sites")
    assert not list(client.scan_iter(match="warta:rusak:leases:*"))


def _crawl_through_an_outage(db_url: str, outage, fault: str) -> tuple[int, int, int]:
    """Crawl two sample sites slowly in batches of two; once articles are stored, run
    ``outage()`` (which returns when the database is back); then wait for the crawl and
    record the outcome. Returns articles expected, stored and duplicated."""
    sites = build_sample_sites()
    expected = {
        **sites["www.kabarnusantara.example"].expected,
        **sites["www.suarametro.example"].expected,
    }
    engine = open_database(db_url)
    with SampleSiteServer(sites, delay=0.1) as server:
        crawl = subprocess.Popen(
            [str(WARTA), "crawl", "kabarnusantara", "suarametro", "--db", db_url,
             "--proxy", server.proxy_url, "--log-level", "ERROR"],
            env={**os.environ, "WARTA_BATCH_SIZE": "2"},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and crawl.poll() is None:
            with engine.connect() as connection:
                if connection.execute(text("SELECT count(*) FROM articles")).scalar() >= 2:
                    break
            time.sleep(0.1)
        outage()
        stdout, stderr = crawl.communicate(timeout=300)
    assert crawl.returncode == 0, stdout[-3000:] + stderr[-3000:]
    with engine.connect() as connection:
        urls = [u for (u,) in connection.execute(text("SELECT url FROM articles"))]
        hashes = connection.execute(text("SELECT count(DISTINCT content_hash) FROM articles"))
        distinct = hashes.scalar()
    stored, duplicated = len(set(urls) & set(expected)), len(urls) - distinct
    OUTCOMES.append(
        Outcome("database", fault, len(expected), stored, duplicated, "waited and retried")
    )
    return len(expected), stored, duplicated


def test_postgresql_going_away_mid_crawl_loses_nothing(postgres_server_url):
    _reset_postgres(postgres_server_url)

    def outage() -> None:
        allow_connections(postgres_server_url, False)
        time.sleep(3)
        allow_connections(postgres_server_url, True)

    expected, stored, duplicated = _crawl_through_an_outage(
        postgres_server_url, outage, "PostgreSQL cuts every connection and refuses new ones for 3 s"
    )
    assert (stored, duplicated) == (expected, 0)


def test_sqlite_locked_by_another_writer_mid_crawl_loses_nothing(tmp_path):
    db_path = tmp_path / "warta.db"

    def outage() -> None:
        other = sqlite3.connect(db_path)
        other.execute("BEGIN EXCLUSIVE")
        time.sleep(3)
        other.commit()

    expected, stored, duplicated = _crawl_through_an_outage(
        f"sqlite:///{db_path}", outage, "another process holds the SQLite write lock for 3 s"
    )
    assert (stored, duplicated) == (expected, 0)
