"""Named cleaner rules: what each one is for, and the page that proves it.

Every rule the cleaner applies, to the DOM, to lines of text or to a metadata value, is
declared once with ``Rule(...)``: a unique name, why it exists (the family of sites and
the page furniture it answers), and the test page written for it under
``tests/rule_pages/<name>.html``. ``tests/test_rule_pages.py`` cleans every rule's page,
checks the page's expectations, then cleans it again with the rule switched off and
requires that an expectation fails: a rule whose removal changes nothing is a defect.

Rules are switched off per call with ``disabled(...)`` (tests, and users checking
whether a rule is what spoils their site: ``warta clean --disable NAME``).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

_REGISTRY: dict[str, Rule] = {}
_DISABLED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "disabled_rules", default=frozenset()
)


@dataclass(frozen=True, kw_only=True)
class Rule:
    """A rule's identity card. ``stage`` is where it acts: ``dom`` (blocks removed before
    extraction), ``line`` (paragraphs removed after it), or a metadata field's name."""

    name: str
    stage: str
    why: str

    def __post_init__(self) -> None:
        if self.name in _REGISTRY:
            raise ValueError(f"cleaner rule {self.name!r} is declared twice")
        _REGISTRY[self.name] = self

    @property
    def enabled(self) -> bool:
        return self.name not in _DISABLED.get()

    @property
    def page(self) -> str:
        """The test page that shows the rule at work, relative to the project root."""
        return f"tests/rule_pages/{self.name}.html"


def all_rules() -> list[Rule]:
    """Every declared rule, in declaration order."""
    import cleaners.clean  # noqa: F401  (declares the rules of every stage on import)

    return list(_REGISTRY.values())


def rules_markdown() -> str:
    """``docs/cleaner-rules.md``: every rule, its stage, why it exists and its page, as
    the registry declares them (a test keeps the file equal to this)."""
    lines = [
        "# Cleaner rules",
        "",
        "Generated from the rule declarations by",
        "`warta clean --rules --markdown > docs/cleaner-rules.md`; `warta clean --rules`",
        "prints the same table. Stages: `dom` blocks removed before",
        "extraction, `line` paragraphs removed or restored after it, and the metadata fields",
        "(`title`, `authors`, `published`) whose candidates a rule normalises or rejects.",
        "Each rule's test page shows it at work; `warta clean --disable RULE` and",
        "`warta eval DIR... --disable RULE` show what it changes.",
        "",
        "| rule | stage | why | test page |",
        "| --- | --- | --- | --- |",
    ]
    for rule in all_rules():
        why = " ".join(rule.why.split()).replace("|", "\\|")
        lines.append(f"| `{rule.name}` | {rule.stage} | {why} | [page](../{rule.page}) |")
    return "\n".join(lines) + "\n"


@contextmanager
def disabled(*names: str) -> Iterator[None]:
    """Clean without the named rules inside the ``with`` block."""
    unknown = [n for n in names if n not in _REGISTRY]
    if unknown:
        raise KeyError(f"no cleaner rule named {', '.join(unknown)}")
    token = _DISABLED.set(_DISABLED.get() | frozenset(names))
    try:
        yield
    finally:
        _DISABLED.reset(token)
