"""Storage at scale: bulk upserts, search latency, export rate and size for a million articles.

Measures, per backend (SQLite file and PostgreSQL database, each fresh):

1. **Upsert rate**: N synthetic articles (default 1,000,000) through
   ``ArticleStore.upsert`` in batches of ``--batch`` (default 1000), as the crawler's
   pipeline hands them over: every record carries its ``simhash``, computed by the
   producer. The corpus is generated once, before any backend, into a file of pickled
   batches in the work directory (timed on its own: generation, and within it the
   producer's simhash per article); each backend then reads the same batches back one
   at a time. articles/s counts only the time spent inside ``upsert``; reading the file
   is timed apart, and the wall-clock time of the load is printed too. Progress every
   50,000 articles (rate so far and over the last 50,000). The outcomes are checked:
   re-sent URLs must come back ``unchanged``, nothing ``duplicate``, and the
   near-duplicate links the store made are compared with the near-duplicates generated
   (found, linked to the right first copy, missed, spurious).
2. **Search latency**: ten representative queries through ``storage.search.search``
   (a common word, a rare word, two words, a phrase, a prefix, an OR, an exclusion, a
   site filter, a date range, section + language), one warm-up round, then ``--runs``
   (default 20) rounds, the queries interleaved; p50 and p95 in ms per query and over
   all. Goal: p95 <= 50 ms.
3. **Export rate**: every row through ``iter_article_rows`` into ``write_jsonl`` (a file
   in the work directory, or /dev/null with ``--export-null``), rows/s; then the first
   100,000 rows through ``write_parquet``.
4. **Size**: the SQLite file plus its WAL (and -shm), or ``pg_database_size``, and bytes
   per stored article.
5. **Peak memory**: ``ru_maxrss`` of this process (it never goes down, so the figure
   after the second backend covers both).

Goals: upsert >= 2,000 articles/s, search p95 <= 50 ms. They are printed as met or
missed, never asserted: timings depend on the machine.

The synthetic corpus is deterministic (``--seed``) and streamed: article ``i`` is a pure
function of ``(seed, i)``, so a copy or re-send of an earlier article regenerates it
rather than keeping it, and memory stays flat. Words follow a Zipf law (Zipf–Mandelbrot,
s = 1, q = 2.7) over a vocabulary of ``--vocab`` (default 50,000) entries: the words of
our own sample articles (crawler/sample_site/articles.json) by their frequency there, a
few collocations taken from those texts, then Indonesian word forms generated from their
roots (meN-, di-, ber-, ter-, peN-...-an, ke-...-an, -kan, -i, -nya, ...) and
pseudo-words. Bodies have 150-900 words in 4-12 paragraphs with datelines, quotes and
attributions; titles 6-14 words; 30 sites (WIB and WITA), sections, 1-2 reporters,
tags, published times over 2019-2026. About 3 % of the articles are near-duplicates (an
earlier article's body republished on another site, with that site's dateline and one
sentence edited) and 1 % exact re-sends of an earlier URL.

Run from the project root (PostgreSQL: the server of ``WARTA_TEST_PG_URL``, default
postgresql://127.0.0.1:5432/test, which is used only to create and drop the benchmark
database ``warta_bench_<random>``):

    .venv/bin/python benchmarks/storage_scale.py --articles 20000          # quick look
    nohup .venv/bin/python -u benchmarks/storage_scale.py > /tmp/storage_scale.log 2>&1 &
    .venv/bin/python benchmarks/storage_scale.py --backends sqlite --articles 50000 \\
        --profile upsert                                                   # where time goes

Other options: ``--workdir DIR`` (default: a temporary directory, removed at the end; a
corpus kept there by an earlier ``--keep`` run with the same seed, vocabulary, size and
batch is reused instead of generated again), ``--keep`` (keep the corpus file, the SQLite
file, the exports and the PostgreSQL database), ``--export-null``, ``--batch``, ``--runs``,
``--search-budget`` (seconds of timed runs after which a query stops early, default 120,
at least 3 runs), ``--seed``,
``--vocab``, ``--explain`` (print the plan of the slowest search query), ``--optimize``
(``warta db optimize`` after the load, timed: the full-text index merged and ANALYZE on
SQLite, VACUUM ANALYZE on PostgreSQL, whose CI server has autovacuum off), ``--profile
upsert,search,export`` (cProfile those phases and print the top functions; phases not
named, except the load, are skipped).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import math
import os
import pickle
import pstats
import random
import re
import resource
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from _common import PROJECT_ROOT, format_table
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url

from cleaners import content_hash
from storage.db import open_database
from storage.export import iter_article_rows, write_jsonl, write_parquet
from storage.filters import ArticleFilter
from storage.maintenance import optimize
from storage.search import search
from storage.similarity import simhash, story_text
from storage.store import ArticleStore

SAMPLE_ARTICLES = PROJECT_ROOT / "crawler" / "sample_site" / "articles.json"
PG_ADMIN_URL = os.environ.get("WARTA_TEST_PG_URL", "postgresql://127.0.0.1:5432/test")

GOAL_UPSERT = 2000.0  # articles/s
GOAL_SEARCH_P95 = 50.0  # ms
PARQUET_ROWS = 100_000
MIN_WORDS, MAX_WORDS = 150, 900

NEAR_SHARE = 0.03
RESEND_SHARE = 0.01
# Copies and re-sends come from the last this many articles (the same news week or so).
COPY_WINDOW = 20_000

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN_MINUTES = int((datetime(2026, 11, 1, tzinfo=UTC) - START).total_seconds() // 60)

_LETTERS = re.compile(r"[^\W\d_]+")
_AFFIXED = re.compile(r"^(?:me|di|ber|ter|pe|ke|se)|(?:nya|kan|an|lah)$")
# Words are drawn from a table in which each entry fills a share of slots proportional
# to its Zipf weight (at least one), so a draw is one uniform index, not a bisection.
_DRAW_SLOTS = 1 << 21


def _words(text: str) -> list[str]:
    return text.split()


FUNCTION_WORDS = frozenset(
    _words(
        "di dan yang dari untuk pada tidak dengan juga dalam ke ini itu atau oleh akan serta "
        "agar karena sejak saat lalu bisa sudah masih telah ia kami kita mereka se per"
    )
)

# --------------------------------------------------------------------------------------
# The synthetic corpus
# --------------------------------------------------------------------------------------

FIRST_NAMES = _words(
    """Agus Budi Citra Dewi Eko Fajar Gita Hendra Indah Joko Kartika Lestari Made
Nur Putu Rina Sari Taufik Wahyu Yudi Andika Bambang Dimas Fitri Hadi Iwan Kurniawan Lina
Muhammad Nanda Oktavia Prasetyo Rizky Siti Tri Umar Vina Wulan Yoga Zainal Ahmad Bayu Dian
Erwin Ferdy Gilang Hasan Irfan Kadek Ketut Mariani Novi Rahmat Sri Teguh Andi Syamsul
Nurul Muh Asri Ikhsan Ayu Ratna"""
)
LAST_NAMES = _words(
    """Saputra Wijaya Kusuma Pratama Hidayat Santoso Nugroho Setiawan Wibowo Rahman
Siregar Nasution Harahap Simanjuntak Sitompul Lubis Pangaribuan Tanjung Utami Lestari Permana
Gunawan Susanto Hakim Firmansyah Ramadhan Sutrisno Prasetya Kusumawardani Wicaksono Daeng
Mappasessu Pabittei Latief Syarif Bakri Arief Anwar Sudirman Halim Manurung Situmorang
Sembiring Ginting Tarigan Pohan Aritonang Mahendra Suryadi Yulianti"""
)
PLACES_WIB = _words(
    """Jakarta Bandung Surabaya Semarang Yogyakarta Medan Palembang Padang Pekanbaru
Jambi Bengkulu Lampung Serang Tangerang Bekasi Bogor Depok Cirebon Tasikmalaya Solo Malang
Kediri Jember Banyuwangi Pontianak Palangkaraya Batam Aceh Karawang Sukabumi Garut Magelang
Purwokerto Tegal Madiun Probolinggo Pati Kudus"""
)
PLACES_WITA = _words(
    """Makassar Denpasar Gianyar Mataram Kupang Manado Palu Kendari Samarinda Balikpapan
Banjarmasin Bone Maros Pangkep Parepare Gowa Takalar Bulukumba Palopo Tabanan Badung Bima
Gorontalo Mamuju Bontang Tarakan"""
)
SECTIONS = _words(
    """Nasional Megapolitan Daerah Ekonomi Bisnis Politik Hukum Olahraga Bola Tekno
Otomotif Lifestyle Kesehatan Pendidikan Internasional Hiburan Travel Properti Sains Opini
Makassar Bali"""
)
SITE_KEYS = _words(
    """kabarnusantara suarametro sulselterkini wartabanua kabarselatan harianborneo
suaratimur lensanusa beritapagi kabarpesisir harianmetro wartakota inforakyat lensabali
kabarcelebes posmandala suaramaluku kabarsunda wartajatim harianandalas beritarantau
kabarmerdeka suaraparahyangan lensaekonomi wartaolahraga kabardigital infokendari
harianmataram suarakaltim beritasemarang"""
)
WITA_SITES = {
    "sulselterkini",
    "kabarselatan",
    "suaratimur",
    "lensabali",
    "kabarcelebes",
    "posmandala",
    "infokendari",
    "harianmataram",
    "suarakaltim",
}
WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
SAYS = ["kata", "ujar", "ucap", "jelas", "tutur", "imbuh", "tegas"]


def _nasal(root: str, prefix: str) -> str:
    """meN-/peN- with the nasal assimilation Indonesian applies (simplified)."""
    head = root[0]
    if head in "aiueo":
        return prefix + "ng" + root
    if head in "bfv":
        return prefix + "m" + root
    if head == "p":
        return prefix + "m" + root[1:]
    if head in "dcjz":
        return prefix + "n" + root
    if head == "t":
        return prefix + "n" + root[1:]
    if head == "s":
        return prefix + "ny" + root[1:]
    if head == "k":
        return prefix + "ng" + root[1:]
    if head in "gh":
        return prefix + "ng" + root
    return prefix + root


def _forms(root: str) -> list[str]:
    me, pe = _nasal(root, "me"), _nasal(root, "pe")
    return [
        root + "kan", root + "an", root + "i", root + "nya", "di" + root, "di" + root + "kan",
        "di" + root + "i", "ber" + root, "ter" + root, "se" + root, "ke" + root + "an",
        "per" + root + "an", me, me + "kan", me + "i", pe, pe + "an", "memper" + root + "kan",
        "diper" + root + "kan", "ber" + root + "an", root + "lah", "ke" + root + "nya",
    ]  # fmt: skip


def _pseudo_word(rng: random.Random) -> str:
    onsets = ["", "b", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "ng", "ny"]
    vowels = "aaiiueo"
    return "".join(
        rng.choice(onsets) + rng.choice(vowels) + rng.choice(["", "", "n", "r", "k", "ng", "t"])
        for _ in range(rng.randint(2, 4))
    )


@dataclass
class Vocabulary:
    """Zipf-ranked word list (an entry may be a two-word collocation)."""

    words: list[str]
    weights: list[float]
    sample_words: int
    roots: list[str]
    collocations: list[str]
    table: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        total = sum(self.weights)
        for word, weight in zip(self.words, self.weights, strict=True):
            self.table.extend([word] * max(1, round(_DRAW_SLOTS * weight / total)))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.table, k=k)


def build_vocabulary(size: int, seed: int) -> Vocabulary:
    articles = json.loads(SAMPLE_ARTICLES.read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for article in articles:
        if article.get("language", "id") != "id":
            continue
        for chunk in [article["title"], article.get("description") or "", *article["paragraphs"]]:
            words = [w.lower() for w in _LETTERS.findall(chunk)]
            counts.update(words)
            pairs.update(
                f"{a} {b}"
                for a, b in itertools.pairwise(words)
                if len(a) >= 4 and len(b) >= 4 and not {a, b} & FUNCTION_WORDS
            )
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    collocations = [p for p, n in sorted(pairs.items(), key=lambda x: (-x[1], x[0])) if n >= 3]
    known = set(ranked)
    rng = random.Random(seed)
    # Roots: sample words that carry no affix already (no "kemeningkatnyanya").
    roots = [w for w in ranked if len(w) >= 4 and not _AFFIXED.search(w)]
    generated = []
    for root in roots:
        for form in _forms(root):
            if form not in known:
                known.add(form)
                generated.append(form)
    rng.shuffle(generated)
    words = ranked + generated
    while len(words) < size:
        word = _pseudo_word(rng)
        if word not in known:
            known.add(word)
            words.append(word)
    words = words[:size]
    # Collocations ("angin kencang", "harga beras") take ranks among the common words.
    for k, collocation in enumerate(collocations[:120]):
        words.insert(60 + 15 * k, collocation)
    weights = [1.0 / (rank + 2.7) for rank in range(1, len(words) + 1)]
    return Vocabulary(words, weights, len(ranked), roots, collocations[:120])


@dataclass(frozen=True)
class SiteSpec:
    key: str
    host: str
    zone: timezone
    family: str  # portal, paged, wordpress: the URL shape
    dateline: str | None  # portal ("JAKARTA, X.com"), agency ("Jakarta (X)"), or None
    places: tuple[str, ...]
    sections: tuple[str, ...]
    section_weights: tuple[float, ...]
    reporters: tuple[str, ...]

    def dateline_for(self, place: str) -> str | None:
        brand = self.key.upper()
        if self.dateline == "portal":
            return f"{place.upper()}, {brand}.com"
        if self.dateline == "agency":
            return f"{place} ({brand})"
        return None


def build_sites(seed: int) -> tuple[list[SiteSpec], list[float]]:
    rng = random.Random(seed + 1)
    sites = []
    for number, key in enumerate(SITE_KEYS):
        wita = key in WITA_SITES
        national = number % 3 == 0
        places = PLACES_WIB + PLACES_WITA if national else (PLACES_WITA if wita else PLACES_WIB)
        sections = rng.sample(SECTIONS, rng.randint(6, 12))
        reporters = tuple(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            for _ in range(rng.randint(30, 150))
        )
        sites.append(
            SiteSpec(
                key=key,
                host=f"www.{key}." + ("com" if number % 4 else "co.id"),
                zone=WITA if wita else WIB,
                family=("portal", "paged", "wordpress")[number % 3],
                dateline=("portal", "agency", "portal", None)[number % 4],
                places=tuple(places),
                sections=tuple(sections),
                section_weights=tuple(1.0 / (r + 1) for r in range(len(sections))),
                reporters=reporters,
            )
        )
    # Big portals publish far more than regional sites.
    weights = [1.0 / (r + 1) ** 0.8 for r in range(len(sites))]
    return sites, weights


@dataclass
class Story:
    """An article before it becomes a record: paragraphs are lists of sentences."""

    index: int
    site: SiteSpec
    place: str
    title: str
    paragraphs: list[list[str]]  # a heading paragraph is ["## ..."]
    authors: list[str]
    published: datetime
    bare_date: bool
    updated: datetime | None
    section: str
    tags: list[str]
    has_description: bool
    has_image: bool


@dataclass
class GenStats:
    articles: int = 0
    kinds: Counter = field(default_factory=Counter)
    seconds: float = 0.0  # everything, simhash included
    simhash_seconds: float = 0.0
    words_min: int = 10**9
    words_max: int = 0
    words_total: int = 0
    body_chars: int = 0
    write_seconds: float = 0.0  # pickling the batches to the corpus file
    file_bytes: int = 0
    # url of each near-duplicate generated -> url of the article it copies
    expected_links: dict[str, str] = field(default_factory=dict)


def _slug(title: str) -> str:
    return "-".join(w.lower() for w in _LETTERS.findall(title))[:80].strip("-")


class Corpus:
    """Deterministic synthetic Indonesian news; ``record(i)`` depends only on seed and i."""

    def __init__(self, seed: int = 20261122, vocab_size: int = 50_000) -> None:
        self.seed = seed
        self.vocab = build_vocabulary(vocab_size, seed)
        self.sites, self.site_weights = build_sites(seed)
        self.site_cum = list(itertools.accumulate(self.site_weights))
        # Titles skip the commonest function words; tags come from the common content words.
        self.title_words = [w for w in self.vocab.words[:20000] if w not in FUNCTION_WORDS]
        self.title_cum = list(
            itertools.accumulate(1.0 / (r + 10) for r in range(len(self.title_words)))
        )
        tags = [w for w in self.vocab.words[30:3000] if w not in FUNCTION_WORDS]
        tags += [p.lower() for p in PLACES_WIB + PLACES_WITA]
        random.Random(seed + 2).shuffle(tags)
        self.tags = tags
        self.tag_cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(tags))))
        self.people = [f"{f} {last}" for f in FIRST_NAMES for last in LAST_NAMES]

    # Each article's own random stream; its first draw decides what kind of article it is.
    def _rng(self, index: int) -> random.Random:
        return random.Random((self.seed << 32) | index)

    @staticmethod
    def _kind_of(draw: float, index: int) -> str:
        if index == 0:
            return "original"
        if draw < NEAR_SHARE:
            return "near"
        if draw < NEAR_SHARE + RESEND_SHARE:
            return "resend"
        return "original"

    def kind(self, index: int) -> str:
        return self._kind_of(self._rng(index).random(), index)

    def _earlier_original(self, rng: random.Random, index: int) -> int | None:
        source = index - 1 - rng.randrange(min(index, COPY_WINDOW))
        while source >= 0 and self.kind(source) != "original":
            source -= 1
        return source if source >= 0 else None

    # -- text ---------------------------------------------------------------------------

    def _sentence(self, rng: random.Random, words: list[str]) -> str:
        if rng.random() < 0.35:  # a person or a place is named
            name = rng.choice(self.people) if rng.random() < 0.6 else rng.choice(PLACES_WIB)
            words[rng.randrange(len(words))] = name
        if len(words) > 8 and rng.random() < 0.5:
            cut = rng.randrange(3, len(words) - 3)
            words[cut] += ","
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + "."

    def _paragraph(self, rng: random.Random, budget: int, story_day: datetime) -> list[str]:
        words = self.vocab.draw(rng, budget)
        sentences, start = [], 0
        while start < len(words):
            length = rng.randint(8, 24)
            if len(words) - start - length < 6:
                length = len(words) - start
            sentences.append(self._sentence(rng, words[start : start + length]))
            start += length
        if rng.random() < 0.25:  # a quote with its attribution
            person = rng.choice(self.people)
            day = story_day.date()
            quote = " ".join(sentences)[:-1]
            return [
                f'"{quote}," {rng.choice(SAYS)} {person} di {rng.choice(PLACES_WIB)}, '
                f"{WEEKDAYS[day.weekday()]} ({day.day}/{day.month}/{day.year})."
            ]
        return sentences

    def _title(self, rng: random.Random) -> str:
        count = rng.randint(6, 14)
        words: list[str] = []
        for word in rng.choices(self.title_words, cum_weights=self.title_cum, k=count):
            words.extend(word.split())
        words = words[:count]
        if rng.random() < 0.4:
            words[rng.randrange(len(words))] = rng.choice(PLACES_WIB + PLACES_WITA)
        return " ".join(w if w in FUNCTION_WORDS else w[:1].upper() + w[1:] for w in words)

    def _fit(self, rng: random.Random, paragraphs: list[list[str]], day: datetime) -> None:
        """Trim or extend the body to MIN_WORDS..MAX_WORDS words, whether or not a
        dateline lead (three words) opens it, and a copy's edit (a word more or less)."""
        words = sum(len(s.split()) for p in paragraphs for s in p)
        while words + 3 + 1 > MAX_WORDS:
            longer = [p for p in paragraphs if len(p) > 1]
            if not longer:
                break
            words -= len(longer[-1].pop().split())
        while words - 1 < MIN_WORDS:
            extra = self._sentence(rng, self.vocab.draw(rng, 12))
            paragraphs[-1 if not paragraphs[-1][0].startswith("## ") else 0].append(extra)
            words += len(extra.split())

    def story(self, index: int, rng: random.Random | None = None) -> Story:
        """The original article ``index`` (its kind draw already taken from ``rng``)."""
        if rng is None:
            rng = self._rng(index)
            rng.random()
        site = rng.choices(self.sites, cum_weights=self.site_cum)[0]
        place = rng.choice(site.places)
        published = (START + timedelta(minutes=rng.randrange(SPAN_MINUTES))).astimezone(site.zone)
        target = min(900, max(150, int(rng.lognormvariate(math.log(380), 0.45))))
        budget = target - 14  # room for the dateline lead, names and attributions
        count = min(12, max(4, round(target / 70 + rng.gauss(0, 1.2))))
        shares = [rng.uniform(0.6, 1.4) for _ in range(count)]
        scale = budget / sum(shares)
        sizes = [max(8, int(s * scale)) for s in shares]
        paragraphs = [self._paragraph(rng, size, published) for size in sizes]
        if count >= 6 and rng.random() < 0.2:
            heading = " ".join(self.vocab.draw(rng, rng.randint(2, 4)))
            paragraphs[count // 2] = ["## " + heading[0].upper() + heading[1:]]
        self._fit(rng, paragraphs, published)
        authors = rng.sample(site.reporters, 1 if rng.random() < 0.75 else 2)
        updated = None
        if rng.random() < 0.35:
            updated = published + timedelta(minutes=rng.randint(5, 3000))
        tags = list(
            dict.fromkeys(rng.choices(self.tags, cum_weights=self.tag_cum, k=rng.randint(1, 6)))
        )
        section = rng.choices(site.sections, weights=site.section_weights)[0]
        return Story(
            index=index,
            site=site,
            place=place,
            title=self._title(rng),
            paragraphs=paragraphs,
            authors=authors,
            published=published,
            bare_date=site.family == "wordpress" and rng.random() < 0.05,
            updated=updated,
            section=section,
            tags=tags,
            has_description=rng.random() < 0.85,
            has_image=rng.random() < 0.9,
        )

    def _near_copy(self, rng: random.Random, index: int, source: Story) -> Story:
        """``source`` republished on another site: its dateline, one sentence edited."""
        site = source.site
        while site is source.site:
            site = rng.choices(self.sites, cum_weights=self.site_cum)[0]
        paragraphs = [list(p) for p in source.paragraphs]
        prose = [i for i, p in enumerate(paragraphs) if not p[0].startswith("## ")]
        paragraph = paragraphs[rng.choice(prose)]
        position = rng.randrange(len(paragraph))
        words = paragraph[position].split(" ")
        for _ in range(rng.randint(1, 3)):
            spot = rng.randrange(len(words))
            replacement = self.vocab.draw(rng, 1)[0]
            while replacement == words[spot]:
                replacement = self.vocab.draw(rng, 1)[0]
            words[spot] = replacement
        paragraph[position] = " ".join(words)
        title = source.title
        if rng.random() < 0.4:
            title_words = title.split()
            title_words[rng.randrange(len(title_words))] = rng.choice(self.title_words).title()
            title = " ".join(title_words)
        published = (source.published + timedelta(minutes=rng.randint(10, 720))).astimezone(
            site.zone
        )
        return Story(
            index=index,
            site=site,
            place=source.place,
            title=title,
            paragraphs=paragraphs,
            authors=source.authors if rng.random() < 0.5 else [rng.choice(site.reporters)],
            published=published,
            bare_date=False,
            updated=None,
            section=rng.choices(site.sections, weights=site.section_weights)[0],
            tags=source.tags[: rng.randint(1, len(source.tags))],
            has_description=source.has_description,
            has_image=rng.random() < 0.9,
        )

    def _dateline(self, story: Story, copy_of: Story | None) -> str | None:
        dateline = story.site.dateline_for(story.place)
        if copy_of is not None:
            original = copy_of.site.dateline_for(copy_of.place)
            if dateline == original:  # a copy always shows a dateline of its own
                dateline = f"{story.place} (ANTARA)"
        return dateline

    def _to_record(self, story: Story, dateline: str | None, stats: GenStats | None) -> dict:
        site = story.site
        texts = [" ".join(p) for p in story.paragraphs]
        first_sentence = story.paragraphs[0][0]
        if dateline:
            texts[0] = f"{dateline} - {texts[0]}"
        body = "\n\n".join(texts)
        day = story.published
        slug = _slug(story.title)
        number = 4_000_000 + story.index
        if site.family == "portal":
            url = f"https://{site.host}/read/{day:%Y/%m/%d}/{number}/{slug}"
            seen = url
        elif site.family == "paged":
            url = f"https://{site.host}/{story.section.lower()}/{number}/{slug}"
            seen = url + "?page=all"
        else:
            url = f"https://{site.host}/{slug}-{number}/"
            seen = url
        published = day.date().isoformat() if story.bare_date else day.isoformat()
        description = None
        if story.has_description:
            description = first_sentence if len(first_sentence) <= 200 else (
                first_sentence[:197].rsplit(" ", 1)[0] + "..."
            )  # fmt: skip
        started = time.perf_counter()
        fingerprint = simhash(story_text(body, dateline))
        if stats is not None:
            stats.simhash_seconds += time.perf_counter() - started
        return {
            "url": url,
            "url_seen": seen,
            "site": site.key,
            "title": story.title,
            "authors": list(story.authors),
            "published": published,
            "updated": story.updated.isoformat() if story.updated else None,
            "section": story.section,
            "tags": list(story.tags),
            "description": description,
            "image": f"https://cdn.{site.host[4:]}/images/{day:%Y/%m/%d}/{slug[:50]}.jpg"
            if story.has_image
            else None,
            "language": "id",
            "body": body,
            "word_count": len(body.split()),
            "content_hash": content_hash(body),
            "dateline": dateline,
            "simhash": fingerprint,
        }

    def record(self, index: int, stats: GenStats | None = None) -> tuple[str, dict, str | None]:
        """(kind, record, url of the copied article for a near-duplicate)."""
        rng = self._rng(index)
        kind = self._kind_of(rng.random(), index)
        source_index = self._earlier_original(rng, index) if kind != "original" else None
        if source_index is None:
            kind = "original"
        if kind == "original":
            story = self.story(index, rng)
            return kind, self._to_record(story, self._dateline(story, None), stats), None
        source = self.story(source_index)
        source_record = self._to_record(source, self._dateline(source, None), None)
        if kind == "resend":
            if stats is not None:  # the producer fingerprints every page it hands over
                started = time.perf_counter()
                simhash(story_text(source_record["body"], source_record["dateline"]))
                stats.simhash_seconds += time.perf_counter() - started
            return kind, source_record, None
        copy = self._near_copy(rng, index, source)
        return (
            kind,
            self._to_record(copy, self._dateline(copy, source), stats),
            source_record["url"],
        )

    def records(self, count: int, stats: GenStats) -> Iterator[dict]:
        """Articles 0..count-1, timed into ``stats`` (generation apart from the consumer)."""
        for index in range(count):
            started = time.perf_counter()
            kind, record, copied = self.record(index, stats)
            stats.seconds += time.perf_counter() - started
            stats.articles += 1
            stats.kinds[kind] += 1
            if copied:
                stats.expected_links[record["url"]] = copied
            words = record["word_count"]
            stats.words_min = min(stats.words_min, words)
            stats.words_max = max(stats.words_max, words)
            stats.words_total += words
            stats.body_chars += len(record["body"])
            yield record


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


@dataclass
class Query:
    name: str
    text: str
    filter: ArticleFilter = field(default_factory=ArticleFilter)


def representative_queries(corpus: Corpus) -> list[Query]:
    """Ten queries whose words are picked by rank in the Zipf vocabulary."""
    words = corpus.vocab.words

    def content_word(start: int, min_len: int = 5) -> str:
        for word in words[start:]:
            if " " not in word and len(word) >= min_len and word not in FUNCTION_WORDS:
                return word
        raise ValueError("vocabulary too small")

    common = content_word(20, 7)
    rare = content_word(int(len(words) * 0.6), 6)
    a, b = content_word(150), content_word(400)
    phrase = corpus.vocab.collocations[20]
    root = next(
        r for r in corpus.vocab.roots[150:] if len(r) >= 5 and r + "kan" in set(words[:20000])
    )
    or_a, or_b = content_word(300), content_word(700)
    excl = content_word(60)
    mid = content_word(250)
    site = corpus.sites[0].key
    section_site = corpus.sites[0]
    return [
        Query("common word", common),
        Query("rare word", rare),
        Query("two words (AND)", f"{a} {b}"),
        Query("phrase", f'"{phrase}"'),
        Query("prefix", f"{root}*"),
        Query("OR", f"{or_a} OR {or_b}"),
        Query("exclusion", f"{common} -{excl}"),
        Query("site filter", mid, ArticleFilter.from_options(site=[site])),
        Query(
            "date range",
            mid,
            ArticleFilter.from_options(since="2024-01-01", until="2024-03-31"),
        ),
        Query(
            "section + lang",
            mid,
            ArticleFilter.from_options(section=section_site.sections[0], lang="id"),
        ),
    ]


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def fmt_duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def fmt_bytes(size: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size:.0f} B"
        size /= 1024
    return f"{size:.1f} GiB"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


class Profiler:
    """cProfile around one phase when asked for (entered as often as needed), top
    functions printed by :meth:`report`."""

    def __init__(self, wanted: bool, label: str) -> None:
        self.profile = cProfile.Profile() if wanted else None
        self.label = label

    def __enter__(self) -> Profiler:
        if self.profile:
            self.profile.enable()
        return self

    def __exit__(self, *exc) -> None:
        if self.profile:
            self.profile.disable()

    def report(self) -> None:
        if not self.profile:
            return
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(self.profile, stream=out).sort_stats(order).print_stats(30)
            print(f"\n--- profile of {self.label}, top 30 by {order} ---")
            lines = out.getvalue().splitlines()
            start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
            print("\n".join(lines[max(0, start - 4) :]))


@dataclass
class BackendResult:
    backend: str
    articles: int = 0
    upsert_rate: float = 0.0
    store_seconds: float = 0.0
    wall_seconds: float = 0.0
    read_seconds: float = 0.0
    outcomes: Counter = field(default_factory=Counter)
    links: dict[str, int] = field(default_factory=dict)
    search_p50: float = 0.0
    search_p95: float = 0.0
    export_rate: float = 0.0
    parquet_rate: float = 0.0
    size: int = 0
    stored: int = 0
    peak_mib: float = 0.0


def generate(corpus: Corpus, args: argparse.Namespace, path: Path) -> GenStats:
    """Write the corpus to ``path`` as pickled batches, timing generation on its own.

    Every backend then loads the very same records, read back batch by batch (memory
    stays flat), and the store's figures carry no generation time.
    """
    stats = GenStats()
    every = args.progress_every
    batch: list[dict] = []
    written = 0
    started = time.perf_counter()
    print(f"\n=== generating {args.articles:,} articles -> {path} ===")
    with open(path, "wb") as fh:
        for record in corpus.records(args.articles, stats):
            batch.append(record)
            if len(batch) == args.batch or stats.articles == args.articles:
                t0 = time.perf_counter()
                pickle.dump(batch, fh, protocol=pickle.HIGHEST_PROTOCOL)
                stats.write_seconds += time.perf_counter() - t0
                before, written = written, written + len(batch)
                batch = []
                if written // every > before // every or written == args.articles:
                    print(
                        f"  {written:>10,}  generated {written / stats.seconds:>6,.0f}/s "
                        f"(simhash {1e6 * stats.simhash_seconds / written:,.0f} µs/article)  "
                        f"elapsed {fmt_duration(time.perf_counter() - started)}",
                        flush=True,
                    )
    stats.file_bytes = path.stat().st_size
    n = stats.articles
    print(
        f"  generation: {stats.seconds:.1f} s for {n:,} articles = {n / stats.seconds:,.0f}/s, "
        f"{1e6 * stats.seconds / n:,.0f} µs/article, of which the producer's simhash "
        f"{stats.simhash_seconds:.1f} s = {1e6 * stats.simhash_seconds / n:,.0f} µs/article "
        f"(text, metadata and content_hash {1e6 * (stats.seconds - stats.simhash_seconds) / n:,.0f}"
        f" µs/article); writing the batches {stats.write_seconds:.1f} s, "
        f"{fmt_bytes(stats.file_bytes)}"
    )
    kinds = ", ".join(f"{k} {v:,}" for k, v in sorted(stats.kinds.items()))
    print(
        f"  corpus: {kinds}; body words {stats.words_min}-{stats.words_max} "
        f"(mean {stats.words_total / n:.0f}); mean body {stats.body_chars / n:,.0f} chars"
    )
    return stats


def read_batches(path: Path, timer: list[float]) -> Iterator[list[dict]]:
    """The pickled batches of :func:`generate`, one at a time; read time added to timer."""
    with open(path, "rb") as fh:
        while True:
            t0 = time.perf_counter()
            try:
                batch = pickle.load(fh)
            except EOFError:
                return
            finally:
                timer[0] += time.perf_counter() - t0
            yield batch


def load(
    store: ArticleStore, corpus_file: Path, args: argparse.Namespace, result: BackendResult
) -> None:
    every = args.progress_every
    store_seconds = 0.0
    read_timer = [0.0]
    started = last_time = time.perf_counter()
    last_store = 0.0
    done = last_done = 0
    profiler = Profiler("upsert" in args.profile, f"upsert ({result.backend})")
    print(f"  loading {args.articles:,} articles in batches of {args.batch:,}")
    for batch in read_batches(corpus_file, read_timer):
        t0 = time.perf_counter()
        with profiler:
            outcome = store.upsert(batch)
        store_seconds += time.perf_counter() - t0
        result.outcomes.update(outcome.outcomes)
        before, done = done, done + len(batch)
        if done // every > before // every or done == args.articles:
            now = time.perf_counter()
            recent = (store_seconds - last_store) or 1e-9
            print(
                f"  {done:>10,}  upsert {done / store_seconds:>6,.0f}/s so far, "
                f"{(done - last_done) / recent:>6,.0f}/s over the last {done - last_done:,}  "
                f"elapsed {fmt_duration(now - started)} (last {done - last_done:,}: "
                f"{now - last_time:.0f} s)",
                flush=True,
            )
            last_store, last_time, last_done = store_seconds, now, done
    profiler.report()
    result.wall_seconds = time.perf_counter() - started
    result.store_seconds = store_seconds
    result.read_seconds = read_timer[0]
    result.upsert_rate = done / store_seconds
    result.articles = done


def check_outcomes(engine: Engine, result: BackendResult, stats: GenStats) -> None:
    expected = Counter(
        inserted=stats.kinds["original"] + stats.kinds["near"], unchanged=stats.kinds["resend"]
    )
    got = result.outcomes
    parts = []
    for outcome in ("inserted", "unchanged", "duplicate", "updated"):
        mark = "ok" if got[outcome] == expected[outcome] else f"EXPECTED {expected[outcome]:,}"
        parts.append(f"{outcome} {got[outcome]:,} ({mark})")
    print("  outcomes: " + ", ".join(parts))
    with engine.connect() as connection:
        pairs = dict(
            connection.execute(
                text(
                    "SELECT a.url, b.url FROM articles a JOIN articles b "
                    "ON b.id = a.near_duplicate_of"
                )
            ).all()
        )
        result.stored = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
    generated = stats.expected_links
    right = sum(1 for url, source in generated.items() if pairs.get(url) == source)
    linked = sum(1 for url in generated if url in pairs)
    spurious = sum(1 for url in pairs if url not in generated)
    result.links = {
        "generated": len(generated),
        "found": len(pairs),
        "right": right,
        "wrong_target": linked - right,
        "missed": len(generated) - linked,
        "spurious": spurious,
    }
    share = 100 * right / len(generated) if generated else 0.0
    print(
        f"  near-duplicates: generated {len(generated):,}, links found {len(pairs):,}: "
        f"{right:,} to the right first copy ({share:.1f} %), {linked - right:,} to another, "
        f"{len(generated) - linked:,} missed, {spurious:,} spurious; "
        f"{result.stored:,} articles stored"
    )


def match_count(engine: Engine, query: str) -> int:
    """How many articles the text part of ``query`` matches (filters ignored)."""
    from storage.search import parse_query, to_fts5, to_tsquery

    groups = parse_query(query)
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            return connection.execute(
                text(
                    "SELECT count(*) FROM articles WHERE search_vector @@ "
                    "to_tsquery('simple'::regconfig, :q)"
                ),
                {"q": to_tsquery(groups)},
            ).scalar_one()
        return connection.execute(
            text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"),
            {"q": to_fts5(groups)},
        ).scalar_one()


def explain(engine: Engine, query: Query) -> None:
    """The plan the database chose for ``query``, as its own EXPLAIN prints it."""
    captured: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        search(engine, query.text, query.filter)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, parameters = captured[-1]
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if engine.dialect.name == "postgresql" else (
        "EXPLAIN QUERY PLAN "
    )  # fmt: skip
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
    print(f"\n  plan of {query.name!r} ({query.text}):")
    for row in rows:
        print("    " + " | ".join(str(c) for c in row))


def measure_search(
    engine: Engine, queries: list[Query], args: argparse.Namespace, result: BackendResult
) -> None:
    timings: dict[str, list[float]] = {q.name: [] for q in queries}
    hits: dict[str, int] = {}
    profiler = Profiler("search" in args.profile, f"search ({result.backend})")
    warm: list[str] = []
    with profiler:
        for query in queries:  # warm-up
            started = time.perf_counter()
            hits[query.name] = len(search(engine, query.text, query.filter))
            warm.append(f"{query.name} {1000 * (time.perf_counter() - started):,.0f}")
        print("  search warm-up (ms): " + ", ".join(warm), flush=True)
        # A query whose timed runs have used up --search-budget seconds (after at least
        # three runs) stops early, so one very slow query cannot hold the run for hours.
        for _ in range(args.runs):
            for query in queries:
                values = timings[query.name]
                if len(values) >= 3 and sum(values) > 1000 * args.search_budget:
                    continue
                started = time.perf_counter()
                search(engine, query.text, query.filter)
                values.append(1000 * (time.perf_counter() - started))
    profiler.report()
    rows = []
    for query in queries:
        values = timings[query.name]
        rows.append(
            [
                query.name,
                query.text + _filter_note(query.filter),
                f"{match_count(engine, query.text):,}",
                hits[query.name],
                len(values),
                f"{percentile(values, 0.5):.1f}",
                f"{percentile(values, 0.95):.1f}",
                f"{max(values):.1f}",
            ]
        )
    everything = [t for values in timings.values() for t in values]
    result.search_p50 = percentile(everything, 0.5)
    result.search_p95 = percentile(everything, 0.95)
    rows.append(
        ["all", "", "", "", len(everything), f"{result.search_p50:.1f}",
         f"{result.search_p95:.1f}", f"{max(everything):.1f}"]
    )  # fmt: skip
    print(
        f"  search, up to {args.runs} runs per query after a warm-up, limit 20 (ms; matches "
        f"= articles the text matches, filters aside):"
    )
    table = format_table(
        ["query", "text", "matches", "hits", "runs", "p50", "p95", "max"],
        rows,
        align="llrrrrrr",
    )
    print("\n".join("    " + line for line in table.splitlines()))
    verdict = "met" if result.search_p95 <= GOAL_SEARCH_P95 else "MISSED"
    print(f"  search goal p95 <= {GOAL_SEARCH_P95:.0f} ms: {verdict}")
    if args.explain:
        slowest = max(queries, key=lambda q: percentile(timings[q.name], 0.95))
        explain(engine, slowest)


def _filter_note(article_filter: ArticleFilter) -> str:
    notes = []
    if article_filter.sites:
        notes.append("site=" + ",".join(article_filter.sites))
    if article_filter.since or article_filter.until:
        notes.append("2024-01-01..2024-03-31 WIB")
    if article_filter.section:
        notes.append(f"section={article_filter.section}")
    if article_filter.language:
        notes.append(f"lang={article_filter.language}")
    return f"  [{'; '.join(notes)}]" if notes else ""


def measure_export(
    engine: Engine, workdir: Path, args: argparse.Namespace, result: BackendResult
) -> None:
    target = Path(os.devnull) if args.export_null else workdir / f"export-{result.backend}.jsonl"
    profiler = Profiler("export" in args.profile, f"export ({result.backend})")
    with profiler:
        started = time.perf_counter()
        with open(target, "w", encoding="utf-8") as fh:
            written = write_jsonl(iter_article_rows(engine), fh)
        seconds = time.perf_counter() - started
    profiler.report()
    result.export_rate = written / seconds
    size = "" if args.export_null else f", {fmt_bytes(target.stat().st_size)}"
    print(
        f"  export JSONL: {written:,} rows in {seconds:.1f} s = {result.export_rate:,.0f} rows/s "
        f"-> {target}{size}"
    )
    parquet = workdir / f"export-{result.backend}.parquet"
    rows = iter_article_rows(engine)
    started = time.perf_counter()
    try:
        written = write_parquet(itertools.islice(rows, PARQUET_ROWS), parquet)
    finally:
        rows.close()
    seconds = time.perf_counter() - started
    result.parquet_rate = written / seconds
    print(
        f"  export Parquet: {written:,} rows in {seconds:.1f} s = {result.parquet_rate:,.0f} "
        f"rows/s -> {parquet}, {fmt_bytes(parquet.stat().st_size)}"
    )
    if not args.keep:
        for path in (target, parquet):
            if path != Path(os.devnull):
                path.unlink(missing_ok=True)


def database_size(engine: Engine, sqlite_path: Path | None) -> tuple[int, str]:
    if sqlite_path is not None:
        parts = {
            suffix: Path(str(sqlite_path) + suffix).stat().st_size
            for suffix in ("", "-wal", "-shm")
            if Path(str(sqlite_path) + suffix).exists()
        }
        detail = " + ".join(f"{name or 'file'} {fmt_bytes(size)}" for name, size in (
            (suffix.lstrip("-"), size) for suffix, size in parts.items()
        ))  # fmt: skip
        return sum(parts.values()), detail
    with engine.connect() as connection:
        size = connection.execute(text("SELECT pg_database_size(current_database())")).scalar()
        tables = connection.execute(
            text(
                "SELECT pg_size_pretty(pg_table_size('articles')), "
                "pg_size_pretty(pg_indexes_size('articles'))"
            )
        ).one()
    return size, f"articles table {tables[0]} + its indexes {tables[1]}"


def run_backend(
    backend: str,
    corpus_file: Path,
    stats: GenStats,
    queries: list[Query],
    args: argparse.Namespace,
    workdir: Path,
) -> BackendResult:
    import psycopg

    result = BackendResult(backend)
    print(f"\n=== {backend} ===")
    sqlite_path = None
    pg_name = None
    admin = make_url(args.pg_admin_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    if backend == "sqlite":
        sqlite_path = workdir / "warta_bench.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(sqlite_path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{sqlite_path}"
        print(f"  database: {sqlite_path}")
    else:
        pg_name = f"warta_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        url = admin.set(drivername="postgresql+psycopg", database=pg_name).render_as_string(
            hide_password=False
        )
        print(f"  database: {pg_name} on {admin.host}:{admin.port or 5432}")
    try:
        engine = open_database(url)
        if pg_name:
            with engine.connect() as connection:
                autovacuum = connection.execute(text("SHOW autovacuum")).scalar()
            if autovacuum != "on":
                print(
                    "  NOTE: autovacuum is off on this server: the store vacuums and analyzes "
                    "the articles by autovacuum's default rules itself (the search vector "
                    "is never analyzed; see --optimize)"
                )
        store = ArticleStore(engine=engine)
        load(store, corpus_file, args, result)
        verdict = "met" if result.upsert_rate >= GOAL_UPSERT else "MISSED"
        print(
            f"  upsert: {result.articles:,} articles, {result.store_seconds:.1f} s in upsert = "
            f"{result.upsert_rate:,.0f} articles/s (goal >= {GOAL_UPSERT:,.0f}: {verdict}); "
            f"reading the corpus file {result.read_seconds:.1f} s; wall-clock "
            f"{fmt_duration(result.wall_seconds)}"
        )
        check_outcomes(engine, result, stats)
        if args.optimize:
            started = time.perf_counter()
            done = ", ".join(optimize(engine))
            print(f"  optimize after the load ({done}): {time.perf_counter() - started:.1f} s")
        if not args.profile or "search" in args.profile:
            measure_search(engine, queries, args, result)
        if not args.profile or "export" in args.profile:
            measure_export(engine, workdir, args, result)
        result.size, detail = database_size(engine, sqlite_path)
        per = result.size / result.stored if result.stored else 0
        print(f"  size: {fmt_bytes(result.size)} ({detail}); {per:,.0f} bytes/article")
        result.peak_mib = peak_rss_mib()
        print(f"  peak memory of this process so far (maxrss): {result.peak_mib:,.0f} MiB")
    finally:
        open_database.cache_clear()
        if "engine" in locals():
            engine.dispose()
        if sqlite_path is not None and not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(sqlite_path) + suffix).unlink(missing_ok=True)
        if pg_name and not args.keep:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
            print(f"  dropped {pg_name}")
        elif pg_name:
            print(f"  kept {pg_name}")
    return result


def print_summary(results: list[BackendResult]) -> None:
    rows = []
    for r in results:
        rows.append(
            [
                r.backend,
                f"{r.articles:,}",
                f"{r.upsert_rate:,.0f}",
                f"{r.search_p50:.1f} / {r.search_p95:.1f}",
                f"{r.export_rate:,.0f}",
                f"{r.parquet_rate:,.0f}",
                fmt_bytes(r.size),
                f"{r.size / r.stored:,.0f}" if r.stored else "-",
                "met" if r.upsert_rate >= GOAL_UPSERT else "MISSED",
                "met" if r.search_p95 and r.search_p95 <= GOAL_SEARCH_P95 else "MISSED",
            ]
        )
    headers = [
        "backend",
        "articles",
        "upsert/s",
        "search p50/p95 ms",
        "export rows/s",
        "parquet rows/s",
        "size",
        "B/article",
        f"upsert>={GOAL_UPSERT:,.0f}/s",
        f"p95<={GOAL_SEARCH_P95:.0f}ms",
    ]
    print("\n" + format_table(headers, rows))
    print(f"peak memory (maxrss) of the whole run: {peak_rss_mib():,.0f} MiB")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=1000, help="articles per upsert")
    parser.add_argument("--progress-every", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per search query")
    parser.add_argument(
        "--search-budget",
        type=float,
        default=120.0,
        help="seconds of timed runs per query after which it stops (at least 3 runs)",
    )
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--vocab", type=int, default=50_000, help="vocabulary size")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep databases and exports")
    parser.add_argument("--export-null", action="store_true", help="export JSONL to /dev/null")
    parser.add_argument("--pg-admin-url", default=PG_ADMIN_URL)
    parser.add_argument(
        "--profile",
        default="",
        help="comma-separated phases to cProfile (upsert, search, export); the others "
        "except the load are skipped",
    )
    parser.add_argument("--explain", action="store_true", help="plan of the slowest query")
    parser.add_argument(
        "--optimize",
        action="store_true",
        help="run `warta db optimize` after the load, before searching",
    )
    args = parser.parse_args(argv)
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.profile = {p.strip() for p in args.profile.split(",") if p.strip()}
    if args.profile - {"upsert", "search", "export"}:
        parser.error("--profile takes upsert, search and/or export")
    unknown = set(args.backends) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    if args.articles < 1 or args.batch < 1:
        parser.error("--articles and --batch must be at least 1")
    # A quick run still shows a few progress lines.
    args.progress_every = max(args.batch, min(args.progress_every, args.articles // 4 or 1))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    corpus = Corpus(args.seed, args.vocab)
    print(
        f"storage_scale: {args.articles:,} articles, batch {args.batch:,}, backends "
        f"{', '.join(args.backends)}, seed {args.seed}; vocabulary {len(corpus.vocab.words):,} "
        f"entries ({corpus.vocab.sample_words:,} sample words, "
        f"{len(corpus.vocab.collocations)} collocations, the rest generated), built in "
        f"{time.perf_counter() - started:.1f} s; {len(corpus.sites)} sites"
    )
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    queries = representative_queries(corpus)
    made_workdir = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="warta_bench_")) if made_workdir else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    corpus_file = workdir / f"corpus-{args.seed}-{args.vocab}-{args.articles}-{args.batch}.pickle"
    stats_file = corpus_file.with_suffix(".stats.pickle")
    try:
        if corpus_file.exists() and stats_file.exists():
            print(f"\n=== reusing the corpus in {corpus_file} ===")
            stats = pickle.loads(stats_file.read_bytes())
        else:
            stats = generate(corpus, args, corpus_file)
            stats_file.write_bytes(pickle.dumps(stats))
        for backend in args.backends:
            results.append(run_backend(backend, corpus_file, stats, queries, args, workdir))
    finally:
        if not args.keep:
            corpus_file.unlink(missing_ok=True)
            stats_file.unlink(missing_ok=True)
        if made_workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.keep:
            print(f"\nkept {workdir}")
    print_summary(results)
    print(f"total time {fmt_duration(time.perf_counter() - started)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
