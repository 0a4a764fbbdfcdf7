"""The store on SQLite and PostgreSQL: the same assertions on both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from storage import ArticleStore, DatabaseURLError, redact, resolve_db_url
from storage.models import Article, ArticleVersion, CrawlRun
from tests.conftest import _reset_postgres, allow_connections


def record(url: str, body: str = "Isi berita pertama yang cukup panjang.", **extra) -> dict:
    """A plain article record as the crawler hands it to the store."""
    from cleaners import content_hash

    base = {
        "url": url,
        "url_seen": url,
        "site": "contoh",
        "title": "Judul Berita",
        "authors": ["Rina Kusuma"],
        "published": "2024-05-04T10:15:00+07:00",
        "updated": None,
        "section": "Nasional",
        "tags": ["banjir"],
        "description": "Ringkasan",
        "image": None,
        "language": "id",
        "body": body,
        "word_count": len(body.split()),
        "content_hash": content_hash(body),
    }
    return {**base, **extra}


def test_migrations_create_every_table(db_url):
    store = ArticleStore(db_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"sites", "articles", "article_versions", "crawl_runs", "alembic_version"} <= tables


# SQLite's reflection cannot read expression indexes (lower(section)); PostgreSQL's can.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_build_exactly_the_schema_the_models_describe(db_url):
    """Every column, index and key the code declares is what the migrations created."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.migrations.objects import include_object
    from storage.models import Base

    store = ArticleStore(db_url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_migrations_downgrade_to_nothing_and_back_with_data_kept_through_head(db_url):
    from alembic import command

    from storage.db import alembic_config, upgrade

    store = ArticleStore(db_url)
    store.upsert([record("https://contoh.example/read/1/judul")])
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    upgrade(store.engine)
    with Session(store.engine) as session:
        assert session.scalars(select(Article.url)).all() == ["https://contoh.example/read/1/judul"]
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert "articles" not in inspect(store.engine).get_table_names()
    upgrade(store.engine)
    assert "articles" in inspect(store.engine).get_table_names()


def test_insert_then_unchanged_then_versioned_update(db_url):
    store = ArticleStore(db_url)
    url = "https://contoh.example/read/1/judul"
    assert store.upsert([record(url)]).outcomes == ["inserted"]
    assert store.upsert([record(url)]).outcomes == ["unchanged"]
    changed = record(url, body="Isi berita yang sudah diralat oleh redaksi.")
    assert store.upsert([changed]).outcomes == ["updated"]

    with Session(store.engine) as session:
        article = session.scalar(select(Article).where(Article.url == url))
        assert article.body == changed["body"]
        versions = session.scalars(select(ArticleVersion)).all()
        assert [v.body for v in versions] == ["Isi berita pertama yang cukup panjang."]
        assert versions[0].article_id == article.id


def test_times_are_kept_as_stated_and_in_utc(db_url):
    store = ArticleStore(db_url)
    store.upsert(
        [
            record("https://contoh.example/a", published="2024-05-04T10:15:00+08:00"),
            record(
                "https://contoh.example/b", body="Berita lain sama sekali.", published="2016-06-08"
            ),
        ]
    )
    with Session(store.engine) as session:
        rows = {a.url: a for a in session.scalars(select(Article))}
    timed = rows["https://contoh.example/a"]
    assert timed.published == "2024-05-04T10:15:00+08:00"
    assert timed.published_utc.replace(tzinfo=UTC) == datetime(2024, 5, 4, 2, 15, tzinfo=UTC)
    assert rows["https://contoh.example/b"].published == "2016-06-08"


def test_same_text_under_another_url_is_a_duplicate(db_url):
    store = ArticleStore(db_url)
    result = store.upsert(
        [record("https://contoh.example/a"), record("https://m.contoh.example/a")]
    )
    assert result.outcomes == ["inserted", "duplicate"]
    with Session(store.engine) as session:
        assert session.scalar(select(Article.url)) == "https://contoh.example/a"
        assert len(session.scalars(select(Article)).all()) == 1


def test_a_failing_batch_leaves_nothing_behind(db_url):
    store = ArticleStore(db_url)
    good = record("https://contoh.example/a")
    broken = record("https://contoh.example/b", body="Lain lagi ceritanya.")
    broken["title"] = None  # violates NOT NULL: the whole batch must roll back
    with pytest.raises(Exception):  # noqa: B017 (the driver's own IntegrityError type)
        store.upsert([good, broken])
    with Session(store.engine) as session:
        assert session.scalars(select(Article)).all() == []


def test_last_fetched_matches_canonical_and_fetched_urls(db_url):
    store = ArticleStore(db_url)
    fetched = datetime(2024, 5, 4, 3, 0, tzinfo=UTC)
    store.upsert(
        [
            record(
                "https://contoh.example/a",
                url_seen="https://contoh.example/a?page=all",
                fetched_at=fetched,
            )
        ]
    )
    asked = ["https://contoh.example/a", "https://contoh.example/a?page=all", "https://x.example/"]
    assert store.last_fetched(asked) == {asked[0]: fetched, asked[1]: fetched}


def test_discovery_validators_are_kept_and_replaced(db_url):
    store = ArticleStore(db_url)
    feed, sitemap = "https://contoh.example/rss", "https://contoh.example/sitemap.xml"
    modified = "Sat, 04 May 2024 03:00:00 GMT"
    store.save_validators("contoh", {feed: ('"abc"', None), sitemap: (None, modified)})
    store.save_validators("contoh", {feed: ('"def"', None)})
    store.save_validators("lain", {feed: ('"xyz"', None)})
    assert store.validators("contoh", [feed, sitemap, "https://contoh.example/other"]) == {
        feed: ('"def"', None),
        sitemap: (None, modified),
    }
    assert store.validators("lain", [feed, sitemap]) == {feed: ('"xyz"', None)}


def test_absent_paths_lasting_skips_and_listing_walks_are_remembered(db_url):
    store = ArticleStore(db_url)
    feed, sitemap = "https://contoh.example/feed/", "https://contoh.example/sitemap.xml"
    before = datetime.now(UTC) - timedelta(seconds=1)
    store.save_absent("contoh", {sitemap: 404, feed: 410})
    assert store.absent_documents("contoh", [feed, sitemap], before) == {feed, sitemap}
    assert store.absent_documents("lain", [feed, sitemap], before) == set()
    later = datetime.now(UTC) + timedelta(seconds=1)
    assert store.absent_documents("contoh", [feed, sitemap], later) == set()  # retry age past
    # The feed answers again: its validators replace its absence.
    store.save_validators("contoh", {feed: ('"abc"', None)})
    assert store.absent_documents("contoh", [feed, sitemap], before) == {sitemap}

    english = "https://contoh.example/read/1/english"
    store.remember_skips("contoh", {english: "language_en"})
    skipped = store.lasting_skips("contoh", [english, "https://contoh.example/read/2/x"])
    assert list(skipped) == [english] and skipped[english] >= before
    store.remember_skips("contoh", {english: "http_404"})  # skipped again: moved on
    assert store.lasting_skips("contoh", [english])[english] >= skipped[english]
    assert store.lasting_skips("lain", [english]) == {}

    store.finish_run(store.start_run("contoh"), "finished", {})
    assert store.listings_read_at("contoh") is None
    store.mark_listings_read("contoh", before)
    assert store.listings_read_at("contoh") == before


def test_crawl_runs_record_counts(db_url):
    store = ArticleStore(db_url)
    run_id = store.start_run("contoh", "Contoh", "https://contoh.example")
    store.finish_run(run_id, "finished", {"stored/inserted": 3, "skipped/http_404": 1})
    with Session(store.engine) as session:
        run = session.get(CrawlRun, run_id)
        assert run.finish_reason == "finished"
        assert run.counts == {"stored/inserted": 3, "skipped/http_404": 1}
        assert run.finished_at is not None


def test_database_urls_and_redaction(tmp_path, monkeypatch):
    monkeypatch.delenv("WARTA_DB_URL", raising=False)
    assert resolve_db_url(None) == "sqlite:///warta.db"
    assert resolve_db_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_db_url("postgresql://u:pw@h/db").startswith("postgresql+psycopg://")
    assert "pw" not in redact("postgresql+psycopg://u:pw@h/db")
    with pytest.raises(DatabaseURLError):
        resolve_db_url("nosuchdialect+://")


def test_upsert_waits_for_a_postgresql_database_that_went_away(postgres_server_url, caplog):
    """Connections cut and new ones refused for two seconds: the batch waits, then lands."""
    import threading

    _reset_postgres(postgres_server_url)
    store = ArticleStore(postgres_server_url, retry_seconds=60)
    store.upsert([record("https://contoh.example/a")])
    allow_connections(postgres_server_url, False)
    back = threading.Timer(2.0, allow_connections, args=(postgres_server_url, True))
    back.start()
    try:
        with caplog.at_level("WARNING", logger="storage.retry"):
            result = store.upsert([record("https://contoh.example/b", body="Isi kedua berbeda.")])
    finally:
        back.join()
        allow_connections(postgres_server_url, True)
    assert result.outcomes == ["inserted"]
    assert any("database unavailable" in r.message for r in caplog.records)
    with Session(store.engine) as session:
        assert sorted(session.scalars(select(Article.url))) == [
            "https://contoh.example/a",
            "https://contoh.example/b",
        ]


def test_upsert_waits_for_another_sqlite_writer(tmp_path, caplog):
    """Another process holds SQLite's write lock past the busy timeout: the batch waits."""
    import sqlite3
    import threading

    from sqlalchemy import create_engine, event

    path = tmp_path / "warta.db"
    ArticleStore(f"sqlite:///{path}")  # migrated
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.05})
    event.listen(engine, "connect", lambda conn, _: conn.execute("PRAGMA busy_timeout=50"))
    store = ArticleStore(engine=engine, retry_seconds=60)
    other = sqlite3.connect(path, check_same_thread=False)
    other.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(1.5, other.commit)
    release.start()
    try:
        with caplog.at_level("WARNING", logger="storage.retry"):
            result = store.upsert([record("https://contoh.example/a")])
    finally:
        release.join()
    assert result.outcomes == ["inserted"]
    assert any("database is locked" in r.message for r in caplog.records)


def test_postgres_band_lookups_stop_reading_the_table_once_the_store_vacuums(
    postgres_server_url, monkeypatch
):
    """Where autovacuum does not run (as on the CI server), the store vacuums and
    analyzes by autovacuum's rules itself: after that the near-duplicate band lookups
    are answered from the index alone, without fetching each candidate from the table."""
    from sqlalchemy import text

    from storage import store as store_module

    _reset_postgres(postgres_server_url)
    store = ArticleStore(postgres_server_url)
    monkeypatch.setattr(store_module._Housekeeping, "CHECK_EVERY", 1)
    body = " ".join(f"kata{n}" for n in range(80))
    lookup = (
        "EXPLAIN (ANALYZE, FORMAT JSON) SELECT id, simhash FROM articles "
        "WHERE simhash_band0 IN (SELECT simhash_band0 FROM articles)"
    )

    def heap_fetches() -> int:
        with store.engine.begin() as connection:
            connection.execute(text("SET LOCAL enable_seqscan = off"))
            connection.execute(text("SET LOCAL enable_bitmapscan = off"))
            plan = connection.execute(text(lookup)).scalar()
        found = []

        def walk(node):
            if node.get("Index Name") == "ix_articles_simhash_band0":
                found.append(node["Heap Fetches"])
            for child in node.get("Plans", []):
                walk(child)

        walk(plan[0]["Plan"])
        return found[0]

    store.upsert([record(f"https://a.example/{n}", body=f"{body} {n}") for n in range(5)])
    assert heap_fetches() > 0  # 5 rows are below autovacuum's 1,000: nothing done yet

    with store.engine.connect() as connection:
        before = connection.execute(text("SELECT now()")).scalar()
    monkeypatch.setattr(store_module._Housekeeping, "BASE", -1)
    store.upsert([record("https://a.example/5", body=f"{body} 5")])
    assert heap_fetches() == 0
    with store.engine.connect() as connection:
        vacuumed, analyzed = connection.execute(
            text(
                "SELECT last_vacuum > :before, last_analyze > :before "
                "FROM pg_stat_user_tables WHERE relname = 'articles'"
            ),
            {"before": before},
        ).one()
    assert vacuumed and analyzed


def test_sqlite_batches_reach_the_database_file_through_background_checkpoints(tmp_path):
    """The store checkpoints SQLite's log in a thread of its own after each batch, so the
    writer does not wait for the disk: once that is done, the database file alone, read
    without its log, holds the articles (the writer's own checkpoint, bounded at 50,000
    pages, would not have run for one small batch)."""
    import shutil
    import sqlite3

    path = tmp_path / "warta.db"
    store = ArticleStore(f"sqlite:///{path}")
    store.upsert([record("https://contoh.example/a"), record("https://contoh.example/b", "Lain.")])
    assert store.wait_for_maintenance(timeout=60)
    alone = tmp_path / "alone.db"
    shutil.copyfile(path, alone)  # no -wal file beside it: only what was checkpointed
    with sqlite3.connect(alone) as connection:
        stored = connection.execute("SELECT url FROM articles ORDER BY url").fetchall()
    assert stored == [("https://contoh.example/a",), ("https://contoh.example/b",)]


def test_postgresql_merges_the_full_text_pending_list_beside_the_writer(postgres_server_url):
    """On PostgreSQL the store merges the full-text index's pending list from a
    connection of its own after each batch: once that is done nothing is left to merge,
    though one batch stays far below the 64 MB at which the writer would merge it."""
    from sqlalchemy import text

    from storage.search import search

    _reset_postgres(postgres_server_url)
    store = ArticleStore(postgres_server_url)
    store.upsert([record(f"https://contoh.example/{n}", f"Berita nomor {n}.") for n in range(50)])
    assert store.wait_for_maintenance(timeout=60)
    with store.engine.begin() as connection:
        left = connection.execute(
            text("SELECT gin_clean_pending_list('ix_articles_search_vector'::regclass)")
        ).scalar()
    assert left == 0
    assert [hit.url for hit in search(store.engine, '"nomor 7"')] == ["https://contoh.example/7"]


def test_sqlite_writes_a_batch_to_the_full_text_index_as_one_segment(tmp_path):
    """FTS5 writes what a transaction added as a new index segment, and a new one each
    time its in-memory hash fills: with the default 1 MiB, these 300 articles of 400
    words made five segments, each to be merged again later. Migration 0007 makes
    room for a whole batch."""
    import random
    import sqlite3

    rng = random.Random(7)
    words = [f"kata{n}" for n in range(20_000)]
    store = ArticleStore(f"sqlite:///{tmp_path / 'warta.db'}")
    store.upsert(
        [
            record(f"https://contoh.example/{n}", " ".join(rng.choices(words, k=400)))
            for n in range(300)
        ]
    )
    with sqlite3.connect(tmp_path / "warta.db") as connection:
        [(segments,)] = connection.execute("SELECT count(DISTINCT segid) FROM articles_fts_idx")
    assert segments == 1
