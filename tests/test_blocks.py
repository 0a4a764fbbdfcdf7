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
