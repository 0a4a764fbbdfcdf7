"""A big synthetic news site for crawl tests and benchmarks: thousands of article pages
of a fictional national portal, "BeritaCermin.com", built deterministically from a seed.

``build_mirror(pages, seed)`` returns a :class:`~crawler.sample_site.site.BuiltSite`
that :class:`~crawler.sample_site.server.SampleSiteServer` serves like the hand-written
sample sites. Every page is a full article page as such portals send it (top bar,
navigation, billboard and in-article ad slots, a "Baca juga" link, byline, tags, share
box, sidebar lists, footer; Open Graph, ``article:*`` meta tags and NewsArticle JSON-LD
with times in WIB, +07:00), and the story is Indonesian prose of 250-700 words in 4-12
paragraphs: sentences drawn from templates and filled from word lists with one
``random.Random`` per article, so no two stories share more than stock phrases.

The site has no profile: a crawl reaches it by URL (``warta crawl
http://www.beritacermin.example/``), the generic discovery reads ``/robots.txt``, which
names the sitemap index ``/sitemap.xml``, whose child news sitemaps list at most
``PER_SITEMAP`` articles each. Article URLs have the shape of the Indonesian web
(``/berita/2026/11/04/5100123/judul-berita``), which the generic rules take for articles.

``site.expected`` maps every canonical article URL to its
:class:`~crawler.sample_site.common.SampleArticle`, as the other sample sites do.
"""

# ruff: noqa: E501 (HTML and sentence templates are written as whole lines, like the
# page templates in templates/)
from __future__ import annotations

import json
import math
import random
import re
from datetime import datetime, timedelta, timezone
from html import escape

from crawler.sample_site.common import (
    DAYS,
    MONTHS,
    SampleArticle,
    body_html,
    indonesian_date,
    news_sitemap,
    robots_txt,
    sitemap_index,
)
from crawler.sample_site.site import BuiltSite, Page

KEY = "beritacermin"
HOST = "www.beritacermin.example"
NAME = "BeritaCermin.com"
PER_SITEMAP = 1000  # article URLs per child news sitemap
FIRST_ID = 5_100_000
WIB = timezone(timedelta(hours=7))
# Stories are spread over November 2026, the newest on the 29th.
YEAR, MONTH, LAST_DAY = 2026, 11, 29
LAST_MOMENT = datetime(YEAR, MONTH, LAST_DAY, 23, 59, tzinfo=WIB)  # no update after it
MIN_WORDS, MAX_WORDS = 250, 700


def _split(text: str, separator: str = "|") -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(separator) if item.strip())


def _lines(text: str) -> tuple[str, ...]:
    return _split(text, "\n")


# --- vocabulary ------------------------------------------------------------------------

# Dateline cities, all in Western Indonesian Time, with their provinces.
CITIES = (
    ("Jakarta", "DKI Jakarta"), ("Bandung", "Jawa Barat"), ("Surabaya", "Jawa Timur"),
    ("Semarang", "Jawa Tengah"), ("Yogyakarta", "DI Yogyakarta"), ("Medan", "Sumatera Utara"),
    ("Palembang", "Sumatera Selatan"), ("Padang", "Sumatera Barat"), ("Pekanbaru", "Riau"),
    ("Jambi", "Jambi"), ("Bengkulu", "Bengkulu"), ("Bandar Lampung", "Lampung"),
    ("Serang", "Banten"), ("Tangerang", "Banten"), ("Bekasi", "Jawa Barat"),
    ("Bogor", "Jawa Barat"), ("Depok", "Jawa Barat"), ("Cirebon", "Jawa Barat"),
    ("Tasikmalaya", "Jawa Barat"), ("Sukabumi", "Jawa Barat"), ("Garut", "Jawa Barat"),
    ("Karawang", "Jawa Barat"), ("Solo", "Jawa Tengah"), ("Magelang", "Jawa Tengah"),
    ("Purwokerto", "Jawa Tengah"), ("Tegal", "Jawa Tengah"), ("Pekalongan", "Jawa Tengah"),
    ("Kudus", "Jawa Tengah"), ("Malang", "Jawa Timur"), ("Kediri", "Jawa Timur"),
    ("Jember", "Jawa Timur"), ("Banyuwangi", "Jawa Timur"), ("Madiun", "Jawa Timur"),
    ("Sidoarjo", "Jawa Timur"), ("Gresik", "Jawa Timur"), ("Probolinggo", "Jawa Timur"),
    ("Pontianak", "Kalimantan Barat"), ("Palangka Raya", "Kalimantan Tengah"),
    ("Batam", "Kepulauan Riau"), ("Tanjungpinang", "Kepulauan Riau"),
    ("Pangkalpinang", "Bangka Belitung"), ("Banda Aceh", "Aceh"), ("Lhokseumawe", "Aceh"),
    ("Pematangsiantar", "Sumatera Utara"), ("Bukittinggi", "Sumatera Barat"),
    ("Dumai", "Riau"), ("Metro", "Lampung"), ("Cilegon", "Banten"),
)  # fmt: skip
FIRST_NAMES = _split(
    "Ahmad|Budi|Citra|Dewi|Eko|Fajar|Gita|Hendra|Indah|Joko|Kartika|Lestari|Muhammad|Nur|"
    "Oktaviani|Putri|Rizky|Siti|Taufik|Utami|Wahyu|Yusuf|Zainal|Agus|Bambang|Dian|Fitri|"
    "Hadi|Irfan|Kurnia|Lina|Maya|Nanda|Rahmat|Sri|Teguh|Wulan|Yanti|Arif|Bayu|Dimas|Endang|"
    "Farhan|Galih|Hasan|Intan|Januar|Kiki|Laras|Mulyadi|Novi|Pratiwi|Reza|Sinta|Tri|Umar|"
    "Vina|Wawan|Yogi|Zulkifli|Andi|Bagus|Cahya|Dodi|Erna|Ferry|Gilang|Hana|Ilham|Jefri|"
    "Kevin|Lukman|Mega|Nita|Puji|Rudi|Sari|Tomi|Wiwik|Yudi"
)
LAST_NAMES = _split(
    "Saputra|Wijaya|Pratama|Santoso|Hidayat|Nugroho|Setiawan|Kusuma|Siregar|Nasution|"
    "Harahap|Lubis|Simanjuntak|Sitompul|Purnomo|Susanto|Gunawan|Permana|Ramadhan|Hakim|"
    "Syahputra|Firmansyah|Maulana|Wibowo|Hartono|Suryadi|Rahman|Iskandar|Halim|Sembiring|"
    "Tanjung|Panjaitan|Situmorang|Anggraini|Rahmawati|Puspita|Wulandari|Handayani|Fauzi|"
    "Effendi|Kurniasih|Sulistyo|Prasetyo|Hermawan|Sudirman|Mahendra|Ardiansyah|Batubara|"
    "Pohan|Daulay|Matondang|Ginting|Tarigan|Manurung|Pardede|Sinaga|Hutapea|Rangkuti"
)
UNIVERSITIES = _split(
    "Indonesia|Gadjah Mada|Padjadjaran|Airlangga|Diponegoro|Brawijaya|Andalas|Sriwijaya|"
    "Sumatera Utara|Syiah Kuala|Hasanuddin|Negeri Semarang|Sebelas Maret|Jenderal Soedirman|"
    "Lampung|Riau|Jember|Tanjungpura|Pendidikan Indonesia|Islam Indonesia"
)
OCCUPATIONS = _split(
    "pedagang sayur|pengemudi ojek daring|ibu rumah tangga|petani padi|buruh pabrik|"
    "guru honorer|nelayan|karyawan swasta|mahasiswa|pemilik warung makan|sopir angkot|"
    "perajin tahu|penjual bakso|tukang parkir|pegawai bank|peternak ayam"
)
TIMES_OF_DAY = _split("pagi|siang|sore|malam")
SPEECH_VERBS = _split("kata|ujar|tutur|ucap|jelas|ungkap|tegas|imbuh")
NUMBER_WORDS = _split("dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh")
PERIODS = _split("pekan|dua pekan|bulan|tiga bulan|semester")
OBSTACLES = _split(
    "ketersediaan lahan|cuaca yang tidak menentu|keterbatasan anggaran|akses jalan menuju "
    "lokasi|pendataan calon penerima|jaringan internet di daerah terpencil|koordinasi "
    "antarinstansi|proses lelang yang molor|jumlah petugas yang terbatas|perizinan yang "
    "berbelit|pasokan bahan baku|sinkronisasi data kependudukan"
)
GOALS = _split(
    "pelayanan kepada masyarakat tidak terganggu|masalah serupa tidak terulang|program "
    "berjalan tepat sasaran|warga segera mendapatkan kepastian|target tahun ini tercapai|"
    "harga tetap terkendali|tidak ada warga yang tertinggal|kepercayaan publik tetap terjaga|"
    "manfaatnya benar-benar dirasakan warga|pekerjaan selesai sebelum musim hujan|"
    "anggaran terserap secara optimal|semua pihak mendapat informasi yang sama"
)
SENIOR_ROLES = _split("Wali Kota|Bupati|Gubernur|Wakil Gubernur|Sekretaris Daerah|Menteri terkait")
TITLE_VERBS = _split(
    "Percepat|Tinjau|Perketat|Evaluasi|Luncurkan|Perluas|Awasi|Gencarkan|Dorong|Kawal|"
    "Benahi|Matangkan|Prioritaskan|Siapkan|Genjot"
)


class Section:
    """One section (kanal) of the portal and the words its stories are made of."""

    def __init__(self, name: str, **lists: str) -> None:
        self.name = name
        self.slug = name.lower()
        self.topics = _split(lists["topics"])
        self.institutions = _split(lists["institutions"])
        self.roles = _split(lists["roles"])
        self.groups = _split(lists["groups"])
        self.actions = _split(lists["actions"])
        self.problems = _split(lists["problems"])


SECTIONS = (
    Section(
        "Nasional",
        topics="penyaluran bantuan sosial|pemutakhiran data pemilih|reformasi birokrasi|"
        "pembangunan jalan desa|program makan bergizi|seleksi calon aparatur sipil negara|"
        "pelayanan administrasi kependudukan|penataan kawasan perbatasan|dana desa|"
        "program perumahan rakyat|penanganan stunting|sertifikasi tanah warga",
        institutions="Kementerian Dalam Negeri|Kementerian Sosial|Badan Kepegawaian Negara|"
        "Kantor Staf Presiden|Badan Pusat Statistik|Ombudsman Republik Indonesia|"
        "Kementerian Desa|Badan Perencanaan Pembangunan Nasional",
        roles="Direktur Jenderal|Kepala Biro Humas|Sekretaris Jenderal|Deputi Bidang Pelayanan|"
        "Juru Bicara|Kepala Pusat Data",
        groups="penerima bantuan|kepala desa|aparatur sipil negara|warga perbatasan|"
        "pendamping desa|pelamar seleksi",
        actions="memverifikasi ulang data penerima|menyisir desa yang belum terjangkau|"
        "memperketat pengawasan penyaluran|menyederhanakan alur pelayanan|menambah loket "
        "pengaduan|mengirim tim pendamping ke daerah|memperbarui basis data kependudukan|"
        "menggelar sosialisasi di tingkat kecamatan",
        problems="data penerima yang tumpang tindih|antrean panjang di kantor pelayanan|"
        "keterlambatan pencairan dana|laporan pungutan liar|jaringan aplikasi yang sering "
        "terputus|minimnya sosialisasi program|keluhan warga yang tidak terdata|"
        "penyaluran yang tidak merata",
    ),
    Section(
        "Ekonomi",
        topics="harga beras medium|stok minyak goreng|penyaluran kredit usaha rakyat|"
        "ekspor kopi|inflasi daerah|pasar murah|harga cabai rawit|distribusi gas elpiji|"
        "pembiayaan usaha mikro|harga telur ayam|penerimaan pajak daerah|kunjungan wisatawan",
        institutions="Dinas Perdagangan|Bank Indonesia Perwakilan Daerah|Perum Bulog|"
        "Otoritas Jasa Keuangan|Dinas Koperasi dan UMKM|Tim Pengendalian Inflasi Daerah|"
        "Badan Pendapatan Daerah|Kamar Dagang dan Industri",
        roles="Kepala Dinas|Kepala Kantor Perwakilan|Pemimpin Wilayah|Kepala Bidang Distribusi|"
        "Ketua|Analis Ekonomi",
        groups="pedagang pasar tradisional|pelaku usaha mikro|petani cabai|konsumen rumah "
        "tangga|pengusaha hotel|eksportir kopi",
        actions="menggelar operasi pasar|menambah pasokan ke pasar tradisional|memantau harga "
        "harian di tingkat pengecer|menyalurkan beras cadangan pemerintah|membuka kios "
        "penjualan langsung|memperluas akses pembiayaan|memangkas rantai distribusi|"
        "mendampingi pelaku usaha mendaftar izin",
        problems="lonjakan harga menjelang akhir tahun|kelangkaan stok di tingkat pengecer|"
        "permainan harga oleh spekulan|turunnya daya beli warga|biaya distribusi yang "
        "tinggi|gagal panen akibat cuaca|penimbunan barang|sepinya pembeli di pasar",
    ),
    Section(
        "Metropolitan",
        topics="normalisasi sungai|revitalisasi trotoar|rekayasa lalu lintas|penataan "
        "pedagang kaki lima|pembangunan halte terpadu|pengelolaan sampah kota|uji emisi "
        "kendaraan|penertiban parkir liar|perluasan ruang terbuka hijau|pengoperasian "
        "bus listrik|perbaikan saluran drainase|penataan kampung kumuh",
        institutions="Dinas Perhubungan|Dinas Lingkungan Hidup|Satuan Polisi Pamong Praja|"
        "Dinas Bina Marga|Dinas Sumber Daya Air|Dinas Perumahan Rakyat|Badan Penanggulangan "
        "Bencana Daerah|Dinas Cipta Karya",
        roles="Kepala Dinas|Kepala Seksi Operasional|Kepala Satuan|Sekretaris Dinas|"
        "Kepala Bidang Lalu Lintas|Kepala Pelaksana",
        groups="pengendara sepeda motor|pedagang kaki lima|warga bantaran sungai|"
        "pengguna transportasi umum|pengemudi ojek daring|pejalan kaki",
        actions="mengeruk lumpur di saluran utama|menertibkan kendaraan yang parkir "
        "sembarangan|memasang rambu dan marka baru|mengangkut sampah yang menumpuk|"
        "merelokasi pedagang ke lokasi binaan|menambah armada bus pengumpan|menyiagakan "
        "pompa di titik rawan genangan|memperbaiki jalan berlubang",
        problems="kemacetan di jam sibuk|genangan saat hujan deras|tumpukan sampah di "
        "pinggir jalan|trotoar yang dipakai berjualan|parkir liar di badan jalan|polusi "
        "udara yang memburuk|banjir kiriman dari hulu|jalan berlubang",
    ),
    Section(
        "Daerah",
        topics="perbaikan irigasi desa|pembangunan pasar rakyat|program air bersih|"
        "rehabilitasi rumah tidak layak huni|pengembangan desa wisata|jembatan gantung|"
        "penerangan jalan umum|pelatihan kerja pemuda|pembangunan puskesmas pembantu|"
        "festival budaya daerah|peningkatan jalan kabupaten|bantuan bibit unggul",
        institutions="Pemerintah Kabupaten|Dinas Pekerjaan Umum|Dinas Pariwisata|"
        "Dinas Sosial|Badan Perencanaan Pembangunan Daerah|Dinas Pertanian|Dinas Tenaga Kerja|"
        "Perusahaan Daerah Air Minum",
        roles="Kepala Dinas|Camat|Kepala Desa|Sekretaris Daerah|Kepala Bidang|Direktur Utama",
        groups="warga desa|kelompok tani|pemuda karang taruna|pengelola desa wisata|"
        "perajin lokal|pelanggan air bersih",
        actions="memperbaiki saluran irigasi yang rusak|membangun sumur bor di desa|"
        "menyalurkan bantuan bahan bangunan|melatih pemandu wisata lokal|memasang lampu "
        "penerangan di jalan desa|memperlebar jalan penghubung antardesa|membagikan bibit "
        "kepada kelompok tani|meninjau langsung kondisi lapangan",
        problems="krisis air bersih saat kemarau|jalan desa yang rusak parah|sepinya "
        "kunjungan wisatawan|sawah yang kekurangan air|rumah warga yang nyaris roboh|"
        "minimnya lapangan kerja|jembatan yang putus diterjang banjir|gelapnya jalan pada malam hari",
    ),
    Section(
        "Olahraga",
        topics="persiapan tim sepak bola daerah|pembinaan atlet muda|renovasi stadion|"
        "kejuaraan bulu tangkis antarklub|pekan olahraga provinsi|liga futsal pelajar|"
        "pemusatan latihan atlet|turnamen voli pantai|lomba lari maraton|kompetisi "
        "pencak silat|seleksi pemain tim nasional|pembangunan gelanggang olahraga",
        institutions="Komite Olahraga Nasional Indonesia|Dinas Pemuda dan Olahraga|"
        "Persatuan Bulu Tangkis Seluruh Indonesia|Asosiasi Provinsi PSSI|Ikatan Pencak "
        "Silat Indonesia|Persatuan Bola Voli Seluruh Indonesia|Panitia Penyelenggara Kejuaraan|"
        "Manajemen Persikota",
        roles="Ketua Umum|Kepala Dinas|Pelatih Kepala|Manajer Tim|Ketua Panitia|Sekretaris Umum",
        groups="atlet pelajar|suporter klub|pelatih daerah|peserta kejuaraan|pemain muda|"
        "orang tua atlet",
        actions="menggelar uji coba melawan klub tetangga|menambah porsi latihan fisik|"
        "memanggil pemain muda berbakat|memperbaiki rumput lapangan|menyiapkan asrama "
        "atlet|menjaring bibit atlet dari sekolah|memeriksa kesiapan venue|memberikan bonus "
        "kepada peraih medali",
        problems="minimnya anggaran pembinaan|lapangan latihan yang rusak|cedera pemain "
        "inti|jadwal pertandingan yang padat|kericuhan antarsuporter|kurangnya "
        "pelatih bersertifikat|sepinya penonton di stadion|tunggakan gaji pemain",
    ),
    Section(
        "Teknologi",
        topics="layanan publik berbasis aplikasi|perluasan jaringan internet desa|keamanan "
        "data pribadi|digitalisasi pembayaran retribusi|pelatihan talenta digital|"
        "pembangunan menara telekomunikasi|sistem antrean daring|literasi digital pelajar|"
        "pemanfaatan kecerdasan buatan|migrasi ke layanan komputasi awan|penipuan daring|"
        "dompet digital untuk pedagang pasar",
        institutions="Dinas Komunikasi dan Informatika|Badan Siber dan Sandi Negara|"
        "Kementerian Komunikasi dan Digital|Asosiasi Penyelenggara Jasa Internet|"
        "Pusat Data Daerah|Komunitas Pengembang Nusantara|Asosiasi Operator Seluler|"
        "Badan Riset dan Inovasi Nasional",
        roles="Kepala Dinas|Juru Bicara|Direktur Operasional|Ketua|Kepala Bidang Aplikasi|"
        "Peneliti Utama",
        groups="pengguna aplikasi|pelajar sekolah menengah|pengembang lokal|pelaku usaha "
        "daring|warga di daerah terpencil|pegawai pemerintah daerah",
        actions="memperkuat sistem keamanan server|menambah titik akses internet gratis|"
        "melatih pegawai mengelola data|menguji coba aplikasi di kecamatan|mengedukasi "
        "warga soal penipuan daring|mengintegrasikan layanan dalam satu aplikasi|"
        "memindahkan server ke pusat data nasional|membuka kelas pemrograman gratis",
        problems="kebocoran data pengguna|sinyal yang hilang timbul|aplikasi yang sering "
        "galat|penipuan lewat pesan berantai|rendahnya literasi digital|serangan peretas "
        "ke situs pemerintah|lambatnya akses internet|aplikasi ganda yang membingungkan",
    ),
    Section(
        "Pendidikan",
        topics="penerimaan murid baru|rehabilitasi ruang kelas|beasiswa mahasiswa kurang "
        "mampu|kurikulum sekolah|pengangkatan guru honorer|program literasi sekolah|"
        "asesmen nasional|sekolah rakyat|bantuan seragam sekolah|perpustakaan desa|"
        "pendidikan vokasi|transportasi antar-jemput pelajar",
        institutions="Dinas Pendidikan|Kementerian Pendidikan Dasar dan Menengah|"
        "Lembaga Penjaminan Mutu Pendidikan|Persatuan Guru Republik Indonesia|Komite "
        "Sekolah|Dewan Pendidikan|Kantor Kementerian Agama|Balai Guru Penggerak",
        roles="Kepala Dinas|Kepala Sekolah|Ketua|Kepala Bidang Pembinaan|Sekretaris|"
        "Pengawas Sekolah",
        groups="guru honorer|orang tua murid|pelajar sekolah dasar|mahasiswa baru|"
        "kepala sekolah|siswa sekolah kejuruan",
        actions="memperbaiki atap ruang kelas yang bocor|menyalurkan beasiswa tahap kedua|"
        "melatih guru menyusun modul ajar|menambah armada bus sekolah|memverifikasi "
        "data calon penerima beasiswa|membuka kelas tambahan|menyediakan buku bacaan "
        "baru|memetakan sekolah yang kekurangan guru",
        problems="ruang kelas yang rusak|kekurangan guru mata pelajaran|pungutan di luar "
        "ketentuan|siswa putus sekolah|jarak sekolah yang jauh|rendahnya minat baca|"
        "kuota sekolah yang terbatas|honor guru yang terlambat dibayar",
    ),
    Section(
        "Kesehatan",
        topics="imunisasi anak|pencegahan demam berdarah|layanan jaminan kesehatan|"
        "penurunan angka stunting|pemeriksaan kesehatan gratis|ketersediaan obat di "
        "puskesmas|penanganan tuberkulosis|layanan kesehatan jiwa|donor darah|ambulans "
        "desa|pelayanan ibu hamil|pengendalian penyakit tidak menular",
        institutions="Dinas Kesehatan|Badan Penyelenggara Jaminan Sosial Kesehatan|"
        "Rumah Sakit Umum Daerah|Palang Merah Indonesia|Badan Pengawas Obat dan Makanan|"
        "Ikatan Dokter Indonesia|Puskesmas Kecamatan|Kementerian Kesehatan",
        roles="Kepala Dinas|Direktur|Kepala Bidang Pencegahan|Ketua|Kepala Puskesmas|Juru Bicara",
        groups="ibu hamil|balita|pasien peserta jaminan kesehatan|tenaga kesehatan|"
        "warga lanjut usia|kader posyandu",
        actions="melakukan pengasapan di permukiman padat|menggelar imunisasi kejar|"
        "menambah stok obat di puskesmas|memeriksa kesehatan warga lanjut usia|melatih "
        "kader posyandu|membuka layanan konsultasi daring|menyisir balita yang belum "
        "diimunisasi|menyiagakan ambulans di tiap kecamatan",
        problems="lonjakan kasus demam berdarah|antrean pasien yang mengular|stok obat "
        "yang menipis|rendahnya cakupan imunisasi|kekurangan tenaga dokter|tunggakan "
        "iuran peserta|balita dengan gizi kurang|jentik nyamuk di genangan air",
    ),
    Section(
        "Hukum",
        topics="pengungkapan kasus narkoba|penyidikan dugaan korupsi dana desa|"
        "pemberantasan pungutan liar|penanganan kasus penipuan investasi|razia balap "
        "liar|penyelidikan kasus pencurian kendaraan|sidang perkara suap|pengawasan "
        "tahanan|penegakan hukum lingkungan|pendampingan korban kekerasan|penertiban "
        "tambang ilegal|pemulihan aset negara",
        institutions="Kepolisian Resor|Kejaksaan Negeri|Pengadilan Negeri|Badan Narkotika "
        "Nasional Provinsi|Komisi Pemberantasan Korupsi|Lembaga Perlindungan Saksi dan "
        "Korban|Lembaga Bantuan Hukum|Kantor Wilayah Kementerian Hukum",
        roles="Kepala Kepolisian Resor|Kepala Satuan Reserse Kriminal|Kepala Kejaksaan "
        "Negeri|Juru Bicara|Kepala Seksi Pidana Khusus|Direktur",
        groups="korban penipuan|saksi|tersangka|keluarga korban|warga sekitar lokasi|"
        "penasihat hukum",
        actions="memeriksa sejumlah saksi|menyita barang bukti dari lokasi|menelusuri "
        "aliran dana|memburu pelaku yang masih buron|menggelar razia di titik rawan|"
        "melimpahkan berkas perkara ke kejaksaan|mendampingi korban selama pemeriksaan|"
        "memasang garis polisi di lokasi",
        problems="maraknya peredaran narkoba|kerugian negara yang besar|modus penipuan "
        "yang berganti-ganti|aksi balap liar pada malam hari|pencurian sepeda motor|"
        "praktik pungutan liar|tambang tanpa izin|lambatnya penanganan perkara",
    ),
    Section(
        "Lingkungan",
        topics="rehabilitasi hutan mangrove|pengendalian kebakaran lahan|pengurangan "
        "sampah plastik|konservasi satwa langka|pemulihan daerah aliran sungai|bank "
        "sampah|penanaman pohon di lahan kritis|pengawasan limbah industri|energi surya "
        "di desa|pencegahan abrasi pantai|kualitas udara perkotaan|pengelolaan air tanah",
        institutions="Dinas Lingkungan Hidup|Balai Konservasi Sumber Daya Alam|Kementerian "
        "Lingkungan Hidup|Badan Meteorologi, Klimatologi, dan Geofisika|Manggala Agni|"
        "Wahana Lingkungan Hidup Indonesia|Balai Pengelolaan Daerah Aliran Sungai|"
        "Komunitas Peduli Lingkungan",
        roles="Kepala Dinas|Kepala Balai|Direktur Eksekutif|Koordinator Lapangan|Kepala "
        "Seksi Konservasi|Prakirawan",
        groups="nelayan pesisir|relawan lingkungan|warga sekitar hutan|pengelola bank "
        "sampah|pelaku industri|petani di lereng bukit",
        actions="menanam ribuan bibit mangrove|memadamkan titik api di lahan gambut|"
        "mengambil sampel air sungai|memasang kamera pengintai satwa|membersihkan sampah "
        "di sepanjang pantai|menyegel saluran pembuangan limbah|membangun sekat kanal|"
        "mengajak warga memilah sampah dari rumah",
        problems="pencemaran sungai oleh limbah|munculnya titik panas|abrasi yang "
        "menggerus permukiman|perburuan satwa dilindungi|sampah plastik di pesisir|"
        "penurunan muka tanah|udara yang tidak sehat|longsor di lahan gundul",
    ),
)

# Sentences: a template is filled slot by slot. Slots the article fixes ({tempat},
# {lembaga}, {pejabat}...) keep one value per story; the others are drawn every time.
NARRATIVE = _lines(
    """
{lembaga} mencatat jumlah {kelompok} yang terdampak {masalah} mencapai {angka} orang sepanjang {bulan} ini.
Menurut {pejabat}, {topik} menjadi prioritas karena menyangkut kebutuhan banyak warga.
Anggaran sebesar {rupiah} telah disiapkan untuk {tindakan} di {kecil} kecamatan.
Pihaknya juga akan {tindakan} bersama aparat kecamatan dan kelurahan setempat.
Langkah tersebut diambil setelah {kelompok} di {tempat} mengeluhkan {masalah} dalam beberapa pekan terakhir.
Data {lembaga} menunjukkan angka itu naik {persen} persen dibandingkan periode yang sama tahun lalu.
Ia menambahkan, koordinasi dengan Pemerintah Provinsi {provinsi} terus dilakukan agar {tujuan}.
Sejumlah {kelompok} yang ditemui di lokasi mengaku sudah lama menunggu kepastian soal {topik}.
Rapat koordinasi digelar di kantor {lembaga} pada {hari} ({tanggal}) dan dihadiri perwakilan {kelompok}.
Hingga berita ini diturunkan, petugas masih {tindakan} di sejumlah titik.
Kebijakan ini diharapkan bisa mengurangi {masalah} yang selama ini dirasakan {kelompok}.
{nama} menjelaskan, tahap pertama program tersebut menyasar {angka} keluarga di {kecil} desa.
Sebelumnya, {lembaga2} sempat menyoroti lambannya penanganan {masalah} di wilayah itu.
Ia berharap seluruh pihak dapat bekerja sama sehingga {tujuan}.
Evaluasi akan dilakukan setiap {periode} untuk memastikan {topik} berjalan sesuai rencana.
Warga diimbau melapor melalui layanan pengaduan apabila menemukan {masalah2} di lingkungannya.
Pada tahun lalu, realisasi program serupa baru mencapai {persen} persen dari target.
Tim gabungan yang terdiri atas {angka} personel diterjunkan untuk {tindakan}.
Pemerintah daerah menargetkan {topik} rampung paling lambat pada {bulan_depan} tahun depan.
Menanggapi hal itu, {lembaga2} menyatakan siap mendukung langkah yang diambil {lembaga}.
Kondisi di lapangan, kata {nama}, jauh berbeda dengan laporan yang diterima sebelumnya.
Selain {tindakan}, pihaknya juga menyiapkan posko pemantauan di {kecil} lokasi strategis.
Sebagian besar {kelompok} menyambut baik rencana tersebut, meski ada yang meminta sosialisasi lebih luas.
Berdasarkan hasil survei, sekitar {persen} persen responden menilai {topik} perlu segera dibenahi.
{lembaga} memastikan tidak ada pungutan biaya dalam pelaksanaan {topik}.
Pengamat kebijakan publik dari Universitas {universitas}, {orang}, menilai langkah itu sudah tepat namun perlu diawasi.
Ia mengingatkan agar pelaksanaan {topik} tidak berhenti pada tataran wacana.
Jumlah tersebut belum termasuk laporan dari {kecil} kecamatan yang datanya masih diverifikasi.
Kegiatan serupa pernah dilakukan di {kota} dan dinilai berhasil menekan {masalah2}.
Dengan tambahan anggaran itu, cakupan layanan diperkirakan meningkat menjadi {angka} penerima.
Lokasi tersebut berjarak sekitar {kecil_angka} kilometer dari pusat kota {tempat}.
Aparat kepolisian dan TNI turut membantu pengamanan selama kegiatan berlangsung di {tempat}.
Menurut rencana, peresmian akan dilakukan langsung oleh {atasan} pada akhir {bulan_depan}.
Ia tidak menampik masih ada kendala teknis, terutama terkait {kendala}.
Persoalan {masalah} sebenarnya sudah muncul sejak {tahun_lalu}, tetapi belum tertangani secara tuntas.
Untuk mempercepat proses, {lembaga} menambah {angka} petugas di lapangan.
Di tempat terpisah, Ketua DPRD {tempat} {orang} meminta pemerintah daerah transparan dalam penggunaan anggaran {topik}.
Masyarakat dapat memantau perkembangan {topik} melalui laman resmi dan media sosial {lembaga}.
{kelompok} berharap kebijakan ini tidak hanya bersifat sementara.
Sebanyak {angka} {kelompok} telah terdaftar sebagai peserta hingga {hari} {waktu}.
Pantauan di lokasi pada {hari} {waktu}, aktivitas {kelompok2} berjalan seperti biasa meski {masalah2} masih terasa.
Tahun ini, alokasi untuk {topik} mencapai {rupiah}, lebih besar dibandingkan tahun sebelumnya.
Menurut {nama}, keterlibatan {kelompok2} sangat menentukan keberhasilan program ini.
Pihak {lembaga} mengaku telah menerima {angka} aduan terkait {masalah2} sejak awal {bulan}.
Dalam waktu dekat, {lembaga} juga akan {tindakan2} di {kecil} kecamatan lain.
Kendala terbesar di lapangan adalah {kendala}, sehingga pekerjaan sempat tertunda {kecil_angka} hari.
Beberapa {kelompok2} bahkan rela datang sejak subuh agar tidak kehabisan kuota.
Ia menyebutkan, capaian {topik} di {tempat} saat ini sudah menyentuh {persen} persen.
Temuan itu akan dibahas dalam rapat evaluasi bersama {lembaga2} pekan depan.
Anggota Komisi terkait DPRD {provinsi}, {orang}, meminta agar {topik} diawasi secara ketat.
Wilayah yang paling banyak terdampak berada di Kecamatan {kecamatan} dan Kecamatan {kecamatan2}.
Pendaftaran dibuka hingga akhir {bulan_depan} dan dapat dilakukan secara daring maupun langsung.
Ia memastikan seluruh proses dilakukan terbuka dan bisa diawasi oleh masyarakat.
Sementara itu, warga berharap {lembaga} segera {tindakan2} sebelum kondisi semakin parah.
Sejak program dimulai, sedikitnya {angka} {kelompok2} telah merasakan manfaatnya.
"""
)
QUOTES = _lines(
    """
Kami akan terus {tindakan} supaya {tujuan}
Kami minta {kelompok} tidak khawatir karena semua sudah kami siapkan
Target kami jelas, {topik} harus selesai tahun ini
Ini bukan pekerjaan satu instansi saja, semua harus ikut terlibat
Kami sudah turun ke lapangan dan melihat langsung kondisinya di {tempat}
Kalau ada {masalah2}, silakan laporkan, kami pasti tindak lanjuti
Sejauh ini situasinya masih terkendali, tetapi kami tetap waspada
Kami berharap dukungan dari {kelompok2} agar {tujuan}
Anggarannya sudah ada, tinggal pelaksanaannya yang harus kita kawal bersama
Terus terang kami kewalahan karena {masalah} datang bersamaan
Harapan kami sederhana, {tujuan}
Kami tidak ingin kejadian seperti tahun lalu terulang kembali
Sudah hampir {kecil} bulan kami menunggu, tetapi belum ada kejelasan
Kami ingin pemerintah mendengar langsung keluhan warga di sini
Prosesnya sekarang jauh lebih cepat dibandingkan sebelumnya
Untuk tahap awal kami fokus di {kecil} kecamatan dulu, setelah itu diperluas
Petugas kami siaga setiap hari, termasuk pada akhir pekan
Kami juga sudah menyurati {lembaga2} untuk meminta dukungan
Semua data akan kami buka supaya masyarakat bisa ikut mengawasi
Dulu kami harus bolak-balik sampai {kecil} kali, sekarang cukup sekali datang
"""
)
QUOTE_FRAMES = _lines(
    """
"{q}," {verba} {nama} di {tempat}, {hari} ({tanggal}).
"{q}," {verba} {nama} saat ditemui di kantornya, {hari} {waktu}.
"{q}. {q2}," {verba} {nama}.
"{q}," {verba} {nama} kepada wartawan.
"{q}," kata {orang}, seorang {pekerjaan} asal {tempat}.
"{q}. {q2}," ujar {orang}, {pekerjaan} yang tinggal di Kecamatan {kecamatan}.
"""
)
LEADS = _lines(
    """
{lembaga} mulai {tindakan} di {tempat}, {provinsi}, sejak {hari} ({tanggal}).
{lembaga} {tempat} memastikan {topik} tetap berjalan meski {masalah} masih dikeluhkan {kelompok}.
{kelompok} di {tempat}, {provinsi}, mengeluhkan {masalah} yang terjadi dalam sepekan terakhir.
Pemerintah Kota {tempat} menyiapkan anggaran {rupiah} untuk {topik} pada tahun depan.
{pejabat} meminta {kelompok} tidak panik menghadapi {masalah}.
Sebanyak {angka} {kelompok} di {tempat} mengikuti program {topik} yang digelar {lembaga} pada {hari} ({tanggal}).
{lembaga} mengevaluasi {topik} setelah {masalah} dilaporkan terjadi di sejumlah kecamatan di {tempat}.
"""
)
OPENERS = _split(
    "Sementara itu,|Di sisi lain,|Selain itu,|Meski demikian,|Karena itu,|Sebelumnya,|"
    "Dalam kesempatan yang sama,|Lebih lanjut,|Namun,|Di samping itu,|Pada saat yang sama,|"
    "Tak hanya itu,"
)
SUBHEADINGS = _split(
    "Keluhan Warga|Anggaran dan Target|Langkah Lanjutan|Kendala di Lapangan|Tanggapan DPRD|"
    "Pengawasan Diperketat|Belajar dari Tahun Lalu|Harapan Warga|Data Terbaru|Tahap Berikutnya"
)
TITLES = _lines(
    """
{lembaga_pendek} {verba_judul} {topik} di {tempat}
{kelompok} di {tempat} Keluhkan {masalah}
Pemkot {tempat} Siapkan {rupiah} untuk {topik}
Soal {masalah}, {lembaga_pendek} Minta {kelompok} Tidak Panik
{masalah} Meningkat, {kelompok} di {tempat} Diminta Waspada
Begini Cara {lembaga_pendek} {tempat} Atasi {masalah}
{lembaga_pendek} Evaluasi {topik} Usai {masalah} di {tempat}
{topik} di {tempat} Ditargetkan Rampung {bulan_depan}
{angka} {kelompok} di {tempat} Ikuti Program {topik}
{nama_lengkap}: {topik} di {tempat} Harus Tuntas Tahun Ini
Warga {kecamatan} Desak {lembaga_pendek} Selesaikan {masalah}
DPRD {tempat} Soroti {masalah} dalam {topik}
"""
)
# Kecamatan names are made of these halves (Sukamaju, Karanganyar, Tegalrejo...).
_KEC_HEADS = _split(
    "Suka|Karang|Tegal|Sumber|Mekar|Cempaka|Kebon|Pasir|Ciba|Tanjung|Bukit|Sido|Wono|"
    "Pan|Harja|Marga|Jati|Kali|Gunung|Rawa"
)
_KEC_TAILS = _split("maju|anyar|rejo|sari|jaya|mulya|asih|wangi|harjo|makmur|agung|indah|baru")
_SMALL_WORDS = frozenset(
    _split("di|ke|dari|dan|yang|untuk|pada|dengan|atau|dalam|oleh|soal|usai|agar")
)
_SLOT = re.compile(r"\{(\w+)\}")
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _kecamatan(rng: random.Random) -> str:
    return rng.choice(_KEC_HEADS) + rng.choice(_KEC_TAILS)


def _rupiah(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return f"Rp {rng.randint(1, 95)},{rng.randint(1, 9)} miliar"
    return f"Rp {rng.randint(150, 950)} juta"


def _title_case(text: str) -> str:
    words = text.split(" ")
    out = []
    for index, word in enumerate(words):
        if index and word in _SMALL_WORDS:
            out.append(word)
        elif word[:1].islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _short_institution(name: str) -> str:
    """A headline's short form: the first three words of a long institution name."""
    words = name.replace(",", "").split()
    return " ".join(words[:3]) if len(words) > 3 else name


class _Story:
    """The fixed facts of one story and a filler for its sentences."""

    def __init__(self, rng: random.Random, section: Section, moment: datetime) -> None:
        self.rng = rng
        self.section = section
        self.moment = moment
        self.city, self.province = rng.choice(CITIES)
        self.official = _name(rng)
        self.role = rng.choice(section.roles)
        institution, other = rng.sample(section.institutions, 2)
        self.fixed = {
            "tempat": self.city,
            "provinsi": self.province,
            "topik": rng.choice(section.topics),
            "masalah": rng.choice(section.problems),
            "kelompok": rng.choice(section.groups),
            "lembaga": institution,
            "lembaga2": other,
            "tindakan": rng.choice(section.actions),
            "pejabat": f"{self.role} {institution} {self.official}",
            "nama": self.official.split()[0],
            "nama_lengkap": self.official,
            "hari": DAYS[moment.weekday()],
            "tanggal": f"{moment.day}/{moment.month}/{moment.year}",
            "bulan": MONTHS[moment.month - 1],
            "bulan_depan": MONTHS[(moment.month + rng.randint(0, 3)) % 12],
            "tahun_lalu": str(moment.year - rng.randint(2, 6)),
            "kecamatan": _kecamatan(rng),
            "kecamatan2": _kecamatan(rng),
            "atasan": rng.choice(SENIOR_ROLES),
        }

    def move(self, city: str, province: str) -> None:
        """Set the story in another city (for a headline already taken)."""
        self.city, self.province = city, province
        self.fixed["tempat"], self.fixed["provinsi"] = city, province

    def draw(self, slot: str) -> str:
        rng, section = self.rng, self.section
        if slot in self.fixed:
            return self.fixed[slot]
        match slot:
            case "angka":
                return str(rng.choice((rng.randint(12, 99), rng.randint(100, 990))))
            case "kecil":
                return rng.choice(NUMBER_WORDS)
            case "kecil_angka":
                return str(rng.randint(2, 40))
            case "persen":
                return f"{rng.randint(3, 89)},{rng.randint(1, 9)}"
            case "rupiah":
                return _rupiah(rng)
            case "kelompok2":
                return rng.choice(section.groups)
            case "masalah2":
                return rng.choice(section.problems)
            case "tindakan2":
                return rng.choice(section.actions)
            case "tujuan":
                return rng.choice(GOALS)
            case "kendala":
                return rng.choice(OBSTACLES)
            case "periode":
                return rng.choice(PERIODS)
            case "waktu":
                return rng.choice(TIMES_OF_DAY)
            case "orang":
                return _name(rng)
            case "universitas":
                return rng.choice(UNIVERSITIES)
            case "pekerjaan":
                return rng.choice(OCCUPATIONS)
            case "kota":
                return rng.choice(CITIES)[0]
            case "verba":
                return rng.choice(SPEECH_VERBS)
            case "verba_judul":
                return rng.choice(TITLE_VERBS)
            case "lembaga_pendek":
                return _short_institution(self.fixed["lembaga"])
            case "q" | "q2":
                return self.fill(rng.choice(QUOTES))
        raise KeyError(slot)

    def fill(self, template: str) -> str:
        text = _SLOT.sub(lambda m: self.draw(m.group(1)), template)
        return text[:1].upper() + text[1:]

    def sentence(self, template: str) -> str:
        text = self.fill(template)
        if self.rng.random() < 0.25 and not template.startswith("{"):
            text = f"{self.rng.choice(OPENERS)} {text[:1].lower()}{text[1:]}"
        return text


def _story(rng: random.Random, story: _Story) -> list[str]:
    """The paragraphs: a lead, then narrative and quoted paragraphs; 250-700 words in
    4-12 paragraphs, and at times a subheading ("## ...") between two of them."""
    target = rng.randint(MIN_WORDS + 30, MAX_WORDS - 60)
    count = rng.randint(max(4, math.ceil(target / 80)), min(12, target // 35))
    deck: list[str] = []

    def narrative() -> str:
        if not deck:
            deck.extend(rng.sample(NARRATIVE, len(NARRATIVE)))
        return story.sentence(deck.pop())

    lead = " ".join((story.sentence(rng.choice(LEADS)), narrative(), narrative()))
    paragraphs = [lead]
    words = len(lead.split())
    subheading_at = rng.randint(2, count - 1) if count >= 6 and rng.random() < 0.3 else None
    for number in range(1, count):
        budget = (target - words) / (count - number)
        sentences = [story.fill(rng.choice(QUOTE_FRAMES))] if rng.random() < 0.35 else []
        size = sum(len(s.split()) for s in sentences)
        while not sentences or size < budget * 0.85:
            sentences.append(narrative())
            size += len(sentences[-1].split())
        if number == subheading_at:
            paragraphs.append("## " + rng.choice(SUBHEADINGS))
        paragraphs.append(" ".join(sentences))
        words += size
    while words < MIN_WORDS:
        extra = narrative()
        paragraphs[-1] += " " + extra
        words += len(extra.split())
    while words > MAX_WORDS:  # drop the last sentence of the longest paragraph
        longest = max(range(1, len(paragraphs)), key=lambda i: len(paragraphs[i]))
        head, _, tail = paragraphs[longest].rpartition(". ")
        if not head:
            break
        paragraphs[longest] = head + "."
        words -= len(tail.split())
    return paragraphs


def _slug(title: str) -> str:
    return _SLUG_CHARS.sub("-", title.lower()).strip("-")


def make_article(index: int, seed: int, titles: set[str]) -> SampleArticle:
    """Article ``index`` of the mirror built with ``seed``: a pure function of the two
    (given the titles taken before it, which a repeated headline is drawn again against)."""
    rng = random.Random(f"beritacermin:{seed}:{index}")
    section = SECTIONS[rng.randrange(len(SECTIONS))]
    day = rng.randint(1, LAST_DAY)
    moment = datetime(YEAR, MONTH, day, rng.randint(5, 22), rng.randint(0, 59), tzinfo=WIB)
    story = _Story(rng, section, moment)
    for _ in range(50):
        title = _title_case(story.fill(rng.choice(TITLES)))
        if title not in titles:
            break
        story.move(*rng.choice(CITIES))
    else:
        title = f"{title} ({index})"
    titles.add(title)
    paragraphs = _story(rng, story)
    updated = None
    if rng.random() < 0.3:
        changed = moment + timedelta(minutes=rng.randint(20, 600))
        updated = min(changed, LAST_MOMENT).isoformat()
    lead = paragraphs[0].split(". ")[0].rstrip(".") + "."
    photographer = _name(rng)
    tags = [section.slug, _slug(story.city)]
    topic_words = [w for w in story.fixed["topik"].split() if len(w) > 4]
    tags += [w for w in topic_words[:2] if w not in tags]
    return SampleArticle(
        site=KEY,
        id=FIRST_ID + index,
        slug=_slug(title),
        section=section.name,
        title=title,
        authors=[_name(rng)] if rng.random() < 0.8 else [_name(rng), _name(rng)],
        editor=_name(rng),
        published=moment.isoformat(),
        updated=updated,
        dateline=story.city.upper(),
        language="id",
        tags=tags,
        description=lead,
        image_caption=(
            f"Suasana di kawasan {story.fixed['kecamatan']}, {story.city}, "
            f"{story.fixed['hari']} ({story.fixed['tanggal']}). (BERITACERMIN/{photographer})"
        ),
        paragraphs=paragraphs,
        source=None,
    )


def article_path(article: SampleArticle) -> str:
    moment = article.published_at
    return f"/berita/{moment:%Y/%m/%d}/{article.id}/{article.slug}"


# --- pages -------------------------------------------------------------------------------

_NAV = (
    "".join(f'<li class="nav-item"><a href="/{s.slug}">{s.name}</a></li>' for s in SECTIONS)
    + '<li class="nav-item"><a href="/foto">Foto</a></li><li class="nav-item"><a href="/video">Video</a></li>'
)
_TOP_BAR = (
    '<div class="top-bar"><div class="container"><span class="trending-label">Trending</span>'
    '<a href="/tag/harga-beras">#HargaBeras</a> <a href="/tag/banjir">#Banjir</a> '
    '<a href="/tag/liga-futsal">#LigaFutsal</a> <a href="/tag/bansos">#Bansos</a>'
    '<span class="top-links"><a href="/indeks">Indeks</a> <a href="/login">Masuk</a></span>'
    "</div></div>"
)
_HEADER = f"""<header class="site-header"><div class="container">
<a class="logo" href="/"><img src="/assets/img/logo-beritacermin.svg" alt="{NAME}"></a>
<form class="search-form" action="/search" method="get"><input type="text" name="q" placeholder="Cari berita..."><button type="submit">Cari</button></form>
</div><nav class="main-nav"><ul>{_NAV}</ul></nav></header>"""
_BILLBOARD = (
    '<div class="ads ads-billboard" id="div-gpt-ad-billboard"><span class="ads-label">'
    "ADVERTISEMENT</span></div>"
)
_INLINE_AD = (
    '<div class="ads ads-inarticle" id="div-gpt-ad-inarticle"><span class="ads-label">'
    "ADVERTISEMENT</span><p>SCROLL TO CONTINUE WITH CONTENT</p></div>"
)
_FOOTER = f"""<footer class="site-footer"><div class="container">
<ul class="footer-links"><li><a href="/redaksi">Redaksi</a></li><li><a href="/pedoman-media-siber">Pedoman Media Siber</a></li>
<li><a href="/kebijakan-privasi">Kebijakan Privasi</a></li><li><a href="/kontak">Kontak</a></li><li><a href="/karir">Karir</a></li></ul>
<p class="copyright">Copyright &copy; 2026 {NAME}. Seluruh hak cipta dilindungi.</p>
</div></footer>"""


def _head(article: SampleArticle, url: str) -> str:
    title = escape(article.title)
    home = url.split("/berita/", 1)[0]
    image = f"http://img.beritacermin.example/{article.id}/foto-utama.jpg"
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "datePublished": article.published,
        "dateModified": article.updated or article.published,
        "articleSection": article.section,
        "keywords": article.tags,
        "inLanguage": "id-ID",
        "image": [image],
        "author": [{"@type": "Person", "name": a} for a in article.authors],
        "publisher": {"@type": "Organization", "name": NAME},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    crumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{home}/"},
            {
                "@type": "ListItem",
                "position": 2,
                "name": article.section,
                "item": f"{home}/{article.section.lower()}",
            },
        ],
    }
    tag_meta = "".join(
        f'<meta property="article:tag" content="{escape(t)}">\n' for t in article.tags
    )
    return f"""<head>
<meta charset="utf-8">
<title>{title} - {NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(article.description)}">
<meta name="keywords" content="{escape(", ".join(article.tags))}">
<meta name="author" content="{escape(", ".join(article.authors))}">
<meta name="robots" content="index, follow, max-image-preview:large">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{NAME}">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{escape(article.description)}">
<meta property="og:url" content="{url}">
<meta property="og:image" content="{image}">
<meta property="article:published_time" content="{article.published}">
<meta property="article:modified_time" content="{article.updated or article.published}">
<meta property="article:section" content="{escape(article.section)}">
{tag_meta}<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="{url}">
<link rel="stylesheet" href="/assets/css/main.min.css">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script type="application/ld+json">{json.dumps(crumbs, ensure_ascii=False)}</script>
<script>window.dataLayer=window.dataLayer||[];dataLayer.push({{"kanal":"{article.section}","id":"{article.id}"}});</script>
</head>"""


def render_article(
    article: SampleArticle, url: str, related: list[tuple[str, str]], latest: list[tuple[str, str]]
) -> str:
    moment = article.published_at
    blocks = body_html(article.paragraphs)
    blocks[0] = blocks[0].replace(
        "<p>", f"<p><strong>{article.dateline}, BERITACERMIN.com</strong> - ", 1
    )
    read_url, read_title = related[0]
    blocks.insert(
        2,
        f'<p class="baca-juga"><strong>Baca juga:</strong> <a href="{read_url}">{escape(read_title)}</a></p>',
    )
    if len(blocks) > 5:
        blocks.insert(5, _INLINE_AD)
    byline = " &amp; ".join(
        f'<a href="/penulis/{_slug(a)}" rel="author">{escape(a)}</a>' for a in article.authors
    )
    updated = ""
    if article.updated:
        changed = datetime.fromisoformat(article.updated)
        updated = f'<span class="date-updated">Diperbarui {indonesian_date(changed, separator=" ")}</span>'
    tags = "".join(f'<li><a href="/tag/{t}" rel="tag">{escape(t)}</a></li>' for t in article.tags)
    related_items = "".join(f'<li><a href="{u}">{escape(t)}</a></li>' for u, t in related)
    latest_items = "".join(
        f'<li class="latest-item"><a href="{u}"><span class="num">{n}</span> {escape(t)}</a></li>'
        for n, (u, t) in enumerate(latest, start=1)
    )
    return f"""<!DOCTYPE html>
<html lang="id">
{_head(article, url)}
<body class="page-article kanal-{article.section.lower()}">
{_TOP_BAR}
{_HEADER}
{_BILLBOARD}
<main class="container main-content">
<div class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/{article.section.lower()}">{escape(article.section)}</a></div>
<div class="row">
<article class="col-main detail-article">
<h1 class="detail-title">{escape(article.title)}</h1>
<div class="detail-meta"><div class="byline">Penulis: {byline} | Editor: {escape(article.editor)}</div>
<time class="date-published" datetime="{article.published}">{indonesian_date(moment, separator=" ")}</time>{updated}</div>
<figure class="detail-photo"><img src="http://img.beritacermin.example/{article.id}/foto-utama.jpg" alt="{escape(article.title)}">
<figcaption>{escape(article.image_caption)}</figcaption></figure>
<div class="detail-text">
{chr(10).join(blocks)}
</div>
<div class="detail-tags"><span>Tag:</span><ul>{tags}</ul></div>
<div class="share-box"><span>Bagikan:</span> <a href="#" class="share-fb">Facebook</a> <a href="#" class="share-x">X</a> <a href="#" class="share-wa">WhatsApp</a> <a href="#" class="share-copy">Salin tautan</a></div>
<div class="related-news"><h3>Berita Terkait</h3><ul>{related_items}</ul></div>
</article>
<aside class="col-side"><div class="ads ads-sidebar"><span class="ads-label">ADVERTISEMENT</span></div>
<div class="widget widget-latest"><h3>Terpopuler</h3><ol>{latest_items}</ol></div>
<div class="widget widget-newsletter"><h3>Newsletter</h3><p>Dapatkan ringkasan berita pilihan setiap pagi langsung di kotak masuk Anda.</p>
<form action="/newsletter" method="post"><input type="email" name="email" placeholder="Alamat email"><button>Daftar</button></form></div></aside>
</div>
</main>
{_FOOTER}
<script src="/assets/js/main.min.js" defer></script>
</body></html>
"""


def _home(entries: list[tuple[str, SampleArticle]]) -> str:
    items = "".join(
        f'<li><a href="{u}">{escape(a.title)}</a> <span>{indonesian_date(a.published_at)}</span></li>'
        for u, a in entries
    )
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{NAME} - Berita '
        f'Terkini Hari Ini</title><meta property="og:type" content="website"></head><body>'
        f'<h1>{NAME}</h1><h2>Berita Terkini</h2><ul class="latest">{items}</ul></body></html>'
    )


def build_mirror(
    pages: int, seed: int = 7, host: str = HOST, *, per_sitemap: int = PER_SITEMAP
) -> BuiltSite:
    """A portal of ``pages`` article pages, the same for the same ``seed``, announced by
    child news sitemaps of at most ``per_sitemap`` URLs each."""
    if pages < 1 or per_sitemap < 1:
        raise ValueError("a mirror needs at least one article page and one URL per sitemap")
    site = BuiltSite(key=KEY, host=host, name=NAME)
    titles: set[str] = set()
    articles = [make_article(index, seed, titles) for index in range(pages)]
    # Newest first, as news sitemaps and home pages list them.
    articles.sort(key=lambda a: (a.published, a.id), reverse=True)
    urls = [site.url(article_path(a)) for a in articles]
    latest = [(urls[i], articles[i].title) for i in range(min(5, pages))]
    for index, (article, url) in enumerate(zip(articles, urls, strict=True)):
        # Related stories: the ones published just before and after, as "Berita Terkait".
        near = [(index + step) % pages for step in (1, -1, 2, -2)]
        related = [(urls[i], articles[i].title) for i in near if i != index] or latest
        site.pages[article_path(article)] = Page(render_article(article, url, related, latest))
        site.expected[url] = article
    children = []
    for number, start in enumerate(range(0, pages, per_sitemap), start=1):
        chunk = range(start, min(start + per_sitemap, pages))
        entries = [
            (urls[i], articles[i], articles[i].updated or articles[i].published) for i in chunk
        ]
        path = f"/sitemap-news-{number}.xml"
        site.pages[path] = Page(news_sitemap(entries, NAME), "application/xml")
        children.append(site.url(path))
    site.pages["/sitemap.xml"] = Page(sitemap_index(children), "application/xml")
    site.pages["/robots.txt"] = Page(
        robots_txt([site.url("/sitemap.xml")], ["/search", "/login"]), "text/plain"
    )
    site.pages["/"] = Page(_home(list(zip(urls[:10], articles[:10], strict=True))))
    return site


__all__ = ["HOST", "KEY", "NAME", "PER_SITEMAP", "article_path", "build_mirror", "make_article"]
