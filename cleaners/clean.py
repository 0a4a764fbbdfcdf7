"""``clean_html``: one page in, one article record out.

Order matters: metadata is read from the untouched page (credit and date lines live in
the parts that are boilerplate for the body), then the page is pruned with Indonesian DOM
rules, trafilatura picks the main text from what is left, and line rules finish it.
"""

from __future__ import annotations

import copy
import hashlib
import logging

import trafilatura
from lxml import etree

from cleaners import metadata
from cleaners.article import CleanArticle
from cleaners.boilerplate import filter_lines, normalize_space, parse, prune_dom, split_line_breaks
from cleaners.language import detect_language
from cleaners.structure import restore_structure

log = logging.getLogger(__name__)

# Shorter than this and it is a teaser, a stub or a listing, not an article.
MIN_WORDS = 40
_PARAGRAPH_TAGS = ("p", "head", "item", "quote", "cell", "code")


def content_hash(body: str) -> str:
    """A fingerprint of the text that ignores case and white space."""
    return hashlib.sha256(normalize_space(body).lower().encode("utf-8")).hexdigest()


def _paragraphs(body) -> list[str]:
    """Paragraphs of trafilatura's body tree, as a reader sees them."""
    paragraphs: list[str] = []
    for element in body.iter(*_PARAGRAPH_TAGS):
        if (
            element.tag == "item"
            and element.getparent() is not None
            and element.find("p") is not None
        ):
            continue
        if (
            element.tag in ("p", "head")
            and element.getparent() is not None
            and (element.getparent().tag in ("item", "quote", "cell"))
        ):
            continue
        text = "".join(element.itertext())
        for chunk in text.split("\n\n"):
            chunk = normalize_space(chunk)
            if chunk:
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


def _without_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """The body without the headline repeated at its top, as some templates place it
    inside the story block."""
    if title and paragraphs and normalize_space(paragraphs[0]).lower() == title.lower():
        return paragraphs[1:]
    return paragraphs


def clean_html(html: str | bytes, url: str) -> CleanArticle:
    """The article in ``html`` fetched from ``url``; never raises on bad input."""
    try:
        return _clean(html, url)
    except (ValueError, etree.LxmlError) as exc:
        return CleanArticle(
            url=url, ok=False, reason="unparsable" if str(exc) != "empty document" else "empty"
        )
    except Exception:  # a cleaner bug must cost one page, not a crawl
        log.exception("cleaner failed on %s", url)
        return CleanArticle(url=url, ok=False, reason="cleaner_error")


def _clean(html: str | bytes, url: str) -> CleanArticle:
    root = parse(html)
    page = metadata.read_page_meta(root)
    published, updated = metadata.published_and_updated(root, page)
    article = CleanArticle(
        url=metadata.canonical_url(page, url),
        title=metadata.title(root, page),
        authors=metadata.authors(root, page),
        published=published,
        updated=updated,
        section=metadata.section(root, page),
        tags=metadata.tags(root, page),
        description=metadata.description(page),
        image=metadata.image(page, url),
        site_name=metadata.site_name(page),
    )

    pruned = copy.deepcopy(root)
    prune_dom(pruned)
    split_line_breaks(pruned)
    extracted = restore_structure(pruned, _extract_body(pruned, url))
    paragraphs, article.syndication_source = filter_lines(extracted)
    paragraphs = _without_headline(paragraphs, article.title)
    article.paragraphs = paragraphs
    article.content_hash = content_hash(article.body)
    if paragraphs:
        article.dateline = metadata.dateline(paragraphs[0])
    article.language = detect_language(article.body, page.html_lang)

    if not article.title or article.word_count < MIN_WORDS:
        article.ok, article.reason = False, "too_short"
    elif article.published is None and not metadata.is_declared_article(page):
        article.ok, article.reason = False, "not_article"
    return article
