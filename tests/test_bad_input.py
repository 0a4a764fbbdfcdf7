"""Every command given a mistake answers in one line on stderr with a non-zero exit
code, never a traceback; no input reaches SQL as code; no password reaches output."""

from __future__ import annotations

import sqlite3

import pytest

from storage import ArticleStore
from tests.conftest import run_warta
from tests.test_storage import record


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "warta.db"
    ArticleStore(f"sqlite:///{path}").upsert([record("https://contoh.example/a")])
    return str(path)


def _one_line_error(result, *words: str) -> None:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("warta"), lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["crawl", "tidak-ada-situs"], ["unknown site", "warta sites"]),
        (["crawl", "ftp://contoh.example/"], ["unknown site"]),
        (["crawl", "detik", "--since", "kemarin"], ["not a date"]),
        (["crawl", "detik", "--since", "2024-05-02", "--until", "2024-05-01"], ["before"]),
        (["crawl", "detik", "--until", "2024-05-01"], ["--until needs --since"]),
        (["schedule", "--max-parallel", "0"], ["at least 1"]),
        (["search", 'banjir "rob'], ["quote"]),
        (["search", "OR banjir"], ["OR"]),
        (["search", "banjir", "--since", "31-12-2024"], ["not a date"]),
        (["export", "--format", "xml"], ["invalid choice"]),
        (["export", "--until", "besok"], ["not a date"]),
        (["show", "999999"], ["no article"]),
        (["show", "https://tidak.ada/berita"], ["no article"]),
        (["health", "--site", "tidak-ada"], ["no crawl recorded"]),
        (["health", "--runs", "0"], ["at least 1"]),
        (["bukan-perintah"], ["invalid choice"]),
    ],
)
def test_mistakes_are_one_line_and_a_non_zero_exit(db, args, words):
    _one_line_error(run_warta(*args, "--db", db) if args[0] != "bukan-perintah" else
                    run_warta(*args), *words)  # fmt: skip


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("nosuchdialect://x/y", ["not a usable database URL"]),
        ("postgresql://warta:rahasia-sekali@127.0.0.1:1/warta", ["database error"]),
    ],
)
def test_bad_database_urls_are_one_line_without_the_password(url, words):
    for command in (["stats"], ["search", "banjir"], ["crawl", "detik"], ["db", "upgrade"]):
        result = run_warta(*command, "--db", url)
        _one_line_error(result, *words)
        assert "rahasia" not in result.stderr + result.stdout


def test_a_file_that_is_not_html_is_refused_in_one_line(tmp_path):
    binary = tmp_path / "foto.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 20)
    empty = tmp_path / "kosong.html"
    empty.write_bytes(b"")
    _one_line_error(run_warta("clean", str(binary)), "not an article (not_html)")
    _one_line_error(run_warta("clean", str(empty)), "not an article (empty)")
    _one_line_error(run_warta("clean", "/tidak/ada.html"), "no such file")


def test_search_text_never_reaches_sql_as_code(db):
    hostile = ["'; DROP TABLE articles; --", '" OR 1=1 --', "banjir) OR (1", "x* NEAR(y z)"]
    for query in hostile:
        result = run_warta("search", query, "--db", db)
        assert "Traceback" not in result.stderr
    connection = sqlite3.connect(db)
    assert connection.execute("SELECT count(*) FROM articles").fetchone() == (1,)


def test_crawl_logs_never_show_the_database_password(sample_server, postgres_server_url):
    from sqlalchemy.engine import make_url

    url = make_url(postgres_server_url)
    # trust auth ignores the password, so the crawl works and still has one to leak
    with_password = url.set(password="rahasia-sekali").render_as_string(hide_password=False)
    result = run_warta(
        "crawl", "kabarnusantara", "--db", with_password, "--proxy", sample_server.proxy_url,
        "--log-level", "DEBUG",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rahasia" not in result.stdout + result.stderr


READ_ONLY = (["stats"], ["search", "banjir"], ["export"], ["show", "1"], ["health"],
             ["db", "optimize"])  # fmt: skip


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/tidak/ada/warta.db", ["/tidak/ada/warta.db"]),
        ("htp:/oops", ["htp:/oops", "mistyped"]),
        ("mysql://warta:rahasia-sekali@127.0.0.1/warta", ["SQLite or PostgreSQL", "mysql"]),
    ],
)
def test_unusable_database_urls_are_one_line_exit_2(tmp_path, url, words):
    for command in (["stats"], ["search", "banjir"], ["crawl", "detik"], ["db", "upgrade"]):
        result = run_warta(*command, "--db", url, cwd=tmp_path)
        _one_line_error(result, *words)
        assert result.returncode == 2, (command, result.stderr)
        assert "rahasia" not in result.stderr + result.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_database_in_a_missing_directory_names_the_directory(tmp_path):
    result = run_warta("crawl", "detik", "--db", str(tmp_path / "tidak" / "warta.db"))
    _one_line_error(result, f"no directory {tmp_path / 'tidak'}")
    assert result.returncode == 2


@pytest.mark.parametrize("url", ["wrata.db", "sqlite:///relative.db"])
def test_read_only_commands_refuse_a_database_that_does_not_exist(tmp_path, url):
    """A typo in --db must not answer "no article matches" from a new, empty database."""
    missing = tmp_path / url.removeprefix("sqlite:///")
    for command in READ_ONLY:
        result = run_warta(*command, "--db", url, cwd=tmp_path)
        _one_line_error(result, f"no database at {missing}")
        assert result.returncode == 2, (command, result.stderr)
    assert list(tmp_path.iterdir()) == []
    created = run_warta("db", "upgrade", "--db", url, cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert missing.is_file()
    assert run_warta("stats", "--db", url, cwd=tmp_path).returncode == 0
