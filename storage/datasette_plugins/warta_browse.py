"""warta's Datasette plugin: the articles' default view.

`warta browse` loads it with ``--plugins-dir``; the ``warta`` block of the metadata
(storage.datasette) names the database and the default view. It adds:

- a redirect from the bare articles table to its default view, so the URL a reader
  lands on says which columns and order they see, and every Datasette control
  (facets, "Show all columns", ?_col=, the JSON and CSV links) works from it;
- titles linked to the article on its site, and author and tag lists as plain names.
"""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import asgi_send_redirect
from markupsafe import Markup, escape

from storage.datasette import PLUGIN

TABLE = "articles"


def _config(datasette) -> dict[str, str]:
    return datasette.plugin_config(PLUGIN) or {}


@hookimpl
def asgi_wrapper(datasette):
    """Send a bare visit of the articles table to its default view.

    Only the bare HTML page: ``articles.json`` and any URL with a query string are
    Datasette's own, so scripts keep every column and a reader who chose "Show all
    columns" keeps them (the default view's URL carries its sort, so dropping its
    columns never leaves a bare URL).
    """

    def wrap(app):
        async def default_view(scope, receive, send) -> None:
            config = _config(datasette)
            if (
                config
                and scope["type"] == "http"
                and scope["method"] in ("GET", "HEAD")
                and not scope.get("query_string")
                and scope["path"] == datasette.urls.table(config["database"], TABLE)
            ):
                await asgi_send_redirect(send, f"{scope['path']}?{config['default_view']}")
                return
            await app(scope, receive, send)

        return default_view

    return wrap


def _names(value: Any) -> str | None:
    """A JSON list of names as "A, B"; None for anything else, left to Datasette."""
    try:
        names = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if isinstance(names, list) and names and all(isinstance(n, str) for n in names):
        return ", ".join(names)
    return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Titles link to the article on its site (the id links to its row page); authors
    and tags read as names rather than JSON."""
    if table != TABLE or database != _config(datasette).get("database"):
        return None
    if column in ("authors", "tags"):
        return _names(value)
    if column != "title" or not value:
        return None
    # On a sqlite3.Row (the row page), ``in`` looks among the values, not the columns.
    if "url" in row.keys():  # noqa: SIM118
        return _link(row["url"], value)

    async def linked_title() -> Markup:
        # The default view does not select the URL; one lookup by primary key a row.
        result = await datasette.get_database(database).execute(
            "SELECT url FROM articles WHERE id = ?", [row["id"]]
        )
        found = result.first()
        return _link(found[0] if found else None, value)

    return linked_title()


def _web_url(url: str | None) -> str | None:
    """``url`` if it is a web address: a URL a page declared must not run as a script."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def _link(url: str | None, text: str) -> Markup:
    href = _web_url(url)
    return Markup('<a href="{}">{}</a>').format(href, text) if href else escape(text)
