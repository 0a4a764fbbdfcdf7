"""Writing articles and crawl runs: batched upserts inside one transaction each."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session, load_only

from storage.db import open_database
from storage.models import Article, ArticleVersion, CrawlRun, Site
from storage.records import ArticleRecord, to_utc
from storage.similarity import BANDS, MAX_DISTANCE, bands, distance, simhash, story_text

# SQLite allows 32766 bound parameters; stay far below so IN lists always fit.
_IN_CHUNK = 500

_COPIED_FIELDS = (
    "title",
    "authors",
    "published",
    "updated",
    "section",
    "tags",
    "description",
    "image",
    "language",
    "body",
    "word_count",
    "content_hash",
    "syndication_source",
    "dateline",
)


@dataclass
class UpsertResult:
    """What a batch did, record by record, in the order given."""

    outcomes: list[str] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return self.outcomes.count(outcome)


_BAND_COLUMNS = [getattr(Article, f"simhash_band{band}") for band in range(BANDS)]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _now() -> datetime:
    return datetime.now(UTC)


def _fingerprint(record: ArticleRecord) -> int | None:
    """The record's SimHash: given by the producer, or computed from the body."""
    if "simhash" in record:
        return record["simhash"]
    return simhash(story_text(record["body"], record.get("dateline")))


class _FirstCopies:
    """Finds, for a batch, the stored or earlier-in-batch article each new one copies.

    Loads only the stored articles sharing a SimHash band with the batch (an index
    lookup), then compares fingerprints bit by bit in memory.
    """

    def __init__(self, session: Session, fingerprints: list[int]) -> None:
        self.by_band: list[dict[int, list[Article]]] = [defaultdict(list) for _ in range(BANDS)]
        wanted: list[set[int]] = [set() for _ in range(BANDS)]
        for fingerprint in fingerprints:
            for band, value in enumerate(bands(fingerprint)):
                wanted[band].add(value)
        conditions = [
            _BAND_COLUMNS[band].in_(values) for band, values in enumerate(wanted) if values
        ]
        if conditions:
            stored = session.scalars(
                select(Article)
                .options(load_only(Article.id, Article.simhash, Article.near_duplicate_of))
                .where(or_(*conditions))
                .order_by(Article.id)
            )
            for article in stored:
                self._index(article)

    def _index(self, article: Article) -> None:
        for band, value in enumerate(bands(article.simhash)):
            self.by_band[band][value].append(article)

    def link(self, article: Article, fingerprint: int | None) -> None:
        """Point ``article`` at the first copy of its story, if one is stored."""
        article.simhash = fingerprint
        values = bands(fingerprint) if fingerprint is not None else [None] * BANDS
        for band, value in enumerate(values):
            setattr(article, f"simhash_band{band}", value)
        if fingerprint is None:
            return
        for band, value in enumerate(values):
            for other in self.by_band[band].get(value, ()):
                if other is not article and distance(other.simhash, fingerprint) <= MAX_DISTANCE:
                    article.first_copy = other.first_copy or other
                    return
        self._index(article)


class ArticleStore:
    """The write side of the database, shared by the crawler and by importers."""

    def __init__(self, db_url: str | None = None, engine: Engine | None = None) -> None:
        self.engine = engine or open_database(db_url)

    def ensure_site(self, key: str, name: str | None = None, base_url: str | None = None) -> int:
        with Session(self.engine) as session, session.begin():
            return self._site_id(session, key, name, base_url)

    def _site_id(
        self, session: Session, key: str, name: str | None = None, base_url: str | None = None
    ) -> int:
        site = session.scalar(select(Site).where(Site.key == key))
        if site is None:
            site = Site(key=key, name=name or key, base_url=base_url)
            session.add(site)
            session.flush()
        elif base_url and site.base_url != base_url:
            site.base_url = base_url
        return site.id

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of ``urls`` the database already holds, as canonical or as fetched URL."""
        wanted = sorted(set(urls))
        found: set[str] = set()
        with Session(self.engine) as session:
            for chunk in _chunks(wanted):
                rows = session.execute(
                    select(Article.url, Article.url_seen).where(
                        or_(Article.url.in_(chunk), Article.url_seen.in_(chunk))
                    )
                )
                for url, url_seen in rows:
                    found.update({url, url_seen})
        return found.intersection(wanted)

    def upsert(self, records: Sequence[ArticleRecord]) -> UpsertResult:
        """Store a batch atomically: all of it or, if anything fails, none of it.

        Per record the outcome is ``inserted``, ``updated`` (text changed; the old text is
        kept as a version), ``unchanged``, or ``duplicate`` (the same text is already
        stored under another canonical URL). A new text close to a stored one (the same
        agency story republished elsewhere) is stored and linked to the first copy.
        """
        result = UpsertResult()
        if not records:
            return result
        now = _now()
        with Session(self.engine) as session, session.begin():
            by_url = self._existing(session, Article.url, [r["url"] for r in records])
            by_hash = self._existing(
                session, Article.content_hash, [r["content_hash"] for r in records]
            )
            fingerprints = {id(r): _fingerprint(r) for r in records}
            copies = _FirstCopies(session, [f for f in fingerprints.values() if f is not None])
            site_ids: dict[str, int] = {}
            for record in records:
                outcome, article = self._apply(session, record, by_url, by_hash, site_ids, now)
                result.outcomes.append(outcome)
                if article is not None:
                    by_url[article.url] = article
                    by_hash.setdefault(article.content_hash, article)
                if outcome in ("inserted", "updated"):
                    copies.link(article, fingerprints[id(record)])
        return result

    @staticmethod
    def _existing(session: Session, column, values: list[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        for chunk in _chunks(sorted(set(values))):
            for article in session.scalars(select(Article).where(column.in_(chunk))):
                found[getattr(article, column.key)] = article
        return found

    def _apply(
        self,
        session: Session,
        record: ArticleRecord,
        by_url: dict[str, Article],
        by_hash: dict[str, Article],
        site_ids: dict[str, int],
        now: datetime,
    ) -> tuple[str, Article | None]:
        fetched_at = record.get("fetched_at") or now
        article = by_url.get(record["url"])
        if article is None:
            twin = by_hash.get(record["content_hash"])
            if twin is not None:
                return "duplicate", None
            if record["site"] not in site_ids:
                site_ids[record["site"]] = self._site_id(session, record["site"])
            article = Article(
                url=record["url"],
                url_seen=record["url_seen"],
                site_id=site_ids[record["site"]],
                first_seen_at=fetched_at,
                fetched_at=fetched_at,
                changed_at=fetched_at,
            )
            self._copy(record, article)
            session.add(article)
            return "inserted", article
        article.fetched_at = fetched_at
        article.url_seen = record["url_seen"]
        if article.content_hash == record["content_hash"]:
            return "unchanged", article
        session.add(
            ArticleVersion(
                article=article,
                title=article.title,
                body=article.body,
                content_hash=article.content_hash,
                fetched_at=article.changed_at,
                replaced_at=fetched_at,
            )
        )
        self._copy(record, article)
        article.changed_at = fetched_at
        return "updated", article

    @staticmethod
    def _copy(record: Mapping, article: Article) -> None:
        for name in _COPIED_FIELDS:
            setattr(article, name, record.get(name))
        article.authors = list(record.get("authors") or [])
        article.tags = list(record.get("tags") or [])
        article.published_utc = to_utc(record.get("published"))
        article.updated_utc = to_utc(record.get("updated"))

    def start_run(self, site_key: str, name: str | None = None, base_url: str | None = None) -> int:
        with Session(self.engine) as session, session.begin():
            run = CrawlRun(
                site_id=self._site_id(session, site_key, name, base_url),
                started_at=_now(),
                counts={},
            )
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, finish_reason: str, counts: Mapping[str, int]) -> None:
        with Session(self.engine) as session, session.begin():
            run = session.get(CrawlRun, run_id)
            run.finished_at = _now()
            run.finish_reason = finish_reason
            run.counts = dict(counts)
