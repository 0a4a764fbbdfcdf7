"""Language of an article body.

langdetect is randomised; a fixed seed makes it give the same answer every run. It also
cannot tell Indonesian from Malay reliably (the two share most of their vocabulary), so a
"ms" verdict is read as Indonesian unless the page itself declares Malay: warta crawls
Indonesian sites, and an Indonesian page misread as Malay is the common case, while a
genuinely Malay page says so in its ``lang`` attribute.
"""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0

# Enough text for a stable verdict (several sentences); more only costs time.
_SAMPLE_CHARS = 1200


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``, cross-checked with the page's declared language."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample.split()) < 5:
        return declared
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
