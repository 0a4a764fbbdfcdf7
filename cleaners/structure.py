"""Putting back what trafilatura dropped from the story it found.

trafilatura sometimes keeps only the ``<p>`` children of the block it chose (it happens
when the story sits a level inside a generic wrapper), losing in-article subheadings
and lists; and it keeps one block where a multi-page article ships all its pages as
sibling blocks of the same class. Its choice of block is good, so we keep it and walk
around it again: a heading or list between two kept paragraphs is part of the story, and
so are the sibling page blocks of the same article. And when the block holds a small part
of the prose around it (a theme that closes the story's wrapper at an inline ad, or puts
the lead third in one wrapper and the rest in another), the prose nearby is the rest of
the story.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from cleaners.dom import link_text_ratio, normalize_space
from cleaners.dom_rules import is_hidden, is_noise_marked
from cleaners.language import function_word_language
from cleaners.metadata import dateline, text_key
from cleaners.rules import Rule

STORY_BLOCKS_RESTORED = Rule(
    name="story-blocks-restored",
    stage="line",
    why="trafilatura keeps only the <p> of a story nested in a wrapper, losing its "
    "subheadings, lists and paragraph-like <div>s between kept paragraphs",
)
SIBLING_PAGE_UNITS = Rule(
    name="sibling-page-units",
    stage="line",
    why="multi-page articles shipped whole put each page in a sibling block of the same "
    "class; trafilatura keeps one of them",
)

SPLIT_STORY = Rule(
    name="split-story-blocks",
    stage="line",
    why="themes split one story across wrappers (an inline ad or related box closing the "
    "story's block, the first part in one wrapper and the rest in a sibling or a level "
    "deeper); trafilatura keeps one wrapper: when the blocks up to three levels around it "
    "hold substantially more prose of the same kind, that prose is the rest of the story",
)

LEAD_OUTSIDE_BLOCK = Rule(
    name="lead-outside-story-block",
    stage="line",
    why='themes put the dateline lead ("SEMARANG - ...") in a block of its own before '
    "the body's block; trafilatura keeps the body: a dateline lead standing before the "
    "kept paragraphs, which open without one, is where the story starts",
)

_STRUCTURAL = frozenset({"h2", "h3", "h4", "h5", "ul", "ol", "blockquote"})
_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "h5", "li", "blockquote")
_NESTED_BLOCKS = ("p", "div", "ul", "ol", "table", "section", "article", "h2", "h3", "figure")
_DIV_PARAGRAPH_WORDS = 10
# How far above the paragraphs' block a page unit of a multi-page article may sit.
_PAGE_UNIT_LEVELS = 3
_MAX_LINK_SHARE = 0.5
# How far above the kept paragraphs' block the rest of a split story may sit.
_SPLIT_LEVELS = 3
# The prose found around the block must add this share of the kept words to be the rest
# of the story (a bio or a disclaimer beside a whole story adds far less), and make this
# share of the new text the ancestor holds (not a column of menus and link lists).
_SPLIT_MIN_GAIN = 0.5
_SPLIT_MIN_PROSE_SHARE = 0.6
_SPLIT_MAX_LINK_SHARE = 0.3
# Where no story text stands, whatever is written there.
_NOT_STORY_TAGS = frozenset(
    {"aside", "nav", "footer", "header", "form", "figure", "li", "td", "th", "h1", "h2",
     "h3", "h4", "h5", "h6", "button", "label"}
)  # fmt: skip
# A sentence ends a story paragraph; a teaser's summary is cut short with an ellipsis.
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*$")
# A card of another story: a wrapper holding a linked heading.
_HAS_LINKED_HEADING = etree.XPath(
    "boolean(.//*[self::h2 or self::h3 or self::h4][.//a] | .//a[.//h2 or .//h3 or .//h4])"
)
# A regional paper's bare dateline, the place in capitals and a dash: "SEMARANG - ",
# "BANDA ACEH – " (metadata.dateline reads the ones naming the paper or the agency).
_BARE_DATELINE = re.compile(r"^[A-Z][A-Z.' ]{2,30}\s[-–—]\s+\S")
_CUT_SHORT = re.compile(r"(?:\.\.\.|…|\[\s*\W*\s*\])[\"”’')]*$")


def _is_story_block(element) -> bool:
    """A heading, list or quote; or a <div> written as a paragraph (text, no blocks)."""
    if element.tag in _STRUCTURAL:
        return True
    if element.tag != "div" or next(element.iterdescendants(*_NESTED_BLOCKS), None) is not None:
        return False
    return len(normalize_space(element.text_content()).split()) >= _DIV_PARAGRAPH_WORDS


def _lines_of(element) -> list[str]:
    if element.tag in ("ul", "ol"):
        return [t for li in element.iter("li") if (t := normalize_space(li.text_content()))]
    text = normalize_space(element.text_content())
    return [text] if text else []


def _is_leaf_block(element) -> bool:
    """A <p>, or a <div> holding no other block: what can hold one paragraph's text."""
    return element.tag == "p" or next(element.iterdescendants(*_NESTED_BLOCKS), None) is None


def restore_structure(root, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the headings and lists of their block put back in place."""
    if len(paragraphs) < 2:
        return paragraphs
    position = {text_key(p): i for i, p in enumerate(paragraphs)}
    matched = [
        element
        for element in root.iter("p", "div")
        if _is_leaf_block(element) and text_key(element.text_content()) in position
    ]
    parents = Counter(e.getparent() for e in matched if e.getparent() is not None)
    if not parents:
        return paragraphs
    block, hits = parents.most_common(1)[0]
    if hits < 2:
        return paragraphs

    known = {text_key(p) for p in paragraphs}
    # A block whose text is already there, split into several paragraphs, is no news.
    extracted = "".join(text_key(p) for p in paragraphs)
    insertions: dict[int, list[str]] = {}
    pending: list[str] = []
    last_index: int | None = None
    for child in block:
        if not isinstance(child.tag, str):
            continue
        key = text_key(child.text_content())
        if key in position:
            if last_index is not None and pending:
                # Only what stands between two kept paragraphs is part of the story.
                insertions.setdefault(last_index, []).extend(pending)
            pending, last_index = [], position[key]
            continue
        if (
            STORY_BLOCKS_RESTORED.enabled
            and _is_story_block(child)
            and link_text_ratio(child) <= _MAX_LINK_SHARE
        ):
            for line in _lines_of(child):
                if text_key(line) not in known and text_key(line) not in extracted:
                    pending.append(line)
                    known.add(text_key(line))
    result: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        result.append(paragraph)
        result.extend(insertions.get(index, []))
    return _with_split_story(block, _with_sibling_pages(block, result, known), known)


def _page_units(block) -> tuple[object, list] | None:
    """The block's page unit and all units of its article: same-tag, same-class siblings.

    Infinite-scroll pages also stack stories as same-class siblings, but each of those
    has its own <h1>; pages of one article do not.
    """
    unit = block
    for _ in range(_PAGE_UNIT_LEVELS):
        parent = unit.getparent()
        if parent is None:
            return None
        css = unit.get("class")
        if css:
            units = [c for c in parent if c.tag == unit.tag and c.get("class") == css]
            if len(units) > 1:
                if any(next(u.iter("h1"), None) is not None for u in units):
                    return None
                return unit, units
        unit = parent
    return None


def _unit_lines(unit) -> list[str]:
    lines = []
    for element in unit.iter(*_TEXT_BLOCKS):
        if any(a.tag in _TEXT_BLOCKS for a in element.iterancestors() if a is not unit):
            continue  # counted with its enclosing block
        if link_text_ratio(element) > _MAX_LINK_SHARE:
            continue
        if text := normalize_space(element.text_content()):
            lines.append(text)
    return lines


def _with_sibling_pages(block, paragraphs: list[str], known: set[str]) -> list[str]:
    found = _page_units(block) if SIBLING_PAGE_UNITS.enabled else None
    if found is None:
        return paragraphs
    own, units = found
    before: list[str] = []
    after: list[str] = []
    target = before
    for unit in units:
        if unit is own:
            target = after
            continue
        for line in _unit_lines(unit):
            if text_key(line) not in known:
                known.add(text_key(line))
                target.append(line)
    return before + paragraphs + after


def _outside_story(element, top, verdicts: dict) -> bool:
    """Whether ``element`` sits, below ``top``, in what is no story text: a block classed
    as furniture, a block the page hides (the ``hidden-story-pages`` rule alone decides
    which hidden blocks are story), or a wrapper holding a linked heading (a card of
    another story). ``verdicts`` keeps each wrapper's answer for the blocks inside it."""
    if element is top or element is None:
        return False
    if element not in verdicts:
        verdicts[element] = (
            element.tag in _NOT_STORY_TAGS
            or is_noise_marked(element)
            or is_hidden(element)
            or _outside_story(element.getparent(), top, verdicts)
            or (not _is_leaf_block(element) and _HAS_LINKED_HEADING(element))
        )
    return verdicts[element]


def _prose_chunks(element, language: str | None) -> list[str]:
    """The paragraphs of a leaf block that read as story prose in ``language``: whole
    sentences of some length, few links; none when the block is page furniture."""
    if link_text_ratio(element) > _SPLIT_MAX_LINK_SHARE:
        return []
    chunks = []
    for chunk in element.text_content().split("\n\n"):
        text = normalize_space(chunk)
        if len(text.split()) < _DIV_PARAGRAPH_WORDS:
            continue
        if not _SENTENCE_END.search(text) or _CUT_SHORT.search(text):
            continue
        other = function_word_language(text)
        if language is not None and other is not None and other != language:
            continue
        chunks.append(text)
    return chunks


class _BlockReadings:
    """Whether each block is a leaf and what prose it holds, read once per climb: each
    level's subtree holds the level below, whose blocks would otherwise be read again."""

    def __init__(self, language: str | None) -> None:
        self.language = language
        self._leaf: dict = {}
        self._prose: dict = {}

    def is_leaf(self, element) -> bool:
        if element not in self._leaf:
            self._leaf[element] = _is_leaf_block(element)
        return self._leaf[element]

    def prose(self, element) -> list[str]:
        if element not in self._prose:
            self._prose[element] = _prose_chunks(element, self.language)
        return self._prose[element]


def _prose_around(ancestor, block, known: set[str], extracted: str, readings: _BlockReadings):
    """Story prose in ``ancestor`` outside ``block``, as (before, after) the block in page
    order, and the characters of all text in ``ancestor`` outside ``block``."""
    before: list[str] = []
    after: list[str] = []
    target = before
    inside_block = {id(node) for node in block.iter()}
    verdicts: dict = {}
    seen = set(known)
    for element in ancestor.iter("p", "div", "blockquote"):
        if id(element) in inside_block:
            target = after
            continue
        if not readings.is_leaf(element) or _outside_story(element, ancestor, verdicts):
            continue
        for text in readings.prose(element):
            key = text_key(text)
            if key not in seen and key not in extracted:
                seen.add(key)
                target.append(text)
    outside = len(normalize_space(ancestor.text_content())) - len(
        normalize_space(block.text_content())
    )
    return before, after, outside


def _opens_with_dateline(text: str) -> bool:
    return dateline(text) is not None or _BARE_DATELINE.match(text) is not None


def _with_split_story(block, paragraphs: list[str], known: set[str]) -> list[str]:
    """``paragraphs`` with the rest of a story split across wrappers put back around them.

    Climbs up to three levels above the block; the highest level whose text outside the
    block is mostly new story prose, adding at least half the kept words, holds the story.
    A level holding a second <h1> holds other stories, and ends the climb. Short of that,
    a dateline lead found before the block when the kept paragraphs open without one is
    put back with what follows it up to the block.
    """
    if not (SPLIT_STORY.enabled or LEAD_OUTSIDE_BLOCK.enabled) or not paragraphs:
        return paragraphs
    kept_text = " ".join(paragraphs)
    kept_words = len(kept_text.split())
    language = function_word_language(kept_text)
    extracted = "".join(text_key(p) for p in paragraphs)
    wants_lead = LEAD_OUTSIDE_BLOCK.enabled and not _opens_with_dateline(paragraphs[0])
    best: tuple[list[str], list[str]] | None = None
    lead: list[str] | None = None
    readings = _BlockReadings(language)
    ancestor = block
    for _ in range(_SPLIT_LEVELS):
        ancestor = ancestor.getparent()
        if ancestor is None or ancestor.tag in ("body", "html"):
            break
        if len(ancestor.xpath(".//h1")) > 1:
            break
        # Cheap check first: too little text outside the block to hold the rest.
        outside = len(ancestor.text_content()) - len(block.text_content())
        if not wants_lead and outside < _SPLIT_MIN_GAIN * len(kept_text):
            continue
        before, after, outside = _prose_around(ancestor, block, known, extracted, readings)
        if wants_lead and lead is None:
            starts = [i for i, text in enumerate(before) if _opens_with_dateline(text)]
            lead = before[starts[-1] :] if starts else None
        found = before + after
        gained = sum(len(t.split()) for t in found)
        prose = sum(len(t) + 1 for t in found)
        if (
            SPLIT_STORY.enabled
            and gained >= _SPLIT_MIN_GAIN * kept_words
            and prose >= _SPLIT_MIN_PROSE_SHARE * outside
        ):
            best = before, after
    if best is None and lead:
        best = lead, []
    if best is None:
        return paragraphs
    before, after = best
    known.update(text_key(t) for t in before + after)
    return before + paragraphs + after
