"""`warta search`: ranked full-text search with highlighted snippets."""

from __future__ import annotations

import argparse
import json
import re

from rich.markup import escape
from rich.text import Text

from crawler.commands import (
    UsageError,
    add_db_option,
    add_filter_options,
    article_filter,
    check_sites,
    console,
)
from storage import open_existing_database
from storage.search import SearchQueryError, search


def _highlighted(snippet: str) -> Text:
    """The snippet with the matches, which the database marked with [ and ], in bold."""
    text = Text("   ")
    for index, part in enumerate(re.split(r"[\[\]]", snippet)):
        text.append(part, style="bold yellow" if index % 2 else None)
    return text


def cmd_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    wanted = article_filter(args)
    engine = open_existing_database(args.db)
    check_sites(engine, wanted)
    try:
        hits = search(engine, args.query, wanted, args.limit)
    except SearchQueryError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        for hit in hits:
            record = {
                **hit.__dict__,
                "published_utc": hit.published_utc and hit.published_utc.isoformat(),
            }
            print(json.dumps(record, ensure_ascii=False))
        return 0
    if not hits:
        console.print("No article matches.")
        return 0
    for number, hit in enumerate(hits, start=1):
        where = f"{hit.published or '-'} · {hit.site or '-'}"
        console.print(f"[bold]{number}. {escape(hit.title)}[/]  [dim]{where}[/]", highlight=False)
        console.print(_highlighted(hit.snippet), highlight=False)
        console.print(f"   [blue]{escape(hit.url)}[/]  [dim]id {hit.id}[/]", highlight=False)
    return 0


def register(subcommands) -> None:
    parser = subcommands.add_parser(
        "search",
        help="full-text search, best matches first",
        description=(
            'Words must all appear (a AND b); "exact phrase"; prefix*; a OR b; -excluded '
            "or NOT excluded. Words match through their roots: bangun finds membangun."
        ),
    )
    parser.add_argument("query", metavar="QUERY")
    add_filter_options(parser)
    parser.add_argument("--limit", type=int, default=20, help="how many results (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object per result")
    add_db_option(parser)
    parser.set_defaults(handler=cmd_search)
