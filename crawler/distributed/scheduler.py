"""The scheduler of distributed crawls: scrapy-redis's, with leased requests, a worker
heartbeat, and a spider that stays open until the whole round is over.

A worker's spider going idle means only that the shared queue is empty right now:
another worker may still be reading a sitemap that will fill it. So an idle spider
settles the round (requeues what dead workers held, counts what is left) and stays open
while anything is queued or held anywhere.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections import Counter

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler import count_keys
from crawler.distributed.keys import SiteKeys, heartbeat
from crawler.distributed.queue import LEASE, PARENT_LEASE, LeasedQueue
from crawler.signals import request_failed, request_handled

logger = logging.getLogger(__name__)


def worker_name() -> str:
    """Unique per crawl process, and readable in ``redis-cli``: host, pid, a nonce."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class SharedScheduler(Scheduler):
    """Set as ``SCHEDULER`` by the distributed-crawling add-on."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        # A worker silent this long is taken for dead and its requests are requeued.
        scheduler.worker_timeout = crawler.settings.getint("WARTA_WORKER_TIMEOUT", 60)
        scheduler.worker = worker_name()
        # Leases of responses whose callbacks yielded requests (see LeaseMiddleware): how
        # many of those are queued, and for callbacks that are done, how many they yielded.
        scheduler._queued_children = Counter()
        scheduler._yielded = {}
        crawler.signals.connect(scheduler._release, signal=request_handled)
        crawler.signals.connect(scheduler._request_failed, signal=request_failed)
        crawler.signals.connect(scheduler._item_ended, signal=signals.item_dropped)
        crawler.signals.connect(scheduler._item_ended, signal=signals.item_error)
        crawler.signals.connect(scheduler._spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider) -> None:
        self.spider = spider
        self.keys = SiteKeys(spider.profile.key)
        # Enough for every download slot and a full store batch, so a worker never waits
        # on itself; a worker that dies leaves at most this many to be fetched again.
        settings = self.crawler.settings
        most_held = settings.getint("CONCURRENT_REQUESTS") + settings.getint("WARTA_BATCH_SIZE", 50)
        self.queue = LeasedQueue(
            self.server, spider, self.keys, self.worker, self.serializer, most_held
        )
        self.df = RFPDupeFilter(
            self.server, key=self.keys.dupefilter, debug=spider.settings.getbool("DUPEFILTER_DEBUG")
        )
        self._beat()
        self._heartbeat = task.LoopingCall(self._beat)
        self._heartbeat.start(max(1, self.worker_timeout // 3), now=False)
        waiting = len(self.queue)
        if waiting:
            spider.logger.info("joining the round of %s: %d requests queued", spider.name, waiting)

    # scrapy-redis's own versions pass ``spider`` to the stats, which Scrapy deprecated.
    def enqueue_request(self, request) -> bool:
        # A redirect or a retry is a copy of a taken request, lease and all: once the
        # copy is queued (or filtered as a repeat), the original is finished with.
        inherited = request.meta.pop(LEASE, None)
        parent = request.meta.pop(PARENT_LEASE, None)
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.stats.inc_value("scheduler/enqueued/redis")
            self.queue.push(request)
            return True
        finally:
            self.queue.release(inherited)
            if parent:
                self._queued_children[parent] += 1
                if parent in self._yielded:
                    self._release(parent, self._yielded[parent])

    def next_request(self):
        request = self.queue.pop()
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _beat(self) -> None:
        self.server.set(heartbeat(self.worker), "1", ex=self.worker_timeout)

    def close(self, reason: str) -> None:
        """Give back whatever is still held, so nobody waits for this worker's timeout."""
        if self._heartbeat.running:
            self._heartbeat.stop()
        requeued = self.queue.requeue_own()
        if requeued:
            logger.info("gave %d unfinished requests back to the shared queue", requeued)
        self.server.delete(heartbeat(self.worker))
        super().close(reason)

    def _release(self, lease: str | None, requests: int = 0) -> None:
        """``lease`` is finished with once ``requests`` of the requests its response
        yielded are queued (or filtered as repeats): until then it is held, so that the
        round is never seen with nothing queued and nothing held while they wait."""
        if lease and self._queued_children[lease] < requests:
            self._yielded[lease] = requests
            return
        self._queued_children.pop(lease, None)
        self._yielded.pop(lease, None)
        self.queue.release(lease)

    def _request_failed(self, request) -> None:
        self.queue.release(request.meta.get(LEASE))

    def _item_ended(self, item, **kwargs) -> None:
        self.queue.release(getattr(item, "lease", None))

    def _spider_idle(self, spider) -> None:
        # The store pipeline flushed on this same signal before (it connected first), so
        # anything this worker still holds now was lost track of: give it back.
        stray = self.queue.requeue_own()
        if stray:
            logger.warning("an idle worker still held %d requests; requeued", stray)
        state = self.queue.settle()
        if state.requeued:
            self.stats.inc_value(count_keys.DISTRIBUTED_REQUEUED.stat, state.requeued)
            logger.warning("requeued %d requests held by a worker that died", state.requeued)
        if not state.over:
            raise DontCloseSpider(f"round goes on: {state.queued} queued, {state.held} held")
