"""`warta export`, `warta show` and `warta stats` run as a user runs them, on SQLite and
PostgreSQL (the database is named with --db)."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pyarrow.parquet as pq
import pytest

from cleaners import content_hash
from storage import ArticleStore, open_database
from tests.conftest import WARTA, run_warta
from tests.test_export import CORPUS, KEY_BY_URL, article, expected_row, fill, without_id

WIDE = {"COLUMNS": "200"}  # rich tables wrap to 80 columns when not on a terminal


def warta(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return run_warta(*args, timeout=120, **kwargs)


def assert_one_line_error(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [f"warta: error: {message}"]


def revise_banjir(store: ArticleStore) -> dict:
    """Re-crawl the flood story with corrected text, so it has one earlier version."""
    changed = {**CORPUS["banjir"], "body": "JAKARTA - Banjir surut; berita ini sudah diralat."}
    changed["content_hash"] = content_hash(changed["body"])
    changed["fetched_at"] = changed["fetched_at"].replace(day=3)
    assert store.upsert([changed]).outcomes == ["updated"]
    return changed


# warta export


def test_export_jsonl_to_stdout_is_the_articles_and_nothing_else(db_url):
    fill(db_url)
    result = warta("export", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [KEY_BY_URL[row["url"]] for row in rows] == list(CORPUS)
    for row in rows:
        assert without_id(row) == expected_row(KEY_BY_URL[row["url"]])


def test_export_filters_on_the_command_line(db_url):
    fill(db_url)
    result = warta(
        "export", "--site", "kabar", "--site", "suara", "--since", "2024-05-02",
        "--until", "2024-06-30", "--db", db_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    keys = [KEY_BY_URL[json.loads(line)["url"]] for line in result.stdout.splitlines()]
    assert keys == ["rupiah", "pemilu"]

    result = warta("export", "--section", "nasional", "--lang", "id", "--db", db_url)
    keys = [KEY_BY_URL[json.loads(line)["url"]] for line in result.stdout.splitlines()]
    assert keys == ["banjir", "tanpa-tanggal"]


def test_export_csv_to_stdout(db_url):
    fill(db_url)
    result = warta("export", "--format", "csv", "--site", "kabar", "--db", db_url)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [KEY_BY_URL[row["url"]] for row in rows] == ["banjir", "rupiah"]
    assert rows[0]["body"] == CORPUS["banjir"]["body"]
    assert json.loads(rows[0]["authors"]) == ["Rina Kusuma", "Budi Santoso"]
    assert rows[1]["tags"] == "[]"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_to_a_file_reports_the_count_on_stderr(db_url, tmp_path, fmt):
    fill(db_url)
    path = tmp_path / f"out.{fmt}"
    path.write_text("an older export, to be replaced")
    result = warta("export", "--format", fmt, "-o", str(path), "--site", "suara", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote 2 articles to {path} ({fmt})"
    if fmt == "parquet":
        urls = pq.read_table(path).column("url").to_pylist()
    elif fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            urls = [row["url"] for row in csv.DictReader(fh)]
    else:
        urls = [json.loads(line)["url"] for line in path.read_text(encoding="utf-8").splitlines()]
    assert [KEY_BY_URL[url] for url in urls] == ["pemilu", "tanpa-tanggal"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_export_stops_quietly_when_the_reader_goes_away(db_url):
    store = ArticleStore(db_url)
    body = "Paragraf panjang berita arsip. " * 40
    store.upsert(
        [article(f"https://arsip.example/{n}", "arsip", f"{n} {body}") for n in range(300)]
    )
    process = subprocess.Popen(
        [str(WARTA), "export", "--db", db_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert json.loads(process.stdout.readline())["url"] == "https://arsip.example/0"
    process.stdout.close()  # like `warta export | head -1`
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert stderr == ""


def test_export_mistakes_are_one_line(db_url, tmp_path):
    open_database(db_url)
    assert_one_line_error(
        warta("export", "--since", "notadate", "--db", db_url),
        "not a date: 'notadate' (use YYYY-MM-DD or an ISO 8601 time)",
    )
    assert_one_line_error(
        warta("export", "--format", "parquet", "--db", db_url),
        "parquet is a binary format: name the file with -o FILE",
    )
    assert_one_line_error(
        warta("export", "-o", str(tmp_path), "--db", db_url),
        f"{tmp_path} is a directory; name a file with -o",
    )
    missing = tmp_path / "no-such-dir" / "out.jsonl"
    assert_one_line_error(
        warta("export", "-o", str(missing), "--db", db_url),
        f"cannot write {missing}: No such file or directory",
    )


# warta show


def test_show_by_id_prints_a_readable_article(db_url):
    store = fill(db_url)
    changed = revise_banjir(store)
    article_id = json.loads(warta("export", "--db", db_url).stdout.splitlines()[0])["id"]
    result = warta("show", str(article_id), "--db", db_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == CORPUS["banjir"]["title"]  # brackets kept: no markup read into it
    for expected in (
        "by Rina Kusuma, Budi Santoso",
        "published 2024-05-01T10:00:00+07:00 (updated 2024-05-01T12:30:00+07:00)",
        "section Nasional; tags banjir, jakarta",
        f"site kabar; {changed['url']}",
        "dateline JAKARTA",
        f"{changed['word_count']} words; language id; 1 earlier version",
    ):
        assert expected in lines
    assert result.stdout.rstrip("\n").endswith(changed["body"])


def test_show_finds_urls_as_linked_and_as_fetched(db_url):
    fill(db_url)
    tracked = "https://KABAR.example/read/1/banjir?utm_source=twitter&fbclid=x#komentar"
    fetched = "https://kabar.example/read/2/rupiah?page=all"
    for reference, key in ((tracked, "banjir"), (fetched, "rupiah")):
        result = warta("show", reference, "--db", db_url)
        assert result.returncode == 0, result.stderr
        assert f"site kabar; {CORPUS[key]['url']}" in result.stdout.splitlines()

    result = warta("show", CORPUS["makassar"]["url"], "--db", db_url)
    assert "syndicated from tribun-timur.com" in result.stdout.splitlines()
    assert "0 earlier versions" in result.stdout


def test_show_json_is_the_full_record_with_versions(db_url):
    store = fill(db_url)
    changed = revise_banjir(store)
    result = warta("show", CORPUS["banjir"]["url"], "--json", "--db", db_url)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record.pop("versions") == [
        {
            "title": CORPUS["banjir"]["title"],
            "content_hash": CORPUS["banjir"]["content_hash"],
            "fetched_at": "2024-06-02T01:02:03+00:00",
            "replaced_at": "2024-06-03T01:02:03+00:00",
        }
    ]
    expected = {
        **expected_row("banjir"),
        "body": changed["body"],
        "word_count": changed["word_count"],
        "content_hash": changed["content_hash"],
        "fetched_at": "2024-06-03T01:02:03+00:00",
    }
    assert without_id(record) == expected


def test_show_unknown_article_is_one_line(db_url):
    fill(db_url)
    assert_one_line_error(warta("show", "999", "--db", db_url), "no article with id 999")
    assert_one_line_error(
        warta("show", "99999999999999999999999", "--db", db_url),
        "no article with id 99999999999999999999999",
    )
    assert_one_line_error(
        warta("show", "https://kabar.example/read/404", "--db", db_url),
        "no article with url https://kabar.example/read/404",
    )


# warta stats


def record_crawl(store: ArticleStore) -> None:
    old = store.start_run("kabar")
    store.finish_run(old, "finished", {"stored/inserted": 9})
    run = store.start_run("kabar")
    counts = {
        "stored/inserted": 2, "stored/updated": 1, "stored/unchanged": 4,
        "skipped/http_404": 1, "skipped/not_article": 3, "responses": 11,
    }  # fmt: skip
    store.finish_run(run, "closespider_timeout", counts)


def test_stats_json_per_site(db_url):
    store = fill(db_url)
    record_crawl(store)
    result = warta("stats", "--json", "--db", db_url)
    assert result.returncode == 0, result.stderr
    sites = {entry["site"]: entry for entry in json.loads(result.stdout)}
    assert sorted(sites) == ["kabar", "suara", "sulsel"]
    kabar = sites["kabar"]
    assert kabar["articles"] == 2
    assert kabar["newest_published"] == "2024-05-31T13:00:00+00:00"
    assert kabar["last_crawl_finish_reason"] == "closespider_timeout"
    assert kabar["last_crawl_started"] <= kabar["last_crawl_finished"]
    assert (kabar["inserted"], kabar["updated"], kabar["skipped"]) == (2, 1, 4)
    assert kabar["duplicate"] == 0
    assert kabar["last_crawl_counts"]["responses"] == 11
    suara = sites["suara"]
    assert (suara["articles"], suara["newest_published"]) == (2, "2024-06-10T02:00:00+00:00")
    assert suara["last_crawl_started"] is None
    assert (suara["inserted"], suara["updated"], suara["skipped"]) == (0, 0, 0)


def test_stats_table(db_url):
    store = fill(db_url)
    record_crawl(store)
    result = warta("stats", "--db", db_url, env=WIDE)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line}
    assert rows["kabar"][1:3] == ["2", "2024-05-31"]
    assert rows["kabar"][-4:] == ["2", "1", "0", "4"]  # new, updated, duplicate, skipped
    assert "closespider_timeout" in result.stdout
    assert rows["suara"][1:] == ["2", "2024-06-10", "-", "0", "0", "0", "0"]
    assert rows["sulsel"][1:3] == ["1", "2016-06-08"]
    assert result.stdout.splitlines()[-1] == "5 articles in all."


def test_stats_on_an_empty_database(db_url):
    open_database(db_url)
    result = warta("stats", "--db", db_url, env=WIDE)
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[1].split() == ["site", "articles", "newest", "last", "crawl", "new", "updated",
                                "dupl.", "skipped"]  # fmt: skip
    assert lines[-1] == "The database has no articles yet."
    assert json.loads(warta("stats", "--json", "--db", db_url).stdout) == []
