"""a longer pending list for PostgreSQL's full-text index

New rows' words wait in the GIN index's pending list until it is merged into the index
proper. The store merges it from a connection of its own after each batch (see
storage.background); the limit at which the inserting writer merges it itself goes
from the server's default 4 MB, which a batch of a thousand articles fills twice, to
64 MB, a bound for when that connection falls behind. SQLite has no such list.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER INDEX ix_articles_search_vector SET (gin_pending_list_limit = 65536)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER INDEX ix_articles_search_vector RESET (gin_pending_list_limit)")
