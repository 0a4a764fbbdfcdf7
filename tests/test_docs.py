"""The documentation is complete and its examples run.

- docs/commands.md has a section for every command of the `warta` parser, naming every
  option of that command, and a row for every ``WARTA_*`` setting or variable the code
  reads;
- docs/crawl-counts.md is generated from the declarations of ``crawler.count_keys``, and
  two demo crawls record no key that is not declared there;
- every example of docs/querying.md runs against a database the sample site was crawled
  into, on SQLite and PostgreSQL, and its export column table is what `warta export`
  writes.

A new option or setting fails here until it is documented, a new count key until it is
declared (and so documented).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import chdir
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import text

import crawler.settings
from cleaners import content_hash
from crawler import cli, count_docs, count_keys
from storage import ArticleStore
from storage.db import open_database
from storage.export import EXPORT_FIELDS, iter_article_rows
from tests.conftest import PROJECT_DIR, _reset_postgres

DOCS = PROJECT_DIR / "docs"
COMMANDS = DOCS / "commands.md"
COUNTS = DOCS / "crawl-counts.md"
QUERYING = DOCS / "querying.md"


# --- markdown --------------------------------------------------------------------------


def sections(path: Path) -> dict[str, str]:
    """Level-two sections by heading (backticks kept), each with its text."""
    found: dict[str, str] = {}
    heading = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            found[heading] = ""
        elif heading is not None:
            found[heading] += line + "\n"
    return found


def table_rows(markdown: str) -> Iterator[list[str]]:
    """The cells of every table's body rows (not its header), a pipe escaped as ``\\|``
    kept inside its cell."""
    lines = markdown.splitlines()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        separator = following.startswith("|") and set(following) <= set("|-: ")
        if line.startswith("|") and not separator and not set(line) <= set("|-: "):
            yield [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def code_tokens(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


@dataclass(frozen=True)
class Example:
    language: str
    tags: frozenset[str]
    code: str
    line: int

    def __str__(self) -> str:
        return f"{QUERYING.name}:{self.line}"


def examples(language: str) -> list[Example]:
    """The fenced code blocks of docs/querying.md in ``language``, in document order.
    Words after the language in the fence name a backend or a requirement."""
    found = []
    source = QUERYING.read_text(encoding="utf-8")
    for match in re.finditer(r"^```(\w+)([^\n]*)\n(.*?)^```", source, re.S | re.M):
        if match.group(1) == language:
            line = source.count("\n", 0, match.start()) + 1
            found.append(Example(language, frozenset(match.group(2).split()), match.group(3), line))
    return found


# --- commands, options, settings -------------------------------------------------------


def commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ("warta",)
) -> Iterator[tuple[str, list[argparse.Action]]]:
    """Every command of the parser, nested ones too, with its own arguments."""
    own = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                yield from commands(subparser, (*path, name))
        elif not isinstance(action, argparse._HelpAction):
            own.append(action)
    yield " ".join(path), own


def test_every_command_and_option_is_documented():
    documented = sections(COMMANDS)
    missing = []
    for command, arguments in commands(cli.build_parser()):
        section = documented.get(f"`{command}`")
        if section is None:
            missing.append(f"the command `{command}` (a section headed ## `{command}`)")
            continue
        for action in arguments:
            # As written in the docs: `--since DATE`, `--progress`, `-o FILE`, `[SITE...]`.
            names = action.option_strings or [action.metavar or action.dest]
            for name in names:
                if not re.search(rf"[`\s\[]{re.escape(name)}([`\s.|=,\]]|$)", section):
                    missing.append(f"`{name}` of `{command}`")
    assert not missing, f"{COMMANDS.name} does not document: " + "; ".join(missing)


def warta_settings() -> set[str]:
    """Every WARTA_* name: warta's settings, and what the code reads from the environment."""
    names = {name for name in vars(crawler.settings) if name.startswith("WARTA_")}
    sources = [PROJECT_DIR / "tests/conftest.py"]
    for package in ("crawler", "storage", "cleaners"):
        sources += (PROJECT_DIR / package).rglob("*.py")
    for path in sources:
        names |= set(re.findall(r"\bWARTA_[A-Z0-9_]*[A-Z0-9]\b", path.read_text("utf-8")))
    return names


def test_every_setting_is_documented():
    settings = sections(COMMANDS)["Settings"]
    documented = {token for row in table_rows(settings) for token in code_tokens(row[0])}
    assert warta_settings() - documented == set(), "add a row to the settings of commands.md"
    assert documented - warta_settings() == set(), "a documented setting nothing reads"


# --- crawl counts ----------------------------------------------------------------------


def test_the_crawl_counts_document_is_the_declarations():
    assert COUNTS.read_text(encoding="utf-8") == count_docs.markdown(), (
        f"{COUNTS.name} is stale: `python -m crawler.count_docs > docs/crawl-counts.md`"
    )


def test_every_key_real_crawls_record_is_declared(demo_runs):
    """What real crawls recorded (a first crawl of the sample site, and one finding it
    unchanged) is declared, so documented; tests/test_count_keys.py reads the code."""
    seen = {key for counts in demo_runs for key in counts}
    assert {"discovery/not_modified", "stored/inserted"} <= seen
    assert sorted(key for key in seen if not count_keys.is_declared(key)) == []


# --- the demo databases ----------------------------------------------------------------


def run_demo(db: str) -> None:
    """`warta demo` in a process of its own (Twisted's reactor runs once a process)."""
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "demo", "--db", db],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def change_one_article(db_url: str) -> None:
    """Store a new text for one article, as a re-crawl of a corrected story does, so the
    database has a version to show."""
    engine = open_database(db_url)
    row = next(iter_article_rows(engine))
    body = row["body"] + "\n\nKoreksi: berita ini telah diperbarui."
    keys = ("url", "url_seen", "site", "title", "authors", "published", "updated", "section")
    more = ("tags", "description", "image", "language", "syndication_source", "dateline")
    record = {name: row[name] for name in keys + more}
    record.update(body=body, word_count=len(body.split()), content_hash=content_hash(body))
    assert ArticleStore(db_url).upsert([record]).outcomes == ["updated"]


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory) -> Path:
    """The sample site crawled twice into a SQLite file, one article then corrected."""
    path = tmp_path_factory.mktemp("demo") / "warta.db"
    run_demo(str(path))
    run_demo(str(path))
    change_one_article(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="module")
def postgresql_demo(postgres_server_url) -> str:
    _reset_postgres(postgres_server_url)
    run_demo(postgres_server_url)
    change_one_article(postgres_server_url)
    return postgres_server_url


@pytest.fixture
def demo_runs(sqlite_demo) -> list[dict]:
    with open_database(f"sqlite:///{sqlite_demo}").connect() as connection:
        return [json.loads(c) for (c,) in connection.execute(text("SELECT counts FROM crawl_runs"))]


@dataclass
class Workdir:
    folder: Path
    exits: list[tuple[list[str], int]]  # each `warta` line of querying.md, its exit code


@pytest.fixture(scope="module")
def workdir(sqlite_demo, tmp_path_factory) -> Workdir:
    """A folder holding the demo as warta.db, after the doc's `warta` lines ran in it
    in order (the Parquet export the Python examples read is one of them)."""
    folder = tmp_path_factory.mktemp("examples")
    shutil.copy(sqlite_demo, folder / "warta.db")
    lines = [line for e in examples("sh") for line in e.code.splitlines() if line.strip()]
    exits = []
    with chdir(folder):
        for argv in map(partial(shlex.split, comments=True), lines):
            exits.append((argv, cli.main(argv[1:]) if argv[0] == "warta" else -1))
    return Workdir(folder, exits)


# --- querying.md -----------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sql_examples_run_and_answer(backend, request):
    if backend == "sqlite":
        url = f"sqlite:///{request.getfixturevalue('sqlite_demo')}"
    else:
        url = request.getfixturevalue("postgresql_demo")
    engine = open_database(url)
    ran = 0
    for example in examples("sql"):
        if example.tags and backend not in example.tags:
            continue
        with engine.connect() as connection:
            rows = connection.execute(text(example.code)).all()
        assert rows, f"{example} answers nothing on the sample site ({backend})"
        ran += 1
    assert ran >= 8


def run_in(folder: Path, monkeypatch, example: Example) -> None:
    monkeypatch.chdir(folder)
    exec(compile(example.code, str(example), "exec"), {"__name__": "__docs__"})


def test_shell_examples_run(workdir):
    assert len(workdir.exits) >= 3
    assert [(argv, code) for argv, code in workdir.exits if code != 0] == []
    assert (workdir.folder / "corpus.parquet").exists()


def test_pandas_examples_run(workdir, monkeypatch, capsys):
    try:
        import pandas  # noqa: F401  (the examples import it themselves)
    except ImportError:
        # A test dependency (requirements-test.lock): CI has it, a bare venv may not.
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("pandas is not installed (pip install -r requirements-test.lock)")
    plain = [e for e in examples("python") if not e.tags]
    assert len(plain) >= 2
    for example in plain:
        run_in(workdir.folder, monkeypatch, example)
    assert "kabarnusantara" in capsys.readouterr().out  # they print their answers


def test_duckdb_examples_run(workdir, monkeypatch):
    pytest.importorskip("duckdb", reason="DuckDB is not a dependency; pip install duckdb")
    for example in examples("python"):
        if example.tags == {"duckdb"}:
            run_in(workdir.folder, monkeypatch, example)


def test_duckdb_reads_the_sqlite_file(workdir, monkeypatch):
    duckdb = pytest.importorskip("duckdb", reason="DuckDB is not a dependency")
    try:
        duckdb.connect().sql("INSTALL sqlite")
    except duckdb.Error as exc:  # downloaded on first use: offline, it cannot be
        pytest.skip(f"DuckDB's sqlite extension cannot be installed here: {exc}")
    for example in examples("python"):
        if example.tags == {"duckdb-sqlite"}:
            run_in(workdir.folder, monkeypatch, example)


def export_column_table() -> list[list[str]]:
    return list(table_rows(sections(QUERYING)["Export columns"]))


def test_the_export_column_table_is_what_export_writes(workdir, monkeypatch, capsys):
    rows = export_column_table()
    names = [code_tokens(row[0])[0] for row in rows]
    assert names == list(EXPORT_FIELDS)

    monkeypatch.chdir(workdir.folder)
    assert cli.main(["export", "--db", "warta.db"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert cli.main(["export", "--format", "csv", "--db", "warta.db"]) == 0
    header = next(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert (
        cli.main(["export", "--format", "parquet", "-o", "columns.parquet", "--db", "warta.db"])
        == 0
    )
    schema = pq.read_schema(workdir.folder / "columns.parquet")

    assert [list(r) for r in records] == [names] * len(records)
    assert header == names
    assert schema.names == names
    kinds = {"integer": int, "text": str, "list of text": list, "ISO 8601 UTC text": str}
    for name, (_, json_type, parquet_type, *_) in zip(names, rows, strict=True):
        assert code_tokens(parquet_type) == [str(schema.field(name).type)], name
        kind = kinds[json_type.removesuffix(" or null")]
        for record in records:
            value = record[name]
            assert isinstance(value, kind) or (value is None and json_type.endswith(" or null")), (
                f"{name}: {value!r} is not {json_type}"
            )
            if json_type.startswith("ISO 8601 UTC") and value:
                assert value.endswith("+00:00"), name
    # The sample has both kinds of story: dated to the minute, and by day only.
    assert {r["published_precision"] for r in records} == {"time", "day"}
