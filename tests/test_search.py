"""Full-text search and near-duplicate links, the same assertions on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import ArticleStore
from storage import search as search_module
from storage.filters import ArticleFilter, FilterError
from storage.models import Article
from storage.search import SearchQueryError, parse_query, search
from tests.test_storage import record

FLOOD = (
    "Banjir merendam ratusan rumah warga di Kecamatan Cengkareng, Jakarta Barat, sejak Selasa "
    "malam. Ketinggian air mencapai satu meter di permukiman padat penduduk dekat kali. "
    "Petugas pemadam kebakaran dan relawan mengevakuasi lansia serta anak-anak ke masjid "
    "terdekat. Dinas Sumber Daya Air menyiagakan pompa mobile di sejumlah titik rawan. "
    "Warga berharap normalisasi sungai segera dilanjutkan agar banjir tidak terulang setiap "
    "musim hujan tiba. Kepala dinas menyebut pengerukan lumpur akan dimulai pekan depan."
)
ELECTION = (
    "Komisi Pemilihan Umum menetapkan jadwal pendaftaran calon kepala daerah untuk pemilihan "
    "serentak. Partai politik diminta menyiapkan dokumen persyaratan sejak awal agar proses "
    "verifikasi berjalan lancar. Pemungutan suara dijadwalkan berlangsung pada bulan November "
    "di seluruh provinsi. Badan Pengawas Pemilu akan memantau tahapan kampanye dengan ketat. "
    "Masyarakat diimbau memeriksa daftar pemilih tetap melalui laman resmi penyelenggara."
)


@pytest.fixture
def store(db_url):
    store = ArticleStore(db_url)
    store.upsert(
        [
            record("https://a.example/banjir", body=FLOOD, title="Banjir Rendam Cengkareng",
                   site="kabar", section="Megapolitan", published="2024-02-01T08:00:00+07:00"),
            record("https://b.example/pilkada", body=ELECTION, title="KPU Tetapkan Jadwal Pilkada",
                   site="warta", section="Nasional", published="2024-08-12T16:05:00+07:00"),
        ]
    )  # fmt: skip
    return store


def urls(hits) -> list[str]:
    return [hit.url for hit in hits]


def test_words_phrases_prefixes_or_and_exclusion(store):
    engine = store.engine
    assert urls(search(engine, "banjir")) == ["https://a.example/banjir"]
    assert urls(search(engine, '"pompa mobile"')) == ["https://a.example/banjir"]
    assert urls(search(engine, '"mobile pompa"')) == []
    assert urls(search(engine, "pemilih*")) == ["https://b.example/pilkada"]
    assert set(urls(search(engine, "banjir OR pemungutan"))) == {
        "https://a.example/banjir",
        "https://b.example/pilkada",
    }
    assert (
        urls(search(engine, "warga -banjir")) == ["https://b.example/pilkada"]
        or urls(search(engine, "warga -banjir")) == []
    )
    assert urls(search(engine, "jadwal -kampanye")) == []


def test_results_carry_a_highlighted_snippet_and_rank(store):
    [hit] = search(store.engine, "normalisasi")
    assert "[normalisasi]" in hit.snippet.lower()
    assert hit.title == "Banjir Rendam Cengkareng"
    assert hit.site == "kabar"
    assert hit.published == "2024-02-01T08:00:00+07:00"
    assert hit.published_utc.utcoffset().total_seconds() == 0


def test_title_matches_rank_above_body_matches(store):
    extra = record("https://c.example/lain", body=ELECTION.replace("Komisi", "Banjir Komisi"),
                   title="Jadwal Kampanye", site="warta")  # fmt: skip
    store.upsert([extra])
    assert urls(search(store.engine, "banjir"))[0] == "https://a.example/banjir"


def test_filters_narrow_the_results(store):
    engine = store.engine
    both = "banjir OR pemilihan"
    assert urls(search(engine, both, ArticleFilter(sites=("warta",)))) == [
        "https://b.example/pilkada"
    ]
    may_on = ArticleFilter.from_options(since="2024-05-01")
    assert urls(search(engine, both, may_on)) == ["https://b.example/pilkada"]
    until_feb = ArticleFilter.from_options(until="2024-02-01")
    assert urls(search(engine, both, until_feb)) == ["https://a.example/banjir"]
    assert urls(search(engine, both, ArticleFilter(section="megapolitan"))) == [
        "https://a.example/banjir"
    ]
    assert urls(search(engine, both, ArticleFilter(language="en"))) == []


def test_search_stays_in_sync_with_updates(store):
    changed = record("https://a.example/banjir", body=FLOOD.replace("Cengkareng", "Kalideres"),
                     title="Banjir Rendam Kalideres", site="kabar")  # fmt: skip
    assert store.upsert([changed]).outcomes == ["updated"]
    assert urls(search(store.engine, "kalideres")) == ["https://a.example/banjir"]
    assert urls(search(store.engine, "cengkareng")) == []


def test_the_newest_matches_are_ranked_however_far_back_they_lie(db_url, monkeypatch):
    """PostgreSQL walks the filter's newest articles first, then reads the indexes: a
    word or a filter that only old articles match is still found, and a word every
    article has ranks only the newest CANDIDATES. A tiny walk makes a few articles
    enough."""
    monkeypatch.setattr(search_module, "CANDIDATES", 4)
    monkeypatch.setattr(search_module, "_FIRST_WALK", 2)
    monkeypatch.setattr(search_module, "_WALK_BUDGET", 6)
    store = ArticleStore(db_url)
    bodies = [f"{FLOOD} Laporan nomor {n}." for n in range(12)]
    bodies[0] = bodies[0].replace("Banjir", "Longsor")
    bodies[5] = bodies[5].replace("pompa", "pipa")
    for n in range(2, 12, 3):  # a word in every third article
        bodies[n] += " Tanggul jebol."
    store.upsert([
        record(f"https://a.example/{n}", body=body, site="lama" if n < 2 else "kabar",
               section="Daerah" if n % 3 == 0 else "Megapolitan",
               published=f"{2020 if n < 3 else 2024}-03-{n + 1:02d}T08:00:00+07:00")
        for n, body in enumerate(bodies)
    ])  # fmt: skip
    engine = store.engine

    def found(query, **options):
        return sorted(urls(search(engine, query, ArticleFilter.from_options(**options))))

    assert urls(search(engine, "longsor")) == ["https://a.example/0"]
    assert found("pompa", site=["lama"]) == ["https://a.example/0", "https://a.example/1"]
    newest = {f"https://a.example/{n}" for n in range(8, 12)}
    assert set(urls(search(engine, "pompa"))) == newest
    assert urls(search(engine, "pompa", limit=2))[0] in newest
    assert urls(search(engine, "gempa")) == []
    # Too rare to walk on for: read from the index, range by widening range.
    assert found("tanggul") == [f"https://a.example/{n}" for n in (11, 2, 5, 8)]
    # A date range: its newest matches, however old; the range's only match; none.
    assert found("pompa", since="2024-01-01") == sorted(newest)
    assert found("pompa", since="2020-01-01", until="2020-12-31") == [
        f"https://a.example/{n}" for n in range(3)
    ]
    assert found("pipa", since="2024-01-01", until="2024-12-31") == ["https://a.example/5"]
    assert found("longsor", since="2024-01-01") == []
    # A section: the walk visits its articles only (every third one here).
    assert found("pompa", section="daerah") == [f"https://a.example/{n}" for n in (0, 3, 6, 9)]
    assert found("pompa", section="daerah", site=["kabar"]) == [
        f"https://a.example/{n}" for n in (3, 6, 9)
    ]


@pytest.mark.parametrize(
    "query", ['"banjir', "", "   ", "OR banjir", "banjir OR", "-banjir", '""', "***"]
)
def test_malformed_queries_are_clear_errors(store, query):
    with pytest.raises(SearchQueryError):
        search(store.engine, query)


def test_operators_inside_words_are_only_text(store):
    # FTS5 and tsquery syntax characters are searched as text, never executed.
    for query in ("banjir:*", "banjir) OR (1", "NEAR(banjir", "banjir & !warga", "a'b"):
        search(store.engine, query)


def test_bare_dates_are_wib_days():
    june_first = ArticleFilter.from_options(since="2024-06-01", until="2024-06-01")
    assert june_first.since.isoformat() == "2024-05-31T17:00:00+00:00"  # 00:00 WIB
    assert june_first.until.isoformat() == "2024-06-01T16:59:59.999999+00:00"  # 23:59 WIB


def test_bad_date_filter():
    with pytest.raises(FilterError, match="not a date"):
        ArticleFilter.from_options(since="kemarin")


def test_parse_query_groups():
    groups = parse_query('banjir "air pasang" rob* OR -x kebakaran')
    assert [[t.words for t in g] for g in groups] == [[("banjir",), ("air", "pasang"), ("rob",)],
                                                     [("x",), ("bakar",)]]  # fmt: skip
    assert groups[0][2].prefix and groups[1][0].negated and groups[0][1].phrase


def test_parse_query_operators_in_capitals_and_numbers_as_their_parts():
    assert parse_query("banjir AND rob") == parse_query("banjir rob")
    assert parse_query("banjir NOT rob") == parse_query("banjir -rob")
    assert [t.words for t in parse_query("banjir and rob")[0]] == [("banjir",), ("and",), ("rob",)]
    [[rupiah, amount]] = parse_query("Rp 40.000")
    assert (rupiah.words, amount.words, amount.phrase) == (("rp",), ("40", "000"), True)
    [[time, day]] = parse_query("08.00 12/8/2024")
    assert (time.words, day.words) == (("08", "00"), ("12", "8", "2024"))
    for query, error in (("banjir AND", "AND needs"), ("AND banjir", "AND needs"),
                         ("banjir NOT", "NOT needs"), ("banjir OR AND rob", "OR needs"),
                         ("NOT banjir", "not excluded")):  # fmt: skip
        with pytest.raises(SearchQueryError, match=error):
            parse_query(query)


def test_republished_story_is_linked_to_its_first_copy(db_url):
    store = ArticleStore(db_url)
    copy = FLOOD.replace("Selasa malam", "Selasa (6/2/2024) malam") + " (ant)"
    syndicated = "JAKARTA, KOMPAS.com - " + FLOOD
    outcomes = store.upsert(
        [
            record("https://antara.example/1", body=FLOOD, site="antara"),
            record(
                "https://kompas.example/2",
                body=syndicated,
                site="kompas",
                dateline="JAKARTA, KOMPAS.com",
            ),
            record("https://tribun.example/3", body=copy, site="tribun"),
            record("https://other.example/4", body=ELECTION, site="kompas"),
        ]
    ).outcomes
    assert outcomes == ["inserted"] * 4
    later = record("https://suara.example/5", body=FLOOD + " Sumber: Antara.", site="suara")
    assert store.upsert([later]).outcomes == ["inserted"]
    with Session(store.engine) as session:
        rows = {a.url: a for a in session.scalars(select(Article))}
    first = rows["https://antara.example/1"]
    assert first.near_duplicate_of is None
    for url in ("https://kompas.example/2", "https://tribun.example/3", "https://suara.example/5"):
        assert rows[url].near_duplicate_of == first.id, url
    assert rows["https://other.example/4"].near_duplicate_of is None


def test_indonesian_word_forms(db_url):
    """Words match through their roots, on both backends alike: the root, its affixed
    forms and a prefix of the root find every form."""
    store = ArticleStore(db_url)
    bridge = ELECTION + " Pemerintah melanjutkan pembangunan jembatan yang dibangun sejak 2023."
    school = "Kontraktor membangun gedung sekolah. Bangunannya tiga lantai."
    store.upsert([record("https://c.example/jembatan", body=bridge, site="warta"),
                  record("https://c.example/sekolah", body=school, site="warta")])  # fmt: skip
    both = {"https://c.example/jembatan", "https://c.example/sekolah"}
    for query in ("bangun", "membangun", "pembangunan", "dibangun", "bangun*", "BANGUNAN"):
        assert set(urls(search(store.engine, query))) == both, query
    assert urls(search(store.engine, '"pembangunan jembatan"')) == ["https://c.example/jembatan"]
    assert urls(search(store.engine, "bangun -sekolah")) == ["https://c.example/jembatan"]
    [hit] = search(store.engine, "bangun", ArticleFilter(sites=("warta",)), limit=1)
    assert "[membangun]" in hit.snippet or "[pembangunan]" in hit.snippet


def test_snippets_cut_around_the_first_match_and_bracket_every_match():
    from storage.snippets import snippet
    from storage.tokens import stems

    def cut(body, terms, words=16):
        return snippet(body, " ".join(stems(body)), terms, words)

    body = (
        " ".join(f"kata{i}" for i in range(40))
        + " Banjir rob merendam pesisir Semarang. "
        + ("Warga mengungsi karena banjir rob. " * 10)
    )
    text = cut(body, [(("banjir", "rob"), False)], words=8)
    assert text.startswith("…kata38 kata39 [Banjir rob]") and text.endswith("…")
    assert cut(body, [(("pesis",), True)], words=4) == "…merendam [pesisir] Semarang. Warga…"
    assert cut("Banjir rob merendam Semarang.", [(("rob",), False)]) == (
        "Banjir [rob] merendam Semarang"
    )
    # Matched through the root, shown as written.
    assert cut("Warga membangun tanggul.", [(("bangun",), False)]) == "Warga [membangun] tanggul"
    # No match (an excluded word alone cannot happen): the body's opening words.
    assert cut("Satu dua tiga empat.", [(("lima",), False)], words=2) == "Satu dua…"
    assert cut("", [(("rob",), False)]) == ""


def test_optimize_keeps_every_search_answer(db_url):
    from storage import open_database
    from storage.maintenance import optimize
    from tests.conftest import run_warta

    store = ArticleStore(db_url)
    for n in range(3):  # three transactions: three index segments on SQLite
        store.upsert([record(f"https://contoh.example/{n}", f"Banjir rob ke-{n} melanda pesisir.")])
    engine = open_database(db_url)
    before = [hit.id for hit in search(engine, "banjir rob")]
    result = run_warta("db", "optimize", "--db", db_url)
    assert result.returncode == 0, result.stderr
    assert "refreshed" in result.stdout
    assert [hit.id for hit in search(engine, "banjir rob")] == before and len(before) == 3
    assert optimize(engine)  # and again, on an index already merged


def test_migration_0008_gives_stored_articles_their_roots(db_url):
    """Articles stored before the index held roots are found by their roots after the
    upgrade: 0008 fills their search_text and rebuilds the index over it."""
    from alembic import command

    from storage.db import alembic_config, upgrade

    store = ArticleStore(db_url)
    store.upsert([record("https://c.example/lama", body="Warga membangun tanggul.", site="x")])
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")
    upgrade(store.engine)
    with Session(store.engine) as session:
        assert session.scalar(select(Article.search_text)) == "judul berita\nwarga bangun tanggul"
    assert urls(search(store.engine, "bangun")) == ["https://c.example/lama"]
    assert urls(search(store.engine, "pembangunan -tanggul")) == []
