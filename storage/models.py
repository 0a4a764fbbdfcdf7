"""The tables warta keeps. Alembic migrations under ``storage/migrations`` create them;
these classes are the single description both the migrations and the code read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.similarity import BANDS

# JSONB on PostgreSQL lets people index and query tags and authors; plain JSON elsewhere.
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    base_url: Mapped[str | None] = mapped_column(String(500))
    # When a crawl last walked the site's HTML listings (home, sections, dated index
    # pages) whole: they are walked again when WARTA_LISTING_HOURS have passed, or
    # sooner when no sitemap or feed covers the time since the last complete crawl.
    listings_read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    articles: Mapped[list[Article]] = relationship(back_populates="site")


class Article(Base):
    """One story, keyed by its canonical URL.

    Times are kept twice on purpose: ``published`` is the ISO text as the page stated it
    (with its own offset, or a bare date when the page gives no time) so nothing the page
    said is lost; ``published_utc`` is the same instant in UTC for sorting and filtering.
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id"))
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    url_seen: Mapped[str] = mapped_column(String(2000), index=True)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list] = mapped_column(JSONType, default=list)
    published: Mapped[str | None] = mapped_column(String(40))
    published_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated: Mapped[str | None] = mapped_column(String(40))
    updated_utc: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    section: Mapped[str | None] = mapped_column(String(200))
    tags: Mapped[list] = mapped_column(JSONType, default=list)
    description: Mapped[str | None] = mapped_column(Text)
    image: Mapped[str | None] = mapped_column(String(2000))
    language: Mapped[str | None] = mapped_column(String(8), index=True)
    body: Mapped[str] = mapped_column(Text)
    # What the full-text index holds: the title's and the body's words as their roots
    # (see storage.tokens), derived by the store on every write so that SQLite and
    # PostgreSQL index the very same tokens.
    search_text: Mapped[str] = mapped_column(Text, server_default="")
    word_count: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    syndication_source: Mapped[str | None] = mapped_column(String(500))
    dateline: Mapped[str | None] = mapped_column(String(200))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # SimHash of the body and its four 16-bit bands (see storage.similarity): stories
    # within a few bits of each other share a band, so candidates are found by index.
    # Each band's index carries the fingerprint itself, so finding the candidates of a
    # batch reads only the indexes, never the table.
    simhash: Mapped[int | None] = mapped_column(BigInteger)
    simhash_band0: Mapped[int | None] = mapped_column(Integer)
    simhash_band1: Mapped[int | None] = mapped_column(Integer)
    simhash_band2: Mapped[int | None] = mapped_column(Integer)
    simhash_band3: Mapped[int | None] = mapped_column(Integer)
    # The first stored copy of the same story republished under another URL or site.
    near_duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)

    site: Mapped[Site | None] = relationship(back_populates="articles")
    first_copy: Mapped[Article | None] = relationship(remote_side=[id])
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", order_by="ArticleVersion.id"
    )

    __table_args__ = (
        # With the id, so that a search walks a filter's articles newest first (see
        # storage.search); the site index also serves the foreign key.
        Index("ix_articles_site_id_id", "site_id", "id"),
        Index("ix_articles_published_utc_id", "published_utc", "id"),
        *(
            Index(
                f"ix_articles_simhash_band{band}",
                f"simhash_band{band}",
                "simhash",
                postgresql_include=["id"],
            )
            for band in range(BANDS)
        ),
    )


# Filters compare sections case-insensitively (`--section ekonomi` finds "Ekonomi").
Index("ix_articles_section_lower_id", func.lower(Article.section), Article.id)


class ArticleVersion(Base):
    """A text an article had before a re-crawl found it changed."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    article: Mapped[Article] = relationship(back_populates="versions")


class CrawlRun(Base):
    """One crawl of one site: when, how it ended, and what happened to every page."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    counts: Mapped[dict] = mapped_column(JSONType, default=dict)

    site: Mapped[Site] = relationship()


class DiscoveryDocument(Base):
    """A sitemap, feed or index page as last fetched: its validators let the next crawl
    ask "changed since?" and get an empty 304 when nothing was announced."""

    __tablename__ = "discovery_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Per site: two profiles reading one feed must not answer each other's "changed?".
    site: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    # 404 or 410 when the path was last found absent (at ``checked_at``): a probed path
    # the site does not have is not asked for again until WARTA_ABSENT_RETRY_DAYS pass.
    absent_status: Mapped[int | None] = mapped_column(Integer)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("site", "url"),)


class LastingSkip(Base):
    """An article URL skipped for a reason that will not change soon: not an article, a
    paywall, another language, not HTML, gone (404, 410). The next crawls do not fetch
    it again unless its sitemap or feed says it changed after ``skipped_at``, or
    WARTA_SKIP_MEMORY_DAYS have passed."""

    __tablename__ = "lasting_skips"

    id: Mapped[int] = mapped_column(primary_key=True)
    site: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(2000))  # canonical
    reason: Mapped[str] = mapped_column(String(100))
    skipped_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("site", "url"),)
