"""What Datasette needs to know about warta's SQLite schema to browse it well.

The metadata built here turns the ``articles`` table into a searchable, faceted view:
full-text search through ``articles_fts``, facets on site, section, language and
publication day, newest first, and the bookkeeping tables out of sight. Its ``warta``
plugin block configures the plugin in ``datasette_plugins/`` (the articles' default
view, warta's own ranked search page). Serving it is the job of ``warta browse``;
nothing here starts a server.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import urlencode

TITLE = "warta"
FTS_TABLE = "articles_fts"
PLUGIN = "warta"
# Datasette loads every .py file in PLUGINS_DIR as a plugin, so it holds warta's only.
PLUGINS_DIR = Path(__file__).with_name("datasette_plugins")
TEMPLATES_DIR = PLUGINS_DIR / "templates"
SEARCH_PATH = "/-/warta-search"
# What a reader scans a list of stories by. The body and the other long or technical
# columns stay on each article's row page, and ?_col= or "Show all columns" brings
# them back into the table.
DEFAULT_COLUMNS = ("title", "site_id", "published", "section", "authors")
DEFAULT_SORT_DESC = "published_utc"
# Datasette hides FTS virtual tables and their shadow tables by itself; naming them keeps
# them hidden whatever the version, and alembic_version is noise to a reader.
HIDDEN_TABLES = (
    "alembic_version",
    FTS_TABLE,
    f"{FTS_TABLE}_data",
    f"{FTS_TABLE}_idx",
    f"{FTS_TABLE}_docsize",
    f"{FTS_TABLE}_config",
)

_ARTICLE_COLUMNS = {
    "url": "canonical URL of the story",
    "url_seen": "the URL the crawler fetched",
    "published": "publication time as the page stated it, with its own offset (or a bare date)",
    "published_utc": "the same instant in UTC, for sorting and filtering",
    "updated": "last update as the page stated it",
    "body": "the article text, paragraphs separated by a blank line",
    "content_hash": "hash of the text; the same story under two URLs shares it",
    "dateline": "place line the story starts with, e.g. 'JAKARTA, KOMPAS.com -'",
    "syndication_source": "where the story first ran ('Artikel ini telah tayang di ...')",
}


def default_view_query() -> str:
    """The query string of the articles' default view: its columns, newest first.

    The sort is spelled out although the metadata sorts the same way, so that the URL
    never becomes bare again when a reader drops the columns ("Show all columns"):
    a bare URL is what the plugin sends to this view.
    """
    return urlencode(
        [("_col", column) for column in DEFAULT_COLUMNS] + [("_sort_desc", DEFAULT_SORT_DESC)]
    )


def _search_form() -> str:
    """A search box at the top of the articles table for warta's own ranked search;
    Datasette's search box further down filters the table word by word, newest first."""
    return (
        f'<form action="{SEARCH_PATH}" method="get">'
        '<label for="warta-q">Ranked search in warta\'s syntax</label> '
        '<input id="warta-q" type="search" name="q" '
        'placeholder="banjir &quot;Jakarta Barat&quot; -rob"> '
        '<input type="submit" value="Search"></form>'
        "<p>Words must all appear; &quot;exact phrase&quot;; prefix*; a OR b; -excluded. "
        "Each title opens the article on its site, each id everything warta stored.</p>"
    )


def database_name(db_path: str | Path) -> str:
    """The name Datasette gives a database file: its file name without the suffix."""
    return Path(db_path).stem


def datasette_metadata(name: str, *, full_text: bool = True) -> dict:
    """Datasette 0.65 metadata for the warta database Datasette calls ``name``.

    ``full_text`` says whether the database has the ``articles_fts`` index; without it
    the table is still faceted and sorted, only the search boxes are missing.
    """
    articles: dict = {
        "description_html": "<p>One row per story, keyed by its canonical URL.</p>"
        + (_search_form() if full_text else ""),
        "label_column": "title",
        "facets": ["site_id", "section", "language", {"date": "published_utc"}],
        "sort_desc": DEFAULT_SORT_DESC,
        "columns": _ARTICLE_COLUMNS,
    }
    if full_text:
        articles["fts_table"] = FTS_TABLE
        articles["fts_pk"] = "id"
    tables: dict = {
        "articles": articles,
        "sites": {"label_column": "key"},
        "crawl_runs": {"sort_desc": "started_at"},
    }
    tables.update({table: {"hidden": True} for table in HIDDEN_TABLES})
    return {
        "title": TITLE,
        "description": "Indonesian news articles crawled by warta (read-only).",
        "databases": {name: {"tables": tables}},
        "plugins": {
            PLUGIN: {
                "database": name,
                "default_view": default_view_query(),
            }
        },
    }


def table_names(db_path: str | Path) -> set[str]:
    """The tables and virtual tables in the SQLite file, read without writing anything."""
    uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {row[0] for row in rows}


def checkpoint(db_path: str | Path) -> bool:
    """Copy what the write-ahead log holds into the database file itself.

    Datasette's immutable mode reads only the main file and never the ``-wal`` file, so
    articles a crawl committed but SQLite has not checkpointed yet would be invisible.
    Returns False when a busy writer or reader kept part of the log from being copied.
    """
    with closing(sqlite3.connect(Path(db_path), timeout=5)) as conn:
        busy, log_frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return not busy and log_frames == copied
