"""What a page declares about itself: <meta> tags, JSON-LD, canonical link, language."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cleaners.dom import normalize_space

# What stands between a headline and the site's name, channel or section in a title:
# "Judul - Kompas.com", "Judul | merdeka.com", "Judul - Health :: Okezone Lifestyle",
# "Berita » Nasional", "Judul—Situs", "KapanLagi.com: Judul", "Foto : Judul".
TITLE_SEPARATORS = re.compile(r"\s+(?:[-–—|»]|::?)\s+|\s*[|—]\s*|(?<=\w):\s+")
# A prefix that ends at a separator, and a suffix that begins at one.
_PREFIX_EDGE = re.compile(r"(?:\s(?:[-–—|»]|::?)|[:|—])\s*$")
_SUFFIX_EDGE = re.compile(r"^(?:\s*[|—]|\s+(?:[-–—»]|::?)\s)")
_WORD = re.compile(r"\w+")
# The registry part of a host name, which is no part of the site's brand.
_PUBLIC_SUFFIX = re.compile(r"\.(?:co|ac|or|go|web|my|sch|net|com|org)?\.?[a-z]{2,3}$")


@dataclass
class PageMeta:
    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict] = field(default_factory=list)
    canonical: str | None = None
    html_lang: str | None = None
    title: str | None = None  # the <title> text

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

    def site_names(self, url: str | None = None) -> list[str]:
        """Every name the site goes by on this page, in its own spelling: its declared
        name (og:site_name, application-name, JSON-LD publisher, Organization and
        WebSite), its host name ("lifestyle.okezone.com", "okezone"), and what its
        <title> adds around the headline the metadata declares ("Health", "Okezone
        Lifestyle" from "... - Health :: Okezone Lifestyle"). Titles, credit lines and
        bylines carry these names; none of them is the story's own text."""
        names = [self.first("og:site_name"), self.first("application-name")]
        names.append(ld_text(self.article_ld().get("publisher")))
        for item in self.jsonld:
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(k in ("Organization", "NewsMediaOrganization", "WebSite") for k in kinds):
                names.append(ld_text(item.get("name")))
        for address in (url, self.canonical, self.first("og:url")):
            names += host_names(address)
        names += self.title_affixes()
        unique: dict[str, str] = {}
        for name in names:
            if name and not name.startswith(("/", "#", "http")):
                unique.setdefault(name.casefold(), name)
        return list(unique.values())

    def title_affixes(self) -> list[str]:
        """The parts of <title> around a headline that og:title, twitter:title or the
        JSON-LD headline declares: the site's title pattern, split at its separators."""
        if not self.title:
            return []
        declared = (
            self.first("og:title"),
            self.first("twitter:title"),
            ld_text(self.article_ld().get("headline")),
        )
        for headline in declared:
            found = headline and split_affixes(self.title, headline)
            if found:
                return [p for a in found for p in TITLE_SEPARATORS.split(a) if p.strip(" :")]
        return []

    def host_name(self) -> str | None:
        """The site's own name in its address ("okezone" for lifestyle.okezone.com),
        from the canonical or og:url: desks and bylines often repeat it."""
        names = host_names(self.canonical or self.first("og:url"))
        return names[-1] if names else None


def ld_text(value) -> str | None:
    """The text of a JSON-LD value: a string, an object's name, or a list's first item."""
    if isinstance(value, str):
        return normalize_space(value) or None
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@id"))
    if isinstance(value, list) and value:
        return ld_text(value[0])
    return None


def host_names(url: str | None) -> list[str]:
    """The names a host gives its site: "lifestyle.okezone.com" and "okezone"."""
    host = (urlsplit(url).hostname or "") if url and "//" in url else ""
    host = host.removeprefix("www.")
    if not host:
        return []
    brand = _PUBLIC_SUFFIX.sub("", host).rsplit(".", 1)[-1]
    return [host, brand] if brand and brand != host else [host]


def split_affixes(text: str, headline: str, names: Iterable[str] = ()) -> tuple[str, str] | None:
    """``text`` as (prefix, suffix) around ``headline``, when what it adds stands at a
    separator ("Foto : ", " - Health :: Okezone Lifestyle") or is one of the site's
    ``names`` glued on ("Okezone Sering ..."), and the headline is most of it. None
    when ``text`` does not hold ``headline`` so."""
    match = re.search(re.escape(headline), text, re.IGNORECASE) if headline else None
    if match is None or len(_WORD.findall(headline)) * 2 < len(_WORD.findall(text)):
        return None
    prefix, suffix = text[: match.start()], text[match.end() :]
    glued = {n.casefold() for n in names}
    prefix_ok = not prefix.strip() or bool(_PREFIX_EDGE.search(prefix))
    suffix_ok = not suffix.strip() or bool(_SUFFIX_EDGE.search(suffix))
    prefix_ok = prefix_ok or (prefix[-1:].isspace() and prefix.strip().casefold() in glued)
    suffix_ok = suffix_ok or (suffix[:1].isspace() and suffix.strip().casefold() in glued)
    return (prefix.strip(), suffix.strip()) if prefix_ok and suffix_ok else None


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
    page.title = normalize_space(root.findtext(".//title") or "") or None
    return page
