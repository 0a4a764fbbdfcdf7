"""The highlighted snippet of a search hit, cut from the article body here.

FTS5's own ``snippet()`` re-runs the whole match for the rows shown; for a prefix query
(``cuaca*``) that means merging every matching term's document list again, ten times
the cost of the search itself on a million articles. Cutting twenty bodies with one
regular expression costs about a millisecond. Words match as the index tokenizes them:
whole runs of letters and digits, without regard to case.

PostgreSQL highlights with its own stemmer (``ts_headline``), but parses the whole text
it is given: 0.8 ms a body, most of a search's time. It is given only the stretch of
the body around the first word found here as typed (:func:`stretch`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

_WORD = re.compile(r"\w+")

# A term to highlight: its words (one, or a phrase's) and whether the last is a prefix.
Highlight = tuple[Sequence[str], bool]


def term_expression(words: Sequence[str], prefix: bool) -> str:
    """A regular expression for the term's words in a row, as the index tokenizes them;
    its start is left to the caller (a word boundary, or a check of its own)."""
    tail = r"\w*" if prefix else r"\b"
    return r"\W+".join(map(re.escape, words)) + tail


def _pattern(terms: Sequence[Highlight]) -> re.Pattern | None:
    alternatives = [r"\b" + term_expression(words, prefix) for words, prefix in terms]
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def stretch(body: str, terms: Sequence[Highlight], chars: int = 400) -> str:
    """The whole words of ``body`` within ``chars`` characters of the first match, or
    all of it when no term is found as typed (a stemmed form may still match there)."""
    pattern = _pattern(terms)
    found = pattern.search(body) if pattern else None
    if found is None:
        return body
    low, high = max(0, found.start() - chars), found.end() + chars
    start = body.find(" ", low) + 1 if low else 0
    end = body.rfind(" ", 0, high) if high < len(body) else len(body)
    return body[start:end] if start <= found.start() and end >= found.end() else body


def snippet(body: str, terms: Sequence[Highlight], words: int = 16) -> str:
    """About ``words`` words of ``body`` around the first match, matches in [brackets]."""
    pattern = _pattern(terms)
    found = pattern.search(body) if pattern else None
    anchor = found.start() if found else 0
    # Only the stretch around the match is split into words: ~12 characters a word.
    low = max(0, anchor - 12 * words)
    stretch = body[low : anchor + 24 * words]
    tokens = list(_WORD.finditer(stretch))
    if low and tokens and tokens[0].start() == 0:
        tokens = tokens[1:]  # a word cut in two by the stretch's start
    if not tokens:
        return ""
    first = bisect_right([t.start() for t in tokens], anchor - low) - 1
    start = max(0, min(first - words // 4, len(tokens) - words))
    end = min(start + words, len(tokens)) - 1
    text = stretch[tokens[start].start() : tokens[end].end()]
    if pattern:
        text = pattern.sub(lambda match: f"[{match.group()}]", text)
    lead = "…" if low + tokens[start].start() > 0 else ""
    tail = "…" if _WORD.search(body, low + tokens[end].end()) else ""
    return " ".join((lead + text + tail).split())
