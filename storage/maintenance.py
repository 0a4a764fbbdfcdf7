"""Housekeeping after a big load: the work a database defers while it is written to."""

from __future__ import annotations

from sqlalchemy import Engine, text


def optimize(engine: Engine) -> list[str]:
    """Merge SQLite's full-text index into one segment and refresh planner statistics;
    on PostgreSQL, VACUUM ANALYZE the articles (statistics, visibility map for
    index-only scans, and the GIN index's pending list). Returns what was done.

    Worth running after a backfill of many thousands of articles; searches read one
    segment instead of dozens. It takes about a minute per million articles on SQLite.
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')"))
            connection.execute(text("ANALYZE"))
        return ["full-text index merged", "statistics refreshed"]
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE) articles"))
        return ["articles vacuumed", "statistics refreshed"]
    return []
