"""scrapy.cfg's deploy target works with a scrapyd on this machine: the project is built
into an egg, uploaded, and a crawl scheduled through scrapyd's API stores articles."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.conftest import PROJECT_DIR

BIN = Path(sys.executable).parent
_NOT_PROJECT = shutil.ignore_patterns(
    ".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache",
    ".scrapy", "*.db", "*.db-*", "httpcache",
)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", body, timeout=10) as response:
        return json.load(response)


def _wait_until_up(base: str, scrapyd: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert scrapyd.poll() is None, scrapyd.stderr.read().decode()
        try:
            if _api(base, "daemonstatus.json")["status"] == "ok":
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("scrapyd did not start")


def test_deploy_to_local_scrapyd_and_schedule_a_crawl(sample_server, sample_sites, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # A copy of the project, so the egg build leaves nothing in the checkout; its deploy
    # target points at this test's scrapyd instead of the default port.
    project = tmp_path / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=_NOT_PROJECT)
    config = project / "scrapy.cfg"
    config.write_text(config.read_text().replace("http://127.0.0.1:6800/", f"{base}/"))
    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = eggs\n"
        "logs_dir = logs\ndbs_dir = dbs\nitems_dir =\npoll_interval = 0.5\nmax_proc = 2\n"
    )
    scrapyd = subprocess.Popen(
        [str(BIN / "scrapyd")], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _wait_until_up(base, scrapyd)
        deploy = subprocess.run(
            [str(BIN / "scrapyd-deploy"), "local", "-p", "warta"],
            cwd=project, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert deploy.returncode == 0, deploy.stderr
        assert '"status": "ok"' in deploy.stdout + deploy.stderr
        assert _api(base, "listspiders.json?project=warta")["spiders"] == ["news"]

        db_path = tmp_path / "warta.db"
        job = _api(
            base,
            "schedule.json",
            [("project", "warta"), ("spider", "news"), ("site", "kabarnusantara"),
             ("setting", f"WARTA_DB_URL=sqlite:///{db_path}"),
             ("setting", f"WARTA_PROXY={sample_server.proxy_url}")],
        )  # fmt: skip
        assert job["status"] == "ok", job
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            jobs = _api(base, "listjobs.json?project=warta")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"the scheduled crawl did not finish: {jobs}")
    finally:
        scrapyd.terminate()
        scrapyd.wait(timeout=30)

    site = sample_sites["www.kabarnusantara.example"]
    stored = {url for (url,) in sqlite3.connect(db_path).execute("SELECT url FROM articles")}
    assert stored == set(site.expected)
    assert any(site.host == r.host for r in sample_server.requests)
