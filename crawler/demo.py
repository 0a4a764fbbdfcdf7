"""`warta demo`: the whole job on the bundled sample site, start to finish, offline.

It serves the sample sites on 127.0.0.1, crawls them with the real spider and pipelines
into a SQLite file, and reports what happened. Nothing here is a shortcut: the crawl is
the one `warta crawl` runs, pointed at the local mirror through ``WARTA_PROXY``.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.runner import CrawlReport, crawl_sites
from crawler.sample_site import build_sample_sites
from crawler.sample_site.server import SampleSiteServer
from crawler.sites import sample_profiles

# The sample server is local and fast; politeness delays would only make people wait.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "LOG_LEVEL": "WARNING",
}


@dataclass
class DemoResult:
    reports: list[CrawlReport]
    requests_served: int
    expected_articles: int


def run_demo(db_url: str, log_level: str | None = None) -> DemoResult:
    sites = build_sample_sites()
    with SampleSiteServer(sites) as server:
        overrides = {**DEMO_SETTINGS, "WARTA_DB_URL": db_url, "WARTA_PROXY": server.proxy_url}
        if log_level:
            overrides["LOG_LEVEL"] = log_level
        reports = crawl_sites(sample_profiles(), overrides)
        served = len(server.requests)
    return DemoResult(reports, served, sum(len(s.expected) for s in sites.values()))
