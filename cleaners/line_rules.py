"""Line rules: paragraphs of extracted text that are page furniture, not story.

What survives the DOM rules as plain text (credit lines, syndication notes, prompts to
follow, share or subscribe, date lines, desk initials) is recognised here, line by line.
Each rule is one entry of ``LINE_RULES``; ``filter_lines`` applies them in order and
reports every line it drops to the trace.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from cleaners.dom import normalize_space
from cleaners.explain import Trace
from cleaners.rules import Rule

# "Baca juga", "BACA JUGA:", "Lihat juga", "Simak juga", "Berita terkait", ...
RELATED_LABEL = re.compile(
    r"^\W*(?:(?:baca|lihat|simak|tonton|cek)\s+(?:juga|pula|selengkapnya|selanjutnya"
    r"|(?:berita|artikel)\s+(?:menarik\s+)?lainnya)"
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


def is_ad_marker(text: str) -> bool:
    """An ad slot's label: the whole text is one of the markers sites print."""
    return text.lower() in AD_MARKERS or (
        text.upper().startswith("ADVERTISEMENT") and "SCROLL TO" in text.upper()
    )


_CREDIT_LABELS = (
    r"penulis|reporter|pewarta|wartawan|kontributor|editor|penyunting|redaktur|sumber"
    r"|foto|fotografer|video|videografer|grafis|infografis|copy\s*editor|uploader"
)
# "Penulis", "Redaktur & Reporter", "Teks/Foto": one label or several joined.
_CREDIT_LABEL_LIST = rf"(?:{_CREDIT_LABELS})(?:\s*(?:&|/|,|dan)\s*(?:{_CREDIT_LABELS}))*"
_CREDIT_LABEL_ALONE = re.compile(rf"^\W*{_CREDIT_LABEL_LIST}\s*[:：]?\s*$", re.IGNORECASE)
_CREDIT_NAME_WORDS = 8
# A photo caption ends with its credit: "... untuk Joey. Foto: Grammy", "(Foto: Antara/Rizal)".
_CAPTION_CREDIT = re.compile(
    r"(?:[.!?\"”]\s*|\(\s*|^)(?:foto|photo|sumber\s+foto|dok(?:umentasi)?)\s*[:：]"
    r"\s*[^.!?:]{1,60}\)?\s*$",
    re.IGNORECASE,
)
_SYNDICATION = re.compile(
    r"^\W*artikel\s+ini\s+(?:telah\s+|sudah\s+)?(?:tayang|terbit|dimuat|ditayangkan|diterbitkan)"
    r"\s+di\s+(?P<source>[^,\n]+?)(?:\s+dengan\s+judul\b.*)?\W*$",
    re.IGNORECASE | re.DOTALL,
)
_DAY_NAMES = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
# "4 Mei 2024", "04/05/2024", "14-10-2016", "04.05.2024", "2024-05-04", then the time.
_DATE_TEXT = re.compile(
    rf"(?:{_DAY_NAMES}\s*,?\s*)?(?:\d{{1,2}}\s+[a-z]{{3,9}}\.?\s+\d{{4}}"
    r"|\d{1,2}([/.-])\d{1,2}\1\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s*[,|\-–]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AP]M\b)?\s*"
    r"(?:WIB|WITA|WIT)?)?",
    re.IGNORECASE,
)
# A prompt matches anywhere in short lines only; a story paragraph may quote an address.
_PROMPT_MAX_WORDS = 40
# Prompts to watch, share or read on are one short sentence.
_SHORT_PROMPT_WORDS = 20
# Desk initials that close Indonesian articles: "(fai/idh)", "(mdk/xxx)", "(H-4)", "(ant)".
_TRAILING_INITIALS = re.compile(
    r"\s*[\(\[](?:[a-z]{1,5}\d?(?:\s*/\s*[a-z]{1,5}\d?)+|[A-Z]-\d{1,3}|ant|antara|rls|adv)[\)\]]\s*$",
    re.IGNORECASE,
)


def is_date_line(text: str) -> bool:
    """A paragraph that only states when the page was published ("Minggu, 22 Maret 2015 |
    13:37 WIB", "Kompas.com - 02/11/2023, 21:34 WIB"): a header, not the story."""
    stamp_text = _DATE_TEXT.search(text)
    if stamp_text is None:
        return False
    rest = (text[: stamp_text.start()] + text[stamp_text.end() :]).strip(" |,-–—:")
    return len(rest.split()) <= 3


def _anywhere(pattern: str) -> Callable[[str], object]:
    """Matches ``pattern`` anywhere in a line, in any case."""
    return re.compile(pattern, re.IGNORECASE).search


@dataclass(frozen=True, kw_only=True)
class LineRule(Rule):
    """Drops a paragraph that ``matches`` (a whole line of the extracted text), when it
    holds at most ``max_words`` words (``None``: whatever its length)."""

    stage: str = "line"
    matches: Callable[[str], object]
    max_words: int | None = None


SYNDICATION_NOTE = LineRule(
    name="syndication-note",
    why='"Artikel ini telah tayang di X": the network partner\'s credit closes the story; '
    "the source is kept as the article's syndication source",
    matches=_SYNDICATION.match,
)
LINE_RULES = (
    SYNDICATION_NOTE,
    LineRule(
        name="ad-marker-line",
        why="ad slots leave their label (ADVERTISEMENT, SCROLL TO CONTINUE) as a line",
        matches=is_ad_marker,
    ),
    LineRule(
        name="date-line",
        why="the publication date line by the headline is header, not story",
        matches=is_date_line,
    ),
    LineRule(
        name="related-label-line",
        why='"Baca juga: ..." lines inside the story link other stories',
        matches=RELATED_LABEL.match,
    ),
    LineRule(
        name="credit-line",
        why='"Penulis: X", "Editor: Y", "Sumber: Antara", "Foto: ..." credits, not story',
        matches=re.compile(
            rf"^\W*{_CREDIT_LABEL_LIST}\s*[:：](?:\s*\S.{{0,120}})?$", re.IGNORECASE
        ).match,
    ),
    LineRule(
        name="caption-credit",
        why='photo captions kept as lines end with their credit ("... Joey Alexander. Foto: '
        'Grammy", "(Foto: Antara)"); a story paragraph does not',
        matches=_CAPTION_CREDIT.search,
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="follow-prompt",
        why='"Ikuti berita X di Google News / WhatsApp Channel" prompts close many stories',
        matches=_anywhere(
            r"^\W*(?:ikuti|follow|simak|dapatkan|gabung)\b.{0,120}\b(?:google\s+news|whatsapp|"
            r"telegram|instagram|twitter|facebook|tiktok|youtube|channel|saluran|update\s+berita)\b"
        ),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="comment-prompt",
        why="comment forms leave their labels (Tinggalkan komentar, Silakan masukkan...)",
        matches=_anywhere(
            r"^\W*(?:tinggalkan\s+komentar|silakan\s+masukkan|silahkan\s+masukkan|komentar\s+anda)"
        ),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="share-label",
        why='a share bar\'s label ("Bagikan", "Share artikel:") left alone on a line',
        matches=_anywhere(r"^\W*(?:share|bagikan)\s*(?:artikel|berita|this)?\s*[:]?\s*$"),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="page-counter",
        why='pagers of split stories and galleries print "2 dari 5 halaman" or "Halaman 2 dari 5"',
        matches=_anywhere(
            r"^\W*\d+\s+dari\s+\d+\s+halaman\W*$"
            r"|^\W*halaman\s+(?:\d+\s+dari\s+\d+|selanjutnya|berikutnya|sebelumnya)\W*$"
        ),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="show-all-link",
        why='"Tampilkan semua", "Load more" buttons rendered as links',
        matches=_anywhere(r"^\W*(?:tampilkan\s+semua|lihat\s+semua|load\s+more|muat\s+lebih)\W*$"),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="newsletter-prompt",
        why="invitations to subscribe to a newsletter under the story",
        matches=_anywhere(
            r"^\W*(?:berlangganan|subscribe)\b.{0,80}\b(?:newsletter|buletin|gratis)\b"
        ),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="call-to-action",
        why='"Yuk daftar...", "Ayo unduh aplikasinya": the site speaking, not the story',
        matches=_anywhere(
            r"\b(?:yuk|ayo)\b.{0,40}\b(?:daftar|gabung|ikuti|unduh|download|langganan|"
            r"berlangganan|subscribe|kirim)"
        ),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="video-prompt",
        why='embedded videos leave their prompt or title ("Simak Video "..."", "Yuk, Simak '
        'Juga Video ini!", "Saksikan video di bawah ini:", "[Gambas:Video 20detik]")',
        matches=_anywhere(
            r"^\W*(?:(?:yuk|ayo)\W+)?(?:simak|saksikan|tonton|cek|lihat)\b(?:\s+\w+){0,3}?\s+"
            r"video\b|^\W*\[gambas:"
        ),
        max_words=_SHORT_PROMPT_WORDS,
    ),
    LineRule(
        name="share-prompt",
        why='invitations to share the story ("Bagikan artikel ini melalui WhatsApp", "Yuk, '
        'bagikan berita ini ke teman-temanmu!") close stories on many templates',
        matches=_anywhere(
            r"^\W*(?:(?:yuk|ayo|jangan\s+lupa)\W+)?(?:bagikan|share)\s+(?:artikel|berita|"
            r"tulisan|informasi|postingan|konten)\s+ini\b"
        ),
        max_words=_SHORT_PROMPT_WORDS,
    ),
    LineRule(
        name="read-on-prompt",
        why='reading aids of the page ("Scroll ke bawah untuk melanjutkan membaca", "Klik di '
        'sini untuk ...", "Lanjutkan membaca") are the site speaking, not the story',
        matches=_anywhere(
            r"^\W*(?:scroll|gulir)\s+(?:ke\s+bawah|down)\b.{0,40}\b(?:membaca|baca|reading)\b"
            r"|^\W*klik\s+(?:di\s*sini|tautan|link)\b|^\W*lanjutkan\s+membaca\W*$"
        ),
        max_words=_SHORT_PROMPT_WORDS,
    ),
    LineRule(
        name="contact-line",
        why='newsroom contact and advertising lines ("redaksi[at]...", "Informasi iklan")',
        matches=_anywhere(
            r"\[at\]|\b[\w.-]+@[\w-]+\.[\w.]+\b.{0,80}$|^\W*informasi\s+pemasangan\s+iklan"
        ),
        max_words=_PROMPT_MAX_WORDS,
    ),
    LineRule(
        name="copyright-line",
        why="copyright notices of the page footer that survive extraction",
        matches=_anywhere(
            r"^\W*copyright\b|^\W*©|all\s+rights\s+reserved|hak\s+cipta\s+dilindungi"
        ),
        max_words=_PROMPT_MAX_WORDS,
    ),
)
_INITIALS_LINE = re.compile(
    r"^\s*[\(\[](?:(?i:[a-z]{1,5}\d?(?:\s*/\s*[a-z]{1,5}\d?)+)|[A-Z]{2,5})[\)\]]\s*$"
)
INITIALS_LINE = LineRule(
    name="desk-initials-line",
    why='desk initials closing one page of a story ("(Dio/Ysl)", "(ALB)") stand alone on '
    "their line, also before the next page's text",
    matches=_INITIALS_LINE.match,
)
LINE_RULES += (INITIALS_LINE,)
SPLIT_CREDIT = Rule(
    name="split-credit-line",
    stage="line",
    why='credit boxes print the label and the name in separate cells ("Penulis" / ": Nabilla" '
    '/ "Editor" / ": Bayu"): the pieces are joined into one credit line and dropped',
)
TRAILING_INITIALS = Rule(
    name="closing-desk-initials",
    stage="line",
    why='desk initials close Indonesian stories: "(fai/idh)", "(mdk/xxx)", "(H-4)", "(ant)"',
)


def _dropping_rule(text: str) -> LineRule | None:
    words = None  # counted once, for the first rule about short lines
    for rule in LINE_RULES:
        if not rule.enabled:
            continue
        if rule.max_words is not None:
            words = len(text.split()) if words is None else words
            if words > rule.max_words:
                continue
        if rule.matches(text):
            return rule
    return None


def _joined_credits(paragraphs: list[str], trace: Trace) -> list[str]:
    """``paragraphs`` with a credit label standing alone joined to the ": name" lines
    that follow it ("Penulis" + ": Nabilla Tashandra", "Redaktur" + ":" + "Amin")."""
    if not SPLIT_CREDIT.enabled:
        return paragraphs
    joined: list[str] = []
    index = 0
    while index < len(paragraphs):
        line = normalize_space(paragraphs[index])
        index += 1
        if _CREDIT_LABEL_ALONE.match(line):
            parts = [line]
            while index < len(paragraphs) and len(parts) < 3:
                following = normalize_space(paragraphs[index])
                ends_with_colon = parts[-1].endswith((":", "："))
                if following.startswith((":", "：")) or (
                    ends_with_colon and 0 < len(following.split()) <= _CREDIT_NAME_WORDS
                ):
                    parts.append(following)
                    index += 1
                else:
                    break
            if len(parts) > 1:
                trace.drop("line", SPLIT_CREDIT.name, " ".join(parts))
                continue
        joined.append(line)
    return joined


def filter_lines(paragraphs: list[str], trace: Trace | None = None) -> tuple[list[str], str | None]:
    """Drop boilerplate paragraphs; return what is left and the syndication source."""
    trace = trace or Trace()
    kept: list[str] = []
    syndication = None
    for paragraph in _joined_credits(paragraphs, trace):
        text = normalize_space(paragraph)
        if not text:
            continue
        rule = _dropping_rule(text)
        if rule is None:
            kept.append(text)
            continue
        if rule is SYNDICATION_NOTE:
            syndication = syndication or _SYNDICATION.match(text)["source"].strip(" .")
        trace.drop("line", rule.name, text)
    if kept and TRAILING_INITIALS.enabled:
        last = _TRAILING_INITIALS.sub("", kept[-1]).strip()
        if last != kept[-1]:
            trace.drop("line", TRAILING_INITIALS.name, kept[-1][len(last) :])
        if last:
            kept[-1] = last
        else:
            kept.pop()
    return kept, syndication
