"""Reading where sites announce articles, and which link continues a split page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cleaners.pagination import next_page_url, page_number
from crawler.dated import dated_index, discovery_window, parse_date_text
from crawler.discovery import (
    UnreadableDocument,
    feed_links,
    is_article_sitemap,
    page_links,
    parse_time,
    robots_sitemaps,
    sitemap_links,
    sniff,
)
from crawler.sites.generic import looks_like_article_path, looks_like_listing_path

ARTICLE = "https://www.contoh.id/read/2024/05/04/123456/banjir-rob-rendam-pesisir"


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Berita</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (_page("", f'<link rel="next" href="{ARTICLE}?page=2">'), f"{ARTICLE}?page=2"),
        (_page(f'<a href="{ARTICLE}?page=2">Halaman Selanjutnya</a>'), f"{ARTICLE}?page=2"),
        (_page(f'<a href="{ARTICLE}/2">Berikutnya »</a>'), f"{ARTICLE}/2"),
        (_page(f'<a href="{ARTICLE}?page=1">1</a><a href="{ARTICLE}?page=2">2</a>'),
         f"{ARTICLE}?page=2"),
        # "Next" that is the next story, not the next page: never followed.
        (_page('<a rel="next" href="https://www.contoh.id/read/2024/05/04/123457/lain">'
               "Berita selanjutnya</a>"), None),
        (_page(f'<a href="{ARTICLE}?page=all">Tampilkan semua</a>'), None),
        (_page("<p>Tidak ada halaman lain.</p>"), None),
    ],
)  # fmt: skip
def test_next_page_of_a_split_article(html, expected):
    assert next_page_url(html, ARTICLE) == expected


def test_page_numbers_in_query_and_path():
    assert page_number(f"{ARTICLE}?page=3") == (ARTICLE, 3)
    archive = "https://x.id/category/daerah"
    assert page_number(f"{archive}/page/2/") == (archive, 2)
    assert page_number("https://x.id/read/123456/judul") == ("https://x.id/read/123456/judul", 1)
    # From the second page on, the pager's "3" is the next one; "2" is behind us.
    second = _page(f'<a href="{ARTICLE}?page=1">1</a><a href="{ARTICLE}?page=3">3</a>')
    assert next_page_url(second, f"{ARTICLE}?page=2") == f"{ARTICLE}?page=3"


def test_sitemaps_feeds_and_robots_are_read_with_their_times():
    sitemap = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://x.id/a</loc><lastmod>2024-05-04T10:15:00+07:00</lastmod></url>
      <url><loc>https://x.id/b</loc><news:news><news:publication_date>2024-05-03</news:publication_date></news:news></url>
      <url><loc>https://x.id/c</loc><lastmod>kemarin</lastmod></url></urlset>"""
    assert sniff(sitemap) == "urlset"
    links = sitemap_links(sitemap)
    assert [link.url for link in links] == ["https://x.id/a", "https://x.id/b", "https://x.id/c"]
    assert links[0].changed == datetime(2024, 5, 4, 3, 15, tzinfo=UTC)
    assert links[1].changed == datetime(2024, 5, 3, tzinfo=UTC)
    assert links[2].changed is None  # a date nobody can read is no date, not an error

    rss = b"""<rss version="2.0"><channel><item><link>https://x.id/a</link>
      <pubDate>Sat, 04 May 2024 10:15:00 +0700</pubDate></item>
      <item><guid>https://x.id/b</guid><pubDate>Sabtu, 4 Mei 2024</pubDate></item>
      </channel></rss>"""
    feed = feed_links(rss)
    assert [(link.url, link.changed) for link in feed] == [
        ("https://x.id/a", datetime(2024, 5, 4, 3, 15, tzinfo=UTC)),
        ("https://x.id/b", None),
    ]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link rel="alternate" href="https://x.id/c"/><updated>2024-05-04T01:00:00Z</updated>
      </entry></feed>"""
    assert [link.url for link in feed_links(atom)] == ["https://x.id/c"]

    robots = b"User-agent: *\nDisallow: /cari\nSitemap: /sitemap_index.xml\nsitemap: https://x.id/news.xml\n"
    assert sniff(robots) == "robots"
    assert robots_sitemaps(robots, "https://x.id/robots.txt") == [
        "https://x.id/sitemap_index.xml",
        "https://x.id/news.xml",
    ]
    with pytest.raises(UnreadableDocument):
        sitemap_links(b"   ")
    assert parse_time("2024-05-04") == datetime(2024, 5, 4, tzinfo=UTC)


def test_which_child_sitemaps_list_articles():
    for url in (
        "https://x.id/post-sitemap.xml",
        "https://x.id/wp-sitemap-posts-post-1.xml",
        "https://x.id/sitemap-news.xml",
        "https://x.id/sitemap/2024/05/04.xml",
    ):
        assert is_article_sitemap(url), url
    for url in (
        "https://x.id/page-sitemap.xml",
        "https://x.id/category-sitemap.xml",
        "https://x.id/post_tag-sitemap.xml",
        "https://x.id/author-sitemap.xml",
        "https://x.id/wp-sitemap-taxonomies-category-1.xml",
        "https://x.id/wp-sitemap-users-1.xml",
    ):
        assert not is_article_sitemap(url), url


def test_home_page_feeds_and_links():
    html = _page(
        '<a href="/category/daerah/">Daerah</a><a href="#top">atas</a>'
        '<a href="mailto:redaksi@x.id">surat</a><a href="/pasar-takjil-ramadan-di-makassar/">x</a>',
        '<link rel="alternate" type="application/rss+xml" href="/feed/">',
    ).encode()
    links = page_links(html, "https://x.id/")
    assert links.feeds == ["https://x.id/feed/"]
    assert links.anchors == [
        "https://x.id/category/daerah/",
        "https://x.id/pasar-takjil-ramadan-di-makassar/",
    ]


@pytest.mark.parametrize(
    ("path", "article", "listing"),
    [
        ("/pasar-takjil-ramadan-di-makassar/", True, False),
        ("/read/2024/05/04/123456/banjir-rob", True, False),
        ("/berita/4101234/bmkg-prakirakan-hujan", True, False),
        ("/2024/05/04/banjir-rob/", True, False),
        ("/category/daerah/", False, True),
        ("/kanal/ekonomi", False, True),
        ("/tag/pemilu-2024-di-jakarta-barat/", False, True),
        ("/author/rina-kusuma-wijaya/", False, False),
        ("/pedoman-media-siber/", False, False),
        ("/wp-content/uploads/2024/05/foto-banjir-rob-semarang.jpg", False, False),
        ("/", False, False),
    ],
)
def test_shapes_of_article_and_listing_urls(path, article, listing):
    assert looks_like_article_path(path) is article
    assert looks_like_listing_path(path) is listing


@pytest.mark.parametrize(
    ("url", "day", "page", "may_first"),
    [
        ("https://x.id/indeks?date=2024-05-04", date(2024, 5, 4), 1,
         "https://x.id/indeks?date=2024-05-01"),
        ("https://x.id/indeks?site=all&date=2024-05-04&page=3", date(2024, 5, 4), 3,
         "https://x.id/indeks?site=all&date=2024-05-01"),
        ("https://x.id/indeks?tanggal=04-05-2024", date(2024, 5, 4), 1,
         "https://x.id/indeks?tanggal=01-05-2024"),
        ("https://x.id/indeks?tgl=04%2F05%2F2024", date(2024, 5, 4), 1,
         "https://x.id/indeks?tgl=01%2F05%2F2024"),
        ("https://x.id/indeks/2024-05-04", date(2024, 5, 4), 1, "https://x.id/indeks/2024-05-01"),
        ("https://x.id/indeks/2024/05/04", date(2024, 5, 4), 1, "https://x.id/indeks/2024/05/01"),
        ("https://x.id/indeks/2024/05/04/2", date(2024, 5, 4), 2, "https://x.id/indeks/2024/05/01"),
        ("https://x.id/news/indeks/2024/5/4?page=2", date(2024, 5, 4), 2,
         "https://x.id/news/indeks/2024/5/1"),
        ("https://x.id/arsip/2024/05/04/page/3/", date(2024, 5, 4), 3,
         "https://x.id/arsip/2024/05/01"),
        ("https://x.id/index/04-05-2024", date(2024, 5, 4), 1, "https://x.id/index/01-05-2024"),
        ("https://x.id/indeks/20240504", date(2024, 5, 4), 1, "https://x.id/indeks/20240501"),
        ("https://x.id/2024/05/04/", date(2024, 5, 4), 1, "https://x.id/2024/05/01/"),
        ("https://x.id/daerah/2024/05/04/", date(2024, 5, 4), 1, "https://x.id/daerah/2024/05/01/"),
    ],
)  # fmt: skip
def test_dated_index_urls_their_day_page_and_other_days(url, day, page, may_first):
    index = dated_index(url)
    assert (index.day, index.page) == (day, page)
    assert index.url_for(date(2024, 5, 1)) == may_first
    # Every page of a day shares the day's shape.
    assert index.shape == dated_index(index.url_for(day)).shape


@pytest.mark.parametrize(
    "url",
    [
        "https://x.id/read/2024/05/04/123456/banjir-rob",  # an article under a date
        "https://x.id/2024/05/04/banjir-rob-rendam-pesisir/",
        "https://x.id/search?q=banjir&date=2024-05-04",  # a search, not a day's news
        "https://x.id/2024-05-04",  # a bare date segment, no index word: an id or slug
        "https://x.id/berita/daerah/2024/05/04",  # deep under sections, no index word
        "https://x.id/indeks",
        "https://x.id/indeks/2",
        "https://x.id/sitemap.xml",
    ],
)
def test_not_dated_index_urls(url):
    assert dated_index(url) is None


def test_day_and_month_are_told_apart_by_the_day_near():
    # 10/04/2024 in a date picker is 4 October when the page is read in October.
    assert parse_date_text("10/04/2024", near=date(2024, 10, 4))[0] == date(2024, 10, 4)
    assert parse_date_text("10/04/2024")[0] == date(2024, 4, 10)  # day first, Indonesian
    assert parse_date_text("25/12/2024", near=date(2024, 1, 1))[0] == date(2024, 12, 25)
    assert parse_date_text("2024-13-01") is None


def test_the_window_of_days_a_crawl_reads():
    today = date(2024, 5, 10)
    first = discovery_window(today, None, first_days=7)
    assert (first.since, first.until) == (date(2024, 5, 3), today)
    assert first.days()[0] == today and len(first.days()) == 8
    # Later: back to the WIB day the last complete crawl began, less a day of slack.
    began = datetime(2024, 5, 8, 18, 30, tzinfo=UTC)  # 9 May, 01:30 WIB
    assert discovery_window(today, began, first_days=7).since == date(2024, 5, 8)
    # A crawl run with an injected day earlier than the last one reads today alone.
    assert discovery_window(today, datetime(2025, 1, 1, tzinfo=UTC), 7).since == today


def test_date_picker_forms_give_one_example_day():
    html = _page(
        '<form action="/indeks" method="get"><input type="hidden" name="kanal" value="news">'
        '<input type="text" name="tanggal" value="04-05-2024"><button>Cari</button></form>'
        '<form action="/cari"><input type="text" name="q"></form>'
        '<form action="/indeks" method="post"><input name="date" value="2024-05-04"></form>'
    ).encode()
    assert page_links(html, "https://x.id/indeks").date_forms == [
        "https://x.id/indeks?kanal=news&tanggal=04-05-2024"
    ]
