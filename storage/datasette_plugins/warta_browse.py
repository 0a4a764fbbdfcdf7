"""warta's Datasette plugin: the articles' default view and warta's own ranked search.

`warta browse` loads it with ``--plugins-dir``; the ``warta`` block of the metadata
(storage.datasette) names the database and the default view. It adds:

- a redirect from the bare articles table to its default view, so the URL a reader
  lands on says which columns and order they see, and every Datasette control
  (facets, "Show all columns", ?_col=, the JSON and CSV links) works from it;
- titles linked to the article on its site, and author and tag lists as plain names;
- ``/-/warta-search`` (and ``.json``): the search `warta search` runs, same syntax,
  relevance order and snippets, on the same immutable file Datasette serves.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Request, Response, asgi_send_redirect
from markupsafe import Markup, escape
from sqlalchemy import Engine, create_engine

from storage.datasette import PLUGIN, SEARCH_PATH
from storage.filters import ArticleFilter, FilterError
from storage.search import SearchHit, SearchQueryError, search

TABLE = "articles"
DEFAULT_LIMIT = 20  # as `warta search`
MAX_LIMIT = 200
FILTERS = ("since", "until", "section", "lang")


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


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path(SEARCH_PATH), "label": "Search articles"}]


@hookimpl
def register_routes():
    return [(rf"^{re.escape(SEARCH_PATH)}(?P<format>\.json)?$", warta_search)]


@cache
def _engine(path: str) -> Engine:
    """SQLAlchemy on the file Datasette serves, opened as Datasette opens it: immutable,
    so the search reads the same snapshot and can write nothing."""
    uri = f"{Path(path).resolve().as_uri()}?immutable=1"
    return create_engine(
        f"sqlite:///{path}",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
    )


def _highlighted(snippet: str) -> Markup:
    """The snippet with the matches, which the search marks with [ and ], in <mark>."""
    parts = re.split(r"[\[\]]", snippet)
    return Markup("").join(
        Markup("<mark>{}</mark>").format(part) if index % 2 else escape(part)
        for index, part in enumerate(parts)
    )


class LimitError(ValueError):
    """``limit`` is not a number of results the page will show."""


def _limit(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT:
        raise LimitError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {text!r}")
    return limit


def _as_json(hit: SearchHit, row_url: str) -> dict[str, Any]:
    """A hit as `warta search --json` prints it, with the URL of its row page."""
    return {
        **hit.__dict__,
        "published_utc": hit.published_utc and hit.published_utc.isoformat(),
        "row_url": row_url,
    }


def _sites(request: Request) -> list[str]:
    """``site`` repeated, or several in one box separated by commas or spaces."""
    return [
        site
        for value in request.args.getlist("site")
        for site in re.split(r"[,\s]+", value)
        if site
    ]


async def warta_search(request: Request, datasette) -> Response:
    """`warta search` in the browser: ``q`` in warta's syntax, best first, with the
    filters it takes (``site``, ``since``, ``until``, ``section``, ``lang``) and
    ``limit``. A query it cannot read is a 400 with warta's one-line message."""
    database = _config(datasette)["database"]
    as_json = request.url_vars.get("format") == ".json"
    query = request.args.get("q", "").strip()
    sites = _sites(request)
    filters = {name: request.args.get(name, "").strip() for name in FILTERS}
    limit_text = request.args.get("limit", "").strip()
    hits: list[SearchHit] = []
    error = None
    if query or as_json:
        try:
            limit = _limit(limit_text) if limit_text else DEFAULT_LIMIT
            wanted = ArticleFilter.from_options(
                site=sites,
                since=filters["since"] or None,
                until=filters["until"] or None,
                section=filters["section"] or None,
                lang=filters["lang"] or None,
            )
            engine = _engine(datasette.get_database(database).path)
            hits = await asyncio.to_thread(search, engine, query, wanted, limit)
        except (LimitError, FilterError, SearchQueryError) as exc:
            error = str(exc)
    status = 400 if error else 200

    def row_url(hit: SearchHit) -> str:
        return datasette.urls.row(database, TABLE, str(hit.id))

    if as_json:
        if error:
            return Response.json({"ok": False, "error": error}, status=status)
        records = [_as_json(hit, row_url(hit)) for hit in hits]
        return Response.json({"ok": True, "query": query, "hits": records})
    context = {
        "database": database,
        "articles_url": datasette.urls.table(database, TABLE),
        "query": query,
        "sites": " ".join(sites),
        "filters": filters,
        "limit": limit_text,
        "error": error,
        "searched": bool(query),
        "hits": [
            {
                "hit": hit,
                "href": _web_url(hit.url),
                "row_url": row_url(hit),
                "snippet": _highlighted(hit.snippet),
            }
            for hit in hits
        ],
        "json_url": datasette.urls.path(f"{SEARCH_PATH}.json")
        + (f"?{request.query_string}" if request.query_string else ""),
    }
    html = await datasette.render_template("warta_search.html", context, request=request)
    return Response.html(html, status=status)
