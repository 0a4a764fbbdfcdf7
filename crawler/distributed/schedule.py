"""`warta schedule --redis`: the same cadence, but each due crawl becomes a round in
Redis for the workers, instead of a crawl process on this machine."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from crawler.distributed.rounds import active_rounds, begin_round
from crawler.schedule import Finished, Scheduler, _Running
from crawler.sites import SiteProfile


class RoundScheduler(Scheduler):
    """A site is running while its round is active; ``max_parallel`` rounds at once."""

    def __init__(
        self,
        profiles: Sequence[SiteProfile],
        db_url: str,
        redis,
        max_parallel: int = 4,
        report: Callable[[str], None] = print,
    ) -> None:
        super().__init__(profiles, db_url, max_parallel=max_parallel, report=report)
        self.redis = redis

    def _launch(self, profile: SiteProfile, now: datetime) -> None:
        begun = begin_round(self.redis, profile)
        self.running[profile.key] = _Running(profile, None, now)
        self.last_start[profile.key] = now
        note = "" if begun else " (joining a round already going)"
        self.report(f"{now:%Y-%m-%d %H:%M:%S} enqueued {profile.key} for the workers{note}")

    def _reap(self, now: datetime) -> None:
        if not self.running:
            return
        active = {r.key for r in active_rounds(self.redis)}
        for key, job in list(self.running.items()):
            if key in active:
                continue
            del self.running[key]
            seconds = (now - job.started).total_seconds()
            self.finished.append(Finished(key, 0, seconds))
            self.report(f"{now:%Y-%m-%d %H:%M:%S} round of {key} over after {seconds:.0f} s")

    def _wait_running(self) -> None:
        """Rounds belong to the workers: stopping the scheduler leaves them running."""
