"""Maintenance after each batch, run beside the writer rather than in its way.

SQLite: a commit in WAL mode appends the batch's pages to the log; a checkpoint copies
them into the database file and waits for the disk to have them (fsync). At a million
articles a batch of a thousand changes some seven thousand pages scattered over the
indexes, and SQLite's own checkpoint, run by the writer after its commit, made every
batch wait for those writes: close to half of a batch's time. Durability is the same:
a batch is durable in the log once committed, and checkpoints still wait for the disk
before the log is reused. A passive checkpoint never blocks the writer, so the log is
only restarted from its beginning by the writer's own automatic checkpoint, which
:mod:`storage.db` keeps as a bound on the log's size.

PostgreSQL: new articles' words go to the full-text index's pending list, and once the
list passes its limit the inserting writer merges it into the index: at a million
articles some 0.6-0.8 s of a 3 s batch. Merged by another connection after each batch,
the list stays about one batch long (searches read it whole), and the writer merges
only if that connection falls behind the limit migration 0006 sets.

Either way the work overlaps the next batch's, on the second core.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)

_STATEMENTS = {
    "sqlite": "PRAGMA wal_checkpoint(PASSIVE)",
    "postgresql": "SELECT gin_clean_pending_list('ix_articles_search_vector'::regclass)",
}


class BackgroundMaintenance:
    """A thread that runs one database's after-batch maintenance whenever asked to,
    one run at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statement = text(_STATEMENTS[engine.dialect.name])
        self._state = threading.Condition()
        self._requested = False
        self._running = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Run soon; requests made while a run is going merge into the next."""
        with self._state:
            self._requested = True
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="warta-background-maintenance", daemon=True
                )
                self._thread.start()
            self._state.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every requested run is done; False if ``timeout`` ran out."""
        with self._state:
            return self._state.wait_for(lambda: not self._requested and not self._running, timeout)

    def _serve(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._requested)
                self._requested, self._running = False, True
            try:
                self._run()
            finally:
                with self._state:
                    self._running = False
                    self._state.notify_all()

    def _run(self) -> None:
        try:
            with self.engine.connect() as connection:
                connection.execute(self.statement)
                connection.commit()
        except SQLAlchemyError as exc:
            # The next request tries again; the writer's own work bounds what waits.
            logger.warning("background maintenance failed: %s", exc)
