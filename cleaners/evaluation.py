"""Scoring the cleaner against hand-made gold records.

A directory laid out like ``shared/eval`` (``pages/<site>/<slug>.html`` beside
``gold/<site>/<slug>.json``, optionally ``manifest.jsonl`` with each page's URL) is
scored with the metrics its README defines: body word precision/recall/F1 over the
multiset of lower-cased word tokens, boilerplate leak lines, exact titles, published day
and minute (with offset), author sets, and language.

The leak patterns here are deliberately written apart from the cleaner's own rules: a
test that reused the cleaner's patterns could never see them fail.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cleaners.article import CleanArticle
from cleaners.clean import clean_html
from cleaners.rules import disabled

_WORD = re.compile(r"\w+", re.UNICODE)
# One entry per item of the drop list in shared/eval/README.md ("What the body drops").
# A pattern flags a line only when the line is not in the gold body, so these may be
# broad; but no line of any gold body should match one (tests/test_eval_bars.py checks).
# Photo captions without a credit and embedded tweets are not on the list as such, and
# a caption cannot be told from a sentence by its words alone: they show in body F1.
_LEAK_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # "Baca juga" / "Lihat juga" / "Simak juga" links, also after "Yuk," or "Ayo,"
        r"^\W*((yuk|ayo)\W+)?(baca|lihat|simak|saksikan|tonton)\s+(juga|pula)\b",
        # "ADVERTISEMENT", "- Advertisement -", "SCROLL TO CONTINUE WITH CONTENT"
        r"^\W*advertisement\W*$",
        r"scroll\s+to\s+(continue|resume)\s+(with\s+)?content",
        # share and follow prompts
        r"^\W*ikuti\b.*\b(google\s+news|whatsapp|channel|saluran)",
        r"^\W*(bagikan|share)(\W*$|\s+(artikel|berita|on|ke|via|melalui|this)\b)",
        # newsletter prompts
        r"\bnewsletter\b",
        # syndication lines
        r"^\W*artikel\s+ini\s+(telah\s+)?(tayang|terbit)",
        # credit lines, also a label left alone on its line when the name is split off
        r"^\W*(penulis|editor|pewarta|reporter|sumber|foto)\s*(:|$)",
        # photo captions and credits: "(Foto: Antara)", "FOTO: <gallery title>", "Lihat Foto"
        r"\b(foto|photo)\s*:\s*\S",
        r"^\W*lihat\s+foto\b",
        # embedded video titles and their prompts: 'Simak Video "..."', "[Gambas:Video 20detik]"
        r"^\W*((yuk|ayo)\W+)?(simak|saksikan|tonton|lihat)\s+(juga\s+)?video\b",
        r"gambas\s*:\s*video",
        # tag lists
        r"^\W*(tags?|topik|kata\s+kunci)\s*:",
        # "Populer", "Berita Terbaru", "Artikel Lainnya" and their kin
        r"^\W*(populer|terpopuler|berita\s+terbaru|artikel\s+lainnya|berita\s+terkait)\W*$",
        # comment forms
        r"tinggalkan\s+komentar|silakan\s+masukkan\s+komentar",
        # date widgets: a line that is only "Senin, 4 Mei 2020 | 04:25 WIB"
        r"^\W*(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu)\s*,\s*\d{1,2}\s+\w+\s+\d{4}"
        r"\W*(\d\d[:.]\d\d\W*(wib|wita|wit)?)?\W*$",
        # page navigation
        r"^\W*(halaman|page)\s+(selanjutnya|berikutnya|sebelumnya|next)\W*$",
        r"^\W*\d+\s+dari\s+\d+\s+halaman\W*$",
    )
]


@dataclass(frozen=True)
class Bar:
    """A goal one summary metric must reach: at least ``goal``, or at most it for counts
    of faults (``at_most``)."""

    metric: str
    goal: float
    at_most: bool = False

    def met(self, value: float | None) -> bool:
        """None (nothing to measure, e.g. no gold states a time) meets every bar."""
        if value is None:
            return True
        return value <= self.goal if self.at_most else value >= self.goal

    def __str__(self) -> str:
        return f"{'<=' if self.at_most else '>='} {self.goal:g}"


# The goal column: what the cleaner must reach on shared/eval and shared/eval2 scored
# together (pages pooled, not sets averaged). tests/test_eval_bars.py is the CI gate;
# `warta eval --check` applies the same bars to whatever sets it is given.
BARS: tuple[Bar, ...] = (
    Bar("body_f1_mean", 0.975),
    Bar("body_f1_min", 0.88),
    Bar("leak_lines", 0, at_most=True),
    Bar("title_accuracy", 0.97),
    Bar("authors_accuracy", 0.92),
    Bar("published_day_accuracy", 0.97),
    Bar("published_minute_accuracy", 0.96),
    Bar("language_accuracy", 1.0),
)


def tokens(text: str | None) -> Counter:
    return Counter(_WORD.findall((text or "").lower()))


def body_scores(predicted: str | None, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the predicted body's words against the gold body's."""
    got, want = tokens(predicted), tokens(gold)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def looks_like_boilerplate(line: str) -> bool:
    """Whether a line matches an item of the eval README's drop list."""
    return any(p.search(line) for p in _LEAK_PATTERNS)


def leak_lines(predicted: str | None, gold: str) -> list[str]:
    """Lines of the predicted body that look like boilerplate and are not in the gold."""
    gold_lines = {line.strip() for line in gold.split("\n") if line.strip()}
    leaks = []
    for line in (predicted or "").split("\n"):
        line = line.strip()
        if line and line not in gold_lines and looks_like_boilerplate(line):
            leaks.append(line)
    return leaks


def _fold(text: str | None) -> str:
    return " ".join((text or "").split())


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def _minute(value: str | None) -> str | None:
    """'2024-05-04T10:15+07:00' from any ISO text with a time, else None."""
    if not value or len(value) <= 10:
        return None
    match = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)?$", value)
    if not match:
        return None
    return match[1] + (match[2] or "")


@dataclass
class PageScore:
    """One page's scores; ``file`` is relative to its set, the folder named ``set_name``."""

    set_name: str
    file: str
    precision: float
    recall: float
    f1: float
    leaks: list[str]
    title_ok: bool
    day_ok: bool
    minute_ok: bool | None  # None: the gold states no time
    authors_ok: bool
    language_ok: bool
    problems: list[str] = field(default_factory=list)

    @property
    def site(self) -> str:
        """The ``<site>`` of ``pages/<site>/<slug>.html``: a site is the same site
        whichever set its pages come from."""
        return PurePosixPath(self.file).parent.name

    @property
    def set_site(self) -> str:
        """``eval/kompas.com``: the site within one set."""
        return f"{self.set_name}/{self.site}"

    @property
    def label(self) -> str:
        """``eval/pages/kompas.com/<slug>.html``: where to find the page beside its set."""
        return f"{self.set_name}/{self.file}"


def score_page(set_name: str, file: str, article: CleanArticle, gold: dict) -> PageScore:
    precision, recall, f1 = body_scores(article.body, gold["body"])
    gold_minute = _minute(gold.get("published"))
    score = PageScore(
        set_name=set_name,
        file=file,
        precision=precision,
        recall=recall,
        f1=f1,
        leaks=leak_lines(article.body, gold["body"]),
        title_ok=_fold(article.title) == _fold(gold.get("title")),
        day_ok=_day(article.published) == _day(gold.get("published")),
        minute_ok=None if gold_minute is None else _minute(article.published) == gold_minute,
        authors_ok={a.casefold() for a in article.authors}
        == {a.casefold() for a in gold.get("authors", [])},
        language_ok=article.language == gold.get("language"),
    )
    if not article.ok:
        score.problems.append(f"not an article: {article.reason}")
    if f1 < 0.95:
        score.problems.append(_body_difference(article.body, gold["body"]))
    if score.leaks:
        score.problems.append(f"leaks: {score.leaks[:3]}")
    if not score.title_ok:
        score.problems.append(f"title {article.title!r} != {gold.get('title')!r}")
    if not score.day_ok or score.minute_ok is False:
        score.problems.append(f"published {article.published!r} != {gold.get('published')!r}")
    if not score.authors_ok:
        score.problems.append(f"authors {article.authors} != {gold.get('authors')}")
    if not score.language_ok:
        score.problems.append(f"language {article.language!r} != {gold.get('language')!r}")
    return score


def _body_difference(predicted: str, gold: str) -> str:
    got = [p for p in (predicted or "").split("\n\n") if p.strip()]
    want = [p for p in gold.split("\n\n") if p.strip()]
    extra = [p[:70] for p in got if p not in want][:3]
    missing = [p[:70] for p in want if p not in got][:3]
    return f"body extra {extra} missing {missing}"


def _shown(value: float) -> str:
    """Counts as they are (a leak count is not a share), shares to three decimals."""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


@dataclass
class EvalReport:
    """Scores of pages from one or more sets; every summary is over the pages pooled."""

    pages: list[PageScore]

    @staticmethod
    def _share(values: Iterable[bool]) -> float | None:
        """The share of true values; None when there is nothing to count."""
        values = list(values)
        return sum(values) / len(values) if values else None

    def summary(self) -> dict[str, float | None]:
        pages = self.pages
        timed = [p.minute_ok for p in pages if p.minute_ok is not None]
        return {
            "pages": len(pages),
            "body_precision_mean": sum(p.precision for p in pages) / len(pages),
            "body_recall_mean": sum(p.recall for p in pages) / len(pages),
            "body_f1_mean": sum(p.f1 for p in pages) / len(pages),
            "body_f1_min": min(p.f1 for p in pages),
            "leak_lines": sum(len(p.leaks) for p in pages),
            "pages_with_leaks": sum(bool(p.leaks) for p in pages),
            "title_accuracy": self._share(p.title_ok for p in pages),
            "published_day_accuracy": self._share(p.day_ok for p in pages),
            "published_minute_accuracy": self._share(timed),
            "authors_accuracy": self._share(p.authors_ok for p in pages),
            "language_accuracy": self._share(p.language_ok for p in pages),
        }

    def below(self) -> list[Bar]:
        """The bars this report's summary does not meet."""
        summary = self.summary()
        return [bar for bar in BARS if not bar.met(summary[bar.metric])]

    def failed_bars(self) -> list[str]:
        """Each bar not met, with the value that missed it."""
        summary = self.summary()
        return [f"{bar.metric} = {_shown(summary[bar.metric])} (bar {bar})" for bar in self.below()]

    def worst(self, count: int) -> list[PageScore]:
        def badness(page: PageScore) -> tuple:
            return (page.f1 - 0.1 * len(page.problems), page.label)

        return sorted((p for p in self.pages if p.problems), key=badness)[:count]

    def group(self, key: Callable[[PageScore], str]) -> dict[str, EvalReport]:
        """One report per value of ``key``, in key order."""
        groups: dict[str, list[PageScore]] = {}
        for page in self.pages:
            groups.setdefault(key(page), []).append(page)
        return {name: EvalReport(groups[name]) for name in sorted(groups)}

    def by_set(self) -> dict[str, EvalReport]:
        return self.group(lambda page: page.set_name)

    def by_site(self) -> dict[str, EvalReport]:
        """Keyed ``eval/kompas.com``: each site within each set."""
        return self.group(lambda page: page.set_site)

    def by_site_across_sets(self) -> dict[str, EvalReport]:
        """Keyed ``kompas.com``: the sites whose pages come from more than one set, with
        all their pages together."""
        return {
            site: report
            for site, report in self.group(lambda page: page.site).items()
            if len({page.set_name for page in report.pages}) > 1
        }


def _manifest_urls(directory: Path) -> dict[str, str]:
    manifest = directory / "manifest.jsonl"
    urls: dict[str, str] = {}
    if manifest.is_file():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                if entry.get("url"):
                    urls[entry["file"]] = entry["url"]
    return urls


def evaluate(
    directory: Path, cleaner: Callable[[bytes, str], CleanArticle] = clean_html
) -> EvalReport:
    """Score ``cleaner`` on every page of ``directory`` that has a gold record; the set is
    named after the folder."""
    directory = Path(directory)
    pages_dir, gold_dir = directory / "pages", directory / "gold"
    if not pages_dir.is_dir() or not gold_dir.is_dir():
        raise FileNotFoundError(f"{directory} has no pages/ and gold/ folders")
    urls = _manifest_urls(directory)
    scores = []
    for page in sorted(pages_dir.rglob("*.html")):
        relative = page.relative_to(directory).as_posix()
        gold_file = gold_dir / page.relative_to(pages_dir).with_suffix(".json")
        if not gold_file.is_file():
            continue
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        url = gold.get("url") or urls.get(relative) or page.resolve().as_uri()
        article = cleaner(page.read_bytes(), url)
        scores.append(score_page(directory.name, relative, article, gold))
    if not scores:
        raise FileNotFoundError(f"no page with a gold record under {directory}")
    return EvalReport(scores)


def evaluate_sets(
    directories: Sequence[Path], cleaner: Callable[[bytes, str], CleanArticle] = clean_html
) -> EvalReport:
    """Score ``cleaner`` on several sets at once, their pages pooled in one report."""
    directories = [Path(d) for d in directories]
    names = [d.name for d in directories]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"two sets named {', '.join(twice)}: set names are folder names")
    return EvalReport([page for d in directories for page in evaluate(d, cleaner).pages])


def evaluate_without(
    rules: Sequence[str],
    directories: Sequence[Path],
    cleaner: Callable[[bytes, str], CleanArticle] = clean_html,
) -> EvalReport:
    """The scores with the named cleaner rules switched off, to compare with the scores
    with them and see which sites a rule helps. An unknown rule name raises KeyError
    before any page is cleaned."""
    with disabled(*rules):
        return evaluate_sets(directories, cleaner)


def changes(before: EvalReport, after: EvalReport) -> dict[str, dict[str, tuple]]:
    """Per site within a set, the summary metrics that differ between two reports on the
    same pages, as (before, after)."""
    after_sites = after.by_site()
    changed = {}
    for site, report in before.by_site().items():
        old, new = report.summary(), after_sites[site].summary()
        differing = {m: (old[m], new[m]) for m in old if old[m] != new[m]}
        if differing:
            changed[site] = differing
    return changed
