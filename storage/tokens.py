"""The words search sees: one tokenizer and one Indonesian stemmer for index and query.

Both backends index the same derived text, ``articles.search_text``, written by the
store: the title's and the body's words lower-cased, diacritics dropped, split into
runs of letters and digits, and each word replaced by its root (PySastrawi, the
Nazief-Adriani stemmer with its dictionary of Indonesian roots). FTS5 on SQLite and a
``simple`` tsvector on PostgreSQL only split that text on spaces, so they hold the same
tokens; a query's words go through :func:`stems` too. Hence ``membangun`` and
``pembangunan`` are both ``bangun``, and ``40.000``, ``08.00`` or ``12/8/2024`` are
the token sequences ``40 000``, ``08 00`` and ``12 8 2024`` in the index and in a query
alike (a query word with inner punctuation is searched as that phrase).

Stemming a word PySastrawi has not seen costs some 110 µs; news has a small vocabulary,
so every word is stemmed once per process and then looked up in a dict (a few tens of
nanoseconds a word, see :func:`search_text`).
"""

from __future__ import annotations

import re
import unicodedata

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

# A word is a run of letters and digits (not "_"), no longer than PostgreSQL indexes a
# word (2047 bytes; 255 characters of up to four bytes stay below): a longer run is no
# word anyone searches, and leaving it out on both backends keeps them alike.
_LONGEST = 255
_TOKEN = re.compile(rf"(?<![^\W_])[^\W_]{{1,{_LONGEST}}}(?![^\W_])")
# Punctuation and symbols of ASCII, Latin-1 and General Punctuation (quotes, dashes,
# no-break space) become spaces, so that most texts are then split by str.split: four
# times faster than the regular expression, which is left for the other scripts.
_SEPARATORS = {
    code: " "
    for block in (range(0x80), range(0xA0, 0xC0), range(0x2000, 0x2070))
    for code in block
    if not chr(code).isalnum()
}
# The combining marks NFKD splits from Latin letters: é -> e, ñ -> n.
_DIACRITICS = dict.fromkeys(range(0x300, 0x370))
# Words kept stemmed in memory before the cache starts over; some 30 MB when full.
_CACHE_WORDS = 200_000
# Between a title's tokens and the body's in ``search_text``.
TITLE_END = "\n"


def words(text: str) -> list[str]:
    """The words of ``text`` in order, lower-cased and without diacritics, not stemmed."""
    text = text.lower().translate(_SEPARATORS)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).lower().translate(_DIACRITICS)
        if not text.isascii():
            return _TOKEN.findall(text)
    found = text.split()
    if found and max(map(len, found)) > _LONGEST:
        return [word for word in found if len(word) <= _LONGEST]
    return found


class _Stems(dict[str, str]):
    """Word -> root, filled on first use. A dict subclass rather than ``lru_cache``:
    ``map(stems.__getitem__, words)`` runs its hits in C, five times faster."""

    def __init__(self) -> None:
        super().__init__()
        self._stemmer = StemmerFactory().create_stemmer().delegatedStemmer

    def __missing__(self, word: str) -> str:
        if len(self) >= _CACHE_WORDS:
            self.clear()
        # Numbers, codes and words with digits have no affixes to strip.
        root = self._stemmer.stem_word(word) if word.isalpha() else word
        self[word] = root
        return root


_STEMS = _Stems()


def stem(word: str) -> str:
    """The root of one word as :func:`words` gives it (``pembangunan`` -> ``bangun``)."""
    return _STEMS[word]


def stems(text: str) -> list[str]:
    """The roots of the words of ``text``, in order."""
    return list(map(_STEMS.__getitem__, words(text)))


def search_text(title: str, body: str) -> str:
    """What the full-text index holds for an article: the title's roots, a line break,
    the body's roots, each separated by one space."""
    return " ".join(stems(title)) + TITLE_END + " ".join(stems(body))


def split_search_text(text: str) -> tuple[str, str]:
    """The title's and the body's roots in a ``search_text``."""
    title, _, body = text.partition(TITLE_END)
    return title, body
