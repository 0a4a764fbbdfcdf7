"""The highlighted snippet of a search hit, cut from the article body here.

FTS5's own ``snippet()`` re-runs the whole match for the rows shown; for a prefix query
(``cuaca*``) that means merging every matching term's document list again, ten times
the cost of the search itself on a million articles; PostgreSQL's ``ts_headline``
parses the whole body, 0.8 ms a body, and would highlight by a stemmer of its own.
Both backends cut the snippet here instead, the same way.

The terms are roots (storage.tokens), so the first match is looked for in the body's
roots as stored in ``search_text``, where a regular expression finds it at C speed;
its position there, counted in words, is the position of the body word the snippet
starts from. Only the snippet's words are stemmed again, to bracket what matched:
``bangun`` brackets [membangun] and [pembangunan] as the reader wrote them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import islice

from storage.tokens import stems

# The body's words as storage.tokens splits them (before folding, so that their places
# in the original text are known).
_WORD = re.compile(r"[^\W_]+")

# A term to highlight: its roots (one, or a phrase's) and whether the last is a prefix.
Highlight = tuple[Sequence[str], bool]


def term_expression(words: Sequence[str], prefix: bool) -> str:
    """A regular expression for the term's roots in a row, in text of roots separated
    by spaces; its start is left to the caller (a word boundary, or a check of its own)."""
    tail = r"\w*" if prefix else r"\b"
    return r"\W+".join(map(re.escape, words)) + tail


def _pattern(terms: Sequence[Highlight]) -> re.Pattern | None:
    alternatives = [r"\b" + term_expression(words, prefix) for words, prefix in terms]
    return re.compile("|".join(alternatives)) if alternatives else None


def snippet(body: str, roots: str, terms: Sequence[Highlight], words: int = 16) -> str:
    """About ``words`` words of ``body`` around the first match, matches in [brackets];
    ``roots`` are the body's roots (the body part of ``search_text``)."""
    pattern = _pattern(terms)
    found = pattern.search(roots) if pattern else None
    anchor = roots.count(" ", 0, found.start()) if found else 0
    total = roots.count(" ") + 1 if roots else 0
    first = max(0, min(anchor - words // 4, total - words))
    window = list(islice(_WORD.finditer(body), first, first + words))
    if not window:  # fewer words than roots: a text that folding splits otherwise
        first, window = 0, list(islice(_WORD.finditer(body), words))
    if not window:
        return ""
    start, end = window[0].start(), window[-1].end()
    marks = _marks(window, pattern) if pattern else {}
    pieces, position = [], start
    for offset in sorted(marks):
        pieces += [body[position:offset], marks[offset]]
        position = offset
    pieces.append(body[position:end])
    lead = "…" if first else ""
    tail = "…" if _WORD.search(body, end) else ""
    return " ".join((lead + "".join(pieces) + tail).split())


def _marks(window: list[re.Match], pattern: re.Pattern) -> dict[int, str]:
    """Where in the body a bracket opens or closes, for each match among the window's
    words (stemmed again here: a few dozen words)."""
    starts, roots, length = [], [], 0
    for word in window:
        root = " ".join(stems(word.group()))
        starts.append(length)
        roots.append(root)
        length += len(root) + 1
    marks = {}
    for match in pattern.finditer(" ".join(roots)):
        if match.start() == match.end():
            continue
        first = bisect_right(starts, match.start()) - 1
        last = bisect_right(starts, match.end() - 1) - 1
        marks[window[first].start()] = "["
        marks[window[last].end()] = "]"
    return marks
