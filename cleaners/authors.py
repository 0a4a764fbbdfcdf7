"""Who wrote the article: reporters and writers, never editors, the site or an agency.

Sources in order of trust: a visible labelled credit ("Penulis: ...", "Reporter: ...",
"Pewarta: ..."); byline elements (class ``author``, ``penulis``, ``reporter``...); the
site-specific author meta tags; the generic ``author`` meta; JSON-LD authors of type
Person. JSON-LD comes last because many Indonesian portals put the desk editor there.
"""

from __future__ import annotations

import re

from cleaners.dom import normalize_space
from cleaners.explain import Trace
from cleaners.pagemeta import PageMeta, ld_text

AUTHOR_LABELS = (
    r"penulis|reporter|pewarta|wartawan|kontributor|koresponden|ditulis\s+oleh|oleh"
    r"|laporan\s+wartawan(?:\s+[\w.]+)*?|writer|by"
)
OTHER_LABELS = r"editor|penyunting|redaktur|fotografer|foto|sumber|video|grafis|editing"
_LABEL = rf"(?:{AUTHOR_LABELS}|{OTHER_LABELS})"
_CREDIT = re.compile(
    rf"\b(?P<label>{_LABEL})\b\s*(?P<colon>[:：])?\s*"
    rf"(?P<value>[^|•\n:：]+?)(?=\s*(?:[|•\n]|\s[-–—]\s|\b{_LABEL}\b\s*[:：]|$))",
    re.IGNORECASE,
)
_LABEL_START = re.compile(rf"\W*{_LABEL}\b", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|&|/|\bdan\b|\band\b)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"\d|https?:|www\.|@|\.com|\.co\b|\.id\b|[()\[\]:]|redaksi|admin|tim\s|\bmedia\b|\bnews\b"
    r"|\bonline\b|^(?:author|penulis|reporter|editor|oleh|by|nama|name)$"
    # platforms and news agencies are credited, but they are not writers
    r"|^(?:facebook|twitter|instagram|youtube|tiktok|google|antara|reuters|afp|ap|xinhua"
    r"|kyodo|bernama|anadolu|bbc|cnn)$",
    re.IGNORECASE,
)
_BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:author|authors|penulis|reporter|byline|writer|wartawan|pewarta)(?:$|[\s_\d-])",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(r"^[A-Z][A-Z'.]+(?: [A-Z][A-Z'.]+){0,3}$")
_MAX_BYLINE_CHARS = 80


def split_names(value: str, excluded: set[str]) -> list[str]:
    """Person names in a credit value, without roles, sites or organisations."""
    names: list[str] = []
    if "://" in value:
        return names  # a profile URL, not a name
    for part in _NAME_SPLIT.split(value):
        name = normalize_space(part).strip(" .-–—()[]")
        if not name or not name[0].isupper() or len(name) > 60 or len(name.split()) > 5:
            continue
        if _NOT_A_NAME.search(name) or name.casefold() in excluded:
            continue
        names.append(name)
    return names


def _role(label: str) -> str:
    label = normalize_space(label).lower()
    if label in ("editor", "penyunting", "redaktur", "editing"):
        return "editor"
    if label == "fotografer":
        return "photographer"
    return "other" if re.fullmatch(OTHER_LABELS, label) else "author"


def _collect(text: str, found: dict[str, list[str]], excluded: set[str]) -> None:
    if ":" not in text and "：" not in text and not _LABEL_START.match(text):
        return  # the common case, prose: a credit needs a colon or a label in front
    for match in _CREDIT.finditer(text):
        if not match["colon"] and match.start() > 0:
            continue  # "oleh warga" mid-sentence is prose, not a byline
        role = _role(match["label"])
        for name in split_names(match["value"], excluded):
            if name not in found.setdefault(role, []):
                found[role].append(name)


def _leading_text(node) -> str:
    """The first text a reader sees in ``node``: its own, or its first child's."""
    return (node.text or "").strip() or (node[0].text or "").strip()


def visible_credits(root, excluded: set[str]) -> dict[str, list[str]]:
    """Names in the page's labelled credit lines, by role (author, editor, other)."""
    found: dict[str, list[str]] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "title", "a"):
            continue
        for text in (node.text, node.tail):
            if text and len(text) <= 200:
                _collect(normalize_space(text), found, excluded)
        # A label in its own element, the name in the next: <b>Penulis:</b> <a>X</a>
        if len(node) and _LABEL_START.match(_leading_text(node)):
            own = normalize_space(node.text_content())
            if len(own) <= 160:
                _collect(own, found, excluded)
    return found


def _in_form_or_comments(node) -> bool:
    for ancestor in node.iterancestors():
        attributes = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower()
        if ancestor.tag == "form" or "comment" in attributes or "komentar" in attributes:
            return True
    return False


def byline_names(root, excluded: set[str]) -> list[str]:
    """Names in byline elements: short text in an element classed as author/penulis..."""
    names: list[str] = []
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "meta", "link"):
            continue
        attributes = f"{node.get('class', '')} {node.get('id', '')}"
        if not _BYLINE_CLASS.search(attributes):
            continue
        text = normalize_space(node.text_content())
        if not text or len(text) > _MAX_BYLINE_CHARS or _in_form_or_comments(node):
            continue
        if re.match(rf"^(?:{OTHER_LABELS})\b", text, re.IGNORECASE):
            continue  # an editor's or photographer's credit, styled like a byline
        text = re.sub(rf"^(?:{AUTHOR_LABELS})\b\s*[:：]?\s*", "", text, flags=re.IGNORECASE)
        for name in split_names(text, excluded):
            if name not in names:
                names.append(name)
    return names


def authors(root, page: PageMeta, trace: Trace | None = None) -> list[str]:
    trace = trace or Trace()
    names, source = _authors(root, page)
    trace.choose("authors", names, source)
    return names


def _authors(root, page: PageMeta) -> tuple[list[str], str | None]:
    excluded = page.organisations()
    credits = visible_credits(root, excluded)
    editors = {name.casefold() for name in credits.get("editor", [])}
    excluded |= editors
    if credits.get("author"):
        return [n for n in credits["author"] if n.casefold() not in editors], "labelled credit"
    for name in ("content_author", "dtk:author", "parsely-author", "cXenseParse:author"):
        for value in page.all(name):
            if names := split_names(value, excluded):
                return names, f"meta:{name}"
    if names := byline_names(root, excluded):
        return names, "byline element"
    for name in ("author", "article:author", "dc.creator", "twitter:creator"):
        for value in page.all(name):
            if names := split_names(value, excluded):
                return names, f"meta:{name}"
    ld_authors = page.article_ld().get("author")
    names: list[str] = []
    for value in ld_authors if isinstance(ld_authors, list) else [ld_authors]:
        if isinstance(value, dict) and value.get("@type") not in (None, "Person"):
            continue
        text = ld_text(value)
        if text:
            names.extend(n for n in split_names(text, excluded) if n not in names)
    if names:
        return names, "json-ld:author"
    # A photo story credits its photographer and no writer: the photographer is its author.
    return credits.get("photographer", []), "photographer credit"


def sign_off(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A closing all-capitals name ("DINI TEJA"), the signature many Indonesian papers
    end a story with: the writer, and the body without it."""
    if paragraphs and _SIGN_OFF.match(paragraphs[-1]) and len(paragraphs) > 1:
        return paragraphs[-1], paragraphs[:-1]
    return None, paragraphs
