"""Every site profile loads, and takes exactly its own example URLs for articles."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.sites import UnknownSiteError, all_profiles, get_profile, profile_for

PROFILES = sorted(all_profiles().values(), key=lambda p: p.key)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.key)
def test_profile_examples(profile):
    assert profile.discovery_urls(), "a profile must say where articles are announced"
    assert profile.article_examples and profile.non_article_examples
    for url in profile.article_examples:
        assert profile.is_article_url(url), url
    for url in profile.non_article_examples:
        assert not profile.is_article_url(url), url
    day = date(2024, 5, 4)
    for url in profile.discovery_urls() + profile.index_urls(day):
        assert profile.owns_host(url.split("/")[2]), url
    for template, url in zip(profile.index_pages, profile.index_urls(day), strict=True):
        assert "{date" in template and "2024" in url, template
        assert not profile.is_article_url(url), url


def test_articles_on_other_sites_are_never_taken():
    detik = get_profile("detik")
    assert not detik.is_article_url("https://news.notdetik.com/berita/d-7301245/x")
    assert not detik.is_article_url("https://evil.example/detik.com/d-7301245/x")


def test_single_page_view_is_added_to_the_query():
    profile = get_profile("suarametro")
    assert (
        profile.fetch_url("http://www.suarametro.example/a/1")
        == "http://www.suarametro.example/a/1?page=all"
    )
    assert profile.fetch_url("http://www.suarametro.example/a?id=1").endswith("?id=1&page=all")


def test_unknown_site_is_a_clear_error():
    with pytest.raises(UnknownSiteError, match="warta sites"):
        get_profile("tidak-ada")


BUNDLED = [p for p in PROFILES if not p.sample]


def test_there_are_at_least_sixty_bundled_profiles():
    assert len(BUNDLED) >= 60, len(BUNDLED)


@pytest.mark.parametrize("profile", BUNDLED, ids=lambda p: p.key)
def test_every_bundled_profile_says_where_and_when_it_was_checked(profile):
    checked = profile.checked
    assert checked is not None, "add a [checked] table"
    assert checked.verdict in ("confirmed", "contradicted", "unknown")
    assert checked.on.year >= 2026 and checked.notes
    if checked.verdict != "unknown":
        assert checked.sources


def test_a_regional_site_wins_over_its_network():
    assert profile_for("https://jatim.tribunnews.com/jatim/547485/x").key == "tribunjatim"
    assert profile_for("https://www.tribunnews.com/nasional/2024/05/04/x").key == "tribunnews"
    assert profile_for("https://www.detik.com/jatim/budaya/d-8520358/x").key == "detikjatim"
    assert profile_for("https://news.detik.com/berita/d-7301245/x").key == "detik"
    assert profile_for("https://jatim.antaranews.com/berita/1071728/x").key == "antara-jatim"
    assert profile_for("https://radarjogja.jawapos.com/news/653103476/x").key == "radarjogja"
