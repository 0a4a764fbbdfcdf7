"""Article metadata other than times and authors: canonical URL, headline, section, tags,
description, image, dateline. Everything here reads the unpruned page."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from cleaners.dom import normalize_space
from cleaners.explain import Candidate, Trace
from cleaners.pagemeta import TITLE_SEPARATORS, PageMeta, ld_text, split_affixes
from cleaners.rules import Rule
from cleaners.urls import canonicalize_url

SITE_NAME = Rule(
    name="title-site-name",
    stage="title",
    why="Titles carry the site's name (and its channel) before or after the headline at a "
    "separator: 'Judul - Kompas.com', 'Judul | merdeka.com', 'KapanLagi.com: Judul', "
    "'Judul - Hot Liputan6.com'; the names are learned from the page (PageMeta.site_names).",
)
AFFIXED_COPY = Rule(
    name="title-affixed-copy",
    stage="title",
    why="A source that holds another source's whole title plus labels at a separator or "
    "the site's name glued on ('Foto : Judul | merdeka.com', 'Okezone Judul - Health :: "
    "Okezone Lifestyle') agrees with it: the headline is the title without them.",
)
VISIBLE_TEXT = Rule(
    name="title-visible-text",
    stage="title",
    why="Templates strip punctuation from og:title and <title> (Media Indonesia drops ':' "
    "and '?'); when the reader's <h1> has the same words, it is the headline as written.",
)
LABEL_HEADING = Rule(
    name="title-label-heading",
    stage="title",
    why="Old portal templates put labels in <h1>: the site's logo text, the section "
    "('Otomotif', 'Regional') and furniture ('TAG'); a label is never the headline, even "
    "on a page whose metadata names no headline.",
)
# Elements a template marks as the headline; they confirm a title, never propose one.
_HEADLINE_ELEMENTS = (
    '//*[@itemprop="headline"][not(self::meta)]'
    ' | //h2[contains(@class, "title") or contains(@class, "headline")'
    ' or contains(@class, "judul")]'
)
_HEADLINE_MAX_WORDS = 40
# Headings that label a block of the page; compared as text_key.
_LABELS = frozenset(
    {"tag", "tags", "topik", "beritaterkait", "artikelterkait", "terpopuler", "populer",
     "terkini", "beritaterkini", "pilihanredaksi", "bacajuga", "trending", "headline"}
)  # fmt: skip
_SITE_WORDS = re.compile(
    r"\.(?:com|co\.id|id|net|org|tv)\b|\b(?:online|news|media|portal|berita\s+terkini)\b",
    re.IGNORECASE,
)
_NOT_ALNUM = re.compile(r"[\W_]+")
# How much of a text ``has_text_key`` reduces at a time.
_KEY_CHUNK = 256
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


@functools.lru_cache(maxsize=512)
def text_key(text: str | None) -> str:
    """Text reduced to lower-case letters and digits, for comparing what two sources
    say regardless of spacing, punctuation and quotes.

    Cached: a page's paragraphs are keyed again and again (restoring structure, finding
    the story's start, joining later pages), five times in six on the benchmark pages;
    a small cache holds one page's worth."""
    return _NOT_ALNUM.sub("", (text or "").lower())


def has_text_key(text: str, key: str) -> bool:
    """Whether ``text_key(text) == key``, reading a long text only as far as it agrees.

    Finding the element that shows a headline compares every heading and small wrapper
    with it; reducing a wrapper's whole text costs as much as the page, where its first
    few hundred characters already differ. (Lower-casing is done whole: it is cheap, and
    a Greek capital sigma's lower case depends on the letter after it.)"""
    lowered = text.lower()
    reduced = ""
    for start in range(0, len(lowered), _KEY_CHUNK):
        reduced += _NOT_ALNUM.sub("", lowered[start : start + _KEY_CHUNK])
        if not key.startswith(reduced):
            return False
    return reduced == key


def words(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def canonical_url(page: PageMeta, url: str) -> str:
    """The page's own canonical URL when it names one, else ``url``; always without
    tracking parameters."""
    for candidate in (page.canonical, page.first("og:url")):
        if candidate and candidate.startswith(("http://", "https://", "/")):
            return canonicalize_url(candidate, base=url)
    return canonicalize_url(url)


def _is_site_part(part: str, names: list[str]) -> bool:
    """Whether a separated part of a title names the site ("Kompas.com Regional",
    "Hot Liputan6.com") rather than saying something of the story."""
    key = text_key(part)
    if not key:
        return True
    short = len(part.split()) <= 4
    for name in names:
        name_key = text_key(name)
        if name_key and (key == name_key or (short and name_key in key)):
            return True
    return bool(_SITE_WORDS.search(part) and short)


def _strip_site_affixes(title: str, names: list[str]) -> str:
    """``title`` without the site's names standing before or after it at a separator:
    "Judul - Kompas.com", "KapanLagi.com: Judul", "Judul - Health :: Okezone Lifestyle".
    What is left is never empty: a title that is nothing but the site's name stays."""
    parts = [p for p in TITLE_SEPARATORS.split(title) if p and p.strip()]
    kept = list(parts)
    while len(kept) > 1 and _is_site_part(kept[-1], names):
        kept.pop()
    while len(kept) > 1 and _is_site_part(kept[0], names):
        kept.pop(0)
    if len(kept) == len(parts):
        return title
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip()


@dataclass
class _Offer:
    """One source's title, as the page gives it and as compared (``text``)."""

    raw: str
    source: str
    text: str
    visible: bool  # shown to the reader as the headline (<h1>, headline element)
    voter_only: bool = False  # may agree with a title, never proposes one
    rejected: str | None = None

    @property
    def key(self) -> str:
        return text_key(self.text)


def _offers(root, page: PageMeta) -> list[_Offer]:
    """Every source's title, in the order that breaks ties: what the page declares
    first, then its headings, then elements its template marks as the headline."""
    declared = (
        ("meta:og:title", page.first("og:title")),
        ("meta:twitter:title", page.first("twitter:title")),
        ("json-ld:headline", ld_text(page.article_ld().get("headline"))),
        ("<title>", page.title),
    )
    offers = [_Offer(v, s, v, visible=False) for s, v in declared if v]
    for h1 in root.iter("h1"):
        if text := normalize_space(h1.text_content()):
            offers.append(_Offer(text, "<h1>", text, visible=True))
    for element in root.xpath(_HEADLINE_ELEMENTS):
        text = normalize_space(element.text_content())
        if text and len(text.split()) <= _HEADLINE_MAX_WORDS:
            offers.append(_Offer(text, "headline element", text, visible=True, voter_only=True))
    return offers


def _is_label(text: str, page: PageMeta, names: list[str], url: str | None) -> bool:
    """Whether a heading is a label of the page rather than its headline: the site's
    name (a logo in <h1>), a section ("Otomotif", from the host or the path), or
    page furniture ("TAG", "Berita Terkait")."""
    key = text_key(text)
    if key in _LABELS or any(key == text_key(n) for n in names):
        return True
    sections = [page.first("article:section", "section"), *_url_words(url or page.canonical)]
    return any(key == text_key(s) for s in sections if s)


def _url_words(url: str | None) -> list[str]:
    """Host labels and the folders of ``url``'s path (not its slug, which spells the
    headline, also when a trailing slash follows it as in WordPress permalinks): where
    sites name their sections."""
    if not url or "//" not in url:
        return []
    parts = urlsplit(url)
    folders = parts.path.rstrip("/").split("/")[:-1]
    return (parts.hostname or "").split(".") + [p for p in folders if p]


def _normalise(offers: list[_Offer], page: PageMeta, names: list[str], url: str | None) -> None:
    """Each offer's title in comparable form, or the reason it cannot be the headline."""
    for offer in offers:
        if SITE_NAME.enabled:
            offer.text = _strip_site_affixes(offer.raw, names)
            if any(offer.key == text_key(n) for n in names):
                offer.rejected = "the site's name"
                continue
        if offer.visible and LABEL_HEADING.enabled and _is_label(offer.text, page, names, url):
            offer.rejected = "a label (site, section or page furniture), not a headline"


def _agrees(voter: _Offer, offer: _Offer, names: list[str]) -> bool:
    """Whether ``voter`` says the same headline as ``offer``: the same letters, or (rule
    title-affixed-copy) the whole of it with labels or the site's names around it."""
    if voter.key == offer.key:
        return True
    return AFFIXED_COPY.enabled and split_affixes(voter.text, offer.text, names) is not None


def _elect(
    offers: list[_Offer], proposals: list[_Offer], live: list[_Offer], names: list[str]
) -> _Offer:
    """The proposal most live offers agree with (the first of the best, so what the page
    declares wins a tie); the offers that say otherwise are marked rejected."""
    support = {id(o): sum(_agrees(v, o, names) for v in live) for o in proposals}
    winner = max(proposals, key=lambda o: support[id(o)])
    for offer in offers:
        if offer.rejected is None and not _agrees(offer, winner, names):
            offer.rejected = f"differs from the headline {support[id(winner)]} sources agree on"
    return winner


def title(root, page: PageMeta, trace: Trace | None = None, url: str | None = None) -> str | None:
    """The headline, chosen by agreement: every source's title (og:title, twitter:title,
    JSON-LD headline, <title>, <h1>s, headline elements) is normalised the same way, and
    the one that most sources agree with wins; ties go to what the page declares. The
    reader's headline is shown when it says the same, as templates drop punctuation
    from metadata."""
    trace = trace or Trace()
    names = page.site_names(url)
    offers = _offers(root, page)
    _normalise(offers, page, names, url)
    live = [o for o in offers if not o.rejected]
    proposals = [o for o in live if not o.voter_only]
    if not proposals:
        trace.choose("title", None, None, [Candidate(o.raw, o.source, o.rejected) for o in offers])
        return None
    winner = _elect(offers, proposals, live, names)
    shown = winner
    if VISIBLE_TEXT.enabled and not winner.visible:
        shown = next((o for o in live if o.visible and o.key == winner.key), winner)
    candidates = [Candidate(o.raw, o.source, o.rejected) for o in offers if o is not shown]
    trace.choose("title", shown.text, shown.source, candidates)
    return shown.text


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
