"""SQLite: copying the write-ahead log into the database file beside the writer, not in its way.

A commit in WAL mode appends the batch's pages to the log; a checkpoint copies them into
the database file and waits for the disk to have them (fsync). At a million articles a
batch of a thousand changes some seven thousand pages scattered over the indexes, and
SQLite's own checkpoint, run by the writer after its commit, made every batch wait for
those writes: close to half of a batch's time. Run from a thread of its own after each
batch, the checkpoint's disk writes overlap the next batch's work instead.

Durability is the same: a batch is durable in the log once committed, and checkpoints
still wait for the disk before the log is reused. A passive checkpoint never blocks the
writer, so the log is only restarted from its beginning by the writer's own automatic
checkpoint, which :mod:`storage.db` keeps as a bound on the log's size.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)


class BackgroundCheckpoints:
    """A thread that checkpoints one SQLite database whenever asked to, one at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._state = threading.Condition()
        self._requested = False
        self._running = False
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        """Checkpoint soon; requests made while one is running merge into the next."""
        with self._state:
            self._requested = True
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="warta-sqlite-checkpoints", daemon=True
                )
                self._thread.start()
            self._state.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every requested checkpoint is done; False if ``timeout`` ran out."""
        with self._state:
            return self._state.wait_for(lambda: not self._requested and not self._running, timeout)

    def _serve(self) -> None:
        while True:
            with self._state:
                self._state.wait_for(lambda: self._requested)
                self._requested, self._running = False, True
            try:
                self._checkpoint()
            finally:
                with self._state:
                    self._running = False
                    self._state.notify_all()

    def _checkpoint(self) -> None:
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except SQLAlchemyError as exc:
            # The next request tries again; the writer's own checkpoint bounds the log.
            logger.warning("background checkpoint failed: %s", exc)
