"""SQLite's full-text index holds a whole batch's words in memory before writing them

FTS5 collects new rows' words in an in-memory hash and writes them out as a new index
segment when the transaction commits, or sooner each time the hash passes its size
limit, 1 MiB by default. A batch of a thousand articles (some 10 MiB of hash) was
written as ten small segments, each then merged with others, and again, as the index
grows. With room for the batch (16 MiB) a batch is one segment. The hash only grows as
large as one batch's words; PostgreSQL has no such setting.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _hash_size(size: int) -> str:
    return f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', {size})"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_hash_size(16 * 1024 * 1024))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_hash_size(1024 * 1024))
