"""`warta schedule`: every site crawled on its profile's interval, unattended.

Each crawl runs as its own `warta crawl SITE` process: Twisted's reactor cannot restart
within one process, and a crawl that crashes, hangs on a dead database or is killed
takes nothing else down with it. A site is due when its last crawl (read from the
crawl_runs table, so a restarted scheduler keeps the cadence) started an interval ago.
The per-site crawl lock (storage.locks) keeps a crawl started by cron or by hand from
overlapping one started here.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crawler.sites import SiteProfile
from storage import open_database
from storage.queries import recent_runs


@dataclass
class _Running:
    profile: SiteProfile
    process: subprocess.Popen | None  # None for a round handed to distributed workers
    started: datetime


@dataclass(frozen=True)
class Finished:
    site: str
    exit_code: int
    seconds: float


class Scheduler:
    def __init__(
        self,
        profiles: Sequence[SiteProfile],
        db_url: str,
        crawl_args: Sequence[str] = (),
        max_parallel: int = 4,
        report: Callable[[str], None] = print,
    ) -> None:
        self.profiles = list(profiles)
        self.db_url = db_url
        self.crawl_args = list(crawl_args)
        self.max_parallel = max_parallel
        self.report = report
        self.running: dict[str, _Running] = {}
        self.finished: list[Finished] = []
        self._stopping = False
        runs = recent_runs(open_database(db_url), per_site=1)
        self.last_start = {key: found[0].started_at for key, found in runs.items()}

    def due(self, now: datetime) -> list[SiteProfile]:
        """Sites not running whose interval has passed since their last crawl started,
        the longest overdue first."""
        never = datetime.min.replace(tzinfo=UTC)

        def next_time(profile: SiteProfile) -> datetime:
            last = self.last_start.get(profile.key)
            interval = timedelta(minutes=profile.crawl_interval_minutes)
            return never if last is None else last + interval

        waiting = [p for p in self.profiles if p.key not in self.running]
        return sorted((p for p in waiting if next_time(p) <= now), key=next_time)

    def _launch(self, profile: SiteProfile, now: datetime) -> None:
        command = [sys.executable, "-m", "crawler.cli", "crawl", profile.target]
        command += ["--db", self.db_url]
        process = subprocess.Popen([*command, *self.crawl_args])
        self.running[profile.key] = _Running(profile, process, now)
        self.last_start[profile.key] = now
        self.report(f"{now:%Y-%m-%d %H:%M:%S} started {profile.key} (pid {process.pid})")

    def _reap(self, now: datetime) -> None:
        for key, job in list(self.running.items()):
            code = job.process.poll()
            if code is None:
                continue
            del self.running[key]
            seconds = (now - job.started).total_seconds()
            self.finished.append(Finished(key, code, seconds))
            outcome = "finished" if code == 0 else f"FAILED with exit code {code}"
            self.report(f"{now:%Y-%m-%d %H:%M:%S} {key} {outcome} after {seconds:.0f} s")

    def tick(self, now: datetime | None = None) -> None:
        """Collect finished crawls and start due ones, up to ``max_parallel`` at once."""
        now = now or datetime.now(UTC)
        self._reap(now)
        if self._stopping:
            return
        for profile in self.due(now)[: max(0, self.max_parallel - len(self.running))]:
            self._launch(profile, now)

    def stop(self, *_signal) -> None:
        """Start nothing more; the crawls running finish (or are stopped with us)."""
        self._stopping = True

    def run(self, once: bool = False, poll_seconds: float = 5.0) -> list[Finished]:
        """Run until stopped (SIGINT/SIGTERM), or with ``once`` until every site that was
        due at the start has been crawled once."""
        signal.signal(signal.SIGTERM, self.stop)
        wanted = {p.key for p in self.due(datetime.now(UTC))} if once else set()
        try:
            while True:
                self.tick()
                if once:
                    done = {f.site for f in self.finished}
                    if wanted <= done and not self.running:
                        break
                    self._stopping = wanted <= done | set(self.running)
                elif self._stopping and not self.running:
                    break
                time.sleep(poll_seconds)
        except KeyboardInterrupt:
            self.stop()
        self._wait_running()
        self._reap(datetime.now(UTC))
        return self.finished

    def _wait_running(self) -> None:
        for job in self.running.values():
            job.process.wait()
