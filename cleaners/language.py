"""Language of an article body.

langdetect is randomised; a fixed seed makes it give the same answer every run. It also
cannot tell Indonesian from Malay reliably (the two share most of their vocabulary), so a
"ms" verdict is read as Indonesian unless the page itself declares Malay: warta crawls
Indonesian sites, and an Indonesian page misread as Malay is the common case, while a
genuinely Malay page says so in its ``lang`` attribute.

langdetect is also slow (about a quarter of the CPU a crawl spends per page), and most
pages need no guessing: a text whose words are to a large share the commonest function
words of Indonesian, or of English, is that language. On Indonesian news bodies those
words are a sixth of the text (at least 8.7 % on every page of ``shared/eval``), in
English under 1 %; on English bodies the English ones are a quarter (median of the AEB
benchmark's English pages), in Indonesian and other languages under 5 %. Indonesian
function words are Malay ones too, so a page declaring Malay is always left to
langdetect.
"""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0

# Enough text for a stable verdict (several sentences); more only costs time.
_SAMPLE_CHARS = 1200
_WORD = re.compile(r"\w+")
_INDONESIAN_WORDS = frozenset((
    "yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "dalam", "tidak",
    "akan", "pada", "juga", "ke", "karena", "oleh", "ada", "bahwa", "sebagai", "adalah",
))  # fmt: skip
_ENGLISH_WORDS = frozenset((
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it",
    "on", "with", "as", "was", "by", "at", "be", "are", "this", "from",
))  # fmt: skip
# A sample with at least this share of a language's function words is that language
# without asking langdetect.
_INDONESIAN_SHARE = 0.08
_ENGLISH_SHARE = 0.15


def _share(words: list[str], function_words: frozenset[str]) -> float:
    return sum(word in function_words for word in words) / len(words)


def function_word_language(text: str) -> str | None:
    """The language, "id" or "en", whose commonest function words make a large share of
    ``text``; None (too short, or another language): a cheap check that two pieces of
    text are written in the same language."""
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    if len(words) < 5:
        return None
    if _share(words, _INDONESIAN_WORDS) >= _INDONESIAN_SHARE:
        return "id"
    if _share(words, _ENGLISH_WORDS) >= _ENGLISH_SHARE:
        return "en"
    return None


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``, cross-checked with the page's declared language."""
    sample = text[:_SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    if len(words) < 5:
        return declared
    if declared != "ms" and _share(words, _INDONESIAN_WORDS) >= _INDONESIAN_SHARE:
        return "id"
    if _share(words, _ENGLISH_WORDS) >= _ENGLISH_SHARE:
        return "en"
    try:
        guesses = detect_langs(sample)
    except LangDetectException:
        return declared
    best = guesses[0].lang
    if best == "ms" and declared != "ms":
        return "id"
    if best == "id" and declared == "ms":
        return "ms"
    return best
