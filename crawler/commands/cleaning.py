"""`warta clean` and `warta eval`: the cleaner on saved pages."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from crawler.commands import UsageError, console


def cmd_clean(args: argparse.Namespace) -> int:
    from cleaners.rules import all_rules

    if args.rules:
        _print_rules(all_rules())
        return 0
    if not args.files:
        raise UsageError("clean needs at least one FILE (or --rules)")
    known = {rule.name for rule in all_rules()}
    unknown = [name for name in args.disable if name not in known]
    if unknown:
        raise UsageError(f"no cleaner rule named {', '.join(unknown)} (see `warta clean --rules`)")
    refused = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"no such file: {name}")
        article, trace = _clean_file(path, args)
        if args.jsonl:
            record = {"file": name, **article.to_dict()}
            if args.explain:
                record["explain"] = trace.to_dict()
            print(json.dumps(record, ensure_ascii=False))
            continue
        if args.explain:
            _print_explanation(name, article, trace)
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


def _clean_file(path: Path, args: argparse.Namespace):
    from cleaners.clean import explain_html
    from cleaners.rules import disabled

    with disabled(*args.disable):
        return explain_html(
            path.read_bytes(), args.url or path.resolve().as_uri(), explain=args.explain
        )


def _print_rules(rules) -> None:
    table = Table(title="Cleaner rules, in the order they apply within a stage")
    for column in ("rule", "stage", "why"):
        table.add_column(column)
    for rule in rules:
        table.add_row(rule.name, rule.stage, rule.why)
    console.print(table)


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "[]"
    return str(value)


def _print_explanation(name: str, article, trace) -> None:
    """Where each field came from, the candidates that lost and why, and every block and
    line a rule dropped, with the rule's name."""
    verdict = "article" if article.ok else f"not an article ({article.reason})"
    console.print(f"[bold]{escape(name)}[/]: {verdict}, {article.word_count} words")
    table = Table(title="Fields", show_lines=False)
    for column in ("field", "value", "source"):
        table.add_column(column)
    for field, choice in trace.fields.items():
        table.add_row(field, escape(_shown(choice.value)), escape(choice.source or "-"))
        for candidate in choice.candidates:
            why = candidate.rejected or "agrees"
            table.add_row(
                "",
                f"[dim]{escape(candidate.value)}[/]",
                f"[dim]{escape(candidate.source)}: {escape(why)}[/]",
            )
    console.print(table)
    counted = Counter(trace.drops)  # the same block dropped many times is one row
    drops = Table(title=f"Dropped ({len(trace.drops)})")
    for column in ("stage", "rule", "text", "times"):
        drops.add_column(column)
    for dropped, times in counted.items():
        drops.add_row(dropped.stage, dropped.rule, escape(dropped.text), str(times))
    console.print(drops)


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
    clean.add_argument("files", nargs="*", metavar="FILE")
    clean.add_argument("--url", help="the URL the page was fetched from")
    clean.add_argument("--jsonl", action="store_true", help="one JSON object per file")
    clean.add_argument(
        "--explain",
        action="store_true",
        help="show where each field came from and which rule dropped each block and line",
    )
    clean.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="clean without this rule, to see what it changes (repeatable)",
    )
    clean.add_argument("--rules", action="store_true", help="list the cleaner's rules")
    clean.set_defaults(handler=cmd_clean)

    evaluation = subcommands.add_parser("eval", help="score the cleaner on pages with gold records")
    evaluation.add_argument("directory", metavar="DIR", help="laid out like shared/eval")
    evaluation.add_argument("--worst", type=int, default=10, help="how many worst pages to show")
    evaluation.add_argument("--json", action="store_true", help="print the summary as JSON")
    evaluation.add_argument("--check", action="store_true", help="exit 1 when a bar is not met")
    evaluation.set_defaults(handler=cmd_eval)
