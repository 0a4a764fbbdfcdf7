"""A big national portal in the style of kompas.com / detik.com: inline "Baca juga" boxes,
"ADVERTISEMENT / SCROLL TO CONTINUE WITH CONTENT" blocks, a credit box naming writer and
editor, JSON-LD whose "author" is the editor, and an RSS feed that adds utm_ parameters."""

from __future__ import annotations

import json
from datetime import date, timedelta, timezone
from html import escape

from crawler.sample_site.common import (
    SampleArticle,
    body_html,
    indonesian_date,
    news_sitemap,
    robots_txt,
    rss_feed,
)
from crawler.sample_site.site import BuiltSite, Page

KEY = "kabarnusantara"
HOST = "www.kabarnusantara.example"
NAME = "KabarNusantara.com"
REMOVED_ID = 7309999
WIB = timezone(timedelta(hours=7))


def article_path(article: SampleArticle) -> str:
    moment = article.published_at
    return f"/read/{moment:%Y/%m/%d}/{article.id}/{article.slug}"


def _head(article: SampleArticle, url: str) -> str:
    moment = article.published_at
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published,
        "dateModified": article.updated or article.published,
        # Real portals of this family put the desk editor here, not the reporter.
        "author": {"@type": "Person", "name": article.editor},
        "publisher": {"@type": "Organization", "name": NAME},
        "mainEntityOfPage": url,
    }
    return f"""<head>
<meta charset="utf-8">
<title>{escape(article.title)} - {NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(article.description)}">
<meta name="keywords" content="{escape(", ".join(article.tags))}">
<meta name="content_PublishedDate" content="{moment:%Y-%m-%d %H:%M:%S}">
<meta name="content_category" content="{escape(article.section)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{NAME}">
<meta property="og:title" content="{escape(article.title)} - {NAME}">
<meta property="og:description" content="{escape(article.description)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="http://asset.{HOST[4:]}/crops/{article.id}.jpg">
<link rel="canonical" href="{url}">
<link rel="alternate" type="application/rss+xml" href="http://{HOST}/rss">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"kanal": "{article.section}"}});</script>
<style>.ads-slot{{min-height:250px}}</style>
</head>"""


def _related_box(related: list[tuple[str, str]], style: int) -> str:
    if style == 0:
        url, title = related[0]
        return f'<p><strong>Baca juga: </strong><a href="{url}" class="inner-link-baca-juga">{escape(title)}</a></p>'
    items = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in related)
    return f'<div class="baca-juga-box"><span class="label">BACA JUGA</span><ul>{items}</ul></div>'


_AD_BLOCK = (
    '<div class="ads-on-body ads-slot" id="div-gpt-ad-inread">'
    "<span>ADVERTISEMENT</span>"
    '<div class="scroll-to-continue"><p>SCROLL TO CONTINUE WITH CONTENT</p></div></div>'
)


def render_article(article: SampleArticle, url: str, related: list[tuple[str, str]]) -> str:
    moment = article.published_at
    blocks = body_html(article.paragraphs)
    blocks[0] = blocks[0].replace(
        "<p>", f"<p><strong>{article.dateline}, KABARNUSANTARA.com</strong> - ", 1
    )
    if len(blocks) > 2:
        blocks.insert(2, _AD_BLOCK)
        blocks.insert(2, _related_box(related, 0))
    if len(blocks) > 6:
        blocks.insert(6, _related_box(related[1:], 1))
    blocks.append(
        "<p>Simak berita pilihan dan breaking news KabarNusantara.com langsung di ponselmu. "
        'Ikuti saluran <a href="https://whatsapp.example/kabarnusantara">WhatsApp KabarNusantara.com</a>.</p>'
    )
    credit = "".join(
        f'<div class="credit-title-name"><h6>Penulis:</h6> <a href="/author/{escape(a)}">{escape(a)}</a></div>'
        for a in article.authors
    )
    tags = "".join(f'<li><a href="/tag/{t}" rel="tag">{escape(t)}</a></li>' for t in article.tags)
    popular = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in related)
    return f"""<!DOCTYPE html>
<html lang="id">
{_head(article, url)}
<body class="read">
<header class="header"><div class="logo"><a href="/">KabarNusantara.com</a></div>
<nav class="nav"><ul><li><a href="/news">News</a></li><li><a href="/megapolitan">Megapolitan</a></li>
<li><a href="/ekonomi">Ekonomi</a></li><li><a href="/tekno">Tekno</a></li><li><a href="/bola">Bola</a></li></ul></nav>
<div class="weather-widget">Jakarta 31°C Cerah Berawan | {indonesian_date(moment, with_time=False)}</div>
</header>
<div class="breadcrumb"><a href="/">Home</a> <a href="/{article.section.lower()}">{escape(article.section)}</a></div>
<div class="row col-offset-fluid">
<div class="col-bs10-7">
<div class="read__header">
<h1 class="read__title">{escape(article.title)}</h1>
<div class="read__time">KabarNusantara.com - {indonesian_date(moment)}</div>
</div>
<div class="read__credit">{credit}<div class="credit-title-name"><h6>Editor:</h6> <a href="/editor">{escape(article.editor)}</a></div></div>
<div class="photo"><img src="http://asset.{HOST[4:]}/crops/{article.id}.jpg" alt="">
<div class="photo__caption">{escape(article.image_caption)}</div></div>
<div class="read__content"><div class="clearfix">
{chr(10).join(blocks)}
</div></div>
<div class="read__tagging"><h3>Tag</h3><ul>{tags}</ul></div>
<div class="social-share"><span>Bagikan artikel</span><a href="#">Facebook</a><a href="#">X</a><a href="#">WhatsApp</a></div>
</div>
<div class="col-bs10-3"><div class="most"><h3>Terpopuler</h3><ol>{popular}</ol></div></div>
</div>
<footer class="footer"><p>Copyright 2024 PT KabarNusantara Digital. All Rights Reserved.</p>
<a href="/redaksi">Redaksi</a> <a href="/pedoman">Pedoman Media Siber</a></footer>
</body></html>
"""


INDEX_PAGE_SIZE = 2


def _index_page(day: date, entries: list[tuple[str, SampleArticle]], page: int, pages: int) -> str:
    """One page of the dated index ("Indeks Berita"), as /indeks?date=YYYY-MM-DD&page=N."""
    items = (
        "".join(
            f'<li class="article__list"><h3><a class="article__link" href="{u}">{escape(a.title)}</a></h3>'
            f'<div class="article__date">{indonesian_date(a.published_at, a.has_time, a.zone_name)}</div></li>'
            for u, a in entries
        )
        or "<li>Tidak ada berita pada tanggal ini.</li>"
    )
    base = f"http://{HOST}/indeks?date={day:%Y-%m-%d}"
    numbers = "".join(
        f'<a class="paging__link" href="{base}&amp;page={n}">{n}</a>' for n in range(1, pages + 1)
    )
    following = (
        f'<a class="paging__link paging__link--next" href="{base}&amp;page={page + 1}">Selanjutnya</a>'
        if page < pages
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Indeks Berita '
        f"{day:%d-%m-%Y} - {NAME}</title></head><body><h1>Indeks Berita</h1>"
        f'<ul class="article__list-wrap">{items}</ul><div class="paging">{numbers}{following}</div>'
        f"</body></html>"
    )


def _index_pages(site: BuiltSite, dated: list[tuple[str, SampleArticle]]) -> None:
    """An index page for every day from the oldest story to the newest, as real portals
    answer for any day, paged ``INDEX_PAGE_SIZE`` stories at a time."""
    days = sorted({a.published_at.astimezone(WIB).date() for _, a in dated})
    day = days[0]
    while day <= days[-1]:
        entries = [(u, a) for u, a in dated if a.published_at.astimezone(WIB).date() == day]
        chunks = [entries[i : i + INDEX_PAGE_SIZE] for i in range(0, len(entries), INDEX_PAGE_SIZE)]
        chunks = chunks or [[]]
        for number, chunk in enumerate(chunks, start=1):
            query = f"date={day:%Y-%m-%d}" + (f"&page={number}" if number > 1 else "")
            site.pages[f"/indeks?{query}"] = Page(_index_page(day, chunk, number, len(chunks)))
        day += timedelta(days=1)


def build(articles: list[SampleArticle]) -> BuiltSite:
    site = BuiltSite(key=KEY, host=HOST, name=NAME)
    urls = {a.id: site.url(article_path(a)) for a in articles}
    for index, article in enumerate(articles):
        others = [a for a in articles if a.id != article.id and a.language == "id"]
        related = [(urls[a.id], a.title) for a in (others[index % len(others) :] + others)[:3]]
        path = article_path(article)
        site.pages[path] = Page(render_article(article, urls[article.id], related))
        if article.language == "id":
            site.expected[urls[article.id]] = article
        else:
            site.traps[urls[article.id]] = "language"
    removed = site.url(f"/read/2024/05/01/{REMOVED_ID}/berita-yang-sudah-dihapus-redaksi")
    site.traps[removed] = "http_404"
    by_date = sorted(articles, key=lambda a: a.published_at, reverse=True)
    entries = [(urls[a.id], a, (a.updated or a.published)) for a in by_date]
    entries.append((removed, None, "2024-05-01T08:00:00+07:00"))
    site.pages["/sitemap-news.xml"] = Page(news_sitemap(entries, NAME), "application/xml")
    feed_items = [
        (urls[a.id] + "?utm_source=rss&utm_medium=feed&utm_campaign=kabar", a) for a in by_date[:10]
    ]
    site.pages["/rss"] = Page(rss_feed(NAME, site.base_url, feed_items), "application/rss+xml")
    site.pages["/robots.txt"] = Page(
        robots_txt([site.url("/sitemap-news.xml")], ["/search", "/api/"]), "text/plain"
    )
    _index_pages(site, [(urls[a.id], a) for a in by_date])
    home_links = "".join(
        f'<li><a href="{u}">{escape(a.title)}</a></li>' for u, a, _ in entries if a is not None
    )
    site.pages["/"] = Page(
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{NAME} - Berita Terkini</title>'
        f'<meta property="og:type" content="website"></head><body><h1>{NAME}</h1><ul>{home_links}</ul></body></html>'
    )
    return site
