"""`warta clean` and `warta eval`: the cleaner on saved pages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from crawler.commands import UsageError, console


def cmd_clean(args: argparse.Namespace) -> int:
    from cleaners import clean_html

    refused = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"no such file: {name}")
        article = clean_html(path.read_bytes(), args.url or path.resolve().as_uri())
        if args.jsonl:
            print(json.dumps({"file": name, **article.to_dict()}, ensure_ascii=False))
            continue
        if not article.ok:
            refused += 1
            print(f"warta: {name}: not an article ({article.reason})", file=sys.stderr)
            continue
        byline = ", ".join(article.authors) or "(no author)"
        console.print(f"[bold]{escape(article.title or '')}[/]")
        console.print(f"{byline} | {article.published} | {article.section or '-'}", markup=False)
        console.print(f"{article.url}\n", markup=False)
        console.print(article.body, highlight=False, markup=False)
        console.print(f"\n[dim]{article.word_count} words, language {article.language}[/]")
    return 1 if refused else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from cleaners.evaluation import BARS, evaluate

    directory = Path(args.directory)
    try:
        report = evaluate(directory)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    summary = report.summary()
    if args.json:
        print(json.dumps({"summary": summary, "failed_bars": report.failed_bars()}, indent=2))
    else:
        table = Table(title=f"Cleaner scores on {directory} ({summary['pages']} pages)")
        table.add_column("metric")
        table.add_column("value", justify="right")
        table.add_column("bar", justify="right")
        for name, value in summary.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            table.add_row(name, shown, str(BARS.get(name, "")))
        console.print(table)
        worst = report.worst(args.worst)
        if worst:
            console.print(f"\n[bold]Worst {len(worst)} pages[/]")
        for page in worst:
            console.print(f"[cyan]{page.f1:.3f}[/] {page.file}", highlight=False)
            for problem in page.problems:
                console.print(f"    {problem}", highlight=False, markup=False)
    failures = report.failed_bars()
    if args.check and failures:
        print("warta: below the bar: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


def register(subcommands) -> None:
    clean = subcommands.add_parser("clean", help="clean saved HTML files into articles")
    clean.add_argument("files", nargs="+", metavar="FILE")
    clean.add_argument("--url", help="the URL the page was fetched from")
    clean.add_argument("--jsonl", action="store_true", help="one JSON object per file")
    clean.set_defaults(handler=cmd_clean)

    evaluation = subcommands.add_parser("eval", help="score the cleaner on pages with gold records")
    evaluation.add_argument("directory", metavar="DIR", help="laid out like shared/eval")
    evaluation.add_argument("--worst", type=int, default=10, help="how many worst pages to show")
    evaluation.add_argument("--json", action="store_true", help="print the summary as JSON")
    evaluation.add_argument("--check", action="store_true", help="exit 1 when a bar is not met")
    evaluation.set_defaults(handler=cmd_eval)
