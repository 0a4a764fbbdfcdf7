"""A worker process: crawls every site whose round is active in Redis, side by side,
each as its own Scrapy crawler on the shared scheduler, and opens crawlers for rounds
begun while it runs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from redis.exceptions import ConnectionError as RedisConnectionError
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.reactor import install_reactor
from twisted.internet import task

from crawler.distributed import redis_client
from crawler.distributed.rounds import Round, active_rounds
from crawler.runner import CrawlReport
from crawler.spiders.news import NewsSpider

logger = logging.getLogger(__name__)


class Worker:
    """Looks at the active rounds every ``poll`` seconds and crawls the new ones.

    ``only`` limits the worker to those site keys; ``until_idle`` stops it once no round
    it may crawl is active and none of its crawls is running (without it, it waits for
    new rounds until stopped).
    """

    def __init__(
        self,
        settings,
        only: Collection[str] | None = None,
        poll: float = 5.0,
        until_idle: bool = False,
        report: Callable[[CrawlReport], None] | None = None,
    ) -> None:
        self.settings = settings
        self.redis = redis_client(settings["WARTA_REDIS_URL"])
        self.only = set(only) if only is not None else None
        self.poll = poll
        self.until_idle = until_idle
        self.report = report
        self.process = CrawlerProcess(settings)
        self.running: dict[str, Crawler] = {}
        self.reports: list[CrawlReport] = []

    def run(self) -> list[CrawlReport]:
        # Crawlers come later, so install the reactor they ask for before anything
        # touches one (the poll loop would otherwise install Twisted's default).
        install_reactor(self.settings["TWISTED_REACTOR"], self.settings["ASYNCIO_EVENT_LOOP"])
        looking = task.LoopingCall(self._look)
        looking.start(self.poll).addErrback(self._failed)
        self.process.start(stop_after_crawl=False)
        return self.reports

    def stop(self) -> None:
        from twisted.internet import reactor  # the one CrawlerProcess installed

        self.process.stop().addBoth(lambda _: reactor.running and reactor.stop())

    def _rounds(self) -> list[Round]:
        return [r for r in active_rounds(self.redis) if self.only is None or r.key in self.only]

    def _look(self) -> None:
        try:
            rounds = self._rounds()
        except RedisConnectionError as exc:
            logger.warning("Redis did not answer (%s); looking again in %g s", exc, self.poll)
            return
        for crawl_round in rounds:
            if crawl_round.key not in self.running:
                self._crawl(crawl_round)
        if self.until_idle and not rounds and not self.running:
            self.stop()

    def _crawl(self, crawl_round: Round) -> None:
        logger.info("joining the round of %s", crawl_round.key)
        crawler = self.process.create_crawler(NewsSpider)
        self.running[crawl_round.key] = crawler
        done = self.process.crawl(
            crawler, site=crawl_round.site, since=crawl_round.since, until=crawl_round.until
        )
        done.addBoth(self._finished, crawl_round.key, crawler)

    def _finished(self, result, key: str, crawler: Crawler):
        del self.running[key]
        report = CrawlReport(
            site=key,
            finish_reason=crawler.stats.get_value("finish_reason"),
            stats=dict(crawler.stats.get_stats()),
        )
        self.reports.append(report)
        if self.report:
            self.report(report)
        return result

    def _failed(self, failure) -> None:
        """Looking for rounds failed for a reason other than a Redis outage: stop, saying
        why, rather than idle on."""
        logger.error("worker stopped: %s", failure.getErrorMessage())
        self.stop()
