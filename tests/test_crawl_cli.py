"""`warta crawl` as a newcomer meets it: what it prints, what it counts, how it exits.

A crawl that reaches nothing says why in one line and fails; every page fetched is
accounted for in the summary, `warta stats` and `warta health`; skips can be listed with
their reasons; output piped to a file is never wrapped or cut.
"""

from __future__ import annotations

import copy
import importlib.metadata
import json
import socket
import sqlite3

from crawler.failures import error_count, unreachable
from crawler.health import site_health
from crawler.sample_site import build_sample_sites
from crawler.sample_site.server import SampleSiteServer
from crawler.sites import all_profiles
from storage import ArticleStore
from tests.conftest import run_warta
from tests.test_crawling import WORDPRESS, renamed
from tests.test_health import _run
from tests.test_search import FLOOD
from tests.test_storage import record

# Fast failures: a refused connection is not retried, nothing waits between requests.
FAST = ("-s", "RETRY_ENABLED=False", "-s", "AUTOTHROTTLE_ENABLED=False")


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def summary_row(stdout: str, site: str) -> dict[str, str]:
    """One site's row of the crawl summary table, by column header."""
    lines = stdout.splitlines()
    header = [cell.strip() for cell in next(li for li in lines if "┃ site" in li).split("┃")]
    row = next(li for li in lines if li.startswith(f"│ {site} "))
    return dict(zip(header, (cell.strip() for cell in row.split("│")), strict=True))


def test_a_crawl_that_reaches_nothing_fails_in_one_line(tmp_path):
    db = str(tmp_path / "warta.db")
    port = closed_port()
    result = run_warta(
        "crawl", f"http://127.0.0.1:{port}/", "--db", db, "--log-level", "WARNING", *FAST
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "connection refused" in lines[0] and f"127.0.0.1:{port}" in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    # Every discovery request failed (the generic paths probed; robots.txt is Scrapy's).
    counts = json.loads(sqlite3.connect(db).execute("SELECT counts FROM crawl_runs").fetchone()[0])
    failed = sum(v for k, v in counts.items() if k.startswith("discovery/connection_refused"))
    assert failed >= 5
    assert summary_row(result.stdout, "127.0.0.1")["errors"] == str(failed)

    health = run_warta("health", "--db", db, env={"COLUMNS": "250"})
    assert health.returncode == 1
    assert "connection refused" in health.stdout
    assert "check the discovery URLs" not in health.stdout


def test_nothing_answering_is_named_by_its_network_failure():
    counts = {"discovery/dns_failed": 7, "responses": 0, "errors": 0}
    assert unreachable(counts) == "cannot resolve host"
    assert error_count(counts) == 7
    assert unreachable({**counts, "responses": 1}) is None
    assert unreachable({"discovery/http_404": 7, "responses": 0}) is None
    health = site_health("x", [_run(**{k.replace("/", "__"): v for k, v in counts.items()})])
    assert health.problems == ["site unreachable (cannot resolve host; 7 requests failed): "
                               "check the network and the site's URL"]  # fmt: skip


def test_crawl_is_quiet_by_default_and_verbose_on_request(sample_server, tmp_path):
    """By default only warta's own summary; -v adds Scrapy's INFO log, -vv its DEBUG."""
    db = str(tmp_path / "warta.db")
    args = ("--db", db, "--proxy", sample_server.proxy_url)
    quiet = run_warta("crawl", "kabarnusantara", *args)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    assert "Crawl summary" in quiet.stdout

    verbose = run_warta("crawl", "kabarnusantara", *args, "-v")
    assert "[scrapy.core.engine] INFO: Spider opened" in verbose.stderr
    assert " DEBUG: " not in verbose.stderr


def test_paths_probed_on_a_site_without_profile_are_absent_not_errors(tmp_path):
    site = renamed(copy.deepcopy(build_sample_sites())[WORDPRESS], "beritaregional.example")
    with SampleSiteServer({site.host: site}) as server:
        generic = run_warta(
            "crawl", "http://beritaregional.example/", "--db", str(tmp_path / "warta.db"),
            "--proxy", server.proxy_url, "-vv",
        )  # fmt: skip
    assert generic.returncode == 0, generic.stderr
    assert " DEBUG: " in generic.stderr
    lines = generic.stderr.splitlines()
    absent = [li for li in lines if "[news]" in li and "/wp-sitemap.xml" in li]
    assert absent and all("DEBUG: discovery path absent (http_404)" in line for line in absent)


# Output piped to a file or another program: COLUMNS empty is no terminal width at all.
PIPED = {"COLUMNS": ""}


def test_piped_output_is_never_wrapped_or_cut(tmp_path):
    long_url = "https://kabar.example/" + "-".join(["banjir-rob-merendam-pesisir"] * 5)
    db = f"sqlite:///{tmp_path / 'warta.db'}"
    ArticleStore(db).upsert([record(long_url, body=FLOOD, title="Banjir Rendam Cengkareng")])
    search = run_warta("search", "pompa", "--db", db, env=PIPED)
    assert search.returncode == 0, search.stderr
    assert any(long_url in line for line in search.stdout.splitlines()), search.stdout

    sites = run_warta("sites", env=PIPED)
    for profile in all_profiles().values():
        if not profile.sample:
            assert profile.base_url in sites.stdout, profile.base_url


def test_sites_json_and_version():
    listed = json.loads(run_warta("sites", "--json").stdout)
    detik = next(site for site in listed if site["key"] == "detik")
    assert detik["base_url"] == all_profiles()["detik"].base_url
    assert {"name", "sitemaps", "feeds", "index_pages", "crawl_interval_minutes"} <= set(detik)
    assert not any(site["sample"] for site in listed)

    version = run_warta("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"warta {importlib.metadata.version('warta')}"


def test_pages_refused_as_duplicate_text_are_counted_everywhere(tmp_path):
    """The same articles under a second host are fetched and refused as duplicates: the
    summary, `warta stats` and `warta health` must say so, not "nothing happened"."""
    sample = copy.deepcopy(build_sample_sites())[WORDPRESS]
    first, second = renamed(sample, "beritaregional.example"), renamed(sample, "kabarku.example")
    db = str(tmp_path / "warta.db")
    with SampleSiteServer({first.host: first, second.host: second}) as server:
        args = ("--db", db, "--proxy", server.proxy_url)
        assert run_warta("crawl", "http://beritaregional.example/", *args).returncode == 0
        result = run_warta("crawl", "http://kabarku.example/", *args)
    assert result.returncode == 0, result.stderr
    row = summary_row(result.stdout, "kabarku.example")
    assert row["new"] == "0"
    assert row["duplicate"] == row["fetched"] == str(len(second.expected))

    stats = json.loads(run_warta("stats", "--json", "--db", db).stdout)
    kabarku = next(site for site in stats if site["site"] == "kabarku.example")
    assert kabarku["duplicate"] == len(second.expected)

    health = run_warta("health", "--db", db, env={"COLUMNS": "250"})
    header = next(li for li in health.stdout.splitlines() if "┃" in li and "site" in li)
    columns = [cell.strip() for cell in header.split("┃")]
    line = next(li for li in health.stdout.splitlines() if "│ kabarku.example" in li)
    assert line.split("│")[columns.index("duplicate")].strip() == str(len(second.expected))


def test_every_skip_is_logged_with_its_reason_and_url_under_verbose(sample_server, tmp_path):
    db = str(tmp_path / "warta.db")
    result = run_warta(
        "crawl", "kabarnusantara", "--db", db, "--proxy", sample_server.proxy_url, "-v"
    )
    assert result.returncode == 0, result.stderr
    counts = json.loads(sqlite3.connect(db).execute("SELECT counts FROM crawl_runs").fetchone()[0])
    logged = [line for line in result.stderr.splitlines() if "INFO: skipped (" in line
              or "INFO: article not fetched (" in line]  # fmt: skip
    for key, n in counts.items():
        if key.startswith("skipped/"):
            reason = key.removeprefix("skipped/")
            with_reason = [li for li in logged if f"({reason}): http://" in li]
            assert len(with_reason) == n, (reason, n, logged)
