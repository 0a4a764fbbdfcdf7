"""indexes for a million articles

Each SimHash band index also carries the fingerprint (and on PostgreSQL the id), so the
near-duplicate candidates of a batch are read from the indexes alone: at a million
articles a batch of a thousand has some sixty thousand candidates, and fetching each
from the table was most of the cost of an upsert. The section index becomes an index on
``lower(section)``, which is what the filters compare. SQLite's full-text index merges
its segments eight at a time instead of four: about a fifth faster to load at a few
hundred thousand articles, for slightly more segments to read per search.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BANDS = 4


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_section")
        batch.create_index("ix_articles_section_lower", [sa.text("lower(section)")])
        for band in range(BANDS):
            batch.drop_index(f"ix_articles_simhash_band{band}")
            batch.create_index(
                f"ix_articles_simhash_band{band}",
                [f"simhash_band{band}", "simhash"],
                postgresql_include=["id"],
            )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_fts_automerge(8))


def _fts_automerge(segments: int) -> str:
    return f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', {segments})"


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_fts_automerge(4))
    with op.batch_alter_table("articles") as batch:
        for band in range(BANDS):
            batch.drop_index(f"ix_articles_simhash_band{band}")
            batch.create_index(f"ix_articles_simhash_band{band}", [f"simhash_band{band}"])
        batch.drop_index("ix_articles_section_lower")
        batch.create_index("ix_articles_section", ["section"])
