"""Who wrote the article: reporters and writers, never editors, the site or an agency.

Every source a page offers is read: visible labelled credits ("Penulis: ...",
"Reporter: ...", "Pewarta: ..."), byline elements (class ``author``, ``penulis``,
``reporter``...), site author metas, the generic ``author`` metas, JSON-LD ``Person``
authors, ``rel=author`` links, the "Name - 13 Oktober 2016" line under the headline and
the closing signature. Each raw string goes through the same table of named rules
(``NAME_RULES``: role labels, desk suffixes, places, dates, organisations), so a site
never seen before is read like the ones we know. The sources then vote: the names that
sources of the most weight agree on win, and a source whose strings were all rejected
offers nothing. Every rejected string and its reason goes into the trace.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from cleaners.dom import INVISIBLE_CHARACTERS, ClassPattern, normalize_space
from cleaners.explain import Candidate, Trace
from cleaners.pagemeta import PageMeta, ld_text
from cleaners.rules import Rule

AUTHOR_LABELS = (
    r"penulis|reporter|pewarta|wartawan|kontributor|koresponden|jurnalis|ditulis\s+oleh"
    r"|diposting\s+oleh|disediakan\s+oleh|dikirim\s+oleh|posted\s+by|written\s+by"
    r"|reviewed\s+by|oleh|laporan\s+wartawan(?:\s+[\w.]+)*?|writer|author|by"
)
OTHER_LABELS = r"editor|penyunting|redaktur|fotografer|foto|sumber|video|grafis|editing"
_LABEL = rf"(?:{AUTHOR_LABELS}|{OTHER_LABELS})"
_CREDIT = re.compile(
    rf"\b(?P<label>{_LABEL})\b\s*(?P<colon>[:：])?\s*"
    rf"(?P<value>[^|•\n:：]+?)(?=\s*(?:[|•\n]|\s[-–—]\s|\b{_LABEL}\b\s*[:：]|$))",
    re.IGNORECASE,
)
_LABEL_START = re.compile(rf"\W*{_LABEL}\b", re.IGNORECASE)
# A colon, or a character that folding removes (see ``_may_hold_credit``).
_COLON_OR_INVISIBLE = re.compile(f"[:：{''.join(INVISIBLE_CHARACTERS)}]")
_NAME_SPLIT = re.compile(r"\s*(?:,|&|/|\bdan\b|\band\b)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"\d|https?:|www\.|@|\.com|\.co\b|\.id\b|\.my\b|[()\[\]:]", re.I)
_BYLINE_WORDS = r"author|authors|penulis|reporter|byline|writer|wartawan|pewarta|jurnalis"
_BYLINE_CLASS = ClassPattern(rf"(?:^|[\s_-])(?:{_BYLINE_WORDS})(?:$|[\s_\d-])")
_BYLINE_CLASS_GLUED = ClassPattern(rf"[a-z](?:{_BYLINE_WORDS})(?:$|[\s_\d-])")
# An editor's or photographer's credit, whether the role stands before or after the name.
_OTHER_CREDIT = re.compile(rf"^(?:{OTHER_LABELS})\b|\b(?:{OTHER_LABELS})\W*$", re.IGNORECASE)
_OTHER_LABEL_BEFORE = re.compile(rf"\b(?:{OTHER_LABELS})\s*[:：]?\s*$", re.IGNORECASE)
_EDITOR_METAS = ("content_editor", "dtk:editor", "article:editor")
_SIGN_OFF = re.compile(r"^[A-Z][A-Z'.]+(?: [A-Z][A-Z'.]+){0,3}$")
_MAX_BYLINE_CHARS = 80
# Selected in C: only elements with a class or an id can be classed as a byline.
_CLASSED = etree.XPath("descendant-or-self::*[@class or @id]")

_WEEKDAYS = (
    r"senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|isnin|khamis|jumaat"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_MONTHS = (
    r"januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november"
    r"|desember|mac|jun|julai|ogos|disember|january|february|march|may|june|july|august"
    r"|october|december|jan|feb|mar|apr|agu|agt|aug|sep|okt|oct|nov|des|dec"
)
_DATE_LABELS = r"posted|published|updated|diterbitkan|dipublikasikan|diperbarui|dikemaskini"
_PLACE_ROLES = r"kontributor|koresponden|laporan\s+(?:wartawan|reporter|koresponden)"
# Whoever publishes is credited, but is not a writer: agencies, platforms, desks.
_ORGANISATION_WORDS = re.compile(
    r"^(?:facebook|twitter|instagram|youtube|tiktok|google|antara|reuters|afp|ap|xinhua"
    r"|kyodo|bernama|anadolu|bbc|cnn)$|\bredaksi\b|\badmin(?:istrator)?\b|\btim\s|\bteam\b"
    r"|\bmedia\b|\bnews\b|\bonline\b|\bdesk\b"
    # a newsroom's unsigned credit: "Staff Writer", "Staf Redaksi", "Wartawan Kami"
    r"|^staff?\b|\bwriters?$|\bkami$|\bnewsroom\b|\bcontributors?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NameRule:
    """One normalisation of a credit string: ``rewrite`` edits the whole raw string
    before it is split into names; ``reject`` says why one name is not an author."""

    rule: Rule
    rewrite: Callable[[str], str] | None = None
    reject: Callable[[str, NameContext], bool] | None = None


@dataclass(frozen=True)
class NameContext:
    """What a name is judged against: the page's own organisation names."""

    organisations: frozenset[str]


def _sub(pattern: str, replacement: str = "") -> Callable[[str], str]:
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda value: compiled.sub(replacement, value)


def _squashed(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _is_organisation(name: str, context: NameContext) -> bool:
    key = _squashed(name)
    if _ORGANISATION_WORDS.search(name):
        return True
    one_word = " " not in name.strip()
    return any(
        key == org
        or (one_word and len(org) >= 5 and key.startswith(org))  # a desk: "detikinet"
        or (len(key) >= 5 and org.startswith(key))  # the site without its suffix
        for org in context.organisations
    )


PLACE_AFTER_ROLE = NameRule(
    Rule(
        name="author-place-after-role",
        stage="authors",
        why="Kompas and Tribun credit a contributor by town or desk before the name "
        "('Kontributor Lhokseumawe, Masriadi', 'Laporan Wartawan Tribun Jogja, Dewi'): "
        "the words between the role and the comma are a place, not a person.",
    ),
    rewrite=_sub(rf"\b(?:{_PLACE_ROLES})\s+[^,]{{2,40}}?,\s*|\b(?:{_PLACE_ROLES})\s+\S+\s*$"),
)
DESK_SUFFIX = NameRule(
    Rule(
        name="author-desk-suffix",
        stage="authors",
        why="Portals append the desk or site to the byline ('Name - detikinet', 'Name | "
        "Tribunnews', 'Name :: Okezone', 'Name—Kompas', 'Name · Senin'): the name ends "
        "at the separator.",
    ),
    rewrite=_sub(r"\s+(?:-|–|\||::|·)\s+.*$|\s*(?:—|·|::)\s*.*$"),
)
DATE_TAIL = NameRule(
    Rule(
        name="author-date-tail",
        stage="authors",
        why="A byline and its date share a line or sibling elements ('Name Jumat, 6 "
        "Desember 2024', 'Posted by Name on Monday'): the name ends where the date starts.",
    ),
    rewrite=_sub(
        rf"(?:\s*,|\s+(?:on|pada|at))?\s+(?:(?:{_WEEKDAYS}|{_DATE_LABELS})\b|\d{{1,2}}\s+(?:{_MONTHS})\b"
        rf"|(?:{_MONTHS})\s+\d|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d).*$"
    ),
)
ROLE_LABEL = NameRule(
    Rule(
        name="author-role-label",
        stage="authors",
        why="Bylines carry their role around the name ('Penulis Dewi', 'Dewi Kania "
        "Jurnalis', 'Posted by', 'Diposting oleh', 'Reviewed by'): the role is not part of "
        "the name, and a role alone names nobody.",
    ),
    rewrite=_sub(rf"^\W*(?:(?:{AUTHOR_LABELS})\b\W*)+|(?:\W+\b(?:{AUTHOR_LABELS}))+\W*$"),
)
NOT_A_DATE = NameRule(
    Rule(
        name="author-not-a-date",
        stage="authors",
        why="Blogger and WordPress themes put the weekday or month beside the byline "
        "('Jumat', 'Published on'): a weekday, a month or a date label is not a person.",
    ),
    reject=lambda name, _: bool(
        re.fullmatch(
            rf"(?:(?:{_WEEKDAYS}|{_MONTHS}|{_DATE_LABELS}|wib|wita|wit|on|pada)\b\W*)+",
            name,
            re.IGNORECASE,
        )
    ),
)
NOT_AN_ORGANISATION = NameRule(
    Rule(
        name="author-not-an-organisation",
        stage="authors",
        why="Regional sites and blogs credit the site, the newsroom or an agency where a "
        "writer would stand ('Kabar Desa', 'Redaksi', 'Antara'): authors are people.",
    ),
    reject=_is_organisation,
)
# Rewrites run in this order on the raw credit; rejections on each name split from it.
NAME_RULES: tuple[NameRule, ...] = (
    PLACE_AFTER_ROLE,
    DESK_SUFFIX,
    DATE_TAIL,
    ROLE_LABEL,
    NOT_A_DATE,
    NOT_AN_ORGANISATION,
)

SPACED_BYLINE = Rule(
    name="author-spaced-byline",
    stage="authors",
    why="Themes put the byline and the date in sibling <div>s with no space between: the "
    "text of a byline element is read with a space at every element boundary, or the "
    "name runs into the weekday ('NameJumat').",
)
DATE_LINE = Rule(
    name="author-date-line",
    stage="authors",
    why="Some portals print the writer only in the line under the headline, before the date "
    "('Meilikhah - 13 Oktober 2016 23:11 wib'), with no label or byline class.",
)
GLUED_BYLINE_CLASS = Rule(
    name="author-glued-byline-class",
    stage="authors",
    why="Custom CMSs glue a prefix to the byline class ('nmreporter', 'txtauthor', "
    "'namapenulis'): the role word ends the class name instead of standing alone.",
)
EDITOR_IN_BYLINE = Rule(
    name="author-editor-in-byline",
    stage="authors",
    why="On network portals one person often writes and edits: an editor's name is kept when "
    "the visible byline also credits them as the writer.",
)


CLOSING_INITIALS = Rule(
    name="author-closing-initials",
    stage="authors",
    why="Regional papers end the story with the writer and the desk's initials in brackets "
    "('(Dini Teja/dtj)'): the name before the slash is the writer.",
)
_INITIALS = re.compile(r"\((?P<name>[A-Z][a-z'.]+(?: [A-Z][a-z'.]+){0,3})\s*/\s*[a-z]{2,5}\)\W*$")


@dataclass(frozen=True)
class Source:
    """A place on the page that names authors, and how much its word counts."""

    name: str
    weight: int


LABELLED = Source("labelled credit", 4)
BYLINE = Source("byline element", 3)
SITE_META = Source("site author meta", 2)
REL_AUTHOR = Source("rel=author link", 2)
DATE_LINE_SOURCE = Source("date line", 1)
GENERIC_META = Source("author meta", 1)
JSON_LD = Source("json-ld:author", 1)
SIGNATURE = Source("closing signature", 1)
PHOTOGRAPHER = Source("photographer credit", 0)


def normalise(raw: str, context: NameContext) -> tuple[list[str], list[tuple[str, str]]]:
    """The person names in one raw credit string, and the parts rejected with why."""
    if "://" in raw:
        return [], [(raw, "a profile URL")]
    value = normalize_space(raw)
    for item in NAME_RULES:
        if item.rewrite and item.rule.enabled:
            value = item.rewrite(value)
    names: list[str] = []
    rejected: list[tuple[str, str]] = []
    if not value.strip(" .,-–—()[]") and raw.strip():
        rejected.append((raw, "only a role, a place or a date"))
    for part in _NAME_SPLIT.split(value):
        name = ROLE_LABEL.rewrite(part) if ROLE_LABEL.rule.enabled else part
        name = normalize_space(name).strip(" .,-–—()[]")
        if not name:
            continue
        reason = _rejection(name, context)
        if reason:
            rejected.append((name, reason))
        elif name not in names:
            names.append(name)
    return names, rejected


def _rejection(name: str, context: NameContext) -> str | None:
    if not name[0].isupper() or len(name) > 60 or len(name.split()) > 5:
        return "not shaped like a name"
    if _NOT_A_NAME.search(name):
        return "holds a digit, a link or punctuation"
    for item in NAME_RULES:
        if item.reject and item.rule.enabled and item.reject(name, context):
            return item.rule.name
    return None


# --- where the raw strings come from -----------------------------------------------


def _role(label: str) -> str:
    label = normalize_space(label).lower()
    if label in ("editor", "penyunting", "redaktur", "editing"):
        return "editor"
    if label == "fotografer":
        return "photographer"
    return "other" if re.fullmatch(OTHER_LABELS, label) else "author"


def _collect(text: str, found: dict[str, list[str]]) -> None:
    if not _may_hold_credit(text):
        return  # the common case, prose: a credit needs a colon or a label in front
    for match in _CREDIT.finditer(text):
        if not match["colon"] and match.start() > 0:
            continue  # "oleh warga" mid-sentence is prose, not a byline
        role = _role(match["label"])
        # A writer's label stays with the value: the name rules read "Kontributor X, Y".
        value = f"{match['label']} {match['value']}" if role == "author" else match["value"]
        values = found.setdefault(role, [])
        if value not in values:
            values.append(value)


def _may_hold_credit(raw: str) -> bool:
    """Whether a text can hold a credit (a colon, or a label in front), asked before it
    is folded too: most texts of a page are prose or labels without a colon, and
    folding them all costs more than the rest of the walk. Folding changes only white
    space, which the label pattern reads as white space either way, and removes
    invisible characters, which it cannot. Leading white space is stripped first: the
    pattern skips it anyway, one position at a time, and most texts of a page are white
    space between tags."""
    text = raw.lstrip()
    if not text:
        return False
    return _COLON_OR_INVISIBLE.search(text) is not None or _LABEL_START.match(text) is not None


def _leading_text(node) -> str:
    """The first text a reader sees in ``node``: its own, or its first child's."""
    return (node.text or "").strip() or (node[0].text or "").strip()


def _text(node) -> str:
    """What a reader sees in ``node``; elements are kept apart by a space, so sibling
    byline and date elements do not run together."""
    if SPACED_BYLINE.enabled:
        return normalize_space(" ".join(node.xpath(".//text()[not(parent::script)]")))
    return normalize_space(node.text_content())


def visible_credits(root) -> dict[str, list[str]]:
    """Raw values of the page's labelled credit lines, by role (author, editor...)."""
    found: dict[str, list[str]] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "title", "a"):
            continue
        for text in (node.text, node.tail):
            if text and len(text) <= 200 and _may_hold_credit(text):
                _collect(normalize_space(text), found)
        # A label in its own element, the name in the next: <b>Penulis:</b> <a>X</a>
        if len(node) and _LABEL_START.match(_leading_text(node)):
            own = _text(node)
            if len(own) <= 160:
                _collect(own, found)
    return found


def _in_form_or_comments(node) -> bool:
    for ancestor in node.iterancestors():
        attributes = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower()
        if ancestor.tag == "form" or "comment" in attributes or "komentar" in attributes:
            return True
    return False


def byline_texts(root) -> list[str]:
    """Short texts of elements classed as author/penulis/byline..., minus credits that
    open with an editor's or photographer's label."""
    texts: list[str] = []
    for node in _CLASSED(root):
        if node.tag in ("script", "style", "meta", "link"):
            continue
        if not _is_byline_class(f"{node.get('class', '')} {node.get('id', '')}"):
            continue
        text = _text(node)
        if not text or len(text) > _MAX_BYLINE_CHARS or _in_form_or_comments(node):
            continue
        if _OTHER_CREDIT.search(text) or _is_other_credit(node):
            continue  # an editor's or photographer's credit, styled like a byline
        texts.append(text)
    return texts


def _is_byline_class(attributes: str) -> bool:
    if _BYLINE_CLASS.search(attributes):
        return True
    return GLUED_BYLINE_CLASS.enabled and bool(_BYLINE_CLASS_GLUED.search(attributes))


def _is_other_credit(node) -> bool:
    """Whether an editor's label stands just before ``node`` ("Editor : <a>X</a>") or
    just after it, as the caption of its role (<h6>X</h6><h6>Editor</h6>)."""
    previous, parent, following = node.getprevious(), node.getparent(), node.getnext()
    before = previous.tail if previous is not None else parent.text if parent is not None else ""
    after = (node.tail or "").strip()
    if not after and following is not None and isinstance(following.tag, str):
        after = _text(following)
    return bool(
        _OTHER_LABEL_BEFORE.search(before or "")
        or re.fullmatch(rf"\W*(?:{OTHER_LABELS})\W*", after, re.IGNORECASE)
    )


def _ld_person_texts(page: PageMeta) -> list[str]:
    ld_authors = page.article_ld().get("author")
    texts = []
    for value in ld_authors if isinstance(ld_authors, list) else [ld_authors]:
        if isinstance(value, dict) and value.get("@type") not in (None, "Person"):
            continue
        if text := ld_text(value):
            texts.append(text)
    return texts


def _rel_author_texts(root) -> list[str]:
    return [_text(a) for a in root.xpath('//a[contains(concat(" ", @rel, " "), " author ")]')]


_DATED_LINE = re.compile(
    rf"^(?P<name>[A-Z][\w.' ]{{2,40}}?)\s+[-|]\s+(?:(?:{_WEEKDAYS}),?\s+)?\d{{1,2}}\s+"
    rf"(?:{_MONTHS})\b",
    re.IGNORECASE,
)


def _date_line_texts(root) -> list[str]:
    """The name before the date in the short line right after the headline."""
    if not DATE_LINE.enabled:
        return []
    for heading in root.iter("h1"):
        sibling = heading.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        if sibling is not None and (match := _DATED_LINE.match(_text(sibling))):
            return [match["name"]]
    return []


@dataclass(frozen=True)
class PageCredits:
    """What the page's markup says about who made it, read before the page is pruned for
    its body (credit lines and bylines live in the blocks that pruning drops)."""

    labelled: dict[str, list[str]]  # visible labelled credits, by role
    bylines: list[str]
    rel_authors: list[str]
    date_line: list[str]


def read_credits(root) -> PageCredits:
    return PageCredits(
        labelled=visible_credits(root),
        bylines=byline_texts(root),
        rel_authors=_rel_author_texts(root),
        date_line=_date_line_texts(root),
    )


def _raw_sources(
    credits: PageCredits, page: PageMeta, signature: str | None
) -> Iterator[tuple[Source, list[str]]]:
    yield LABELLED, credits.labelled.get("author", [])
    yield BYLINE, credits.bylines
    site_metas = ("content_author", "dtk:author", "parsely-author", "cxenseparse:author")
    yield SITE_META, page.all(*site_metas, "dable:author")
    yield REL_AUTHOR, credits.rel_authors
    yield DATE_LINE_SOURCE, credits.date_line
    yield GENERIC_META, page.all("author", "article:author", "dc.creator", "twitter:creator")
    yield JSON_LD, _ld_person_texts(page)
    yield SIGNATURE, [signature] if signature else []
    yield PHOTOGRAPHER, credits.labelled.get("photographer", [])


# --- choosing by agreement -----------------------------------------------------------


def authors(
    credits: PageCredits, page: PageMeta, trace: Trace | None = None, signature: str | None = None
) -> list[str]:
    """The writers of the page: the names the weightiest agreeing sources give.

    ``credits`` come from ``read_credits``; ``signature`` is the closing sign-off line
    found at the end of the body, if any.
    """
    trace = trace or Trace()
    organisations = page.organisations() | set(filter(None, [page.host_name()]))
    context = NameContext(frozenset(filter(None, map(_squashed, organisations))))
    editor_credits = credits.labelled.get("editor", []) + page.all(*_EDITOR_METAS)
    editors = {n.casefold() for raw in editor_credits for n in normalise(raw, context)[0]}
    offers: list[tuple[Source, list[str]]] = []
    candidates: list[Candidate] = []
    for source, raws in _raw_sources(credits, page, signature):
        names: list[str] = []
        for raw in raws:
            found, rejected = normalise(raw, context)
            candidates += [Candidate(text, source.name, why) for text, why in rejected]
            names += [n for n in found if n not in names]
        if names:
            offers.append((source, names))
    visible = {n.casefold() for s, names in offers if s in (LABELLED, BYLINE) for n in names}
    offers = _without_editors(offers, editors, visible, candidates)
    chosen, source = _by_agreement(offers, candidates)
    trace.choose("authors", chosen, source, candidates)
    return chosen


def _without_editors(offers, editors: set[str], visible: set[str], candidates: list[Candidate]):
    """Offers without the names credited as editors (unless the byline credits them too)."""
    if EDITOR_IN_BYLINE.enabled:
        editors = editors - visible
    kept = []
    for source, names in offers:
        for name in names:
            if name.casefold() in editors:
                candidates.append(Candidate(name, source.name, "credited as editor"))
        if names := [n for n in names if n.casefold() not in editors]:
            kept.append((source, names))
    return kept


def _by_agreement(offers, candidates: list[Candidate]) -> tuple[list[str], str | None]:
    """The offer backed by the most source weight: its own, plus that of every other
    source naming one of its names. Ties go to the more trusted source."""
    if not offers:
        return [], None

    def support(offer) -> int:
        keys = {n.casefold() for n in offer[1]}
        return sum(s.weight for s, names in offers if keys & {n.casefold() for n in names})

    best = max(offers, key=lambda offer: (support(offer), offer[0].weight))
    chosen = {n.casefold() for n in best[1]}
    for source, names in offers:
        for name in names:
            why = None if name.casefold() in chosen else f"outvoted by {best[0].name}"
            candidates.append(Candidate(name, source.name, why))
    return best[1], best[0].name


def sign_off(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The signature a story ends with, and the body without a signature line.

    Many Indonesian papers close with the writer in capitals on a line of their own
    ("DINI TEJA"), which is not story text; others close the last paragraph with the
    writer and the desk's initials ("... (Dini Teja/dtj)"), which stays in the body.
    """
    if paragraphs and _SIGN_OFF.match(paragraphs[-1]) and len(paragraphs) > 1:
        return paragraphs[-1], paragraphs[:-1]
    if paragraphs and CLOSING_INITIALS.enabled and (match := _INITIALS.search(paragraphs[-1])):
        return match["name"], paragraphs
    return None, paragraphs
