"""Distributed crawls: `warta worker` processes sharing a Redis queue and one PostgreSQL
database crawl a local mirror of 2,000 article pages together.

These run against a Redis of the test session's own (see ``redis_server_url`` in
conftest.py) and the PostgreSQL at 127.0.0.1:5432; in CI neither may be missing.
"""

from __future__ import annotations

import base64
import os
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select, text

from crawler.distributed.keys import SiteKeys
from crawler.sample_site.mirror import build_mirror
from crawler.sample_site.server import SampleSiteServer, SeenRequest
from crawler.sites import profile_for
from storage import ArticleStore, open_database
from storage.models import Article
from tests.conftest import WARTA, _reset_postgres, run_warta

MIRROR_PAGES = 2000
# A killed worker is noticed this many seconds after its last heartbeat.
WORKER_TIMEOUT = 6
# Requests one worker can have taken and not finished: its scheduler takes no more than
# CONCURRENT_REQUESTS + WARTA_BATCH_SIZE (see SharedScheduler.open).
MOST_HELD = 16 + 50
# How long the mirror holds its articles back for every worker to ask for one (see
# ArticleGate); the workers wait longer than that for an answer.
JOIN_TIMEOUT = 180


@pytest.fixture(scope="module")
def mirror():
    return build_mirror(MIRROR_PAGES)


@pytest.fixture
def mirror_server(mirror):
    with SampleSiteServer({mirror.host: mirror}) as server:
        yield server


@pytest.fixture
def pg_url(postgres_server_url):
    _reset_postgres(postgres_server_url)
    return postgres_server_url


def start_worker(name: str, tmp_path: Path, redis_url: str, db_url: str, proxy: str):
    """A `warta worker` process; its output goes to a file, read if it fails."""
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [
            str(WARTA), "worker", "--until-idle", "--poll", "1",
            "--redis", redis_url, "--db", db_url, "--proxy", proxy,
            "--log-level", "WARNING", "--set", "AUTOTHROTTLE_ENABLED=False",
            "--set", f"DOWNLOAD_TIMEOUT={JOIN_TIMEOUT + 60}",
        ],
        env={**os.environ, "WARTA_WORKER_TIMEOUT": str(WORKER_TIMEOUT)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip


class ArticleGate:
    """The mirror's hold on article pages: none is answered until every worker has asked
    for one, except while the shared queue is empty.

    Workers started together join a round seconds apart (each first imports Scrapy and
    opens a spider), more on a busy machine, and one worker alone crawls the 2,000 pages
    in about a minute: the first could crawl the round before the second had joined,
    and the test would see one worker do all the work. Held, the first takes no more
    than its downloader holds and the rest waits in the shared queue for the others. A
    worker is told by its proxy user name (``--proxy http://NAME:@host:port``), which
    Scrapy sends as ``Proxy-Authorization``. While the queue is empty there is nothing
    the others could take, so answers go out: the first worker's discovery may have
    taken every request queued so far.
    """

    def __init__(self, redis_url: str, queue: str, articles: set[str], names) -> None:
        import redis

        self.client = redis.Redis.from_url(redis_url)
        self.queue = queue
        self.articles = articles
        self.names = set(names)
        self.asked: set[str] = set()
        self.deadline = time.monotonic() + JOIN_TIMEOUT
        self.late: set[str] = set()  # those that had not asked when it gave up
        self.open = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, request: SeenRequest) -> None:
        if request.path not in self.articles:
            return
        with self._lock:
            self.asked.add(proxy_user(request))
        while not self.open.is_set():
            with self._lock:
                if self.asked >= self.names:
                    self.open.set()
                elif time.monotonic() > self.deadline:
                    self.late = self.names - self.asked
                    self.open.set()
                elif not self.client.zcard(self.queue):
                    return
            self.open.wait(0.05)


def proxy_user(request: SeenRequest) -> str:
    """Who sent ``request``: the user name of its proxy URL, "" for none."""
    _, _, credentials = request.headers.get("Proxy-Authorization", "").partition(" ")
    return base64.b64decode(credentials).decode().partition(":")[0]


def start_workers(
    names, tmp_path, redis_url, db_url, mirror, server
) -> dict[str, subprocess.Popen]:
    """Workers crawling ``mirror`` through ``server``, which holds its articles back until
    every one has asked for one (see ArticleGate)."""
    articles = {url.removeprefix(mirror.base_url) for url in mirror.expected}
    queue = SiteKeys(profile_for(mirror.base_url + "/").key).requests
    server.hold = ArticleGate(redis_url, queue, articles, names)
    proxy = urlsplit(server.proxy_url)
    return {
        name: start_worker(
            name, tmp_path, redis_url, db_url, f"{proxy.scheme}://{name}:@{proxy.netloc}"
        )
        for name in names
    }


def assert_each_asked(server: SampleSiteServer) -> None:
    late = sorted(server.hold.late)
    assert not late, f"worker {', '.join(late)} asked for no article in {JOIN_TIMEOUT} s"


def wait_for(worker: subprocess.Popen, tmp_path: Path, name: str, timeout: int = 900) -> None:
    code = worker.wait(timeout=timeout)
    assert code == 0, (tmp_path / f"{name}.log").read_text()[-3000:]


def enqueue(mirror, redis_url: str) -> None:
    result = run_warta("enqueue", mirror.base_url + "/", "--redis", redis_url)
    assert result.returncode == 0, result.stderr
    assert "round begun" in result.stdout


def stored_articles(db_url: str) -> dict[str, str]:
    with open_database(db_url).connect() as connection:
        rows = connection.execute(select(Article.url, Article.title)).all()
    urls = [url for url, _ in rows]
    assert len(urls) == len(set(urls))
    return dict(rows)


def article_fetches(server: SampleSiteServer, mirror) -> Counter:
    paths = {url.removeprefix(mirror.base_url) for url in mirror.expected}
    return Counter(r.path for r in server.requests if r.method == "GET" and r.path in paths)


def crawl_runs(db_url: str) -> list[dict]:
    with open_database(db_url).connect() as connection:
        return [row for (row,) in connection.execute(text("SELECT counts FROM crawl_runs"))]


def assert_every_article_stored_once(db_url: str, mirror) -> None:
    stored = stored_articles(db_url)
    assert set(stored) == set(mirror.expected)
    assert all(stored[url] == article.title for url, article in mirror.expected.items())


def test_two_workers_share_a_crawl(tmp_path, mirror, mirror_server, redis_url, pg_url):
    enqueue(mirror, redis_url)
    workers = start_workers(("a", "b"), tmp_path, redis_url, pg_url, mirror, mirror_server)
    for name, worker in workers.items():
        wait_for(worker, tmp_path, name)
    assert_each_asked(mirror_server)

    assert_every_article_stored_once(pg_url, mirror)
    fetches = article_fetches(mirror_server, mirror)
    assert len(fetches) == MIRROR_PAGES
    assert set(fetches.values()) == {1}, "a URL was fetched twice"
    # Both did part of the work, and together all of it.
    fetched = [run.get("pages/fetched", 0) for run in crawl_runs(pg_url)]
    assert len(fetched) == 2 and min(fetched) > 0 and sum(fetched) == MIRROR_PAGES


def test_a_killed_workers_requests_are_crawled_by_the_other(
    tmp_path, mirror, mirror_server, redis_url, pg_url
):
    enqueue(mirror, redis_url)
    workers = start_workers(
        ("doomed", "survivor"), tmp_path, redis_url, pg_url, mirror, mirror_server
    )
    doomed, survivor = workers["doomed"], workers["survivor"]
    engine = open_database(pg_url)
    deadline = time.monotonic() + 600
    while True:
        with engine.connect() as connection:
            stored = connection.scalar(select(func.count()).select_from(Article))
        if stored >= MIRROR_PAGES // 3:
            break
        assert time.monotonic() < deadline and doomed.poll() is None, "crawl did not get going"
        time.sleep(0.5)
    doomed.kill()  # SIGKILL: no goodbye, its leases stay behind in Redis
    doomed.wait()

    wait_for(survivor, tmp_path, "survivor")
    assert_each_asked(mirror_server)
    assert_every_article_stored_once(pg_url, mirror)
    fetches = article_fetches(mirror_server, mirror)
    assert len(fetches) == MIRROR_PAGES
    # Only what the dead worker held is fetched again.
    assert sum(n - 1 for n in fetches.values()) <= MOST_HELD
    # The survivor put back what the dead worker held (it was killed mid-crawl, so held
    # some), rather than those pages waiting for the next round.
    assert sum(run.get("distributed/requeued", 0) for run in crawl_runs(pg_url)) > 0


def test_a_second_enqueue_joins_the_running_round(mirror, redis_url):
    enqueue(mirror, redis_url)
    again = run_warta(
        "enqueue", mirror.base_url + "/", "--redis", redis_url, env={"COLUMNS": "200"}
    )
    assert again.returncode == 0, again.stderr
    assert "already going (1 requests queued, 0 taken by workers)" in again.stdout


def test_enqueue_without_redis_says_how_to_name_one(mirror):
    result = run_warta("enqueue", mirror.base_url + "/", env={"WARTA_REDIS_URL": ""})
    assert result.returncode == 2
    assert "pass --redis" in result.stderr


def test_concurrent_writers_store_each_article_once(pg_url):
    """Writers in several processes (threads here, each with its own connections) storing
    overlapping batches: unique URLs and per-key locks, not luck, keep one copy."""
    records = [
        {
            "url": f"http://www.contoh.example/berita/{n}",
            "url_seen": f"http://www.contoh.example/berita/{n}",
            "site": "contoh",
            "title": f"Berita nomor {n}",
            "body": f"Isi berita nomor {n} tentang pembangunan jalan desa ke-{n}. " * 20,
            "content_hash": f"hash-{n}",
            "language": "id",
            "word_count": 200,
        }
        for n in range(300)
    ]
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    writers = 4
    together = threading.Barrier(writers)

    def write() -> None:
        store = ArticleStore(pg_url)
        # Every writer stores the same batches at the same moment: the worst case.
        for start in range(0, len(records), 25):
            together.wait()
            try:
                result = store.upsert(records[start : start + 25])
            except Exception as exc:  # reported by the assertion below
                errors.append(exc)
                continue
            with lock:
                outcomes.extend(result.outcomes)

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert outcomes.count("inserted") == len(records)
    assert outcomes.count("unchanged") == (writers - 1) * len(records)
    assert len(stored_articles(pg_url)) == len(records)


def test_crawl_over_redis_stores_the_site_and_ends_the_round(
    sample_server, sample_sites, tmp_path, redis_url
):
    import redis

    db = f"sqlite:///{tmp_path / 'warta.db'}"
    result = run_warta(
        "crawl", "kabarnusantara", "--redis", redis_url, "--db", db,
        "--proxy", sample_server.proxy_url, "--set", "AUTOTHROTTLE_ENABLED=False",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "kabarnusantara: round begun" in result.stdout
    site = sample_sites["www.kabarnusantara.example"]
    assert set(stored_articles(db)) == set(site.expected)
    assert not redis.Redis.from_url(redis_url).smembers("warta:sites")


def test_schedule_over_redis_hands_due_sites_to_workers(sample_server, tmp_path, redis_url):
    import redis

    db = f"sqlite:///{tmp_path / 'warta.db'}"
    log = (tmp_path / "schedule.log").open("w")
    schedule = subprocess.Popen(
        [str(WARTA), "schedule", "suarametro", "sulselterkini", "--once", "--poll", "0.2",
         "--redis", redis_url, "--db", db],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 60
    while len(client.smembers("warta:sites")) < 2:
        assert time.monotonic() < deadline and schedule.poll() is None, "nothing enqueued"
        time.sleep(0.2)
    worker = start_worker("worker", tmp_path, redis_url, db, sample_server.proxy_url)
    wait_for(worker, tmp_path, "worker")
    assert schedule.wait(timeout=120) == 0
    output = (tmp_path / "schedule.log").read_text()
    assert "enqueued suarametro for the workers" in output
    assert "round of sulselterkini over" in output
    assert not [r for r in sample_server.requests if "kabarnusantara" in r.host]
    query = text("SELECT DISTINCT s.key FROM articles a JOIN sites s ON s.id = a.site_id")
    with open_database(db).connect() as connection:
        assert sorted(connection.scalars(query)) == ["suarametro", "sulselterkini"]


class _NoHeartbeat:
    """Stands in for the scheduler's heartbeat loop, which would install a Twisted
    reactor in the test process."""

    running = False

    def __init__(self, *args) -> None:
        pass

    def start(self, interval, now=True) -> None:
        self.running = True


def test_a_responses_lease_holds_the_round_until_its_requests_are_queued(redis_url, monkeypatch):
    """Scrapy reads a callback's whole output before it schedules any of it. Released as
    the callback returned, the lease of the response left a moment with nothing queued
    and nothing held, in which an idle worker took the round for over, ended it and
    left: after the round's start request, the whole crawl fell to the worker that had
    taken it, and the other fetched nothing."""
    import asyncio
    from types import SimpleNamespace

    import scrapy
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    import crawler.distributed.scheduler as scheduler_module
    from crawler.distributed.middleware import LeaseMiddleware
    from crawler.distributed.queue import LEASE

    monkeypatch.setattr(scheduler_module, "task", SimpleNamespace(LoopingCall=_NoHeartbeat))

    class Spider(scrapy.Spider):
        name = "news"
        profile = SimpleNamespace(key="contoh")

    addon = {"crawler.distributed.DistributedCrawling": 0}
    crawler = get_crawler(Spider, {"WARTA_REDIS_URL": redis_url, "ADDONS": addon})
    scheduler = scheduler_module.SharedScheduler.from_crawler(crawler)
    scheduler.open(Spider.from_crawler(crawler))
    middleware = LeaseMiddleware.from_crawler(crawler)

    def state() -> tuple[int, int]:
        """Requests queued and held, as an idle worker sees them: (0, 0) is a round over."""
        settled = scheduler.queue.settle()
        return settled.queued, settled.held

    def read_a_sitemap(name: str):
        """A sitemap taken from the queue, and its callback's output: three articles."""
        scheduler.enqueue_request(scrapy.Request(f"http://www.contoh.example/{name}.xml"))
        request = scheduler.next_request()
        assert state() == (0, 1)

        async def callback():
            for n in range(3):
                yield scrapy.Request(f"http://www.contoh.example/{name}/{n}")

        response = HtmlResponse(request.url, body=b"<urlset/>", request=request)
        return middleware.process_spider_output(response, callback())

    async def read(output) -> list:
        return [request async for request in output]

    # As Scrapy does it: the whole output read, then scheduled.
    requests = asyncio.run(read(read_a_sitemap("first")))
    assert state() == (0, 1)
    for queued, request in enumerate(requests, 1):
        scheduler.enqueue_request(request)
        assert state() == (queued, 1 if queued < 3 else 0)
    while (request := scheduler.next_request()) is not None:
        scheduler.queue.release(request.meta[LEASE])
    assert state() == (0, 0)

    # Each request scheduled as soon as it is yielded: the lease ends with the callback.
    async def schedule_each(output) -> None:
        async for request in output:
            scheduler.enqueue_request(request)
            assert state()[1] == 1

    asyncio.run(schedule_each(read_a_sitemap("second")))
    assert state() == (3, 0)


def test_a_worker_takes_no_more_than_its_downloads_and_a_store_batch(redis_url, monkeypatch):
    """What a worker that dies leaves to be fetched again is bounded: its scheduler
    stops taking requests at CONCURRENT_REQUESTS + WARTA_BATCH_SIZE held, and takes
    again as soon as one is finished with."""
    from types import SimpleNamespace

    import scrapy
    from scrapy.utils.test import get_crawler

    import crawler.distributed.scheduler as scheduler_module
    from crawler.distributed.queue import LEASE

    monkeypatch.setattr(scheduler_module, "task", SimpleNamespace(LoopingCall=_NoHeartbeat))

    class Spider(scrapy.Spider):
        name = "news"
        profile = SimpleNamespace(key="terbatas")

    settings = {
        "WARTA_REDIS_URL": redis_url,
        "ADDONS": {"crawler.distributed.DistributedCrawling": 0},
        "CONCURRENT_REQUESTS": 2,
        "WARTA_BATCH_SIZE": 3,
    }
    crawler = get_crawler(Spider, settings)
    scheduler = scheduler_module.SharedScheduler.from_crawler(crawler)
    scheduler.open(Spider.from_crawler(crawler))
    for n in range(8):
        scheduler.enqueue_request(scrapy.Request(f"http://www.contoh.example/{n}"))

    taken = []
    while (request := scheduler.next_request()) is not None:
        taken.append(request)
    assert len(taken) == 5 and len(scheduler.queue) == 3
    scheduler.queue.release(taken.pop().meta[LEASE])
    assert scheduler.next_request() is not None
    assert scheduler.next_request() is None and len(scheduler.queue) == 2


def test_a_rounds_start_request_that_fails_is_finished_with():
    """Its errback is the spider's discovery_failed, which counts the failure and gives
    the lease back; without one, a failed start request was retaken forever."""
    from scrapy.utils.request import request_from_dict
    from scrapy_redis import picklecompat

    from crawler.distributed.rounds import _start_request
    from crawler.sites import profile_for
    from crawler.spiders.news import NewsSpider

    spider = NewsSpider(site=profile_for("kabarnusantara").key)
    request = request_from_dict(picklecompat.loads(_start_request()), spider=spider)
    assert request.callback == spider.begin_discovery
    assert request.errback == spider.discovery_failed
