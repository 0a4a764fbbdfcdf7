"""A fictional news-agency portal for the discovery tests, written for warta: no sitemap,
an RSS feed and a home page with today's stories only, and an "Indeks Berita" per day.
Every older story is reachable only through the dated index pages.

The index comes in three shapes, as real portals have them:

- ``query``: ``/indeks?date=2024-05-06`` and ``&page=2``; ``/indeks`` (today) shows a
  strip of links to the ten days before, and each day links the day before and after;
- ``path``: ``/indeks/2024/05/06`` and ``/indeks/2024/05/06/2``; days link only the day
  before and after (a chain);
- ``form``: ``/indeks?tanggal=06-05-2024``; no day links another, only a date-picker form
  holding the day shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape

from crawler.sample_site.common import indonesian_date
from crawler.sample_site.site import BuiltSite, Page

HOST = "www.kantorberitanusa.example"
NAME = "Kantor Berita Nusa"
FIRST_DAY = date(2024, 4, 30)
INDEX_PAGE_SIZE = 3
SHAPES = ("query", "path", "form")


@dataclass(frozen=True)
class Story:
    id: int
    day: date
    time: str  # HH:MM, WIB
    slug: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/berita/{self.id}/{self.slug}"

    @property
    def published(self) -> str:
        return f"{self.day.isoformat()}T{self.time}:00+07:00"


STORIES = (
    Story(5100001, date(2024, 4, 30), "08:10", "dermaga-baru-pulau-seribu-mulai-dipakai",
          "Dermaga baru Pulau Seribu mulai dipakai kapal penumpang",
          ("Dermaga baru di Pulau Pramuka mulai dipakai kapal penumpang sejak Selasa pagi setelah "
           "pembangunan yang berlangsung hampir dua tahun.",
           "Kepala dinas perhubungan setempat mengatakan dermaga itu mampu menampung empat kapal "
           "sekaligus sehingga antrean penumpang pada akhir pekan dapat dikurangi.",
           "Warga berharap jadwal kapal dari Muara Angke juga ditambah agar pedagang bisa "
           "mengirim hasil laut ke Jakarta lebih cepat.")),
    Story(5100002, date(2024, 5, 1), "09:20", "buruh-gelar-aksi-damai-hari-buruh-di-semarang",
          "Buruh gelar aksi damai Hari Buruh di Semarang",
          ("Ribuan buruh dari berbagai serikat menggelar aksi damai di depan kantor gubernur Jawa "
           "Tengah di Semarang untuk memperingati Hari Buruh.",
           "Mereka menyampaikan tuntutan tentang upah layak, jaminan kesehatan, dan kepastian "
           "kontrak kerja bagi pekerja pabrik garmen di kawasan industri.",
           "Aparat kepolisian mengatur lalu lintas di sekitar Simpang Lima dan aksi berakhir "
           "tertib menjelang siang hari.")),
    Story(5100003, date(2024, 5, 2), "10:05", "siswa-di-kupang-rayakan-hari-pendidikan-nasional",
          "Siswa di Kupang rayakan Hari Pendidikan Nasional dengan pentas seni",
          ("Ratusan siswa sekolah dasar di Kupang merayakan Hari Pendidikan Nasional dengan pentas "
           "tari daerah dan pembacaan puisi di halaman kantor wali kota.",
           "Dinas pendidikan kota mengumumkan tambahan perpustakaan keliling yang akan menyambangi "
           "sekolah di kelurahan pinggiran setiap pekan.",
           "Para guru berharap kegiatan membaca bersama itu menumbuhkan minat baca anak sejak dini "
           "di luar jam pelajaran.")),
    Story(5100004, date(2024, 5, 3), "07:45", "petani-karawang-mulai-panen-raya-padi",
          "Petani Karawang mulai panen raya padi musim tanam pertama",
          ("Petani di Kabupaten Karawang mulai memanen padi musim tanam pertama dengan hasil "
           "rata-rata enam ton gabah kering per hektare.",
           "Ketua kelompok tani di Desa Telagasari mengatakan cuaca yang bersahabat membuat hama "
           "wereng tidak banyak menyerang tanaman tahun ini.",
           "Bulog setempat menyiapkan gudang tambahan untuk menyerap gabah petani dengan harga "
           "sesuai ketentuan pemerintah.")),
    Story(5100005, date(2024, 5, 4), "11:30", "kereta-bandara-yogyakarta-tambah-jadwal-perjalanan",
          "Kereta bandara Yogyakarta tambah jadwal perjalanan akhir pekan",
          ("Operator kereta bandara Yogyakarta menambah enam jadwal perjalanan pada akhir pekan "
           "untuk melayani lonjakan penumpang pesawat.",
           "Manajer humas operator menyebut tingkat keterisian kereta mencapai sembilan puluh "
           "persen sejak awal bulan karena musim liburan sekolah.",
           "Penumpang dapat membeli tiket melalui aplikasi atau loket di stasiun Tugu dan "
           "Wates paling lambat tiga puluh menit sebelum berangkat.")),
    Story(5100006, date(2024, 5, 6), "06:50", "banjir-rob-genangi-permukiman-pesisir-pekalongan",
          "Banjir rob genangi permukiman pesisir Pekalongan",
          ("Banjir rob kembali menggenangi permukiman warga di pesisir utara Pekalongan dengan "
           "ketinggian air mencapai lutut orang dewasa.",
           "Badan penanggulangan bencana daerah mendirikan dapur umum di balai desa dan "
           "menyiagakan perahu karet untuk membantu warga lanjut usia.",
           "Pemerintah kabupaten mempercepat pembangunan tanggul laut yang ditargetkan selesai "
           "sebelum musim pasang tertinggi akhir tahun.")),
    Story(5100007, date(2024, 5, 6), "09:15", "harga-cabai-rawit-di-pasar-medan-turun",
          "Harga cabai rawit di pasar tradisional Medan turun",
          ("Harga cabai rawit di sejumlah pasar tradisional Medan turun menjadi tiga puluh ribu "
           "rupiah per kilogram setelah pasokan dari Karo kembali lancar.",
           "Pedagang di Pasar Petisah mengatakan pembeli mulai kembali berbelanja dalam jumlah "
           "besar menjelang acara adat yang digelar banyak keluarga.",
           "Dinas perdagangan provinsi memantau harga setiap hari agar kenaikan mendadak dapat "
           "segera ditangani dengan operasi pasar.")),
    Story(5100008, date(2024, 5, 6), "13:40", "nelayan-bitung-terima-bantuan-mesin-kapal",
          "Nelayan Bitung terima bantuan mesin kapal hemat bahan bakar",
          ("Seratus nelayan tradisional di Kota Bitung menerima bantuan mesin kapal yang lebih "
           "hemat bahan bakar dari pemerintah provinsi Sulawesi Utara.",
           "Seorang nelayan di Kelurahan Girian mengatakan mesin baru itu memungkinkan dia melaut "
           "lebih jauh tanpa khawatir kehabisan solar.",
           "Dinas kelautan juga melatih para penerima cara merawat mesin agar bantuan dapat "
           "dipakai bertahun-tahun.")),
    Story(5100009, date(2024, 5, 6), "19:25", "festival-tenun-ikat-digelar-di-maumere",
          "Festival tenun ikat digelar di Maumere",
          ("Festival tenun ikat digelar di Maumere dengan menghadirkan penenun dari dua belas "
           "desa di Kabupaten Sikka.",
           "Pengunjung dapat melihat langsung proses pewarnaan benang dengan akar mengkudu dan "
           "daun tarum yang diwariskan turun-temurun.",
           "Panitia berharap festival tahunan itu membuka pasar baru bagi kain tenun hingga ke "
           "mancanegara melalui penjualan daring.")),
    Story(5100010, date(2024, 5, 7), "08:00", "jalan-tol-padang-pekanbaru-seksi-baru-dibuka",
          "Seksi baru jalan tol Padang-Pekanbaru dibuka untuk umum",
          ("Seksi baru jalan tol Padang-Pekanbaru sepanjang tiga puluh kilometer dibuka untuk umum "
           "dan belum dikenai tarif selama dua pekan pertama.",
           "Pengelola jalan tol memperkirakan waktu tempuh dari Padang ke Sicincin berkurang dari "
           "satu setengah jam menjadi sekitar empat puluh menit.",
           "Pengendara diminta mematuhi batas kecepatan karena sebagian rambu dan lampu jalan "
           "masih dalam tahap pemasangan.")),
    Story(5100011, date(2024, 5, 9), "10:45", "listrik-masuk-desa-terpencil-di-halmahera",
          "Listrik dua puluh empat jam masuk desa terpencil di Halmahera",
          ("Warga tiga desa terpencil di Halmahera Timur kini menikmati listrik dua puluh empat "
           "jam setelah pembangkit tenaga surya komunal diresmikan.",
           "Kepala desa mengatakan anak-anak kini dapat belajar pada malam hari dan ibu rumah "
           "tangga mulai membuka usaha es dan kue.",
           "Perusahaan listrik negara berjanji menambah kapasitas baterai agar pasokan tetap "
           "terjaga saat cuaca mendung berhari-hari.")),
    Story(5100012, date(2024, 5, 10), "07:30", "vaksinasi-campak-anak-sekolah-di-makassar",
          "Vaksinasi campak untuk anak sekolah dimulai di Makassar",
          ("Dinas kesehatan Kota Makassar memulai vaksinasi campak dan rubela untuk anak sekolah "
           "dasar setelah temuan kasus di dua kecamatan.",
           "Petugas puskesmas mendatangi sekolah secara bergiliran dan orang tua diminta membawa "
           "buku kesehatan anak untuk pencatatan.",
           "Kepala dinas menargetkan cakupan vaksinasi mencapai sembilan puluh lima persen sebelum "
           "libur kenaikan kelas.")),
    Story(5100013, date(2024, 5, 11), "09:00", "pasar-terapung-banjarmasin-ramai-wisatawan",
          "Pasar terapung Banjarmasin ramai wisatawan",
          ("Pasar terapung di Sungai Martapura, Banjarmasin, ramai dikunjungi wisatawan yang ingin "
           "membeli buah dan kue tradisional langsung dari perahu pedagang.",
           "Para pedagang mulai berjualan sejak subuh dan sebagian besar dagangan sudah habis "
           "sebelum matahari tinggi.",
           "Pemerintah kota menata dermaga kecil di tepi sungai agar wisatawan dapat naik dan "
           "turun perahu dengan aman.")),
    Story(5100014, date(2024, 5, 12), "08:40", "gerhana-matahari-sebagian-teramati-di-ambon",
          "Gerhana matahari sebagian teramati dari Ambon",
          ("Gerhana matahari sebagian teramati dari Kota Ambon pada Minggu pagi dan disaksikan "
           "ratusan warga di pantai.",
           "Petugas badan meteorologi membagikan kacamata khusus dan mengingatkan warga agar "
           "tidak menatap matahari secara langsung.",
           "Fenomena berikutnya yang dapat diamati dari Maluku diperkirakan terjadi beberapa tahun "
           "lagi.")),
)  # fmt: skip


@dataclass
class WirePortal:
    """The built site, and what the tests need to read its request log."""

    site: BuiltSite
    shape: str
    today: date
    stories: dict[str, Story] = field(default_factory=dict)  # URL -> story
    index_days: dict[str, date] = field(default_factory=dict)  # index URL -> its day

    def stories_between(self, since: date, until: date) -> set[str]:
        return {url for url, story in self.stories.items() if since <= story.day <= until}


def day_path(shape: str, day: date, page: int = 1) -> str:
    """The path of a day's index page in the given shape."""
    if shape == "query":
        return f"/indeks?date={day:%Y-%m-%d}" + (f"&page={page}" if page > 1 else "")
    if shape == "path":
        return f"/indeks/{day:%Y/%m/%d}" + (f"/{page}" if page > 1 else "")
    return f"/indeks?tanggal={day:%d-%m-%Y}" + (f"&page={page}" if page > 1 else "")


def _layout(title: str, content: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{escape(title)}'
        f' - {NAME}</title>{head}<link rel="alternate" type="application/rss+xml" '
        f'href="http://{HOST}/rss"></head><body><header><a href="/">{NAME}</a>'
        '<nav><a href="/">Beranda</a> <a href="/indeks">Indeks Berita</a></nav></header>'
        f"<main>{content}</main><footer><p>Hak cipta 2024 {NAME}.</p></footer></body></html>"
    )


def _article(story: Story, url: str) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        "datePublished": story.published,
        "author": {"@type": "Person", "name": "Dewi Lestari Ananda"},
        "publisher": {"@type": "Organization", "name": NAME},
    }
    head = (
        f'<link rel="canonical" href="{url}"><meta property="og:type" content="article">'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    )
    when = indonesian_date(_moment(story))
    body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    content = (
        f'<article><h1>{escape(story.title)}</h1><div class="byline">Dewi Lestari Ananda'
        f' | {when}</div><div class="isi">{body}</div></article>'
    )
    return _layout(story.title, content, head)


def _moment(story: Story) -> datetime:
    return datetime.fromisoformat(story.published)


def _list(stories: list[Story]) -> str:
    items = "".join(
        f'<li><a href="{s.path}">{escape(s.title)}</a> <span>{indonesian_date(_moment(s))}'
        "</span></li>"
        for s in stories
    )
    return f'<ul class="indeks">{items or "<li>Tidak ada berita pada tanggal ini.</li>"}</ul>'


def _navigation(shape: str, day: date, today: date, strip: bool) -> str:
    """Links to other days: a strip of the ten days before (today's index of the
    ``query`` shape), the day before and after (``query`` and ``path``), or a date-picker
    form holding the day shown (``form``)."""
    if shape == "form":
        return (
            '<form class="pilih-tanggal" action="/indeks" method="get">'
            f'<input type="text" name="tanggal" value="{day:%d-%m-%Y}">'
            "<button>Tampilkan</button></form>"
        )
    links = []
    if strip:
        for back in range(1, 11):
            earlier = day - timedelta(days=back)
            links.append(f'<a href="{day_path(shape, earlier)}">{earlier:%d/%m}</a>')
    else:
        links.append(f'<a href="{day_path(shape, day - timedelta(days=1))}">« Sebelumnya</a>')
    if day < today:
        links.append(f'<a href="{day_path(shape, day + timedelta(days=1))}">Berikutnya »</a>')
    return f'<div class="navigasi-tanggal">{" ".join(links)}</div>'


def _pager(shape: str, day: date, page: int, pages: int) -> str:
    if pages == 1:
        return ""
    numbers = " ".join(
        f'<a href="{escape(day_path(shape, day, n))}">{n}</a>' for n in range(1, pages + 1)
    )
    return f'<div class="paging">{numbers}</div>'


def _index_page(shape: str, day: date, today: date, chunk: list[Story], page: int, pages: int):
    title = f"Indeks Berita {day:%d-%m-%Y}"
    content = (
        f"<h1>{title}</h1>{_navigation(shape, day, today, strip=False)}{_list(chunk)}"
        f"{_pager(shape, day, page, pages)}"
    )
    return _layout(title, content)


def build(shape: str, today: date) -> WirePortal:
    """The portal as it stands on ``today``: stories up to that day, an index page per
    day from ``FIRST_DAY``, today's stories alone on the home page and in the feed."""
    site = BuiltSite(key="kantorberitanusa", host=HOST, name=NAME)
    portal = WirePortal(site, shape, today)
    published = [s for s in STORIES if s.day <= today]
    for story in published:
        url = site.url(story.path)
        site.pages[story.path] = Page(_article(story, url))
        site.expected[url] = story
        portal.stories[url] = story
    day = FIRST_DAY
    while day <= today:
        stories = [s for s in published if s.day == day]
        chunks = [
            stories[i : i + INDEX_PAGE_SIZE] for i in range(0, len(stories), INDEX_PAGE_SIZE)
        ] or [[]]
        for number, chunk in enumerate(chunks, start=1):
            path = day_path(shape, day, number)
            site.pages[path] = Page(_index_page(shape, day, today, chunk, number, len(chunks)))
            portal.index_days[site.url(path)] = day
        day += timedelta(days=1)
    newest = [s for s in published if s.day == today]
    site.pages["/"] = Page(
        _layout("Berita Terkini", f"<h1>Berita Terkini</h1>{_list(newest)}").replace(
            "<main>", '<main><a class="more" href="/indeks">Indeks Berita</a>'
        )
    )
    strip = shape == "query"
    today_index = f"<h1>Indeks Berita</h1>{_navigation(shape, today, today, strip)}"
    site.pages["/indeks"] = Page(_layout("Indeks Berita", today_index + _list(newest)))
    site.pages["/rss"] = Page(_feed(site, newest), "application/rss+xml")
    site.pages["/robots.txt"] = Page("User-agent: *\nDisallow: /cari\n", "text/plain")
    return portal


def _feed(site: BuiltSite, stories: list[Story]) -> str:
    items = "".join(
        f"<item><title>{escape(s.title)}</title><link>{site.url(s.path)}</link>"
        f"<pubDate>{_moment(s):%a, %d %b %Y %H:%M:%S %z}</pubDate></item>"
        for s in stories
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{NAME}</title><link>{site.base_url}/</link>{items}</channel></rss>"
    )
