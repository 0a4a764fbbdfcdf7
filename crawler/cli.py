"""The `warta` command: thin layers over library functions, one per sub-command.

Errors a user can cause (an unknown site, a bad database URL, a missing file) end in
one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from storage import DatabaseURLError, open_database, redact, resolve_db_url

console = Console()


class UsageError(Exception):
    """A mistake in what the user asked for; the message is the whole answer."""


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file (default: $WARTA_DB_URL, else ./warta.db)",
    )


def _print_reports(reports) -> None:
    table = Table(title="Crawl summary", show_lines=False)
    for column in ("site", "fetched", "new", "updated", "unchanged", "skipped (by reason)"):
        table.add_column(
            column, justify="right" if column not in ("site", "skipped (by reason)") else "left"
        )
    for report in reports:
        stored = report.stored
        skipped = ", ".join(f"{reason} {n}" for reason, n in report.skipped.items()) or "-"
        table.add_row(
            report.site,
            str(report.fetched),
            str(stored.get("inserted", 0)),
            str(stored.get("updated", 0)),
            str(stored.get("unchanged", 0)),
            skipped,
        )
    console.print(table)


def _print_latest(db_url: str, limit: int = 3) -> None:
    from storage.queries import count_articles, latest_articles

    engine = open_database(db_url)
    total = count_articles(engine)
    console.print(f"\n[bold]{total}[/] articles in {redact(resolve_db_url(db_url))}; the newest:")
    for article in latest_articles(engine, limit=limit):
        authors = ", ".join(article.authors) or "(no author named)"
        console.print(
            f"  [cyan]{article.published}[/]  [bold]{article.title}[/]\n"
            f"    {article.url}\n    by {authors}; {article.word_count} words; "
            f"section {article.section or '-'}"
        )
        first = article.body.split("\n\n", 1)[0]
        console.print(f"    [dim]{first[:160]}{'…' if len(first) > 160 else ''}[/]")


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.demo import run_demo

    db_url = resolve_db_url(args.db or "warta.db")
    open_database(db_url)  # a bad URL fails here, before a server starts
    console.print(
        f"warta demo: serving the bundled sample site on 127.0.0.1 and crawling it into "
        f"{redact(db_url)}"
    )
    result = run_demo(db_url, args.log_level)
    _print_reports(result.reports)
    new = sum(r.stored.get("inserted", 0) for r in result.reports)
    console.print(f"The sample server answered {result.requests_served} requests.")
    if new == 0:
        known = sum(r.skipped.get("already_stored", 0) for r in result.reports)
        console.print(
            f"[yellow]Nothing new:[/] all {known} sample articles were already stored; "
            "none was fetched again."
        )
    else:
        console.print(
            f"[green]Stored {new} new articles[/] of {result.expected_articles} in the sample site."
        )
    _print_latest(db_url)
    return 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.runner import crawl_sites
    from crawler.sites import get_profile

    profiles = [get_profile(key) for key in args.sites]
    db_url = resolve_db_url(args.db)
    open_database(db_url)
    overrides = {"WARTA_DB_URL": db_url, "WARTA_PROXY": args.proxy, "LOG_LEVEL": args.log_level}
    reports = crawl_sites(profiles, overrides)
    _print_reports(reports)
    return 0 if all(r.finish_reason == "finished" for r in reports) else 1


def cmd_sites(args: argparse.Namespace) -> int:
    from crawler.sites import all_profiles

    table = Table(title="Site profiles")
    for column in ("key", "name", "base URL", "discovery", "every"):
        table.add_column(column)
    for profile in all_profiles().values():
        if profile.sample and not args.all:
            continue
        discovery = ", ".join((*profile.sitemaps, *profile.feeds))
        table.add_row(
            profile.key,
            profile.name,
            profile.base_url,
            discovery,
            f"{profile.crawl_interval_minutes} min",
        )
    console.print(table)
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from cleaners import clean_html

    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"no such file: {name}")
        article = clean_html(path.read_bytes(), args.url or path.resolve().as_uri())
        record = {"file": name, **article.to_dict()}
        if args.jsonl:
            print(json.dumps(record, ensure_ascii=False))
            continue
        if not article.ok:
            console.print(f"[red]{name}: not an article ({article.reason})[/]")
            continue
        console.print(f"[bold]{article.title}[/]")
        byline = ", ".join(article.authors) or "(no author)"
        console.print(f"{byline} | {article.published} | {article.section or '-'}")
        console.print(f"{article.url}\n")
        console.print(article.body, highlight=False, markup=False)
        console.print(f"\n[dim]{article.word_count} words, language {article.language}[/]")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from cleaners.evaluation import BARS, evaluate

    directory = Path(args.directory)
    try:
        report = evaluate(directory)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    summary = report.summary()
    if args.json:
        print(json.dumps({"summary": summary, "failed_bars": report.failed_bars()}, indent=2))
    else:
        table = Table(title=f"Cleaner scores on {directory} ({summary['pages']} pages)")
        table.add_column("metric")
        table.add_column("value", justify="right")
        table.add_column("bar", justify="right")
        for name, value in summary.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            table.add_row(name, shown, str(BARS.get(name, "")))
        console.print(table)
        worst = report.worst(args.worst)
        if worst:
            console.print(f"\n[bold]Worst {len(worst)} pages[/]")
        for page in worst:
            console.print(f"[cyan]{page.f1:.3f}[/] {page.file}", highlight=False)
            for problem in page.problems:
                console.print(f"    {problem}", highlight=False, markup=False)
    failures = report.failed_bars()
    if args.check and failures:
        print("warta: below the bar: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    db_url = resolve_db_url(args.db)
    open_database(db_url)
    console.print(f"{redact(db_url)} is at the newest schema.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="warta",
        description="Crawl Indonesian news sites into a SQL database of clean articles.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="crawl the bundled offline sample site into SQLite")
    _add_db_option(demo)
    demo.add_argument("--log-level", default=None, help="Scrapy log level (default WARNING)")
    demo.set_defaults(handler=cmd_demo)

    crawl = commands.add_parser("crawl", help="crawl sites by profile key")
    crawl.add_argument("sites", nargs="+", metavar="SITE", help="site keys, see `warta sites`")
    _add_db_option(crawl)
    crawl.add_argument("--proxy", help="send all requests through this HTTP proxy (a local mirror)")
    crawl.add_argument("--log-level", default="INFO", help="Scrapy log level (default INFO)")
    crawl.set_defaults(handler=cmd_crawl)

    sites = commands.add_parser("sites", help="list the site profiles")
    sites.add_argument("--all", action="store_true", help="include the bundled sample sites")
    sites.set_defaults(handler=cmd_sites)

    clean = commands.add_parser("clean", help="clean saved HTML files into articles")
    clean.add_argument("files", nargs="+", metavar="FILE")
    clean.add_argument("--url", help="the URL the page was fetched from")
    clean.add_argument("--jsonl", action="store_true", help="one JSON object per file")
    clean.set_defaults(handler=cmd_clean)

    evaluation = commands.add_parser("eval", help="score the cleaner on pages with gold records")
    evaluation.add_argument("directory", metavar="DIR", help="laid out like shared/eval")
    evaluation.add_argument("--worst", type=int, default=10, help="how many worst pages to show")
    evaluation.add_argument("--json", action="store_true", help="print the summary as JSON")
    evaluation.add_argument("--check", action="store_true", help="exit 1 when a bar is not met")
    evaluation.set_defaults(handler=cmd_eval)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = db_commands.add_parser("upgrade", help="migrate the database to the newest schema")
    _add_db_option(upgrade)
    upgrade.set_defaults(handler=cmd_db_upgrade)
    return parser


def _database_error(exc: SQLAlchemyError) -> str:
    """The driver's first line, which names the problem but never the password."""
    cause = getattr(exc, "orig", None) or exc
    first_line = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    return f"database error: {first_line}"


def main(argv: Sequence[str] | None = None) -> int:
    from crawler.sites import UnknownSiteError

    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (UsageError, UnknownSiteError, DatabaseURLError) as exc:
        message = str(exc)
    except SQLAlchemyError as exc:
        message = _database_error(exc)
    except KeyboardInterrupt:
        message = "interrupted"
    print(f"warta: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
