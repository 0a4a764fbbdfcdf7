"""Inferring an article-URL pattern (crawler.sites.infer) and judging a probe's findings
(crawler.sites.probe), without a server: the pattern generalises from the shapes of the
URLs seen (never their words), refuses the non-article links it is shown, and the
profile written from the findings passes `warta sites check`."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime

import pytest

from crawler.dated import dated_index
from crawler.sites.check import check_file
from crawler.sites.infer import infer_pattern, read_path
from crawler.sites.probe import (
    FEED,
    HOME,
    SECTION,
    SITEMAP,
    Document,
    Findings,
    ProbeError,
    analyse,
    date_template,
    profile_toml,
)

BASE = "https://www.beritaregional.id"


def _urls(*paths: str) -> list[str]:
    return [BASE + p for p in paths]


def test_dates_ids_and_slugs_become_classes_not_words():
    articles = _urls(
        "/read/2024/05/04/7301245/bmkg-peringatkan-hujan-lebat-di-jabodetabek",
        "/read/2024/02/19/7284410/harga-beras-premium-naik-di-pasar-induk",
        "/read/2023/12/01/7011111/festival-budaya-losari-digelar-ribuan-warga",
    )
    inference = infer_pattern(articles, _urls("/", "/tag/banjir", "/read/2024/05/04"))
    pattern = inference.pattern
    assert pattern == r"^/read/\d{4}/\d{2}/\d{2}/\d{6,}/[a-z0-9]+(?:-[a-z0-9]+){3,}$"
    # Tomorrow's article, with another id, date and headline, is taken.
    assert inference.takes(BASE + "/read/2025/01/31/8000001/banjir-rob-rendam-pesisir-semarang")
    assert not inference.takes(BASE + "/read/2024/05/04")
    # No word of any headline made it into the pattern.
    for word in ("bmkg", "harga", "festival", "losari"):
        assert word not in pattern


def test_varying_first_words_are_sections_and_generalise():
    articles = _urls(
        "/news/2024/05/04/2803471/banjir-rob-rendam-pesisir-semarang",
        "/bisnis/2024/05/03/2771985/umkm-kuliner-yogyakarta-ramai-jualan",
        "/bola/2024/05/02/2956231/timnas-putri-jalani-pemusatan-latihan",
    )
    inference = infer_pattern(articles, _urls("/news", "/bisnis"))
    assert inference.takes(BASE + "/otomotif/2024/05/01/2862790/penjualan-mobil-listrik-melonjak")
    assert not inference.takes(BASE + "/news")
    assert "section (bisnis, bola, news)" in " ".join(inference.alternatives[0].reasons)


def test_a_constant_first_word_that_is_a_section_generalises_too():
    articles = _urls(
        "/news/2024/05/04/2803471/banjir-rob-rendam-pesisir-semarang",
        "/news/2024/05/03/2771985/umkm-kuliner-yogyakarta-ramai-jualan",
    )
    alone = infer_pattern(articles, [])
    assert alone.pattern.startswith("^/news/")
    among_sections = infer_pattern(articles, [], frozenset({"news", "bisnis"}))
    assert among_sections.takes(BASE + "/bisnis/2024/05/01/2862790/penjualan-mobil-listrik-naik")


def test_wordpress_slugs_refuse_static_pages_of_the_same_depth():
    articles = _urls(
        "/pasar-takjil-ramadan-di-makassar-mulai-ramai/",
        "/ratusan-hektare-sawah-di-bone-terendam-banjir/",
        "/pemkab-maros-perbaiki-jalan-akses-wisata/",
    )
    non_articles = _urls(
        "/pedoman-media-siber/", "/redaksi/", "/category/berita/", "/tag/makassar/"
    )
    inference = infer_pattern(articles, non_articles)
    assert inference.pattern == "^/[a-z0-9]+(?:-[a-z0-9]+){3,}/$"
    assert not any(inference.takes(url) for url in non_articles)


ID_SLUGS = ("/berita/nasional/279003-putusan-ma-bikin-sakit", "/berita/ekonomi/294721-rekor-emas")
SLUG_IDS = ("/daerah/banjir-rob-rendam-demak-123456.html", "/daerah/harga-cabai-turun-123999.html")


@pytest.mark.parametrize(
    ("paths", "tomorrow"),
    [
        (ID_SLUGS, "/berita/hukum/301234-sidang-perdana-kasus-korupsi"),
        (SLUG_IDS, "/daerah/festival-tenun-ikat-di-maumere-130000.html"),
    ],
)
def test_ids_joined_to_slugs_and_page_extensions(paths, tomorrow):
    inference = infer_pattern(_urls(*paths), [])
    assert inference.takes(BASE + tomorrow)
    assert not inference.takes(BASE + "/daerah/index.html")


def test_a_non_article_section_the_pattern_would_take_is_excluded_by_its_first_word():
    articles = _urls(
        "/news/2024/05/04/2803471/banjir-rob-rendam-pesisir-semarang",
        "/bisnis/2024/05/03/2771985/umkm-kuliner-yogyakarta-ramai-jualan",
    )
    video = BASE + "/video/2024/05/04/2803999/rekaman-banjir-rob-di-semarang-utara"
    inference = infer_pattern(articles, [video])
    assert inference.exclude == ["^/(?:video)/"]
    assert not inference.takes(video)
    assert inference.takes(articles[0])


def test_one_odd_url_among_many_does_not_widen_the_pattern():
    articles = _urls(*(f"/berita/{5100000 + n}/judul-berita-nomor-{n}-hari-ini" for n in range(40)))
    odd = BASE + "/halaman-khusus/laporan-tahunan-redaksi-kami"
    inference = infer_pattern([*articles, odd], [])
    assert inference.outliers == [odd]
    assert len(inference.alternatives) == 1


def test_dates_are_read_only_where_a_month_follows_a_year():
    shape, _ = read_path("/read/2024/05/04/7301245/judul-berita")
    assert shape.kinds == ("word", "year", "month", "day", "id", "slug")
    shape, _ = read_path("/berita/2024/judul-berita")
    assert shape.kinds == ("word", "id", "slug")


@pytest.mark.parametrize(
    ("url", "template"),
    [
        (BASE + "/indeks?date=2024-05-06", "/indeks?date={date:%Y-%m-%d}"),
        (BASE + "/indeks/2024/05/06", "/indeks/{date:%Y/%m/%d}"),
        (BASE + "/indeks?tanggal=06-05-2024&k=1", "/indeks?tanggal={date:%d-%m-%Y}&k=1"),
        (BASE + "/arsip/6-5-2024", "/arsip/{date.day}-{date.month}-{date.year}"),
    ],
)  # fmt: skip
def test_a_dated_index_becomes_the_profile_template_that_writes_its_days(url, template):
    index = dated_index(url)
    written = date_template(index, Findings(url=BASE, base_url=BASE))
    assert written == template
    assert BASE + written.format(date=date(2024, 12, 25)) == index.url_for(date(2024, 12, 25))


def _findings() -> Findings:
    findings = Findings(url=BASE, base_url=BASE, name="Berita Regional")
    articles = _urls(
        "/berita/5100001/dermaga-baru-pulau-seribu-mulai-dipakai",
        "/berita/5100002/buruh-gelar-aksi-damai-di-semarang",
        "/berita/5100003/siswa-di-kupang-rayakan-hari-pendidikan",
        "/berita/5100004/petani-karawang-mulai-panen-raya-padi",
    )
    findings.add(Document(BASE + "/rss", FEED, ["well-known path"], articles[:3]))
    findings.add(Document(BASE + "/sitemap.xml", SITEMAP, ["robots.txt"], [BASE + "/", *articles]))
    home_links = [*articles[:2], *_urls("/tag/banjir", "/kanal/daerah", "/redaksi", "/video")]
    findings.add(Document(BASE + "/", HOME, ["given"], home_links))
    findings.add(Document(BASE + "/kanal/daerah", SECTION, [HOME], articles[2:]))
    return findings


def test_the_findings_make_a_profile_that_passes_the_check(tmp_path):
    probe = analyse(_findings(), date(2026, 12, 5))
    profile = probe.profile
    assert profile.sitemaps == ("/sitemap.xml",) and profile.feeds == ("/rss",)
    assert profile.article_url == r"^/berita/\d{6,}/[a-z0-9]+(?:-[a-z0-9]+){3,}$"
    assert probe.announced == (4, 4)
    assert probe.rejected[0] == probe.rejected[1] > 0
    sources = {s.url: (s.named, s.articles) for s in probe.sources}
    assert sources == {BASE + "/rss": (3, 3), BASE + "/sitemap.xml": (5, 4)}
    path = tmp_path / "berita.toml"
    path.write_text(profile_toml(probe, datetime(2026, 12, 5, 8, 30, tzinfo=UTC)), "utf-8")
    assert check_file(path) == []
    text = path.read_text("utf-8")
    assert text.startswith("# Written by `warta sites probe https://www.beritaregional.id`")
    checked = tomllib.loads(text)["checked"]
    assert checked["on"] == date(2026, 12, 5) and checked["verdict"] == "unknown"
    assert (
        "Probed by `warta sites probe https://www.beritaregional.id` at 2026-12-05T08:30:00Z"
        in (checked["notes"])
    )
    assert len(profile.article_examples) == 3 and BASE + "/" in profile.non_article_examples


def test_a_site_without_any_article_url_cannot_be_profiled():
    findings = Findings(url=BASE, base_url=BASE)
    findings.add(Document(BASE + "/", HOME, ["given"], _urls("/tag/banjir", "/redaksi")))
    with pytest.raises(ProbeError, match="found no article URL"):
        analyse(findings, date(2026, 12, 5))


def test_toml_strings_survive_quotes_and_backslashes(tmp_path):
    findings = _findings()
    findings.name = "Berita 'Regional' \\ \"Kita\""
    probe = analyse(findings, date(2026, 12, 5))
    text = profile_toml(probe, datetime(2026, 12, 5, tzinfo=UTC))
    assert tomllib.loads(text)["name"] == findings.name
    assert re.search(r"^article_url = '\^/berita/", text, re.MULTILINE)
