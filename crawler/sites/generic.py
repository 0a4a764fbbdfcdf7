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
        "ketentuan-layanan", "pedoman-pemberitaan-media-siber",
    }
)  # fmt: skip
# Sections whose pages are not written stories: galleries and videos (a text page is what
# the cleaner keeps), score tables, classified ads, and a media group's corporate pages.
_NON_STORY_SEGMENTS = frozenset(
    {
        "foto", "photo", "photos", "galeri", "gallery", "berita-foto", "video", "videos",
        "jadwal_skor", "jadwal-skor", "klasemen", "livescore", "hasil_pertandingan",
        "hasil-pertandingan", "mobil-dijual", "motor-dijual", "dijual", "jual-beli",
        "company", "kode-etik",
    }
)  # fmt: skip
# Subdomains that serve galleries, video or forums (foto.kompas.com, video.metrotvnews.com,
# photo.liputan6.com, forum.detik.com): no text article lives there, whatever the path.
MEDIA_HOST_LABELS = frozenset(
    {"foto", "photo", "video", "videos", "tv", "galeri", "gallery", "forum", "m-forum"}
)
# "FOTO: ...", "VIDEO: ..." and "INFOGRAFIS: ..." headlines: Indonesian portals (KLY, detik,
# Tribun) put the format first in the slug of a gallery, video or infographic page.
_MEDIA_SLUG = re.compile(r"^(?:foto|video|infografis|motion-grafis)-", re.IGNORECASE)
_FILE = re.compile(r"\.(?!html?$|php$|aspx?$)[a-z0-9]{2,5}$", re.IGNORECASE)
_PAGE_EXTENSION = re.compile(r"\.(?:html?|php|aspx?)$", re.IGNORECASE)
_ID = re.compile(r"^\d{5,}$")
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/[01]?\d/[0-3]?\d/")
_SLUG_WORDS = 4
_INDEX_WORDS = r"(?:indeks|index|arsip|archives?)"
_DATED_INDEX = re.compile(
    rf"/{_INDEX_WORDS}(?:/[a-z0-9_-]+)*?/(?:19|20)\d{{2}}(?:[/-][01]?\d(?:[/-][0-3]?\d)?)?/?$",
    re.IGNORECASE,
)
_PAGER = re.compile(
    rf"(?:/(?:page|halaman)/\d+|/{_INDEX_WORDS}/\d{{1,4}}|/(?:index|page)\d+\.html?)/?$",
    re.IGNORECASE,
)


def _stem(segment: str) -> str:
    """A path segment without its page extension: ``redaksi.html`` is ``redaksi``."""
    return _PAGE_EXTENSION.sub("", segment.lower())


def _slug_words(segment: str) -> int:
    return len([w for w in re.split(r"[-_]+", _stem(segment)) if w])


def is_media_host(host: str) -> bool:
    """Whether a host is a site's gallery, video or forum subdomain (its first label)."""
    return host.lower().split(".", 1)[0] in MEDIA_HOST_LABELS


def is_media_slug(path: str) -> bool:
    """Whether the last segment of a path is the slug of a gallery, video or infographic."""
    segments = [s for s in path.split("/") if s]
    return bool(segments) and _MEDIA_SLUG.match(segments[-1]) is not None


def looks_like_article_path(path: str) -> bool:
    """Whether a URL path has the shape of a news article on a site we have no rules for."""
    segments = [s for s in path.split("/") if s]
    if not segments or _FILE.search(segments[-1]):
        return False
    lowered = [s.lower() for s in segments]
    if any(s in _LISTING_SEGMENTS or s in _NON_STORY_SEGMENTS for s in lowered):
        return False
    if _stem(lowered[-1]) in _STATIC_PAGES or is_media_slug(path):
        return False
    longest = max(_slug_words(s) for s in segments)
    has_id = any(_ID.match(s) or re.search(r"-\d{5,}(?:\.html?)?$", s) for s in lowered)
    dated = _DATE_PATH.search(path + "/") is not None
    return longest >= _SLUG_WORDS or ((has_id or dated) and longest >= 2)


def is_dated_index_path(path: str) -> bool:
    """An index of one day's (or month's) articles: ``/indeks/2024/05/04``,
    ``/index/2016-02-15``, ``/news/indeks/2024/05/04``."""
    return _DATED_INDEX.search(path) is not None


def is_pager_path(path: str) -> bool:
    """A further page of a listing: ``/category/daerah/page/2/``, ``/indeks/3``,
    ``/index2.html``."""
    return _PAGER.search(path) is not None


def looks_like_listing_path(path: str) -> bool:
    """A section, category or index page worth reading for article links: a dated index
    or a pager at any depth, else short and not an article, a file, an author or a
    static page."""
    segments = [s.lower() for s in path.split("/") if s]
    if not segments or _FILE.search(segments[-1]):
        return False
    if _stem(segments[-1]) in _STATIC_PAGES or segments[0] in {"author", "penulis", "wp-admin"}:
        return False
    if is_dated_index_path(path) or is_pager_path(path):
        return True
    return len(segments) <= 3 and not looks_like_article_path(path)


def site_key_for(url: str) -> str:
    """A profile key for a site given by URL: its host without ``www.``."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
