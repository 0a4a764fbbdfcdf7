"""Challenge and block pages are recognised before anything reads them (crawler/blocks.py),
and a real page is never taken for one: the recogniser table on small pages of each kind
and on the traps (a Cloudflare-served article, an article about Cloudflare, the beacon
Cloudflare puts in ordinary pages, a short real page, a page written by JavaScript)."""

from __future__ import annotations

import pytest

from crawler import blocks
from crawler.blocks import recognise

HTML = {"content-type": "text/html; charset=utf-8"}
CLOUDFLARE_SERVED = {**HTML, "server": "cloudflare", "cf-ray": "8a1b2c3d4e5f6789-SIN"}

CLOUDFLARE_CHALLENGE = b"""<!DOCTYPE html><html lang="en-US"><head>
<title>Just a moment...</title><meta name="robots" content="noindex,nofollow">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies
to continue</span></div></noscript></div></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: "www.contoh.example",
cType: 'managed'};var cpo=document.createElement('script');
cpo.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8a1b2c3d4e5f6789';
document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>"""

CLOUDFLARE_ATTENTION = b"""<!DOCTYPE html><html><head>
<title>Attention Required! | Cloudflare</title></head><body>
<div id="cf-wrapper"><div id="cf-error-details"><h1>Sorry, you have been blocked</h1>
<h2>You are unable to access contoh.example</h2>
<p>This website is using a security service to protect itself from online attacks.</p>
</div></div></body></html>"""

AKAMAI_DENIED = b"""<HTML><HEAD>
<TITLE>Access Denied</TITLE>
</HEAD><BODY>
<H1>Access Denied</H1>
You don't have permission to access
"http&#58;&#47;&#47;www&#46;contoh&#46;example&#47;read&#47;1" on this server.<P>
Reference&#32;&#35;18&#46;6a2b1402&#46;1700000000&#46;1234abcd
<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;6a2b1402&#46;1700000000&#46;1234abcd</P>
</BODY>
</HTML>"""

DDOS_GUARD_CHECK = b"""<!DOCTYPE html><html><head><title>DDoS-Guard</title>
<script src="/.well-known/ddos-guard/check?context=free_splash"></script></head>
<body><div>Checking your browser before accessing contoh.example</div>
<a href="https://ddos-guard.net/">DDoS protection by DDoS-Guard</a></body></html>"""

SUCURI_DENIED = b"""<!DOCTYPE html><html><head>
<title>Sucuri WebSite Firewall - Access Denied</title></head><body>
<h2>Access Denied - Sucuri Website Firewall</h2>
<p>If you are the site owner, please contact cloudproxy@sucuri.net.</p>
<table><tr><td>Block ID:</td><td>BNP005</td></tr></table></body></html>"""

SUCURI_JS_CHECK = b"""<html><title>You are being redirected...</title>
<noscript>Javascript is required. Please enable javascript before you are allowed to
see this page.</noscript><script>var s={},u,c,U,r,i,l=0,a,e=eval,w=String.fromCharCode,
sucuri_cloudproxy_js='',S='cz0iMSIuc3Vic3RyKDAsMSkg';</script></html>"""

ENABLE_JAVASCRIPT = b"""<!DOCTYPE html><html><head><title>Kabar Contoh</title>
<script src="/static/app.4f2a.js"></script></head>
<body><noscript>Please enable JavaScript to view this page.</noscript>
<div id="root"></div></body></html>"""

ACCESS_DENIED = b"""<html><head><title>403 Forbidden</title></head>
<body><h1>Access denied</h1><p>Your request was refused.</p></body></html>"""


def article(text: str, extra_head: str = "") -> bytes:
    """A news page: a menu, a long story, a footer."""
    body = " ".join(
        "Pemerintah provinsi mengumumkan rencana pembangunan jalan baru yang menghubungkan"
        " dua kabupaten di pesisir selatan, kata pejabat setempat kepada wartawan."
        for _ in range(12)
    )
    return f"""<!DOCTYPE html><html><head><title>Berita hari ini</title>
<meta property="og:type" content="article">{extra_head}</head><body>
<nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav>
<article><h1>Jalan baru di pesisir selatan</h1><p>{body}</p><p>{text}</p></article>
<footer>Hak cipta Kabar Contoh</footer></body></html>""".encode()


@pytest.mark.parametrize(
    ("status", "headers", "body", "kind"),
    [
        # Cloudflare's documented mark, whatever the page.
        (403, {**CLOUDFLARE_SERVED, "cf-mitigated": "challenge"}, CLOUDFLARE_CHALLENGE,
         "cloudflare"),
        (403, {**CLOUDFLARE_SERVED, "cf-mitigated": "challenge"}, b"", "cloudflare"),
        # The page alone, with a challenge status (an old 503 "checking your browser").
        (503, HTML, CLOUDFLARE_CHALLENGE, "cloudflare"),
        (403, HTML, CLOUDFLARE_ATTENTION, "cloudflare"),
        # Error 1015, rate limited: plain text, told by the server and the status.
        (429, {"content-type": "text/plain", "server": "cloudflare"}, b"error code: 1015",
         "cloudflare"),
        (403, {**HTML, "server": "AkamaiGHost".lower()}, AKAMAI_DENIED, "akamai"),
        (403, HTML, AKAMAI_DENIED, "akamai"),
        (503, {**HTML, "server": "ddos-guard"}, DDOS_GUARD_CHECK, "ddos_guard"),
        (403, {**HTML, "server": "ddos-guard"}, b"", "ddos_guard"),
        (200, HTML, DDOS_GUARD_CHECK, "ddos_guard"),  # a short page with its markup
        (403, {**HTML, "x-sucuri-id": "15015", "x-sucuri-block": "BNP005"}, SUCURI_DENIED,
         "sucuri"),
        (403, {**HTML, "server": "sucuri/cloudproxy", "x-sucuri-id": "15015"}, b"", "sucuri"),
        (200, {**HTML, "x-sucuri-id": "15015"}, SUCURI_JS_CHECK, "sucuri"),
        (200, HTML, ENABLE_JAVASCRIPT, "generic"),
        (403, HTML, ACCESS_DENIED, "generic"),
        (200, {}, ENABLE_JAVASCRIPT, "generic"),  # no Content-Type, HTML all the same
    ],
)  # fmt: skip
def test_each_kind_is_recognised_by_its_status_headers_and_markup(status, headers, body, kind):
    found = recognise(status, headers, body)
    assert found is not None and found.name == kind


@pytest.mark.parametrize(
    ("status", "headers", "body"),
    [
        # Most Cloudflare-served sites: every page, articles included.
        (200, CLOUDFLARE_SERVED, article("Situs ini dilayani oleh Cloudflare.")),
        # An article about Cloudflare, "Just a moment..." and access denied.
        (200, CLOUDFLARE_SERVED, article(
            "Gangguan Cloudflare membuat pengguna melihat halaman Just a moment... dan"
            " pesan Access denied; Please enable JavaScript, tulis layanan itu.")),
        # The bot-management beacon Cloudflare injects into ordinary pages.
        (200, CLOUDFLARE_SERVED, article("", '<script src="/cdn-cgi/challenge-platform/'
                                             'scripts/jsd/main.js"></script>')),
        # The site's own server overloaded, through Cloudflare: an error to retry.
        (503, CLOUDFLARE_SERVED, b"<html><body>Service Unavailable</body></html>"),
        # The site's own 404, through Cloudflare or Sucuri.
        (404, CLOUDFLARE_SERVED, b"<html><body>Halaman tidak ditemukan</body></html>"),
        (200, {**HTML, "x-sucuri-id": "15015"}, article("")),
        # A plain 403 that says nothing of a shield stays an http_403.
        (403, HTML, b"<html><body><h1>Forbidden</h1></body></html>"),
        # A short real page and a page whose article JavaScript writes: the cleaner's and
        # the renderer's business, not a block.
        (200, HTML, b"<html><body><p>Berita singkat: hujan deras di Bogor.</p></body></html>"),
        (200, HTML, ENABLE_JAVASCRIPT.replace(
            b"</head>", b'<meta property="og:type" content="article"></head>')),
        (200, HTML, ENABLE_JAVASCRIPT.replace(
            b"</head>", b'<script type="application/ld+json">{"@type": "NewsArticle"}'
                        b"</script></head>")),
        # A sitemap or a feed that mentions "access denied" is no HTML page.
        (200, {"content-type": "application/xml"},
         b"<urlset><url><loc>http://contoh.example/access-denied</loc></url>"
         b"<!-- access denied --></urlset>"),
        (200, HTML, b""),
    ],
)  # fmt: skip
def test_real_pages_are_never_taken_for_blocks(status, headers, body):
    assert recognise(status, headers, body) is None


def test_every_kind_is_counted_under_its_own_declared_key():
    names = [kind.name for kind in blocks.KINDS]
    assert names == ["cloudflare", "akamai", "ddos_guard", "sucuri", "generic"]
    assert all(kind.count.key == "blocked/" + kind.name for kind in blocks.KINDS)
    assert blocks.KINDS[-1] is blocks.GENERIC  # the named shields are tried first


def test_headers_are_read_as_scrapy_keeps_them():
    pairs = [(b"Server", [b"cloudflare"]), (b"CF-Mitigated", [b"challenge"]),
             (b"Set-Cookie", [b"a=1", b"b=2"])]  # fmt: skip
    assert blocks.header_map(pairs) == {
        "server": "cloudflare",
        "cf-mitigated": "challenge",
        "set-cookie": "a=1, b=2",
    }


# --- a crawl of a shielded site ---------------------------------------------------------

HOST = "tameng.example"
BASE = f"http://{HOST}"
PROFILE = f"""key = "tameng"
name = "Situs Bertameng"
base_url = "{BASE}"
sitemaps = ["/sitemap-news.xml"]
feeds = ["/rss"]
article_url = '^/read/\\d{{4}}/\\d{{2}}/\\d{{2}}/\\d+/[a-z0-9-]+$'
article_examples = ["{BASE}/read/2024/05/04/1/judul"]
non_article_examples = ["{BASE}/"]
"""
CLOUDFLARE_MENTION = "Layanan Cloudflare sempat terganggu dan menampilkan Access denied."


def shielded_site():
    """Routes of a site whose article pages answer (a) a Cloudflare 403 challenge, (b) a
    DDoS-Guard 503 check, (c) a 200 page that only asks for JavaScript, and (d) the article,
    served by Cloudflare and mentioning it; its feed answers a Cloudflare challenge too.
    Returns the routes and the paths of (a) to (d)."""
    from crawler.sample_site import load_articles
    from crawler.sample_site.common import news_sitemap, robots_txt
    from crawler.sample_site.templates import portal
    from tests.fault_server import Answer, always, page

    articles = [a for a in load_articles() if a.language == "id"][:4]
    paths = [portal.article_path(a) for a in articles]
    cloudflare = {"Server": "cloudflare", "CF-RAY": "8a1b2c3d4e5f6789-SIN"}
    challenge = Answer(403, CLOUDFLARE_CHALLENGE, {**cloudflare, "cf-mitigated": "challenge"})
    real = portal.render_article(articles[3], BASE + paths[3], [(BASE + paths[3], "x")] * 3)
    real = real.replace("www.kabarnusantara.example", HOST)
    real = real.replace("</strong> - ", f"</strong> - {CLOUDFLARE_MENTION} ", 1)
    real = real.replace(
        "</head>", '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script></head>'
    )
    routes = {
        "/robots.txt": page(robots_txt([], []).encode(), "text/plain"),
        "/sitemap-news.xml": page(
            news_sitemap([(BASE + p, None, "2024-05-04T10:00:00+07:00") for p in paths],
                         "Tameng").encode(), "application/xml"),
        "/rss": always(challenge),
        paths[0]: always(challenge),
        paths[1]: always(Answer(503, DDOS_GUARD_CHECK, {"Server": "ddos-guard"})),
        paths[2]: page(ENABLE_JAVASCRIPT),
        paths[3]: page(real.encode(), **cloudflare),
    }  # fmt: skip
    return routes, paths


def test_a_crawl_counts_blocks_stores_only_the_article_and_health_names_the_block(tmp_path):
    import json
    import sqlite3

    from tests.conftest import run_warta
    from tests.fault_server import FaultServer

    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "tameng.toml").write_text(PROFILE)
    env = {"WARTA_SITES_DIR": str(tmp_path / "sites"), "COLUMNS": "300"}
    db = tmp_path / "warta.db"
    routes, paths = shielded_site()
    with FaultServer(HOST, routes) as server:
        crawls = [
            run_warta("crawl", "tameng", "--db", str(db), "--proxy", server.proxy_url,
                      "--set", "AUTOTHROTTLE_ENABLED=False", env=env)
            for _ in range(2)
        ]  # fmt: skip
    for crawl in crawls:
        assert crawl.returncode == 0, crawl.stderr
        assert "Traceback" not in crawl.stderr, crawl.stderr

    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT url, body FROM articles").fetchall()
    assert [url for url, _ in rows] == [BASE + paths[3]]
    assert CLOUDFLARE_MENTION in rows[0][1]
    first, second = (
        json.loads(counts)
        for (counts,) in connection.execute("SELECT counts FROM crawl_runs ORDER BY id")
    )
    assert {k: v for k, v in first.items() if k.startswith("blocked/")} == {
        "blocked/cloudflare": 2,  # the feed and article (a)
        "blocked/ddos_guard": 1,
        "blocked/generic": 1,
    }
    # Not an ordinary failure or skip, and never handed to the cleaner.
    assert not [k for k in first if k in ("skipped/http_403", "skipped/http_503",
                                          "discovery/http_403", "skipped/too_short")]  # fmt: skip
    assert first["pages/fetched"] == 1 and first["stored/inserted"] == 1
    # The challenge is neither waited for nor retried; the next crawl asks again, since a
    # block is no lasting skip, and the stored article is not fetched again.
    assert server.attempts[(HOST, paths[1])] == 2
    assert server.attempts[(HOST, paths[0])] == 2 and server.attempts[(HOST, paths[3])] == 1
    assert second["blocked/cloudflare"] == 2 and second["skipped/already_stored"] == 1

    # One line per blocked URL, naming the kind; and the summary shows the blocks.
    log = crawls[0].stderr
    assert log.count(f"blocked by Cloudflare (403): {BASE}{paths[0]}") == 1
    assert log.count(f"blocked by DDoS-Guard (503): {BASE}{paths[1]}") == 1
    assert f"blocked by Cloudflare (403): {BASE}/rss" in log
    assert "blocked/cloudflare 2" in crawls[0].stdout

    health = run_warta("health", "--db", str(db), env=env)
    assert health.returncode == 1, health.stderr
    assert "blocked by Cloudflare on 4, DDoS-Guard on 2 and an 'enable JavaScript' or" in " ".join(
        health.stdout.split()
    )
