"""BM25 for SQLite's search candidates, scored here rather than by FTS5's ``bm25()``.

FTS5's ``bm25()`` first counts, for every phrase of the query, how many rows of the
whole index contain it: it reads the phrase's entire document list, whatever LIMIT
the query has. On a million articles that count was most of a search's time: a word
in three articles of four took 29 ms (median), a phrase of two common words 45 ms,
that word without another 46 ms; scored here, 7-8 ms each. The score of a few hundred
candidates needs far less:

- how often each term occurs in a candidate's title and body, counted here in their
  roots as the index holds them (``search_text``, see storage.tokens), title hits
  weighted ``TITLE_WEIGHT`` times: some 2 ms a term for three hundred bodies;
- the candidate's length (its stored word count and its title's words) against the
  candidates' mean;
- each term's inverse document frequency, which only matters when the query has more
  than one term (it weighs them against each other), and is then estimated from the
  newest ``IDF_SAMPLE`` articles: a count bounded by the sample, not by the index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from storage.snippets import Highlight, term_expression

TITLE_WEIGHT = 10.0
IDF_SAMPLE = 20_000
# FTS5's own constants, so rankings read as they did.
_K1, _B = 1.2, 0.75


def idf(sample_size: int, matches: int) -> float:
    """BM25's inverse document frequency, never below FTS5's floor of 1e-6."""
    value = math.log((sample_size - matches + 0.5) / (matches + 0.5))
    return max(value, 1e-6)


def _term_pattern(words: Sequence[str], prefix: bool) -> re.Pattern:
    """Matches the term in text of roots. It starts with the literal word, with no
    ``\\b`` before it, so the regex engine can look for that word at C speed (eight
    times faster); :func:`_count` checks what precedes each match instead."""
    return re.compile(term_expression(words, prefix))


def _count(pattern: re.Pattern, text: str) -> int:
    starts = (match.start() for match in pattern.finditer(text))
    return sum(1 for start in starts if not start or not text[start - 1].isalnum())


def bm25(
    texts: Sequence[tuple[int, str, str, int]],
    terms: Sequence[Highlight],
    weights: Sequence[float],
) -> dict[int, float]:
    """The score of each ``(id, title roots, body roots, body word count)``, higher is
    better; ``weights`` are the terms' inverse document frequencies, in the order of
    ``terms``."""
    patterns = [_term_pattern(words, prefix) for words, prefix in terms]
    lengths = {i: word_count + title.count(" ") + 1 for i, title, _, word_count in texts}
    mean_length = sum(lengths.values()) / len(lengths) if lengths else 1.0
    scores = {}
    for article_id, title, body, _ in texts:
        norm = _K1 * (1 - _B + _B * lengths[article_id] / mean_length)
        score = 0.0
        for pattern, weight in zip(patterns, weights, strict=True):
            hits = TITLE_WEIGHT * _count(pattern, title) + _count(pattern, body)
            score += weight * hits * (_K1 + 1) / (hits + norm)
        scores[article_id] = score
    return scores
