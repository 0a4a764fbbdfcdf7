"""Writing articles and crawl runs: batched upserts inside one transaction each."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Engine, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.background import BackgroundMaintenance
from storage.bulk import insert_articles
from storage.db import open_database
from storage.models import (
    Article,
    ArticleVersion,
    CrawlRun,
    DiscoveryDocument,
    LastingSkip,
    Site,
)
from storage.records import ArticleRecord, as_utc, to_utc
from storage.retry import with_retries
from storage.similarity import BANDS, MAX_DISTANCE, bands, distance, simhash, story_text
from storage.tokens import search_text

# A crawl pauses this long for a database that went away before it gives up on a batch.
DEFAULT_RETRY_SECONDS = 300.0
# SQLite allows 32766 bound parameters; stay far below so IN lists always fit.
_IN_CHUNK = 500
# Finished crawls looked at for the last complete one: a site whose every recent crawl
# was cut short is treated as never crawled to the end.
_RUNS_LOOKED_AT = 20

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


T = TypeVar("T")


def _chunks(items: Sequence[T]) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), _IN_CHUNK):
        yield items[start : start + _IN_CHUNK]


def _now() -> datetime:
    return datetime.now(UTC)


def _fingerprint(record: ArticleRecord) -> int | None:
    """The record's SimHash: given by the producer, or computed from the body."""
    if "simhash" in record:
        return record["simhash"]
    return simhash(story_text(record["body"], record.get("dateline")))


@dataclass
class _Copy:
    """An article a later one may copy: stored (``id``) or pending in this batch (``row``)."""

    simhash: int
    id: int | None = None
    row: dict | None = None
    order: int = 0  # among pending rows, the earlier in the batch is the first copy


def _close_in_band(
    session: Session, band: int, pairs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(id, fingerprint) of the stored articles sharing band ``band`` with a batch
    fingerprint and within ``MAX_DISTANCE`` of it; ``pairs`` are the batch's (band
    value, fingerprint).

    The database tests the distance, so only the few close ones come back: at a million
    articles a batch's band values hold some sixty thousand stored fingerprints, and
    carrying each to Python to compare it was a fifth of a batch's time.
    """
    if not pairs:
        return []
    column = f"simhash_band{band}"
    if session.get_bind().dialect.name == "postgresql":
        statement = text(
            "SELECT DISTINCT a.id, a.simhash FROM unnest(CAST(:values AS integer[]), "
            "CAST(:prints AS bigint[])) AS b(value, print) "
            f"JOIN articles AS a ON a.{column} = b.value "
            "WHERE bit_count(CAST(a.simhash # b.print AS bit(64))) <= :most"
        )
        values, prints = zip(*pairs, strict=True)
        parameters = {"values": list(values), "prints": list(prints), "most": MAX_DISTANCE}
    else:
        _register_distance(session)
        statement = text(
            "SELECT DISTINCT a.id, a.simhash FROM json_each(:pairs) AS b "
            f"JOIN articles AS a ON a.{column} = json_extract(b.value, '$[0]') "
            "WHERE simhash_distance(a.simhash, json_extract(b.value, '$[1]')) <= :most"
        )
        parameters = {"pairs": json.dumps(pairs), "most": MAX_DISTANCE}
    return session.execute(statement, parameters).all()


def _register_distance(session: Session) -> None:
    """Give the session's SQLite connection ``simhash_distance``, once per connection.

    Registered here rather than when connecting, so that a store given any engine works;
    only once, since registering a function discards the connection's prepared statements.
    """
    connection = session.connection().connection  # the pooled DBAPI connection
    if not connection.info.get("simhash_distance"):
        connection.driver_connection.create_function(
            "simhash_distance", 2, distance, deterministic=True
        )
        connection.info["simhash_distance"] = True


class _FirstCopies:
    """Finds, for a batch, the stored or earlier-in-batch article each new one copies.

    Asks the band indexes (they carry the fingerprint) for the stored fingerprints that
    share a SimHash band with the batch and lie within ``MAX_DISTANCE`` of a batch
    fingerprint, and only for those few asks the table which story they copy.
    """

    def __init__(self, session: Session, fingerprints: list[int]) -> None:
        self.by_band: list[dict[int, list[_Copy]]] = [defaultdict(list) for _ in range(BANDS)]
        self.pending = 0
        banded = [(bands(fingerprint), fingerprint) for fingerprint in fingerprints]
        close: dict[int, int] = {}
        for band in range(BANDS):
            pairs = [(values[band], fingerprint) for values, fingerprint in banded]
            close.update(_close_in_band(session, band, pairs))
        for chunk in _chunks(sorted(close)):
            rows = session.execute(
                select(Article.id, Article.near_duplicate_of).where(Article.id.in_(chunk))
            )
            for article_id, first_id in rows:
                self._index(_Copy(close[article_id], id=first_id or article_id))

    def _index(self, copy: _Copy) -> None:
        for band, value in enumerate(bands(copy.simhash)):
            self.by_band[band][value].append(copy)

    def first_copy(self, fingerprint: int | None) -> _Copy | None:
        """The earliest article within ``MAX_DISTANCE``: stored (lowest id) before pending."""
        if fingerprint is None:
            return None
        found = [
            copy
            for band, value in enumerate(bands(fingerprint))
            for copy in self.by_band[band].get(value, ())
            if distance(copy.simhash, fingerprint) <= MAX_DISTANCE
        ]
        return min(found, key=lambda c: (c.id is None, c.id or c.order), default=None)

    def remember(self, fingerprint: int | None, row: dict) -> None:
        """A new row in this batch: later rows of the batch may copy it."""
        if fingerprint is not None:
            self.pending += 1
            self._index(_Copy(fingerprint, row=row, order=self.pending))


def _insert_for(engine: Engine):
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert


def _lock_keys(session: Session, keys: list[str]) -> None:
    """On PostgreSQL, hold a lock on each URL and content hash of a batch until it
    commits, so that writers in other processes (distributed workers) storing the same
    article wait, then find it stored: the same URL or text is never inserted twice,
    and the URL's unique constraint is never what has to say so. Locks are taken in one
    order everywhere, so two batches cannot deadlock. SQLite has one writer at a time.
    """
    if session.get_bind().dialect.name != "postgresql" or not keys:
        return
    session.execute(
        text(
            "SELECT pg_advisory_xact_lock(key) FROM (SELECT DISTINCT hashtextextended(k, 0) "
            "AS key FROM unnest(CAST(:keys AS text[])) AS k ORDER BY key) AS ordered"
        ),
        {"keys": keys},
    )


def _fingerprint_columns(fingerprint: int | None) -> dict[str, int | None]:
    values = bands(fingerprint) if fingerprint is not None else [None] * BANDS
    return {"simhash": fingerprint} | {f"simhash_band{b}": v for b, v in enumerate(values)}


class _Housekeeping:
    """Does on PostgreSQL what autovacuum would, for servers where it does not run.

    Two things the store and the searches depend on. Statistics: ``content_hash IN
    (...)``, the band lookups and every search are planned from them, and on a table
    never analyzed PostgreSQL guesses that each value matches half a percent of the
    rows: it scans the whole table for every batch, and filters a search through the
    language index that every article is in (3 s at a million articles). The
    visibility map: the band lookups read some sixty thousand candidates per batch at a
    million articles from indexes that carry all they need, but until VACUUM has marked
    the table's pages all-visible each candidate is also fetched from the table (1,325
    random page reads for 500 band values at 170,000 articles, 100 ms). Autovacuum does
    both once a share of the table has changed, but not every server runs it (the CI
    server here does not), so the store applies autovacuum's default rules itself;
    where autovacuum got there first, the counters are already reset and nothing is
    done twice.
    """

    CHECK_EVERY = 1000  # rows this store wrote before it looks at the counters again
    # autovacuum's defaults: analyze after 10 % + 1000 changed rows, vacuum after
    # 20 % + 1000 inserted ones.
    ANALYZE_SHARE, VACUUM_SHARE, BASE = 0.1, 0.2, 1000
    TARGET = 10  # the store's ANALYZE samples 300 rows per unit of target: 3,000

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.written = 0

    def wrote(self, rows: int) -> None:
        if self.engine.dialect.name != "postgresql":
            return
        self.written += rows
        if self.written < self.CHECK_EVERY:
            return
        self.written = 0
        # Autocommit: VACUUM cannot run inside a transaction.
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            changed, inserted, estimated = connection.execute(
                text(
                    "SELECT s.n_mod_since_analyze, s.n_ins_since_vacuum, c.reltuples "
                    "FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
                    "WHERE s.relid = 'articles'::regclass"
                )
            ).one()
            rows = max(estimated, 0)
            if inserted > self.BASE + self.VACUUM_SHARE * rows:
                # SKIP_LOCKED: a worker finding another one vacuuming goes on writing.
                connection.execute(text("VACUUM (SKIP_LOCKED) articles"))
        if changed > self.BASE + self.ANALYZE_SHARE * rows:
            # From a sample of 3,000 rows, not the default 30,000: 0.45 s instead of 2.4 s
            # at a million articles, and enough to tell a unique column from a language
            # that every row has, or a word in a fifth of the articles from a rare one.
            with self.engine.begin() as connection:
                connection.execute(text(f"SET LOCAL default_statistics_target = {self.TARGET}"))
                connection.execute(text("ANALYZE articles"))


class ArticleStore:
    """The write side of the database, shared by the crawler and by importers."""

    def __init__(
        self,
        db_url: str | None = None,
        engine: Engine | None = None,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        self.engine = engine or open_database(db_url)
        self._housekeeping = _Housekeeping(self.engine)
        self._maintenance = BackgroundMaintenance(self.engine)
        # How long a write waits for a database that went away before giving up.
        self.retry_seconds = retry_seconds

    def _site_id(
        self, session: Session, key: str, name: str | None = None, base_url: str | None = None
    ) -> int:
        site = session.scalar(select(Site).where(Site.key == key))
        if site is None:
            # Two workers may meet a new site at once: whoever inserts second inserts
            # nothing, and both read the one row.
            session.execute(
                _insert_for(self.engine)(Site)
                .values(key=key, name=name or key, base_url=base_url)
                .on_conflict_do_nothing(index_elements=["key"])
            )
            site = session.scalar(select(Site).where(Site.key == key))
        elif base_url and site.base_url != base_url:
            site.base_url = base_url
        return site.id

    def last_fetched(self, urls: Iterable[str]) -> dict[str, datetime]:
        """When each of ``urls`` the database holds, as canonical or as fetched URL, was
        last fetched (in UTC); URLs it does not hold are left out."""
        wanted = set(urls)
        return with_retries(lambda: self._last_fetched(wanted), self.retry_seconds, "a lookup")

    def _last_fetched(self, wanted: set[str]) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        with Session(self.engine) as session:
            for chunk in _chunks(sorted(wanted)):
                rows = session.execute(
                    select(Article.url, Article.url_seen, Article.fetched_at).where(
                        or_(Article.url.in_(chunk), Article.url_seen.in_(chunk))
                    )
                )
                for url, url_seen, fetched_at in rows:
                    for key in {url, url_seen} & wanted:
                        found[key] = as_utc(fetched_at)
        return found

    def validators(
        self, site: str, urls: Iterable[str]
    ) -> dict[str, tuple[str | None, str | None]]:
        """The ETag and Last-Modified each of a site's discovery documents last came with."""
        urls = list(urls)
        return with_retries(lambda: self._validators(site, urls), self.retry_seconds, "a lookup")

    def _validators(self, site: str, urls: list[str]) -> dict[str, tuple[str | None, str | None]]:
        found = {}
        with Session(self.engine) as session:
            for chunk in _chunks(sorted(set(urls))):
                rows = session.execute(
                    select(
                        DiscoveryDocument.url,
                        DiscoveryDocument.etag,
                        DiscoveryDocument.last_modified,
                    ).where(DiscoveryDocument.site == site, DiscoveryDocument.url.in_(chunk))
                )
                found.update({url: (etag, modified) for url, etag, modified in rows})
        return found

    def save_validators(
        self, site: str, validators: Mapping[str, tuple[str | None, str | None]]
    ) -> None:
        """Remember discovery documents' validators for the next crawl's conditional GET."""
        if not validators:
            return
        with_retries(
            lambda: self._save_validators(site, validators), self.retry_seconds, "saving validators"
        )

    def _save_validators(
        self, site: str, validators: Mapping[str, tuple[str | None, str | None]]
    ) -> None:
        now = _now()
        rows = [
            {"site": site, "url": url, "etag": etag, "last_modified": modified,
             "absent_status": None, "checked_at": now}
            for url, (etag, modified) in sorted(validators.items())
        ]  # fmt: skip
        self._upsert_per_site(DiscoveryDocument, rows)

    def _upsert_per_site(self, model: type, rows: list[dict]) -> None:
        """Insert rows keyed by (site, url), or overwrite the row already there: an
        upsert, since distributed workers may save the same URL at once."""
        insert = _insert_for(self.engine)(model)
        changed = [name for name in rows[0] if name not in ("site", "url")]
        statement = insert.on_conflict_do_update(
            index_elements=["site", "url"],
            set_={name: insert.excluded[name] for name in changed},
        )
        with Session(self.engine) as session, session.begin():
            for chunk in _chunks(rows):
                session.execute(statement, chunk)

    def absent_documents(self, site: str, urls: Iterable[str], since: datetime) -> set[str]:
        """The discovery URLs of a site found absent (404, 410) at or after ``since``:
        not worth probing again yet."""
        urls = sorted(set(urls))
        return with_retries(
            lambda: self._absent_documents(site, urls, since), self.retry_seconds, "a lookup"
        )

    def _absent_documents(self, site: str, urls: list[str], since: datetime) -> set[str]:
        found: set[str] = set()
        with Session(self.engine) as session:
            for chunk in _chunks(urls):
                found.update(
                    session.scalars(
                        select(DiscoveryDocument.url).where(
                            DiscoveryDocument.site == site,
                            DiscoveryDocument.url.in_(chunk),
                            DiscoveryDocument.absent_status.is_not(None),
                            DiscoveryDocument.checked_at >= since,
                        )
                    )
                )
        return found

    def save_absent(self, site: str, statuses: Mapping[str, int]) -> None:
        """Remember discovery paths that answered 404 or 410, with that status, now."""
        if not statuses:
            return
        now = _now()
        rows = [
            {"site": site, "url": url, "etag": None, "last_modified": None,
             "absent_status": status, "checked_at": now}
            for url, status in sorted(statuses.items())
        ]  # fmt: skip
        with_retries(
            lambda: self._upsert_per_site(DiscoveryDocument, rows),
            self.retry_seconds,
            "saving absent paths",
        )

    def lasting_skips(self, site: str, urls: Iterable[str]) -> dict[str, datetime]:
        """When each of ``urls`` (canonical) was last skipped for a lasting reason (UTC);
        URLs never so skipped are left out."""
        urls = sorted(set(urls))
        if not urls:
            return {}
        return with_retries(lambda: self._lasting_skips(site, urls), self.retry_seconds, "a lookup")

    def _lasting_skips(self, site: str, urls: list[str]) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        with Session(self.engine) as session:
            for chunk in _chunks(urls):
                rows = session.execute(
                    select(LastingSkip.url, LastingSkip.skipped_at).where(
                        LastingSkip.site == site, LastingSkip.url.in_(chunk)
                    )
                )
                found.update({url: as_utc(skipped_at) for url, skipped_at in rows})
        return found

    def remember_skips(self, site: str, reasons: Mapping[str, str]) -> None:
        """Record article URLs skipped for a lasting reason, with the reason, now."""
        if not reasons:
            return
        now = _now()
        rows = [
            {"site": site, "url": url, "reason": reason, "skipped_at": now}
            for url, reason in sorted(reasons.items())
        ]
        with_retries(
            lambda: self._upsert_per_site(LastingSkip, rows), self.retry_seconds, "saving skips"
        )

    def listings_read_at(self, site_key: str) -> datetime | None:
        """When a crawl last walked the site's HTML listings whole (UTC), or None."""

        def read() -> datetime | None:
            with Session(self.engine) as session:
                when = session.scalar(select(Site.listings_read_at).where(Site.key == site_key))
                return as_utc(when)

        return with_retries(read, self.retry_seconds, "a lookup")

    def mark_listings_read(self, site_key: str, when: datetime) -> None:
        """Note that the crawl that began at ``when`` walked the site's listings whole."""

        def mark() -> None:
            with Session(self.engine) as session, session.begin():
                session.execute(
                    update(Site).where(Site.key == site_key).values(listings_read_at=when)
                )

        with_retries(mark, self.retry_seconds, "recording a crawl")

    def upsert(self, records: Sequence[ArticleRecord]) -> UpsertResult:
        """Store a batch atomically: all of it or, if anything fails, none of it.

        Per record the outcome is ``inserted``, ``updated`` (text changed; the old text is
        kept as a version), ``unchanged``, or ``duplicate`` (the same text is already
        stored under another canonical URL). A new text close to a stored one (the same
        agency story republished elsewhere) is stored and linked to the first copy.

        New articles go in with one multi-row INSERT; only articles already stored are
        loaded as objects, since only they can change.
        """
        if not records:
            return UpsertResult()
        result = with_retries(lambda: self._upsert(records), self.retry_seconds, "an upsert")
        self._housekeeping.wrote(len(records))
        self._maintenance.request()
        return result

    def wait_for_maintenance(self, timeout: float | None = None) -> bool:
        """Wait until what the batches wrote is in SQLite's database file itself, or in
        PostgreSQL's full-text index proper (see storage.background)."""
        return self._maintenance.wait(timeout)

    def _upsert(self, records: Sequence[ArticleRecord]) -> UpsertResult:
        result = UpsertResult()
        now = _now()
        with Session(self.engine) as session, session.begin():
            urls = [r["url"] for r in records]
            hashes = [r["content_hash"] for r in records]
            _lock_keys(session, urls + hashes)
            stored = self._stored_by_url(session, urls)
            known_hashes = self._known(session, Article.content_hash, hashes)
            site_ids = {key: self._site_id(session, key) for key in {r["site"] for r in records}}
            fingerprints = [_fingerprint(r) for r in records]
            copies = _FirstCopies(session, [f for f in fingerprints if f is not None])
            pending: dict[str, dict] = {}
            for record, fingerprint in zip(records, fingerprints, strict=True):
                fetched_at = as_utc(record.get("fetched_at")) or now
                article = stored.get(record["url"])
                if article is not None:
                    outcome = self._update(session, article, record, fetched_at)
                    if outcome == "updated":
                        first = copies.first_copy(fingerprint)
                        article.near_duplicate_of = (
                            first.id if first and first.id != article.id else None
                        )
                        for name, value in _fingerprint_columns(fingerprint).items():
                            setattr(article, name, value)
                elif record["url"] in pending:
                    outcome = self._replace_pending(pending[record["url"]], record)
                elif record["content_hash"] in known_hashes:
                    outcome = "duplicate"
                else:
                    row = self._new_row(record, site_ids[record["site"]], fetched_at, fingerprint)
                    first = copies.first_copy(fingerprint)
                    row["_first_copy"] = first
                    copies.remember(fingerprint, row)
                    pending[record["url"]] = row
                    known_hashes.add(record["content_hash"])
                    outcome = "inserted"
                result.outcomes.append(outcome)
            self._insert(session, list(pending.values()))
        return result

    @staticmethod
    def _stored_by_url(session: Session, urls: list[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        for chunk in _chunks(sorted(set(urls))):
            for article in session.scalars(select(Article).where(Article.url.in_(chunk))):
                found[article.url] = article
        return found

    @staticmethod
    def _known(session: Session, column, values: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(sorted(set(values))):
            found.update(session.scalars(select(column).where(column.in_(chunk))))
        return found

    @staticmethod
    def _new_row(
        record: ArticleRecord, site_id: int, fetched_at: datetime, fingerprint: int | None
    ) -> dict:
        return {
            **{name: record.get(name) for name in _COPIED_FIELDS},
            "url": record["url"],
            "url_seen": record["url_seen"],
            "site_id": site_id,
            "search_text": search_text(record["title"], record["body"]),
            "authors": list(record.get("authors") or []),
            "tags": list(record.get("tags") or []),
            "published_utc": to_utc(record.get("published")),
            "updated_utc": to_utc(record.get("updated")),
            "first_seen_at": fetched_at,
            "fetched_at": fetched_at,
            "changed_at": fetched_at,
            **_fingerprint_columns(fingerprint),
        }

    @staticmethod
    def _replace_pending(row: dict, record: ArticleRecord) -> str:
        """The same URL twice in one batch: the later text wins before anything is written."""
        if row["content_hash"] == record["content_hash"]:
            return "unchanged"
        row.update({name: record.get(name) for name in _COPIED_FIELDS})
        row["search_text"] = search_text(record["title"], record["body"])
        row["published_utc"] = to_utc(record.get("published"))
        row["updated_utc"] = to_utc(record.get("updated"))
        return "updated"

    @staticmethod
    def _insert(session: Session, rows: list[dict]) -> None:
        """Insert new rows in one statement, then link the copies of rows of this batch."""
        if not rows:
            return
        sources: list[dict | None] = []
        for row in rows:
            first = row.pop("_first_copy")
            row["near_duplicate_of"] = first.id if first is not None else None
            sources.append(first.row if first is not None else None)
        ids = insert_articles(session, rows)
        links = []
        for row, source in zip(rows, sources, strict=True):
            article_id = row["id"] = ids[row["url"]]
            if source is not None:  # earlier in this batch, so already has its id
                row["near_duplicate_of"] = source["near_duplicate_of"] or source["id"]
                links.append({"id": article_id, "near_duplicate_of": row["near_duplicate_of"]})
        if links:
            session.execute(update(Article), links)

    def _update(self, session: Session, article: Article, record: ArticleRecord, fetched_at) -> str:
        article.fetched_at = fetched_at
        article.url_seen = record["url_seen"]
        if article.content_hash == record["content_hash"]:
            return "unchanged"
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
        for name in _COPIED_FIELDS:
            setattr(article, name, record.get(name))
        article.search_text = search_text(record["title"], record["body"])
        article.authors = list(record.get("authors") or [])
        article.tags = list(record.get("tags") or [])
        article.published_utc = to_utc(record.get("published"))
        article.updated_utc = to_utc(record.get("updated"))
        article.changed_at = fetched_at
        return "updated"

    def start_run(self, site_key: str, name: str | None = None, base_url: str | None = None) -> int:
        def start() -> int:
            with Session(self.engine) as session, session.begin():
                run = CrawlRun(
                    site_id=self._site_id(session, site_key, name, base_url),
                    started_at=_now(),
                    counts={},
                )
                session.add(run)
                session.flush()
                return run.id

        return with_retries(start, self.retry_seconds, "recording a crawl")

    def last_complete_run(self, site_key: str, incomplete_mark: str) -> datetime | None:
        """When the newest crawl of a site that finished normally, and whose counts do
        not hold ``incomplete_mark`` (a crawl cut short, e.g. by its request budget),
        started, in UTC; None for a site never crawled to the end."""
        return with_retries(
            lambda: self._last_complete_run(site_key, incomplete_mark),
            self.retry_seconds,
            "a lookup",
        )

    def _last_complete_run(self, site_key: str, incomplete_mark: str) -> datetime | None:
        with Session(self.engine) as session:
            runs = session.execute(
                select(CrawlRun.started_at, CrawlRun.counts)
                .join(Site, Site.id == CrawlRun.site_id)
                .where(Site.key == site_key, CrawlRun.finish_reason == "finished")
                .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
                .limit(_RUNS_LOOKED_AT)
            )
            for started_at, counts in runs:
                if not (counts or {}).get(incomplete_mark):
                    return as_utc(started_at)
        return None

    def finish_run(self, run_id: int, finish_reason: str, counts: Mapping[str, int]) -> None:
        def finish() -> None:
            with Session(self.engine) as session, session.begin():
                run = session.get(CrawlRun, run_id)
                run.finished_at = _now()
                run.finish_reason = finish_reason
                run.counts = dict(counts)

        with_retries(finish, self.retry_seconds, "recording a crawl")
