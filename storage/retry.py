"""Waiting out a database that went away, instead of losing the batch in hand.

A PostgreSQL server restarting, a network blip, or another process holding SQLite's
write lock longer than the busy timeout all surface as ``OperationalError`` (or a
connection the pool has invalidated). Every write the store makes is one transaction,
so trying it again is safe: it either committed whole or not at all, and the unique
canonical URL turns a retried batch that had in fact committed into "unchanged".
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)
T = TypeVar("T")

# First wait, and the longest single wait, in seconds.
FIRST_WAIT, LONGEST_WAIT = 0.5, 30.0


def is_transient(exc: Exception) -> bool:
    """An error that says "the database is not there right now", not "this is wrong"."""
    return isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )


def with_retries(action: Callable[[], T], budget_seconds: float, what: str) -> T:
    """``action()``, tried again with growing waits while the database is unavailable,
    for up to ``budget_seconds``; then the last error is raised."""
    waited, wait = 0.0, FIRST_WAIT
    while True:
        try:
            return action()
        except DBAPIError as exc:
            if not is_transient(exc) or waited >= budget_seconds:
                raise
            first_line = (str(exc.orig or exc).strip().splitlines() or ["?"])[0]
            log.warning("database unavailable during %s (%s); retrying in %.1f s",
                        what, first_line, wait)  # fmt: skip
            time.sleep(wait)
            waited += wait
            wait = min(wait * 2, LONGEST_WAIT, max(budget_seconds - waited, FIRST_WAIT))
