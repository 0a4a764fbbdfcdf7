"""What Indonesian news pages wrap around an article, and how to recognise it.

Two layers, both generic: rules on the DOM, applied before extraction so that whole
blocks (a "Baca juga" box with its links, an ad slot, a comment form) go at once; and
rules on lines, applied to the extracted paragraphs for what survives as plain text
(credit lines, syndication notes, desk initials).
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from cleaners.decoding import _XML_DECLARATION, decode_html

_PARSER = lxml_html.HTMLParser(remove_comments=False, huge_tree=False)

# "Baca juga", "BACA JUGA:", "Lihat juga", "Simak juga", "Berita terkait", ...
RELATED_LABEL = re.compile(
    r"^\W*(?:(?:baca|lihat|simak|tonton|cek)\s+(?:juga|pula|selengkapnya|berita\s+lainnya)"
    r"|berita\s+(?:terkait|lainnya|pilihan|menarik)|artikel\s+(?:terkait|lainnya|menarik)"
    r"|jangan\s+lewatkan|rekomendasi\s+berita|related\s+(?:news|articles?|posts?)"
    r"|read\s+also|see\s+also)\b",
    re.IGNORECASE,
)
AD_MARKERS = frozenset(
    {
        "advertisement", "- advertisement -", "-advertisement-", "iklan", "- iklan -",
        "scroll to continue with content", "scroll to resume content",
        "advertisement scroll to continue with content",
        "sponsored", "konten sponsor", "ads", "ad",
    }
)  # fmt: skip

# Tags whose content is never article text.
DROP_TAGS = (
    "script", "style", "noscript", "iframe", "button", "select", "textarea",
    "svg", "canvas", "template",
)  # fmt: skip
# Page furniture, dropped unless broken markup left the story inside it (an unclosed
# <nav> that swallows the page): then it holds far more prose than links.
FURNITURE_TAGS = ("nav", "footer")
_FURNITURE_MAX_CHARS = 1500
_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:caption|credit|keterangan)(?:$|[\s_-])", re.I)
_INLINE_TAGS = frozenset(
    {"a", "span", "strong", "b", "em", "i", "u", "small", "sup", "sub", "font"}
)

# class/id words of blocks that hold no article text: captions, shares, comments,
# tag lists, author boxes. Matched as whole words of the attribute.
_NOISE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|sosmed|comments?|komentar|respond"
    r"|newsletter|subscribe|tags?|tag-list|breadcrumbs?|author-box|related|baca-?juga"
    r"|terkait|populer|popular|terpopuler|ads?|advert|advertisement|iklan|banner|parallax)"
    r"(?:$|[\s_-])"
    # dialogs and pop-ups, also in camelCase class names (kgmModal, loginPopup)
    r"|(?:modal|popup|Modal|Popup)(?:$|[\s_-])",
    re.IGNORECASE,
)
_NOISE_CLASS_MAX_CHARS = 600
_TEASER_MAX_CHARS = 400
_PAGE_FORM_CHARS = 3000
_TAXONOMY_CLASS = re.compile(r"^(?:tag|category|post|type|format|status|author)-", re.IGNORECASE)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_TITLE_CLASS = re.compile(r"title|judul|headline", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "table", "tbody", "tr", "td", "section", "aside",
        "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dl", "center",
    }
)  # fmt: skip

CREDIT_LABELS = (
    r"penulis|reporter|pewarta|wartawan|kontributor|editor|penyunting|redaktur|sumber"
    r"|foto|fotografer|video|videografer|grafis|infografis|copy\s*editor|uploader"
)
# A paragraph that is only a credit: "Editor: Bambang", "Sumber: Antara", "Foto: ANTARA",
# or the label alone when the value sat in a link that was removed.
_CREDIT_LINE = re.compile(rf"^\W*(?:{CREDIT_LABELS})\s*[:：](?:\s*\S.{{0,120}})?$", re.IGNORECASE)
_SYNDICATION = re.compile(
    r"^\W*artikel\s+ini\s+(?:telah\s+|sudah\s+)?(?:tayang|terbit|dimuat|ditayangkan|diterbitkan)"
    r"\s+di\s+(?P<source>[^,\n]+?)(?:\s+dengan\s+judul\b.*)?\W*$",
    re.IGNORECASE | re.DOTALL,
)
_PROMPT_LINES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\W*(?:ikuti|follow|simak|dapatkan|gabung)\b.{0,120}\b(?:google\s+news|whatsapp|"
        r"telegram|instagram|twitter|facebook|tiktok|youtube|channel|saluran|update\s+berita)\b",
        r"^\W*(?:tinggalkan\s+komentar|silakan\s+masukkan|silahkan\s+masukkan|komentar\s+anda)",
        r"^\W*(?:share|bagikan)\s*(?:artikel|berita|this)?\s*[:]?\s*$",
        r"^\W*\d+\s+dari\s+\d+\s+halaman\W*$",
        r"^\W*halaman\s+(?:\d+\s+dari\s+\d+|selanjutnya|berikutnya|sebelumnya)\W*$",
        r"^\W*(?:tampilkan\s+semua|lihat\s+semua|load\s+more|muat\s+lebih)\W*$",
        r"^\W*(?:berlangganan|subscribe)\b.{0,80}\b(?:newsletter|buletin|gratis)\b",
        # calls to action: "Yuk daftarkan...", "Ayo unduh aplikasinya"
        r"\b(?:yuk|ayo)\b.{0,40}\b(?:daftar|gabung|ikuti|unduh|download|langganan|"
        r"berlangganan|subscribe|kirim)",
        # contact and advertising lines: "Redaksi: redaksi[at]detik.com", "Informasi iklan..."
        r"\[at\]|\b[\w.-]+@[\w-]+\.[\w.]+\b.{0,80}$|^\W*informasi\s+pemasangan\s+iklan",
        r"^\W*copyright\b|^\W*©|all\s+rights\s+reserved|hak\s+cipta\s+dilindungi",
    )
]
# A prompt matches anywhere in short lines only; a story paragraph may quote an address.
_PROMPT_MAX_WORDS = 40
# Desk initials that close Indonesian articles: "(fai/idh)", "(mdk/xxx)", "(H-4)", "(ant)".
_TRAILING_INITIALS = re.compile(
    r"\s*[\(\[](?:[a-z]{1,5}\d?(?:\s*/\s*[a-z]{1,5}\d?)+|[A-Z]-\d{1,3}|ant|antara|rls|adv)[\)\]]\s*$",
    re.IGNORECASE,
)


_DAY_NAMES = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
_DATE_TEXT = re.compile(
    rf"(?:{_DAY_NAMES}\s*,?\s*)?(?:\d{{1,2}}\s+[a-z]{{3,9}}\.?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    r"(?:\s*[,|\-–]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:WIB|WITA|WIT)?)?",
    re.IGNORECASE,
)


# Soft hyphens and zero-width characters: invisible to readers, but they split words.
_INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")


def normalize_space(text: str) -> str:
    for character in _INVISIBLE:
        if character in text:  # rare; str.translate would cost more on every call
            text = text.replace(character, "")
    return " ".join(text.split())


def _text(element) -> str:
    return normalize_space(element.text_content())


def _is_ad_marker(text: str) -> bool:
    return text.lower() in AD_MARKERS


def link_text_ratio(element) -> float:
    """Share of the element's text that sits inside links (0 for an empty element)."""
    total = len(_text(element))
    if not total:
        return 0.0
    linked = sum(len(normalize_space(a.text_content())) for a in element.iter("a"))
    return linked / total


def _drop(element) -> None:
    """Remove ``element`` but keep the text that follows it inside its parent."""
    if element.getparent() is not None:
        element.drop_tree()


def _block_of(element):
    """``element`` if it is a block, else its nearest block ancestor."""
    node = element
    while node is not None and node.tag not in _BLOCK_TAGS:
        node = node.getparent()
    return node if node is not None else element


def _drop_related_box(element) -> None:
    """Remove a "Baca juga" label's block and the bare link lists that follow it."""
    block = _block_of(element)
    label_only = RELATED_LABEL.sub("", _text(block)).strip(" :-–") == ""
    if label_only:
        sibling = block.getnext()
        while sibling is not None and _text(sibling) and link_text_ratio(sibling) > 0.8:
            following = sibling.getnext()
            _drop(sibling)
            sibling = following
    _drop(block)


def _marker_words(element) -> str:
    """The element's class and id words, without WordPress taxonomy classes
    (``tag-banjir``, ``category-nasional``) that name the post's topics, not its parts."""
    words = f"{element.get('class', '')} {element.get('id', '')}".split()
    return " ".join(w for w in words if not _TAXONOMY_CLASS.match(w))


def _is_inline_in_text(element) -> bool:
    """An inline element inside a paragraph: a link or emphasis that is part of a
    sentence, whatever its class says."""
    parent = element.getparent()
    return element.tag in _INLINE_TAGS and parent is not None and parent.tag not in ("div", "body")


def _dense_length(text: str | None) -> int:
    return len("".join(text.split())) if text else 0


def _dense_sizes(root) -> dict:
    """Characters of text, white space aside, under every element, in one bottom-up pass
    (reading each element's text separately would read a big page once per level)."""
    sizes: dict = {}
    for element in reversed(list(root.iter())):
        own = _dense_length(element.text) if isinstance(element.tag, str) else 0
        sizes[element] = own + sum(sizes[c] + _dense_length(c.tail) for c in element)
    return sizes


def _is_teaser_card(element, text: str) -> bool:
    """A card promoting another story: a small block whose headline (a heading or a
    title-classed element) is a link of several words, usually with a one-line summary.
    Links inside the text of a paragraph never make a card."""
    if element.tag not in ("li", "div", "article", "section"):
        return False
    if not text or len(text) > _TEASER_MAX_CHARS:
        return False
    for link in element.iter("a"):
        if len(normalize_space(link.text_content()).split()) < 4:
            continue
        for ancestor in link.iterancestors():
            if ancestor is element or ancestor.tag == "p":
                break
            classes = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
            if ancestor.tag in _HEADINGS or _TITLE_CLASS.search(classes):
                return True
    return False


def prune_dom(root, keep_captions: bool = False) -> None:
    """Strip boilerplate blocks from a parsed page, in place.

    Photo captions are boilerplate in a story but the only text of a photo page, so a
    caller that found too little text prunes again with ``keep_captions``.
    """
    for element in list(root.iter(*DROP_TAGS)):
        _drop(element)
    for element in list(root.iter(*FURNITURE_TAGS)):
        if len(_text(element)) <= _FURNITURE_MAX_CHARS or link_text_ratio(element) > 0.5:
            _drop(element)
    for form in list(root.iter("form")):
        # Comment and search forms go; a form wrapping the whole page (ASP.NET) stays.
        if len(_text(form)) < _PAGE_FORM_CHARS:
            _drop(form)
    if not keep_captions:
        for element in list(root.iter("figcaption")):
            _drop(element)
    for comment in root.xpath("//comment()"):
        _drop(comment)

    sizes = _dense_sizes(root)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag in ("html", "body", "head") or sizes[element] > _NOISE_CLASS_MAX_CHARS:
            continue  # every rule below is about small blocks; skip reading big ones
        text = _text(element)
        if _is_ad_marker(text) or (
            text.upper().startswith("ADVERTISEMENT") and "SCROLL TO" in text.upper()
        ):
            _drop(_block_of(element) if len(text) < 80 else element)
            continue
        if len(text) < 300 and RELATED_LABEL.match(text):
            _drop_related_box(element)
            continue
        if _is_teaser_card(element, text):
            _drop(element)
            continue
        attributes = _marker_words(element)
        if not attributes or element.tag in ("article", "main") or _is_inline_in_text(element):
            continue
        noise = _NOISE_CLASS.search(attributes) or (
            not keep_captions and _CAPTION_CLASS.search(attributes)
        )
        if noise and len(text) <= _NOISE_CLASS_MAX_CHARS:
            _drop(element)


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Hidden blocks holding at least this many words of prose are parts of the story that a
# script reveals (the pages of a multi-page article shipped whole).
_HIDDEN_STORY_WORDS = 30


def reveal_hidden_story(root) -> None:
    """Make hidden story parts visible to the extractor, and drop other hidden blocks.

    trafilatura discards ``display:none`` elements, which loses the later pages of an
    article a site ships whole and reveals by script.
    """
    for element in list(root.xpath("//*[@style]")):
        style = element.get("style", "")
        if not _HIDDEN_STYLE.search(style) or element.getparent() is None:
            continue
        prose = next(element.iter("p"), None) is not None
        if (
            prose
            and len(_text(element).split()) >= _HIDDEN_STORY_WORDS
            and link_text_ratio(element) < 0.5
        ):
            element.set("style", _HIDDEN_STYLE.sub("", style))
        else:
            _drop(element)


def split_line_breaks(root) -> None:
    """Turn text separated only by ``<br><br>`` into separate paragraphs.

    Many Indonesian sites write a whole article as one block of text and ``<br>`` pairs;
    a reader sees paragraphs there, so the body must have them too.
    """
    for br in list(root.iter("br")):
        following = br.getnext()
        if following is not None and following.tag == "br" and not (br.tail or "").strip():
            br.tail = (br.tail or "") + "\n\n"
            following.tail = "\n\n" + (following.tail or "")


def parse(html: str | bytes):
    """A DOM for ``html``; raises ``ValueError`` when there is nothing to parse."""
    text = decode_html(html) if isinstance(html, bytes) else _XML_DECLARATION.sub("", html, count=1)
    if not text.strip():
        raise ValueError("empty document")
    return lxml_html.document_fromstring(text, parser=_PARSER)


def is_date_line(text: str) -> bool:
    """A paragraph that only states when the page was published ("Minggu, 22 Maret 2015 |
    13:37 WIB", "Kompas.com - 02/11/2023, 21:34 WIB"): a header, not the story."""
    stamp_text = _DATE_TEXT.search(text)
    if stamp_text is None:
        return False
    rest = (text[: stamp_text.start()] + text[stamp_text.end() :]).strip(" |,-–—:")
    return len(rest.split()) <= 3


def filter_lines(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Drop boilerplate paragraphs; return what is left and the syndication source."""
    kept: list[str] = []
    syndication = None
    for paragraph in paragraphs:
        text = normalize_space(paragraph)
        if not text:
            continue
        match = _SYNDICATION.match(text)
        if match:
            syndication = syndication or match["source"].strip(" .")
            continue
        if (
            _is_ad_marker(text)
            or is_date_line(text)
            or RELATED_LABEL.match(text)
            or _CREDIT_LINE.match(text)
            or (
                len(text.split()) <= _PROMPT_MAX_WORDS
                and any(p.search(text) for p in _PROMPT_LINES)
            )
        ):
            continue
        kept.append(text)
    if kept:
        last = _TRAILING_INITIALS.sub("", kept[-1]).strip()
        if last:
            kept[-1] = last
        else:
            kept.pop()
    return kept, syndication
