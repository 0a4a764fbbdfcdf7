"""The record a cleaner produces for one page."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class CleanArticle:
    """One page reduced to the article a reader came for, with its metadata.

    ``ok`` is false when the page is not a usable article; ``reason`` then says why
    (``empty``, ``unparsable``, ``not_article``, ``too_short``), and the other fields hold
    whatever could still be read, for diagnostics.
    """

    url: str
    ok: bool = True
    reason: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    image: str | None = None
    language: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    dateline: str | None = None
    syndication_source: str | None = None
    site_name: str | None = None
    content_hash: str | None = None
    # Where each field's value came from ("json-ld", "meta:og:title", "byline element"...).
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("paragraphs")
        data["body"] = self.body
        data["word_count"] = self.word_count
        return data
