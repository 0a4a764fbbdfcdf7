"""The database a crawl writes to, as its settings name it."""

from __future__ import annotations

from storage import ArticleStore


def crawl_store(settings) -> ArticleStore:
    """The store for ``WARTA_DB_URL``, waiting up to ``WARTA_DB_RETRY_SECONDS`` for a
    database that went away (a restart, another writer's lock) before giving up."""
    return ArticleStore(
        settings.get("WARTA_DB_URL"),
        retry_seconds=settings.getfloat("WARTA_DB_RETRY_SECONDS", 300.0),
    )
