"""warta against bare trafilatura on trafilatura's own evaluation set (990 pages).

trafilatura tunes itself on this set, so it is its home ground: the figures show what
warta's extra rules cost on general (mostly German and English) web pages, where they
were not written for, beside the project's published table (trafilatura 2.2.0 standard:
F-score 0.924).

Metric (as the set defines it): every page has "with" snippets (text the extraction must
contain) and "without" snippets (boilerplate it must not). Extraction and snippets are
whitespace-normalised and matched as substrings. Pooled over all pages: TP = "with"
found, FN = "with" missing, FP = "without" found, TN = "without" absent; precision =
TP/(TP+FP), recall = TP/(TP+FN), accuracy = (TP+TN)/all, F-score = 2TP/(2TP+FP+FN).
An empty output or a crash counts as every "with" missed and every "without" absent.

The pages are raw bytes in mixed encodings; both systems get the bytes and decode them
as they would in a crawler. warta is scored on ``clean_html(...).body`` even when
``.ok`` is false (many of these pages are not news articles).

Run from the project root (about two minutes):

    .venv/bin/python benchmarks/tfeval.py
    .venv/bin/python benchmarks/tfeval.py --limit 100
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from _common import TFEVAL_DIR, format_table

from cleaners import clean_html


@dataclass(frozen=True)
class EvalPage:
    key: str
    url: str | None  # None where the set's key is not a web address ("hard::...")
    html: bytes
    with_: list[str]
    without: list[str]


@dataclass
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn

    @property
    def correct(self) -> int:
        return self.tp + self.tn

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def accuracy(self) -> float:
        total = self.tp + self.fn + self.fp + self.tn
        return self.correct / total if total else 0.0

    def f_score(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0


@dataclass
class Run:
    name: str
    pages: list[Counts]
    seconds: float
    empty: int
    errors: int

    def pooled(self) -> Counts:
        total = Counts()
        for counts in self.pages:
            total.add(counts)
        return total


def normalize(text: str) -> str:
    return " ".join(text.split())


def load_pages(directory: Path, limit: int | None) -> list[EvalPage]:
    data = json.loads(gzip.decompress((directory / "evaldata.json.gz").read_bytes()))
    pages = []
    for key in sorted(data)[:limit]:
        entry = data[key]
        pages.append(
            EvalPage(
                key=key,
                url=key if key.startswith(("http://", "https://")) else None,
                html=gzip.decompress((directory / "html" / f"{entry['file']}.gz").read_bytes()),
                with_=[s for s in entry["with"] if s],
                without=[s for s in entry["without"] if s],
            )
        )
    return pages


def count(page: EvalPage, text: str) -> Counts:
    """One page's snippet outcomes; an empty text finds nothing, good or bad."""
    found = normalize(text)
    hits = sum(normalize(s) in found for s in page.with_) if found else 0
    leaks = sum(normalize(s) in found for s in page.without) if found else 0
    return Counts(tp=hits, fn=len(page.with_) - hits, fp=leaks, tn=len(page.without) - leaks)


def run_system(
    name: str, extract: Callable[[bytes, str | None], str | None], pages: Sequence[EvalPage]
) -> Run:
    results, empty, errors = [], 0, 0
    start = time.perf_counter()
    for page in pages:
        try:
            text = extract(page.html, page.url) or ""
        except Exception as exc:  # a crash costs the page, as the metric says
            print(f"  {name} failed on {page.key}: {exc!r}", file=sys.stderr)
            text, errors = "", errors + 1
        empty += not text.strip()
        results.append(count(page, text))
    return Run(name, results, time.perf_counter() - start, empty, errors)


def warta_body(html: bytes, url: str | None) -> str:
    return clean_html(html, url or "").body


def trafilatura_default(html: bytes, url: str | None) -> str | None:
    return trafilatura.extract(html, url=url)


def print_table(runs: list[Run]) -> None:
    rows = []
    for run in runs:
        pooled = run.pooled()
        rows.append(
            [
                run.name,
                f"{pooled.precision():.3f}",
                f"{pooled.recall():.3f}",
                f"{pooled.accuracy():.3f}",
                f"{pooled.f_score():.3f}",
                f"{pooled.tp}/{pooled.fn}/{pooled.fp}/{pooled.tn}",
                run.empty,
                run.errors,
                f"{1000 * run.seconds / len(run.pages):.0f}",
            ]
        )
    ours, theirs = runs[0].pooled(), runs[1].pooled()
    rows.append(
        [
            f"{runs[0].name} minus {runs[1].name}",
            f"{ours.precision() - theirs.precision():+.3f}",
            f"{ours.recall() - theirs.recall():+.3f}",
            f"{ours.accuracy() - theirs.accuracy():+.3f}",
            f"{ours.f_score() - theirs.f_score():+.3f}",
            "",
            "",
            "",
            "",
        ]
    )
    headers = ["system", "precision", "recall", "accuracy", "F-score", "TP/FN/FP/TN"]
    print(format_table([*headers, "empty", "errors", "ms/page"], rows))


def print_losses(warta: Run, other: Run, pages: Sequence[EvalPage], limit: int) -> None:
    """Pages where warta gets the most snippets wrong that trafilatura gets right."""
    losses = sorted(
        (w.correct - o.correct, i)
        for i, (w, o) in enumerate(zip(warta.pages, other.pages, strict=True))
    )
    worst = [(loss, i) for loss, i in losses[:limit] if loss < 0]
    print(
        f"\n{len(worst)} pages where warta gets most snippets wrong that {other.name} gets right:"
    )
    rows = [
        [
            loss,
            f"{warta.pages[i].tp}/{len(pages[i].with_)}",
            f"{other.pages[i].tp}/{len(pages[i].with_)}",
            f"{warta.pages[i].fp}/{len(pages[i].without)}",
            f"{other.pages[i].fp}/{len(pages[i].without)}",
            pages[i].key,
        ]
        for loss, i in worst
    ]
    headers = ["diff", "warta with", "traf with", "warta without", "traf without", "page"]
    print(format_table(headers, rows, align="rrrrrl"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=TFEVAL_DIR, help="the set's data directory")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--worst", type=int, default=10, help="losing pages to list")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pages = load_pages(args.dir, args.limit)
    if not pages:
        print(f"no pages under {args.dir}", file=sys.stderr)
        return 2
    snippets = sum(len(p.with_) + len(p.without) for p in pages)
    print(
        f"trafilatura evaluation set: {len(pages)} pages, {snippets} snippets, "
        f"from {args.dir}; trafilatura {trafilatura.__version__}\n"
    )
    warta = run_system("warta", warta_body, pages)
    default = run_system("trafilatura", trafilatura_default, pages)
    print_table([warta, default])
    print_losses(warta, default, pages, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
