"""Language of an article body.

langdetect is randomised; a fixed seed makes it give the same answer every run. It also
cannot tell Indonesian from Malay reliably (the two share most of their vocabulary), so a
"ms" verdict is read as Indonesian unless the page itself declares Malay: warta crawls
Indonesian sites, and an Indonesian page misread as Malay is the common case, while a
genuinely Malay page says so in its ``lang`` attribute.

langdetect is also slow (about a quarter of the CPU a crawl spends per page), and most
pages need no guessing: one that declares Indonesian and reads like it, judged by the
share of its words that are the commonest Indonesian function words, is taken at its
word. On Indonesian news bodies those words are a sixth of the text (at least 8.7 % on
every page of ``shared/eval``); in English, under 1 %.
"""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0

# Enough text for a stable verdict (several sentences); more only costs time.
_SAMPLE_CHARS = 1200
_WORD = re.compile(r"\w+")
_FUNCTION_WORDS = frozenset((
    "yang", "dan", "di", "dengan", "untuk", "dari", "ini", "itu", "dalam", "tidak",
    "akan", "pada", "juga", "ke", "karena", "oleh", "ada", "bahwa", "sebagai", "adalah",
))  # fmt: skip
# A page declaring Indonesian whose sample has at least this share of function words is
# Indonesian without asking langdetect.
_DECLARED_ID_SHARE = 0.08


def reads_indonesian(text: str) -> bool:
    """Whether ``text`` reads as Indonesian or Malay, judged by its commonest function
    words alone (no langdetect: cheap enough to ask before extraction)."""
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    return len(words) >= 5 and sum(w in _FUNCTION_WORDS for w in words) >= _DECLARED_ID_SHARE * len(
        words
    )


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``, cross-checked with the page's declared language."""
    sample = text[:_SAMPLE_CHARS]
    words = _WORD.findall(sample.lower())
    if len(words) < 5:
        return declared
    if declared == "id":
        function_words = sum(word in _FUNCTION_WORDS for word in words)
        if function_words >= _DECLARED_ID_SHARE * len(words):
            return "id"
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
