"""Published and updated times: structured candidates, the visible date line, and the
rules in ``cleaners.dates.resolve`` that reconcile them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners import dates
from cleaners.dom import normalize_space
from cleaners.explain import Candidate, Trace
from cleaners.metadata import text_key
from cleaners.pagemeta import PageMeta, ld_text

_DATE_CLASS = re.compile(r"date|time|tanggal|publish|waktu|posted|meta|info|byline", re.I)
_MAX_DATE_LINE = 120
# Elements (in document order) around the headline where an unlabelled date line counts.
_NEAR_HEADLINE = 40
_HEADLINE_MAX_CHILDREN = 3
_HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "div", "span", "p", "strong"})
_PUBLISHED_NAMES = (
    "article:published_time", "og:published_time", "datepublished", "publishdate",
    "publish-date", "pubdate", "content_publisheddate", "dtk:publishdate", "date",
    "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date", "article:published",
)  # fmt: skip
_MODIFIED_NAMES = (
    "article:modified_time", "og:updated_time", "datemodified", "lastmod", "last-modified",
    "updatedate", "dtk:updatedate",
)  # fmt: skip


@dataclass(frozen=True)
class _Seen:
    stamp: dates.Stamp
    position: int  # document order, to measure the distance to the headline


def _visible_stamps(root, headline_position: int | None) -> list[_Seen]:
    """Indonesian date lines a reader sees: <time> elements, short elements classed as
    dates, and short lines right by the headline, in page order."""
    found: list[_Seen] = []
    for position, node in enumerate(root.iter()):
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "a", "head"):
            continue
        attributes = f"{node.get('class', '')} {node.get('id', '')}"
        near_headline = (
            headline_position is not None and abs(position - headline_position) <= _NEAR_HEADLINE
        )
        if node.tag != "time" and not near_headline and not _DATE_CLASS.search(attributes):
            continue
        text = normalize_space(node.text_content())
        if len(text) <= _MAX_DATE_LINE and (stamp := dates.parse_visible(text)):
            found.append(_Seen(stamp, position))
    return found


def _headline_position(root, title: str | None) -> int | None:
    """Where the headline stands in document order: the element showing exactly the
    title (an <h1> on most sites, an <h2> or a styled <div> on some), else the first <h1>."""
    title_key = text_key(title)
    first_h1 = None
    for position, node in enumerate(root.iter()):
        if not isinstance(node.tag, str) or node.tag in ("title", "script", "style", "meta"):
            continue
        if (
            node.tag in _HEADLINE_TAGS
            and title_key
            and len(node) <= _HEADLINE_MAX_CHILDREN  # a headline, not a container of one
            and text_key(node.text_content()) == title_key
        ):
            return position
        if node.tag == "h1" and first_h1 is None:
            first_h1 = position
    return first_h1


def _agrees(stamp: dates.Stamp, structured: dates.Stamp) -> bool:
    """Whether a visible stamp can be the structured time as the page shows it: the same
    day, or a day off when the structured time is labelled UTC."""
    slack = 1 if structured.utc_labelled else 0
    return abs((stamp.day - structured.day).days) <= slack


def _choose_visible(
    seen: list[_Seen], structured: dates.Stamp | None, headline_position: int | None
) -> dates.Stamp | None:
    """The visible stamp that belongs to this article, not a header widget showing today
    or a sidebar of other stories: on the structured day, naming its zone, nearest the
    headline, with a time if one has it."""
    if structured is not None:
        seen = [s for s in seen if _agrees(s.stamp, structured)]
    # An article's own date line names its zone (WIB...); list items seldom do.
    seen = sorted(
        seen,
        key=lambda s: (
            s.stamp.zone is None,
            abs(s.position - headline_position) if headline_position is not None else 0,
        ),
    )
    timed = [s for s in seen if s.stamp.clock is not None]
    chosen = (timed or seen or [None])[0]
    return chosen.stamp if chosen else None


def _structured(
    root, page: PageMeta, names: tuple[str, ...], ld_key: str
) -> tuple[dates.Stamp | None, str | None]:
    """The first machine-readable time among JSON-LD, meta tags and microdata, with the
    source that gave it."""
    values = [(f"json-ld:{ld_key}", ld_text(page.article_ld().get(ld_key)))]
    values += [(f"meta:{name}", page.first(name)) for name in names]
    # microdata: <time itemprop="datePublished" datetime="...">
    for node in root.xpath(f'//*[@itemprop="{ld_key}"]'):
        values.append((f"microdata:{ld_key}", node.get("datetime") or node.get("content")))
    for source, value in values:
        if value and (stamp := dates.parse_structured(value)):
            return stamp, source
    return None, None


def published_and_updated(
    root, page: PageMeta, title: str | None, trace: Trace | None = None
) -> tuple[str | None, str | None]:
    trace = trace or Trace()
    structured, structured_source = _structured(root, page, _PUBLISHED_NAMES, "datePublished")
    headline = _headline_position(root, title)
    visible = _choose_visible(_visible_stamps(root, headline), structured, headline)
    published = dates.resolve(structured, visible)
    candidates = []
    if structured is not None:
        candidates.append(Candidate(structured.iso(), structured_source))
    if visible is not None:
        candidates.append(Candidate(visible.iso(), "visible date line"))
    visible_wins = visible is not None and (visible.clock is not None or structured is None)
    trace.choose(
        "published",
        published,
        "visible date line" if visible_wins else structured_source,
        candidates,
    )
    modified, modified_source = _structured(root, page, _MODIFIED_NAMES, "dateModified")
    updated = None
    if modified is not None:
        # The visible line states the publication time, not the update: only its zone helps.
        zone_hint = dates.Stamp(modified.day, None, visible.zone) if visible else None
        updated = dates.resolve(modified, zone_hint)
    if updated == published:
        updated = None
    trace.choose("updated", updated, modified_source)
    return published, updated
