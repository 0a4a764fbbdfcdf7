"""indexes that list a filter's articles newest first

A search ranks the newest matches of its query, and on PostgreSQL finds them by walking
the articles newest first and testing each one. With a filter, the walk should visit
only the filter's articles: the indexes on site, section and publication time gain the
id (publication time and id, for a date range), so that one index gives a site's or a
section's articles in the order the walk needs. SQLite's indexes already end in the
row id; there the new definitions index the same entries and keep the two schemas one.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (old name, old columns, new name, new columns)
INDEXES = [
    ("ix_articles_site_id", ["site_id"], "ix_articles_site_id_id", ["site_id", "id"]),
    (
        "ix_articles_published_utc",
        ["published_utc"],
        "ix_articles_published_utc_id",
        ["published_utc", "id"],
    ),
    (
        "ix_articles_section_lower",
        [sa.text("lower(section)")],
        "ix_articles_section_lower_id",
        [sa.text("lower(section)"), "id"],
    ),
]


def upgrade() -> None:
    for old, _, new, columns in INDEXES:
        op.create_index(new, "articles", columns)
        op.drop_index(old, table_name="articles")


def downgrade() -> None:
    for old, columns, new, _ in INDEXES:
        op.create_index(old, "articles", columns)
        op.drop_index(new, table_name="articles")
