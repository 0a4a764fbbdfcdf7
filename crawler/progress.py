"""A live progress line per crawl on the terminal: pages fetched, articles stored, skips
and errors, refreshed as the crawl goes (setting ``WARTA_PROGRESS``).

Several sites crawled in one process share one board, a line each; the board draws in
its own thread from the crawls' stats, so the crawl itself never waits on the terminal.
On a terminal that is not interactive (a log file, cron) only the last state is written.
"""

from __future__ import annotations

import sys
import threading

from rich.console import Console
from rich.live import Live
from rich.table import Table
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import count_keys
from crawler.failures import error_count


class _Board:
    """The one live display of this process, shown while any crawl runs."""

    def __init__(self) -> None:
        self.crawls: list[CrawlProgress] = []
        self.lock = threading.Lock()
        self.live: Live | None = None

    def add(self, crawl: CrawlProgress) -> None:
        with self.lock:
            self.crawls.append(crawl)
            if self.live is None:
                self.live = Live(
                    get_renderable=self.render,
                    console=_stderr_console(),
                    refresh_per_second=2,
                )
                self.live.start()

    def finish(self, crawl: CrawlProgress) -> None:
        with self.lock:
            crawl.finished = True
            if not all(c.finished for c in self.crawls) or self.live is None:
                return
            live, self.live = self.live, None
        live.stop()  # draws the final state once more
        with self.lock:
            self.crawls = []

    def render(self) -> Table:
        table = Table.grid()
        for crawl in list(self.crawls):
            table.add_row(crawl.line())
        return table


_BOARD = _Board()


def _stderr_console() -> Console:
    """The process's real stderr: Twisted may have swapped sys.stderr for a logging shim
    by the time a crawl opens. In a log file a line is never folded at 80 columns."""
    stream = sys.__stderr__
    return Console(file=stream, width=None if stream.isatty() else 1000)


class CrawlProgress:
    """Scrapy extension: this crawl's line on the board."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.site = "?"
        self.finished = False

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("WARTA_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider) -> None:
        self.site = spider.profile.key
        _BOARD.add(self)

    def spider_closed(self, spider, reason: str) -> None:
        _BOARD.finish(self)

    def line(self) -> str:
        stats = self.crawler.stats.get_stats()
        own = count_keys.own_counts(stats)
        duplicate = count_keys.duplicates(own)
        skipped = sum(count_keys.skips(own).values())
        blocked = sum(count_keys.blocks(own).values())
        errors = error_count(count_keys.run_counts(stats))
        state = "[green]done[/]" if self.finished else "[yellow]crawling[/]"
        parts = (
            f"{count_keys.DISCOVERY_DOCUMENTS.value_in(own)} documents",
            f"{count_keys.PAGES_FETCHED.value_in(own)} pages",
            f"{count_keys.stored_articles(own)} stored",
            *([f"{duplicate} duplicate"] if duplicate else []),
            f"{skipped} skipped",
            *([f"[red]{blocked} blocked[/]"] if blocked else []),
            f"[red]{errors} errors[/]" if errors else "0 errors",
        )
        return f"[bold]{self.site}[/] {state}: " + ", ".join(parts)
