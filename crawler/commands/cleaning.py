"""`warta clean` and `warta eval`: the cleaner on saved pages."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crawler.commands import UsageError, console

if TYPE_CHECKING:
    from cleaners.evaluation import Bar, EvalReport


def cmd_clean(args: argparse.Namespace) -> int:
    from cleaners.rules import all_rules

    if args.rules:
        if args.markdown:
            from cleaners.rules import rules_markdown

            print(rules_markdown(), end="")
        else:
            _print_rules(all_rules())
        return 0
    if not args.files:
        raise UsageError("clean needs at least one FILE (or --rules)")
    _check_rule_names(args.disable)
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
        table.add_row(rule.name, rule.stage, escape(rule.why))
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
    from cleaners.evaluation import changes, evaluate_sets, evaluate_without

    directories = [Path(d) for d in args.directories]
    _check_rule_names(args.disable)
    try:
        baseline = evaluate_sets(directories)
        report = evaluate_without(args.disable, directories) if args.disable else None
    except (FileNotFoundError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    changed = changes(baseline, report) if report else {}
    report = report or baseline
    if args.json:
        print(json.dumps(_eval_json(report, args.disable, changed), indent=2))
    else:
        _print_summary(report, args.disable)
        if args.by_site:
            _print_sites(report)
        if args.disable:
            _print_changes(changed, args.disable)
        _print_worst(report, args.worst)
    failures = report.failed_bars()
    if args.check and failures:
        print("warta: below the bar: " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


def _check_rule_names(names: list[str]) -> None:
    """Refuse an unknown rule before a minute is spent cleaning pages."""
    from cleaners.rules import all_rules

    unknown = sorted(set(names) - {rule.name for rule in all_rules()})
    if unknown:
        raise UsageError(
            f"--disable: no cleaner rule named {', '.join(unknown)} (see `warta clean --rules`)"
        )


def _scored(report: EvalReport) -> dict:
    return {"summary": report.summary(), "failed_bars": report.failed_bars()}


def _eval_json(report: EvalReport, disabled: list[str], changed: dict) -> dict:
    """Every group in the shape of the whole: its summary and the bars it misses."""
    data = {
        **_scored(report),
        "sets": {name: _scored(part) for name, part in report.by_set().items()},
        "sites": {name: _scored(part) for name, part in report.by_site().items()},
        "sites_across_sets": {
            name: _scored(part) for name, part in report.by_site_across_sets().items()
        },
    }
    if disabled:
        data["disabled"] = disabled
        data["changed"] = changed
    return data


def _shown(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _bar(metric: str) -> Bar | None:
    from cleaners.evaluation import BARS

    return next((bar for bar in BARS if bar.metric == metric), None)


def _marked(value: float | None, bar: Bar | None) -> str:
    """The value as shown, in red when it misses its bar."""
    if bar is None or bar.met(value):
        return _shown(value)
    return f"[red]{_shown(value)}[/]"


def _print_summary(report: EvalReport, disabled: list[str]) -> None:
    """One column per set, and one for all pages pooled when there are several."""
    columns = report.by_set()
    if len(columns) > 1:
        columns["all"] = report
    without = f" without {', '.join(disabled)}" if disabled else ""
    table = Table(title=f"Cleaner scores{without} ({len(report.pages)} pages)")
    table.add_column("metric")
    for name in columns:
        table.add_column(name, justify="right")
    table.add_column("goal", justify="right")
    summaries = [part.summary() for part in columns.values()]
    for metric in summaries[0]:
        bar = _bar(metric)
        cells = [_marked(summary[metric], bar) for summary in summaries]
        table.add_row(metric, *cells, str(bar or ""))
    _print_whole(table)


# The per-site table's columns after "site" and "pages": heading, summary metric.
_SITE_COLUMNS = (
    ("F1 mean", "body_f1_mean"),
    ("F1 min", "body_f1_min"),
    ("title", "title_accuracy"),
    ("authors", "authors_accuracy"),
    ("day", "published_day_accuracy"),
    ("minute", "published_minute_accuracy"),
    ("lang", "language_accuracy"),
    ("leaks", "leak_lines"),
)


def _print_sites(report: EvalReport) -> None:
    """One row per site within a set, then, as ``all/<site>``, each site found in several
    sets with its pages pooled; a site below a bar names the columns that miss it."""
    table = Table(title="Scores per site")
    table.add_column("site", no_wrap=True)
    table.add_column("pages", justify="right")
    for heading, _ in _SITE_COLUMNS:
        table.add_column(heading, justify="right")
    table.add_column("below the goal")
    for name, part in report.by_site().items():
        table.add_row(*_site_row(name, part))
    across = report.by_site_across_sets()
    if across:
        table.add_section()
        for name, part in across.items():
            table.add_row(*_site_row(f"all/{name}", part))
    _print_whole(table)


def _site_row(name: str, report: EvalReport) -> list[str]:
    summary = report.summary()
    below = {bar.metric for bar in report.below()}
    missed = ", ".join(heading for heading, metric in _SITE_COLUMNS if metric in below)
    return [
        escape(name),
        str(summary["pages"]),
        *(_marked(summary[metric], _bar(metric)) for _, metric in _SITE_COLUMNS),
        f"[red]{missed}[/]" if missed else "",
    ]


def _print_whole(table: Table) -> None:
    """On a terminal a table fits the window; in a file or a CI log, where nothing wraps,
    it is printed at its natural width rather than squeezed into 80 columns."""
    if console.is_terminal:
        console.print(table)
        return
    natural = console.measure(table, options=console.options.update_width(1000)).maximum
    Console(file=console.file, width=max(console.width, natural)).print(table)


def _print_changes(changed: dict, disabled: list[str]) -> None:
    """What switching the rules off changes, site by site: where the rules earn their keep."""
    if not changed:
        console.print(f"\nSwitching off {', '.join(disabled)} changes no site's scores.")
        return
    table = Table(title=f"Sites whose scores change without {', '.join(disabled)}")
    table.add_column("site")
    table.add_column("metric")
    table.add_column("with", justify="right")
    table.add_column("without", justify="right")
    for site, metrics in changed.items():
        for metric, (before, after) in metrics.items():
            table.add_row(escape(site), metric, _shown(before), _shown(after))
    _print_whole(table)


def _print_worst(report: EvalReport, count: int) -> None:
    worst = report.worst(count)
    if worst:
        console.print(f"\n[bold]Worst {len(worst)} pages[/]")
    for page in worst:
        console.print(f"[cyan]{page.f1:.3f}[/] {escape(page.label)}", highlight=False)
        for problem in page.problems:
            console.print(f"    {problem}", highlight=False, markup=False)


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
    clean.add_argument(
        "--markdown", action="store_true", help="with --rules: as docs/cleaner-rules.md"
    )
    clean.set_defaults(handler=cmd_clean)

    evaluation = subcommands.add_parser(
        "eval", help="score the cleaner on sets of pages with gold records"
    )
    evaluation.add_argument(
        "directories", nargs="+", metavar="DIR", help="laid out like shared/eval (repeatable)"
    )
    evaluation.add_argument("--worst", type=int, default=10, help="how many worst pages to show")
    evaluation.add_argument("--by-site", action="store_true", help="add a table of scores per site")
    evaluation.add_argument(
        "--json", action="store_true", help="print the summary, per set and per site, as JSON"
    )
    evaluation.add_argument("--check", action="store_true", help="exit 1 when a bar is not met")
    evaluation.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="score with this cleaner rule switched off and show what it changes (repeatable)",
    )
    evaluation.set_defaults(handler=cmd_eval)
