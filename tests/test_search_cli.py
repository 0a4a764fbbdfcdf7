"""`warta search` from the command line, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

from storage import ArticleStore
from tests.conftest import run_warta
from tests.test_search import ELECTION, FLOOD
from tests.test_storage import record


def fill(db_url: str) -> None:
    ArticleStore(db_url).upsert(
        [
            record("https://a.example/banjir", body=FLOOD, title="Banjir Rendam Cengkareng",
                   site="kabar", published="2024-02-01T08:00:00+07:00"),
            record("https://b.example/pilkada", body=ELECTION, title="KPU Tetapkan Jadwal Pilkada",
                   site="warta", published="2024-08-12T16:05:00+07:00"),
        ]
    )  # fmt: skip


def test_search_prints_ranked_results_with_snippets(db_url):
    fill(db_url)
    result = run_warta("search", "pompa", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert "Banjir Rendam Cengkareng" in result.stdout
    assert "https://a.example/banjir" in result.stdout
    assert "pompa" in result.stdout and "KPU" not in result.stdout


def test_search_json_with_filters(db_url):
    fill(db_url)
    result = run_warta(
        "search", "banjir OR pemilihan", "--since", "2024-05-01", "--json", "--db", db_url
    )
    assert result.returncode == 0, result.stderr
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert [hit["url"] for hit in hits] == ["https://b.example/pilkada"]
    assert hits[0]["published"] == "2024-08-12T16:05:00+07:00"
    assert hits[0]["site"] == "warta"


def test_search_mistakes_are_one_line(db_url):
    fill(db_url)
    for args in (
        ['"banjir'],
        ["-banjir"],
        ["banjir", "--since", "kemarin"],
        ["banjir", "--limit", "0"],
    ):
        result = run_warta("search", *args, "--db", db_url)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "Traceback" not in result.stderr
