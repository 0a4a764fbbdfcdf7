"""SimHash fingerprints of article bodies, for finding the same story republished.

An agency story republished across a media group differs in its dateline, a sentence or
two and the credits; its SimHash differs in a few of 64 bits. Splitting the fingerprint
into four 16-bit bands means two fingerprints within three bits share at least one band
exactly (pigeonhole), so candidates come from an index lookup, not a scan; copies up to
six bits apart usually share one too (about nine in ten at four bits, six in ten at six).
Unrelated news stories lie twenty bits and more apart.
"""

from __future__ import annotations

import hashlib
import re

BANDS = 4
BAND_BITS = 16
# Two bodies whose fingerprints differ in at most this many bits are the same story.
MAX_DISTANCE = 6
# Below this many words a fingerprint says little; short pages are not compared. Above
# 4000 shingles a 12-bit counter slot could overflow; no news article comes near that.
MIN_WORDS = 50
_MAX_SHINGLES = 4000
_SHINGLE = 3
_WORD = re.compile(r"\w+")


# Each of a byte's 8 bits moved to its own 12-bit slot, so that adding these numbers
# counts, for all 8 bit positions at once, how many hashes have the bit set.
_SLOT = 12
_SPREAD = [sum(((byte >> bit) & 1) << (_SLOT * bit) for bit in range(8)) for byte in range(256)]
_SLOT_MASK = (1 << _SLOT) - 1


def _shingle_digests(text: str) -> bytes:
    """8-byte hashes of the body's word 3-grams, concatenated."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}
    shingles = sorted(shingles)[:_MAX_SHINGLES] if len(shingles) > _MAX_SHINGLES else shingles
    return b"".join(hashlib.blake2b(s.encode(), digest_size=8).digest() for s in shingles)


def story_text(body: str, dateline: str | None) -> str:
    """The body without its dateline lead ("JAKARTA, KOMPAS.com -"), which is exactly what
    differs between copies of one agency story on different sites."""
    if dateline and body.startswith(dateline):
        return body[len(dateline) :].lstrip(" -–—:,")
    return body


def simhash(text: str) -> int | None:
    """The 64-bit SimHash of ``text`` as a signed integer (it fits a BIGINT), or None
    for text too short to fingerprint."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    digests = _shingle_digests(text)
    count = len(digests) // 8
    value = 0
    for byte_index in range(8):
        # digests[i::8] is byte i of every hash: the bit counts of 8 positions at once.
        totals = sum(map(_SPREAD.__getitem__, digests[byte_index::8]))
        for bit in range(8):
            if 2 * ((totals >> (_SLOT * bit)) & _SLOT_MASK) > count:
                value |= 1 << (8 * (7 - byte_index) + bit)
    return value - (1 << 64) if value >= 1 << 63 else value


def bands(fingerprint: int) -> list[int]:
    unsigned = fingerprint & ((1 << 64) - 1)
    mask = (1 << BAND_BITS) - 1
    return [(unsigned >> (BAND_BITS * band)) & mask for band in range(BANDS)]


def distance(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()
