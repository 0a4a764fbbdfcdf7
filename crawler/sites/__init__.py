"""Site profiles: one small declarative TOML file per news site.

A profile says where a site announces new articles (sitemaps, feeds, dated index pages),
what an article URL looks like, how to get a split article whole, and how often to
crawl. Profiles live in this folder; the bundled sample site's profiles live beside it
and load the same way.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from crawler.sites.check import Checked, ProfileError, parse
from crawler.sites.generic import (
    GENERIC_DISCOVERY,
    is_media_host,
    is_media_slug,
    looks_like_article_path,
    site_key_for,
)

# A package resource, not a path: in a scrapyd egg the package is a zip file.
SITES_DIR = files(__name__)


class UnknownSiteError(KeyError):
    """No profile has that key."""

    def __str__(self) -> str:
        return f"unknown site {self.args[0]!r}; `warta sites` lists the known ones"


@dataclass(frozen=True)
class SiteProfile:
    key: str
    name: str
    base_url: str
    # A regex matched against the URL path (with query); empty for a site crawled by URL
    # alone, whose article URLs are recognised by their shape (crawler.sites.generic).
    article_url: str = ""
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    # Dated index pages ("/indeks?date={date:%Y-%m-%d}"): the list of one day's articles,
    # for backfill and for sites whose feeds show only the newest few.
    index_pages: tuple[str, ...] = ()
    exclude_url: tuple[str, ...] = ()
    single_page_query: str | None = None  # e.g. "page=all": the whole article on one page
    language: str = "id"
    crawl_interval_minutes: int = 60
    sample: bool = False
    # The registrable domain whose subdomains all belong to the site (news.detik.com,
    # finance.detik.com...); defaults to the base URL's host.
    site_domain: str | None = None
    extra_domains: tuple[str, ...] = field(default=())
    # URLs the profile must and must not take for articles; the test suite checks them.
    article_examples: tuple[str, ...] = ()
    non_article_examples: tuple[str, ...] = ()
    # A site given by URL with no profile: discovered from robots.txt, WordPress and
    # common sitemap and feed paths, and its home page's feeds and sections.
    generic: bool = False
    # Where and when the profile's feeds, sitemaps, index pages and article pattern were
    # last checked against independent public sources, and what was found (a `checked`
    # table in the TOML; see crawler.sites.check.Checked). Every bundled profile has one.
    checked: Checked | None = None

    @property
    def target(self) -> str:
        """What `warta crawl` is given to crawl this site again: its key, or for a site
        without a profile its URL, since the key (its host) names no profile."""
        return self.base_url if self.generic else self.key

    @property
    def domain(self) -> str:
        return self.site_domain or urlsplit(self.base_url).hostname or ""

    @property
    def allowed_domains(self) -> list[str]:
        return [self.domain, *self.extra_domains]

    def absolute(self, path_or_url: str) -> str:
        return urljoin(self.base_url + "/", path_or_url)

    def discovery_urls(self) -> list[str]:
        """Sitemaps and feeds: where new articles are announced."""
        return [self.absolute(u) for u in (*self.sitemaps, *self.feeds)]

    def index_urls(self, day: date) -> list[str]:
        """The dated index pages of ``day``."""
        return [self.absolute(template.format(date=day)) for template in self.index_pages]

    def is_article_url(self, url: str) -> bool:
        """Whether ``url`` is one of this site's articles. Gallery, video and forum
        subdomains and "foto-"/"video-" slugs are never articles, on any site: the
        convention is shared across Indonesian portals, so no profile has to repeat it."""
        if not self.owns_url(url):
            return False
        parts = urlsplit(url)
        if is_media_host(parts.hostname or "") or is_media_slug(parts.path):
            return False
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if any(re.search(pattern, target) for pattern in self.exclude_url):
            return False
        if not self.article_url:
            return looks_like_article_path(parts.path)
        return re.search(self.article_url, target) is not None

    def owns_host(self, host: str) -> bool:
        return host == self.domain or host.endswith("." + self.domain) or host in self.extra_domains

    def owns_url(self, url: str) -> bool:
        return self.owns_host(urlsplit(url).hostname or "")

    def fetch_url(self, article_url: str) -> str:
        """The URL that serves the whole article: ``?page=all`` and the like."""
        if not self.single_page_query:
            return article_url
        parts = urlsplit(article_url)
        query = f"{parts.query}&{self.single_page_query}" if parts.query else self.single_page_query
        return urlunsplit(parts._replace(query=query))


def load_profile(path: Traversable) -> SiteProfile:
    """The profile in a TOML file; ``ProfileError`` names the file, line and problem of a
    profile that is not valid, so that a bad operator profile stops a crawl in one line."""
    data, problems = parse(path)
    if problems:
        raise ProfileError(problems[0])
    return SiteProfile(**data)


def _profile_dirs() -> list[Traversable]:
    """Bundled profiles, the sample site's, then the operator's own folders named in
    ``WARTA_SITES_DIR`` (separated like PATH); a later profile replaces one with its key."""
    from crawler.sample_site import PROFILES_DIR

    own = [Path(p) for p in os.environ.get("WARTA_SITES_DIR", "").split(os.pathsep) if p]
    return [SITES_DIR, PROFILES_DIR, *own]


@cache
def all_profiles() -> dict[str, SiteProfile]:
    profiles: dict[str, SiteProfile] = {}
    for directory in _profile_dirs():
        if not directory.is_dir():
            continue
        toml_files = (p for p in directory.iterdir() if p.name.endswith(".toml"))
        for path in sorted(toml_files, key=lambda p: p.name):
            profile = load_profile(path)
            profiles[profile.key] = profile
    return profiles


def profile_files() -> dict[str, Traversable]:
    """The file each loaded profile came from, by key (a later folder's file wins)."""
    found: dict[str, Traversable] = {}
    for directory in _profile_dirs():
        if directory.is_dir():
            for path in sorted(directory.iterdir(), key=lambda p: p.name):
                if path.name.endswith(".toml"):
                    found[parse(path)[0].get("key", path.name)] = path
    return found


def bundled_profile_files() -> list[Traversable]:
    """The profiles shipped with warta (not the sample site's, not the operator's)."""
    return sorted(
        (p for p in SITES_DIR.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name
    )


def get_profile(key: str) -> SiteProfile:
    try:
        return all_profiles()[key]
    except KeyError:
        raise UnknownSiteError(key) from None


def profile_for(target: str) -> SiteProfile:
    """The profile ``warta crawl TARGET`` means: a site key, the URL of a profiled site,
    or the URL of any other site, which gets a generic profile."""
    if "://" not in target:
        return get_profile(target)
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnknownSiteError(target)
    host = parts.hostname.lower()
    owners = [p for p in all_profiles().values() if p.owns_host(host)]
    if owners:
        return max(owners, key=lambda p: _specificity(p, host, parts.path))
    base_url = f"{parts.scheme}://{parts.netloc.lower()}"
    return SiteProfile(
        key=site_key_for(base_url),
        name=host,
        base_url=base_url,
        sitemaps=GENERIC_DISCOVERY,
        site_domain=host.removeprefix("www."),
        generic=True,
    )


def _specificity(profile: SiteProfile, host: str, path: str) -> tuple[int, int]:
    """How closely ``profile`` fits a URL its domain owns: a regional site's own profile
    (jatim.antaranews.com, or www.detik.com/jatim) wins over its network's (antaranews.com,
    detik.com), whatever order the files load in."""
    domain = len(host) if host in profile.extra_domains else len(profile.domain)
    base = urlsplit(profile.base_url)
    base_path = base.path.rstrip("/")
    same_host = (base.hostname or "") == host
    path_fits = bool(base_path) and same_host and (path + "/").startswith(base_path + "/")
    return domain, len(base_path) if path_fits else 0


def sample_profiles() -> list[SiteProfile]:
    return [p for p in all_profiles().values() if p.sample]
