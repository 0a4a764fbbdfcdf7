"""`warta health`: per site, how its last crawls went, and which profiles look broken."""

from __future__ import annotations

import argparse

from rich.table import Table

from crawler.commands import UsageError, add_db_option, console
from storage import open_existing_database


def cmd_health(args: argparse.Namespace) -> int:
    from crawler.health import site_health
    from storage.queries import recent_runs

    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    runs = recent_runs(open_existing_database(args.db), per_site=args.runs)
    if args.site:
        unknown = set(args.site) - set(runs)
        if unknown:
            raise UsageError(f"no crawl recorded for {', '.join(sorted(unknown))}")
        runs = {key: found for key, found in runs.items() if key in args.site}
    if not runs:
        console.print("No crawl recorded yet: run `warta crawl SITE` or `warta schedule`.")
        return 0
    table = Table(title=f"Crawl health over the last {args.runs} crawls per site")
    for column in ("site", "last crawl", "discovered", "fetched", "stored", "duplicate",
                   "empty body", "no date", "status"):  # fmt: skip
        numeric = column not in ("site", "last crawl", "status")
        table.add_column(column, justify="right" if numeric else "left")
    flagged = 0
    for key, found in sorted(runs.items()):
        health = site_health(key, found)
        flagged += bool(health.problems)
        status = "[red]" + "; ".join(health.problems) + "[/]" if health.problems else "[green]ok[/]"
        table.add_row(
            key,
            f"{health.last.started_at:%Y-%m-%d %H:%M} {health.last.finish_reason or 'running'}",
            str(health.discovered),
            str(health.fetched),
            str(health.stored),
            str(health.duplicate),
            f"{health.empty_rate:.0%}",
            f"{health.no_date_rate:.0%}",
            status,
        )
    console.print(table)
    if flagged:
        console.print(f"[red]{flagged} site(s) look broken[/]; see the status column.")
    return 1 if flagged else 0


def register(subcommands) -> None:
    health = subcommands.add_parser(
        "health", help="per site: how the last crawls went, and profiles that look broken"
    )
    health.add_argument("--site", action="append", metavar="SITE", help="only this site")
    health.add_argument("--runs", type=int, default=5, help="crawls per site to look at (5)")
    add_db_option(health)
    health.set_defaults(handler=cmd_health)
