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


def test_an_unknown_site_is_a_one_line_mistake_on_search_and_export(db_url):
    fill(db_url)
    for command in (["search", "banjir"], ["export"]):
        result = run_warta(*command, "--site", "kabr", "--site", "warta", "--db", db_url)
        assert result.returncode == 2, result.stdout
        assert result.stderr.strip() == "warta: error: unknown site 'kabr' (did you mean kabar?)"
        assert result.stdout == ""
    result = run_warta("search", "banjir", "--site", "zzz", "--db", db_url)
    assert result.stderr.strip() == "warta: error: unknown site 'zzz' (stored sites: kabar, warta)"
    # A known site with no match is an empty answer, not a mistake.
    result = run_warta("search", "pemilihan", "--site", "kabar", "--db", db_url)
    assert result.returncode == 0 and "No article matches." in result.stdout


def test_search_cli_finds_word_forms_numbers_and_operators(db_url):
    fill(db_url)
    for query, found in (
        ("merendamkan", "a.example"),
        ("pemilih", "b.example"),
        ("banjir AND pompa", "a.example"),
        ("jadwal NOT banjir", "b.example"),
    ):
        result = run_warta("search", query, "--json", "--db", db_url)
        assert result.returncode == 0, result.stderr
        assert [json.loads(line)["url"].split("/")[2] for line in result.stdout.splitlines()] == [
            found
        ], query
