"""What the benchmark scripts share: where the data sets live, how to load them, a table.

The data sets sit in ``shared/`` beside the project (never inside it: the pages belong to
their publishers and must not be committed), so every default path is resolved from the
project root rather than from the working directory.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
AEB_DIR = SHARED / "benchmarks" / "scrapinghub-aeb"
TFEVAL_DIR = SHARED / "benchmarks" / "trafilatura-eval"
EVAL_DIR = SHARED / "eval"


@dataclass(frozen=True)
class Page:
    """One benchmark page: its key, the URL it was fetched from and its raw bytes."""

    key: str
    url: str
    html: bytes


@dataclass(frozen=True)
class AebPage(Page):
    """An AEB page with its gold article body."""

    gold: str


def load_aeb(directory: Path, limit: int | None = None) -> list[AebPage]:
    """The AEB pages with their gold bodies, decompressed, in key order."""
    truth = json.loads(gzip.decompress((directory / "ground-truth.json.gz").read_bytes()))
    keys = sorted(truth)[:limit]
    return [
        AebPage(
            key=key,
            url=truth[key]["url"],
            html=gzip.decompress((directory / "html" / f"{key}.html.gz").read_bytes()),
            gold=truth[key].get("articleBody") or "",
        )
        for key in keys
    ]


def load_eval_pages(directory: Path) -> list[Page]:
    """The pages of a gold directory laid out like shared/eval, with their gold URLs.

    The URL is the one ``cleaners.evaluation`` would pass: the gold record's, else the
    manifest's, else the file's own URI.
    """
    manifest: dict[str, str] = {}
    manifest_file = directory / "manifest.jsonl"
    if manifest_file.is_file():
        for line in manifest_file.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line) if line.strip() else {}
            if entry.get("url"):
                manifest[entry["file"]] = entry["url"]
    pages = []
    for path in sorted((directory / "pages").rglob("*.html")):
        relative = path.relative_to(directory).as_posix()
        gold_file = directory / "gold" / path.relative_to(directory / "pages").with_suffix(".json")
        gold = json.loads(gold_file.read_text(encoding="utf-8")) if gold_file.is_file() else {}
        url = gold.get("url") or manifest.get(relative) or path.resolve().as_uri()
        pages.append(Page(key=relative, url=url, html=path.read_bytes()))
    return pages


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None
) -> str:
    """A plain-text table, so the figures can be pasted into an issue as they are.

    ``align`` has one letter per column, ``l`` or ``r``; by default the first column is
    left-aligned (names) and the others right-aligned (figures).
    """
    align = align or "l" + "r" * (len(headers) - 1)
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [
            cell.ljust(width) if side == "l" else cell.rjust(width)
            for cell, width, side in zip(row, widths, align, strict=True)
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])
