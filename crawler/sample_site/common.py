"""Pieces every sample-site template shares: Indonesian date lines, article bodies,
feeds and sitemaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip
ZONE_NAMES = {7: "WIB", 8: "WITA", 9: "WIT"}


@dataclass(frozen=True)
class SampleArticle:
    """One story of the sample site, as written in articles.json."""

    site: str
    id: int
    slug: str
    section: str
    title: str
    authors: list[str]
    editor: str
    published: str
    updated: str | None
    dateline: str
    language: str
    tags: list[str]
    description: str
    image_caption: str
    paragraphs: list[str]
    source: str | None

    @property
    def has_time(self) -> bool:
        return "T" in self.published

    @property
    def published_at(self) -> datetime:
        if self.has_time:
            return datetime.fromisoformat(self.published)
        # A date-only story: midnight UTC orders it among the others; no time is shown.
        return datetime.combine(date.fromisoformat(self.published), datetime.min.time(), UTC)

    @property
    def zone_name(self) -> str:
        offset = self.published_at.utcoffset()
        return ZONE_NAMES.get(int(offset.total_seconds() // 3600), "WIB") if offset else "WIB"


def indonesian_date(
    moment: datetime,
    with_time: bool = True,
    zone: str = "WIB",
    separator: str = " | ",
    pad_day: bool = False,
) -> str:
    """'Sabtu, 4 Mei 2024 | 10:15 WIB', the way Indonesian portals print dates."""
    day = f"{moment.day:02d}" if pad_day else str(moment.day)
    text = f"{DAYS[moment.weekday()]}, {day} {MONTHS[moment.month - 1]} {moment.year}"
    if with_time:
        text += f"{separator}{moment:%H:%M} {zone}"
    return text


def paragraph_html(paragraph: str) -> str:
    """A paragraph of articles.json as HTML: '## ' marks a subheading, '- ' a list item."""
    if paragraph.startswith("## "):
        return f"<h2>{escape(paragraph[3:])}</h2>"
    if paragraph.startswith("- "):
        return f"<li>{escape(paragraph[2:])}</li>"
    return f"<p>{escape(paragraph)}</p>"


def body_html(paragraphs: list[str]) -> list[str]:
    """Paragraph blocks with consecutive list items wrapped in one <ul>."""
    blocks: list[str] = []
    for paragraph in paragraphs:
        html = paragraph_html(paragraph)
        if html.startswith("<li>") and blocks and blocks[-1].startswith("<ul>"):
            blocks[-1] = blocks[-1][: -len("</ul>")] + html + "</ul>"
        elif html.startswith("<li>"):
            blocks.append(f"<ul>{html}</ul>")
        else:
            blocks.append(html)
    return blocks


def news_sitemap(entries: list[tuple[str, SampleArticle | None, str]], site_name: str) -> str:
    """A Google News sitemap. ``entries`` are (url, article or None, lastmod)."""
    urls = []
    for url, article, lastmod in entries:
        news = ""
        if article is not None:
            news = (
                "<news:news><news:publication><news:name>"
                f"{escape(site_name)}</news:name><news:language>{article.language}"
                "</news:language></news:publication><news:publication_date>"
                f"{article.published}</news:publication_date><news:title>"
                f"{escape(article.title)}</news:title></news:news>"
            )
        urls.append(f"<url><loc>{escape(url)}</loc><lastmod>{lastmod}</lastmod>{news}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    )


def sitemap_index(urls: list[str]) -> str:
    items = "\n".join(f"<sitemap><loc>{escape(u)}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{items}\n</sitemapindex>\n"
    )


def rss_feed(title: str, home: str, items: list[tuple[str, SampleArticle]]) -> str:
    """An RSS 2.0 feed; ``items`` are (link, article)."""
    entries = []
    for link, article in items:
        moment = article.published_at
        pub = moment.strftime("%a, %d %b %Y %H:%M:%S ") + (moment.strftime("%z") or "+0700")
        entries.append(
            f"<item><title>{escape(article.title)}</title><link>{escape(link)}</link>"
            f'<guid isPermaLink="false">{article.site}-{article.id}</guid>'
            f"<pubDate>{pub}</pubDate><description>{escape(article.description)}"
            f"</description><category>{escape(article.section)}</category></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{escape(home)}</link>"
        "<language>id</language>\n" + "\n".join(entries) + "\n</channel></rss>\n"
    )


def robots_txt(sitemaps: list[str], disallow: list[str]) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallow), ""]
    lines += [f"Sitemap: {url}" for url in sitemaps]
    return "\n".join(lines) + "\n"
