"""Published and updated times: structured candidates, stamps on elements, the visible
date line, and the rules in ``cleaners.dates.resolve`` that reconcile them.

Every candidate is normalised to a ``dates.Stamp`` the same way, and the one chosen must
agree with the others: the visible date line by the headline is what readers see, so a
structured time on another day, or a date far from the headline (a sidebar of other
stories), loses, and the trace says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from htmldate import find_date
from lxml import etree

from cleaners import dates
from cleaners.dom import ClassPattern, normalize_space
from cleaners.explain import Candidate, Trace
from cleaners.metadata import has_text_key, text_key
from cleaners.pagemeta import PageMeta, ld_text
from cleaners.rules import Rule

BLOGGER_ABBR_STAMP = Rule(
    name="blogger-abbr-stamp",
    stage="published",
    why="Blogger templates and other hAtom themes state the post's time only in "
    "<abbr class='published' title='2024-05-04T10:15:00+08:00'>, with its offset, while "
    "the text shows a bare clock ('10:15 AM').",
)
TIME_DATETIME_STAMP = Rule(
    name="time-datetime-stamp",
    stage="published",
    why="WordPress themes and custom CMSs put the full time with its offset in "
    "<time datetime='...'> or a data-date/data-published attribute and show only the "
    "day ('4 Mei 2024') as text.",
)
SIDEBAR_FAR_FROM_HEADLINE = Rule(
    name="sidebar-date-far-from-headline",
    stage="published",
    why="Regional portals list other stories with their times ('Terpopuler', 'Berita "
    "Terkini') in sidebars; when a date stands near the headline, dates far from it "
    "belong to those lists and not to the article.",
)
HTMLDATE_FALLBACK = Rule(
    name="htmldate-fallback",
    stage="published",
    why="Pages of unknown CMSs with no structured time and no date line we can read "
    "often still give the day in URLs or odd markup, which htmldate (bundled with "
    "trafilatura) finds; it only speaks when every other source is silent.",
)

_DATE_CLASS = ClassPattern(r"date|time|tanggal|publish|waktu|posted|meta|info|byline")
_PUBLISHED_CLASS = re.compile(r"\bpublished\b")
_UPDATED_CLASS = re.compile(r"updated|modified|diperbarui|edited", re.I)
_STAMP_DATA = ("data-published", "data-publish-date", "data-date-published", "data-date")
_STAMP_DATA_SET = frozenset(_STAMP_DATA)
# Selected in C: the Python loop reads the elements that <time> or a class or id may
# mark as a date line, not every element of the page.
_TIMED_OR_MARKED = etree.XPath("descendant-or-self::*[self::time or @class or @id]")
_MAX_DATE_LINE = 120
# How much of a text is folded first to tell whether it can be a date line at all.
_LONG_TEXT = 4 * _MAX_DATE_LINE
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
    source: str = "visible date line"


@dataclass(frozen=True)
class _Order:
    """The page's nodes in document order and each one's position: read in one walk and
    shared by the readers that measure how far a date stands from the headline."""

    nodes: list
    positions: dict

    @classmethod
    def of(cls, root) -> _Order:
        nodes = list(root.iter())
        return cls(nodes, {node: position for position, node in enumerate(nodes)})


def _visible_stamps(root, order: _Order, headline_position: int | None) -> list[_Seen]:
    """Date lines a reader sees: <time> elements, short elements classed as dates, and
    short lines right by the headline, in page order."""
    by_headline = []
    if headline_position is not None:
        start = max(headline_position - _NEAR_HEADLINE, 0)
        by_headline = order.nodes[start : headline_position + _NEAR_HEADLINE + 1]
    candidates = {order.positions[node]: node for node in _TIMED_OR_MARKED(root)}
    candidates.update((order.positions[node], node) for node in by_headline)
    found: list[_Seen] = []
    for position, node in sorted(candidates.items()):
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "a", "head"):
            continue
        attributes = f"{node.get('class', '')} {node.get('id', '')}"
        near = _near(position, headline_position)
        if node.tag != "time" and not near and not _DATE_CLASS.search(attributes):
            continue
        text = _short_text(node)
        if text is not None and (stamp := dates.parse_visible(text)):
            found.append(_Seen(stamp, position))
    return found


def _short_text(node) -> str | None:
    """The node's text, white space folded, when it is short enough for a date line.

    Blocks by the headline include the story's wrapper: a long text shows itself in its
    first characters (folding white space never makes a text shorter than its
    beginning's), so it is not folded whole."""
    text = node.text_content()
    folded = normalize_space(text[:_LONG_TEXT])
    if len(text) > _LONG_TEXT and len(folded) <= _MAX_DATE_LINE:
        folded = normalize_space(text)
    return folded if len(folded) <= _MAX_DATE_LINE else None


def _near(position: int, headline_position: int | None) -> bool:
    return headline_position is not None and abs(position - headline_position) <= _NEAR_HEADLINE


def _element_value(node) -> tuple[str | None, str | None]:
    """The publication time an element carries in an attribute, with the name of the
    markup that gave it. Only publication: themes mark the publication time "updated" too
    (hAtom requires an updated entry), so such marks cannot tell an update apart."""
    classes = node.get("class", "")
    marked_published = bool(_PUBLISHED_CLASS.search(classes))
    if node.tag == "abbr" and BLOGGER_ABBR_STAMP.enabled and marked_published:
        return node.get("title"), "abbr.published"
    if not TIME_DATETIME_STAMP.enabled:
        return None, None
    # WordPress marks an unmodified post's <time> "published updated": published wins.
    published = marked_published or not _UPDATED_CLASS.search(classes)
    if node.tag == "time" and node.get("datetime") and published:
        return node.get("datetime"), "time[datetime]"
    for name in _STAMP_DATA:
        if node.get(name):
            return node.get(name), name
    return None, None


def _element_stamps(root, order: _Order) -> list[_Seen]:
    """Times stated in attributes (abbr title, <time datetime>, data-*), in page order."""
    found: list[_Seen] = []
    for node in order.nodes:
        if node.tag not in ("abbr", "time") and _STAMP_DATA_SET.isdisjoint(node.keys()):
            continue  # the common case, decided without reading any attribute's value
        if node.tag in ("script", "style", "head"):
            continue
        value, source = _element_value(node)
        if value and (stamp := dates.parse_structured(value)):
            found.append(_Seen(stamp, order.positions[node], source))
    return found


def _nearest(seen: list[_Seen], headline_position: int | None) -> _Seen | None:
    """The stamp closest to the headline (the first one when there is no headline)."""
    if not seen:
        return None
    if headline_position is None:
        return seen[0]
    return min(seen, key=lambda s: abs(s.position - headline_position))


def _headline_position(root, order: _Order, title: str | None) -> int | None:
    """Where the headline stands in document order: the element showing exactly the
    title (an <h1> on most sites, an <h2> or a styled <div> on some), else the first <h1>."""
    title_key = text_key(title)
    if title_key:
        for node in root.iter(*_HEADLINE_TAGS):
            # a headline, not a container of one
            if len(node) <= _HEADLINE_MAX_CHILDREN and has_text_key(node.text_content(), title_key):
                return order.positions[node]
    first_h1 = next(root.iter("h1"), None)
    return order.positions[first_h1] if first_h1 is not None else None


def _agrees(stamp: dates.Stamp, structured: dates.Stamp) -> bool:
    """Whether a visible stamp can be the structured time as the page shows it: the same
    day, or a day off when the structured time is labelled UTC."""
    slack = 1 if structured.utc_labelled else 0
    return abs((stamp.day - structured.day).days) <= slack


def _visible_order(seen: _Seen, headline_position: int | None) -> tuple:
    """Sort key: near the headline first (when that rule is on), then a line naming its
    zone (an article's own date line does, list items seldom), then by distance."""
    far = SIDEBAR_FAR_FROM_HEADLINE.enabled and not _near(seen.position, headline_position)
    distance = abs(seen.position - headline_position) if headline_position is not None else 0
    return (far, seen.stamp.zone is None, distance)


def _choose_visible(
    seen: list[_Seen],
    structured: dates.Stamp | None,
    headline_position: int | None,
    rejected: list[Candidate],
) -> dates.Stamp | None:
    """The visible stamp that belongs to this article, not a header widget showing today
    or a sidebar of other stories: on the structured day, near the headline, naming its
    zone, with a time if one has it. Losers are added to ``rejected`` with the reason."""
    kept = []
    for s in seen:
        if structured is not None and not _agrees(s.stamp, structured):
            rejected.append(_rejected(s, "another day than the structured time"))
        else:
            kept.append(s)
    kept.sort(key=lambda s: _visible_order(s, headline_position))
    if kept and SIDEBAR_FAR_FROM_HEADLINE.enabled:
        kept = _without_sidebar(kept, headline_position, rejected)
    timed = [s for s in kept if s.stamp.clock is not None]
    chosen = (timed or kept or [None])[0]
    return chosen.stamp if chosen else None


def _without_sidebar(
    ordered: list[_Seen], headline_position: int | None, rejected: list[Candidate]
) -> list[_Seen]:
    """Drop the dates far from the headline that the date line by it contradicts: on
    another day, or any time at all when that line states its own clock. A far date on the
    same day may still give the clock a bare date line lacks (a photo page's caption)."""
    near = [s for s in ordered if _near(s.position, headline_position)]
    if not near:
        return ordered
    own = near[0].stamp
    kept = []
    for s in ordered:
        if s in near:
            kept.append(s)
        elif s.stamp.day != own.day or own.clock is not None:
            rejected.append(_rejected(s, "sidebar: far from the headline"))
        else:
            kept.append(s)
    return kept


def _rejected(seen: _Seen, reason: str) -> Candidate:
    return Candidate(seen.stamp.iso(), seen.source, reason)


def _structured(
    root, page: PageMeta, names: tuple[str, ...], ld_key: str
) -> list[tuple[dates.Stamp, str]]:
    """The machine-readable times among JSON-LD, meta tags and microdata, in order of
    trust, each with the source that gave it."""
    values = [(f"json-ld:{ld_key}", ld_text(page.article_ld().get(ld_key)))]
    values += [(f"meta:{name}", page.first(name)) for name in names]
    # microdata: <time itemprop="datePublished" datetime="...">
    for node in root.xpath(f'//*[@itemprop="{ld_key}"]'):
        values.append((f"microdata:{ld_key}", node.get("datetime") or node.get("content")))
    found = []
    for source, value in values:
        if value and (stamp := dates.parse_structured(value)):
            found.append((stamp, source))
    return found


def _contradicted_utc(
    structured: dates.Stamp, seen: list[_Seen], headline_position: int | None
) -> _Seen | None:
    """A timed date line by the headline that a UTC-labelled structured time does not
    agree with: the label (or the value) is wrong, the date line readers see is not."""
    if not (dates.UTC_STAMP_AGAINST_DATE_LINE.enabled and structured.utc_labelled):
        return None
    by_headline = [
        s for s in seen if s.stamp.clock is not None and _near(s.position, headline_position)
    ]
    if not by_headline or any(_agrees(s.stamp, structured) for s in by_headline):
        return None
    return _nearest(by_headline, headline_position)


def _published_sources(
    root, page: PageMeta, order: _Order, headline: int | None, candidates: list[Candidate]
) -> tuple[dates.Stamp | None, str | None, list[_Seen]]:
    """The structured time to trust for the publication (with its source) and the
    visible stamps to check it against; the candidates passed over go to ``candidates``."""
    found = _structured(root, page, _PUBLISHED_NAMES, "datePublished")
    element = _nearest(_element_stamps(root, order), headline)
    if element is not None:
        found.append((element.stamp, element.source))
    seen = _visible_stamps(root, order, headline)
    structured, source = found[0] if found else (None, None)
    for stamp, other in found[1:]:
        reason = None if stamp.day == structured.day else f"another day than {source}"
        candidates.append(Candidate(stamp.iso(), other, reason))
    if structured is not None and _contradicted_utc(structured, seen, headline) is not None:
        candidates.append(
            Candidate(
                structured.iso(), source, "labelled UTC, another day than the visible date line"
            )
        )
        structured, source = None, None
    return structured, source, seen


def _htmldate_day(root, url: str | None) -> str | None:
    """The publication day htmldate finds, without its slow extensive search."""
    if not HTMLDATE_FALLBACK.enabled:
        return None
    return find_date(root, extensive_search=False, original_date=True, url=url)


def published_and_updated(
    root, page: PageMeta, title: str | None, trace: Trace | None = None, url: str | None = None
) -> tuple[str | None, str | None]:
    trace = trace or Trace()
    candidates: list[Candidate] = []
    order = _Order.of(root)
    headline = _headline_position(root, order, title)
    structured, structured_source, seen = _published_sources(
        root, page, order, headline, candidates
    )
    visible = _choose_visible(seen, structured, headline, candidates)
    published = dates.resolve(structured, visible)
    if structured is not None:
        candidates.insert(0, Candidate(structured.iso(), structured_source))
    if visible is not None:
        candidates.append(Candidate(visible.iso(), "visible date line"))
    visible_wins = visible is not None and (visible.clock is not None or structured is None)
    source = "visible date line" if visible_wins else structured_source
    if published is None and (published := _htmldate_day(root, url)):
        source = "htmldate"
    trace.choose("published", published, source, candidates)
    updated, modified_source = _updated(root, page, visible)
    if updated == published:
        updated = None
    trace.choose("updated", updated, modified_source)
    return published, updated


def _updated(root, page: PageMeta, visible: dates.Stamp | None) -> tuple[str | None, str | None]:
    """The update time, from structured data only."""
    found = _structured(root, page, _MODIFIED_NAMES, "dateModified")
    if not found:
        return None, None
    modified, source = found[0]
    # The visible line states the publication time, not the update: only its zone helps.
    zone_hint = dates.Stamp(modified.day, None, visible.zone) if visible else None
    return dates.resolve(modified, zone_hint), source
