"""Shared fixtures: the sample site and its local server, and databases on both backends.

PostgreSQL tests use a fresh database per test session on the server named by
``WARTA_TEST_PG_URL`` (default: the local server's ``test`` database). In CI
(``CI=true``) an unreachable server fails the run; elsewhere those tests are skipped
with the reason shown.
"""

from __future__ import annotations

import os
import subprocess
import sys
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


@pytest.fixture
def redis_url():
    """An emptied database of the Redis server named by ``WARTA_TEST_REDIS_URL`` (default
    the local server's database 11). In CI an unreachable server fails the run."""
    import redis

    url = os.environ.get("WARTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")
    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.flushdb()
    except redis.ConnectionError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and not reachable: {exc}")
        pytest.skip(f"Redis not reachable at {url}: {exc}")
    yield url
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
