"""Shared helpers over a parsed page: parsing, text, link density, removal.

The cleaner's rules (``cleaners.dom_rules``, ``cleaners.line_rules``, the metadata
readers) are written in terms of these, so that each rule reads as what it matches.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from cleaners.decoding import _XML_DECLARATION, decode_html

# lxml.html's own parser picks each element's class in Python (forms and inputs get
# classes of their own), a call every time any walk, ours or trafilatura's, meets an
# element without a live proxy: some 4,000 calls a page. Every element gets lxml.html's
# element class by a lookup done in C instead; the cleaner uses no form API.
_PARSER = etree.HTMLParser(remove_comments=False, huge_tree=False)
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml_html.HtmlElement,
        comment=lxml_html.HtmlComment,
        pi=lxml_html.HtmlProcessingInstruction,
        entity=lxml_html.HtmlEntity,
    )
)

# Soft hyphens and zero-width characters: invisible to readers, but they split words.
INVISIBLE_CHARACTERS = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

INLINE_TAGS = frozenset({"a", "span", "strong", "b", "em", "i", "u", "small", "sup", "sub", "font"})
BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "table", "tbody", "tr", "td", "section", "aside",
        "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "center",
    }
)  # fmt: skip


class ClassPattern:
    """A case-insensitive regular expression over class and id values, searched fast.

    re's IGNORECASE compares every character in both cases at every position: searching
    a long class list costs some 15 µs, and the cleaner searches thousands a page. Class
    and id values are ASCII in practice, and an ASCII text lower-cased and searched
    case-sensitively gives the same answer several times faster (no letter outside ASCII
    is an ASCII letter's other case), as the pattern spells its letters in lower case.
    Other text is searched with IGNORECASE.
    """

    def __init__(self, pattern: str) -> None:
        if re.search(r"(?<!\\)[A-Z]", pattern):
            raise ValueError(f"spell the letters of {pattern!r} in lower case")
        self._lower_case = re.compile(pattern)
        self._any_case = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str) -> re.Match | None:
        if text.isascii():
            return self._lower_case.search(text.lower())
        return self._any_case.search(text)


def parse(html: str | bytes):
    """A DOM for ``html``; raises ``ValueError`` when there is nothing to parse."""
    text = decode_html(html) if isinstance(html, bytes) else _XML_DECLARATION.sub("", html, count=1)
    if not text.strip():
        raise ValueError("empty document")
    return lxml_html.document_fromstring(text, parser=_PARSER)


def normalize_space(text: str) -> str:
    for character in INVISIBLE_CHARACTERS:
        if character in text:  # rare; str.translate would cost more on every call
            text = text.replace(character, "")
    return " ".join(text.split())


def text_of(element) -> str:
    """What a reader sees of ``element``, white space folded."""
    return normalize_space(element.text_content())


def link_text_ratio(element) -> float:
    """Share of the element's text that sits inside links (0 for an empty element)."""
    total = len(text_of(element))
    if not total:
        return 0.0
    linked = sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
    return linked / total


def drop(element) -> None:
    """Remove ``element`` but keep the text that follows it inside its parent."""
    if element.getparent() is not None:
        element.drop_tree()


def block_of(element):
    """``element`` if it is a block, else its nearest block ancestor."""
    node = element
    while node is not None and node.tag not in BLOCK_TAGS:
        node = node.getparent()
    return node if node is not None else element


def is_inline_in_text(element) -> bool:
    """An inline element inside a paragraph: a link or emphasis that is part of a
    sentence, whatever its class says."""
    parent = element.getparent()
    return element.tag in INLINE_TAGS and parent is not None and parent.tag not in ("div", "body")


def _dense_length(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def dense_sizes(root) -> dict:
    """Characters of text, white space aside, under every element, in one bottom-up pass
    (reading each element's text separately would read a big page once per level).

    Walking the page backwards meets every child before its parent, so each element
    adds its size (and its tail's) to its parent's running total as it goes."""
    sizes: dict = {}
    for element in reversed(list(root.iter())):
        size = sizes.get(element, 0)
        if isinstance(element.tag, str):
            size += _dense_length(element.text)
        sizes[element] = size
        if element is not root:
            parent = element.getparent()
            sizes[parent] = sizes.get(parent, 0) + size + _dense_length(element.tail)
    return sizes


def text_units(root) -> list[str]:
    """The page's text as a reader sees it in blocks: each block's own text (nested
    blocks are units of their own), in page order, empty ones left out."""
    units: dict = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in ("head", "title"):
            continue
        pieces = units.setdefault(block_of(element), [])
        pieces.append(element.text or "")
        parent = element.getparent()
        if parent is not None and element.tail:
            units.setdefault(block_of(parent), []).append(element.tail)
    texts = (normalize_space(" ".join(pieces)) for pieces in units.values())
    return [text for text in texts if text]
