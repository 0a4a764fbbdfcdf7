"""Time per page of warta's ``clean_html`` against bare ``trafilatura.extract``.

warta runs trafilatura inside a pipeline of its own (metadata, DOM pruning, line rules,
language detection), so trafilatura's own time is the floor; the goal is that warta
costs at most half as much again (ratio <= 1.5). The figure is printed, never asserted: timings
depend on the machine.

Both systems get the same raw bytes and URL, as the crawler hands them over. The pages
are read (and the AEB ones decompressed) before any timing, so no I/O is measured. Each
system runs once over all pages to warm up, then ``--repeats`` times; the two systems
alternate within each repeat so that drift in machine load hits both alike. ms/page is
the median over repeats of total time / pages.

Run from the project root (about two minutes with the defaults):

    .venv/bin/python benchmarks/clean_speed.py
    .venv/bin/python benchmarks/clean_speed.py --repeats 5 --limit 50
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from _common import AEB_DIR, EVAL_DIR, Page, format_table, load_aeb, load_eval_pages

from cleaners import clean_html

GOAL_RATIO = 1.5

Extractor = Callable[[bytes, str], object]


@dataclass
class Timing:
    """Seconds per page, one list per repeat (pages in the same order every time)."""

    name: str
    repeats: list[list[float]]

    def totals(self) -> list[float]:
        return [sum(run) for run in self.repeats]

    def ms_per_page(self, indices: Sequence[int] | None = None) -> float:
        """Median over repeats of the mean time per page, over ``indices`` or all."""
        chosen = indices if indices is not None else range(len(self.repeats[0]))
        means = [sum(run[i] for i in chosen) / len(chosen) for run in self.repeats]
        return 1000 * statistics.median(means)

    def page_ms(self, index: int) -> float:
        return 1000 * statistics.median(run[index] for run in self.repeats)


def warta(html: bytes, url: str) -> object:
    return clean_html(html, url)


def trafilatura_default(html: bytes, url: str) -> object:
    return trafilatura.extract(html, url=url)


def time_pass(extract: Extractor, pages: Sequence[Page]) -> list[float]:
    """One pass over all pages: the seconds each page took."""
    gc.collect()  # start each pass with the same heap, not the last pass's garbage
    seconds = []
    for page in pages:
        start = time.perf_counter()
        extract(page.html, page.url)
        seconds.append(time.perf_counter() - start)
    return seconds


def load_pages(eval_dir: Path, aeb_dir: Path, limit: int | None) -> tuple[list[Page], int]:
    """The eval pages then the AEB pages, and how many of them are eval pages."""
    eval_pages = load_eval_pages(eval_dir) if eval_dir.is_dir() else []
    aeb_pages = load_aeb(aeb_dir) if aeb_dir.is_dir() else []
    pages = [*eval_pages, *aeb_pages][:limit]
    return pages, min(len(eval_pages), len(pages))


def measure(systems: dict[str, Extractor], pages: Sequence[Page], repeats: int) -> list[Timing]:
    for extract in systems.values():
        time_pass(extract, pages)  # warm-up: imports, caches, lazy tables
    timings = [Timing(name, []) for name in systems]
    for _ in range(repeats):
        for timing, extract in zip(timings, systems.values(), strict=True):
            timing.repeats.append(time_pass(extract, pages))
    return timings


def print_report(warta_t: Timing, traf_t: Timing, pages: Sequence[Page], eval_count: int) -> None:
    subsets = {"all pages": range(len(pages))}
    if 0 < eval_count < len(pages):
        subsets["shared/eval (Indonesian)"] = range(eval_count)
        subsets["scrapinghub-aeb"] = range(eval_count, len(pages))
    rows = []
    for label, indices in subsets.items():
        ours, theirs = warta_t.ms_per_page(indices), traf_t.ms_per_page(indices)
        rows.append([label, len(indices), f"{ours:.1f}", f"{theirs:.1f}", f"{ours / theirs:.2f}"])
    headers = ["pages", "n", "warta ms/page", "trafilatura ms/page", "ratio"]
    print(format_table(headers, rows))

    spread = [
        f"{t.name} {1000 * min(t.totals()) / len(pages):.1f}-"
        f"{1000 * max(t.totals()) / len(pages):.1f}"
        for t in (warta_t, traf_t)
    ]
    print(f"\nms/page range over repeats: {'; '.join(spread)}")
    ratio = warta_t.ms_per_page() / traf_t.ms_per_page()
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"goal warta/trafilatura <= {GOAL_RATIO:.1f}: {ratio:.2f}, {verdict}")


def print_slowest(warta_t: Timing, traf_t: Timing, pages: Sequence[Page], count: int) -> None:
    """warta's slowest pages, with trafilatura's time on the same page for scale."""
    slowest = sorted(range(len(pages)), key=warta_t.page_ms, reverse=True)[:count]
    rows = [
        [
            pages[i].key.removeprefix("pages/") if "/" in pages[i].key else pages[i].key[:12],
            f"{warta_t.page_ms(i):.0f}",
            f"{traf_t.page_ms(i):.0f}",
            f"{len(pages[i].html) // 1024}",
            pages[i].url,
        ]
        for i in slowest
    ]
    print(f"\nwarta's {len(rows)} slowest pages (median ms over repeats):")
    headers = ["page", "warta ms", "trafilatura ms", "KiB", "url"]
    print(format_table(headers, rows, align="lrrrl"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per system")
    parser.add_argument("--limit", type=int, default=None, help="time only the first N pages")
    parser.add_argument("--eval-dir", type=Path, default=EVAL_DIR, help="laid out like shared/eval")
    parser.add_argument("--aeb-dir", type=Path, default=AEB_DIR, help="the AEB data directory")
    parser.add_argument("--slowest", type=int, default=5, help="slowest warta pages to list")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pages, eval_count = load_pages(args.eval_dir, args.aeb_dir, args.limit)
    if not pages or args.repeats < 1:
        print("nothing to time: no pages found, or --repeats below 1", file=sys.stderr)
        return 2
    megabytes = sum(len(p.html) for p in pages) / 1e6
    print(
        f"{len(pages)} pages ({eval_count} shared/eval, {len(pages) - eval_count} AEB), "
        f"{megabytes:.1f} MB; 1 warm-up + {args.repeats} timed passes per system; "
        f"trafilatura {trafilatura.__version__}\n"
    )
    warta_t, traf_t = measure(
        {"warta clean_html": warta, "trafilatura extract": trafilatura_default},
        pages,
        args.repeats,
    )
    print_report(warta_t, traf_t, pages, eval_count)
    print_slowest(warta_t, traf_t, pages, args.slowest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
