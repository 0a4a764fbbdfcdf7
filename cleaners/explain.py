"""What the cleaner did to one page, and why: the record behind ``warta clean --explain``.

A ``Trace`` travels through one ``clean_html`` call. Rules report what they dropped
(``drop``), and each metadata field reports the value chosen, the source it came from and
the candidates that lost, each with the reason (``choose``). The chosen sources are cheap
and always kept (they become ``CleanArticle.provenance``); the dropped text is only read
when the caller asked for an explanation, so a crawl pays nothing for it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# How much of a dropped block's text an explanation shows.
_SNIPPET_CHARS = 160


@dataclass(frozen=True)
class Candidate:
    """One value a source offered for a field; ``rejected`` says why it lost (None: it
    was chosen, or agreed with the choice)."""

    value: str
    source: str
    rejected: str | None = None


@dataclass
class FieldChoice:
    value: object
    source: str | None
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(frozen=True)
class Drop:
    """A block (stage ``dom``) or a line (stage ``line``) that a named rule removed."""

    stage: str
    rule: str
    text: str


@dataclass
class Trace:
    explain: bool = False
    drops: list[Drop] = field(default_factory=list)
    fields: dict[str, FieldChoice] = field(default_factory=dict)

    def drop(self, stage: str, rule: str, text_of) -> None:
        """Record that ``rule`` removed something; ``text_of`` is the text, or a callable
        giving it, read only when explaining."""
        if not self.explain:
            return
        text = text_of() if callable(text_of) else text_of
        text = " ".join(str(text).split())
        if len(text) > _SNIPPET_CHARS:
            text = text[: _SNIPPET_CHARS - 1] + "…"
        self.drops.append(Drop(stage, rule, text))

    def choose(
        self,
        name: str,
        value: object,
        source: str | None,
        candidates: list[Candidate] | tuple[Candidate, ...] = (),
    ) -> None:
        """Record the value chosen for field ``name``, where it came from, and the rest."""
        self.fields[name] = FieldChoice(value, source if value else None, list(candidates))

    def provenance(self) -> dict[str, str]:
        """The source of every field that has a value, by field name."""
        return {name: c.source for name, c in self.fields.items() if c.source}

    def to_dict(self) -> dict:
        return {
            "fields": {name: asdict(choice) for name, choice in self.fields.items()},
            "dropped": [asdict(d) for d in self.drops],
        }
