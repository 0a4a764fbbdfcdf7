"""`warta sites probe` from the command line, against sites served on 127.0.0.1: each
sample site's probed profile, used for a crawl, stores every one of its articles; the
wire portal's dated index is reported in each of its shapes; a site that cannot be
probed gets one line and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from crawler.sample_site.server import SampleSiteServer
from tests import wire_portal
from tests.conftest import run_warta

FAST = ("--set", "DOWNLOAD_DELAY=0")


def _probe(url: str, proxy: str | None, *extra: str):
    return run_warta("sites", "probe", url, *(("--proxy", proxy) if proxy else ()), *FAST, *extra)


@pytest.mark.parametrize("key", ["kabarnusantara", "suarametro", "sulselterkini"])
def test_a_probed_profile_crawls_every_sample_article(key, sample_sites, sample_server, tmp_path):
    site = next(s for s in sample_sites.values() if s.key == key)
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    written = profiles / f"{key}.toml"
    probe = _probe(site.base_url, sample_server.proxy_url, "--write", str(written))
    assert probe.returncode == 0, probe.stderr
    assert "finds no problem" in probe.stdout
    check = run_warta("sites", "check", str(written))
    assert check.returncode == 0, check.stdout + check.stderr

    env = {"WARTA_SITES_DIR": str(profiles)}
    db_path = tmp_path / "warta.db"
    probed_key = site.host.removeprefix("www.")
    crawl = run_warta(
        "crawl", probed_key, "--db", str(db_path), "--proxy", sample_server.proxy_url,
        "--log-level", "WARNING", "--set", "AUTOTHROTTLE_ENABLED=False", env=env,
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr
    connection = sqlite3.connect(db_path)
    query = "SELECT url FROM articles JOIN sites ON sites.id = site_id WHERE sites.key = ?"
    stored = {url for (url,) in connection.execute(query, (probed_key,))}
    assert set(site.expected) <= stored
    assert not set(site.traps) & stored


def test_the_report_and_json_name_sources_counts_pattern_and_examples(sample_sites, sample_server):
    site = next(s for s in sample_sites.values() if s.key == "sulselterkini")
    report = _probe(site.base_url, sample_server.proxy_url)
    assert report.returncode == 0, report.stderr
    out = report.stdout
    assert "sitemap index    http://sulselterkini.example/sitemap_index.xml" in out
    assert "found via well-known path, robots.txt" in out
    assert "post_tag-sitemap.xml: lists tags, categories, authors or pages" in out
    assert "takes 10 of 10 announced article URLs" in out
    assert "a slug of 4+ words" in out

    result = _probe(site.base_url, sample_server.proxy_url, "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["article_url"] == "^/[a-z0-9]+(?:-[a-z0-9]+){3,}/$"
    feeds = {s["url"]: s for s in found["sources"] if s["kind"] == "feed"}
    assert feeds[site.url("/feed/")]["articles"] == 10
    pattern = found["pattern"]
    assert pattern["announced_taken"] == pattern["announced"] == 10
    assert pattern["non_articles_refused"] == pattern["non_articles"] > 0
    assert site.url("/pedoman-media-siber/") in found["non_article_examples"]
    assert found["profile"] == {
        "sitemaps": ["/sitemap_index.xml"],
        "feeds": ["/feed/"],
        "index_pages": [],
    }


@pytest.mark.parametrize(
    ("shape", "template"),
    [
        ("query", "/indeks?date={date:%Y-%m-%d}"),
        ("path", "/indeks/{date:%Y/%m/%d}"),
        ("form", "/indeks?tanggal={date:%d-%m-%Y}"),
    ],
)
def test_the_wire_portals_dated_index_is_reported(shape, template, tmp_path):
    portal = wire_portal.build(shape, date(2024, 5, 12))
    written = tmp_path / "wire.toml"
    with SampleSiteServer({portal.site.host: portal.site}) as server:
        result = _probe(portal.site.base_url, server.proxy_url, "--write", str(written))
    assert result.returncode == 0, result.stderr
    assert "Dated index pages" in result.stdout
    assert template in result.stdout
    assert f"index_pages = [\n    '{template}',\n]" in written.read_text("utf-8")
    assert "article_url = '^/berita/\\d{6,}/" in written.read_text("utf-8")


class _Site(BaseHTTPRequestHandler):
    """A site on 127.0.0.1 answering from ``routes``: path -> (status, headers, body)."""

    routes: ClassVar[dict[str, tuple[int, dict[str, str], str]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, "tidak ada"))
        data = body.encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/html", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        """Quiet."""


@pytest.fixture
def serve():
    """Serve routes on 127.0.0.1; yields a function that starts a server and its URL."""
    servers = []

    def start(routes: dict[str, tuple[int, dict[str, str], str]]) -> str:
        handler = type("Routes", (_Site,), {"routes": routes})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_HOME = "<!DOCTYPE html><html><head><title>Situs</title></head><body><p>Beranda</p></body></html>"


@pytest.mark.parametrize(
    ("routes", "message"),
    [
        (None, "cannot reach http://127.0.0.1:"),
        ({"/": (200, {"Content-Type": "application/json"}, "{}")}, "is not an HTML page"),
        ({"/": (302, {"Location": "http://elsewhere.example/"}, "")}, "another host"),
        (
            {"/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /\n"),
             "/": (200, {}, _HOME)},
            "forbids warta",
        ),
        ({"/": (200, {}, _HOME)}, "found no article URL"),
    ],
    ids=["unreachable", "not-html", "redirect-elsewhere", "robots-disallow", "nothing-found"],
)  # fmt: skip
def test_a_site_that_cannot_be_probed_gets_one_line(routes, message, serve, tmp_path):
    url = serve(routes) if routes is not None else f"http://127.0.0.1:{_free_port()}"
    written = tmp_path / "site.toml"
    result = _probe(url + "/", None, "--write", str(written))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert not written.exists()
