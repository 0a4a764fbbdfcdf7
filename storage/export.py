"""Streaming articles out of the database as JSON Lines, CSV or Parquet.

A corpus can hold millions of articles, so nothing here loads them all: rows come from a
server-side cursor in batches (:func:`iter_article_rows`) and each writer consumes them
one at a time (Parquet one row group at a time), keeping memory flat however big the
export is.

The columns are named one by one rather than selecting ``Article``: an export is a
contract with the people who read it, and a column the models gain later (for example a
near-duplicate link) must neither break it nor change its shape unannounced.

Times: ``published`` and ``updated`` are exported as the page stated them (ISO text with
the page's own offset, or a bare date), because that is the only lossless form, and
``published_precision`` says which of the two a row has ("time" or "day");
``published_utc`` and ``fetched_at`` are ISO 8601 text in UTC (``+00:00``) in JSON Lines
and CSV, and ``timestamp[us, tz=UTC]`` in Parquet, where a real timestamp type lets
pandas, Polars and DuckDB sort and filter without parsing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, Select, case, func, select

from storage.filters import ArticleFilter
from storage.models import Article, Site

# Whether ``published`` names a time of day: "day" for a bare date (the page gave no
# time; its ``published_utc`` is midnight UTC of that day, a placeholder, not a moment),
# "time" when it did, null when the page gave no date at all. The stored text says so by
# its shape alone (``YYYY-MM-DD`` against ISO 8601 with a time and an offset), so it is
# computed in SQL, the same on both backends. Seconds cannot be told apart from minutes:
# the cleaner writes ``:00`` when the page showed only hours and minutes.
PUBLISHED_PRECISION = case(
    (Article.published.is_(None), None),
    (func.length(Article.published) == len("YYYY-MM-DD"), "day"),
    else_="time",
)

# The exported fields, in output order, with the column each one reads.
EXPORT_COLUMNS = (
    ("id", Article.id),
    ("url", Article.url),
    ("url_seen", Article.url_seen),
    ("site", Site.key),
    ("title", Article.title),
    ("authors", Article.authors),
    ("published", Article.published),
    ("published_precision", PUBLISHED_PRECISION),
    ("published_utc", Article.published_utc),
    ("updated", Article.updated),
    ("section", Article.section),
    ("tags", Article.tags),
    ("description", Article.description),
    ("image", Article.image),
    ("language", Article.language),
    ("body", Article.body),
    ("word_count", Article.word_count),
    ("content_hash", Article.content_hash),
    ("syndication_source", Article.syndication_source),
    ("dateline", Article.dateline),
    ("fetched_at", Article.fetched_at),
    ("near_duplicate_of", Article.near_duplicate_of),
)
EXPORT_FIELDS = tuple(name for name, _ in EXPORT_COLUMNS)
LIST_FIELDS = ("authors", "tags")
TIME_FIELDS = ("published_utc", "fetched_at")


def iso_utc(moment: datetime | None) -> str | None:
    """``moment`` as ISO 8601 text in UTC.

    SQLite hands back naive datetimes although warta only ever stores UTC there, so a
    naive value is read as UTC; both backends then export the same text.
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def article_rows_query(article_filter: ArticleFilter | None = None) -> Select:
    """The export's SELECT: explicit columns, the site's key joined in, ordered by id.

    Ordering by the primary key makes two exports of the same data identical and lets a
    reader resume or diff by id.
    """
    query = (
        select(*(column.label(name) for name, column in EXPORT_COLUMNS))
        .select_from(Article)
        .outerjoin(Site, Article.site_id == Site.id)
        .order_by(Article.id)
    )
    return (article_filter or ArticleFilter()).apply(query)


def row_to_dict(row: Any) -> dict[str, Any]:
    """One result row as plain JSON-ready values: lists for lists, ISO text for times."""
    data = dict(row._mapping)
    for name in LIST_FIELDS:
        data[name] = list(data[name] or [])
    for name in TIME_FIELDS:
        data[name] = iso_utc(data[name])
    return data


def iter_article_rows(
    engine: Engine, article_filter: ArticleFilter | None = None, batch_size: int = 1000
) -> Iterator[dict[str, Any]]:
    """Every article ``article_filter`` selects, as a dict, fetched ``batch_size`` at a time.

    ``yield_per`` turns on ``stream_results``: on PostgreSQL a server-side (named) cursor,
    so the server, not this process, holds the result; SQLite's cursor steps through rows
    as they are fetched anyway. The connection stays open until the generator is
    exhausted or closed.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    query = article_rows_query(article_filter)
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=batch_size).execute(query)
        for row in result:
            yield row_to_dict(row)


def write_jsonl(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """One JSON object per line, UTF-8 text unescaped so Indonesian text stays readable."""
    written = 0
    for row in rows:
        fh.write(json.dumps(row, ensure_ascii=False))
        fh.write("\n")
        written += 1
    return written


def _csv_cell(value: Any) -> Any:
    """Lists become JSON text, the one list notation every CSV reader can take apart."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(rows: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    """A header row, then one row per article, quoted by the csv module.

    Bodies contain newlines; the csv module quotes them, so ``fh`` should be opened with
    ``newline=""`` (as the csv docs require) and ``encoding="utf-8"``. The header is
    written even when no article matches, so the file always says what its columns are.
    """
    writer = csv.DictWriter(fh, fieldnames=EXPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    written = 0
    for row in rows:
        writer.writerow({name: _csv_cell(row.get(name)) for name in EXPORT_FIELDS})
        written += 1
    return written


def parquet_schema():
    """The Parquet schema: strings, ``list<string>`` for authors and tags, UTC timestamps."""
    import pyarrow as pa

    types = {
        "id": pa.int64(),
        "authors": pa.list_(pa.string()),
        "tags": pa.list_(pa.string()),
        "published_utc": pa.timestamp("us", tz="UTC"),
        "word_count": pa.int32(),
        "near_duplicate_of": pa.int64(),
        "fetched_at": pa.timestamp("us", tz="UTC"),
    }
    return pa.schema([pa.field(name, types.get(name, pa.string())) for name in EXPORT_FIELDS])


def _parquet_row(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with its ISO times back as datetimes, which pyarrow stores as timestamps."""
    converted = dict(row)
    for name in TIME_FIELDS:
        value = converted.get(name)
        if isinstance(value, str):
            converted[name] = datetime.fromisoformat(value)
    return converted


def write_parquet(rows: Iterable[dict[str, Any]], path: str | Path, batch_size: int = 1000) -> int:
    """Write ``rows`` to a Parquet file, one row group per ``batch_size`` rows.

    Only one batch is held in memory at a time. The file is written (with its schema)
    even when no article matches, so readers get an empty table rather than an error.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    schema = parquet_schema()
    written = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), schema) as writer:
        for row in rows:
            batch.append(_parquet_row(row))
            if len(batch) == batch_size:
                writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
                written += len(batch)
                batch = []
        if batch:
            writer.write_batch(pa.RecordBatch.from_pylist(batch, schema=schema))
            written += len(batch)
    return written
