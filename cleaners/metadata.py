"""Article metadata from the page: structured data first, the visible page to check it.

Every function here reads an unpruned DOM, because credit lines and date lines are
exactly what the body cleaner removes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from cleaners import dates
from cleaners.boilerplate import normalize_space
from cleaners.urls import canonicalize_url

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»]\s+|\s*\|\s*")
_SITE_WORDS = re.compile(
    r"\.(?:com|co\.id|id|net|org|tv)\b|\b(?:online|news|media|portal|berita\s+terkini)\b",
    re.IGNORECASE,
)
_AUTHOR_LABELS = (
    r"penulis|reporter|pewarta|wartawan|kontributor|ditulis\s+oleh|oleh|laporan\s+wartawan"
)
_OTHER_LABELS = r"editor|penyunting|redaktur|fotografer|foto|sumber|video|grafis"
_CREDIT = re.compile(
    rf"(?P<label>{_AUTHOR_LABELS}|{_OTHER_LABELS})\b\s*[:：]?\s*"
    rf"(?P<value>[^|•\n:：]+?)"
    rf"(?=\s*(?:[|•\n]|\s[-–—]\s|\b(?:{_AUTHOR_LABELS}|{_OTHER_LABELS})\b\s*[:：]|$))",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|\bdan\b|\band\b)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"\d|https?:|www\.|@|\.com|\.id\b|redaksi|admin|tim\s", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|tanggal|publish|waktu|posted|meta", re.IGNORECASE)
_PLACE = r"[A-Z][A-Za-z .'/-]{1,40}?"
_SITE = r"[A-Za-z0-9.-]+\.(?i:com|co\.id|id|net|tv)"
_DASH = r"\s*[-–—]+\s*"
_DATELINES = (
    re.compile(rf"^(?P<place>{_PLACE}),\s*(?P<source>{_SITE}){_DASH}"),  # JAKARTA, KOMPAS.com -
    re.compile(rf"^(?P<source>{_SITE}),\s*(?P<place>{_PLACE}){_DASH}"),  # TRIBUNNEWS.COM, JAKARTA -
    # Jakarta (ANTARA) -
    re.compile(rf"^(?P<place>{_PLACE})\s*\((?P<agency>[A-Za-z. ]{{2,30}})\){_DASH}"),
)


@dataclass
class PageMeta:
    """Everything the page declares about itself in <head> and JSON-LD."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict] = field(default_factory=list)
    canonical: str | None = None
    html_lang: str | None = None

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name.lower(), []):
                if value.strip():
                    return normalize_space(value)
        return None

    def all(self, *names: str) -> list[str]:
        return [
            normalize_space(v) for n in names for v in self.meta.get(n.lower(), []) if v.strip()
        ]

    def article_ld(self) -> dict:
        """The JSON-LD object describing the article, if any."""
        for item in self.jsonld:
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any((isinstance(k, str) and k.endswith("Article")) or k == "Report" for k in kinds):
                return item
        return {}


def _walk_jsonld(data) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"])


def read_page_meta(root) -> PageMeta:
    page = PageMeta()
    for element in root.iter("meta"):
        name = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if name and content is not None:
            page.meta.setdefault(name.lower(), []).append(content)
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        page.jsonld.extend(_walk_jsonld(data))
    for link in root.xpath('//link[@rel="canonical"][@href]'):
        page.canonical = link.get("href")
        break
    page.html_lang = (root.get("lang") or "").split("-")[0].lower() or None
    return page


def _ld_text(value) -> str | None:
    if isinstance(value, str):
        return normalize_space(value) or None
    if isinstance(value, dict):
        return _ld_text(value.get("name") or value.get("@id"))
    if isinstance(value, list) and value:
        return _ld_text(value[0])
    return None


def site_name(page: PageMeta) -> str | None:
    publisher = page.article_ld().get("publisher")
    return page.first("og:site_name", "application-name") or _ld_text(publisher)


def canonical_url(page: PageMeta, url: str) -> str:
    """The page's own canonical URL when it names one on the same site, else ``url``."""
    for candidate in (page.canonical, page.first("og:url")):
        if candidate and candidate.startswith(("http://", "https://", "/")):
            return canonicalize_url(candidate, base=url)
    return canonicalize_url(url)


def _strip_site_affixes(title: str, site: str | None) -> str:
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    if len(parts) < 2:
        return title
    site_key = (site or "").lower().replace(" ", "")

    def is_site(part: str) -> bool:
        key = part.lower().replace(" ", "")
        return bool(site_key and (site_key in key or key in site_key)) or bool(
            _SITE_WORDS.search(part) and len(part.split()) <= 4
        )

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    if len(parts) == len(_TITLE_SEPARATORS.split(title)):
        return title
    # Rejoin what is left with the separator the page used between those parts.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip()


def title(root, page: PageMeta) -> str | None:
    """The headline: the page's <h1> when the metadata agrees it is the headline,
    otherwise the metadata title without the site name."""
    site = site_name(page)
    declared = (
        page.first("og:title", "twitter:title")
        or _ld_text(page.article_ld().get("headline"))
        or normalize_space(root.findtext(".//title") or "")
    )
    declared = _strip_site_affixes(declared, site) if declared else None
    for h1 in root.iter("h1"):
        text = normalize_space(h1.text_content())
        if text and (
            declared is None or text.lower() in declared.lower() or declared.lower() in text.lower()
        ):
            return text
    return declared or None


def _split_names(value: str, site: str | None) -> list[str]:
    names = []
    for part in _NAME_SPLIT.split(value):
        name = normalize_space(part).strip(" .-–—()")
        if not name or not name[0].isupper() or len(name) > 60 or _NOT_A_NAME.search(name):
            continue
        if site and name.lower().replace(" ", "") in site.lower().replace(" ", ""):
            continue
        names.append(name)
    return names


def credits(root) -> dict[str, list[str]]:
    """Names in the page's visible credit lines, by role (author, editor...)."""
    found: dict[str, list[str]] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "title"):
            continue
        for text in (node.text, node.tail):
            if not text or len(text) > 200:
                continue
            _collect_credits(normalize_space(text), found)
        # A label in its own element followed by the name in another: <b>Penulis:</b> <a>X</a>
        own = normalize_space(node.text_content()) if len(node) else ""
        if (
            own
            and len(own) <= 160
            and re.match(rf"^(?:{_AUTHOR_LABELS}|{_OTHER_LABELS})\b", own, re.I)
        ):
            _collect_credits(own, found)
    return found


def _role(label: str) -> str:
    label = normalize_space(label).lower()
    if label in ("editor", "penyunting", "redaktur"):
        return "editor"
    return "other" if re.fullmatch(_OTHER_LABELS, label) else "author"


def _collect_credits(text: str, found: dict[str, list[str]]) -> None:
    for match in _CREDIT.finditer(text):
        has_colon = ":" in match.group(0) or "：" in match.group(0)
        if not has_colon and match.start() > 0:
            continue  # "oleh warga" mid-sentence is prose, not a byline
        role = _role(match["label"])
        for name in _split_names(match["value"], None):
            if name not in found.setdefault(role, []):
                found[role].append(name)


def authors(root, page: PageMeta) -> list[str]:
    """Reporters and writers, never the editor and never the site or agency.

    A visible "Penulis:/Reporter:/Pewarta:" line is trusted first; then the author meta
    tag; JSON-LD "author" last, because on many Indonesian sites it names the editor.
    """
    site = site_name(page)
    named = credits(root)
    editors = {n.lower() for n in named.get("editor", [])}
    if named.get("author"):
        return [n for n in named["author"] if n.lower() not in editors]
    for value in page.all("author", "article:author", "dc.creator", "content_author"):
        names = [n for n in _split_names(value, site) if n.lower() not in editors]
        if names:
            return names
    ld_author = page.article_ld().get("author")
    values = ld_author if isinstance(ld_author, list) else [ld_author]
    names = []
    for value in values:
        text = _ld_text(value)
        if text:
            names.extend(n for n in _split_names(text, site) if n.lower() not in editors)
    return names


def _visible_stamp(root) -> dates.Stamp | None:
    """The date line a reader sees near the headline."""
    for node in root.iter("time"):
        stamp = dates.parse_visible(normalize_space(node.text_content()))
        if stamp:
            return stamp
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        attributes = f"{node.get('class', '')} {node.get('id', '')}"
        if not _DATE_CLASS.search(attributes):
            continue
        text = normalize_space(node.text_content())
        if len(text) <= 120:
            stamp = dates.parse_visible(text)
            if stamp:
                return stamp
    return None


def _structured_stamp(page: PageMeta, kind: str) -> dates.Stamp | None:
    ld = page.article_ld()
    if kind == "published":
        values = [
            _ld_text(ld.get("datePublished")),
            page.first(
                "article:published_time",
                "og:published_time",
                "datepublished",
                "publishdate",
                "pubdate",
                "content_publisheddate",
                "dtk:publishdate",
                "publish-date",
                "date",
                "dc.date.issued",
                "dc.date",
                "sailthru.date",
                "parsely-pub-date",
            ),
        ]
    else:
        values = [
            _ld_text(ld.get("dateModified")),
            page.first(
                "article:modified_time",
                "og:updated_time",
                "datemodified",
                "lastmod",
                "last-modified",
                "updatedate",
            ),
        ]
    for value in values:
        stamp = dates.parse_structured(value or "")
        if stamp:
            return stamp
    return None


def published_and_updated(root, page: PageMeta) -> tuple[str | None, str | None]:
    visible = _visible_stamp(root)
    published = dates.resolve(_structured_stamp(page, "published"), visible)
    modified = _structured_stamp(page, "updated")
    updated = dates.resolve(modified, visible if modified else None) if modified else None
    if updated == published:
        updated = None
    return published, updated


def section(root, page: PageMeta) -> str | None:
    value = page.first("article:section", "section", "category") or _ld_text(
        page.article_ld().get("articleSection")
    )
    if value:
        return value
    crumbs = [
        normalize_space(a.text_content())
        for a in root.xpath(
            '//*[contains(@class, "breadcrumb")]//a | //*[@itemtype="https://schema.org/BreadcrumbList"]//a'
        )
    ]
    crumbs = [c for c in crumbs if c and c.lower() not in ("home", "beranda", "index")]
    return crumbs[0] if crumbs else None


def tags(root, page: PageMeta) -> list[str]:
    values = page.all("article:tag")
    if not values:
        keywords = page.first("news_keywords", "keywords") or _ld_text(
            page.article_ld().get("keywords")
        )
        values = [k for k in re.split(r"\s*,\s*", keywords or "")]
    if not values:
        values = [normalize_space(a.text_content()) for a in root.xpath('//a[@rel="tag"]')]
    seen: dict[str, None] = {}
    for value in values:
        value = value.strip(" #")
        if value and value.lower() not in (k.lower() for k in seen):
            seen[value] = None
    return list(seen)


def description(page: PageMeta) -> str | None:
    return page.first("og:description", "description", "twitter:description")


def image(page: PageMeta, url: str) -> str | None:
    value = page.first("og:image", "twitter:image") or _ld_text(page.article_ld().get("image"))
    return canonicalize_url(value, base=url) if value else None


def is_declared_article(page: PageMeta) -> bool:
    """Whether the page says it is an article (Open Graph type or JSON-LD)."""
    return (page.first("og:type") or "").lower() == "article" or bool(page.article_ld())


def dateline(first_paragraph: str) -> str | None:
    """The dateline that opens the story, as "JAKARTA, KOMPAS.com" or "Jakarta (ANTARA)"."""
    for pattern in _DATELINES:
        match = pattern.match(first_paragraph)
        if match is None:
            continue
        place = match["place"].strip()
        if "agency" in pattern.groupindex:
            return f"{place} ({match['agency'].strip()})"
        return f"{place}, {match['source']}"
    return None
