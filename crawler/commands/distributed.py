"""`warta enqueue` and `warta worker`: crawling with several processes over Redis."""

from __future__ import annotations

import argparse

from crawler import count_keys
from crawler.commands import (
    UsageError,
    add_db_option,
    add_redis_option,
    add_settings_option,
    console,
    log_level,
    setting_overrides,
)
from crawler.commands.crawling import backfill_window, print_reports
from storage import open_database, redact, resolve_db_url


def _redis_url(args: argparse.Namespace) -> str:
    if not args.redis:
        raise UsageError("no Redis named: pass --redis redis://HOST:6379/0 or set WARTA_REDIS_URL")
    return args.redis


def begin_rounds(redis_url: str, profiles, since, until) -> None:
    """Begin a round of each site; say so for a site whose round is already going."""
    from crawler.distributed import redis_client
    from crawler.distributed.rounds import begin_round, round_progress

    redis = redis_client(redis_url)
    for profile in profiles:
        if begin_round(redis, profile, since, until):
            console.print(f"{profile.key}: round begun")
        else:
            queued, held = round_progress(redis, profile.key)
            console.print(
                f"[yellow]{profile.key}:[/] a round is already going ({queued} requests "
                f"queued, {held} taken by workers); its workers carry on with it"
            )


def run_worker(args: argparse.Namespace, redis_url: str, only=None, until_idle=False) -> int:
    """Crawl the active rounds (of ``only``, if given) as one worker; print what it did."""
    from crawler.distributed.worker import Worker
    from crawler.runner import project_settings

    db_url = resolve_db_url(args.db)
    open_database(db_url)
    settings = project_settings(
        {
            "WARTA_DB_URL": db_url,
            "WARTA_REDIS_URL": redis_url,
            "WARTA_PROXY": args.proxy,
            "LOG_LEVEL": log_level(args),
            **setting_overrides(args),
        }
    )
    console.print(f"warta worker: crawling over {redact(redis_url)} into {redact(db_url)}")
    reports = Worker(
        settings,
        only=only,
        poll=args.poll,
        until_idle=until_idle,
        report=lambda report: console.print(
            f"{report.site}: round over for this worker ({report.finish_reason}), "
            f"{report.fetched} pages fetched, "
            f"{report.count(count_keys.STORED_INSERTED)} new articles"
        ),
    ).run()
    if reports:
        print_reports(reports)
    return 0 if all(r.finish_reason == "finished" for r in reports) else 1


def cmd_enqueue(args: argparse.Namespace) -> int:
    from crawler.sites import profile_for

    profiles = [profile_for(target) for target in args.sites]
    since, until = backfill_window(args)
    begin_rounds(_redis_url(args), profiles, since, until)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from crawler.sites import profile_for

    only = {profile_for(target).key for target in args.sites} if args.sites else None
    if args.poll <= 0:
        raise UsageError("--poll must be more than 0 seconds")
    return run_worker(args, _redis_url(args), only=only, until_idle=args.until_idle)


def register(subcommands) -> None:
    enqueue = subcommands.add_parser(
        "enqueue", help="begin a crawl round of sites for the workers sharing a Redis"
    )
    enqueue.add_argument("sites", nargs="+", metavar="SITE", help="site keys or URLs")
    enqueue.add_argument("--since", metavar="DATE", help="backfill: from this day (YYYY-MM-DD)")
    enqueue.add_argument("--until", metavar="DATE", help="backfill: to this day (default today)")
    add_redis_option(enqueue)
    enqueue.set_defaults(handler=cmd_enqueue)

    worker = subcommands.add_parser(
        "worker", help="crawl the rounds enqueued in a shared Redis, with any other workers"
    )
    worker.add_argument(
        "sites", nargs="*", metavar="SITE", help="only these sites (default: every round)"
    )
    worker.add_argument(
        "--until-idle",
        action="store_true",
        help="exit once no round is going (default: wait for new rounds until stopped)",
    )
    worker.add_argument(
        "--poll", type=float, default=5.0, help="seconds between looks for new rounds (5)"
    )
    add_redis_option(worker)
    add_db_option(worker)
    worker.add_argument("--proxy", help="send all requests through this HTTP proxy")
    worker.add_argument("--log-level", default="INFO", help="Scrapy log level (default INFO)")
    add_settings_option(worker)
    worker.set_defaults(handler=cmd_worker)
