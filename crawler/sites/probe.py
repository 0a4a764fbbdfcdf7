"""What `warta sites probe` found on a site, and the profile it makes of it.

The HTTP side (``crawler.probing``) reads a site the way a crawl by URL does and fills a
:class:`Findings`: every sitemap, feed and listing page it read and the URLs each one
named. Everything here is a pure function of those findings, so the judgement (which
sources announce articles, what an article URL looks like, which links are not
articles) is tested without a server, and the profile written is checked by the same
rules `warta sites check` applies.

Evidence is weighed as a crawl would: URLs announced by sitemaps and feeds are articles
(a feed item always, a sitemap entry when it has an article's shape); links of listing
pages are articles only by their shape, and are used to infer the pattern only when the
site announces too few. Links of listing pages that have no article's shape (sections,
tags, authors, static pages, pagers, dated indexes) and the discovery documents
themselves are the non-articles the pattern must refuse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from urllib.parse import urlsplit

from cleaners import canonicalize_url
from crawler.dated import DatedIndex, DateStyle
from crawler.sites import SiteProfile
from crawler.sites.check import Checked
from crawler.sites.generic import (
    is_media_host,
    is_media_slug,
    looks_like_article_path,
    site_key_for,
)
from crawler.sites.infer import Inference, infer_pattern

ROBOTS = "robots.txt"
SITEMAP_INDEX = "sitemap index"
SITEMAP = "sitemap"
FEED = "feed"
HOME = "home page"
SECTION = "section page"
DATED = "dated index page"
LISTING_KINDS = (HOME, SECTION, DATED)
# Below this many announced article URLs, the article-like links of listing pages join
# the evidence the pattern is inferred from.
MIN_ANNOUNCED = 3
ARTICLE_EXAMPLES = 3
NON_ARTICLE_EXAMPLES = 5


class ProbeError(Exception):
    """A site that cannot be probed (unreachable, not HTML, elsewhere, refused, or with
    nothing that looks like an article); the message is the whole answer."""


@dataclass
class Document:
    """One document the probe read: what it is, how it was found, and the URLs it
    names (child sitemaps, announced items, or a page's links)."""

    url: str
    kind: str
    via: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass
class Findings:
    """Everything the probe saw on one site."""

    url: str  # as the user gave it
    base_url: str  # scheme and host, after a redirect on the same host
    proxy: str | None = None
    name: str = ""  # the home page's og:site_name
    documents: dict[str, Document] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)  # URL -> why it gave nothing
    skipped: dict[str, str] = field(default_factory=dict)  # URL -> why it was not read
    dated: list[DatedIndex] = field(default_factory=list)
    fatal: str = ""  # why the site cannot be probed at all

    def add(self, document: Document) -> None:
        """Record a document, or one more way the same document was found."""
        known = self.documents.get(document.url)
        if known is None:
            self.documents[document.url] = document
        else:
            known.via += [v for v in document.via if v not in known.via]

    def of_kind(self, *kinds: str) -> list[Document]:
        return [d for d in self.documents.values() if d.kind in kinds]

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def domain(self) -> str:
        """The domain whose subdomains belong to the site: the host without ``www.``."""
        return self.host.removeprefix("www.")

    def owns(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host == self.host or host == self.domain or host.endswith("." + self.domain)


@dataclass(frozen=True)
class SourceCount:
    """A document and how many URLs it named; ``articles``: how many of them the
    profile takes for articles."""

    url: str
    kind: str
    via: tuple[str, ...]
    named: int
    articles: int


@dataclass(frozen=True)
class DatedIndexFound:
    """A dated index shape: the profile template, a page of it, how many days the
    pages read link to, and the article links on the pages of it read."""

    template: str
    example: str
    days: int
    articles: int


@dataclass
class Probe:
    """The judgement on a site: the profile to write and the figures that back it."""

    findings: Findings
    profile: SiteProfile
    inference: Inference
    sources: list[SourceCount]
    pages: list[SourceCount]
    dated: list[DatedIndexFound]
    evidence: str  # where the pattern was inferred from
    announced: tuple[int, int]  # (taken, total) article URLs announced by sitemaps and feeds
    listed: tuple[int, int]  # (taken, total) article-like links of listing pages
    rejected: tuple[int, int]  # (refused, total) non-article links
    not_taken: list[str]  # announced article URLs the profile does not take
    wrongly_taken: list[str]  # non-article links the profile takes
    warnings: list[str]


def _canonical(findings: Findings, urls: Iterable[str]) -> list[str]:
    """The site's own URLs among ``urls``, canonical, each once."""
    return list(dict.fromkeys(canonicalize_url(u) for u in urls if findings.owns(u)))


def _is_media(url: str) -> bool:
    parts = urlsplit(url)
    return is_media_host(parts.hostname or "") or is_media_slug(parts.path)


def _announced(findings: Findings) -> tuple[list[str], list[str]]:
    """URLs announced by sitemaps and feeds, split into articles and the rest: every
    feed item is an article; a sitemap entry when it has an article's shape."""
    articles: list[str] = []
    others: list[str] = []
    for document in findings.of_kind(SITEMAP, FEED):
        for url in _canonical(findings, document.links):
            path = urlsplit(url).path
            by_feed = document.kind == FEED and path not in ("", "/")
            is_article = (by_feed or looks_like_article_path(path)) and not _is_media(url)
            (articles if is_article else others).append(url)
    return list(dict.fromkeys(articles)), list(dict.fromkeys(others))


def _listing_links(findings: Findings) -> tuple[list[str], list[str]]:
    """Links of the listing pages read, split into article-like and not."""
    links = _canonical(findings, (u for d in findings.of_kind(*LISTING_KINDS) for u in d.links))
    article_like = [
        u for u in links if looks_like_article_path(urlsplit(u).path) and not _is_media(u)
    ]
    chosen = set(article_like)
    return article_like, [u for u in links if u not in chosen]


def _sections(findings: Findings) -> frozenset[str]:
    """First path words of the section pages read (``news`` of ``/news``)."""
    return frozenset(
        first.lower()
        for d in findings.of_kind(SECTION)
        if (first := next((s for s in urlsplit(d.url).path.split("/") if s), ""))
    )


def analyse(findings: Findings, today: date) -> Probe:
    """The profile the findings support, and the figures a reader needs to trust it."""
    announced, announced_others = _announced(findings)
    article_like, listing_others = _listing_links(findings)
    documents = _canonical(findings, findings.documents)
    non_articles = list(dict.fromkeys([*documents, *listing_others, *announced_others]))
    announced_set = set(announced)
    non_articles = [u for u in non_articles if u not in announced_set]
    evidence = announced
    evidence_name = "URLs announced by sitemaps and feeds"
    if len(announced) < MIN_ANNOUNCED:
        evidence = list(dict.fromkeys([*announced, *article_like]))
        evidence_name = "article-like links of listing pages" + (
            " and the few URLs announced by sitemaps and feeds" if announced else ""
        )
    if not evidence:
        raise ProbeError(_nothing_found(findings))
    inference = infer_pattern(evidence, non_articles, _sections(findings))
    draft = _profile(findings, inference, [], [], today)
    sources = _source_counts(findings, draft)
    dated = _dated_found(findings, draft)
    profile = _profile(
        findings,
        inference,
        _discovery(findings, sources, draft.is_article_url),
        [d.template for d in dated if d.articles],
        today,
    )
    profile = _with_examples(profile, evidence, non_articles, findings)
    takes = profile.is_article_url
    return Probe(
        findings=findings,
        profile=profile,
        inference=inference,
        sources=sources,
        pages=[_count(d, takes, findings) for d in findings.of_kind(*LISTING_KINDS)],
        dated=dated,
        evidence=evidence_name,
        announced=(sum(map(takes, announced)), len(announced)),
        listed=(sum(map(takes, article_like)), len(article_like)),
        rejected=(sum(not takes(u) for u in non_articles), len(non_articles)),
        not_taken=[u for u in announced if not takes(u)],
        wrongly_taken=[u for u in non_articles if takes(u)],
        warnings=_warnings(profile),
    )


def _nothing_found(findings: Findings) -> str:
    home = findings.failed.get(findings.url)
    why = f" (the home page: {home})" if home else ""
    return (
        f"{findings.url}: found no article URL: no sitemap or feed announced one and no "
        f"page read links to one{why}"
    )


def _count(document: Document, takes: Callable[[str], bool], findings: Findings) -> SourceCount:
    links = _canonical(findings, document.links)
    articles = sum(map(takes, links)) if document.kind != SITEMAP_INDEX else 0
    return SourceCount(document.url, document.kind, tuple(document.via), len(links), articles)


def _source_counts(findings: Findings, profile: SiteProfile) -> list[SourceCount]:
    """Sitemaps, sitemap indexes and feeds with their counts; an index counts the
    articles of the children read."""
    counts = {
        d.url: _count(d, profile.is_article_url, findings)
        for d in findings.of_kind(SITEMAP_INDEX, SITEMAP, FEED)
    }
    for index in findings.of_kind(SITEMAP_INDEX):
        children = [counts[u].articles for u in index.links if u in counts and u != index.url]
        counts[index.url] = SourceCount(
            index.url, index.kind, tuple(index.via), len(index.links), sum(children)
        )
    return list(counts.values())


def _discovery(
    findings: Findings, sources: list[SourceCount], takes: Callable[[str], bool]
) -> list[tuple[str, str]]:
    """(field, URL) of each source the profile should name: sitemap indexes and
    sitemaps (not the children of a named index) and feeds that announced articles;
    with none, the home and section pages that link to articles, which a crawl reads
    for their links as it reads a sitemap."""
    children = {u for d in findings.of_kind(SITEMAP_INDEX) for u in d.links}
    chosen = [
        ("feeds" if s.kind == FEED else "sitemaps", s.url)
        for s in sources
        if s.articles and not (s.kind == SITEMAP and s.url in children)
    ]
    if chosen:
        return chosen
    pages = [_count(d, takes, findings) for d in findings.of_kind(HOME, SECTION)]
    return [("sitemaps", page.url) for page in pages if page.articles]


def _relative(findings: Findings, url: str) -> str:
    """A URL on the base host as a path (what profiles write); others stay absolute."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" == findings.base_url:
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return url


def date_template(index: DatedIndex, findings: Findings) -> str:
    """A profile's ``index_pages`` entry for a dated index shape: the site's own
    writing of a day, as a ``str.format`` template of ``date``."""
    prefix = _relative(findings, index.prefix)
    return _braces(prefix) + _day_field(index.style) + _braces(index.suffix)


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _day_field(style: DateStyle) -> str:
    if style.padded:
        codes = {"y": "%Y", "m": "%m", "d": "%d"}
        return "{date:" + style.sep.replace("%", "%%").join(codes[f] for f in style.order) + "}"
    fields = {"y": "{date.year}", "m": "{date.month}", "d": "{date.day}"}
    return style.sep.join(fields[f] for f in style.order)


def _dated_found(findings: Findings, profile: SiteProfile) -> list[DatedIndexFound]:
    """Each dated index shape seen, with the days linked and the articles on its pages."""
    found = []
    shapes: dict[tuple, list[DatedIndex]] = {}
    for index in findings.dated:
        if findings.owns(index.url):
            shapes.setdefault(index.shape, []).append(index)
    for indexes in shapes.values():
        pages = [
            d
            for d in findings.of_kind(DATED)
            if any(d.url == i.url or d.url == i.url_for(i.day) for i in indexes)
        ]
        links = _canonical(findings, (u for d in pages for u in d.links))
        found.append(
            DatedIndexFound(
                template=date_template(indexes[0], findings),
                example=indexes[0].url_for(indexes[0].day),
                days=len({i.day for i in indexes}),
                articles=sum(map(profile.is_article_url, links)),
            )
        )
    return found


def _profile(
    findings: Findings,
    inference: Inference,
    discovery: list[tuple[str, str]],
    index_pages: list[str],
    today: date,
) -> SiteProfile:
    def named(kind: str) -> tuple[str, ...]:
        return tuple(
            _relative(findings, url) for field_name, url in discovery if field_name == kind
        )

    return SiteProfile(
        key=site_key_for(findings.base_url),
        name=findings.name or findings.host,
        base_url=findings.base_url,
        article_url=inference.pattern,
        sitemaps=named("sitemaps"),
        feeds=named("feeds"),
        index_pages=tuple(index_pages),
        exclude_url=tuple(inference.exclude),
        site_domain=findings.domain,
        checked=Checked(on=today, verdict="unknown"),
    )


def _spread(urls: Iterable[str], limit: int) -> list[str]:
    """Up to ``limit`` URLs, one per first path segment before any second one."""
    urls = list(urls)
    firsts: dict[str, str] = {}
    for url in urls:
        firsts.setdefault(next((s for s in urlsplit(url).path.split("/") if s), ""), url)
    chosen = list(firsts.values())[:limit]
    chosen += [u for u in urls if u not in chosen][: limit - len(chosen)]
    return chosen


def _with_examples(
    profile: SiteProfile, evidence: list[str], non_articles: list[str], findings: Findings
) -> SiteProfile:
    """The profile with examples it gets right: articles of the evidence, and the home
    page, a discovery document and listing links of different kinds as non-articles."""
    articles = _spread((u for u in evidence if profile.is_article_url(u)), ARTICLE_EXAMPLES)
    documents = set(_canonical(findings, findings.documents))
    home = canonicalize_url(findings.base_url + "/")
    source = profile.discovery_urls()[:1]
    refused = [u for u in non_articles if not profile.is_article_url(u)]
    links = _spread((u for u in refused if u not in documents), NON_ARTICLE_EXAMPLES)
    others = list(dict.fromkeys([home, *source, *links]))[:NON_ARTICLE_EXAMPLES]
    return replace(
        profile,
        article_examples=tuple(articles),
        non_article_examples=tuple(u for u in others if not profile.is_article_url(u)),
    )


def _warnings(profile: SiteProfile) -> list[str]:
    warnings = []
    if not profile.sitemaps and not profile.feeds:
        warnings.append("no sitemap or feed announced articles; the profile reads listing pages")
    if not profile.discovery_urls():
        warnings.append("nothing for a crawl to read: add a sitemap or feed by hand")
    return warnings


# --- the profile file ---------------------------------------------------------------------


def _toml_string(value: str) -> str:
    """A TOML string: literal (no escapes to read) when it can be, else basic."""
    if "'" not in value and "\n" not in value and not re.search(r"[\x00-\x1f]", value):
        return f"'{value}'"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def _toml_array(values: Iterable[str]) -> str:
    values = list(values)
    if not values:
        return "[]"
    return "[\n" + "".join(f"    {_toml_string(v)},\n" for v in values) + "]"


def checked_notes(probe: Probe, when: datetime) -> str:
    """The ``checked`` notes: that the profile was probed, when, from where, and what
    the figures were; a probe reads the site itself, so nothing independent confirms it."""
    findings = probe.findings
    through = f" through the proxy {findings.proxy}" if findings.proxy else ""
    taken, total = probe.announced
    refused, negatives = probe.rejected
    return (
        f"Probed by `warta sites probe {findings.url}` at {when:%Y-%m-%dT%H:%M:%SZ}{through}. "
        f"The pattern was inferred from {probe.evidence}; it takes {taken} of {total} "
        f"announced article URLs and refuses {refused} of {negatives} non-article links. "
        "Not checked against independent sources."
    )


def profile_toml(probe: Probe, when: datetime) -> str:
    """The profile as a TOML file, with a header saying where it came from and a
    comment per pattern alternative saying why it is written so."""
    profile = probe.profile
    lines = [
        f"# Written by `warta sites probe {probe.findings.url}` on {when:%Y-%m-%d %H:%M} UTC.",
        "# Review it before crawling: the pattern was inferred from the URLs the site",
        f"# showed that day ({probe.evidence}). Validate: warta sites check FILE",
        f"key = {_toml_string(profile.key)}",
        f"name = {_toml_string(profile.name)}",
        f"base_url = {_toml_string(profile.base_url)}",
        f"site_domain = {_toml_string(profile.domain)}",
    ]
    for name in ("sitemaps", "feeds", "index_pages"):
        values = getattr(profile, name)
        if values:
            lines.append(f"{name} = {_toml_array(values)}")
    for alternative in probe.inference.alternatives:
        lines.append(f"# {alternative.support} URLs like {alternative.example}:")
        lines += [f"#   {reason}" for reason in alternative.reasons]
    lines.append(f"article_url = {_toml_string(profile.article_url)}")
    if profile.exclude_url:
        lines.append("# First segments of non-article links the pattern would take:")
        lines.append(f"exclude_url = {_toml_array(profile.exclude_url)}")
    lines.append(f"article_examples = {_toml_array(profile.article_examples)}")
    lines.append(f"non_article_examples = {_toml_array(profile.non_article_examples)}")
    lines += [
        "",
        "[checked]",
        f"on = {when.date().isoformat()}",
        'verdict = "unknown"',
        f"notes = {_toml_string(checked_notes(probe, when))}",
    ]
    return "\n".join(lines) + "\n"


def probe_json(probe: Probe) -> dict:
    """The probe for scripts: the same figures the report shows."""
    findings = probe.findings
    return {
        "url": findings.url,
        "base_url": findings.base_url,
        "key": probe.profile.key,
        "name": probe.profile.name,
        "sources": [_source_json(s) for s in probe.sources],
        "pages": [_source_json(s) for s in probe.pages],
        "dated_index_pages": [vars(d) for d in probe.dated],
        "failed": findings.failed,
        "skipped": findings.skipped,
        "article_url": probe.profile.article_url,
        "exclude_url": list(probe.profile.exclude_url),
        "pattern": {
            "evidence": probe.evidence,
            "alternatives": [
                {"regex": a.regex, "urls": a.support, "why": list(a.reasons), "example": a.example}
                for a in probe.inference.alternatives
            ],
            "announced_taken": probe.announced[0],
            "announced": probe.announced[1],
            "listed_taken": probe.listed[0],
            "listed": probe.listed[1],
            "non_articles_refused": probe.rejected[0],
            "non_articles": probe.rejected[1],
            "not_taken": probe.not_taken,
            "wrongly_taken": probe.wrongly_taken,
            "outliers": probe.inference.outliers,
        },
        "profile": {
            "sitemaps": list(probe.profile.sitemaps),
            "feeds": list(probe.profile.feeds),
            "index_pages": list(probe.profile.index_pages),
        },
        "article_examples": list(probe.profile.article_examples),
        "non_article_examples": list(probe.profile.non_article_examples),
        "warnings": probe.warnings,
    }


def _source_json(source: SourceCount) -> dict:
    return {
        "url": source.url,
        "kind": source.kind,
        "via": list(source.via),
        "named": source.named,
        "articles": source.articles,
    }
