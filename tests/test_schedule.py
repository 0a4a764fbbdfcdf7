"""Unattended crawling: one crawl per site at a time, sites crawled on their interval, and
a crawl that dies never stopping the others."""

from __future__ import annotations

import copy
import os
import signal
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest

from crawler.sample_site import build_sample_sites
from crawler.sample_site.server import SampleSiteServer
from crawler.schedule import Scheduler
from crawler.sites import get_profile
from storage import open_database
from storage.locks import SiteBusy, site_lock
from tests.conftest import run_warta
from tests.test_crawling import renamed


def test_one_crawl_per_site_at_a_time(db_url):
    engine = open_database(db_url)
    with site_lock(engine, "kabarnusantara"):
        with (
            pytest.raises(SiteBusy, match="already being crawled"),
            site_lock(engine, "kabarnusantara"),
        ):
            pass
        with site_lock(engine, "suarametro"):  # other sites are free
            pass
    with site_lock(engine, "kabarnusantara"):  # released when the holder is done
        pass


def test_crawl_of_a_site_being_crawled_is_refused(sample_server, tmp_path):
    db_path = tmp_path / "warta.db"
    engine = open_database(f"sqlite:///{db_path}")
    with site_lock(engine, "kabarnusantara"):
        result = run_warta(
            "crawl", "kabarnusantara", "--db", str(db_path), "--proxy", sample_server.proxy_url
        )
    assert result.returncode == 0, result.stderr
    assert "another crawl of it is running" in result.stdout
    assert not [r for r in sample_server.requests if "kabarnusantara" in r.host]


def test_schedule_once_crawls_every_due_site_then_nothing_is_due(sample_server, tmp_path):
    db_path = tmp_path / "warta.db"
    args = ("--db", str(db_path), "--proxy", sample_server.proxy_url, "--poll", "0.2")
    result = run_warta("schedule", "kabarnusantara", "sulselterkini", "--once", *args)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "kabarnusantara finished" in result.stdout
    connection = sqlite3.connect(db_path)
    runs = connection.execute(
        "SELECT s.key, r.finish_reason FROM crawl_runs r JOIN sites s ON s.id = r.site_id"
    ).fetchall()
    assert sorted(runs) == [("kabarnusantara", "finished"), ("sulselterkini", "finished")]
    assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] > 0

    # Both were crawled moments ago; their intervals (15 and 60 minutes) have not passed.
    sample_server.requests.clear()
    again = run_warta("schedule", "kabarnusantara", "sulselterkini", "--once", *args)
    assert again.returncode == 0, again.stderr
    assert sample_server.requests == []


def test_a_crawl_that_dies_does_not_stop_the_others(sample_server, tmp_path):
    db_url = f"sqlite:///{tmp_path / 'warta.db'}"
    profiles = [get_profile("kabarnusantara"), get_profile("suarametro")]
    lines: list[str] = []
    scheduler = Scheduler(
        profiles, db_url, ["--proxy", sample_server.proxy_url], report=lines.append
    )
    now = datetime.now(UTC)
    scheduler.tick(now)
    assert set(scheduler.running) == {"kabarnusantara", "suarametro"}
    os.kill(scheduler.running["suarametro"].process.pid, signal.SIGKILL)
    deadline = time.monotonic() + 240
    while scheduler.running and time.monotonic() < deadline:
        time.sleep(0.2)
        scheduler.tick(now)  # the clock stands still: nothing becomes due again
    outcomes = {f.site: f.exit_code for f in scheduler.finished}
    assert outcomes == {"kabarnusantara": 0, "suarametro": -signal.SIGKILL}
    assert any("suarametro FAILED" in line for line in lines)
    # An interval later, the dead crawl's site is due again; the other's interval is
    # shorter, so both are.
    later = now + timedelta(minutes=31)
    assert {p.key for p in scheduler.due(later)} == {"kabarnusantara", "suarametro"}
    assert scheduler.due(now + timedelta(minutes=1)) == []


def test_schedule_once_crawls_a_site_given_by_url(tmp_path):
    """A site with no profile is scheduled by its URL: the child crawl must get the URL,
    not the host it is keyed by, which names no profile."""
    sites = copy.deepcopy(build_sample_sites())
    site = renamed(sites["sulselterkini.example"], "beritaregional.example")
    with SampleSiteServer({site.host: site}) as server:
        db_path = tmp_path / "warta.db"
        result = run_warta(
            "schedule", "http://beritaregional.example/", "--once", "--db", str(db_path),
            "--proxy", server.proxy_url, "--poll", "0.2",
        )  # fmt: skip
        requested = {r.path for r in server.requests if r.host == site.host}
    assert result.returncode == 0, result.stderr + result.stdout
    assert "beritaregional.example finished" in result.stdout
    assert "/sitemap_index.xml" in requested
    connection = sqlite3.connect(db_path)
    stored = {url for (url,) in connection.execute("SELECT url FROM articles")}
    assert stored == set(site.expected)
