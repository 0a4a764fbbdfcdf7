"""`warta db`: database maintenance."""

from __future__ import annotations

import argparse

from crawler.commands import add_db_option, console
from storage import open_database, open_existing_database, redact, resolve_db_url


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    db_url = resolve_db_url(args.db)
    open_database(db_url)
    console.print(f"{redact(db_url)} is at the newest schema.")
    return 0


def cmd_db_optimize(args: argparse.Namespace) -> int:
    from storage.maintenance import optimize

    db_url = resolve_db_url(args.db)
    done = optimize(open_existing_database(db_url))
    console.print(f"{redact(db_url)}: {', '.join(done) or 'nothing to do'}.")
    return 0


def register(subcommands) -> None:
    db = subcommands.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = actions.add_parser("upgrade", help="migrate the database to the newest schema")
    add_db_option(upgrade)
    upgrade.set_defaults(handler=cmd_db_upgrade)
    optimize = actions.add_parser(
        "optimize", help="after a big load: merge the search index, refresh statistics"
    )
    add_db_option(optimize)
    optimize.set_defaults(handler=cmd_db_optimize)
