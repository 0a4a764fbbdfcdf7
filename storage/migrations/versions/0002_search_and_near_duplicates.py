"""full-text search and near-duplicate links

SQLite gets an FTS5 index over title and body, kept in sync by triggers; PostgreSQL a
generated tsvector column (the built-in `indonesian` configuration where the server has
it, else `simple`) with a GIN index. Articles gain a SimHash fingerprint, split into four
16-bit bands so that candidates within a few bits are found by index, and a link to the
first copy of a story republished elsewhere.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BANDS = 4

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]


def _postgres_config() -> str:
    has_indonesian = (
        op.get_bind()
        .execute(sa.text("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'"))
        .scalar()
    )
    return "indonesian" if has_indonesian else "simple"


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("simhash", sa.BigInteger(), nullable=True))
        for band in range(BANDS):
            batch.add_column(sa.Column(f"simhash_band{band}", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("near_duplicate_of", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_articles_near_duplicate_of", "articles", ["near_duplicate_of"], ["id"]
        )
        batch.create_index("ix_articles_near_duplicate_of", ["near_duplicate_of"])
        for band in range(BANDS):
            batch.create_index(f"ix_articles_simhash_band{band}", [f"simhash_band{band}"])

    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        config = _postgres_config()
        op.execute(
            f"""ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A') ||
                setweight(to_tsvector('{config}'::regconfig, coalesce(body, '')), 'B')
            ) STORED"""
        )
        op.execute("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table("articles") as batch:
        for band in range(BANDS):
            batch.drop_index(f"ix_articles_simhash_band{band}")
        batch.drop_index("ix_articles_near_duplicate_of")
        batch.drop_constraint("fk_articles_near_duplicate_of", type_="foreignkey")
        batch.drop_column("near_duplicate_of")
        for band in range(BANDS):
            batch.drop_column(f"simhash_band{band}")
        batch.drop_column("simhash")
