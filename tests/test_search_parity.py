"""Search parity: the same queries on SQLite and PostgreSQL find the same articles.

One small corpus is stored in both backends, and every query of QUERIES (words, affixed
forms, numbers, times, dates, phrases, AND/OR/NOT, prefixes, filters) must find the
same set of articles on both, and exactly the articles it expects: the same wrong
answer on both would be no parity worth having.
"""

from __future__ import annotations

import pytest

from storage import ArticleStore
from storage.filters import ArticleFilter
from storage.search import search
from tests.conftest import _reset_postgres
from tests.test_search import ELECTION, FLOOD
from tests.test_storage import record

# key: (site, section, published, title, body)
CORPUS = {
    "cengkareng": ("kabar", "Megapolitan", "2024-02-01T08:00:00+07:00",
                   "Banjir Rendam Cengkareng", FLOOD),
    "pilkada": ("warta", "Nasional", "2024-08-12T16:05:00+07:00",
                "KPU Tetapkan Jadwal Pilkada", ELECTION),
    "jembatan": ("warta", "Nasional", "2023-05-10T09:00:00+07:00", "Jembatan Baru",
                 "Pemerintah melanjutkan pembangunan jembatan yang dibangun sejak 2023."),
    "sekolah": ("kabar", "Daerah", "2024-03-03T10:00:00+07:00", "Sekolah Baru di Bekasi",
                "Kontraktor membangun gedung sekolah. Bangunannya tiga lantai dan rampung 2024."),
    "cabai": ("pasar", "Ekonomi", "2024-08-12T07:00:00+07:00", "Harga Cabai Naik",
              "Harga cabai rawit naik menjadi Rp 40.000 per kilogram pada Senin (12/8/2024)."),
    "beras": ("pasar", "Ekonomi", "2024-08-13T07:00:00+07:00", "Harga Beras Turun",
              "Harga beras medium turun menjadi Rp14.500 per kilogram, kata pedagang."),
    "demo": ("kabar", "Megapolitan", "2024-09-01T12:00:00+07:00", "Unjuk Rasa Buruh",
             "Sekitar 40.000 buruh berunjuk rasa di depan gedung DPR pada 1/9/2024."),
    "kereta": ("kabar", "Megapolitan", "2024-04-02T06:00:00+07:00", "Jadwal Kereta",
               "Kereta pertama berangkat pukul 08.00 WIB dari Stasiun Gambir."),
    "rapat": ("warta", "Nasional", "2024-04-03T06:00:00+07:00", "Rapat Kabinet",
              "Rapat kabinet dimulai pukul 08.30 WIB di Istana."),
    "semarang": ("kabar", "Daerah", "2024-01-15T17:00:00+07:00", "Rob di Semarang",
                 "Banjir rob merendam pesisir Semarang. Warga mengungsi karena rumahnya "
                 "terendam air laut."),
    "pantura": ("warta", "Daerah", "2023-12-20T17:00:00+07:00", "Pantura Tergenang",
                "Rob melanda jalur pantai utara; kendaraan terjebak berjam-jam."),
    "garut": ("kabar", "Daerah", "2023-11-02T17:00:00+07:00", "Banjir Bandang Garut",
              "Banjir bandang menerjang Garut setelah hujan deras semalaman."),
    "kebakaran": ("warta", "Megapolitan", "2024-05-05T21:00:00+07:00", "Pasar Terbakar",
                  "Kebakaran melanda pasar. Petugas pemadam kebakaran memadamkan api."),
    "english": ("global", "World", "2024-06-06T12:00:00+07:00", "Floods and tides",
                "Floods and tides hit Jakarta and Semarang, officials said.", "en"),
    "kafe": ("kabar", "Gaya", "2024-07-07T12:00:00+07:00", "Kafe Baru di Kemang",
             "Sebuah café di Kemang menjual kopi; kafe itu ramai pemilih muda."),
    "pemilih": ("warta", "Nasional", "2024-10-10T12:00:00+07:00", "Pemilih Pemula",
                "Pemilih pemula memilih calon pilihan mereka sendiri."),
    "anak": ("kabar", "Daerah", "2024-10-11T12:00:00+07:00", "Anak-anak Belajar",
             "Anak-anak belajar di bawah jembatan; Ahmad Dahlan mengajar mereka."),
}  # fmt: skip

# (query, filter options, the articles it finds)
QUERIES: list[tuple[str, dict, set[str]]] = [
    ("banjir", {}, {"cengkareng", "semarang", "garut"}),
    ("bangun", {}, {"jembatan", "sekolah"}),
    ("membangun", {}, {"jembatan", "sekolah"}),
    ("pembangunan", {}, {"jembatan", "sekolah"}),
    ("dibangun", {}, {"jembatan", "sekolah"}),
    ("bangun*", {}, {"jembatan", "sekolah"}),
    ("pembangun*", {}, {"jembatan", "sekolah"}),
    ("Rp 40.000", {}, {"cabai"}),
    ("40.000", {}, {"cabai", "demo"}),
    ('"Rp 40.000"', {}, {"cabai"}),
    ("Rp14.500", {}, {"beras"}),
    ("08.00", {}, {"kereta"}),
    ("08", {}, {"kereta", "rapat"}),
    ("12/8/2024", {}, {"cabai"}),
    ("2024", {}, {"sekolah", "cabai", "demo"}),
    ("2023 OR 2024", {}, {"jembatan", "sekolah", "cabai", "demo"}),
    ('"pompa mobile"', {}, {"cengkareng"}),
    ('"mobile pompa"', {}, set()),
    ('"banjir rob"', {}, {"semarang"}),
    ("banjir AND rob", {}, {"semarang"}),
    ("banjir rob", {}, {"semarang"}),
    ("banjir OR rob", {}, {"cengkareng", "semarang", "garut", "pantura"}),
    ("banjir NOT rob", {}, {"cengkareng", "garut"}),
    ("banjir -rob", {}, {"cengkareng", "garut"}),
    ("rob -banjir", {}, {"pantura"}),
    ("NOT bandang banjir", {}, {"cengkareng", "semarang"}),
    ('banjir -"banjir bandang"', {}, {"cengkareng", "semarang"}),
    ("floods and tides", {}, {"english"}),
    ("floods AND jakarta", {}, {"english"}),
    ("kebakaran", {}, {"cengkareng", "kebakaran"}),
    ("terbakar", {}, {"cengkareng", "kebakaran"}),
    ("bakar*", {}, {"cengkareng", "kebakaran"}),
    ("pemadam", {}, {"cengkareng", "kebakaran"}),
    ("pilih", {}, {"pilkada", "kafe", "pemilih"}),
    ("memilih", {}, {"pilkada", "kafe", "pemilih"}),
    ("café", {}, {"kafe"}),
    ("CAFE", {}, {"kafe"}),
    ("anak-anak", {}, {"cengkareng", "anak"}),
    ("rumah", {}, {"cengkareng", "semarang"}),
    ("rendam", {}, {"cengkareng", "semarang"}),
    ('"Jakarta Barat"', {}, {"cengkareng"}),
    ("harg*", {}, {"cabai", "beras"}),
    ("pukul WIB", {}, {"kereta", "rapat"}),
    ("jadwal OR kereta", {}, {"pilkada", "kereta"}),
    ("banjir", {"site": ["kabar"]}, {"cengkareng", "semarang", "garut"}),
    ("banjir OR rob", {"site": ["warta"]}, {"pantura"}),
    ("banjir OR rob", {"since": "2024-01-01"}, {"cengkareng", "semarang"}),
    ("banjir OR rob", {"until": "2023-12-31"}, {"garut", "pantura"}),
    ("bangun", {"section": "nasional"}, {"jembatan"}),
    ("harga", {"site": ["pasar"], "since": "2024-08-13"}, {"beras"}),
    ("tides", {"lang": "en"}, {"english"}),
    ("tides", {"lang": "id"}, set()),
    ("jembatan OR gedung", {"section": "daerah", "site": ["kabar"]}, {"sekolah", "anak"}),
]


@pytest.fixture(scope="module")
def engines(postgres_server_url, tmp_path_factory):
    """The corpus stored in a SQLite file and in the PostgreSQL test database."""
    _reset_postgres(postgres_server_url)
    sqlite_url = f"sqlite:///{tmp_path_factory.mktemp('parity') / 'warta.db'}"
    records = [
        record(f"https://{site}.example/{key}", body=body, title=title, site=site,
               section=section, published=published, language=(language or ["id"])[0])
        for key, (site, section, published, title, body, *language) in CORPUS.items()
    ]  # fmt: skip
    stores = [ArticleStore(sqlite_url), ArticleStore(postgres_server_url)]
    for store in stores:
        assert store.upsert(records).count("inserted") == len(CORPUS)
    return {store.engine.dialect.name: store.engine for store in stores}


def found(engine, query: str, options: dict) -> set[str]:
    hits = search(engine, query, ArticleFilter.from_options(**options), limit=100)
    return {hit.url.rsplit("/", 1)[1] for hit in hits}


@pytest.mark.parametrize(
    ("query", "options", "expected"), QUERIES, ids=[f"{q} {o}" for q, o, _ in QUERIES]
)
def test_both_backends_find_the_same_articles(engines, query, options, expected):
    on_sqlite = found(engines["sqlite"], query, options)
    on_postgresql = found(engines["postgresql"], query, options)
    assert on_sqlite == on_postgresql
    assert on_sqlite == expected
