"""Alembic environment: migrations always run on a connection handed in by storage.db."""

from alembic import context

from storage.models import Base

connection = context.config.attributes["connection"]


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Keep autogenerate away from what migrations manage by hand: the FTS5 index and
    its shadow tables, and PostgreSQL's generated search column."""
    return not (name or "").startswith("articles_fts") and name != "search_vector"


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
