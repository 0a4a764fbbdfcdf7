"""The synthetic mirror site (crawler/sample_site/mirror.py) that crawl benchmarks serve:
every page is an article the cleaner takes whole, discovery finds each URL exactly once,
and no two stories are copies of each other."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from cleaners import clean_html
from crawler import discovery
from crawler.sample_site.mirror import HOST, article_path, build_mirror
from crawler.sites import profile_for
from storage.similarity import MAX_DISTANCE, distance, simhash, story_text

PAGES = 50
PER_SITEMAP = 20  # so that 50 pages need three child sitemaps


@pytest.fixture(scope="module")
def mirror():
    return build_mirror(PAGES, seed=11, per_sitemap=PER_SITEMAP)


@pytest.fixture(scope="module")
def cleaned(mirror):
    return {
        url: clean_html(mirror.pages[article_path(article)].body.encode("utf-8"), url, [])
        for url, article in mirror.expected.items()
    }


def test_every_page_cleans_to_its_article(mirror, cleaned):
    assert len(mirror.expected) == PAGES
    for url, article in mirror.expected.items():
        page = cleaned[url]
        assert page.ok, (url, page.reason)
        assert page.title == article.title
        assert page.language == "id"
        assert page.url == url
        assert page.authors == article.authors
        assert page.section == article.section
        assert page.published == article.published
        assert article.published_at.utcoffset() == timedelta(hours=7)
        # The whole story and nothing else: the dateline lead, every paragraph and
        # subheading; no "Baca juga", ad label, byline or sidebar.
        story = [p.removeprefix("## ") for p in article.paragraphs]
        story[0] = f"{article.dateline}, BERITACERMIN.com - {story[0]}"
        assert page.paragraphs == story, url


def test_stories_are_news_sized(mirror):
    for article in mirror.expected.values():
        prose = [p for p in article.paragraphs if not p.startswith("## ")]
        assert 4 <= len(prose) <= 12
        assert 250 <= sum(len(p.split()) for p in prose) <= 700


def test_texts_are_pairwise_distinct_and_not_near_duplicates(cleaned):
    hashes = [page.content_hash for page in cleaned.values()]
    assert len(set(hashes)) == len(hashes)
    prints = [simhash(story_text(page.body, page.dateline)) for page in cleaned.values()]
    closest = min(distance(a, b) for a, b in itertools.combinations(prints, 2))
    assert closest > MAX_DISTANCE + 2
    titles = [page.title for page in cleaned.values()]
    assert len(set(titles)) == len(titles)


def test_sitemaps_announce_every_article_exactly_once(mirror):
    robots = mirror.pages["/robots.txt"].body.encode()
    index_url = mirror.url("/sitemap.xml")
    assert discovery.robots_sitemaps(robots, mirror.url("/robots.txt")) == [index_url]
    index = mirror.pages["/sitemap.xml"].body.encode()
    assert discovery.sniff(index) == "sitemapindex"
    children = [link.url for link in discovery.sitemap_links(index)]
    assert len(children) == 3
    announced: Counter[str] = Counter()
    for child in children:
        assert discovery.is_article_sitemap(child)
        body = mirror.pages[urlsplit(child).path].body.encode()
        assert discovery.sniff(body) == "urlset"
        links = discovery.sitemap_links(body)
        assert 0 < len(links) <= PER_SITEMAP
        assert all(link.changed is not None for link in links)
        announced.update(link.url for link in links)
    assert set(announced) == set(mirror.expected)
    assert set(announced.values()) == {1}


def test_a_crawl_by_url_takes_the_article_urls():
    site = build_mirror(5)
    profile = profile_for(f"http://{HOST}/")
    assert profile.generic
    for url in site.expected:
        assert profile.is_article_url(url), url
        assert urlsplit(url).path.startswith("/berita/2026/11/")
    for path in ("/", "/sitemap.xml", "/robots.txt", "/nasional", "/tag/banjir"):
        assert not profile.is_article_url(site.url(path)), path


def test_the_same_seed_builds_the_same_site():
    first, again, other = build_mirror(8), build_mirror(8), build_mirror(8, seed=8)
    assert {p: page.body for p, page in first.pages.items()} == {
        p: page.body for p, page in again.pages.items()
    }
    assert set(first.expected).isdisjoint(other.expected)
    moved = build_mirror(3, host="cermin.example")
    assert all(urlsplit(url).hostname == "cermin.example" for url in moved.expected)
