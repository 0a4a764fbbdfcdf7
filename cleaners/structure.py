"""Putting back subheadings and list items that trafilatura dropped.

trafilatura sometimes keeps only the ``<p>`` children of the block it chose (it happens
when the story sits a level inside a generic wrapper), losing in-article subheadings
and lists that belong to the story. Its choice of block is good, so we keep it and walk
that block again: a heading or list between two kept paragraphs is part of the story.
"""

from __future__ import annotations

from collections import Counter

from cleaners.boilerplate import normalize_space

_STRUCTURAL = frozenset({"h2", "h3", "h4", "h5", "ul", "ol", "blockquote"})
_MAX_LINK_SHARE = 0.5


def _link_share(element) -> float:
    total = len(normalize_space(element.text_content()))
    linked = sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
    return linked / total if total else 1.0


def _lines_of(element) -> list[str]:
    if element.tag in ("ul", "ol"):
        return [t for li in element.iter("li") if (t := normalize_space(li.text_content()))]
    text = normalize_space(element.text_content())
    return [text] if text else []


def _key(text: str) -> str:
    """Text reduced to letters and digits, so trafilatura's and the DOM's spacing and
    quote handling compare equal."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def restore_structure(root, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the headings and lists of their block put back in place."""
    if len(paragraphs) < 2:
        return paragraphs
    position = {_key(p): i for i, p in enumerate(paragraphs)}
    matched = [
        element for element in root.iter("p", "div") if _key(element.text_content()) in position
    ]
    parents = Counter(e.getparent() for e in matched if e.getparent() is not None)
    if not parents:
        return paragraphs
    block, hits = parents.most_common(1)[0]
    if hits < 2:
        return paragraphs

    known = {_key(p) for p in paragraphs}
    insertions: dict[int, list[str]] = {}
    pending: list[str] = []
    last_index: int | None = None
    for child in block:
        if not isinstance(child.tag, str):
            continue
        key = _key(child.text_content())
        if key in position:
            if last_index is not None and pending:
                # Only what stands between two kept paragraphs is part of the story.
                insertions.setdefault(last_index, []).extend(pending)
            pending, last_index = [], position[key]
            continue
        if child.tag in _STRUCTURAL and _link_share(child) <= _MAX_LINK_SHARE:
            for line in _lines_of(child):
                if _key(line) not in known:
                    pending.append(line)
                    known.add(_key(line))
    result: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        result.append(paragraph)
        result.extend(insertions.get(index, []))
    return result
