"""One crawl of a site at a time, however crawls are started: by `warta schedule`, by
cron, by hand, on one machine or several.

The lock lives with the database, so every crawler writing to it sees it: a PostgreSQL
advisory lock held by a connection kept open for the crawl, or on SQLite an exclusive
``flock`` on a file beside the database. Both vanish with the process that held them, so
a crawl killed with SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError


class SiteBusy(RuntimeError):
    """Another crawl of this site is running."""

    def __init__(self, site: str) -> None:
        super().__init__(f"{site} is already being crawled by another process")
        self.site = site


def _advisory_key(site: str) -> int:
    """A stable signed 64-bit key for ``pg_try_advisory_lock``, one per site."""
    digest = hashlib.blake2b(f"warta-crawl:{site}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


@contextmanager
def site_lock(engine: Engine, site: str) -> Iterator[None]:
    """Hold the crawl lock of ``site`` for the ``with`` block; ``SiteBusy`` if taken."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            key = _advisory_key(site)
            taken = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key})
            if not taken.scalar():
                raise SiteBusy(site)
            try:
                yield
            finally:
                # If the connection died (a server restart), the lock went with it.
                with suppress(DBAPIError):
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        return
    path = _lock_file(engine, hashlib.sha1(site.encode()).hexdigest()[:12])
    if path is None:  # an in-memory database is private to this process
        yield
        return
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SiteBusy(site) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock_file(engine: Engine, name: str) -> Path | None:
    """A lock file beside a SQLite database file; None for an in-memory database."""
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database).resolve().parent / f".{Path(database).name}.{name}.lock"


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """On SQLite, wait for any other process migrating the same file. (PostgreSQL's
    migrations take an advisory lock inside their own transaction instead.)"""
    path = _lock_file(engine, "migrate") if engine.dialect.name == "sqlite" else None
    if path is None:
        yield
        return
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
