"""Every named cleaner rule on the page written for it, with and without the rule.

``tests/rule_pages/<rule>.html`` is a small page in the shape of the site family the rule
answers (our own text); ``<rule>.json`` beside it says what cleaning it must give:

    {"url": "...",                      the URL the page is cleaned as
     "expect": {"authors": [...], ...}, CleanArticle fields that must be equal
     "body_has": ["..."],               text the body must contain
     "body_lacks": ["..."]}             text the body must not contain

A rule passes when its page meets every expectation, and when switching the rule off
breaks at least one of them: a rule whose removal changes nothing is not pulling weight.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners import clean_html
from cleaners.rules import all_rules, disabled, rules_markdown

ROOT = Path(__file__).resolve().parents[1]
RULES = all_rules()


def failures(rule_page: Path) -> list[str]:
    """The expectations of a rule page that the cleaner does not meet, as messages."""
    spec = json.loads(rule_page.with_suffix(".json").read_text(encoding="utf-8"))
    article = clean_html(rule_page.read_bytes(), spec["url"])
    found = []
    for name, wanted in spec.get("expect", {}).items():
        got = getattr(article, name)
        if got != wanted:
            found.append(f"{name}: {got!r} != {wanted!r}")
    found += [f"body lacks {t!r}" for t in spec.get("body_has", []) if t not in article.body]
    found += [f"body has {t!r}" for t in spec.get("body_lacks", []) if t in article.body]
    return found


def test_every_rule_is_named_once_with_its_reason():
    assert RULES, "no cleaner rule is declared"
    for rule in RULES:
        assert rule.name == rule.name.lower() and " " not in rule.name, rule.name
        assert len(rule.why.split()) >= 5, f"{rule.name}: say why the rule exists"


def test_the_rules_document_is_the_registry():
    documented = (ROOT / "docs" / "cleaner-rules.md").read_text(encoding="utf-8")
    assert documented == rules_markdown(), (
        "docs/cleaner-rules.md is stale: `warta clean --rules --markdown > docs/cleaner-rules.md`"
    )


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_page_is_cleaned_as_expected(rule):
    page = ROOT / rule.page
    assert page.is_file(), f"{rule.name} has no test page at {rule.page}"
    assert failures(page) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_switching_the_rule_off_breaks_its_page(rule):
    with disabled(rule.name):
        assert failures(ROOT / rule.page), f"{rule.name} changes nothing on its own page"
