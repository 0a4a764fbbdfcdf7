"""`warta sites probe URL`: read a site once, the way a crawl by URL would, and draft its
profile: the report a person reads, the TOML file `--write` saves, or `--json`."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from rich.markup import escape

from crawler.commands import UsageError, add_settings_option, console, setting_overrides
from crawler.sites.probe import Probe, SourceCount


def cmd_sites_probe(args: argparse.Namespace) -> int:
    from crawler.probing import probe_site
    from crawler.sites.check import check_file
    from crawler.sites.probe import analyse, probe_json, profile_toml

    target = Path(args.write) if args.write else None
    if target and target.exists() and not args.force:
        raise UsageError(f"{target} exists: choose another file, or --force to replace it")
    overrides = {"WARTA_PROXY": args.proxy, "LOG_LEVEL": args.log_level, **setting_overrides(args)}
    findings = probe_site(args.url, overrides)
    now = datetime.now(UTC)
    probe = analyse(findings, now.date())
    problems = []
    if target:
        target.write_text(profile_toml(probe, now), encoding="utf-8")
        problems = [str(p) for p in check_file(target)]
    if args.json:
        record = {**probe_json(probe), "written": str(target) if target else None}
        print(json.dumps({**record, "problems": problems}, ensure_ascii=False, indent=2))
    else:
        print_probe(probe)
        if target:
            verdict = "; ".join(problems) or "`warta sites check` finds no problem"
            _say(f"\nWrote {escape(str(target))} (key {probe.profile.key}): {verdict}")
    return 1 if problems else 0


def _say(text: str) -> None:
    """One line of the report; URLs are never broken across lines, so they can be copied."""
    console.print(text, highlight=False, soft_wrap=True)


def _source_line(source: SourceCount) -> str:
    via = ", ".join(source.via)
    counted = "child sitemaps" if source.kind == "sitemap index" else "URLs"
    return (
        f"  {source.kind:<16} {escape(source.url)}\n"
        f"  {'':<16} [dim]found via {escape(via)}[/]: {source.named} {counted}, "
        f"[bold]{source.articles}[/] articles"
    )


def print_probe(probe: Probe) -> None:
    """The report: sources with their counts, the pattern and why, the examples."""
    findings = probe.findings
    _say(f"[bold]{escape(probe.profile.name)}[/] ({escape(findings.base_url)})")
    _say("\n[bold]Sitemaps and feeds[/]")
    for source in probe.sources:
        _say(_source_line(source))
    if not probe.sources:
        _say("  none found")
    for url, why in {**findings.failed, **findings.skipped}.items():
        _say(f"  [dim]{escape(url)}: {escape(why)}[/]")
    _say("\n[bold]Listing pages read[/]")
    for page in probe.pages:
        _say(
            f"  {page.kind:<16} {escape(page.url)}: {page.named} links, "
            f"[bold]{page.articles}[/] articles",
        )
    if probe.dated:
        _say("\n[bold]Dated index pages[/]")
    for index in probe.dated:
        _say(
            f"  {escape(index.template)}\n    e.g. {escape(index.example)}: {index.days} days "
            f"linked, {index.articles} article links on the pages read",
        )
    _print_pattern(probe)
    _say("\n[bold]Examples[/]")
    for url in probe.profile.article_examples:
        _say(f"  article      {escape(url)}")
    for url in probe.profile.non_article_examples:
        _say(f"  not article  {escape(url)}")
    for warning in probe.warnings:
        _say(f"[yellow]warning:[/] {escape(warning)}")


def _print_pattern(probe: Probe) -> None:
    _say(f"\n[bold]Article URL pattern[/] (from {probe.evidence})")
    _say(f"  [cyan]{escape(probe.profile.article_url)}[/]")
    for alternative in probe.inference.alternatives:
        _say(f"  {alternative.support} URLs like {escape(alternative.example)}")
        for reason in alternative.reasons:
            _say(f"    {escape(reason)}")
    for pattern in probe.profile.exclude_url:
        _say(f"  except [cyan]{escape(pattern)}[/]")
    taken, announced = probe.announced
    listed_taken, listed = probe.listed
    refused, negatives = probe.rejected
    _say(
        f"  takes {taken} of {announced} announced article URLs and {listed_taken} of "
        f"{listed} article-like links of listing pages; refuses {refused} of {negatives} "
        "non-article links"
    )
    for url in probe.not_taken[:3]:
        _say(f"  [yellow]not taken:[/] {escape(url)}")
    for url in probe.wrongly_taken[:3]:
        _say(f"  [yellow]taken, not an article:[/] {escape(url)}")


def register(actions) -> None:
    """``probe`` under ``warta sites``."""
    probe = actions.add_parser(
        "probe", help="read a site once and draft its profile (sources, article pattern)"
    )
    probe.add_argument("url", metavar="URL", help="the site's home page (https://example-news.id)")
    probe.add_argument("--write", metavar="FILE", help="save the profile as TOML in FILE")
    probe.add_argument("--force", action="store_true", help="replace FILE if it exists")
    probe.add_argument("--json", action="store_true", help="print the findings as JSON")
    probe.add_argument("--proxy", help="send all requests through this HTTP proxy (a local mirror)")
    probe.add_argument(
        "--log-level", default=None, help="Scrapy log level (default CRITICAL: the report tells)"
    )
    add_settings_option(probe)
    probe.set_defaults(handler=cmd_sites_probe)
