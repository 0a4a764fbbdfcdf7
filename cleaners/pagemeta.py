"""What a page declares about itself: <meta> tags, JSON-LD, canonical link, language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cleaners.boilerplate import normalize_space


@dataclass
class PageMeta:
    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict] = field(default_factory=list)
    canonical: str | None = None
    html_lang: str | None = None

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name.lower(), []):
                if value.strip():
                    return normalize_space(value)
        return None

    def all(self, *names: str) -> list[str]:
        return [
            normalize_space(v) for n in names for v in self.meta.get(n.lower(), []) if v.strip()
        ]

    def article_ld(self) -> dict:
        """The JSON-LD object describing the article, if any."""
        for item in self.jsonld:
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and (k.endswith("Article") or k == "Report") for k in kinds):
                return item
        return {}

    def site_name(self) -> str | None:
        return self.first("og:site_name", "application-name") or ld_text(
            self.article_ld().get("publisher")
        )

    def organisations(self) -> set[str]:
        """Names of the site and its publisher, case-folded: never a person's byline."""
        names = {self.first("og:site_name"), self.first("application-name")}
        for item in self.jsonld:
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(k in ("Organization", "NewsMediaOrganization", "WebSite") for k in kinds):
                names.add(ld_text(item.get("name")))
        publisher = self.article_ld().get("publisher")
        names.add(ld_text(publisher))
        return {n.casefold() for n in names if n}

    def host_name(self) -> str | None:
        """The site's own name in its address ("okezone" for lifestyle.okezone.com),
        from the canonical or og:url: desks and bylines often repeat it."""
        labels = (urlsplit(self.canonical or self.first("og:url") or "").hostname or "").split(".")
        while len(labels) > 1 and labels[-1] in _HOST_SUFFIXES:
            labels.pop()
        return labels[-1] if labels[-1] and labels[-1] not in _HOST_SUFFIXES else None


# Public suffix parts of Indonesian and Malaysian news sites' addresses.
_HOST_SUFFIXES = {"com", "co", "id", "my", "net", "org", "or", "go", "ac", "web", "news", "tv"}


def ld_text(value) -> str | None:
    """The text of a JSON-LD value: a string, an object's name, or a list's first item."""
    if isinstance(value, str):
        return normalize_space(value) or None
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@id"))
    if isinstance(value, list) and value:
        return ld_text(value[0])
    return None


def _walk_jsonld(data) -> Iterator[dict]:
    if isinstance(data, list):
        for item in data:
            yield from _walk_jsonld(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _walk_jsonld(data["@graph"])


def read_page_meta(root) -> PageMeta:
    page = PageMeta()
    for element in root.iter("meta"):
        name = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if name and content is not None:
            page.meta.setdefault(name.lower(), []).append(content)
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        page.jsonld.extend(_walk_jsonld(data))
    for link in root.xpath('//link[@rel="canonical"][@href]'):
        page.canonical = link.get("href")
        break
    page.html_lang = (root.get("lang") or "").split("-")[0].lower() or None
    return page
