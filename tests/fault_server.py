"""A news site that misbehaves in every way a real one does, served on 127.0.0.1.

Like the sample site server it answers as an HTTP proxy, so the crawler keeps the site's
own URLs (``http://rusak.example/...``). Each path has a behaviour: a page, a status to
answer for the first few tries, a hang, a reset connection, a body cut short, a redirect,
raw bytes with any headers. Every request is recorded with the attempt number it was.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Answer:
    """What the server sends for one request."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0  # seconds to wait before answering
    reset: bool = False  # close the connection without answering
    cut_at: int | None = None  # send only this many body bytes, then close


# A behaviour gets the attempt number (1 for the first request of that path).
Behaviour = Callable[[int], Answer]


def page(body: bytes, content_type: str = "text/html; charset=utf-8", **headers) -> Behaviour:
    return lambda attempt: Answer(200, body, {"Content-Type": content_type, **headers})


def failing_first(
    statuses: list[int], then: Behaviour, headers: dict[str, str] | None = None
) -> Behaviour:
    """Answer ``statuses`` to the first tries (one each), then behave as ``then``."""

    def behave(attempt: int) -> Answer:
        if attempt <= len(statuses):
            return Answer(statuses[attempt - 1], b"<html><body>Gangguan</body></html>",
                          {"Content-Type": "text/html", **(headers or {})})  # fmt: skip
        return then(attempt)

    return behave


def on_first(answer: Answer, then: Behaviour) -> Behaviour:
    return lambda attempt: answer if attempt == 1 else then(attempt)


def always(answer: Answer) -> Behaviour:
    return lambda attempt: answer


class FaultServer:
    def __init__(self, host: str, routes: dict[str, Behaviour]) -> None:
        self.host = host
        self.routes = routes
        self.attempts: Counter = Counter()
        self.requests: list[tuple[str, str]] = []  # (host, path)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True

    @property
    def proxy_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                target = urlsplit(self.path)
                host = (target.netloc or self.headers.get("Host", "")).lower()
                path = (target.path or "/") + (f"?{target.query}" if target.query else "")
                with server._lock:
                    server.requests.append((host, path))
                    server.attempts[(host, path)] += 1
                    attempt = server.attempts[(host, path)]
                behaviour = server.routes.get(path) if host == server.host else None
                answer = behaviour(attempt) if behaviour else Answer(404, b"tidak ada")
                self._send(answer)

            def _send(self, answer: Answer) -> None:
                if answer.hang:
                    time.sleep(answer.hang)
                if answer.reset:
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    self.close_connection = True
                    self.connection.close()
                    return
                self.send_response(answer.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **answer.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                if answer.cut_at is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                if answer.cut_at is not None:
                    self.wfile.write(answer.body[: answer.cut_at])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(answer.body)

            def log_message(self, format: str, *args) -> None:
                """Quiet: the request list is the log."""

        return Handler

    def __enter__(self) -> FaultServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
