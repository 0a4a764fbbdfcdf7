"""`warta sites check`: every bundled profile passes; a broken profile gets one line per
problem naming its file and line, and a broken operator profile never a traceback."""

from __future__ import annotations

import pytest

from crawler.cli import main
from crawler.sites import all_profiles, bundled_profile_files
from crawler.sites.check import check_file

GOOD = """key = "contoh"
name = "Contoh"
base_url = "https://contoh.id"
feeds = ["/rss"]
article_url = '^/berita/\\d+/[a-z0-9-]+'
exclude_url = ['^/berita/\\d+/foto-']
article_examples = ["https://contoh.id/berita/123/banjir-rob"]
non_article_examples = ["https://contoh.id/tag/banjir"]
"""


def _write(tmp_path, text: str, name: str = "contoh.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_bundled_profile_passes(capsys):
    assert all(check_file(path) == [] for path in bundled_profile_files())
    assert main(["sites", "check"]) == 0
    assert "no problems" in capsys.readouterr().out


def test_a_good_profile_passes_by_file(tmp_path):
    assert main(["sites", "check", str(_write(tmp_path, GOOD))]) == 0


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (('name = "Contoh"', "name = Contoh"), 2, "not TOML"),
        (("exclude_url", "exclude_urls"), 6, "unknown key 'exclude_urls'"),
        (('name = "Contoh"\n', ""), 0, "missing required key 'name'"),
        (('feeds = ["/rss"]', 'feeds = "/rss"'), 4, "'feeds' must be an array of strings"),
        (("[a-z0-9-]+'", "[a-z0-9-+'"), 5, "article_url: bad regex"),
        (("/berita/123/banjir-rob", "/kanal/123/banjir-rob"), 7, "article example is not taken"),
        (("/tag/banjir", "/berita/9/banjir"), 8, "non-article example is taken"),
    ],
)
def test_a_broken_profile_names_file_line_and_problem(tmp_path, capsys, change, line, message):
    path = _write(tmp_path, GOOD.replace(*change))
    assert main(["sites", "check", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1, out
    where = f"{path}:{line}: " if line else f"{path}: "
    assert out[0].startswith(where) and message in out[0], out[0]


def test_an_unknown_target_is_a_usage_error(capsys):
    assert main(["sites", "check", "tidak-ada"]) == 2
    assert "no such profile file or site key" in capsys.readouterr().err


def test_a_bad_operator_profile_stops_in_one_line(tmp_path, monkeypatch, capsys):
    _write(tmp_path, GOOD.replace("exclude_url", "exlude_url"))
    monkeypatch.setenv("WARTA_SITES_DIR", str(tmp_path))
    all_profiles.cache_clear()
    try:
        assert main(["sites"]) == 2
    finally:
        all_profiles.cache_clear()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{tmp_path / 'contoh.toml'}:6: unknown key 'exlude_url'" in err


CHECKED = """
[checked]
on = 2026-12-05
verdict = "confirmed"
sources = ["a/b@0123:robots.txt"]
notes = "x"
"""


def test_a_checked_record_is_read(tmp_path):
    from crawler.sites import load_profile

    profile = load_profile(_write(tmp_path, GOOD + CHECKED))
    assert profile.checked.verdict == "confirmed"
    assert profile.checked.on.isoformat() == "2026-12-05"
    assert profile.checked.sources == ("a/b@0123:robots.txt",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('"confirmed"', '"maybe"'), "verdict must be one of"),
        (("on = 2026-12-05", 'on = "soon"'), "'on' must be a date"),
        (('sources = ["a/b@0123:robots.txt"]', "sources = []"), "must name its sources"),
        (('notes = "x"', 'note = "x"'), "unknown key 'note'"),
        (("on = 2026-12-05\n", ""), "missing key 'on'"),
    ],
)
def test_a_bad_checked_record_is_one_line(tmp_path, capsys, change, message):
    path = _write(tmp_path, GOOD + CHECKED.replace(*change))
    assert main(["sites", "check", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and message in out[0], out
