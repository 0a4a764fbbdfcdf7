"""A profile for any news site given by URL: the shapes article URLs take across the
Indonesian web, and the places sites without a profile announce their articles.

A regional site usually runs WordPress or a small portal CMS; its articles have a long
hyphenated slug (``/pasar-takjil-ramadan-di-makassar/``), a numeric id next to a slug
(``/read/2024/05/04/123456/judul``) or a date path. Tags, categories, authors, search,
paging and the static pages every site has ("Redaksi", "Pedoman Media Siber") never do;
the cleaner then refuses any page that does not declare itself an article.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Where sites without a profile announce articles; what is missing answers 404 and is
# counted, not retried. robots.txt names sitemaps; the home page names feeds and
# sections. WordPress answers /feed/ and /wp-sitemap.xml; Yoast /sitemap_index.xml.
GENERIC_DISCOVERY = (
    "/robots.txt",
    "/sitemap_index.xml",
    "/wp-sitemap.xml",
    "/sitemap.xml",
    "/sitemap-news.xml",
    "/feed/",
    "/",
)

_LISTING_SEGMENTS = frozenset(
    {
        "tag", "tags", "topic", "topik", "category", "categories", "kategori", "kanal",
        "rubrik", "section", "author", "authors", "penulis", "reporter", "editor", "page",
        "halaman", "feed", "rss", "search", "cari", "pencarian", "indeks", "index", "arsip",
        "archive", "archives", "login", "masuk", "register", "daftar", "wp-admin",
        "wp-content", "wp-includes", "wp-json", "cdn-cgi", "amp",
    }
)  # fmt: skip
_STATIC_PAGES = frozenset(
    {
        "redaksi", "susunan-redaksi", "tentang-kami", "tentang", "about", "about-us",
        "kontak", "kontak-kami", "contact", "contact-us", "pedoman-media-siber",
        "pedoman-siber", "kebijakan-privasi", "privacy-policy", "privacy", "disclaimer",
        "karir", "karier", "lowongan-kerja", "iklan", "info-iklan", "pasang-iklan",
        "syarat-dan-ketentuan", "syarat-ketentuan", "terms-of-service", "terms", "kode-etik",
        "kode-etik-jurnalistik", "faq", "sitemap", "standar-perlindungan-wartawan",
        "ketentuan-layanan",
    }
)  # fmt: skip
_FILE = re.compile(r"\.(?!html?$|php$|aspx?$)[a-z0-9]{2,5}$", re.IGNORECASE)
_ID = re.compile(r"^\d{5,}$")
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/[01]?\d/[0-3]?\d/")
_SLUG_WORDS = 4


def _slug_words(segment: str) -> int:
    stem = re.sub(r"\.(?:html?|php)$", "", segment.lower())
    return len([w for w in re.split(r"[-_]+", stem) if w])


def looks_like_article_path(path: str) -> bool:
    """Whether a URL path has the shape of a news article on a site we have no rules for."""
    segments = [s for s in path.split("/") if s]
    if not segments or _FILE.search(segments[-1]):
        return False
    lowered = [s.lower() for s in segments]
    if any(s in _LISTING_SEGMENTS for s in lowered) or lowered[-1] in _STATIC_PAGES:
        return False
    longest = max(_slug_words(s) for s in segments)
    has_id = any(_ID.match(s) or re.search(r"-\d{5,}(?:\.html?)?$", s) for s in lowered)
    dated = _DATE_PATH.search(path + "/") is not None
    return longest >= _SLUG_WORDS or ((has_id or dated) and longest >= 2)


def looks_like_listing_path(path: str) -> bool:
    """A section, category or index page worth reading for article links: short, and
    not an article, a file, an author or a static page."""
    segments = [s.lower() for s in path.split("/") if s]
    if not segments or len(segments) > 3 or _FILE.search(segments[-1]):
        return False
    if segments[-1] in _STATIC_PAGES or segments[0] in {"author", "penulis", "wp-admin"}:
        return False
    return not looks_like_article_path(path)


def site_key_for(url: str) -> str:
    """A profile key for a site given by URL: its host without ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
