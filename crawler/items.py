"""What flows from the spider through the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cleaners import CleanArticle
from storage.similarity import simhash, story_text


@dataclass
class PageItem:
    """A fetched article page on its way to the database."""

    site: str
    url: str  # the article URL as discovered, tracking parameters removed
    # The raw bytes: the cleaner decodes them itself, because the charset a server
    # declares is often wrong on Indonesian sites (iso-8859-1 on UTF-8 bytes).
    html: bytes = field(repr=False)
    fetched_at: datetime
    # The later pages of a split article, in order, when its pager was followed.
    continuations: list[bytes] = field(default_factory=list, repr=False)
    article: CleanArticle | None = field(default=None, repr=False)
    # In a distributed crawl, the lease of the request this page came from: released
    # once the article is stored or skipped, and not before.
    lease: str | None = field(default=None, repr=False)

    def record(self) -> dict:
        """The plain record storage takes."""
        article = self.article
        return {
            "url": article.url,
            "url_seen": self.url,
            "site": self.site,
            "title": article.title,
            "authors": article.authors,
            "published": article.published,
            "updated": article.updated,
            "section": article.section,
            "tags": article.tags,
            "description": article.description,
            "image": article.image,
            "language": article.language,
            "body": article.body,
            "word_count": article.word_count,
            "content_hash": article.content_hash,
            "syndication_source": article.syndication_source,
            "dateline": article.dateline,
            "fetched_at": self.fetched_at,
            # Fingerprinted here, page by page, rather than in the store's batch commit.
            "simhash": simhash(story_text(article.body, article.dateline)),
        }
