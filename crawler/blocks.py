"""Challenge and block pages: what a site's shield answers instead of the page asked for.

A Cloudflare "Just a moment..." challenge, an Akamai "Access Denied" with its
``Reference #``, a DDoS-Guard browser check, a Sucuri firewall block, or a bare
"Please enable JavaScript" page is no article and no sitemap: cleaning it would store
rubbish, and counting it as an ordinary ``http_403`` or ``too_short`` would hide why the
crawl stored nothing. The recognisers are data (:data:`KINDS`): for each kind, the
headers that alone say "challenge", the headers that name the vendor (a block with one of
its challenge statuses), and the markup of its pages.

Recognition is conservative. Most Cloudflare-served sites answer every page with
``server: cloudflare``, and Cloudflare puts its ``/cdn-cgi/challenge-platform/scripts/jsd``
beacon into ordinary pages; an article may mention Cloudflare. So a page is taken as
blocked only by a challenge-only header (``cf-mitigated: challenge``, ``x-sucuri-block``),
by a vendor header with a challenge status, by a kind's markup with a challenge status,
or by that markup on a short HTML page that declares no article. The generic shapes
("enable JavaScript", "Access denied") need the short page whatever the status.

The recognisers need no Scrapy: a response is its status, headers and body, so the table
is tested on its own (tests/test_blocks.py) and can judge a stored page too.
``crawler.middlewares.BlockRecognition`` applies it to every response of a crawl and ends
the request with :class:`Blocked`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from scrapy.exceptions import IgnoreRequest

from crawler import count_keys

# Statuses shields answer a challenge or a block with.
CHALLENGE_STATUSES = frozenset({401, 403, 429, 503})
# A page with fewer words of text than this can be a block page; an article has more
# (the cleaner wants 40 words of body, and a page has a menu and a footer around it).
SHORT_PAGE_WORDS = 150
# Elements whose text no reader sees.
_UNSEEN = ("script", "style", "template")
_ARTICLE_TYPES = re.compile(r'"@type"\s*:\s*"(?:News|Report|Blog)?(?:Article|Posting)"', re.I)


@dataclass(frozen=True)
class Header:
    """A response header, and a part of its value ("" for any value), lower case."""

    name: str
    value: str = ""

    def found_in(self, headers: Mapping[str, str]) -> bool:
        value = headers.get(self.name)
        return value is not None and self.value in value


@dataclass(frozen=True)
class BlockKind:
    """One kind of challenge or block page, and how it is recognised."""

    count: count_keys.Count  # blocked/<name>
    label: str  # as people name it ("Cloudflare")
    # Headers only a challenge or block answer has: enough whatever the status.
    challenge_headers: tuple[Header, ...] = ()
    # Headers naming the vendor (it answers every page of the sites it serves): a block
    # only with one of ``statuses``.
    vendor_headers: tuple[Header, ...] = ()
    statuses: frozenset[int] = frozenset()
    # The markup of its pages (patterns over the raw bytes, case-insensitive): a block
    # with a challenge status, or on a short page that declares no article.
    markup: tuple[re.Pattern[bytes], ...] = ()
    # Whether the markup says so only on a short page, whatever the status (the generic
    # shapes: "Access denied" is also a sentence of news).
    short_page_only: bool = False

    @property
    def name(self) -> str:
        return self.count.name

    def marked(self, body: bytes) -> bool:
        return any(pattern.search(body) for pattern in self.markup)


def _markup(*patterns: str) -> tuple[re.Pattern[bytes], ...]:
    return tuple(re.compile(p.encode(), re.IGNORECASE) for p in patterns)


CLOUDFLARE = BlockKind(
    count_keys.BLOCKED_CLOUDFLARE,
    "Cloudflare",
    # Cloudflare's documented mark of every challenge page, whatever its type.
    challenge_headers=(Header("cf-mitigated", "challenge"),),
    # 403: a firewall rule or "Attention Required!"; 429: error 1015, rate limited. Not
    # 503: the site's own server overloaded answers 503 through Cloudflare too.
    vendor_headers=(Header("server", "cloudflare"),),
    statuses=frozenset({403, 429}),
    markup=_markup(
        r"<title>\s*just a moment\.\.\.\s*</title>",
        r"_cf_chl_opt",
        r"__cf_chl_\w*tk",  # the challenge's token in its form or URL
        r"/cdn-cgi/challenge-platform/h/",  # the challenge, not the jsd beacon of any page
        r"cf-browser-verification",
        r"attention required! \| cloudflare",
        r"error code: 10(?:06|07|08|10|12|15|20)\b",  # banned, rate limited, denied
    ),
)
AKAMAI = BlockKind(
    count_keys.BLOCKED_AKAMAI,
    "Akamai",
    vendor_headers=(Header("server", "akamaighost"),),
    statuses=frozenset({403}),
    # "Reference #18.6a2b1402.1700000000.1234abcd", written with entities or not, and the
    # errors.edgesuite.net address that explains it.
    markup=_markup(
        r"reference(?:&#32;|\s)(?:&#35;|#)\s*\d+(?:&#46;|\.)[0-9a-f]+",
        r"errors(?:&#46;|\.)edgesuite(?:&#46;|\.)net",
    ),
)
DDOS_GUARD = BlockKind(
    count_keys.BLOCKED_DDOS_GUARD,
    "DDoS-Guard",
    vendor_headers=(Header("server", "ddos-guard"),),
    statuses=frozenset({403, 503}),
    markup=_markup(
        r"<title>\s*ddos-guard\s*</title>",
        r"/\.well-known/ddos-guard/",
        r"check\.ddos-guard\.net",
        r"ddos protection by ddos-guard",
    ),
)
SUCURI = BlockKind(
    count_keys.BLOCKED_SUCURI,
    "Sucuri",
    challenge_headers=(Header("x-sucuri-block"),),
    vendor_headers=(Header("x-sucuri-id"), Header("server", "sucuri")),
    statuses=frozenset({403}),
    markup=_markup(
        r"sucuri website firewall",
        r"sucuri_cloudproxy_js",  # its JavaScript check, answered with 200
        r"cloudproxy@sucuri\.net",
    ),
)
GENERIC = BlockKind(
    count_keys.BLOCKED_GENERIC,
    "an 'enable JavaScript' or 'access denied' page",
    markup=_markup(
        r"please enable javascript",
        r"enable javascript and cookies to continue",
        r"(?:you need to|you must) enable javascript",
        r"javascript is (?:disabled|required)",
        r"access denied",
        r"you have been blocked",
        r"request (?:blocked|rejected)",
    ),
    short_page_only=True,
)
# Every kind, the named shields before the generic shapes.
KINDS: tuple[BlockKind, ...] = (CLOUDFLARE, AKAMAI, DDOS_GUARD, SUCURI, GENERIC)
BY_NAME = {kind.name: kind for kind in KINDS}


def recognise(status: int, headers: Mapping[str, str], body: bytes) -> BlockKind | None:
    """The kind of challenge or block page a response is, or None for a real answer.

    ``headers``: names and values in lower case, a header sent twice joined by ", ".
    """
    for kind in KINDS:
        if any(header.found_in(headers) for header in kind.challenge_headers):
            return kind
        if status in kind.statuses and any(h.found_in(headers) for h in kind.vendor_headers):
            return kind
    marked = [kind for kind in KINDS if kind.marked(body)]
    if not marked:
        return None
    if status in CHALLENGE_STATUSES:
        for kind in marked:
            if not kind.short_page_only:
                return kind
    if _short_page(headers, body):
        return marked[0]
    return None


def _short_page(headers: Mapping[str, str], body: bytes) -> bool:
    """An HTML page with little text to read, and which does not declare an article (a
    page whose article is written by JavaScript is no block page)."""
    content_type = headers.get("content-type", "")
    if content_type and "html" not in content_type:
        return False
    try:
        root = lxml_html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return False
    if root.xpath("//meta[@property='og:type' and contains(@content, 'article')]"):
        return False
    for data in root.xpath("//script[@type='application/ld+json']/text()"):
        if _ARTICLE_TYPES.search(data):
            return False
    for element in list(root.iter(*_UNSEEN)):
        element.drop_tree()
    return len(root.text_content().split()) < SHORT_PAGE_WORDS


class Blocked(IgnoreRequest):
    """A challenge or block page came back instead of what was asked for."""

    def __init__(self, kind: BlockKind, url: str, status: int) -> None:
        super().__init__(f"blocked by {kind.label} ({status}): {url}")
        self.kind = kind
        self.url = url
        self.status = status


def header_map(pairs) -> dict[str, str]:
    """``headers`` for :func:`recognise` from (name, values) pairs of bytes, as Scrapy
    keeps them."""
    return {
        name.decode("latin-1").lower(): ", ".join(v.decode("latin-1") for v in values).lower()
        for name, values in pairs
    }
