"""The whole job from the command line: serve the sample site on 127.0.0.1, crawl it
with the real spider and pipelines in a separate process, and check the database rows
and every request the server saw."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest

from crawler.sample_site import load_articles
from crawler.sites import get_profile
from tests.conftest import PROJECT_DIR, run_warta

SAMPLE_KEYS = ("kabarnusantara", "suarametro", "sulselterkini")
LEAKS = ("Baca juga", "Baca Juga", "ADVERTISEMENT", "Advertisement", "TINGGALKAN KOMENTAR",
         "Silakan masukkan", "SCROLL TO CONTINUE")  # fmt: skip


def _rows(db_path) -> dict[str, sqlite3.Row]:
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    return {row["url"]: row for row in connection.execute("SELECT * FROM articles")}


def _expected(sample_sites) -> dict:
    return {
        url: article for site in sample_sites.values() for url, article in site.expected.items()
    }


def _crawl(server, db_path, *extra: str):
    result = run_warta(
        "crawl", *SAMPLE_KEYS, "--db", str(db_path), "--proxy", server.proxy_url,
        "--log-level", "WARNING", *extra,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


def test_crawl_stores_every_article_once_and_no_trap(sample_server, sample_sites, tmp_path):
    db_path = tmp_path / "warta.db"
    _crawl(sample_server, db_path)
    rows = _rows(db_path)
    expected = _expected(sample_sites)

    assert set(rows) == set(expected)
    assert len(expected) == len([a for a in load_articles() if a.language == "id"]) == 34
    for url, article in expected.items():
        row = rows[url]
        assert row["title"] == article.title
        assert json.loads(row["authors"]) == article.authors
        assert row["published"] == article.published
        body = row["body"]
        assert article.paragraphs[-1].removeprefix("- ") in body  # every page of split stories
        for marker in LEAKS:
            assert marker not in body, (url, marker)
    traps = {url for site in sample_sites.values() for url in site.traps}
    assert not traps & set(rows)

    # What the server saw: robots.txt first per host, each article page exactly once,
    # split articles fetched whole through ?page=all, never a tracking-parameter URL.
    seen = [request.url for request in sample_server.requests]
    counts = Counter(seen)
    for site in sample_sites.values():
        assert counts[site.url("/robots.txt")] == 1
        assert next(u for u in seen if site.host in u) == site.url("/robots.txt")
    article_fetches = [u for u in seen if u.split("?")[0] in expected]
    assert sorted(u.split("?")[0] for u in article_fetches) == sorted(expected)
    assert all(u.endswith("?page=all") for u in article_fetches if "suarametro" in u)
    assert not [u for u in seen if "utm_" in u or "page=2" in u]
    assert all(
        request.headers.get("User-Agent", "").startswith("warta/")
        for request in sample_server.requests
    )

    connection = sqlite3.connect(db_path)
    runs = connection.execute("SELECT counts, finish_reason FROM crawl_runs").fetchall()
    assert len(runs) == 3 and {reason for _, reason in runs} == {"finished"}
    totals = Counter()
    for counts, _ in runs:
        totals.update(json.loads(counts))
    assert totals["stored/inserted"] == 34
    assert totals["skipped/language_en"] == 1
    assert totals["skipped/http_404"] == 1
    # The tag and static pages are listed only in WordPress's tag and page sitemaps,
    # which are never read.
    assert totals["discovery/non_article_sitemap"] == 2
    wordpress = sample_sites["sulselterkini.example"]
    never_read = {wordpress.url("/post_tag-sitemap.xml"), wordpress.url("/page-sitemap.xml")}
    assert not never_read & set(seen)
    assert not {url for url, why in wordpress.traps.items() if why.startswith("not_")} & set(seen)


def test_second_crawl_fetches_and_stores_nothing_new(sample_server, sample_sites, tmp_path):
    db_path = tmp_path / "warta.db"
    _crawl(sample_server, db_path)
    first = _rows(db_path)
    sample_server.requests.clear()

    _crawl(sample_server, db_path)
    second = _rows(db_path)
    assert {u: tuple(r) for u, r in first.items()} == {u: tuple(r) for u, r in second.items()}
    # Only the sites' sitemaps and feeds were asked for (and robots.txt, Scrapy's own),
    # each with the validator it came with, and the server answered each with an empty
    # 304: a sitemap index that did not change is not even opened for its children.
    # Today's dated index page is not asked for: the sitemaps announced all there is.
    profiles = [get_profile(site.key) for site in sample_sites.values()]
    announced = {p.absolute(url) for p in profiles for url in (*p.sitemaps, *p.feeds)}
    asked = [r for r in sample_server.requests if not r.path.startswith("/robots.txt")]
    assert sorted(r.url for r in asked) == sorted(announced)
    assert all(r.headers.get("If-None-Match") for r in asked)


def test_scrapy_crawl_runs_the_same_code_path(sample_server, sample_sites, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    db_path = tmp_path / "scrapy.db"
    scrapy = Path(sys.executable).with_name("scrapy")
    result = subprocess.run(
        [str(scrapy), "crawl", "news", "-a", "site=suarametro", "-s", f"WARTA_DB_URL={db_path}",
         "-s", f"WARTA_PROXY={sample_server.proxy_url}", "-s", "LOG_LEVEL=WARNING"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    site = next(s for s in sample_sites.values() if s.key == "suarametro")
    assert set(_rows(db_path)) == set(site.expected)


def test_demo_runs_twice_and_says_nothing_new(tmp_path):
    db_path = tmp_path / "demo.db"
    first = run_warta("demo", "--db", str(db_path), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Stored 34 new articles" in first.stdout
    assert len(_rows(db_path)) == 34

    second = run_warta("demo", "--db", str(db_path), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "Nothing new: 6 sitemaps and feeds answered" in " ".join(second.stdout.split())
    assert len(_rows(db_path)) == 34


def test_demo_default_database_is_warta_db_in_the_working_directory(tmp_path):
    result = run_warta("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(_rows(tmp_path / "warta.db")) == 34


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("crawl", "situs-tak-dikenal"), "unknown site 'situs-tak-dikenal'"),
        (("demo", "--db", "nosuchdialect://x"), "not a usable database URL"),
        (("clean", "/no/such/file.html"), "no such file"),
        (("db", "upgrade", "--db", "postgresql://warta:rahasia@127.0.0.1:1/x"), "database error"),
    ],
)
def test_user_mistakes_get_one_line_and_exit_2(args, message, tmp_path):
    result = run_warta(*args, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "rahasia" not in result.stderr + result.stdout


def test_clean_jsonl_prints_the_contract_fields(sample_sites, tmp_path):
    article = next(a for a in load_articles() if a.site == "kabarnusantara" and a.language == "id")
    from crawler.sample_site.templates import portal

    site = next(s for s in sample_sites.values() if s.key == "kabarnusantara")
    page = tmp_path / "page.html"
    page.write_text(site.pages[portal.article_path(article)].body, encoding="utf-8")
    result = run_warta(
        "clean", str(page), "--url", site.url(portal.article_path(article)), "--jsonl"
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    for field in ("file", "url", "title", "authors", "published", "updated", "section", "tags",
                  "language", "body", "word_count"):  # fmt: skip
        assert field in record
    assert record["title"] == article.title
    assert record["published"] == article.published
    # one paragraph per paragraph, subheading and list item of the story
    assert record["body"].count("\n\n") == len(article.paragraphs) - 1


def test_progress_lines_show_what_each_crawl_did(sample_server, tmp_path):
    result = _crawl(sample_server, tmp_path / "warta.db", "--progress")
    lines = [line for line in result.stderr.splitlines() if " done: " in line]
    assert len(lines) == len(SAMPLE_KEYS)
    kabar = next(line for line in lines if line.startswith("kabarnusantara"))
    assert "13 stored" in kabar and "0 errors" in kabar
