"""Serving sample sites (or any in-memory site) on 127.0.0.1, recording every request.

The server answers as an HTTP proxy: the crawler keeps the sites' own URLs and sends
``GET http://host/path`` to this address, and the server picks the page by host and path.
Tests read ``requests`` to assert on exactly what the crawler asked for.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from crawler.sample_site.site import BuiltSite, Page

NOT_FOUND = Page(
    '<!DOCTYPE html><html lang="id"><head><title>404 Halaman Tidak Ditemukan</title></head>'
    "<body><h1>Halaman tidak ditemukan</h1><p>Maaf, halaman yang Anda cari tidak tersedia.</p>"
    "</body></html>",
    status=404,
)


@dataclass(frozen=True)
class SeenRequest:
    method: str
    host: str
    path: str  # path with query
    headers: dict[str, str]

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"


class SampleSiteServer:
    """A threaded HTTP server on 127.0.0.1 and a free port; use as a context manager."""

    def __init__(self, sites: dict[str, BuiltSite], delay: float = 0.0) -> None:
        self.sites = sites
        self.delay = delay  # seconds before each answer: a slow site, for tests
        # Called with each request, in its own thread, before it is answered: a test can
        # hold answers back until something has happened elsewhere.
        self.hold: Callable[[SeenRequest], None] | None = None
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def proxy_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes; with Nagle's algorithm the body of
            # a kept-alive connection waits ~40 ms for the client's delayed ACK.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                self._answer(send_body=True)

            def do_HEAD(self) -> None:
                self._answer(send_body=False)

            def _answer(self, send_body: bool) -> None:
                target = urlsplit(self.path)
                host = (target.netloc or self.headers.get("Host", "")).lower()
                path = target.path or "/"
                if target.query:
                    path += "?" + target.query
                seen = SeenRequest(self.command, host, path, dict(self.headers))
                server.record(seen)
                if server.hold:
                    server.hold(seen)
                if server.delay:
                    time.sleep(server.delay)
                site = server.sites.get(host)
                page = site.pages.get(path, NOT_FOUND) if site else NOT_FOUND
                body = page.body.encode("utf-8")
                # Validators as real servers send them, so conditional requests can be
                # tested: a strong ETag of the body, and Last-Modified where the page has
                # a time.
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                unchanged = page.status == 200 and (
                    self.headers.get("If-None-Match") == etag
                    or (
                        page.last_modified is not None
                        and self.headers.get("If-None-Match") is None
                        and self.headers.get("If-Modified-Since") == page.last_modified
                    )
                )
                self.send_response(304 if unchanged else page.status)
                self.send_header("ETag", etag)
                if page.last_modified:
                    self.send_header("Last-Modified", page.last_modified)
                if unchanged:
                    self.end_headers()
                    return
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if send_body:
                    self.wfile.write(body)

            def log_message(self, format: str, *args) -> None:
                """Quiet: the request list is the log."""

        return Handler

    def record(self, request: SeenRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> SampleSiteServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> SampleSiteServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
