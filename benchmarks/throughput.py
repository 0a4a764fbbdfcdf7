"""Crawl throughput of one crawler process: bare Scrapy against the whole warta pipeline.

A local mirror of a big news portal (``crawler.sample_site.mirror.build_mirror``,
default 5,000 article pages) is served by ``SampleSiteServer`` in a process of its own,
so that what is measured for the crawler is the crawler alone; every crawler reaches it
as an HTTP proxy on 127.0.0.1, by the mirror's own URLs. Then, one crawler process each:

a. **bare Scrapy**, the ceiling: a minimal spider (in this file) that requests every
   article URL through the same proxy and does nothing with the body; robots.txt off.
b. **warta -> SQLite**: ``warta crawl http://HOST/ --proxy ... --db sqlite:///...`` into a
   fresh database: discovery from robots.txt and sitemaps, fetching, cleaning, language,
   dedup and batched upserts, as a user runs it.
c. **warta -> PostgreSQL**: the same into a fresh schema of ``--pg-url`` (created for the
   run and dropped after it; the database itself is never dropped).
d. **2 workers over Redis -> PostgreSQL**: ``warta enqueue`` begins a round in a database
   of ``--redis-url`` (emptied first), then two ``warta worker --until-idle`` processes
   crawl it together into a fresh schema. Its CPU is both workers' together, its peak
   RSS the larger worker's; on two cores the workers compete with the mirror server and
   PostgreSQL, so this row says what sharing costs more than what it gains.

Every run gets the same concurrency (warta's ``CONCURRENT_REQUESTS`` and
``CONCURRENT_REQUESTS_PER_DOMAIN``, or ``--concurrency``), ``AUTOTHROTTLE_ENABLED =
False`` and ``DOWNLOAD_DELAY = 0``: warta's own settings turn autothrottle on, which
would measure the politeness delay, not the crawler. The warta runs get them as
``--set NAME=VALUE``; whether autothrottle really was off is read back from each
crawl's log (the "Enabled extensions" line) and printed.

Per run: wall time of the crawler process (start-up included), the crawl time (engine
open to close, from Scrapy's stats or the ``crawl_runs`` row), article pages fetched and
pages/s over the wall time, CPU ms per page (user + sys of the crawler process, from
``os.wait4``), its peak RSS (``ru_maxrss``), the articles stored (rows counted, with the
titles checked against the mirror), the mirror server's CPU over the run (near 100 %
means the server, not the crawler, set the pace), the "other load" of the machine
meanwhile, and the run's pages/s as a share of (a). CPU and wall time include the
process's start-up (imports, migrations), as a user pays it.

"Other load" is the CPU every other process spent during the run, in cores (from
/proc/stat): for (c) it includes the PostgreSQL server's own work, which is not in the
crawler's CPU; for (a) and (b) a figure above ~0.1 means something else competed for
the cores and the run is slower than it would be alone. Nothing is asserted: timings
depend on the machine. Below the table, each run's skips as the crawl counted them: a
warta crawl of the mirror skips the home page's links to the ten newest articles
(``duplicate_url``, already announced by the sitemap) and the sitemap index named again
by robots.txt (``repeated_request``).

Run from the project root (about six minutes with the defaults on two cores; ``--profile``
adds as long again as the SQLite run takes, twice over):

    .venv/bin/python benchmarks/throughput.py
    .venv/bin/python benchmarks/throughput.py --pages 300 --only a,b        # quick look
    .venv/bin/python benchmarks/throughput.py --pages 1000 --only b --profile

Other options: ``--pg-url`` (default ``WARTA_TEST_PG_URL`` or
postgresql+psycopg://127.0.0.1:5432/test), ``--redis-url`` (default
``WARTA_TEST_REDIS_URL`` or redis://127.0.0.1:6379/12), ``--concurrency N`` (both concurrency
settings of every run), ``--seed``, ``--timeout`` (seconds per run), ``--keep`` (keep the
work directory and the PostgreSQL schema). ``--profile`` runs the SQLite pipeline once
more under cProfile after the table and prints the top 25 functions by cumulative time (and
the top 15 by their own time).

Adding a row is one function ``run_x(bench: Bench) -> RunResult`` registered in
``RUNS``; ``measure()`` runs and measures any command, in one process or several.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import pstats
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from _common import PROJECT_ROOT, format_table

PG_URL = os.environ.get("WARTA_TEST_PG_URL", "postgresql+psycopg://127.0.0.1:5432/test")
WARTA = Path(sys.executable).with_name("warta")
HOST = "www.beritacermin.example"
THROTTLE_EXTENSION = "scrapy.extensions.throttle.AutoThrottle"
REDIS_URL = os.environ.get("WARTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
WORKERS = 2
PROFILE_TOP = 25  # by cumulative time
PROFILE_OWN_TOP = 15  # by time spent in the function itself


# --------------------------------------------------------------------------------------
# The mirror, served from a process of its own
# --------------------------------------------------------------------------------------


def _serve(pages: int, seed: int, host: str, connection) -> None:
    """The server process: build the mirror, serve it, and answer "mark" with the
    requests served and the CPU seconds this process spent since the last mark."""
    from crawler.sample_site.mirror import build_mirror
    from crawler.sample_site.server import SampleSiteServer

    site = build_mirror(pages, seed, host)
    with SampleSiteServer({host: site}) as server:
        connection.send(server.proxy_url)
        seen, cpu = 0, _own_cpu()
        while (message := connection.recv()) != "stop":
            assert message == "mark", message
            now_seen, now_cpu = len(server.requests), _own_cpu()
            articles = sum(1 for r in server.requests[seen:now_seen] if "/berita/" in r.path)
            connection.send((now_seen - seen, articles, now_cpu - cpu))
            seen, cpu = now_seen, now_cpu


def _machine_busy() -> float | None:
    """CPU seconds all processes on this machine have spent (from /proc/stat), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(v) for v in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class MirrorProcess:
    """The mirror server in a child process; a context manager."""

    def __init__(self, pages: int, seed: int, host: str) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(pages, seed, host, child_end), daemon=True
        )
        self.proxy_url = ""

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def __enter__(self) -> MirrorProcess:
        self._process.start()
        if not self._connection.poll(300):
            raise RuntimeError("the mirror server did not start")
        self.proxy_url = self._connection.recv()
        return self

    def mark(self) -> tuple[int, int, float]:
        """(requests, article requests, server CPU seconds) since the last mark."""
        self._connection.send("mark")
        return self._connection.recv()

    def __exit__(self, *exc_info) -> None:
        with contextlib.suppress(OSError):
            self._connection.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(5)


# --------------------------------------------------------------------------------------
# Measuring one crawler process
# --------------------------------------------------------------------------------------


@dataclass
class RunResult:
    """One row of the table."""

    key: str
    name: str
    exit_code: int | None = None
    wall: float = 0.0  # seconds, the crawler process from start to exit
    crawl: float | None = None  # seconds, engine open to close
    cpu: float = 0.0  # seconds, user + sys of the crawler process
    peak_rss_kib: int = 0
    pages: int = 0  # article pages fetched
    stored: int | None = None  # article rows in the database (None: nothing stored)
    titles_ok: int | None = None
    server_cpu: float = 0.0
    # CPU seconds the rest of the machine spent meanwhile (not the crawler, not the
    # mirror): other work competing for the cores, which the figures do not exclude.
    other_cpu: float | None = None
    server_requests: int = 0
    server_article_requests: int = 0
    autothrottle: bool | None = None  # as the crawl's log says
    log: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    @property
    def cpu_ms_per_page(self) -> float | None:
        return 1000 * self.cpu / self.pages if self.pages else None


@dataclass
class Bench:
    """What every run shares: the mirror, the settings, where files go."""

    args: argparse.Namespace
    mirror: MirrorProcess
    expected: dict[str, str]  # article URL -> title
    settings: dict[str, object]  # the fair settings every crawler gets
    workdir: Path

    @property
    def host(self) -> str:
        return HOST

    def warta_crawl(self, db_url: str, log_level: str = "INFO") -> list[str]:
        return [
            str(WARTA), "crawl", f"http://{self.host}/", "--proxy", self.mirror.proxy_url,
            "--db", db_url, "--log-level", log_level, "--no-progress", *self.set_options(),
        ]  # fmt: skip

    def set_options(self) -> list[str]:
        return [option for name, value in self.settings.items() for option in
                ("--set", f"{name}={value}")]  # fmt: skip


def measure(
    result: RunResult,
    command: Sequence[str],
    env: dict[str, str],
    bench: Bench,
    processes: int = 1,
) -> RunResult:
    """Run ``command`` as ``processes`` child processes at once and fill ``result`` with
    the wall time until the last exits, their CPU time added up and the largest peak RSS
    (from ``os.wait4``, those children alone), and the mirror server's work meanwhile.
    Output goes to a log file per process in the work directory."""
    logs = [bench.workdir / f"{result.key}{'' if processes == 1 else f'-{n}'}.log"
            for n in range(processes)]  # fmt: skip
    result.log = logs[0]
    bench.mirror.mark()
    busy_before = _machine_busy()
    started = time.perf_counter()
    running = {}
    for log_path in logs:
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                list(command), cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        running[process.pid] = process
    deadline = started + bench.args.timeout
    codes = []
    while running:
        for pid in list(running):
            found, status, usage = os.wait4(pid, os.WNOHANG)
            if not found and time.perf_counter() > deadline:
                os.kill(pid, signal.SIGKILL)
                found, status, usage = os.wait4(pid, 0)
                result.notes.append(f"killed after {bench.args.timeout:.0f} s")
            if found:
                del running[pid]
                codes.append(os.waitstatus_to_exitcode(status))
                result.cpu += usage.ru_utime + usage.ru_stime
                result.peak_rss_kib = max(result.peak_rss_kib, usage.ru_maxrss)
        time.sleep(0.05)
    result.wall = time.perf_counter() - started
    result.exit_code = next((code for code in codes if code != 0), 0)
    busy_after = _machine_busy()
    served = bench.mirror.mark()
    result.server_requests, result.server_article_requests, result.server_cpu = served
    if busy_before is not None and busy_after is not None:
        result.other_cpu = max(0.0, busy_after - busy_before - result.cpu - result.server_cpu)
    if result.server_article_requests != len(bench.expected):
        result.notes.append(
            f"the mirror served {result.server_article_requests:,} article requests for "
            f"{len(bench.expected):,} articles"
        )
    text = logs[0].read_text(encoding="utf-8", errors="replace")
    if "Enabled extensions" in text:
        result.autothrottle = THROTTLE_EXTENSION in text
    if not result.ok:
        result.notes.append(f"exit code {result.exit_code}")
        tail = "\n".join(text.splitlines()[-25:])
        print(f"{result.name} failed (exit code {result.exit_code}); its log ends:\n{tail}")
    return result


# --------------------------------------------------------------------------------------
# (a) bare Scrapy: the ceiling
# --------------------------------------------------------------------------------------


def _bare_worker(urls_file: str, proxy: str, settings_json: str, stats_file: str) -> int:
    """The child process of run (a): fetch every URL, do nothing with the bodies."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    urls = Path(urls_file).read_text(encoding="utf-8").split()

    class BareSpider(scrapy.Spider):
        name = "bare"

        async def start(self):
            for url in urls:
                yield scrapy.Request(url, meta={"proxy": proxy}, dont_filter=True)

        def parse(self, response):
            self.crawler.stats.inc_value("bare/pages")
            return None

    process = CrawlerProcess({**json.loads(settings_json), "LOG_LEVEL": "INFO"})
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    Path(stats_file).write_text(
        json.dumps(
            {
                "pages": stats.get("bare/pages", 0),
                "elapsed": stats.get("elapsed_time_seconds"),
                "finish_reason": stats.get("finish_reason"),
            }
        ),
        encoding="utf-8",
    )
    return 0 if stats.get("finish_reason") == "finished" else 1


def bare_settings(bench: Bench) -> dict[str, object]:
    """Scrapy's defaults with warta's identity, limits and retries, and the fair
    settings; nothing of warta's components."""
    from crawler import settings as warta

    return {
        "USER_AGENT": warta.USER_AGENT,
        "DOWNLOAD_TIMEOUT": warta.DOWNLOAD_TIMEOUT,
        "DOWNLOAD_MAXSIZE": warta.DOWNLOAD_MAXSIZE,
        "RETRY_TIMES": warta.RETRY_TIMES,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        **bench.settings,
    }


def run_bare(bench: Bench) -> RunResult:
    result = RunResult("a", "a. bare Scrapy (ceiling)")
    urls_file = bench.workdir / "urls.txt"
    urls_file.write_text("\n".join(bench.expected), encoding="utf-8")
    stats_file = bench.workdir / "bare-stats.json"
    command = [
        sys.executable, __file__, "--bare-worker", str(urls_file), bench.mirror.proxy_url,
        json.dumps(bare_settings(bench)), str(stats_file),
    ]  # fmt: skip
    measure(result, command, dict(os.environ), bench)
    if stats_file.exists():
        stats = json.loads(stats_file.read_text(encoding="utf-8"))
        result.pages = stats["pages"]
        result.crawl = stats["elapsed"]
    return result


# --------------------------------------------------------------------------------------
# (b), (c) the whole pipeline
# --------------------------------------------------------------------------------------


def _read_back(result: RunResult, bench: Bench, db_url: str) -> RunResult:
    """Pages fetched and crawl time from the crawl's ``crawl_runs`` row; articles
    stored, and how many carry the mirror's title, from the ``articles`` table."""
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT url, title FROM articles")).all()
            runs = connection.execute(
                text("SELECT started_at, finished_at, counts FROM crawl_runs")
            ).all()
    finally:
        engine.dispose()
    result.stored = len(rows)
    result.titles_ok = sum(1 for url, title in rows if bench.expected.get(url) == title)
    if len({url for url, _ in rows}) != len(rows):
        result.notes.append("the same URL stored twice")
    # The database is the run's own: every crawl run in it (one per worker) is this run.
    counts: dict[str, int] = {}
    for _started, _finished, run_counts in runs:
        run_counts = json.loads(run_counts) if isinstance(run_counts, str) else run_counts
        for key, value in run_counts.items():
            counts[key] = counts.get(key, 0) + value
    result.pages = counts.get("pages/fetched", 0)
    finished = [_moment(f) for _s, f, _c in runs if f]
    if runs and len(finished) == len(runs):
        result.crawl = (max(finished) - min(_moment(s) for s, _f, _c in runs)).total_seconds()
    skipped = {k: v for k, v in counts.items() if k.startswith("skipped/") and v}
    if skipped:
        result.notes.append(
            "skipped: " + ", ".join(f"{k.removeprefix('skipped/')} {v}" for k, v in skipped.items())
        )
    return result


def _moment(value: datetime | str) -> datetime:
    """A time as SQLAlchemy's plain-SQL result gives it: a datetime, or text on SQLite."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def run_sqlite(bench: Bench) -> RunResult:
    result = RunResult("b", "b. warta -> SQLite")
    db_path = bench.workdir / "throughput.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db_url = f"sqlite:///{db_path}"
    measure(result, bench.warta_crawl(db_url), dict(os.environ), bench)
    return _read_back(result, bench, db_url)


def _pg_admin(url: str):
    """A psycopg connection string for the server and database of ``url``."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql", query={}).render_as_string(False)


@contextlib.contextmanager
def _pg_schema(bench: Bench, result: RunResult):
    """A database URL on a fresh schema of ``--pg-url``, dropped afterwards (unless
    ``--keep``); None, with a note, when the server does not answer."""
    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"warta_throughput_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin(bench.args.pg_url)
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:
        result.notes.append(f"not run: PostgreSQL not reachable ({exc})".splitlines()[0])
        yield None
        return
    url = make_url(bench.args.pg_url)
    url = url.set(
        drivername="postgresql+psycopg",
        query={**url.query, "options": f"-csearch_path={schema}"},
    )
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        if bench.args.keep:
            result.notes.append(f"schema {schema} kept")
        else:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def run_postgresql(bench: Bench) -> RunResult:
    result = RunResult("c", "c. warta -> PostgreSQL")
    with _pg_schema(bench, result) as db_url:
        if db_url:
            measure(result, bench.warta_crawl(db_url), dict(os.environ), bench)
            _read_back(result, bench, db_url)
    return result


def run_distributed(bench: Bench) -> RunResult:
    import redis

    result = RunResult("d", f"d. {WORKERS} workers, Redis -> PG")
    try:
        redis.Redis.from_url(bench.args.redis_url).flushdb()
    except redis.ConnectionError as exc:
        result.notes.append(f"not run: Redis not reachable ({exc})")
        return result
    with _pg_schema(bench, result) as db_url:
        if not db_url:
            return result
        enqueue = [str(WARTA), "enqueue", f"http://{bench.host}/", "--redis", bench.args.redis_url]
        subprocess.run(enqueue, check=True, capture_output=True)
        worker = [
            str(WARTA), "worker", "--until-idle", "--poll", "1", "--redis", bench.args.redis_url,
            "--proxy", bench.mirror.proxy_url, "--db", db_url, "--log-level", "INFO",
            *bench.set_options(),
        ]  # fmt: skip
        measure(result, worker, dict(os.environ), bench, processes=WORKERS)
        _read_back(result, bench, db_url)
    return result


# The rows, in order.
RUNS: dict[str, Callable[[Bench], RunResult]] = {
    "a": run_bare,
    "b": run_sqlite,
    "c": run_postgresql,
    "d": run_distributed,
}


# --------------------------------------------------------------------------------------
# Profile of the SQLite pipeline
# --------------------------------------------------------------------------------------


def profile_sqlite(bench: Bench) -> None:
    """One more SQLite crawl under cProfile (the reactor, the spider and the pipelines
    all run in the main thread), and its top functions by cumulative time."""
    db_path = bench.workdir / "profile.db"
    profile_file = bench.workdir / "sqlite.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(profile_file)]
    command += bench.warta_crawl(f"sqlite:///{db_path}", log_level="WARNING")
    result = measure(RunResult("profile", "profile"), command, dict(os.environ), bench)
    _read_back(result, bench, f"sqlite:///{db_path}")
    print(
        f"\n=== cProfile of the SQLite pipeline: {result.pages:,} pages in {result.wall:.1f} s "
        f"under the profiler ({result.stored:,} stored) ==="
    )
    if not profile_file.exists():
        print(f"no profile written; see {result.log}")
        return
    for order, top in (("cumulative", PROFILE_TOP), ("tottime", PROFILE_OWN_TOP)):
        out = io.StringIO()
        stats = pstats.Stats(str(profile_file), stream=out)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        print(out.getvalue().split("\n", 3)[-1].rstrip())


# --------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(results: list[RunResult], ceiling: RunResult | None) -> None:
    headers = [
        "run", "pages", "stored", "titles ok", "wall s", "crawl s", "pages/s", "CPU ms/page",
        "peak RSS MiB", "mirror CPU", "other load", "throttle", "vs (a)",
    ]  # fmt: skip
    rows = []
    for r in results:
        ratio = None
        if ceiling is not None and ceiling.pages_per_second and r.ok:
            ratio = r.pages_per_second / ceiling.pages_per_second
        ran = r.exit_code is not None
        rows.append(
            [
                r.name,
                f"{r.pages:,}" if ran else "-",
                "-" if r.stored is None else f"{r.stored:,}",
                "-" if r.titles_ok is None else f"{r.titles_ok:,}",
                _fmt(r.wall if ran else None, ".1f"),
                _fmt(r.crawl, ".1f"),
                _fmt(r.pages_per_second if ran else None, ".1f"),
                _fmt(r.cpu_ms_per_page, ".2f"),
                _fmt(r.peak_rss_kib / 1024 if ran else None, ".0f"),
                f"{100 * r.server_cpu / r.wall:.0f} %" if r.wall else "-",
                f"{r.other_cpu / r.wall:.2f} cores" if r.wall and r.other_cpu is not None else "-",
                {None: "?", True: "ON", False: "off"}[r.autothrottle] if ran else "-",
                "-" if ratio is None else f"{ratio:.2f}",
            ]
        )
    print("\n" + format_table(headers, rows))
    for r in results:
        for note in r.notes:
            print(f"  {r.key}: {note}")


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def fair_settings(concurrency: int | None) -> dict[str, object]:
    """The settings every run gets: warta's concurrency (or ``--concurrency``), no
    autothrottle, no download delay."""
    from crawler import settings as warta

    return {
        "CONCURRENT_REQUESTS": concurrency or warta.CONCURRENT_REQUESTS,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency or warta.CONCURRENT_REQUESTS_PER_DOMAIN,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000, help="article pages of the mirror")
    parser.add_argument("--only", default=",".join(RUNS), help="runs to do, e.g. a,b")
    parser.add_argument("--pg-url", default=PG_URL, help="PostgreSQL server and database")
    parser.add_argument(
        "--redis-url", default=REDIS_URL, help="Redis database for (d); emptied first"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile one more SQLite crawl with cProfile"
    )
    parser.add_argument(
        "--concurrency", type=int, default=None, help="both concurrency settings of every run"
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the mirror")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    parser.add_argument("--keep", action="store_true", help="keep the work directory and schema")
    parser.add_argument("--bare-worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_worker:
        return args
    args.only = [key.strip() for key in args.only.split(",") if key.strip()]
    unknown = [key for key in args.only if key not in RUNS]
    if unknown:
        parser.error(f"unknown runs {', '.join(unknown)}; known: {', '.join(RUNS)}")
    if args.pages < 1:
        parser.error("--pages must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.bare_worker:
        return _bare_worker(*args.bare_worker)
    from crawler.sample_site.mirror import build_mirror

    started = time.perf_counter()
    site = build_mirror(args.pages, args.seed, HOST)
    expected = {url: article.title for url, article in site.expected.items()}
    built = time.perf_counter() - started
    del site
    settings = fair_settings(args.concurrency)
    print(
        f"throughput: a mirror of {args.pages:,} article pages (seed {args.seed}, built in "
        f"{built:.1f} s) served from its own process; runs {', '.join(args.only)}"
    )
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(
        "every run: " + ", ".join(f"{k}={v}" for k, v in settings.items()) + " (autothrottle "
        "disabled for all; warta gets these as --set NAME=VALUE)"
    )
    workdir = Path(tempfile.mkdtemp(prefix="warta_throughput_"))
    results: list[RunResult] = []
    try:
        with MirrorProcess(args.pages, args.seed, HOST) as mirror:
            print(f"mirror server at {mirror.proxy_url} (pid {mirror.pid})")
            bench = Bench(args, mirror, expected, settings, workdir)
            for key in args.only:
                print(f"\n=== {key}: running ===", flush=True)
                result = RUNS[key](bench)
                print(
                    f"{result.name}: {result.pages:,} pages in {result.wall:.1f} s"
                    + (f", {result.stored:,} stored" if result.stored is not None else ""),
                    flush=True,
                )
                results.append(result)
            ceiling = next((r for r in results if r.key == "a" and r.ok), None)
            print_table(results, ceiling)
            if args.profile:
                profile_sqlite(bench)
    finally:
        if args.keep:
            print(f"\nkept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"total time {time.perf_counter() - started:.0f} s")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
