"""What Alembic's autogenerate compares, shared by env.py and the schema test."""


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Keep autogenerate away from what migrations manage by hand: the FTS5 index and
    its shadow tables, and PostgreSQL's generated search column and its index."""
    return not (name or "").startswith("articles_fts") and name not in _SEARCH_VECTOR


_SEARCH_VECTOR = {"search_vector", "ix_articles_search_vector"}
