"""Shared fixtures: the sample site and its local server, and databases on both backends.

PostgreSQL tests use a fresh database per test session on the server named by
``WARTA_TEST_PG_URL`` (default: the local server's ``test`` database); Redis tests a
``redis-server`` the session starts for itself (or the one named by
``WARTA_TEST_REDIS_URL``). In CI (``CI=true``) a server that cannot be had fails the
run; elsewhere those tests are skipped with the reason shown.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from crawler.sample_site import build_sample_sites
from crawler.sample_site.server import SampleSiteServer

PG_ADMIN_URL = os.environ.get("WARTA_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")
WARTA = Path(sys.executable).with_name("warta")
PROJECT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_sites():
    return build_sample_sites()


@pytest.fixture
def sample_server(sample_sites):
    with SampleSiteServer(sample_sites) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_server_url():
    """A fresh, empty PostgreSQL database for this test session; dropped afterwards."""
    name = f"warta_test_{uuid.uuid4().hex[:10]}"
    admin = make_url(PG_ADMIN_URL)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
    yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )
    from storage.db import open_database

    open_database.cache_clear()  # release pooled connections before dropping
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory):
    """A Redis of this test session's own: a ``redis-server`` on a free port of 127.0.0.1,
    stopped afterwards; or the server named by ``WARTA_TEST_REDIS_URL``.

    Not a database of the machine's shared server: the distributed tests' keys are the
    product's own (``warta:sites``, ``warta:<site>:...``), so two test sessions on one
    server (two developers, or a developer and CI, on one machine) empty each other's
    database and join each other's rounds: a worker may then find no round at all and
    leave the whole crawl to the other. In CI a Redis that cannot be had fails the run.
    """
    import redis

    def unavailable(reason: str):
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI: {reason}")
        pytest.skip(reason)

    named = os.environ.get("WARTA_TEST_REDIS_URL")
    if named:
        try:
            redis.Redis.from_url(named, socket_connect_timeout=5).ping()
        except redis.ConnectionError as exc:
            unavailable(f"not reachable at {named}: {exc}")
        yield named
        return
    if shutil.which("redis-server") is None:
        unavailable("no redis-server to start (or set WARTA_TEST_REDIS_URL)")
    folder = tmp_path_factory.mktemp("redis")
    server, url = None, None
    for _ in range(5):  # the free port found may be taken before the server binds it
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(folder), "--logfile", str(folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while server.poll() is None and time.monotonic() < deadline:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            server.kill()
            server.wait()
            continue
        break
    else:
        unavailable(f"redis-server did not start: {(folder / 'redis.log').read_text()[-500:]}")
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture
def redis_url(redis_server_url):
    """An emptied database of the session's Redis (see ``redis_server_url``)."""
    import redis

    client = redis.Redis.from_url(redis_server_url, socket_connect_timeout=5)
    client.flushdb()
    yield redis_server_url
    client.flushdb()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """An empty database on each backend, same tests for both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'warta.db'}"
    base = request.getfixturevalue("postgres_server_url")
    # Each test gets its own schema-free database state by truncating what earlier
    # tests left behind.
    _reset_postgres(base)
    return base


def _reset_postgres(url: str) -> None:
    from sqlalchemy import text

    from storage.db import open_database

    engine = open_database(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "TRUNCATE article_versions, crawl_runs, articles, sites, discovery_documents, "
                "lasting_skips RESTART IDENTITY CASCADE"
            )
        )


def allow_connections(db_url: str, allowed: bool) -> None:
    """Open or close a PostgreSQL database to connections. Closing it also cuts every
    connection it has: to a client, the database went away as in a server restart,
    while the other test databases on the server stay up."""
    url = make_url(db_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS {str(allowed).lower()}'
        )
        if not allowed:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (url.database,),
            )


def run_scrapy(*args: str, env: dict | None = None, timeout: int = 300):
    """Run Scrapy's own command in the project, as `scrapy crawl news -a site=...`."""
    return subprocess.run(
        [str(WARTA.with_name("scrapy")), *args],
        cwd=PROJECT_DIR,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_warta(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 300):
    """Run the installed `warta` command as a user would, capturing its output."""
    return subprocess.run(
        [str(WARTA), *args],
        cwd=cwd or PROJECT_DIR,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def pytest_sessionfinish(session, exitstatus) -> None:
    from tests.reliability import write_report

    write_report()
