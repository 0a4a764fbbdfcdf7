"""Each Indonesian-layer rule of the cleaner on a small page written for it.

The pages imitate real templates (portal cards, galleries, multi-page articles, WordPress
bylines) with our own text, so every rule is pinned by a test that fails without it.
"""

from __future__ import annotations

from cleaners import clean_html
from cleaners.clean import explain_html

SENTENCES = [
    "Pemerintah Kota Bandung menyiapkan dua ratus titik pos pelayanan bagi pemudik yang "
    "melintas di jalur selatan selama libur panjang akhir pekan ini.",
    "Kepala Dinas Perhubungan menyebut jumlah kendaraan diperkirakan naik hingga tiga puluh "
    "persen dibandingkan tahun lalu karena cuaca cerah.",
    "Petugas gabungan dari kepolisian dan dinas kesehatan akan berjaga selama dua puluh empat "
    "jam di setiap pos yang tersebar di perbatasan kota.",
    "Warga diminta memanfaatkan aplikasi pemantau lalu lintas agar dapat memilih waktu "
    "perjalanan yang paling lengang dan aman bagi keluarga.",
]


def page(body: str, head: str = "", title: str = "Bandung Siapkan Pos Pemudik") -> str:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title} - Contoh</title>'
        f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
        f'<meta property="og:site_name" content="Contoh News">{head}</head>'
        f"<body><header><nav><a href='/'>Beranda</a></nav></header><h1>{title}</h1>{body}"
        "<footer>Copyright 2024 Contoh</footer></body></html>"
    )


def paragraphs(items: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in items)


def test_teaser_cards_after_the_story_are_not_body():
    cards = "".join(
        f'<li><h3><a href="/b/{n}">Judul berita lain nomor {n} tentang banjir</a></h3>'
        f"<span>08/1/2026 17:03</span><p>Ringkasan berita lain yang ditautkan nomor {n}.</p></li>"
        for n in range(4)
    )
    html = page(f'<div class="isi">{paragraphs(SENTENCES)}<ul class="list">{cards}</ul></div>',
                '<meta name="pubdate" content="2024-04-10 08:00:00">')  # fmt: skip
    result = clean_html(html, "https://contoh.example/a/1")
    assert result.paragraphs == SENTENCES


def test_photo_gallery_keeps_its_captions():
    captions = [
        "Warga memadati alun-alun kota untuk menyaksikan pawai budaya pada Sabtu pagi (4/5/2024).",
        "Penari cilik tampil membawakan tari jaipong di depan panggung utama pawai budaya.",
    ]
    items = "".join(f'<div class="gallery-item" data-description="{c}"><img src="/{n}.jpg" alt=""></div>'
                    for n, c in enumerate(captions))  # fmt: skip
    head = (f'<meta name="description" content="{captions[0]}">'
            '<meta property="article:published_time" content="2024-05-04T09:00:00+07:00">')  # fmt: skip
    html = page(f'<div class="gallery">{items}</div><div class="teaser"><a href="/x">Berita lain</a></div>', head,
                title="FOTO: Pawai Budaya di Alun-alun")  # fmt: skip
    result = clean_html(html, "https://contoh.example/foto/1")
    assert result.ok
    assert result.paragraphs == captions


def test_photo_page_without_captions_keeps_its_description():
    description = (
        "Kapal latih tiba di dermaga Tanjung Perak setelah pelayaran tiga bulan keliling Nusantara."
    )
    head = (f'<meta name="description" content="{description}">'
            '<meta property="article:published_time" content="2024-05-04T09:00:00+07:00">')  # fmt: skip
    html = page('<div class="photo"><img src="/1.jpg" alt=""></div>'
                '<div class="box"><a href="/lain">Harga Cabai Turun di Pasar Induk Kramat Jati Hari Ini</a></div>',
                head, title="FOTO: Kapal Latih Tiba")  # fmt: skip
    result = clean_html(html, "https://contoh.example/foto/2")
    assert result.paragraphs == [description]


def test_pages_of_a_multi_page_article_shipped_whole():
    items = [
        "1. Wisatawan menikmati matahari terbit dari puncak bukit dengan kabut tipis di lembah.",
        "2. Jalur pendakian dilengkapi papan petunjuk dan pos istirahat setiap lima ratus meter.",
        "3. Pedagang lokal menjajakan kopi dan jagung bakar di area parkir kawasan wisata.",
    ]
    units = "".join(
        f'<div class="content-item"><div class="pager">{n + 2} dari 4 halaman</div>'
        f'<h2 class="content-item-title">{item}</h2><div class="photo"><img src="/{n}.jpg" alt=""></div>'
        '<div class="ad-slot"></div></div>'
        for n, item in enumerate(items)
    )
    html = page(f'<div class="content-body"><div class="content-item">{paragraphs(SENTENCES)}</div>{units}</div>',
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">')  # fmt: skip
    result = clean_html(html, "https://contoh.example/a/3")
    assert result.paragraphs == [*SENTENCES, *items]


def test_infinite_scroll_stories_are_not_pages_of_this_one():
    other = ["Berita kedua yang dimuat otomatis di bawah berita pertama, dengan judulnya sendiri, "
             "bukan bagian dari artikel yang sedang dibaca oleh pengunjung situs ini."] * 3  # fmt: skip
    html = page(
        '<div class="stream">'
        f'<div class="story"><h1>Bandung Siapkan Pos Pemudik</h1>{paragraphs(SENTENCES)}</div>'
        f'<div class="story"><h1>Berita Kedua</h1>{paragraphs(other)}</div></div>',
        '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">',
    )
    result = clean_html(html, "https://contoh.example/a/4")
    assert "Berita kedua" not in result.body
    assert result.paragraphs[-1] == SENTENCES[-1]


def test_the_story_starts_at_its_dateline():
    lead = "BANDUNG, CONTOH.com - " + SENTENCES[0]
    html = page(
        '<div class="read"><p>Kamis, 11 April 2024 | 10:15 WIB</p>'
        "<p>Petugas memeriksa kendaraan di gerbang tol, Rabu malam. (CONTOH/Fotografer Kita)</p>"
        f"<p>{lead}</p>{paragraphs(SENTENCES[1:])}</div>"
    )
    result = clean_html(html, "https://contoh.example/a/5")
    assert result.paragraphs == [lead, *SENTENCES[1:]]
    assert result.dateline == "BANDUNG, CONTOH.com"
    assert result.published == "2024-04-11T10:15:00+07:00"


def test_dialogs_calls_to_action_and_contact_lines_are_dropped():
    html = page(
        f'<div class="read">{paragraphs(SENTENCES)}'
        "<p>Banyak kisah inspiratif di sekitar kita. Yuk daftarkan mereka di kanal kami!</p>"
        "<p>Redaksi: redaksi[at]contoh.example Informasi pemasangan iklan hubungi sales[at]contoh.example</p>"
        '</div><section class="loginModal -hide"><div><p>Periksa kembali dan lengkapi data dirimu.</p>'
        "<p>Data dirimu akan digunakan untuk verifikasi akun ketika kamu membutuhkan bantuan.</p></div></section>",
        '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">',
    )
    assert clean_html(html, "https://contoh.example/a/6").paragraphs == SENTENCES


def test_div_paragraphs_and_subheadings_between_paragraphs_are_kept():
    div_text = ("Menurut catatan dinas, jalur alternatif melalui Cileunyi dan Jatinangor juga akan "
                "dijaga petugas untuk mengurai kepadatan.")  # fmt: skip
    html = page(
        '<div class="wrap"><div class="entry">'
        f"<p>{SENTENCES[0]}</p><p>{SENTENCES[1]}</p><h2>Jalur Alternatif</h2><div>{div_text}</div>"
        f"<p>{SENTENCES[2]}</p><p>{SENTENCES[3]}</p></div></div>",
        '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">',
    )
    result = clean_html(html, "https://contoh.example/a/7")
    assert result.paragraphs == [*SENTENCES[:2], "Jalur Alternatif", div_text, *SENTENCES[2:]]


def test_closing_capitals_sign_off_is_the_author():
    html = page(f'<div class="isi">{paragraphs(SENTENCES)}<p><strong>DIAN PERMATA</strong></p></div>',
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">')  # fmt: skip
    result = clean_html(html, "https://contoh.example/a/8")
    assert result.authors == ["DIAN PERMATA"]
    assert result.paragraphs == SENTENCES


def test_agency_sign_off_is_not_an_author():
    html = page(f'<div class="isi">{paragraphs(SENTENCES)}<p>ANTARA</p></div>',
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">')  # fmt: skip
    result = clean_html(html, "https://contoh.example/a/9")
    assert result.authors == []
    assert "ANTARA" not in result.body


def test_byline_element_and_editor_credit():
    head = ('<meta name="author" content="Contoh News">'
            '<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person",'
            '"name":"Heru Redaktur"},"datePublished":"2024-04-10T08:00:00+07:00"}</script>')  # fmt: skip
    html = page(f'<div class="info"><div class="author-2">Naufal Pratama</div>'
                f'<div class="editor">Editor : Heru Redaktur</div></div><div class="isi">{paragraphs(SENTENCES)}</div>',
                head)  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/10").authors == ["Naufal Pratama"]


def test_labelled_credit_line_names_writer_not_editor():
    html = page(f'<div class="credit">Penulis: Rina Kusuma, Adi Nugroho | Editor: Bambang</div>'
                f'<div class="isi">{paragraphs(SENTENCES)}</div>',
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">')  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/11").authors == ["Rina Kusuma", "Adi Nugroho"]


def test_visible_time_near_the_headline_beats_sidebars_and_widgets():
    sidebar = "".join(f'<li><a href="/s/{n}">Berita samping {n}</a><time>10 Apr 2024 19:{n}5</time></li>'
                      for n in range(3))  # fmt: skip
    html = (
        '<html lang="id"><head><meta property="og:type" content="article">'
        '<meta property="og:title" content="Bandung Siapkan Pos Pemudik">'
        '<meta property="article:published_time" content="2024-04-10T07:28:00-07:00"></head><body>'
        '<div class="top-date">Senin, 22 April 2024</div>'
        f'<ul class="sidebar">{sidebar}</ul>'
        '<div class="head"><div class="title">Bandung Siapkan Pos Pemudik</div>'
        '<div class="small grey">Rabu, 10 April 2024 | 07:28 WITA</div></div>'
        f'<div class="isi">{paragraphs(SENTENCES)}</div></body></html>'
    )
    assert clean_html(html, "https://contoh.example/a/12").published == "2024-04-10T07:28:00+08:00"


def test_sign_slipped_offset_is_local_time():
    html = page(f'<div class="isi">{paragraphs(SENTENCES)}</div>',
                '<meta property="article:published_time" content="2021-06-10T18:50:00-07:00">')  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/13").published == "2021-06-10T18:50:00+07:00"


def test_trailing_desk_initials_and_syndication_note():
    body = (
        paragraphs(SENTENCES[:-1])
        + f"<p>{SENTENCES[-1]} (H-4)</p>"
        + ("<p>Artikel ini telah tayang di Contoh.com dengan judul &quot;Pos Pemudik&quot;</p>")
    )
    html = page(f'<div class="isi">{body}</div>',
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">')  # fmt: skip
    result = clean_html(html, "https://contoh.example/a/14")
    assert result.paragraphs == SENTENCES
    assert result.syndication_source == "Contoh.com"


def test_hidden_pages_of_an_article_are_body_and_hidden_junk_is_not():
    html = page(
        f'<div class="isi"><div class="page-1">{paragraphs(SENTENCES[:2])}</div>'
        f'<div class="page-2" style="display: none">{paragraphs(SENTENCES[2:])}</div>'
        '<div style="display:none"><p>Terima kasih telah berlangganan.</p></div></div>',
        '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">',
    )
    assert clean_html(html, "https://contoh.example/a/15").paragraphs == SENTENCES


def test_declared_charset_that_lies_and_real_windows_1252():
    quote = "“Kami siap melayani pemudik,” ujar Kepala Dinas, Rabu (10/4/2024) – di Bandung."
    body = f'<div class="isi">{paragraphs([*SENTENCES, quote])}</div>'
    head = '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">'
    lying = page(body, '<meta charset="iso-8859-1">' + head).replace('<meta charset="utf-8">', "")
    assert clean_html(lying.encode("utf-8"), "https://contoh.example/a/16").paragraphs[-1] == quote
    legacy = page(
        body, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' + head
    )
    legacy = legacy.replace('<meta charset="utf-8">', "")
    assert (
        clean_html(legacy.encode("windows-1252"), "https://contoh.example/a/17").paragraphs[-1]
        == quote
    )


def test_unclosed_nav_that_swallows_the_story_is_not_dropped():
    html = page(f'<nav class="navbar"><a href="/">Beranda</a><a href="/b">Berita</a><div class="isi">'
                f"{paragraphs(SENTENCES * 3)}</div>",
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">')  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/18").paragraphs == SENTENCES * 3


def test_unclosed_nav_holding_the_story_stays_whatever_the_scripts_weigh():
    state = '<script id="__NEXT_DATA__" type="application/json">{"x": "%s"}</script>' % (
        "data " * 20_000
    )
    html = page(f'<nav class="navbar"><a href="/">Beranda</a><a href="/b">Berita</a><div class="isi">'
                f"{paragraphs(SENTENCES * 3)}</div>",
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">'
                + state)  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/19").paragraphs == SENTENCES * 3


def test_a_closed_nav_and_footer_never_reach_the_body():
    html = page(
        "<nav><p>Tulisan sebelumnya: Festival Pacu Jalur diikuti seratus perahu dari desa.</p>"
        f'</nav><div class="isi">{paragraphs(SENTENCES)}</div>'
        "<footer><p>Seluruh tulisan di blog ini ditulis oleh warga yang berbagi cerita.</p></footer>",
        '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">',
    )
    assert clean_html(html, "https://contoh.example/a/20").paragraphs == SENTENCES


def test_soft_hyphens_and_zero_width_characters_do_not_split_words():
    hyphenated = [
        s.replace("Pemerintah", "Peme\u00adrin\u00adtah").replace("pos", "p\u200bos")
        for s in SENTENCES
    ]
    html = page(f'<div class="isi">{paragraphs(hyphenated)}</div>',
                '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">')  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/19").paragraphs == SENTENCES


def _titled(head: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">{head}'
        '<meta property="og:type" content="article"></head>'
        f"<body>{body}{paragraphs(SENTENCES)}</body></html>"
    )


def test_title_repeated_with_glued_site_name_and_section_suffix_is_not_the_headline():
    html = _titled(
        "<title>Jalan Kaki Pagi Bikin Tidur Nyenyak - Health :: Contoh Lifestyle</title>"
        '<meta property="og:title" content="Jalan Kaki Pagi Bikin Tidur Nyenyak">',
        '<h1><a href="/">Contoh.com - Slogan Kami</a></h1>'
        '<h1><a href="/health">Contoh Jalan Kaki Pagi Bikin Tidur Nyenyak - Health :: '
        "Contoh Lifestyle</a></h1><h1>Jalan Kaki Pagi Bikin Tidur Nyenyak</h1>",
    )
    result = clean_html(html, "https://lifestyle.contoh.com/read/2024/05/04/481/123/jalan-kaki")
    assert result.title == "Jalan Kaki Pagi Bikin Tidur Nyenyak"


def test_a_label_heading_whose_letters_occur_in_the_headline_is_not_the_headline():
    html = _titled(
        '<meta property="og:title" content="Harga Beras Naik, Ini Kata Gapoktan - Contoh.com">',
        "<h1>Ekonomi</h1><h1>TAG</h1><h1>Harga Beras Naik, Ini Kata Gapoktan</h1>",
    )  # "kaTA Gapoktan" holds the letters of "TAG"
    result = clean_html(html, "https://ekonomi.contoh.com/read/2024/05/04/harga-beras")
    assert result.title == "Harga Beras Naik, Ini Kata Gapoktan"


def test_middle_dot_ends_the_name_in_a_byline_with_its_date():
    html = page('<div class="byline">Oleh <a href="/p/dewi">Dewi Lestari</a> &middot; '
                '<span>Senin, 2 Desember 2024 - 14:30 WIB</span></div>'
                f'<div class="isi">{paragraphs(SENTENCES)}</div>')  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/14").authors == ["Dewi Lestari"]


def test_byline_and_date_in_sibling_divs_do_not_run_together():
    html = page('<div class="byline"><div>Dewi Lestari</div><div>Jumat, 6 Desember 2024</div></div>'
                f'<div class="isi">{paragraphs(SENTENCES)}</div>')  # fmt: skip
    assert clean_html(html, "https://contoh.example/a/15").authors == ["Dewi Lestari"]


def test_rejected_author_candidates_are_explained():
    html = page('<div class="author">Posted by Contoh News</div>'
                f'<div class="isi">{paragraphs(SENTENCES)}</div>',
                '<meta name="author" content="Dewi Lestari">')  # fmt: skip
    article, trace = explain_html(html, "https://contoh.example/a/16")
    assert article.authors == ["Dewi Lestari"]
    choice = trace.fields["authors"]
    assert choice.source == "author meta"
    assert ("Contoh News", "byline element", "author-not-an-organisation") in [
        (c.value, c.source, c.rejected) for c in choice.candidates
    ]


def test_a_wordpress_permalink_slug_is_not_a_section_that_makes_the_h1_a_label():
    # The slug spells the headline; with the permalink's trailing slash it once passed
    # for a folder, so the <h1> was taken for a section label and its wording was lost.
    html = _titled(
        '<meta property="og:title" content="Harga beras naik, ini kata gapoktan">',
        "<h1>Harga Beras Naik, Ini Kata Gapoktan</h1>",
    )
    result = clean_html(html, "https://contoh.example/harga-beras-naik-ini-kata-gapoktan/")
    assert result.title == "Harga Beras Naik, Ini Kata Gapoktan"
    assert result.provenance["title"] == "<h1>"


def test_an_unsigned_newsroom_credit_is_no_author():
    for credit in ("By Staff Writer", "Oleh: Staf Redaksi", "Penulis: Wartawan Kami"):
        html = page(
            f'<div class="byline">{credit}</div><div class="isi">{paragraphs(SENTENCES)}</div>'
        )
        assert clean_html(html, "https://contoh.example/a/17").authors == [], credit


def test_a_baca_juga_line_inside_a_story_written_with_line_breaks_takes_only_its_line():
    story = "<br><br>".join(SENTENCES[:2])
    rest = "<br><br>".join(SENTENCES[2:])
    html = page(
        f'<div class="isi"><p>{story}<br><br><strong>Baca juga:</strong> '
        f'<a href="/b/1">Harga Cabai Turun di Pasar Induk</a><br><br>{rest}</p></div>',
        '<meta property="article:published_time" content="2024-04-10T08:00:00+07:00">',
    )
    result = clean_html(html, "https://contoh.example/a/18")
    assert result.paragraphs == SENTENCES
