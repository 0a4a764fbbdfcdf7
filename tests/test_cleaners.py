"""The cleaner on pages written by us: the sample site's three templates, and hostile
input. Every expected value comes from the article data the pages were rendered from."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import canonicalize_url, clean_html
from cleaners.dates import parse_structured, parse_visible, resolve
from cleaners.language import detect_language
from cleaners.line_rules import filter_lines, is_date_line
from crawler.sample_site import load_articles
from crawler.sample_site.templates import paged, portal, wordpress

ROOT_RULE_PAGES = Path(__file__).resolve().parent / "rule_pages"

TEMPLATES = {m.KEY: m for m in (portal, paged, wordpress)}
BOILERPLATE_MARKERS = (
    "baca juga", "advertisement", "scroll to continue", "tinggalkan komentar",
    "silakan masukkan", "penulis:", "editor:", "sumber:", "artikel ini telah tayang",
    "whatsapp", "(rin/bam)", "(mdk/fai)", "(sm/idh)",
)  # fmt: skip


def _expected_body(article) -> list[str]:
    lines = []
    for paragraph in article.paragraphs:
        lines.append(paragraph.removeprefix("## ").removeprefix("- "))
    return lines


def _sample_pages(sample_sites):
    for article in load_articles():
        if article.language != "id":
            continue
        template = TEMPLATES[article.site]
        site = next(s for s in sample_sites.values() if s.key == article.site)
        path = template.article_path(article)
        if article.site == "suarametro":
            path += "?page=all"
        yield article, site.url(template.article_path(article)), site.pages[path].body


def test_every_sample_article_is_cleaned_exactly(sample_sites):
    checked = 0
    for article, url, html in _sample_pages(sample_sites):
        result = clean_html(html, url + "?utm_source=test")
        assert result.ok, (url, result.reason)
        assert result.url == url
        assert result.title == article.title
        assert result.authors == article.authors, url
        assert result.published == article.published, url
        assert result.updated == article.updated, url
        assert result.section == article.section
        assert result.language == "id"
        expected = _expected_body(article)
        assert result.paragraphs[1:] == expected[1:], url
        # the dateline lead stays, with the story after it
        assert result.paragraphs[0].endswith(expected[0])
        assert result.dateline.split(",")[0] == article.dateline
        body = result.body.lower()
        for marker in BOILERPLATE_MARKERS:
            assert marker not in body, (url, marker)
        assert article.image_caption.lower() not in body
        checked += 1
    assert checked == 34


def test_syndication_note_becomes_metadata(sample_sites):
    article = next(a for a in load_articles() if a.site == "suarametro")
    site = next(s for s in sample_sites.values() if s.key == "suarametro")
    url = site.url(paged.article_path(article))
    result = clean_html(site.pages[paged.article_path(article) + "?page=all"].body, url)
    assert result.syndication_source == "SuaraJabar.com"
    assert "tayang" not in result.body


def test_english_page_is_detected_as_english(sample_sites):
    article = next(a for a in load_articles() if a.language == "en")
    site = next(s for s in sample_sites.values() if s.key == "kabarnusantara")
    result = clean_html(site.pages[portal.article_path(article)].body, "http://x/")
    assert result.ok and result.language == "en"


def test_listing_and_static_pages_are_not_articles(sample_sites):
    site = next(s for s in sample_sites.values() if s.key == "sulselterkini")
    static = clean_html(site.pages["/pedoman-media-siber/"].body, site.url("/p/"))
    assert static.reason == "not_article"
    assert not clean_html(site.pages["/tag/makassar/"].body, site.url("/tag/makassar/")).ok


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("", "empty"),
        (b"", "empty"),
        ("   \n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not_html"),
        ("<html><body><p>Singkat.</p></body></html>", "too_short"),
        ('<?xml version="1.0" encoding="utf-8"?><rss><channel></channel></rss>', "too_short"),
        ("<html><body>" + "<div>" * 5000 + "teks" + "</div>" * 5000, "too_short"),
    ],
)
def test_bad_input_never_raises(html, reason):
    result = clean_html(html, "https://contoh.example/x")
    assert not result.ok
    assert result.reason == reason


def test_br_separated_text_becomes_paragraphs():
    sentences = [
        f"Kalimat nomor {n} dalam berita ini menjelaskan perkembangan terbaru kasus tersebut "
        "kepada pembaca di seluruh Indonesia dengan rinci."
        for n in range(1, 5)
    ]
    html = (
        '<html lang="id"><head><title>Judul - Situs</title>'
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-01-02T03:04:05+07:00"></head>'
        f'<body><h1>Judul</h1><div class="isi">{"<br><br>".join(sentences)}</div></body></html>'
    )
    result = clean_html(html, "https://contoh.example/berita/1")
    assert result.paragraphs == sentences


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Sabtu, 4 Mei 2024 | 10:15 WIB", "2024-05-04T10:15:00+07:00"),
        ("Rabu, 8 Juni 2016", "2016-06-08"),
        ("Kamis, 05 Nov 2015 13.20 WITA", "2015-11-05T13:20:00+08:00"),
        ("Senin, 1 Januari 2024 pukul 23:59 WIT", "2024-01-01T23:59:00+09:00"),
        ("Diperbarui 17/08/2023, 08:00 WIB", "2023-08-17T08:00:00+07:00"),
        ("Jumat, 04-05-2024 14:30", "2024-05-04T14:30:00+07:00"),
        ("4/5/2024 - 02.30 pm WITA", "2024-05-04T14:30:00+08:00"),
        ("12 Mac 2024 12:05 AM", "2024-03-12T00:05:00+07:00"),
        ("Published on May 4, 2024 at 10:15 am (GMT+8)", "2024-05-04T10:15:00+08:00"),
        ("2024-05-04 14:30 WIT", "2024-05-04T14:30:00+09:00"),
    ],
)
def test_visible_indonesian_dates(text, iso):
    assert parse_visible(text).iso() == iso


def test_utc_stamp_on_another_day_loses_to_the_timed_date_line():
    story = "".join(f"<p>Kalimat {n} berita ini cukup panjang untuk dibaca.</p>" for n in range(8))
    html = (
        '<html lang="id"><head><meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-05-10T03:00:00Z"></head><body>'
        "<h1>Judul Berita</h1><div>Sabtu, 4 Mei 2024 10:15</div>"
        f'<div class="isi">{story}</div></body></html>'
    )
    assert clean_html(html, "https://contoh.example/a/1").published == "2024-05-04T10:15:00+07:00"


def test_time_resolution_rules():
    visible = parse_visible("Kamis, 2 November 2023 21:34 WIB")
    # the time the page shows its readers wins over a mislabelled structured time
    assert resolve(parse_structured("2023-11-02T21:34:19Z"), visible) == "2023-11-02T21:34:00+07:00"
    # without a visible time: UTC-labelled times are converted, Indonesian offsets kept,
    # naive ones and impossible ones (-07:00 is a sign slip) read as local wall clock
    assert resolve(parse_structured("2023-11-02T14:34:00Z"), None) == "2023-11-02T21:34:00+07:00"
    assert (
        resolve(parse_structured("2023-11-02T14:34:00+00:00"), None) == "2023-11-02T21:34:00+07:00"
    )
    assert (
        resolve(parse_structured("2024-03-02T08:30:00+08:00"), None) == "2024-03-02T08:30:00+08:00"
    )
    assert resolve(parse_structured("2024-05-04 10:15:00"), None) == "2024-05-04T10:15:00+07:00"
    assert (
        resolve(parse_structured("2021-06-10T18:50:00-07:00"), None) == "2021-06-10T18:50:00+07:00"
    )
    assert (
        resolve(parse_structured("Thu, 10 Jun 2021 11:50:00 GMT"), None)
        == "2021-06-10T18:50:00+07:00"
    )
    # a visible WITA line sets the zone of a naive structured time
    wita = parse_visible("Rabu, 8 Juni 2016")
    assert resolve(parse_structured("2016-06-08"), wita) == "2016-06-08"


def test_line_rules_drop_credits_and_keep_story():
    kept, source = filter_lines(
        [
            "JAKARTA, KOMPAS.com - Harga beras naik.",
            "Baca juga: Harga Cabai Turun",
            "ADVERTISEMENT",
            "Penulis: Rina | Editor: Bambang",
            "Sumber: Antara",
            'Artikel ini telah tayang di Kompas.com dengan judul "Harga Beras"',
            "Kenaikan terjadi sejak pekan lalu, kata pedagang. (fai/idh)",
        ]
    )
    assert kept == [
        "JAKARTA, KOMPAS.com - Harga beras naik.",
        "Kenaikan terjadi sejak pekan lalu, kata pedagang.",
    ]
    assert source == "Kompas.com"


def test_tracking_parameters_are_removed_from_urls():
    assert (
        canonicalize_url("HTTP://Www.Contoh.Example:80/read/1?utm_source=rss&id=5&fbclid=x#top")
        == "http://www.contoh.example/read/1?id=5"
    )


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.contoh.example/read/2024/05/04/1/judul?utm_source=rss&utm_medium=feed",
        "https://www.contoh.example/read/2024/05/04/1/judul/amp",
        "https://www.contoh.example/amp/read/2024/05/04/1/judul",
        "https://www.contoh.example/read/2024/05/04/1/judul?page=all",
        "https://www.contoh.example/read/2024/05/04/1/judul?amp=1&fbclid=x#komentar",
        "HTTPS://WWW.CONTOH.EXAMPLE:443/read/2024/05/04/1/judul?outputType=amp",
    ],
)
def test_views_of_one_article_share_one_canonical_url(variant):
    assert canonicalize_url(variant) == "https://www.contoh.example/read/2024/05/04/1/judul"


def test_pages_and_identifying_parameters_are_kept():
    assert (
        canonicalize_url("https://contoh.example/a/1?page=2") == "https://contoh.example/a/1?page=2"
    )
    assert (
        canonicalize_url("https://contoh.example/news/amplop/")
        == "https://contoh.example/news/amplop/"
    )
    assert canonicalize_url("https://contoh.example/?id=5") == "https://contoh.example/?id=5"


def test_malay_verdict_is_read_as_indonesian_unless_declared():
    text = (
        "Kerajaan negeri akan memberi bantuan kepada mangsa banjir di kawasan terjejas minggu ini."
    )
    assert detect_language(text, None) == "id"
    assert detect_language(text, "id") == "id"
    assert detect_language(text, "ms") == "ms"


def test_text_full_of_indonesian_or_english_function_words_skips_langdetect(monkeypatch):
    """langdetect is a quarter of a crawl's CPU per page: a text full of Indonesian (or
    English) function words does not need it, unless the page declares Malay, whose
    function words are Indonesian ones; any other text does."""
    from cleaners import language

    asked = []

    def recording_detect_langs(sample):
        asked.append(sample)
        return real_detect_langs(sample)

    real_detect_langs = language.detect_langs
    monkeypatch.setattr(language, "detect_langs", recording_detect_langs)
    indonesian = (
        "Pemerintah akan memberikan bantuan kepada warga yang terdampak banjir di Jakarta "
        "dan sekitarnya, karena hujan deras yang turun sejak Selasa malam."
    )
    english = (
        "The government will give aid to residents affected by the floods in Jakarta and "
        "its surroundings, after heavy rain that has fallen since Tuesday night."
    )
    portuguese = (
        "O governo vai dar ajuda aos moradores afetados pelas enchentes em Jacarta e "
        "arredores, depois da chuva forte que cai desde a noite de terça-feira."
    )
    assert detect_language(indonesian, "id") == "id"
    assert detect_language(english, "id") == "en"
    assert detect_language(indonesian, None) == "id"
    assert detect_language(indonesian, "en") == "id"
    assert asked == []
    assert detect_language(indonesian, "ms") == "ms"
    assert detect_language(portuguese, None) == "pt"
    assert asked == [indonesian, portuguese]


def test_split_story_never_takes_the_prose_of_a_second_story():
    """Infinite-scroll pages stack the next story, with its own <h1>, beside the first:
    its paragraphs are prose of the same kind near the kept block, and not this story."""
    page = ROOT_RULE_PAGES / "split-story-blocks.html"
    next_story = (
        '<div class="next-post"><h1>Pasar Terong Ramai Pembeli Jelang Ramadan</h1>'
        + "".join(
            f"<p>Pedagang di Pasar Terong menyebut jumlah pembeli naik tajam sejak pekan lalu "
            f"dan stok sayur serta bumbu dapur mulai menipis di lapak nomor {n}.</p>"
            for n in range(12)
        )
        + "</div>"
    )
    html = page.read_text(encoding="utf-8").replace(
        '<div class="post-share">', next_story + '<div class="post-share">'
    )
    article = clean_html(html, "https://sulsel.contoh.example/makassar/nelayan-kembali-melaut")
    assert "MAKASSAR - Ratusan nelayan" in article.body
    assert "Pasar Terong menyebut" not in article.body


@pytest.mark.parametrize(
    "line",
    [
        "Fri , 14-10-2016 08:15",
        "Jumat, 04.05.2024 - 10:15 WIB",
        "2024-05-04 10:15",
        "Sabtu, 4 Mei 2024 | 02:30 PM WIB",
    ],
)
def test_numeric_and_twelve_hour_date_lines_are_header_not_story(line):
    assert is_date_line(line)


def test_a_sentence_with_a_date_is_story():
    assert not is_date_line(
        "Pemerintah meresmikan jembatan itu pada 14-10-2016 di depan warga desa."
    )
