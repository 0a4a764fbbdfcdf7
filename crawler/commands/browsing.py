"""`warta browse`: the SQLite database in Datasette, read-only, on 127.0.0.1.

Datasette runs as ``python -m datasette`` in a child process with the database opened
immutable (``-i``): SQLite is told the file cannot change, so nothing can write through
the browser. The server listens on 127.0.0.1 only; there is deliberately no option to
listen elsewhere. warta's plugin (storage/datasette_plugins) gives the articles table a
default view a reader can scan and adds a page running `warta search` itself.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy.engine import make_url

from crawler.commands import UsageError, add_db_option, console
from storage import open_database, redact, resolve_db_url
from storage.datasette import (
    FTS_TABLE,
    PLUGINS_DIR,
    SEARCH_PATH,
    TEMPLATES_DIR,
    checkpoint,
    database_name,
    datasette_metadata,
    table_names,
)

HOST = "127.0.0.1"
START_TRIES = 150  # polls while Datasette starts...
POLL_INTERVAL = 0.2  # ...this many seconds apart (about 30 s in all)
REQUEST_TIMEOUT = 2.0
STOP_TIMEOUT = 10.0
# Long article bodies would make every table row a wall of text; full text is one click away.
SETTINGS = {"truncate_cells_html": "300", "facet_time_limit_ms": "1000"}

# Requests to our own server must never go through a proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class DatasetteError(UsageError):
    """Datasette would not start, or stopped by itself."""


def sqlite_path(db_url: str) -> Path:
    """The SQLite file behind ``db_url``; a UsageError for anything Datasette cannot open."""
    url = make_url(db_url)
    backend = url.get_backend_name()
    if backend != "sqlite":
        raise UsageError(
            f"warta browse opens SQLite database files only, not {backend}: {redact(db_url)}"
        )
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise UsageError(f"warta browse needs a SQLite database file, not {db_url}")
    path = Path(url.database).expanduser()
    if not path.is_file():
        raise UsageError(
            f"no SQLite database at {path}; fill one first with `warta demo` or `warta crawl`"
        )
    return path.resolve()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def datasette_argv(db_path: str | Path, port: int, metadata_path: str | Path) -> list[str]:
    """The command line that serves ``db_path`` immutable on 127.0.0.1:``port``."""
    argv = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        str(db_path),
        "--host",
        HOST,
        "--port",
        str(port),
        "--metadata",
        str(metadata_path),
        # warta's plugin: the articles' default view and warta's own search page
        "--plugins-dir",
        str(PLUGINS_DIR),
        "--template-dir",
        str(TEMPLATES_DIR),
    ]
    for name, value in SETTINGS.items():
        argv += ["--setting", name, value]
    return argv


def table_url(root: str, db_path: str | Path, table: str = "articles") -> str:
    """The page of ``table`` under a server's root URL (names tilde-encoded as Datasette does)."""
    from datasette.utils import tilde_encode

    return f"{root}{tilde_encode(database_name(db_path))}/{tilde_encode(table)}"


def _answers(url: str) -> bool:
    try:
        with _opener.open(url, timeout=REQUEST_TIMEOUT):
            return True
    except urllib.error.HTTPError:
        return True  # an HTTP error is still an answer: the server is up
    except (urllib.error.URLError, OSError):
        return False


def _last_line(path: Path) -> str:
    try:
        lines = [line.strip() for line in path.read_text(errors="replace").splitlines()]
    except OSError:
        return ""
    lines = [line for line in lines if line]
    return lines[-1] if lines else ""


class DatasetteServer:
    """Datasette serving one database file; a context manager that starts and stops it.

    Datasette's own output goes to a log file in a temporary directory; its last line is
    what an error reports when Datasette fails.
    """

    def __init__(self, db_path: str | Path, port: int) -> None:
        self.db_path = Path(db_path)
        self.port = port
        self.url = f"http://{HOST}:{port}/"
        self.complete_snapshot = True
        self.process: subprocess.Popen | None = None
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._log: Path | None = None

    def __enter__(self) -> DatasetteServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        self.complete_snapshot = checkpoint(self.db_path)
        full_text = FTS_TABLE in table_names(self.db_path)
        metadata = datasette_metadata(database_name(self.db_path), full_text=full_text)
        self._tmp = tempfile.TemporaryDirectory(prefix="warta-browse-")
        tmp = Path(self._tmp.name)
        metadata_path = tmp / "metadata.json"
        metadata_path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False))
        self._log = tmp / "datasette.log"
        with self._log.open("wb") as log:
            self.process = subprocess.Popen(
                datasette_argv(self.db_path, self.port, metadata_path),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        probe = f"{self.url}-/versions.json"
        for _ in range(START_TRIES):
            if self.process.poll() is not None:
                raise DatasetteError(f"Datasette did not start: {self.last_log_line()}")
            if _answers(probe):
                return
            time.sleep(POLL_INTERVAL)
        raise DatasetteError(f"Datasette did not answer on {self.url} in time")

    def wait(self) -> int:
        """Block until Datasette exits by itself; its exit code."""
        assert self.process is not None
        while self.process.poll() is None:
            time.sleep(POLL_INTERVAL)
        return self.process.returncode

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()  # uvicorn shuts down cleanly on SIGTERM
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                process.kill()
                process.wait()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def last_log_line(self) -> str:
        line = _last_line(self._log) if self._log else ""
        return line or "no output"


@contextmanager
def serve_datasette(db_path: str | Path, port: int) -> Iterator[str]:
    """Serve ``db_path`` read-only on 127.0.0.1:``port``; yields the root URL once it answers."""
    with DatasetteServer(db_path, port) as server:
        yield server.url


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _can_open_browser() -> bool:
    """A graphical browser can be expected: without one, webbrowser would start a text
    browser (lynx, w3m) in this terminal and block."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_browse(args: argparse.Namespace) -> int:
    db_url = resolve_db_url(args.db)
    db_path = sqlite_path(db_url)
    open_database(db_url)  # migrated, so the full-text index is there
    port = args.port or free_port()
    if args.port and not port_is_free(port):
        raise UsageError(f"port {port} on {HOST} is already in use; choose another with --port")

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with DatasetteServer(db_path, port) as server:
            url = table_url(server.url, db_path)
            console.print(
                f"Datasette is serving {db_path} read-only at", highlight=False, markup=False
            )
            console.print(f"  {url}", highlight=False, markup=False, soft_wrap=True)
            console.print(
                f"  {server.url}{SEARCH_PATH[1:]}  (search as warta search does)",
                highlight=False,
                markup=False,
                soft_wrap=True,
            )
            if not server.complete_snapshot:
                console.print(
                    "[yellow]Something is writing to the database: the newest articles may "
                    "be missing; restart warta browse once it is done to see them.[/]"
                )
            console.print("Press Ctrl-C to stop.")
            sys.stdout.flush()
            if not args.no_open and _can_open_browser():
                with suppress(Exception):
                    webbrowser.open(url)
            code = server.wait()
            raise DatasetteError(f"Datasette stopped by itself (exit code {code})")
    except KeyboardInterrupt:
        console.print("Stopped.")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a TCP port: {value}")
    return port


def register(subcommands) -> None:
    browse = subcommands.add_parser(
        "browse",
        help="search and facet the articles in Datasette (SQLite, read-only, on 127.0.0.1)",
        description=(
            "Open the SQLite database in Datasette, immutable and bound to 127.0.0.1 only: "
            "the articles newest first (title, site, published, section, authors), facets "
            "by site, section, language and day, and a search page that runs warta search "
            "(same syntax, best first, with snippets). It shows the database as it is when "
            "browse starts; restart it to see newer articles."
        ),
    )
    add_db_option(browse)
    browse.add_argument(
        "--port", type=_port, default=None, help="port on 127.0.0.1 (default: a free one)"
    )
    browse.add_argument("--no-open", action="store_true", help="do not open a web browser")
    browse.set_defaults(handler=cmd_browse)
