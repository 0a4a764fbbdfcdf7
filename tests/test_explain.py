"""``warta clean --explain`` on a page of each bundled sample-site template: it names the
rule that dropped each piece of furniture and the source of the title, authors and date.

The pages come from the sample site's templates rendered in memory (no server): a
kompas/detik-style portal (``kabarnusantara``: "Baca juga" and ADVERTISEMENT slots, no
comment form), a paged regional site (``suarametro``: "Baca Juga" only) and a tagDiv
WordPress site (``sulselterkini``: all three, with the "TINGGALKAN KOMENTAR" form).
"""

from __future__ import annotations

import json

import pytest

from cleaners.clean import explain_html
from crawler.cli import main
from crawler.sample_site import load_articles
from crawler.sample_site.templates import paged, portal, wordpress

TEMPLATES = {m.KEY: m for m in (portal, paged, wordpress)}
# What each template prints and the rule that must be named for dropping it: the rule,
# and the start of the dropped text (case folded).
DROPS = {
    "kabarnusantara": {"related-box": "baca juga", "noise-class": "advertisement"},
    "suarametro": {"related-box": "baca juga"},
    "sulselterkini": {
        "related-box": "baca juga",
        # the tagDiv ad label survives every rule of ours: the extractor leaves it out
        "trafilatura": "- advertisement -",
        "noise-class": "tinggalkan komentar",
    },
}
PROVENANCE = {
    "title": "<h1>",
    "published": "visible date line",
    "authors": "labelled credit",
}


def _first_article_page(sample_sites, key: str) -> tuple[str, str]:
    """The URL and HTML of the first Indonesian article of site ``key``."""
    article = next(a for a in load_articles() if a.site == key and a.language == "id")
    site = next(s for s in sample_sites.values() if s.key == key)
    path = TEMPLATES[key].article_path(article)
    return site.url(path), site.pages[path].body


def _named(drops: list[dict], rule: str, start: str) -> bool:
    return any(d["rule"] == rule and d["text"].casefold().startswith(start) for d in drops)


@pytest.mark.parametrize("key", sorted(DROPS))
def test_explain_names_the_rules_and_the_sources(sample_sites, key):
    url, html = _first_article_page(sample_sites, key)
    article, trace = explain_html(html, url)
    assert article.ok
    drops = trace.to_dict()["dropped"]
    for rule, start in DROPS[key].items():
        assert _named(drops, rule, start), (key, rule, drops)
    for field, source in PROVENANCE.items():
        assert getattr(article, field), (key, field)
        assert article.provenance[field] == source, (key, field, article.provenance)


@pytest.mark.parametrize("key", sorted(DROPS))
def test_cli_explain_jsonl_prints_the_same_record(sample_sites, key, tmp_path, capsys):
    url, html = _first_article_page(sample_sites, key)
    saved = tmp_path / "page.html"
    saved.write_text(html, encoding="utf-8")
    assert main(["clean", "--explain", "--jsonl", "--url", url, str(saved)]) == 0
    record = json.loads(capsys.readouterr().out)
    explanation = record["explain"]
    for rule, start in DROPS[key].items():
        assert _named(explanation["dropped"], rule, start), (key, rule)
    for field, source in PROVENANCE.items():
        assert record["provenance"][field] == source
        assert explanation["fields"][field]["source"] == source
        assert explanation["fields"][field]["value"] == record[field]
