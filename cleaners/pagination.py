"""Which page continues a split article, or a dated index: the page's own pager says.

Indonesian portals split long stories over pages and link them in several ways: a
``<link rel="next">`` in the head (WordPress ``<!--nextpage-->`` posts and many
portals), ``<a rel="next">``, a "Halaman selanjutnya" / "Berikutnya" link, or a bare
numbered pager. Any of them may also point at the *next article*, so a link is taken only
when it is the same URL with a higher page number: ``?page=2`` (or ``p``, ``hal``,
``halaman``, ``paged``) in the query, or a ``/2`` segment after the path.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from cleaners.dom import normalize_space, parse

# Query parameters that number the pages of one article or one index.
PAGE_PARAMS = frozenset({"page", "p", "hal", "halaman", "paged", "pg"})
_MAX_PAGE_NUMBER = 999
_PAGE_WORDS = frozenset({"page", "halaman", "hal"})
_NEXT_TEXT = re.compile(
    r"^(?:halaman\s+)?(?:selanjutnya|berikutnya|next(?:\s+page)?|lanjut(?:kan)?)\b|^[›»>]+$",
    re.IGNORECASE,
)
_NEXT_LINKS = etree.XPath("//link[@rel='next']/@href | //a[contains(@rel, 'next')]/@href")
_ANCHORS = etree.XPath("//a[@href]")


def page_number(url: str) -> tuple[str, int]:
    """``url`` without its page marker, and the page number it names (1 when none)."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    for index, (name, value) in enumerate(pairs):
        if name.lower() in PAGE_PARAMS and value.isdigit():
            rest = pairs[:index] + pairs[index + 1 :]
            return urlunsplit(parts._replace(query=urlencode(rest), fragment="")), int(value)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if head and last.isdigit() and len(last) <= 3 and int(last) <= _MAX_PAGE_NUMBER:
        # "/read/123/judul/2": a page. An id is longer, or stands before the slug.
        # WordPress archives page as "/category/daerah/page/2/".
        parent, _, word = head.rpartition("/")
        if word.lower() in _PAGE_WORDS and parent:
            head = parent
        return urlunsplit(parts._replace(path=head, fragment="")), int(last)
    return urlunsplit(parts._replace(path=path or "/", fragment="")), 1


def next_page_url(html: str | bytes, url: str) -> str | None:
    """The URL of the page after ``url`` in the same article or index, if the page has one."""
    try:
        root = parse(html)
    except (ValueError, etree.LxmlError):
        return None
    base, current = page_number(url)
    candidates = [str(href) for href in _NEXT_LINKS(root)]
    numbered = []
    for anchor in _ANCHORS(root):
        text = normalize_space(anchor.text_content())
        if _NEXT_TEXT.match(text):
            candidates.append(anchor.get("href"))
        elif text == str(current + 1):
            numbered.append(anchor.get("href"))
    for href in candidates + numbered:
        absolute = urljoin(url, href.strip())
        if urlsplit(absolute).netloc != urlsplit(url).netloc:
            continue
        candidate_base, number = page_number(absolute)
        if candidate_base == base and number > current:
            return absolute
    return None
