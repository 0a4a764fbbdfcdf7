"""warta's data layer: SQLAlchemy models, migrations, upserts and queries.

No HTTP and no HTML here: the store takes plain article records.
"""

from storage.db import (
    DatabaseURLError,
    open_database,
    open_existing_database,
    redact,
    resolve_db_url,
)
from storage.records import ArticleRecord
from storage.store import ArticleStore, UpsertResult

__all__ = [
    "ArticleRecord",
    "ArticleStore",
    "DatabaseURLError",
    "UpsertResult",
    "open_database",
    "open_existing_database",
    "redact",
    "resolve_db_url",
]
