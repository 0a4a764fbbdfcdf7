"""what steady-state crawls remember: lasting skips, absent discovery paths, listing walks

A page skipped for a reason that will not change soon (not an article, a paywall,
another language, gone) is kept in ``lasting_skips`` so the next crawls do not fetch
it again; a discovery path that answered 404 or 410 keeps that answer in
``discovery_documents.absent_status`` so it is not probed every crawl; and
``sites.listings_read_at`` says when the site's HTML listings were last walked whole,
so that they are walked again only at their own, slower cadence.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lasting_skips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site", sa.String(length=100), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("skipped_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("site", "url"),
    )
    # Plain ALTER TABLE on both: a batch copy of ``sites`` would have to drop a table
    # that articles and crawl runs refer to.
    op.add_column("discovery_documents", sa.Column("absent_status", sa.Integer(), nullable=True))
    op.add_column("sites", sa.Column("listings_read_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("sites", "listings_read_at")
    op.drop_column("discovery_documents", "absent_status")
    op.drop_table("lasting_skips")
