"""``clean_html``: one page in, one article record out.

Order matters: metadata is read from the untouched page (credit and date lines live in
the parts that are boilerplate for the body), then the page is pruned with Indonesian DOM
rules, trafilatura picks the main text from what is left, and line rules finish it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence

import trafilatura
from lxml import etree

from cleaners import authors as bylines
from cleaners import metadata
from cleaners.article import CleanArticle
from cleaners.decoding import NotText
from cleaners.dom import normalize_space, parse, text_units
from cleaners.dom_rules import prune_dom, reveal_hidden_story, split_line_breaks, wrap_loose_text
from cleaners.explain import Trace
from cleaners.language import detect_language
from cleaners.line_rules import filter_lines
from cleaners.pagemeta import read_page_meta
from cleaners.published import published_and_updated
from cleaners.rules import Rule
from cleaners.structure import restore_structure

log = logging.getLogger(__name__)

# Below this many words a story is a stub, unless the page declares itself an article
# (photo and video pages carry a few lines of text and are still articles).
MIN_WORDS = 40
MIN_WORDS_DECLARED = 8
# The dateline lead opens the story within its first few blocks; what stands before it
# (headline, date line, standfirst, photo caption) is page header.
_DATELINE_WINDOW = 5
_PARAGRAPH_TAGS = ("p", "head", "item", "quote", "cell", "code")
_CAPTION_ATTRIBUTES = ("data-description", "data-caption", "data-desc")
# What stands in place of the story on a paywalled or members-only page ("Silakan masuk
# atau berlangganan untuk membaca", "Konten ini khusus pelanggan"); only a short body is
# judged by it, so a story that mentions subscriptions is never refused.
_PAYWALL = re.compile(
    r"\b(?:berlangganan|masuk untuk membaca|login untuk membaca|khusus (?:pelanggan|member|"
    r"anggota)|konten premium|artikel premium|subscribe to read)\b",
    re.IGNORECASE,
)
# A photo page's text covers most words of its description.
_PHOTO_COVERAGE = 0.6


REPEATED_HEADLINE = Rule(
    name="repeated-headline",
    stage="line",
    why="templates print the headline (and labels above it) again at the top of the story",
)
STORY_STARTS_AT_DATELINE = Rule(
    name="story-starts-at-dateline",
    stage="line",
    why='the dateline lead ("JAKARTA, KOMPAS.com -") opens the story: what stands before '
    "it is header (date line, standfirst, photo caption)",
)
PHOTO_PAGE_TEXT = Rule(
    name="photo-page-text",
    stage="line",
    why="photo and video pages hold captions, not prose: their text is the captions or "
    "the description that covers them",
)


def content_hash(body: str) -> str:
    """A fingerprint of the text that ignores case and white space."""
    return hashlib.sha256(normalize_space(body).lower().encode("utf-8")).hexdigest()


def _paragraphs(body) -> list[str]:
    """Paragraphs of trafilatura's body tree, as a reader sees them."""
    paragraphs: list[str] = []
    for element in body.iter(*_PARAGRAPH_TAGS):
        if element.tag == "item" and element.find("p") is not None:
            continue
        parent = element.getparent()
        if (
            element.tag in ("p", "head")
            and parent is not None
            and parent.tag in ("item", "quote", "cell")
        ):
            continue
        for chunk in "".join(element.itertext()).split("\n\n"):
            if chunk := normalize_space(chunk):
                paragraphs.append(chunk)
    return paragraphs


def _extract_body(root, url: str) -> list[str]:
    document = trafilatura.bare_extraction(
        root,
        url=url,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        with_metadata=False,
    )
    if document is None or document.body is None:
        return []
    return _paragraphs(document.body)


def _body(
    root, url: str, keep_captions: bool, trace: Trace | None = None
) -> tuple[list[str], str | None]:
    """The story's paragraphs and syndication source; ``root`` is pruned in place, so
    whatever else is read from the page is read before."""
    trace = trace or Trace()
    prune_dom(root, trace, keep_captions=keep_captions)
    reveal_hidden_story(root)
    split_line_breaks(root)
    wrap_loose_text(root)
    units = text_units(root) if trace.explain else []
    extracted = _extract_body(root, url)
    _report_left_out(units, extracted, trace)
    paragraphs = restore_structure(root, extracted)
    return filter_lines(paragraphs, trace)


def _report_left_out(units: list[str], extracted: list[str], trace: Trace) -> None:
    """Name the extractor for the blocks that survived every DOM rule but that
    trafilatura did not take as main text (menus, link lists, short labels...)."""
    kept = "".join(metadata.text_key(p) for p in extracted)
    for unit in units:
        key = metadata.text_key(unit)
        if key and key not in kept:
            trace.drop("extract", "trafilatura", unit)


def _gallery_captions(root) -> list[str]:
    """Captions of a photo gallery, which scripts show one at a time from attributes."""
    captions: dict[str, None] = {}
    for element in root.iter():
        for name in _CAPTION_ATTRIBUTES:
            value = normalize_space(element.get(name) or "")
            if len(value.split()) >= 5:
                captions.setdefault(value, None)
    return list(captions)


def _coverage(description: str, candidate: list[str]) -> float:
    """Share of the description's words that a candidate text contains."""
    wanted = set(metadata.words(description))
    return len(wanted & set(metadata.words(" ".join(candidate)))) / len(wanted) if wanted else 0.0


def _photo_page_text(
    html: str | bytes, url: str, strict: list[str], description: str | None
) -> list[str]:
    """The text of a photo or video page: its captions, or its description.

    Such a page announces itself as an article but holds little prose. Its description
    restates the lead caption, so the candidate that covers the description best is the
    page's own text and not a teaser of another story; failing all, the description is.
    """
    if not PHOTO_PAGE_TEXT.enabled:
        return strict
    if any(metadata.dateline(p) for p in strict[:_DATELINE_WINDOW]):
        return strict  # a short story that opens with its dateline is prose, not captions
    root = parse(html)  # the first pass pruned its page; this one starts again (rare)
    gallery = _gallery_captions(root)
    with_captions, _ = _body(root, url, keep_captions=True)
    candidates = [c for c in (gallery, with_captions, strict) if c]
    if not description:
        return max(candidates, key=lambda c: len(" ".join(c).split()), default=strict)
    best = max(candidates, key=lambda c: _coverage(description, c), default=None)
    if best is not None and _coverage(description, best) >= _PHOTO_COVERAGE:
        return best
    if len(description.split()) >= MIN_WORDS_DECLARED:
        return [description]
    return strict


def _from_story_start(
    paragraphs: list[str], title: str | None, trace: Trace | None = None
) -> list[str]:
    """The body from its first line of story: without a repeated headline, and without
    header blocks standing before the dateline lead."""
    trace = trace or Trace()
    title_key = metadata.text_key(title)
    for index, paragraph in enumerate(paragraphs[:_DATELINE_WINDOW]):
        if REPEATED_HEADLINE.enabled and title_key and metadata.text_key(paragraph) == title_key:
            for header in paragraphs[: index + 1]:  # the headline and the labels above it
                trace.drop("line", REPEATED_HEADLINE.name, header)
            paragraphs = paragraphs[index + 1 :]
            break
    if not STORY_STARTS_AT_DATELINE.enabled:
        return paragraphs
    for index, paragraph in enumerate(paragraphs[:_DATELINE_WINDOW]):
        if metadata.dateline(paragraph):
            for header in paragraphs[:index]:
                trace.drop("line", STORY_STARTS_AT_DATELINE.name, header)
            return paragraphs[index:]
    return paragraphs


def clean_html(
    html: str | bytes, url: str, continuations: Sequence[str | bytes] = ()
) -> CleanArticle:
    """The article in ``html`` fetched from ``url``; never raises on bad input.

    ``continuations`` are the later pages of a split article, in order: their story text
    is appended, the metadata comes from the first page.
    """
    return explain_html(html, url, continuations, explain=False)[0]


def explain_html(
    html: str | bytes, url: str, continuations: Sequence[str | bytes] = (), explain: bool = True
) -> tuple[CleanArticle, Trace]:
    """``clean_html`` with the record of what each rule dropped and where each field
    came from (``warta clean --explain``)."""
    trace = Trace(explain=explain)
    article = _guarded_clean(html, url, continuations, trace)
    article.provenance = trace.provenance()
    return article, trace


def _guarded_clean(
    html: str | bytes, url: str, continuations: Sequence[str | bytes], trace: Trace
) -> CleanArticle:
    try:
        return _clean(html, url, continuations, trace)
    except NotText:
        return CleanArticle(url=url, ok=False, reason="not_html")
    except (ValueError, etree.LxmlError) as exc:
        reason = "empty" if str(exc) == "empty document" else "unparsable"
        return CleanArticle(url=url, ok=False, reason=reason)
    except Exception:  # a cleaner bug must cost one page, not a crawl
        log.exception("cleaner failed on %s", url)
        return CleanArticle(url=url, ok=False, reason="cleaner_error")


def _continuation(html: str | bytes, url: str, title: str | None, known: set[str]) -> list[str]:
    """The story text of a later page: what it adds, without what the first page said
    (a repeated lead, the headline, the same "Baca juga" line)."""
    try:
        paragraphs, _ = _body(parse(html), url, keep_captions=False)
    except (ValueError, etree.LxmlError):
        return []
    added = []
    for paragraph in _from_story_start(paragraphs, title):
        key = metadata.text_key(paragraph)
        if key and key not in known:
            known.add(key)
            added.append(paragraph)
    return added


def _clean(
    html: str | bytes, url: str, continuations: Sequence[str | bytes], trace: Trace
) -> CleanArticle:
    root = parse(html)
    # lxml makes a Python proxy for an element each time a walk reaches it, unless one
    # is alive; holding them all for the clean saves that on every walk. The metadata is
    # read first: the body is then cut out of this same tree, pruned in place.
    elements = list(root.iter())
    page = read_page_meta(root)
    headline = metadata.title(root, page, trace, url)
    published, updated = published_and_updated(root, page, headline, trace, url)
    article = CleanArticle(
        url=metadata.canonical_url(page, url),
        title=headline,
        published=published,
        updated=updated,
        section=metadata.section(root, page),
        tags=metadata.tags(root, page),
        description=metadata.description(page),
        image=metadata.image(page, url),
        site_name=page.site_name(),
    )
    declared = metadata.is_declared_article(page) or published is not None
    credits = bylines.read_credits(root)

    paragraphs, article.syndication_source = _body(root, url, keep_captions=False, trace=trace)
    if declared and len(" ".join(paragraphs).split()) < MIN_WORDS:
        paragraphs = _photo_page_text(html, url, paragraphs, article.description)
    paragraphs = _from_story_start(paragraphs, article.title, trace)
    known = {metadata.text_key(p) for p in paragraphs} | {metadata.text_key(article.title)}
    for later_page in continuations:
        paragraphs += _continuation(later_page, url, article.title, known)
    signature, paragraphs = bylines.sign_off(paragraphs)
    article.authors = bylines.authors(credits, page, trace, signature)
    article.paragraphs = paragraphs
    article.content_hash = content_hash(article.body)
    if paragraphs:
        article.dateline = metadata.dateline(paragraphs[0])
    article.language = detect_language(article.body, page.html_lang)

    words = article.word_count
    if not article.title or words < MIN_WORDS_DECLARED:
        article.ok, article.reason = False, "too_short"
    elif words < MIN_WORDS and _PAYWALL.search(article.body):
        article.ok, article.reason = False, "paywall"
    elif not declared:
        article.ok, article.reason = False, "not_article"
    elif words < MIN_WORDS and not metadata.is_declared_article(page):
        article.ok, article.reason = False, "too_short"
    del elements  # alive until every walk of the page is done
    return article
