"""Opening a database: URL handling, engine settings per backend, and migrations.

Every entry point goes through :func:`open_database`, so an empty database is always
brought to the current schema before anything reads or writes it.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from storage.locks import migration_lock

DEFAULT_DB_URL = "sqlite:///warta.db"
# The backends the schema, the full-text search and the crawl locks are written for.
BACKENDS = ("sqlite", "postgresql")
# "htp:/x", "postgresql:/x": a URL with a slip in its "://", not a file name.
_MISTYPED_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/")
# PostgreSQL advisory lock key held while migrating ("warta" in ASCII).
_MIGRATION_KEY = 0x7761727461
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class DatabaseURLError(ValueError):
    """The database URL given by the user cannot be used."""


def resolve_db_url(url: str | None = None) -> str:
    """The URL to use: the one given, else ``WARTA_DB_URL``, else ``./warta.db``.

    A bare file path is accepted as a SQLite database, because that is what people type.
    """
    url = url or os.environ.get("WARTA_DB_URL") or DEFAULT_DB_URL
    if "://" not in url:
        if _MISTYPED_URL.match(url):
            raise DatabaseURLError(
                f"{url} looks like a mistyped URL (scheme://...); name a SQLite file by its path"
            )
        url = f"sqlite:///{Path(url).expanduser()}"
    if url.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; SQLAlchemy's default for this scheme is psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        backend = make_url(url).get_backend_name()
        make_url(url).get_dialect()
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DatabaseURLError(f"not a usable database URL: {redact(url)}") from exc
    if backend not in BACKENDS:
        raise DatabaseURLError(
            f"warta keeps its articles in SQLite or PostgreSQL, not {backend}: {redact(url)}"
        )
    return url


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, absolute, as the user will look for it; None for any
    other backend and for an in-memory database."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):  # a SQLite URI names its own file and options
        return None
    return Path(database).expanduser().absolute()


def open_existing_database(url: str | None = None) -> Engine:
    """:func:`open_database` for commands that only read: a SQLite file that is not there
    is the user's slip (a typo, a relative path from the wrong folder), never a new,
    empty database that answers every question with nothing."""
    resolved = resolve_db_url(url)
    path = sqlite_file(resolved)
    if path is not None and not path.is_file():
        raise DatabaseURLError(
            f"no database at {path}; `warta crawl`, `warta demo` or `warta db upgrade` makes one"
        )
    return open_database(resolved)


def _check_sqlite_folder(url: str) -> None:
    """A SQLite file can only be created in a folder that exists; say which one is missing
    before SQLite and the migration lock fail with less helpful words."""
    path = sqlite_file(url)
    if path is not None and not path.parent.is_dir():
        raise DatabaseURLError(
            f"cannot create the SQLite database {path}: no directory {path.parent}"
        )


def redact(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparsable database URL>"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (search, browse) work while a crawl writes; busy_timeout makes a
    # second writer wait for the lock instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # A 64 MiB page cache keeps the full-text index's hot pages in memory during loads.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    # The store checkpoints after each batch in a thread of its own (storage.background);
    # the writer's own checkpoint, which waits for the disk, only bounds the log at
    # 200 MiB should that thread fall behind or a writer not use the store.
    cursor.execute("PRAGMA wal_autocheckpoint=50000")
    cursor.close()


@cache
def open_database(url: str | None = None) -> Engine:
    """An engine for ``url`` with the schema migrated to the newest revision."""
    resolved = resolve_db_url(url)
    _check_sqlite_folder(resolved)
    engine = create_engine(resolved, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        upgrade(engine)
    except OSError as exc:  # the migration lock beside a SQLite file: a read-only folder
        raise DatabaseURLError(
            f"cannot open the SQLite database {sqlite_file(resolved)}: {exc.strerror or exc}"
        ) from None
    return engine


@cache
def migrations_dir() -> Path:
    """The migration scripts as a folder Alembic can read.

    Installed normally they are a folder beside this module; in a scrapyd egg they sit
    inside a zip file, and are copied out once per process.
    """
    if MIGRATIONS_DIR.is_dir():
        return MIGRATIONS_DIR
    root = tempfile.mkdtemp(prefix="warta-migrations-")
    atexit.register(shutil.rmtree, root, True)
    target = Path(root) / "migrations"
    _copy_tree(files("storage") / "migrations", target)
    return target


def _copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_dir():
            _copy_tree(entry, target / entry.name)
        elif not entry.name.endswith(".pyc"):
            (target / entry.name).write_bytes(entry.read_bytes())


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run Alembic migrations up to ``revision`` on ``engine``.

    Several processes may open a new database at once (workers starting together): one
    migrates while the others wait, then find nothing left to do.
    """
    config = alembic_config()
    with migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
