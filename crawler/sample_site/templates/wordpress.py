"""A regional WordPress site on the tagDiv "Newspaper" theme, in the style of many
Makassar and Kalimantan portals: "- Advertisement -" slots, "Baca juga" links, a closing
"Sumber:" credit, a "TINGGALKAN KOMENTAR" form, Yoast sitemaps that also list tag and
static pages, and times in WITA."""

from __future__ import annotations

import json
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

KEY = "sulselterkini"
HOST = "sulselterkini.example"
NAME = "Sulsel Terkini"

_AD = (
    '<div class="td-a-rec td-a-rec-id-content_inline tdi_54 td_block_template_1">'
    '<span class="td-adspot-title">- Advertisement -</span>'
    '<div class="td-all-devices"><a href="#"><img src="/wp-content/uploads/banner-pemkot.jpg" alt=""></a></div></div>'
)

_COMMENT_FORM = """<div class="comments" id="comments">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title"><span>TINGGALKAN KOMENTAR</span></h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">
<div class="clearfix"></div><div class="comment-form-input-wrap td-form-comment">
<textarea placeholder="Komentar:" id="comment" name="comment" cols="45" rows="8"></textarea>
<div class="td-warning-comment">Silakan masukkan komentar anda!</div></div>
<div class="comment-form-input-wrap td-form-author"><input class="" id="author" name="author" placeholder="Nama:*" type="text" value="" size="30">
<div class="td-warning-author">Silakan masukkan nama Anda di sini</div></div>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Kirim Komentar"></p>
</form></div></div>"""


def article_path(article: SampleArticle) -> str:
    return f"/{article.slug}/"


def _ld(article: SampleArticle, url: str) -> str:
    author = article.authors[0] if article.authors else f"Redaksi {NAME}"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": url, "url": url, "name": f"{article.title} - {NAME}"},
            {
                "@type": "Article",
                "headline": article.title,
                "author": {"@type": "Person", "name": author},
                "publisher": {"@type": "Organization", "name": NAME},
                "articleSection": [article.section],
                **({"datePublished": article.published} if article.has_time else {}),
            },
        ],
    }
    return json.dumps(graph, ensure_ascii=False)


def render_article(article: SampleArticle, url: str, related: list[tuple[str, str]]) -> str:
    moment = article.published_at
    blocks = body_html(article.paragraphs)
    blocks[0] = blocks[0].replace(
        "<p>", f"<p><strong>{article.dateline}, SULSELTERKINI.COM</strong> – ", 1
    )
    if len(blocks) > 2:
        blocks.insert(1, _AD)
        ref_url, ref_title = related[0]
        blocks.insert(
            3, f'<p><strong>Baca juga:</strong> <a href="{ref_url}">{escape(ref_title)}</a></p>'
        )
    if article.source:
        blocks.append(f"<p>Sumber: {escape(article.source)}</p>")
    blocks.append(_AD)
    times = ""
    if article.has_time:
        times = f'<meta property="article:published_time" content="{article.published}">'
        if article.updated:
            times += f'<meta property="article:modified_time" content="{article.updated}">'
    date_line = indonesian_date(
        moment, with_time=article.has_time, zone=article.zone_name, separator=" "
    )
    author_block = ""
    if article.authors:
        author_block = (
            '<div class="td-post-author-name"><div class="td-author-by">Oleh</div> '
            f'<a href="/author/{article.authors[0].split()[0].lower()}/">{escape(article.authors[0])}</a>'
            '<div class="td-author-line"> - </div></div>'
        )
    related_html = "".join(
        f'<div class="td_module_related_posts"><h3 class="entry-title td-module-title"><a href="{u}">{escape(t)}</a></h3></div>'
        for u, t in related
    )
    return f"""<!doctype html >
<html lang="id-ID">
<head>
<title>{escape(article.title)} - {NAME}</title>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="description" content="{escape(article.description)}" />
<link rel="canonical" href="{url}" />
<meta property="og:locale" content="id_ID" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{escape(article.title)} - {NAME}" />
<meta property="og:description" content="{escape(article.description)}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="{NAME}" />
{times}
<meta property="og:image" content="http://{HOST}/wp-content/uploads/{moment:%Y/%m}/{article.slug}.jpg" />
<script type="application/ld+json" class="yoast-schema-graph">{_ld(article, url)}</script>
<link rel='stylesheet' id='td-theme-css' href='/wp-content/themes/Newspaper/style.css' type='text/css' media='all' />
</head>
<body class="post-template-default single single-post td-standard-pack global-block-template-1">
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div id="td-outer-wrap" class="td-theme-wrap">
<div class="td-header-wrap"><div class="td-header-top-menu"><div class="td_data_time">{indonesian_date(moment, with_time=False)}</div>
<ul class="top-header-menu"><li><a href="/redaksi/">Redaksi</a></li><li><a href="/pedoman-media-siber/">Pedoman Media Siber</a></li></ul></div>
<div class="td-header-menu-wrap"><ul id="menu-main" class="sf-menu"><li><a href="/">Beranda</a></li><li><a href="/category/makassar/">Makassar</a></li><li><a href="/category/daerah/">Daerah</a></li><li><a href="/category/politik/">Politik</a></li></ul></div></div>
<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default">
<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" class="entry-crumb" href="/">Beranda</a></span> <i class="td-icon-right td-bread-sep"></i> <span><a title="Lihat semua kiriman di {escape(article.section)}" class="entry-crumb" href="/category/{article.section.lower()}/">{escape(article.section)}</a></span></div></div>
<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article id="post-{article.id}" class="post-{article.id} post type-post status-publish format-standard has-post-thumbnail category-{article.section.lower()}">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="/category/{article.section.lower()}/">{escape(article.section)}</a></li></ul>
<header class="td-post-title"><h1 class="entry-title">{escape(article.title)}</h1>
<div class="td-module-meta-info">{author_block}
<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{moment:%Y-%m-%dT%H:%M:%S}+00:00" >{date_line}</time></span>
<div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-{article.id}">1284</span></div></div>
</header></div>
<div class="td-post-sharing-top"><div class="td-post-sharing-classic"><span class="td-social-but-text">Share</span><a href="#">Facebook</a><a href="#">Twitter</a><a href="#">WhatsApp</a></div></div>
<div class="td-post-content tagdiv-type">
<div class="td-post-featured-image"><figure><img src="/wp-content/uploads/{moment:%Y/%m}/{article.slug}.jpg" alt="" /><figcaption class="wp-caption-text">{escape(article.image_caption)}</figcaption></figure></div>
{chr(10).join(blocks)}
</div>
<footer><div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li>{"".join(f'<li><a href="/tag/{t}/">{escape(t)}</a></li>' for t in article.tags)}</ul></div>
<div class="td-post-sharing-bottom"><a href="#">Facebook</a><a href="#">Twitter</a></div></footer>
</article>
<div class="td_block_wrap td_block_related_posts"><h4 class="td-related-title"><a href="#" class="td-related-left td-cur-simple-item">Artikel terkait</a><a href="#" class="td-related-right">Lebih banyak dari penulis</a></h4>{related_html}</div>
{_COMMENT_FORM}
</div></div>
<div class="td-pb-span4 td-main-sidebar"><div class="td_block_wrap td_block_7"><h4 class="block-title"><span>BERITA TERBARU</span></h4>{related_html}</div></div>
</div></div></div>
<div class="td-footer-wrapper"><div class="footer-text-wrap">© Sulsel Terkini 2024. Hak cipta dilindungi.</div></div>
</div>
</body>
</html>
"""


_STATIC_PAGE = f"""<!doctype html><html lang="id-ID"><head><title>Pedoman Media Siber - {NAME}</title>
<meta property="og:type" content="website" /><link rel="canonical" href="http://{HOST}/pedoman-media-siber/" /></head>
<body><div class="td-main-content"><h1 class="entry-title">Pedoman Media Siber</h1>
<div class="td-page-content"><p>Kemerdekaan berpendapat, kemerdekaan berekspresi, dan kemerdekaan pers adalah hak asasi
manusia yang dilindungi Pancasila, Undang-Undang Dasar 1945, dan Deklarasi Universal Hak Asasi Manusia PBB.
Keberadaan media siber di Indonesia juga merupakan bagian dari kemerdekaan berpendapat, kemerdekaan berekspresi,
dan kemerdekaan pers.</p><p>Media siber memiliki karakter khusus sehingga memerlukan pedoman agar pengelolaannya
dapat dilaksanakan secara profesional, memenuhi fungsi, hak, dan kewajibannya sesuai Undang-Undang Nomor 40 Tahun
1999 tentang Pers dan Kode Etik Jurnalistik.</p></div></div></body></html>"""


def _archive_page(
    label: str, entries: list[tuple[str, SampleArticle]], next_url: str | None = None
) -> str:
    """A tag or category archive: teasers, and WordPress's pager when there is more."""
    items = "".join(
        f'<div class="td_module_10"><h3 class="entry-title"><a href="{u}">{escape(a.title)}</a></h3>'
        f'<div class="td-excerpt">{escape(a.description)}</div></div>'
        for u, a in entries
    )
    head_next = f'<link rel="next" href="{next_url}" />' if next_url else ""
    pager = (
        f'<div class="page-nav td-pb-padding-side"><a href="{next_url}" aria-label="next-page">'
        f'<i class="td-icon-menu-right"></i></a></div>'
        if next_url
        else ""
    )
    return (
        f'<!doctype html><html lang="id-ID"><head><title>{escape(label)} Arsip - {NAME}</title>'
        f'<meta property="og:type" content="website" />{head_next}</head><body><h1 class="entry-title td-page-title">'
        f"<span>{escape(label)}</span></h1>{items}{pager}</body></html>"
    )


ARCHIVE_PAGE_SIZE = 3


def _category_pages(site: BuiltSite, slug: str, entries: list[tuple[str, SampleArticle]]) -> None:
    """/category/SLUG/ and its /page/N/ pages, newest first."""
    chunks = [entries[i : i + ARCHIVE_PAGE_SIZE] for i in range(0, len(entries), ARCHIVE_PAGE_SIZE)]
    for number, chunk in enumerate(chunks, start=1):
        path = f"/category/{slug}/" + (f"page/{number}/" if number > 1 else "")
        next_url = (
            site.url(f"/category/{slug}/page/{number + 1}/") if number < len(chunks) else None
        )
        site.pages[path] = Page(_archive_page(slug.title(), chunk, next_url))


def _home_page(categories: list[str], latest: list[tuple[str, SampleArticle]], tag: str) -> str:
    menu = "".join(
        f'<li class="menu-item"><a href="http://{HOST}/category/{c}/">{escape(c.title())}</a></li>'
        for c in categories
    )
    menu += f'<li class="menu-item"><a href="http://{HOST}/tag/{tag}/">#{escape(tag)}</a></li>'
    teasers = "".join(
        f'<div class="td_module_flex"><h3 class="entry-title"><a href="{u}">{escape(a.title)}</a></h3></div>'
        for u, a in latest
    )
    footer = "".join(
        f'<a href="http://{HOST}/{p}/">{escape(label)}</a> '
        for p, label in (("pedoman-media-siber", "Pedoman Media Siber"), ("redaksi", "Redaksi"))
    )
    return (
        f'<!doctype html><html lang="id-ID"><head><meta charset="UTF-8" /><title>{NAME} - Berita Sulawesi Selatan Terkini</title>'
        f'<meta property="og:type" content="website" />'
        f'<link rel="alternate" type="application/rss+xml" title="{NAME} &raquo; Feed" href="http://{HOST}/feed/" />'
        f'</head><body><div class="td-header-menu-wrap"><ul class="sf-menu">{menu}</ul></div>'
        f'<div class="td-main-content">{teasers}</div><div class="td-footer">{footer}</div></body></html>'
    )


def build(articles: list[SampleArticle]) -> BuiltSite:
    site = BuiltSite(key=KEY, host=HOST, name=NAME)
    urls = {a.id: site.url(article_path(a)) for a in articles}
    for index, article in enumerate(articles):
        others = [a for a in articles if a.id != article.id]
        related = [(urls[a.id], a.title) for a in (others[index % len(others) :] + others)[:3]]
        site.pages[article_path(article)] = Page(render_article(article, urls[article.id], related))
        site.expected[urls[article.id]] = article
    by_date = sorted(articles, key=lambda a: a.published_at, reverse=True)
    tag = "makassar"
    tagged = [(urls[a.id], a) for a in by_date if tag in a.tags] or [
        (urls[a.id], a) for a in by_date[:5]
    ]
    site.pages[f"/tag/{tag}/"] = Page(_archive_page(tag, tagged))
    # Every post is also filed under the parent category "Berita", as on many regional
    # WordPress sites; its archive runs over several pages.
    categories = ["berita", *sorted({a.section.lower() for a in articles})]
    for category in categories:
        entries = [(urls[a.id], a) for a in by_date if category in ("berita", a.section.lower())]
        _category_pages(site, category, entries)
    site.pages["/"] = Page(_home_page(categories, [(urls[a.id], a) for a in by_date[:4]], tag))
    site.pages["/pedoman-media-siber/"] = Page(_STATIC_PAGE)
    site.traps[site.url(f"/tag/{tag}/")] = "not_article_url"
    site.traps[site.url("/pedoman-media-siber/")] = "not_article"
    posts = [(urls[a.id], a, a.updated or a.published) for a in by_date]
    site.pages["/post-sitemap.xml"] = Page(news_sitemap(posts, NAME), "application/xml")
    site.pages["/page-sitemap.xml"] = Page(
        news_sitemap(
            [(site.url("/pedoman-media-siber/"), None, "2023-01-10T09:00:00+08:00")], NAME
        ),
        "application/xml",
    )
    site.pages["/post_tag-sitemap.xml"] = Page(
        news_sitemap([(site.url(f"/tag/{tag}/"), None, by_date[0].published)], NAME),
        "application/xml",
    )
    site.pages["/sitemap_index.xml"] = Page(
        sitemap_index(
            [
                site.url(p)
                for p in ("/post-sitemap.xml", "/page-sitemap.xml", "/post_tag-sitemap.xml")
            ]
        ),
        "application/xml",
    )
    site.pages["/feed/"] = Page(
        rss_feed(NAME, site.base_url, [(urls[a.id], a) for a in by_date[:10]]),
        "application/rss+xml; charset=UTF-8",
    )
    site.pages["/robots.txt"] = Page(
        robots_txt([site.url("/sitemap_index.xml")], ["/wp-admin/"]),
        "text/plain",
    )
    return site
