"""Inferring a site's article-URL pattern from URLs known to be articles.

`warta sites probe` writes a profile for a site it has only seen once; the pattern it
writes must take tomorrow's articles too, so it is built from the *shape* of the
article URLs seen, never from their text: each path segment is read as a date part, a
numeric id, a slug (hyphenated words), an id glued to a slug, or a word (a section or
a constant prefix such as ``/read/``). URLs of the same shape make one alternative of
the pattern; a position whose words vary (``/news/``, ``/bisnis/``) becomes "any word",
a constant one stays literal, ids become "at least this many digits" and slugs "at
least this many words", so that a static page (``/pedoman-media-siber/``) or a pager
(``/page/2/``) of the same depth is still refused. The pattern is then measured against
links known not to be articles, and what it wrongly takes is excluded by its first
segment (``/video/``) when no article shares it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# A slug needs at most this many words in the pattern: Indonesian headlines are long, and
# static pages ("pedoman-media-siber", "tentang-kami") have three words or fewer.
SLUG_WORDS_REQUIRED = 4
# Digits an id loses from the shortest one seen: ids grow, older ones are a digit shorter.
ID_SLACK = 1
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH_OR_DAY = re.compile(r"\d{1,2}")
_ID = re.compile(r"\d+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_SLUG = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+")
# An id glued to a slug has 4+ digits in front ("279003-judul") or 5+ behind
# ("judul-123456"): fewer are a number of the headline ("10-tips-...", "...-tahun-2024").
_ID_SLUG = re.compile(r"(?P<id>\d{4,})[-_](?P<slug>[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*)")
_SLUG_ID = re.compile(r"(?P<slug>[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*?)[-_](?P<id>\d{5,})")
_EXTENSION = re.compile(r"\.(?:html?|php|aspx?)$", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """One path segment read for its shape: ``kind`` is year, month, day, id, slug,
    id-slug, slug-id, word or other; ``text`` the segment without its extension."""

    kind: str
    text: str


@dataclass(frozen=True)
class Shape:
    """The shape of a URL path: its segments' kinds, the page extension of the last
    segment (``.html``) and whether it ends with a slash."""

    kinds: tuple[str, ...]
    extension: str
    slash: bool


def read_path(path: str) -> tuple[Shape, list[Segment]]:
    """A path's shape and segments. A year followed by a month (and a day) is a date;
    any other run of digits an id."""
    raw = [s for s in path.split("/") if s]
    extension = ""
    if raw and (found := _EXTENSION.search(raw[-1])):
        extension = found.group(0).lower()
        raw[-1] = raw[-1][: found.start()]
    segments = [_segment(text) for text in raw]
    for index in range(len(segments) - 1):
        if _is_date_start(raw, index):
            segments[index] = Segment("year", raw[index])
            segments[index + 1] = Segment("month", raw[index + 1])
            if index + 2 < len(raw) and _day_like(raw[index + 2]):
                segments[index + 2] = Segment("day", raw[index + 2])
    slash = path.endswith("/") and bool(raw)
    return Shape(tuple(s.kind for s in segments), extension, slash), segments


def _is_date_start(raw: list[str], index: int) -> bool:
    month = raw[index + 1]
    return (
        _YEAR.fullmatch(raw[index]) is not None
        and _MONTH_OR_DAY.fullmatch(month) is not None
        and 1 <= int(month) <= 12
    )


def _day_like(text: str) -> bool:
    return _MONTH_OR_DAY.fullmatch(text) is not None and 1 <= int(text) <= 31


def _segment(text: str) -> Segment:
    for kind, pattern in (
        ("id", _ID),
        ("id-slug", _ID_SLUG),
        ("slug-id", _SLUG_ID),
        ("slug", _SLUG),
        ("word", _WORD),
    ):
        if pattern.fullmatch(text):
            return Segment(kind, text)
    return Segment("other", text)


def _words(slug: str) -> int:
    return len([w for w in re.split(r"[-_]+", slug) if w])


def _letters(texts: list[str]) -> str:
    """The character class of the words of ``texts``: upper case only where seen."""
    return "[A-Za-z0-9]" if any(t != t.lower() for t in texts) else "[a-z0-9]"


def _slug_regex(texts: list[str]) -> tuple[str, int]:
    """A regex for slugs of at least as many words as the shortest seen (at most
    ``SLUG_WORDS_REQUIRED``), and that number."""
    least = min(min(_words(t) for t in texts), SLUG_WORDS_REQUIRED)
    letters = _letters(texts)
    separator = "[-_]" if any("_" in t for t in texts) else "-"
    if least <= 1:
        return f"{letters}+(?:{separator}{letters}+)*", 1
    return f"{letters}+(?:{separator}{letters}+){{{least - 1},}}", least


def _id_regex(texts: list[str]) -> tuple[str, int]:
    least = max(1, min(len(t) for t in texts) - ID_SLACK)
    return (r"\d+" if least == 1 else rf"\d{{{least},}}"), least


@dataclass(frozen=True)
class Part:
    """The regex of one position of a shape and why it is written so."""

    regex: str
    why: str


def _part(kind: str, texts: list[str], sections: frozenset[str]) -> Part:
    """One position's regex from every text seen there."""
    if kind == "year":
        return Part(r"\d{4}", "a year")
    if kind in ("month", "day"):
        padded = all(len(t) == 2 for t in texts)
        return Part(r"\d{2}" if padded else r"\d{1,2}", f"a {kind}")
    if kind == "id":
        regex, least = _id_regex(texts)
        return Part(regex, f"a numeric id ({least}+ digits)")
    if kind == "slug":
        regex, least = _slug_regex(texts)
        return Part(regex, f"a slug of {least}+ words")
    if kind in ("id-slug", "slug-id"):
        ids = [m["id"] for m in (_match(kind, t) for t in texts)]
        slugs = [m["slug"] for m in (_match(kind, t) for t in texts)]
        id_regex, digits = _id_regex(ids)
        slug_regex, _ = _slug_regex(slugs)
        glued = f"{id_regex}-{slug_regex}" if kind == "id-slug" else f"{slug_regex}-{id_regex}"
        return Part(glued, f"a numeric id ({digits}+ digits) joined to a slug")
    distinct = sorted(set(texts))
    varies = len(distinct) > 1 or (distinct[0].lower() in sections and len(sections) > 1)
    if kind == "word" and varies:
        shown = ", ".join(distinct[:5]) + (", ..." if len(distinct) > 5 else "")
        return Part(f"{_letters(texts)}[a-z0-9_-]*", f"a section ({shown}): any word")
    if not varies:
        return Part(re.escape(distinct[0]), f"always {distinct[0]!r}")
    return Part("[^/]+", "varying text")


def _match(kind: str, text: str) -> re.Match:
    found = (_ID_SLUG if kind == "id-slug" else _SLUG_ID).fullmatch(text)
    assert found is not None  # the segment was given this kind by the same regex
    return found


@dataclass(frozen=True)
class Alternative:
    """One shape of article URL: its regex, how many URLs it was built from, and why."""

    regex: str
    support: int
    reasons: tuple[str, ...]
    example: str


@dataclass
class Inference:
    """The inferred pattern, the exclusions it needs, and how it was reached."""

    alternatives: list[Alternative] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    # Evidence URLs no alternative was built for: shapes seen too rarely to trust.
    outliers: list[str] = field(default_factory=list)

    @property
    def pattern(self) -> str:
        if not self.alternatives:
            return ""
        if len(self.alternatives) == 1:
            return self.alternatives[0].regex
        return "^(?:" + "|".join(a.regex.removeprefix("^") for a in self.alternatives) + ")"

    def takes(self, url: str) -> bool:
        """Whether the pattern and its exclusions take ``url`` (path and query)."""
        target = _target(url)
        if any(re.search(pattern, target) for pattern in self.exclude):
            return False
        return bool(self.pattern) and re.search(self.pattern, target) is not None


def _target(url: str) -> str:
    """What a profile's regexes are matched against: the path, with its query."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _alternative(
    shape: Shape, paths: list[list[Segment]], sections: frozenset[str], example: str
) -> Alternative:
    parts = [
        _part(kind, [segments[i].text for segments in paths], sections)
        for i, kind in enumerate(shape.kinds)
    ]
    regex = "^" + "".join(f"/{p.regex}" for p in parts)
    reasons = [f"/{p.regex}: {p.why}" for p in parts]
    if shape.extension:
        regex += re.escape(shape.extension)
        reasons.append(f"ends with {shape.extension}")
    regex += "/" if shape.slash else ""
    regex += "(?:\\?|$)" if _has_query(example) else "$"
    reasons.append("ends with a slash" if shape.slash else "ends there")
    return Alternative(regex, len(paths), tuple(reasons), example)


def _has_query(url: str) -> bool:
    return bool(urlsplit(url).query)


def _min_support(total: int) -> int:
    """The URLs a shape needs to become part of the pattern: two, or one in twenty of
    the evidence, so that one odd URL in a sitemap does not widen the pattern."""
    return 1 if total < 3 else max(2, total // 20)


def infer_pattern(
    articles: list[str], non_articles: list[str], sections: frozenset[str] = frozenset()
) -> Inference:
    """The pattern the ``articles`` URLs share, refusing as many ``non_articles`` as it
    can; ``sections`` are the first path words of the site's section pages, which mark a
    constant first word as one section among several."""
    by_shape: dict[Shape, list[tuple[str, list[Segment]]]] = {}
    for url in dict.fromkeys(articles):
        shape, segments = read_path(urlsplit(url).path)
        if shape.kinds:
            by_shape.setdefault(shape, []).append((url, segments))
    inference = Inference()
    least = _min_support(sum(len(v) for v in by_shape.values()))
    for shape, seen in sorted(by_shape.items(), key=lambda item: -len(item[1])):
        if len(seen) < least:
            inference.outliers += [url for url, _ in seen]
            continue
        inference.alternatives.append(
            _alternative(shape, [segments for _, segments in seen], sections, seen[0][0])
        )
    inference.exclude = _exclusions(inference, articles, non_articles)
    return inference


def _first_segment(url: str) -> str:
    return next((s for s in urlsplit(url).path.split("/") if s), "")


def _exclusions(inference: Inference, articles: list[str], non_articles: list[str]) -> list[str]:
    """``^/(?:video|foto)/`` for the first segments of the non-articles the pattern
    takes, where no article URL begins with the same segment."""
    article_firsts = {_first_segment(u) for u in articles}
    wrong = sorted(
        {
            first
            for url in non_articles
            if inference.takes(url)
            and (first := _first_segment(url))
            and first not in article_firsts
            and _WORD.fullmatch(first)
        }
    )
    return [f"^/(?:{'|'.join(re.escape(w) for w in wrong)})/"] if wrong else []
