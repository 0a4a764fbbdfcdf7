"""The `warta` command: thin layers over library functions, one module per command
group under ``crawler/commands``.

Errors a user can cause (an unknown site, a bad database URL, a missing file, a database
that does not answer) end in one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata

from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from crawler.commands import (
    UsageError,
    browsing,
    cleaning,
    crawling,
    database,
    distributed,
    health,
    querying,
    searching,
)
from crawler.sites import ProfileError, UnknownSiteError
from crawler.sites.probe import ProbeError
from storage import DatabaseURLError

COMMAND_GROUPS = (crawling, distributed, health, cleaning, database, searching, querying, browsing)


class _Parser(argparse.ArgumentParser):
    """argparse that answers a mistake in one line, like every other warta error."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="warta",
        description="Crawl Indonesian news sites into a SQL database of clean articles.",
    )
    parser.add_argument("--version", action="version", version=f"warta {_version()}")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(subcommands)
    return parser


def _version() -> str:
    """The installed package's version, so that a bug report names what was running."""
    try:
        return metadata.version("warta")
    except metadata.PackageNotFoundError:  # run from a source tree never installed
        return "unknown"


def _database_error(exc: SQLAlchemyError) -> str:
    """The driver's first line, which names the problem but never the password."""
    cause = getattr(exc, "orig", None) or exc
    first_line = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    return f"database error: {first_line}"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (UsageError, UnknownSiteError, ProfileError, ProbeError, DatabaseURLError) as exc:
        message = str(exc)
    except SQLAlchemyError as exc:
        message = _database_error(exc)
    except RedisError as exc:
        message = f"Redis error: {exc}"
    except KeyboardInterrupt:
        message = "interrupted"
    print(f"warta: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
