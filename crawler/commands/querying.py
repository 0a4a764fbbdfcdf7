"""`warta export`, `warta show` and `warta stats`: reading the database back out.

Each command is a thin layer over ``storage.export`` and ``storage.queries`` (and
``crawler.count_keys`` for what a crawl counted), so what it prints is what a Python
caller gets from the library.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table
from sqlalchemy import Engine

from crawler import count_keys
from crawler.commands import (
    UsageError,
    add_db_option,
    add_filter_options,
    article_filter,
    check_sites,
    console,
    err_console,
)
from storage import open_existing_database
from storage.export import iso_utc, iter_article_rows, write_csv, write_jsonl, write_parquet
from storage.queries import SiteSummary, article_by_id, article_by_url, site_summaries

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
Rows = Iterable[dict[str, Any]]


# warta export


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces it only when writing succeeded.

    An interrupted export must not leave a file that looks complete: a Parquet writer
    closed early still writes a valid footer, so a truncated corpus would read cleanly.
    """
    partial = path.with_name(f".{path.name}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _write(fmt: str, rows: Rows, path: Path) -> int:
    if fmt == "parquet":
        return write_parquet(rows, path)
    with path.open("w", encoding="utf-8", newline="") as fh:
        return write_csv(rows, fh) if fmt == "csv" else write_jsonl(rows, fh)


def _export_to_file(fmt: str, rows: Rows, path: Path) -> int:
    """Write a regular file through a temporary one; a device or pipe (``-o /dev/stdout``)
    cannot be replaced, so that is written in place."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory; name a file with -o")
    try:
        if path.exists() and not path.is_file():
            return _write(fmt, rows, path)
        with _replacing(path) as partial:
            return _write(fmt, rows, partial)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _export_to_stdout(fmt: str, rows: Rows) -> None:
    """Write to stdout in UTF-8 whatever the locale says, and stop quietly when the
    reader goes away (``warta export | head``), as command-line tools do."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        # newline="" because the csv module writes its own line endings.
        sys.stdout.reconfigure(encoding="utf-8", newline="")
    try:
        (write_csv if fmt == "csv" else write_jsonl)(rows, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "parquet" and not args.output:
        raise UsageError("parquet is a binary format: name the file with -o FILE")
    wanted = article_filter(args)
    engine = open_existing_database(args.db)
    check_sites(engine, wanted)
    rows = iter_article_rows(engine, wanted)
    if not args.output:
        _export_to_stdout(args.format, rows)
        return 0
    path = Path(args.output)
    count = _export_to_file(args.format, rows, path)
    err_console.print(
        f"wrote {count} articles to {path} ({args.format})",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return 0


# warta show


def _find_article(engine: Engine, reference: str) -> dict[str, Any]:
    """The article ``reference`` names: a numeric id, or a URL as stored or as linked."""
    from cleaners import canonicalize_url  # trafilatura and lxml: only when needed

    reference = reference.strip()
    if reference.isdigit():
        article = article_by_id(engine, int(reference))
        kind = "id"
    else:
        article = article_by_url(engine, [reference, canonicalize_url(reference)])
        kind = "url"
    if article is None:
        raise UsageError(f"no article with {kind} {reference}")
    return article


def _print_article(article: dict[str, Any]) -> None:
    """The article as a reader wants it: headline, who and when, where from, then text.

    Nothing goes through rich markup, because titles and bodies contain brackets.
    """
    lines = [
        article["title"],
        f"by {', '.join(article['authors']) or '(no author named)'}",
        f"published {article['published'] or '-'}"
        + (f" (updated {article['updated']})" if article["updated"] else ""),
        f"section {article['section'] or '-'}; tags {', '.join(article['tags']) or '-'}",
        f"site {article['site'] or '-'}; {article['url']}",
    ]
    if article["dateline"]:
        lines.append(f"dateline {article['dateline']}")
    if article["syndication_source"]:
        lines.append(f"syndicated from {article['syndication_source']}")
    versions = len(article["versions"])
    lines.append(
        f"{article['word_count']} words; language {article['language'] or '-'}; "
        f"{versions} earlier version{'' if versions == 1 else 's'}"
    )
    console.print(lines[0], style="bold", markup=False, highlight=False, soft_wrap=True)
    for line in lines[1:]:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    console.print()
    console.print(article["body"], markup=False, highlight=False, soft_wrap=True)


def cmd_show(args: argparse.Namespace) -> int:
    engine = open_existing_database(args.db)
    article = _find_article(engine, args.article)
    if args.json:
        print(json.dumps(article, ensure_ascii=False, indent=2))
    else:
        _print_article(article)
    return 0


# warta stats


def _summary_record(summary: SiteSummary) -> dict[str, Any]:
    return {
        "site": summary.site,
        "articles": summary.articles,
        "newest_published": iso_utc(summary.newest),
        "last_crawl_started": iso_utc(summary.last_run_started),
        "last_crawl_finished": iso_utc(summary.last_run_finished),
        "last_crawl_finish_reason": summary.last_run_finish_reason,
        **count_keys.outcomes(summary.last_run_counts),
        "last_crawl_counts": summary.last_run_counts,
    }


def _day(moment: datetime | None) -> str:
    text = iso_utc(moment)
    return text[:10] if text else "-"


def _minute(moment: datetime | None, same_day_as: datetime | None = None) -> str:
    """UTC to the minute, the date left out when it repeats the start's: a table fits on an
    80-column terminal only if it stays terse; ``--json`` has the full ISO times."""
    text = iso_utc(moment)
    if not text:
        return "-"
    if same_day_as is not None and iso_utc(same_day_as)[:10] == text[:10]:
        return text[11:16]
    return text[:16].replace("T", " ")


# Columns of `warta stats`: header, and the width its values need, so that the table fits
# an 80-column terminal. Dates and counts keep their width (cut short they would read as
# other values); the others (negative: at least that wide) wrap.
_STATS_COLUMNS = (
    ("site", -8),
    ("articles", 8),
    ("newest", 10),
    ("last crawl", -16),
    ("new", 3),
    ("updated", 7),
    ("dupl.", 5),
    ("skipped", 7),
)


def _last_crawl(summary: SiteSummary) -> str:
    """When the last crawl started and, below, how and when it ended
    (``finished 04:34``); a crawl still running, or killed before it could record its end,
    has no end."""
    if summary.last_run_started is None:
        return "-"
    started = _minute(summary.last_run_started)
    if summary.last_run_finished is None:
        return f"{started}\nnot finished"
    ended = _minute(summary.last_run_finished, same_day_as=summary.last_run_started)
    return f"{started}\n{summary.last_run_finish_reason or 'ended'} {ended}"


def _stats_table(summaries: list[SiteSummary]) -> Table:
    table = Table(
        title="Articles and last crawl per site (times in UTC)",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for header, width in _STATS_COLUMNS:
        table.add_column(
            header,
            justify="left" if header in ("site", "newest", "last crawl") else "right",
            min_width=abs(width),
            no_wrap=width > 0,
            overflow="fold",
        )
    for summary in summaries:
        outcomes = count_keys.outcomes(summary.last_run_counts)
        table.add_row(
            summary.site,
            str(summary.articles),
            _day(summary.newest),
            _last_crawl(summary),
            *(str(outcomes[name]) for name in ("inserted", "updated", "duplicate", "skipped")),
        )
    return table


def cmd_stats(args: argparse.Namespace) -> int:
    summaries = site_summaries(open_existing_database(args.db))
    if args.json:
        records = [_summary_record(summary) for summary in summaries]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    console.print(_stats_table(summaries))
    total = sum(summary.articles for summary in summaries)
    if total == 0:
        console.print("The database has no articles yet.")
    else:
        console.print(f"{total} articles in all.", highlight=False)
    return 0


def register(subcommands) -> None:
    export = subcommands.add_parser(
        "export", help="write articles as JSON Lines, CSV or Parquet, streamed"
    )
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    add_filter_options(export)
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (default stdout; parquet needs it)"
    )
    add_db_option(export)
    export.set_defaults(handler=cmd_export)

    show = subcommands.add_parser("show", help="one article by id or URL")
    show.add_argument("article", metavar="ID|URL", help="article id or its (fetched) URL")
    show.add_argument("--json", action="store_true", help="the full record with its versions")
    add_db_option(show)
    show.set_defaults(handler=cmd_show)

    stats = subcommands.add_parser("stats", help="articles and last crawl per site")
    stats.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(stats)
    stats.set_defaults(handler=cmd_stats)
