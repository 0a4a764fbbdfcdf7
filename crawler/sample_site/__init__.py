"""The bundled offline sample site: three fictional Indonesian news sites written by us,
each modelled on a family of real ones, with the traps a real crawl meets.

``build_sample_sites()`` renders every page in memory; ``SampleSiteServer`` serves them on
127.0.0.1 as an HTTP proxy, so the crawler requests the sites' real-looking URLs
(``http://www.kabarnusantara.example/...``) and every request stays on this machine.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from crawler.sample_site.common import SampleArticle
from crawler.sample_site.site import BuiltSite, Page
from crawler.sample_site.templates import paged, portal, wordpress

# Package resources, not paths: in a scrapyd egg the package is a zip file.
ARTICLES_FILE = files(__name__) / "articles.json"
PROFILES_DIR = files(__name__) / "profiles"
TEMPLATES = {module.KEY: module for module in (portal, paged, wordpress)}


def load_articles() -> list[SampleArticle]:
    with ARTICLES_FILE.open(encoding="utf-8") as handle:
        return [SampleArticle(**{"source": None, **item}) for item in json.load(handle)]


@cache
def build_sample_sites() -> dict[str, BuiltSite]:
    """Every sample site, keyed by host."""
    articles = load_articles()
    sites = {}
    for key, template in TEMPLATES.items():
        site = template.build([a for a in articles if a.site == key])
        sites[site.host] = site
    return sites


__all__ = ["PROFILES_DIR", "BuiltSite", "Page", "SampleArticle", "build_sample_sites"]
