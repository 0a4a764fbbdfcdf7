"""`warta health` tells a working profile from one its site has outgrown."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.health import site_health
from storage.queries import RunRecord
from tests.conftest import run_warta


def _run(**counts) -> RunRecord:
    moment = datetime(2024, 5, 4, 3, 0, tzinfo=UTC)
    counts = {key.replace("__", "/"): value for key, value in counts.items()}
    return RunRecord(moment, moment, "finished", counts)


def test_rates_and_flags_from_crawl_counts():
    healthy = site_health(
        "a",
        [_run(discovery__documents=2, discovery__article_urls=20, pages__fetched=20,
              stored__inserted=19, skipped__too_short=1, quality__no_date=1)],
    )  # fmt: skip
    assert healthy.problems == []
    assert (healthy.discovered, healthy.fetched, healthy.stored) == (20, 20, 19)
    assert round(healthy.empty_rate, 2) == 0.05 and round(healthy.no_date_rate, 2) == 0.05

    redesigned = site_health(
        "b",
        [_run(discovery__documents=2, discovery__article_urls=10, pages__fetched=10,
              stored__inserted=2, skipped__too_short=8, quality__no_date=2)],
    )  # fmt: skip
    assert redesigned.problems == [
        "80% of fetched pages have no article body",
    ]
    split = site_health(
        "c", [_run(discovery__documents=1, discovery__article_urls=6, pages__fetched=12,
                   pages__continued=6, stored__inserted=6, quality__no_date=6)],
    )  # fmt: skip
    assert split.fetched == 6
    assert split.problems == ["100% of stored articles have no date"]


def test_a_site_without_a_profile_missing_the_usual_paths_is_not_flagged():
    # Probed paths answering 404 are counted (http_404, known_absent), never as gone.
    generic = site_health(
        "contoh.example",
        [_run(discovery__documents=1, discovery__http_404=6, discovery__article_urls=5,
              pages__fetched=5, stored__inserted=5),
         _run(discovery__documents=1, discovery__known_absent=6, discovery__article_urls=2,
              pages__fetched=2, stored__inserted=2)],
    )  # fmt: skip
    assert generic.problems == []
    moved = site_health(
        "b", [_run(discovery__documents=1, discovery__gone=1, discovery__article_urls=5,
                   pages__fetched=5, stored__inserted=5)],
    )  # fmt: skip
    assert moved.problems == [
        "sitemaps or feeds of the profile are gone (404/410, 1 times): the site moved them;"
        " `warta sites probe` finds the new ones"
    ]


def test_a_site_answering_challenge_pages_is_flagged_with_who_blocks_it():
    shielded = site_health(
        "a",
        [_run(responses=12, discovery__documents=2, discovery__article_urls=10, pages__fetched=2,
              stored__inserted=2, blocked__cloudflare=7, blocked__generic=1),
         _run(responses=3, discovery__documents=1, blocked__cloudflare=2)],
    )  # fmt: skip
    assert shielded.problems == [
        "blocked by Cloudflare on 9 and an 'enable JavaScript' or 'access denied' page on 1"
        " of 15 responses: the site answers warta with challenge pages"
    ]
    # Blocked at the door: the sitemap itself was a challenge page, which says why no
    # sitemap or feed could be read.
    door = site_health("b", [_run(responses=2, blocked__ddos_guard=1)])
    assert door.problems == [
        "blocked by DDoS-Guard on 1 of 2 responses: the site answers warta with challenge pages"
    ]
    # A challenge now and then is no refusal.
    now_and_then = site_health(
        "c",
        [_run(responses=40, discovery__documents=2, discovery__article_urls=38,
              pages__fetched=37, stored__inserted=37, blocked__cloudflare=1)],
    )  # fmt: skip
    assert now_and_then.problems == []


def test_health_command_flags_broken_profiles(sample_server, tmp_path):
    sites = tmp_path / "sites"
    sites.mkdir()
    common = (
        'base_url = "http://www.kabarnusantara.example"\n'
        'article_examples = ["http://www.kabarnusantara.example/artikel/1"]\n'
        'non_article_examples = ["http://www.kabarnusantara.example/"]\n'
    )
    # The site moved its articles to a new URL scheme the profile does not know...
    (sites / "urlberubah.toml").write_text(
        'key = "urlberubah"\nname = "URL berubah"\nsitemaps = ["/sitemap-news.xml"]\n'
        "article_url = '^/artikel/\\d+'\n" + common
    )
    # ...and this one's feed is gone.
    (sites / "feedhilang.toml").write_text(
        'key = "feedhilang"\nname = "Feed hilang"\nfeeds = ["/rss-lama.xml"]\n'
        "article_url = '^/artikel/\\d+'\n" + common
    )
    # ...and this one still reads its sitemap, but its feed is gone.
    (sites / "feedpindah.toml").write_text(
        'key = "feedpindah"\nname = "Feed pindah"\nsitemaps = ["/sitemap-news.xml"]\n'
        "feeds = [\"/rss-lama.xml\"]\narticle_url = '^/artikel/\\d+'\n" + common
    )
    env = {"WARTA_SITES_DIR": str(sites)}
    db = str(tmp_path / "warta.db")
    # feedhilang twice: the second crawl does not ask for the feed found gone again.
    for site in ("kabarnusantara", "urlberubah", "feedhilang", "feedhilang", "feedpindah"):
        crawl = run_warta("crawl", site, "--db", db, "--proxy", sample_server.proxy_url, env=env)
        assert crawl.returncode == 0, crawl.stderr

    result = run_warta("health", "--db", db, env={**env, "COLUMNS": "250"})
    assert result.returncode == 1, result.stderr
    lines = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "ok" in lines["kabarnusantara"]
    assert "matches article_url" in lines["urlberubah"]
    assert "no sitemap or feed could be read (1 failed, 2 gone)" in lines["feedhilang"]
    assert "sitemaps or feeds of the profile are gone (404/410, 1 times)" in lines["feedpindah"]
    assert "3 site(s) look broken" in result.stdout

    only = run_warta("health", "--db", db, "--site", "kabarnusantara", env=env)
    assert only.returncode == 0 and "ok" in only.stdout
    unknown = run_warta("health", "--db", db, "--site", "tidak-ada")
    assert unknown.returncode == 2 and unknown.stderr.startswith("warta: error: no crawl")
