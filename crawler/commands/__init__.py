"""The sub-commands of `warta`, one module per command group.

Each module has ``register(subcommands)``, which adds its parsers and sets ``handler`` on
each; ``crawler.cli`` collects them. A handler takes the parsed arguments and returns the
exit code; it raises ``UsageError`` for a mistake the user can fix.
"""

from __future__ import annotations

import argparse

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


class UsageError(Exception):
    """A mistake in what the user asked for; the message is the whole answer."""


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file (default: $WARTA_DB_URL, else ./warta.db)",
    )
