"""`warta crawl`, `warta demo` and `warta sites`: running crawls and listing profiles."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from rich.markup import escape
from rich.table import Table

from crawler import count_keys
from crawler.commands import (
    UsageError,
    add_db_option,
    add_redis_option,
    add_settings_option,
    add_verbosity_options,
    console,
    log_level,
    probe,
    setting_overrides,
)
from storage import open_database, redact, resolve_db_url

_SUMMARY_COLUMNS = ("site", "discovery", "fetched", "new", "updated", "unchanged", "duplicate",
                    "errors", "skipped (by reason)")  # fmt: skip


def print_reports(reports) -> None:
    table = Table(title="Crawl summary")
    for column in _SUMMARY_COLUMNS:
        table.add_column(column, justify="left" if column[0] in "s" else "right")
    for report in reports:
        requests, budget, _ = report.discovery
        skipped = [f"{reason} {n}" for reason, n in report.skipped.items()]
        skipped += [
            f"[red]{count_keys.BLOCKED.key(kind)} {n}[/]" for kind, n in report.blocked.items()
        ]
        table.add_row(
            report.site,
            f"{requests}/{budget}" if budget else str(requests),
            str(report.fetched),
            str(report.count(count_keys.STORED_INSERTED)),
            str(report.count(count_keys.STORED_UPDATED)),
            str(report.count(count_keys.STORED_UNCHANGED)),
            str(report.duplicate),
            f"[red]{report.errors}[/]" if report.errors else "0",
            ", ".join(skipped) or "-",
        )
    console.print(table)
    for report in reports:
        requests, budget, dropped = report.discovery
        if dropped:
            console.print(
                f"[yellow]{report.site}:[/] discovery budget of {budget} requests spent, "
                f"{dropped} more discovery documents not requested (WARTA_DISCOVERY_BUDGET)"
            )


def report_failures(reports, profiles, proxy: str | None) -> bool:
    """Say, per site, what went wrong beyond the table; True when a site answered nothing.

    A crawl that reached nothing (no network, a typo in the host) is a failure in one
    line on stderr, naming the host and the cause; a crawl with some failed requests
    is a note on stdout pointing at `-v`, which logs each one.
    """
    from crawler.runner import BUSY

    hosts = {p.key: urlsplit(p.base_url).netloc for p in profiles}
    via = f", through proxy {proxy}" if proxy else ""
    unreachable = False
    for report in reports:
        if report.finish_reason == BUSY:
            console.print(f"[yellow]{report.site}:[/] not crawled, another crawl of it is running")
        elif report.unreachable:
            unreachable = True
            print(
                f"warta: error: {report.site}: nothing could be fetched: {report.unreachable} "
                f"({hosts.get(report.site, report.site)}{via})",
                file=sys.stderr,
            )
        elif report.errors:
            console.print(
                f"[yellow]{report.site}:[/] {report.errors} failed requests or errors; "
                "`warta crawl -v` logs each one"
            )
    return unreachable


def print_latest(db_url: str, limit: int = 3) -> None:
    from storage.queries import count_articles, latest_articles

    engine = open_database(db_url)
    total = count_articles(engine)
    console.print(f"\n[bold]{total}[/] articles in {redact(db_url)}; the newest:")
    for article in latest_articles(engine, limit=limit):
        authors = ", ".join(article.authors) or "(no author named)"
        console.print(
            f"  [cyan]{article.published}[/]  [bold]{escape(article.title)}[/]\n"
            f"    {escape(article.url)}\n    by {escape(authors)}; {article.word_count} words; "
            f"section {escape(article.section or '-')}",
            highlight=False,
        )
        first = article.body.split("\n\n", 1)[0]
        console.print(f"    [dim]{escape(first[:160])}{'…' if len(first) > 160 else ''}[/]")


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.demo import run_demo

    db_url = resolve_db_url(args.db or "warta.db")
    open_database(db_url)  # a bad URL fails here, before a server starts
    console.print(
        "warta demo: serving the bundled sample site on 127.0.0.1 and crawling it into "
        f"{redact(db_url)}"
    )
    result = run_demo(db_url, args.log_level)
    print_reports(result.reports)
    new = sum(r.count(count_keys.STORED_INSERTED) for r in result.reports)
    console.print(f"The sample server answered {result.requests_served} requests.")
    if new == 0:
        known = sum(r.count(count_keys.SKIPPED_ALREADY_STORED) for r in result.reports)
        unchanged = sum(r.count(count_keys.DISCOVERY_NOT_MODIFIED) for r in result.reports)
        console.print(
            f"[yellow]Nothing new:[/] {unchanged} sitemaps and feeds answered "
            f'"not modified", {known} announced articles were already stored; '
            "no article was fetched again."
        )
    else:
        console.print(
            f"[green]Stored {new} new articles[/] of {result.expected_articles} in the sample site."
        )
    print_latest(db_url)
    return 0


def backfill_window(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """The days ``--since``/``--until`` ask for (``--until`` alone is a mistake)."""
    try:
        since = date.fromisoformat(args.since) if args.since else None
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError as exc:
        raise UsageError(f"not a date: {exc} (use YYYY-MM-DD)") from None
    if until and not since:
        raise UsageError("--until needs --since: a backfill walks the days from one to the other")
    if since and until and until < since:
        raise UsageError(f"--until {until} is before --since {since}")
    return since, until


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.runner import BUSY, crawl_sites
    from crawler.sites import profile_for

    profiles = [profile_for(target) for target in args.sites]
    since, until = backfill_window(args)
    if args.redis:
        from crawler.commands.distributed import begin_rounds, run_worker

        begin_rounds(args.redis, profiles, since, until)
        return run_worker(args, args.redis, only={p.key for p in profiles}, until_idle=True)
    db_url = resolve_db_url(args.db)
    open_database(db_url)
    overrides = {
        "WARTA_DB_URL": db_url,
        "WARTA_PROXY": args.proxy,
        "LOG_LEVEL": log_level(args),
        "HTTPCACHE_ENABLED": True if args.http_cache else None,
        "WARTA_PROGRESS": sys.stderr.isatty() if args.progress is None else args.progress,
        **setting_overrides(args),
    }
    reports = crawl_sites(profiles, overrides, since=since, until=until)
    print_reports(reports)
    unreachable = report_failures(reports, profiles, args.proxy)
    finished = all(r.finish_reason in ("finished", BUSY) for r in reports)
    return 0 if finished and not unreachable else 1


def cmd_schedule(args: argparse.Namespace) -> int:
    from crawler.schedule import Scheduler
    from crawler.sites import all_profiles, profile_for

    if args.sites:
        profiles = [profile_for(target) for target in args.sites]
    else:
        profiles = [p for p in all_profiles().values() if not p.sample]
    if args.max_parallel < 1:
        raise UsageError("--max-parallel must be at least 1")
    db_url = resolve_db_url(args.db)
    open_database(db_url)
    every = f"at most {args.max_parallel} " + ("rounds" if args.redis else "crawls")
    console.print(
        f"warta schedule: {len(profiles)} sites into {redact(db_url)}, {every} at once"
        + ("; each due site once" if args.once else "")
    )
    if args.redis:
        from crawler.distributed import redis_client
        from crawler.distributed.schedule import RoundScheduler

        redis = redis_client(args.redis)
        scheduler = RoundScheduler(profiles, db_url, redis, args.max_parallel, console.print)
    else:
        crawl_args = ["--log-level", log_level(args)]
        if args.proxy:
            crawl_args += ["--proxy", args.proxy]
        scheduler = Scheduler(profiles, db_url, crawl_args, args.max_parallel, console.print)
    finished = scheduler.run(once=args.once, poll_seconds=args.poll)
    failed = [f.site for f in finished if f.exit_code != 0]
    if failed:
        console.print(f"[red]failed crawls:[/] {', '.join(failed)}")
    return 1 if failed else 0


def cmd_sites(args: argparse.Namespace) -> int:
    from crawler.sites import all_profiles

    profiles = [p for p in all_profiles().values() if args.all or not p.sample]
    if args.json:
        print(json.dumps([_profile_record(p) for p in profiles], ensure_ascii=False, indent=2))
        return 0
    table = Table(title="Site profiles")
    for column in ("key", "name", "base URL", "discovery", "every"):
        table.add_column(column)
    for profile in profiles:
        discovery = ", ".join((*profile.sitemaps, *profile.feeds, *profile.index_pages))
        table.add_row(
            profile.key,
            profile.name,
            profile.base_url,
            discovery,
            f"{profile.crawl_interval_minutes} min",
        )
    console.print(table)
    return 0


def _profile_record(profile) -> dict:
    """What `warta sites --json` says of a profile: where and how often it is crawled."""
    return {
        "key": profile.key,
        "name": profile.name,
        "base_url": profile.base_url,
        "sitemaps": [profile.absolute(u) for u in profile.sitemaps],
        "feeds": [profile.absolute(u) for u in profile.feeds],
        "index_pages": [profile.absolute(u) for u in profile.index_pages],
        "crawl_interval_minutes": profile.crawl_interval_minutes,
        "language": profile.language,
        "sample": profile.sample,
    }


def cmd_sites_check(args: argparse.Namespace) -> int:
    """Check profile files (paths) or loaded profiles (keys); every bundled one by default.
    One line per problem, exit 1 if there is any."""
    from crawler.sites import bundled_profile_files, profile_files
    from crawler.sites.check import check_file

    known = profile_files() if any(not _is_file(t) for t in args.targets) else {}
    paths = []
    for target in args.targets:
        if _is_file(target):
            paths.append(Path(target))
        elif target in known:
            paths.append(known[target])
        else:
            raise UsageError(f"{target}: no such profile file or site key (see `warta sites`)")
    problems = [p for path in paths or bundled_profile_files() for p in check_file(path)]
    for problem in problems:
        print(problem)
    if not problems:
        console.print(f"{len(paths) or len(bundled_profile_files())} profiles: no problems")
    return 1 if problems else 0


def _is_file(target: str) -> bool:
    return target.endswith(".toml") or Path(target).is_file()


def register(subcommands) -> None:
    demo = subcommands.add_parser("demo", help="crawl the bundled offline sample site into SQLite")
    # The demo never writes into the database $WARTA_DB_URL names: only into --db.
    add_db_option(
        demo, "database URL or SQLite file (default: ./warta.db, whatever $WARTA_DB_URL says)"
    )
    demo.add_argument("--log-level", default=None, help="Scrapy log level (default WARNING)")
    demo.set_defaults(handler=cmd_demo)

    crawl = subcommands.add_parser(
        "crawl", help="crawl sites by profile key, or any news site by URL"
    )
    crawl.add_argument(
        "sites",
        nargs="+",
        metavar="SITE",
        help="site keys (see `warta sites`) or URLs (https://example-news.id)",
    )
    crawl.add_argument("--since", metavar="DATE", help="backfill: from this day (YYYY-MM-DD, WIB)")
    crawl.add_argument("--until", metavar="DATE", help="backfill: to this day (default today)")
    crawl.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        help="a live progress line per site (default: on when stderr is a terminal)",
    )
    crawl.add_argument(
        "--http-cache",
        action="store_true",
        help="development: cache every response under .scrapy/httpcache and replay it",
    )
    add_db_option(crawl)
    crawl.add_argument("--proxy", help="send all requests through this HTTP proxy (a local mirror)")
    add_verbosity_options(crawl)
    add_redis_option(crawl)
    add_settings_option(crawl)
    crawl.set_defaults(handler=cmd_crawl, poll=2.0)

    schedule = subcommands.add_parser(
        "schedule", help="crawl every site on its profile's interval, unattended"
    )
    schedule.add_argument(
        "sites", nargs="*", metavar="SITE", help="site keys or URLs (default: every profile)"
    )
    schedule.add_argument(
        "--once", action="store_true", help="crawl each site that is due once, then exit"
    )
    schedule.add_argument("--max-parallel", type=int, default=4, help="crawls at once (4)")
    schedule.add_argument(
        "--poll", type=float, default=5.0, help="seconds between looks at the clock (5)"
    )
    add_db_option(schedule)
    schedule.add_argument("--proxy", help="send all requests through this HTTP proxy")
    add_verbosity_options(schedule)
    add_redis_option(schedule)
    schedule.set_defaults(handler=cmd_schedule)

    sites = subcommands.add_parser("sites", help="list the site profiles, or check them")
    sites.add_argument("--all", action="store_true", help="include the bundled sample sites")
    sites.add_argument("--json", action="store_true", help="machine-readable output")
    sites.set_defaults(handler=cmd_sites)
    actions = sites.add_subparsers(dest="sites_command", metavar="ACTION")
    check = actions.add_parser(
        "check", help="validate profile files or keys (default: every bundled profile)"
    )
    check.add_argument(
        "targets", nargs="*", metavar="FILE|KEY", help="profile TOML files or site keys"
    )
    check.set_defaults(handler=cmd_sites_check)
    probe.register(actions)
