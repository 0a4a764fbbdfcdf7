"""full-text search over the words' roots, the same tokens on SQLite and PostgreSQL

Articles gain ``search_text``: the title's and the body's words reduced to their roots
by storage.tokens (PySastrawi), written by the store on every write. Both full-text
indexes are rebuilt over it instead of over title and body: SQLite's FTS5 table (its
``unicode61`` tokenizer now only splits on the spaces and lower-cases), and
PostgreSQL's generated ``tsvector`` with the ``simple`` configuration (the title's
roots weighted A, the body's B) instead of the server's own ``indonesian`` stemmer,
which SQLite did not have and whose parser kept ``40.000`` or ``12/8/2024`` as one
word while queries split them. Existing articles are given their ``search_text`` here,
a thousand at a time (some 0.2 ms an article), by the tokenizer this code ships with.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

from storage.tokens import search_text

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_BATCH = 1000


def _fts5(columns: list[str], tokenize: str) -> list[str]:
    """FTS5 over ``columns`` of articles, kept in sync by triggers, filled from the
    table, with the settings of migrations 0003 (merge 8 segments at a time) and 0007
    (room for a whole batch's words in memory)."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"""CREATE VIRTUAL TABLE articles_fts USING fts5(
            {names}, content='articles', content_rowid='id', tokenize='{tokenize}')""",
        f"""CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, {names}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, {names})
            VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER articles_fts_au AFTER UPDATE OF {names} ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, {names})
            VALUES ('delete', old.id, {old});
            INSERT INTO articles_fts(rowid, {names}) VALUES (new.id, {new});
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
        "INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8)",
        f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', {16 * 1024 * 1024})",
    ]


def _drop_fts5() -> None:
    for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS articles_fts")


def _search_vector(expression: str) -> None:
    op.execute(
        f"ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        f"({expression}) STORED"
    )
    op.execute(
        "CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector) "
        "WITH (gin_pending_list_limit = 65536)"
    )


def _drop_search_vector() -> None:
    op.execute("DROP INDEX IF EXISTS ix_articles_search_vector")
    op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_vector")


def _backfill() -> None:
    """Every stored article's ``search_text``, in batches by id."""
    connection = op.get_bind()
    read = sa.text("SELECT id, title, body FROM articles WHERE id > :last ORDER BY id LIMIT :n")
    write = sa.text("UPDATE articles SET search_text = :text WHERE id = :id")
    last = 0
    while rows := connection.execute(read, {"last": last, "n": _BATCH}).all():
        connection.execute(write, [{"id": i, "text": search_text(t, b)} for i, t, b in rows])
        last = rows[-1][0]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _drop_fts5()
    elif dialect == "postgresql":
        _drop_search_vector()
    op.add_column(
        "articles", sa.Column("search_text", sa.Text(), nullable=False, server_default="")
    )
    _backfill()
    if dialect == "sqlite":
        for statement in _fts5(["search_text"], "unicode61 remove_diacritics 0"):
            op.execute(statement)
    elif dialect == "postgresql":
        # The title's roots are the first line; tsvector concatenation numbers the
        # body's words on from the title's, as FTS5 does in its one column.
        _search_vector(
            "setweight(to_tsvector('simple'::regconfig, split_part(search_text, E'\\n', 1)), 'A')"
            " || setweight(to_tsvector('simple'::regconfig, "
            "substr(search_text, strpos(search_text, E'\\n') + 1)), 'B')"
        )


def _old_postgres_config() -> str:
    found = (
        op.get_bind()
        .execute(sa.text("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'"))
        .scalar()
    )
    return "indonesian" if found else "simple"


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _drop_fts5()
    elif dialect == "postgresql":
        _drop_search_vector()
    # SQLite's own ALTER TABLE DROP COLUMN (3.35+), not a batch: a batch would rebuild
    # the table from its reflection, which leaves out the lower(section) index. It
    # refuses a column a trigger reads: the index over it went first.
    op.drop_column("articles", "search_text")
    if dialect == "sqlite":
        for statement in _fts5(["title", "body"], "unicode61 remove_diacritics 2"):
            op.execute(statement)
    elif dialect == "postgresql":
        config = _old_postgres_config()
        _search_vector(
            f"setweight(to_tsvector('{config}'::regconfig, coalesce(title, '')), 'A') || "
            f"setweight(to_tsvector('{config}'::regconfig, coalesce(body, '')), 'B')"
        )
