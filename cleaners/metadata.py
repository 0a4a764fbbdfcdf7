"""Article metadata other than times and authors: canonical URL, headline, section, tags,
description, image, dateline. Everything here reads the unpruned page."""

from __future__ import annotations

import re

from cleaners.dom import normalize_space
from cleaners.explain import Candidate, Trace
from cleaners.pagemeta import PageMeta, ld_text
from cleaners.urls import canonicalize_url

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»]\s+|\s*\|\s*")
_SITE_WORDS = re.compile(
    r"\.(?:com|co\.id|id|net|org|tv)\b|\b(?:online|news|media|portal|berita\s+terkini)\b",
    re.IGNORECASE,
)
_NOT_ALNUM = re.compile(r"[\W_]+")
_PLACE = r"[A-Z][A-Za-z .'/-]{1,40}?"
_SITE = r"[A-Za-z0-9.-]+\.(?i:com|co\.id|id|net|tv)"
_DASH = r"\s*[-–—]+\s*"
_DATELINES = (
    re.compile(rf"^(?P<place>{_PLACE}),\s*(?P<source>{_SITE}){_DASH}"),  # JAKARTA, KOMPAS.com -
    re.compile(rf"^(?P<source>{_SITE}),\s*(?P<place>{_PLACE}){_DASH}"),  # TRIBUNNEWS.COM, JAKARTA -
    # Jakarta (ANTARA) -
    re.compile(rf"^(?P<place>{_PLACE})\s*\((?P<agency>[A-Za-z. ]{{2,30}})\){_DASH}"),
)
_SITE_ONLY_DATELINE = re.compile(rf"^(?P<source>{_SITE}){_DASH}")  # TRIBUNNEWS.COM -


def text_key(text: str | None) -> str:
    """Text reduced to lower-case letters and digits, for comparing what two sources
    say regardless of spacing, punctuation and quotes."""
    return _NOT_ALNUM.sub("", (text or "").lower())


def words(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def canonical_url(page: PageMeta, url: str) -> str:
    """The page's own canonical URL when it names one, else ``url``; always without
    tracking parameters."""
    for candidate in (page.canonical, page.first("og:url")):
        if candidate and candidate.startswith(("http://", "https://", "/")):
            return canonicalize_url(candidate, base=url)
    return canonicalize_url(url)


def _strip_site_affixes(title: str, site: str | None) -> str:
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) < 2:
        return title
    site_key = text_key(site)

    def is_site(part: str) -> bool:
        key = text_key(part)
        named = bool(site_key and key and (site_key in key or key in site_key))
        return named or bool(_SITE_WORDS.search(part) and len(part.split()) <= 4)

    kept = list(parts)
    while len(kept) > 1 and is_site(kept[-1]):
        kept.pop()
    while len(kept) > 1 and is_site(kept[0]):
        kept.pop(0)
    if len(kept) == len(parts):
        return title
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip()


def _declared_title(root, page: PageMeta) -> tuple[str | None, str | None]:
    """The title the page's metadata declares, and the source that declared it."""
    for source, value in (
        ("meta:og:title", page.first("og:title")),
        ("meta:twitter:title", page.first("twitter:title")),
        ("json-ld:headline", ld_text(page.article_ld().get("headline"))),
        ("<title>", normalize_space(root.findtext(".//title") or "")),
    ):
        if value:
            return value, source
    return None, None


def title(root, page: PageMeta, trace: Trace | None = None) -> str | None:
    """The headline: the page's <h1> when the metadata agrees it is the headline,
    otherwise the metadata title without the site name."""
    trace = trace or Trace()
    declared, source = _declared_title(root, page)
    declared = _strip_site_affixes(declared, page.site_name()) if declared else None
    declared_key = text_key(declared)
    candidates = [Candidate(declared, source)] if declared else []
    for h1 in root.iter("h1"):
        text = normalize_space(h1.text_content())
        key = text_key(text)
        if key and (not declared_key or key in declared_key or declared_key in key):
            trace.choose("title", text, "<h1>", candidates)
            return text
        if key:
            candidates.append(Candidate(text, "<h1>", "differs from the declared title"))
    trace.choose("title", declared or None, source, candidates)
    return declared or None


def section(root, page: PageMeta) -> str | None:
    value = page.first("article:section", "section", "category", "content_category") or ld_text(
        page.article_ld().get("articleSection")
    )
    if value:
        return value
    crumbs = [
        normalize_space(a.text_content())
        for a in root.xpath('//*[contains(@class, "breadcrumb")]//a')
    ]
    crumbs = [c for c in crumbs if c and c.lower() not in ("home", "beranda", "index")]
    return crumbs[0] if crumbs else None


def tags(root, page: PageMeta) -> list[str]:
    values = page.all("article:tag")
    if not values:
        keywords = page.first("news_keywords", "keywords") or ld_text(
            page.article_ld().get("keywords")
        )
        values = re.split(r"\s*,\s*", keywords or "")
    if not any(values):
        values = [normalize_space(a.text_content()) for a in root.xpath('//a[@rel="tag"]')]
    unique: dict[str, str] = {}
    for value in values:
        value = value.strip(" #")
        if value:
            unique.setdefault(value.casefold(), value)
    return list(unique.values())


def description(page: PageMeta) -> str | None:
    return page.first("og:description", "description", "twitter:description")


def image(page: PageMeta, url: str) -> str | None:
    value = page.first("og:image", "twitter:image") or ld_text(page.article_ld().get("image"))
    return canonicalize_url(value, base=url) if value else None


def is_declared_article(page: PageMeta) -> bool:
    """Whether the page says it is an article (Open Graph type or JSON-LD)."""
    return (page.first("og:type") or "").lower() == "article" or bool(page.article_ld())


def dateline(paragraph: str) -> str | None:
    """The dateline that opens a story, as "JAKARTA, KOMPAS.com" or "Jakarta (ANTARA)"."""
    for pattern in _DATELINES:
        match = pattern.match(paragraph)
        if match is None:
            continue
        place = match["place"].strip()
        if "agency" in pattern.groupindex:
            return f"{place} ({match['agency'].strip()})"
        return f"{place}, {match['source']}"
    match = _SITE_ONLY_DATELINE.match(paragraph)
    return match["source"] if match else None
