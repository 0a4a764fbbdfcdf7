"""Reading the documents where sites announce articles: sitemaps, sitemap indexes, feeds,
robots.txt and HTML pages (home, sections, dated indexes). Pure functions over bytes, so
the spider stays about requests and the rules here are tested on their own.

Every reader returns :class:`Link` values: a URL and, where the document says it, when
the target last changed (sitemap ``lastmod``, news ``publication_date``, feed
``updated``/``pubDate``). That time is what lets an incremental crawl fetch a stored
article again only when its site says it changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode, urljoin, urlsplit

from lxml import etree

from cleaners.dom import parse
from crawler.dated import DATE_PARAMS

_XML_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False
)
# Child sitemaps of WordPress (core and Yoast) and other CMSs that list taxonomy, author
# and static pages, never articles.
_NON_ARTICLE_SITEMAP = re.compile(
    r"(?:taxonom|categor|kategori|post_tag|[-_/]tags?[-_.]|author|users?[-_.]|page-sitemap"
    r"|-pages?-|video-sitemap|image-sitemap|sitemap-misc)",
    re.IGNORECASE,
)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# Inputs a date picker sends: the date itself (often a plain text box) and hidden state.
_FORM_FIELD_TYPES = frozenset({"text", "date", "hidden"})


class UnreadableDocument(ValueError):
    """The document is not a sitemap, feed or page this module can read."""


@dataclass(frozen=True)
class Link:
    url: str
    changed: datetime | None = None  # when the document says the target last changed


def sniff(body: bytes) -> str:
    """What a discovery document is: ``sitemapindex``, ``urlset``, ``feed``, ``robots``,
    ``html`` or ``unknown``; by content, since servers label them carelessly."""
    head = body[:2048].lstrip().lower()
    if b"<sitemapindex" in head:
        return "sitemapindex"
    if b"<urlset" in head:
        return "urlset"
    if b"<rss" in head or b"<feed" in head or b"<rdf" in head:
        return "feed"
    if b"<html" in head or b"<!doctype html" in head or b"<head" in head:
        return "html"
    if re.search(rb"^(?:user-agent|sitemap|disallow|allow)\s*:", head, re.MULTILINE):
        return "robots"
    return "unknown"


def parse_time(text: str | None) -> datetime | None:
    """A sitemap or feed time (W3C datetime, RFC 822, or a bare date) in UTC, or None."""
    if not text:
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def _xml(body: bytes):
    root = etree.fromstring(body, _XML_PARSER) if body.strip() else None
    if root is None:
        raise UnreadableDocument("malformed XML")
    return root


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _child_text(element, *names: str) -> str | None:
    """The text of the first descendant named one of ``names`` (any namespace)."""
    for child in element.iter():
        if _local(child) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def sitemap_links(body: bytes) -> list[Link]:
    """The ``<loc>`` entries of a sitemap or sitemap index, with their change times."""
    links = []
    for entry in _xml(body):
        if _local(entry) not in ("url", "sitemap"):
            continue
        location = _child_text(entry, "loc")
        if location:
            changed = _child_text(entry, "lastmod") or _child_text(entry, "publication_date")
            links.append(Link(location, parse_time(changed)))
    return links


def is_article_sitemap(url: str) -> bool:
    """False for child sitemaps that list categories, tags, authors or static pages."""
    return not _NON_ARTICLE_SITEMAP.search(urlsplit(url).path + "?" + urlsplit(url).query)


def feed_links(body: bytes) -> list[Link]:
    """Items of an RSS 1.0/2.0 or Atom feed, with their updated or published time."""
    links = []
    for item in _xml(body).iter():
        name = _local(item)
        if name == "item":
            url = _child_text(item, "link") or _guid_permalink(item)
            changed = _child_text(item, "updated", "pubDate", "date")
        elif name == "entry":
            url = next(
                (
                    link.get("href")
                    for link in item
                    if _local(link) == "link" and link.get("rel", "alternate") == "alternate"
                ),
                None,
            )
            changed = _child_text(item, "updated", "published")
        else:
            continue
        if url:
            links.append(Link(url.strip(), parse_time(changed)))
    return links


def _guid_permalink(item) -> str | None:
    for child in item:
        if _local(child) == "guid" and child.get("isPermaLink", "true") != "false" and child.text:
            return child.text
    return None


def robots_sitemaps(body: bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` lines of a robots.txt."""
    text = body.decode("utf-8", "replace")
    found = re.findall(r"^\s*sitemap\s*:\s*(\S+)", text, re.IGNORECASE | re.MULTILINE)
    return [urljoin(base_url, url) for url in found]


@dataclass(frozen=True)
class PageLinks:
    feeds: list[str]  # <link rel="alternate" type="application/rss+xml">
    anchors: list[str]  # every <a href>, absolute, in document order
    # What each date-picker form would ask for as it stands ("/indeks?date=04-05-2024"):
    # the one example of a day's URL on an index page that links no other day.
    date_forms: list[str] = field(default_factory=list)


def page_links(body: bytes, url: str) -> PageLinks:
    """The feed links, anchors and date-picker forms of an HTML page (home, section or
    index page)."""
    try:
        root = parse(body)
    except (ValueError, etree.LxmlError):
        raise UnreadableDocument("not an HTML page") from None
    base = root.xpath("string(//base/@href)") or url
    feeds = [
        urljoin(base, link.get("href"))
        for link in root.iter("link")
        if link.get("href")
        and "alternate" in (link.get("rel") or "").lower()
        and (link.get("type") or "").lower() in _FEED_TYPES
    ]
    anchors = [
        urljoin(base, anchor.get("href").strip())
        for anchor in root.iter("a")
        if anchor.get("href") and not anchor.get("href").startswith(("#", "mailto:", "javascript:"))
    ]
    return PageLinks(feeds, anchors, _date_forms(root, base))


def _date_forms(root, base: str) -> list[str]:
    """The URL each GET form with a filled-in date field (``date``, ``tanggal``, ``tgl``)
    submits as it stands: its action with its hidden fields and the date, in order."""
    found = []
    for form in root.iter("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        fields = [
            (box.get("name"), box.get("value") or "")
            for box in form.iter("input")
            if box.get("name") and (box.get("type") or "text").lower() in _FORM_FIELD_TYPES
        ]
        if any(name.lower() in DATE_PARAMS and value for name, value in fields):
            action = urljoin(base, (form.get("action") or "").strip()).split("?", 1)[0]
            found.append(f"{action}?{urlencode(fields)}")
    return found
