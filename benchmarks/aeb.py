"""Article body quality on the Scrapinghub Article Extraction Benchmark (AEB, 181 pages).

Scores warta's ``clean_html`` against bare trafilatura with the benchmark's own metric, so
the figures sit beside its published table (trafilatura 2.0.0: F1 0.958). warta is built
on trafilatura; this shows what the Indonesian layer costs or gains on general news pages.

Metric (as the benchmark defines it): texts are tokenised into ``\\w+`` runs, tokens form
overlapping 4-token shingles, and per page the predicted and gold shingle multisets give
TP/FP/FN, normalised to sum to 1 so long pages weigh no more than short ones. Precision
is averaged over the pages where the system returned something, recall over all pages;
F1 is the harmonic mean of the two averages; accuracy is the share of pages whose token
sequence equals the gold one. The ± is a bootstrap standard deviation over pages (fixed
seed, so two runs on the same code print the same figures).

warta is scored on ``clean_html(...).body`` even when ``.ok`` is false: the benchmark
scores text only, and some of its pages are too short or undated for warta's article
test. Every system gets the same page text, decoded from the UTF-8 files as the
benchmark's own runners do.

Run from the project root:

    .venv/bin/python benchmarks/aeb.py                 # all 181 pages, about a minute
    .venv/bin/python benchmarks/aeb.py --limit 20      # a quick look
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from _common import AEB_DIR, AebPage, format_table, load_aeb

from cleaners import clean_html

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class PageMatch:
    """One page's shingle overlap with the gold, normalised so tp + fp + fn == 1."""

    tp: float
    fp: float
    fn: float
    exact: bool

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Scores:
    f1: float
    precision: float
    recall: float
    accuracy: float


@dataclass
class Run:
    """What one system produced on the pages, and how it scored."""

    name: str
    texts: list[str]
    matches: list[PageMatch]
    seconds: float
    errors: int = 0


def tokenize(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(tokens: Sequence[str]) -> Counter[tuple[str, ...]]:
    """Overlapping 4-token shingles; a text shorter than that is one shorter shingle."""
    if not tokens:
        return Counter()
    count = max(1, len(tokens) - SHINGLE + 1)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(count))


def match(gold: str, predicted: str) -> PageMatch:
    want_tokens, got_tokens = tokenize(gold), tokenize(predicted)
    want, got = shingles(want_tokens), shingles(got_tokens)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    if total:
        tp, fp, fn = tp / total, fp / total, fn / total
    return PageMatch(tp, fp, fn, exact=want_tokens == got_tokens)


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def aggregate(matches: Sequence[PageMatch]) -> Scores:
    """The benchmark's averages: precision over pages with output, recall over all."""
    precision = _mean([m.precision for m in matches if m.tp + m.fp > 0])
    recall = _mean([m.recall for m in matches if m.tp + m.fn > 0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(f1, precision, recall, _mean([float(m.exact) for m in matches]))


def bootstrap_samples(pages: int, rounds: int, seed: int) -> list[list[int]]:
    """Page indices drawn with replacement; shared by all systems so that their
    difference is bootstrapped on the same resamples (a paired bootstrap)."""
    rng = random.Random(seed)
    return [[rng.randrange(pages) for _ in range(pages)] for _ in range(rounds)]


def bootstrap_f1s(matches: Sequence[PageMatch], samples: list[list[int]]) -> list[float]:
    return [aggregate([matches[i] for i in sample]).f1 for sample in samples]


def run_system(
    name: str, extract: Callable[[str, str], str | None], pages: Sequence[AebPage]
) -> Run:
    """Extract every page; a crash costs that page (empty output), not the run."""
    texts, errors = [], 0
    start = time.perf_counter()
    for page in pages:
        try:
            text = extract(page.html.decode("utf-8"), page.url) or ""
        except Exception as exc:  # a peer's bug is a score, not a stop
            print(f"  {name} failed on {page.key}: {exc!r}", file=sys.stderr)
            text, errors = "", errors + 1
        texts.append(text)
    seconds = time.perf_counter() - start
    matches = [match(page.gold, text) for page, text in zip(pages, texts, strict=True)]
    return Run(name, texts, matches, seconds, errors)


def warta_extractor(not_ok: Counter[str]) -> Callable[[str, str], str]:
    """warta's body, counting in ``not_ok`` the pages it would not store, by reason."""

    def extract(html: str, url: str) -> str:
        article = clean_html(html, url)
        if not article.ok:
            not_ok[article.reason or "?"] += 1
        return article.body

    return extract


def trafilatura_default(html: str, url: str) -> str | None:
    return trafilatura.extract(html, url=url)


def trafilatura_precision(html: str, url: str) -> str | None:
    return trafilatura.extract(html, url=url, favor_precision=True)


def print_scores(runs: list[Run], samples: list[list[int]]) -> None:
    rows = []
    for run in runs:
        scores = aggregate(run.matches)
        std = statistics.stdev(bootstrap_f1s(run.matches, samples)) if len(samples) > 1 else 0.0
        empty = sum(not text.strip() for text in run.texts)
        rows.append(
            [
                run.name,
                f"{scores.f1:.3f} ± {std:.3f}",
                f"{scores.precision:.3f}",
                f"{scores.recall:.3f}",
                f"{scores.accuracy:.3f}",
                empty,
                run.errors,
                f"{1000 * run.seconds / len(run.texts):.0f}",
            ]
        )
    headers = [
        "system",
        "F1 ± std",
        "precision",
        "recall",
        "accuracy",
        "empty",
        "errors",
        "ms/page",
    ]
    print(format_table(headers, rows))


def print_differences(warta: Run, others: list[Run], samples: list[list[int]]) -> None:
    """warta's F1 minus each other system's, with the paired bootstrap std."""
    print("\nwarta F1 minus (paired bootstrap std):")
    ours = bootstrap_f1s(warta.matches, samples)
    for other in others:
        delta = aggregate(warta.matches).f1 - aggregate(other.matches).f1
        theirs = bootstrap_f1s(other.matches, samples)
        diffs = [a - b for a, b in zip(ours, theirs, strict=True)]
        std = statistics.stdev(diffs) if len(diffs) > 1 else 0.0
        print(f"  {other.name:<28} {delta:+.3f} ± {std:.3f}")


def print_regressions(warta: Run, other: Run, pages: Sequence[AebPage], count: int) -> None:
    """The pages where warta's F1 falls furthest below ``other``'s: where to look first."""
    gaps = sorted(
        (w.f1 - o.f1, i) for i, (w, o) in enumerate(zip(warta.matches, other.matches, strict=True))
    )
    worst = [(gap, i) for gap, i in gaps[:count] if gap < 0]
    print(f"\n{len(worst)} pages where warta's F1 is furthest below {other.name}'s:")
    rows = [
        [
            pages[i].key[:12],
            f"{warta.matches[i].f1:.3f}",
            f"{other.matches[i].f1:.3f}",
            f"{gap:+.3f}",
            len(tokenize(warta.texts[i])),
            len(tokenize(other.texts[i])),
            len(tokenize(pages[i].gold)),
            pages[i].url,
        ]
        for gap, i in worst
    ]
    headers = ["id", "warta", "trafilatura", "gap", "w.tokens", "t.tokens", "gold", "url"]
    print(format_table(headers, rows, align="lrrrrrrl"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=AEB_DIR, help="the AEB data directory")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    parser.add_argument("--worst", type=int, default=10, help="regressions to list")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    pages = load_aeb(args.dir, args.limit)
    if not pages:
        print(f"no pages under {args.dir}", file=sys.stderr)
        return 2
    print(f"AEB: {len(pages)} pages from {args.dir}; trafilatura {trafilatura.__version__}\n")
    not_ok: Counter[str] = Counter()
    warta = run_system("warta (clean_html body)", warta_extractor(not_ok), pages)
    default = run_system("trafilatura extract", trafilatura_default, pages)
    precision = run_system("trafilatura favor_precision", trafilatura_precision, pages)
    samples = bootstrap_samples(len(pages), args.bootstrap, args.seed)

    print_scores([warta, default, precision], samples)
    print_differences(warta, [default, precision], samples)
    reasons = ", ".join(f"{reason} {n}" for reason, n in not_ok.most_common()) or "none"
    print(f"\nwarta marked {sum(not_ok.values())} of {len(pages)} pages not ok ({reasons})")
    print_regressions(warta, default, pages, args.worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
