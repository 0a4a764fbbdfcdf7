"""Putting back what trafilatura dropped from the story it found.

trafilatura sometimes keeps only the ``<p>`` children of the block it chose (it happens
when the story sits a level inside a generic wrapper), losing in-article subheadings
and lists; and it keeps one block where a multi-page article ships all its pages as
sibling blocks of the same class. Its choice of block is good, so we keep it and walk
around it again: a heading or list between two kept paragraphs is part of the story, and
so are the sibling page blocks of the same article.
"""

from __future__ import annotations

from collections import Counter

from cleaners.dom import link_text_ratio, normalize_space
from cleaners.metadata import text_key
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

_STRUCTURAL = frozenset({"h2", "h3", "h4", "h5", "ul", "ol", "blockquote"})
_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "h5", "li", "blockquote")
_NESTED_BLOCKS = ("p", "div", "ul", "ol", "table", "section", "article", "h2", "h3", "figure")
_DIV_PARAGRAPH_WORDS = 10
# How far above the paragraphs' block a page unit of a multi-page article may sit.
_PAGE_UNIT_LEVELS = 3
_MAX_LINK_SHARE = 0.5


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
    return _with_sibling_pages(block, result, known)


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
