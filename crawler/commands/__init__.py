"""The sub-commands of `warta`, one module per command group.

Each module has ``register(subcommands)``, which adds its parsers and sets ``handler`` on
each; ``crawler.cli`` collects them. A handler takes the parsed arguments and returns the
exit code; it raises ``UsageError`` for a mistake the user can fix.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys

from rich.console import Console
from sqlalchemy import Engine, select

from storage.filters import ArticleFilter, FilterError
from storage.models import Site

# Wide enough that no table or line is ever folded to fit, however long its URLs.
_UNLIMITED_WIDTH = 100_000


def output_console(stderr: bool = False) -> Console:
    """A console fitted to the window on a terminal. Piped to a file or to grep, output
    is never wrapped or cut: a URL broken at column 80 can no longer be found, copied or
    opened. An explicit ``COLUMNS`` still sets the width."""
    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty() or os.environ.get("COLUMNS", "").isdigit():
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=_UNLIMITED_WIDTH, soft_wrap=True)


console = output_console()
err_console = output_console(stderr=True)


class UsageError(Exception):
    """A mistake in what the user asked for; the message is the whole answer."""


def add_db_option(
    parser: argparse.ArgumentParser,
    help_text: str = "database URL or SQLite file (default: $WARTA_DB_URL, else ./warta.db)",
) -> None:
    parser.add_argument("--db", metavar="URL", help=help_text)


def add_redis_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--redis",
        metavar="URL",
        default=os.environ.get("WARTA_REDIS_URL"),
        help="crawl over this Redis, shared with other workers (default: $WARTA_REDIS_URL)",
    )


def add_settings_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy or warta setting, as `scrapy crawl -s` does (repeatable)",
    )


def add_verbosity_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="log more: -v Scrapy's INFO (every skip with its reason), -vv DEBUG",
    )
    parser.add_argument("--log-level", help="Scrapy's LOG_LEVEL, instead of -v (default WARNING)")


def log_level(args: argparse.Namespace) -> str:
    """Scrapy's LOG_LEVEL for the flags given: by default WARNING, so that a crawl on a
    terminal shows warta's own progress and summary and the warnings that matter."""
    if args.log_level:
        return args.log_level.upper()
    return ("WARNING", "INFO", "DEBUG")[min(args.verbose, 2)]


def setting_overrides(args: argparse.Namespace) -> dict[str, str]:
    """``--set NAME=VALUE`` pairs; Scrapy converts the text when the setting is read."""
    overrides = {}
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                f"--set {pair!r}: expected NAME=VALUE, e.g. AUTOTHROTTLE_ENABLED=False"
            )
        overrides[name.strip()] = value
    return overrides


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The article filters every query command takes, worded the same everywhere."""
    parser.add_argument(
        "--site", action="append", metavar="SITE", help="only this site (repeatable)"
    )
    parser.add_argument(
        "--since", metavar="DATE", help="published on or after (YYYY-MM-DD, a WIB day, or ISO)"
    )
    parser.add_argument(
        "--until", metavar="DATE", help="published on or before (YYYY-MM-DD, a WIB day, or ISO)"
    )
    parser.add_argument("--section", help="only this section (case-insensitive)")
    parser.add_argument("--lang", metavar="CODE", help="only this language (ISO 639-1, e.g. id)")


def article_filter(args: argparse.Namespace) -> ArticleFilter:
    """The filter the flags ask for; a bad date is the user's mistake, told in one line."""
    try:
        return ArticleFilter.from_options(
            args.site, args.since, args.until, args.section, args.lang
        )
    except FilterError as exc:
        raise UsageError(str(exc)) from None


def check_sites(engine: Engine, wanted: ArticleFilter) -> None:
    """A ``--site`` the database has never stored is a mistake told in one line, naming
    the site and the stored sites it may have meant, not an empty result."""
    unknown = wanted.unknown_sites(engine)
    if not unknown:
        return
    with engine.connect() as connection:
        known = list(connection.scalars(select(Site.key).order_by(Site.key)))
    close = difflib.get_close_matches(unknown[0], known, n=3)
    if close:
        hint = f"did you mean {', '.join(close)}?"
    elif len(known) <= 10:
        hint = f"stored sites: {', '.join(known) or 'none'}"
    else:
        hint = f"{len(known)} sites stored; `warta stats` lists them"
    raise UsageError(f"unknown site {', '.join(map(repr, unknown))} ({hint})")
