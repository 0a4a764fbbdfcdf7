"""Exporting articles (storage.export) on SQLite and PostgreSQL: every format gives back
what was stored, filters pick exactly the right articles, and big exports stream."""

from __future__ import annotations

import csv
import inspect
import io
import json
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import event

from cleaners import content_hash
from storage import ArticleStore
from storage.export import (
    EXPORT_FIELDS,
    iter_article_rows,
    write_csv,
    write_jsonl,
    write_parquet,
)
from storage.filters import ArticleFilter
from tests.test_storage import record

FETCHED = datetime(2024, 6, 2, 1, 2, 3, tzinfo=UTC)

# The export contract, written out: a change to it must be a deliberate one.
CONTRACT_FIELDS = (
    "id", "url", "url_seen", "site", "title", "authors", "published", "published_precision",
    "published_utc", "updated", "section", "tags", "description", "image", "language", "body",
    "word_count", "content_hash", "syndication_source", "dateline", "fetched_at",
    "near_duplicate_of",
)  # fmt: skip


def article(url: str, site: str, body: str, **extra) -> dict:
    """A record as the crawler hands it to the store, with everything filled in."""
    filled = {"description": "Ringkasan berita.", "syndication_source": None, "dateline": None}
    return record(url, body=body, site=site, fetched_at=FETCHED, **{**filled, **extra})


# Five stories on three sites; each filter test below names exactly which it wants.
CORPUS = {
    "banjir": article(
        "https://kabar.example/read/1/banjir",
        "kabar",
        'JAKARTA - Banjir "setinggi lutut", kata warga.\n\nAir surut pada sore hari; '
        "“warga kembali,” ujar lurah.",
        title="Banjir [Video] di Jakarta, Warga: “Sudah Biasa”",
        authors=["Rina Kusuma", "Budi Santoso"],
        published="2024-05-01T10:00:00+07:00",
        updated="2024-05-01T12:30:00+07:00",
        tags=["banjir", "jakarta"],
        image="https://kabar.example/img/1.jpg",
        dateline="JAKARTA",
    ),
    "rupiah": article(
        "https://kabar.example/read/2/rupiah",
        "kabar",
        "Rupiah menguat terhadap dolar AS pada penutupan perdagangan.",
        url_seen="https://kabar.example/read/2/rupiah?page=all",
        published="2024-05-31T20:00:00+07:00",
        section="Ekonomi",
        tags=[],
    ),
    "pemilu": article(
        "https://suara.example/news/pemilu",
        "suara",
        "KPU menetapkan jadwal pemilu kepala daerah serentak.",
        published="2024-06-10T09:00:00+07:00",
        section="Politik",
        authors=[],
    ),
    "tanpa-tanggal": article(
        "https://suara.example/news/tanpa-tanggal",
        "suara",
        "Berita ini tidak menyebut kapan ia terbit sama sekali.",
        published=None,
        section="nasional",
    ),
    "makassar": article(
        "https://sulsel.example/2016/06/makassar",
        "sulsel",
        "Makassar bersiap menyambut festival budaya tahunan.",
        published="2016-06-08",
        section="Daerah",
        language="en",
        syndication_source="tribun-timur.com",
        dateline="MAKASSAR",
    ),
}
KEY_BY_URL = {record["url"]: key for key, record in CORPUS.items()}
PUBLISHED_UTC = {
    "banjir": "2024-05-01T03:00:00+00:00",
    "rupiah": "2024-05-31T13:00:00+00:00",
    "pemilu": "2024-06-10T02:00:00+00:00",
    "tanpa-tanggal": None,
    "makassar": "2016-06-08T00:00:00+00:00",
}
# Whether each story's page gave a time of day: the Makassar story gives its date alone.
PUBLISHED_PRECISION = {
    "banjir": "time",
    "rupiah": "time",
    "pemilu": "time",
    "tanpa-tanggal": None,
    "makassar": "day",
}


def fill(db_url: str) -> ArticleStore:
    store = ArticleStore(db_url)
    assert store.upsert(list(CORPUS.values())).outcomes == ["inserted"] * len(CORPUS)
    return store


def expected_row(key: str) -> dict:
    """What the export must say about ``CORPUS[key]``: the record itself, plus the UTC
    times as ISO text (ids are the database's and checked separately)."""
    record = CORPUS[key]
    row = {name: record[name] for name in CONTRACT_FIELDS if name in record}
    row["published_utc"] = PUBLISHED_UTC[key]
    row["published_precision"] = PUBLISHED_PRECISION[key]
    row["fetched_at"] = "2024-06-02T01:02:03+00:00"
    row["near_duplicate_of"] = None  # the corpus stories are all distinct
    return row


def without_id(row: dict) -> dict:
    return {name: value for name, value in row.items() if name != "id"}


def exported(db_url: str, **options) -> list[dict]:
    return list(
        iter_article_rows(ArticleStore(db_url).engine, ArticleFilter.from_options(**options))
    )


def test_rows_carry_the_contract_fields_in_order(db_url):
    fill(db_url)
    rows = exported(db_url)
    assert EXPORT_FIELDS == CONTRACT_FIELDS
    assert [tuple(row) for row in rows] == [CONTRACT_FIELDS] * len(CORPUS)
    assert [KEY_BY_URL[row["url"]] for row in rows] == list(CORPUS)  # in id order
    assert [row["id"] for row in rows] == sorted(row["id"] for row in rows)
    for row in rows:
        assert without_id(row) == expected_row(KEY_BY_URL[row["url"]])


def test_date_only_stories_are_marked_as_such(db_url):
    """A story whose page gave a date alone is "day": its published_utc (midnight UTC) is
    a placeholder, and a study of publishing hours must leave it out."""
    fill(db_url)
    rows = exported(db_url)
    assert {KEY_BY_URL[r["url"]]: r["published_precision"] for r in rows} == PUBLISHED_PRECISION
    (makassar,) = exported(db_url, lang="en")
    assert (makassar["published"], makassar["published_precision"]) == ("2016-06-08", "day")


def test_jsonl_round_trips(db_url):
    fill(db_url)
    rows = exported(db_url)
    out = io.StringIO()
    assert write_jsonl(rows, out) == len(CORPUS)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(CORPUS)
    assert "“Sudah Biasa”" in lines[0]  # UTF-8 text, not \\u escapes
    assert [json.loads(line) for line in lines] == rows


def test_csv_round_trips(db_url):
    fill(db_url)
    rows = exported(db_url)
    out = io.StringIO(newline="")
    assert write_csv(rows, out) == len(CORPUS)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(parsed[0]) == CONTRACT_FIELDS
    assert len(parsed) == len(CORPUS)
    for cells, row in zip(parsed, rows, strict=True):
        assert json.loads(cells["authors"]) == row["authors"]
        assert json.loads(cells["tags"]) == row["tags"]
        assert int(cells["id"]) == row["id"]
        assert int(cells["word_count"]) == row["word_count"]
        for name in set(CONTRACT_FIELDS) - {"id", "word_count", "authors", "tags"}:
            assert cells[name] == (row[name] or ""), name
    # the body's blank line, quotes and commas survive inside one cell
    assert parsed[0]["body"] == CORPUS["banjir"]["body"]


def test_csv_of_nothing_still_has_its_header():
    out = io.StringIO(newline="")
    assert write_csv([], out) == 0
    assert out.getvalue().strip() == ",".join(CONTRACT_FIELDS)


def test_parquet_round_trips_with_typed_columns(db_url, tmp_path):
    fill(db_url)
    rows = exported(db_url)
    path = tmp_path / "articles.parquet"
    assert write_parquet(rows, path, batch_size=2) == len(CORPUS)

    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 3  # 2 + 2 + 1: written batch by batch
    schema = parquet.schema_arrow
    assert schema.names == list(CONTRACT_FIELDS)
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("published_utc").type == pa.timestamp("us", tz="UTC")
    assert schema.field("fetched_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("published").type == pa.string()  # as the page stated it

    for back, row in zip(pq.read_table(path).to_pylist(), rows, strict=True):
        assert back["fetched_at"] == FETCHED
        published_utc = back.pop("published_utc")
        expected = row["published_utc"]
        assert published_utc == (expected and datetime.fromisoformat(expected))
        assert {**back, "fetched_at": row["fetched_at"]} == {
            name: value for name, value in row.items() if name != "published_utc"
        }


def test_parquet_of_nothing_is_an_empty_table(tmp_path):
    path = tmp_path / "empty.parquet"
    assert write_parquet(iter(()), path) == 0
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.names == list(CONTRACT_FIELDS)


@pytest.mark.parametrize(
    ("options", "wanted"),
    [
        ({}, set(CORPUS)),
        ({"site": ["kabar"]}, {"banjir", "rupiah"}),
        ({"site": ["kabar", "sulsel"]}, {"banjir", "rupiah", "makassar"}),
        ({"site": ["tidak-ada"]}, set()),
        ({"since": "2024-05-02"}, {"rupiah", "pemilu"}),
        ({"until": "2024-05-01"}, {"banjir", "makassar"}),
        ({"since": "2024-05-01", "until": "2024-05-31"}, {"banjir", "rupiah"}),
        ({"since": "2024-05-31T13:00:00+00:00"}, {"rupiah", "pemilu"}),
        ({"section": "NASIONAL"}, {"banjir", "tanpa-tanggal"}),
        ({"lang": "en"}, {"makassar"}),
        ({"site": ["suara"], "section": "politik", "lang": "id"}, {"pemilu"}),
    ],
)
def test_filters_select_exactly_the_right_articles(db_url, options, wanted):
    fill(db_url)
    assert {KEY_BY_URL[row["url"]] for row in exported(db_url, **options)} == wanted


def test_a_changed_article_exports_its_current_text_once(db_url):
    store = fill(db_url)
    changed = {**CORPUS["rupiah"], "body": "Rupiah melemah; berita ini sudah diralat redaksi."}
    changed["content_hash"] = content_hash(changed["body"])
    assert store.upsert([changed]).outcomes == ["updated"]
    rows = [row for row in exported(db_url) if row["url"] == changed["url"]]
    assert [row["body"] for row in rows] == [changed["body"]]


def test_big_export_streams_in_batches(db_url, tmp_path):
    store = ArticleStore(db_url)
    total = 5000
    records = [
        article(f"https://besar.example/read/{n}", "besar", f"Berita nomor {n} dari arsip besar.")
        for n in range(total)
    ]
    for start in range(0, total, 1000):
        store.upsert(records[start : start + 1000])
    # The store's after-batch maintenance uses the engine too: let it finish first.
    assert store.wait_for_maintenance(timeout=60)

    cursors: list[str] = []

    def remember_cursor(_conn, cursor, *_args) -> None:
        cursors.append(type(cursor).__name__)

    event.listen(store.engine, "before_cursor_execute", remember_cursor)
    try:
        rows = iter_article_rows(store.engine, ArticleFilter(), batch_size=100)
        assert inspect.isgenerator(rows)
        assert cursors == []  # nothing is read before the first row is asked for
        first = next(rows)
        assert first["url"] == "https://besar.example/read/0"
        count = 1 + sum(1 for _ in rows)
    finally:
        event.remove(store.engine, "before_cursor_execute", remember_cursor)
    assert count == total
    if store.engine.dialect.name == "postgresql":
        assert cursors == ["ServerCursor"]  # the server holds the result, not this process

    path = tmp_path / "big.parquet"
    rows = iter_article_rows(store.engine, ArticleFilter(), batch_size=100)
    assert write_parquet(rows, path, batch_size=100) == total
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == total // 100
    urls = pq.read_table(path, columns=["url"]).column("url").to_pylist()
    assert urls == [record["url"] for record in records]


def test_batch_size_must_be_positive(db_url, tmp_path):
    engine = ArticleStore(db_url).engine
    with pytest.raises(ValueError, match="batch_size"):
        next(iter_article_rows(engine, ArticleFilter(), batch_size=0))
    with pytest.raises(ValueError, match="batch_size"):
        write_parquet([], tmp_path / "x.parquet", batch_size=0)
