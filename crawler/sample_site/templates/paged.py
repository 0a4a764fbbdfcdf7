"""A portal whose long articles are split over pages, in the style of tribunnews.com and
suara.com: ``?page=2`` pagers, a ``?page=all`` view holding the whole story, ``p.baca``
related links, desk initials closing the story and "Artikel ini telah tayang di" notes."""

from __future__ import annotations

from html import escape

from crawler.sample_site.common import (
    SampleArticle,
    body_html,
    indonesian_date,
    news_sitemap,
    robots_txt,
    rss_feed,
    sitemap_index,
)
from crawler.sample_site.site import BuiltSite, Page

KEY = "suarametro"
HOST = "www.suarametro.example"
NAME = "SuaraMetro.com"
PARAGRAPHS_PER_PAGE = 5
DESK_INITIALS = ["(rin/bam)", "(mdk/fai)", "(sm/idh)"]


def article_path(article: SampleArticle) -> str:
    moment = article.published_at
    return f"/{article.section.lower()}/{moment:%Y/%m/%d}/{article.id}/{article.slug}"


def _pages_of(article: SampleArticle) -> list[list[str]]:
    chunks = []
    paragraphs = list(article.paragraphs)
    while paragraphs:
        chunks.append(paragraphs[:PARAGRAPHS_PER_PAGE])
        paragraphs = paragraphs[PARAGRAPHS_PER_PAGE:]
    return chunks


def _pager(url: str, current: int, total: int) -> str:
    links = []
    for number in range(1, total + 1):
        active = ' class="active"' if number == current else ""
        links.append(f'<a href="{url}?page={number}"{active}>{number}</a>')
    if current < total:
        links.append(f'<a href="{url}?page={current + 1}" rel="next">Selanjutnya</a>')
    links.append(f'<a href="{url}?page=all">Tampilkan Semua</a>')
    return f'<div class="paging"><span>Halaman {current} dari {total}</span>{"".join(links)}</div>'


def render_page(
    article: SampleArticle, url: str, page: int | None, related: list[tuple[str, str]], index: int
) -> str:
    """Page ``page`` of the article, or the whole article when ``page`` is None."""
    moment = article.published_at
    chunks = _pages_of(article)
    shown = article.paragraphs if page is None else chunks[page - 1]
    blocks = body_html(shown)
    if page in (None, 1):
        blocks[0] = blocks[0].replace(
            "<p>", f"<p><strong>SUARAMETRO.COM, {article.dateline}</strong> - ", 1
        )
    if len(blocks) > 3:
        ref_url, ref_title = related[0]
        blocks.insert(
            3, f'<p class="baca">Baca Juga: <a href="{ref_url}">{escape(ref_title)}</a></p>'
        )
    is_last = page is None or page == len(chunks)
    if is_last:
        initials = DESK_INITIALS[index % len(DESK_INITIALS)]
        blocks[-1] = blocks[-1].replace("</p>", f" {initials}</p>")
        if index % 2 == 0:
            blocks.append(
                f"<p>Artikel ini telah tayang di SuaraJabar.com dengan judul "
                f"&quot;{escape(article.title)}&quot;</p>"
            )
    pager = "" if page is None else _pager(url, page, len(chunks))
    if page is not None and page > 1:
        canonical_note = f"<title>{escape(article.title)} Halaman {page} - {NAME}</title>"
    else:
        canonical_note = f"<title>{escape(article.title)} - {NAME}</title>"
    authors = ", ".join(article.authors)
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="UTF-8">
{canonical_note}
<meta name="description" content="{escape(article.description)}">
<meta name="news_keywords" content="{escape(",".join(article.tags))}">
<meta name="author" content="{escape(authors)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(article.title)}">
<meta property="og:site_name" content="{NAME}">
<meta property="og:image" content="http://img.suarametro.example/{article.id}/main.jpg">
<meta property="article:published_time" content="{article.published}">
{f'<meta property="article:modified_time" content="{article.updated}">' if article.updated else ""}
<meta property="article:section" content="{escape(article.section)}">
{"".join(f'<meta property="article:tag" content="{escape(t)}">' for t in article.tags)}
<link rel="canonical" href="{url}">
</head>
<body>
<div id="header"><a href="/" class="logo">SuaraMetro</a>
<ul class="menu"><li><a href="/news">News</a></li><li><a href="/bisnis">Bisnis</a></li><li><a href="/bola">Bola</a></li><li><a href="/lifestyle">Lifestyle</a></li></ul></div>
<div id="article">
<h1 id="arttitle">{escape(article.title)}</h1>
<div class="credit">
<div id="penulis">Penulis: <a href="/penulis/{article.authors[0].lower().replace(" ", "-") if article.authors else "redaksi"}">{escape(authors)}</a></div>
<div id="editor">Editor: <a href="/editor">{escape(article.editor)}</a></div>
</div>
<time class="grey">{indonesian_date(moment, separator=" ", pad_day=True)}</time>
<div class="ymm-mid"><img src="http://img.suarametro.example/{article.id}/main.jpg" alt="">
<div class="arial f12 pt5 grey2">{escape(article.image_caption)}</div></div>
<div class="side-article txt-article multi-fontsize">
{chr(10).join(blocks)}
</div>
{pager}
<div class="tagcloud3"><h5>Berita Terkait</h5>{"".join(f'<a href="{u}">{escape(t)}</a>' for u, t in related)}</div>
<div class="share-box">Bagikan: <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a></div>
</div>
<div id="footer">&copy; 2024 SuaraMetro.com - All Rights Reserved</div>
</body>
</html>
"""


def build(articles: list[SampleArticle]) -> BuiltSite:
    site = BuiltSite(key=KEY, host=HOST, name=NAME)
    urls = {a.id: site.url(article_path(a)) for a in articles}
    for index, article in enumerate(articles):
        others = [a for a in articles if a.id != article.id]
        related = [(urls[a.id], a.title) for a in (others[index % len(others) :] + others)[:3]]
        path = article_path(article)
        url = urls[article.id]
        site.pages[path] = Page(render_page(article, url, 1, related, index))
        for number in range(1, len(_pages_of(article)) + 1):
            site.pages[f"{path}?page={number}"] = Page(
                render_page(article, url, number, related, index)
            )
        site.pages[f"{path}?page=all"] = Page(render_page(article, url, None, related, index))
        site.expected[url] = article
    by_date = sorted(articles, key=lambda a: a.published_at, reverse=True)
    entries = [(urls[a.id], a, a.updated or a.published) for a in by_date]
    site.pages["/sitemap.xml"] = Page(sitemap_index([site.url("/sitemap-news.xml")]), "text/xml")
    site.pages["/sitemap-news.xml"] = Page(news_sitemap(entries, NAME), "text/xml")
    site.pages["/rss"] = Page(
        rss_feed(NAME, site.base_url, [(urls[a.id], a) for a in by_date]), "application/xml"
    )
    site.pages["/robots.txt"] = Page(
        robots_txt([site.url("/sitemap.xml")], ["/search"]), "text/plain"
    )
    return site
