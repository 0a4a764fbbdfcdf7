"""DOM rules: blocks of an Indonesian news page that are never the article.

Applied before extraction, so that a whole block goes at once (a "Baca juga" box with its
links, a share bar, a comment box) instead of leaving its lines to the line rules. Two
kinds, each a table applied by one loop:

- ``ELEMENT_RULES`` find elements anywhere in the page (scripts, captions, comments),
  whatever their size;
- ``BLOCK_RULES`` look at every small block (at most ``_SMALL_BLOCK_CHARS`` characters of
  text) in page order, and say which element to drop when it matches; the first rule that
  matches a block wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from cleaners.dom import (
    BLOCK_TAGS,
    INLINE_TAGS,
    ClassPattern,
    dense_sizes,
    drop,
    is_inline_in_text,
    link_text_ratio,
    normalize_space,
    text_of,
)
from cleaners.dom import block_of as _block_of
from cleaners.explain import Trace
from cleaners.language import function_word_language
from cleaners.line_rules import RELATED_LABEL
from cleaners.rules import Rule

# Every block rule is about small blocks; bigger ones are not read at all.
_SMALL_BLOCK_CHARS = 600
_NON_TEXT_TAGS = (
    "script", "style", "noscript", "iframe", "button", "select", "textarea",
    "svg", "canvas", "template", "head",
)  # fmt: skip
# The page's navigation, footer and menus. trafilatura's main pass deletes them too, but
# dropping them first spares every pass before that (ours, and trafilatura's copies of
# the page) from walking them: a tenth of a clean's time on the benchmark pages, with no
# output changed. One holding half the page's paragraphs or more is an unclosed tag that
# swallowed the story (mega-menus and footers hold links, not paragraphs), and stays.
_FURNITURE_TAGS = ("nav", "footer", "menu")
_PARAGRAPHS = etree.XPath("count(.//p)")
_RELATED_LABEL_CHARS = 300
_TEASER_MAX_CHARS = 400
_TEASER_HEADLINE_WORDS = 4
_NOT_WORD = re.compile(r"\W+")
_CAPTION_CLASS = ClassPattern(r"(?:^|[\s_-])(?:caption|credit|keterangan)(?:$|[\s_-])")
# class/id words of blocks that hold no article text: shares, comments, tag lists,
# author boxes, ads. Matched as whole words of the attribute.
_NOISE_CLASS = ClassPattern(
    r"(?:^|[\s_-])(?:share|sharing|social|sosmed|comments?|komentar|respond"
    r"|newsletter|subscribe|tags?|tag-list|breadcrumbs?|author-box|related|baca-?juga"
    r"|terkait|populer|popular|terpopuler|ads?|advert|advertisement|iklan|banner|parallax)"
    r"(?:$|[\s_-])"
    # dialogs and pop-ups, also in camelCase class names (kgmModal, loginPopup)
    r"|(?:modal|popup)(?:$|[\s_-])"
)
# Posts of social networks embedded in a story: someone else's words, not the story's.
_EMBED_CLASSES = frozenset(
    {"twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "fb-post", "fb-video"}
)
# Runs of text this long are prose (sentences), not menu or button labels.
_PROSE_RUN_CHARS = 40
_TAXONOMY_CLASS = re.compile(r"^(?:tag|category|post|type|format|status|author)-", re.IGNORECASE)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_TITLE_CLASS = ClassPattern(r"title|judul|headline")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Loose text (text and inline elements standing directly in a block beside its
# paragraphs) is a paragraph of its own when it holds at least this many words.
_LOOSE_TEXT_WORDS = 8
_MAX_LOOSE_LINK_SHARE = 0.5
_LOOSE_TEXT_PARENTS = ("div", "span", "td", "article", "section", "main", "center", "font")
# Children that end a run of loose text: blocks, and what stands between paragraphs.
_RUN_BREAKS = BLOCK_TAGS | {"figure", "hr", "img", "picture", "iframe"}
# Hidden blocks holding at least this many words of prose are parts of the story that a
# script reveals (the pages of a multi-page article shipped whole).
_HIDDEN_STORY_WORDS = 30


@dataclass(frozen=True)
class Pass:
    """How a page is pruned: photo captions are boilerplate in a story but the only text
    of a photo page, so a caller that found too little text prunes again keeping them."""

    keep_captions: bool = False


class Block:
    """One small block as the block rules see it: the element, its text, and its class
    and id words, read once however many rules ask (the loop meets some 400 blocks a page)."""

    def __init__(self, element, text: str, options: Pass) -> None:
        self.element = element
        self.text = text
        self.options = options

    @cached_property
    def markers(self) -> str:
        """The class and id words (see ``_marker_words``)."""
        return _marker_words(self.element)


@dataclass(frozen=True, kw_only=True)
class ElementRule(Rule):
    """Drops every element that ``find`` yields from the page."""

    stage: str = "dom"
    find: Callable[[object, Pass], Iterable]


@dataclass(frozen=True, kw_only=True)
class BlockRule(Rule):
    """Looks at one small block and returns the elements to drop, or an empty list when
    the block is not its business."""

    stage: str = "dom"
    targets: Callable[[Block], list]


def _marker_words(element) -> str:
    """The element's class and id words, without WordPress taxonomy classes
    (``tag-banjir``, ``category-nasional``) that name the post's topics, not its parts."""
    words = f"{element.get('class', '')} {element.get('id', '')}".split()
    return " ".join(w for w in words if not _TAXONOMY_CLASS.match(w))


def is_noise_marked(element) -> bool:
    """Whether the element's class or id words name a block that holds no article text
    (share bar, comments, tags, related box, ad, pop-up), whatever its size."""
    attributes = _marker_words(element)
    return bool(attributes) and _NOISE_CLASS.search(attributes) is not None


def is_hidden(element) -> bool:
    """Whether the element's own style hides it (display:none, visibility:hidden)."""
    return _HIDDEN_STYLE.search(element.get("style", "")) is not None


def _social_embeds(root, _: Pass) -> Iterable:
    """Embedded posts of a page whose paragraphs read Indonesian or Malay.

    The convention is ours (shared/eval's gold): English benchmark golds (AEB) count an
    embedded tweet as part of the story, so pages in other languages keep them.
    """
    embeds = [
        element
        for element in root.iter("blockquote", "div", "iframe")
        if set(f"{element.get('class', '')}".split()) & _EMBED_CLASSES
    ]
    if not embeds:
        return ()
    inside = {id(node) for embed in embeds for node in embed.iter()}
    prose = " ".join(
        text
        for text in root.xpath("//body//text()")
        if len(text) >= _PROSE_RUN_CHARS and id(text.getparent()) not in inside
    )
    return embeds if function_word_language(prose) == "id" else ()


def _non_text(root, _: Pass) -> list:
    found = list(root.iter(*_NON_TEXT_TAGS))
    furniture = list(root.iter(*_FURNITURE_TAGS))
    if furniture:
        page_paragraphs = _PARAGRAPHS(root)
        found += [e for e in furniture if 2 * _PARAGRAPHS(e) < page_paragraphs]
    return found


def _captions(root, options: Pass) -> Iterable:
    return () if options.keep_captions else root.iter("figcaption")


def _related_box(block: Block) -> list:
    """A "Baca juga" label's block, and the bare link lists that follow a lone label.

    When the label sits inline in a block of story text (a story written as one <p> with
    <br><br> between its paragraphs), only the label and the links of its line go."""
    element, text = block.element, block.text
    if len(text) >= _RELATED_LABEL_CHARS or not RELATED_LABEL.match(text):
        return []
    container = _block_of(element)
    if container is not element and len(text_of(container)) >= _RELATED_LABEL_CHARS:
        return _related_line(element)
    found = [container]
    if _NOT_WORD.sub("", RELATED_LABEL.sub("", text_of(container))) == "":
        found += _link_list_after(container)
    return found


def _link_list_after(label) -> list:
    """The links a lone "Baca juga" label introduces: following siblings that are mostly
    link text, also bare <a>s separated by <br>s, up to the first text that is not a
    link (where the story resumes)."""
    found = []
    sibling = label.getnext()
    while sibling is not None and not (label.tail or "").strip():
        if sibling.tag == "br" or (text_of(sibling) and link_text_ratio(sibling) > 0.8):
            found.append(sibling)
        else:
            break
        if (sibling.tail or "").strip():
            break
        sibling = sibling.getnext()
    return found


def _related_line(label) -> list:
    """An inline label and the inline elements after it up to the end of its line."""
    found = [label]
    sibling = label.getnext()
    while sibling is not None and sibling.tag in INLINE_TAGS and not (label.tail or "").strip():
        found.append(sibling)
        if (sibling.tail or "").strip():
            break
        sibling = sibling.getnext()
    return found


def _words_below(text: str, count: int) -> bool:
    """Whether ``text`` shows a reader fewer than ``count`` words.

    Splitting the raw text first answers most links (menu items, "Selengkapnya") without
    folding it: folding only removes invisible characters, which never adds a word.
    """
    return len(text.split()) < count or len(normalize_space(text).split()) < count


def _teaser_card(block: Block) -> list:
    """A card promoting another story: a small block whose headline (a heading or a
    title-classed element) is a link of several words, usually with a one-line summary.
    Links inside the text of a paragraph never make a card."""
    element, text = block.element, block.text
    if element.tag not in ("li", "div", "article", "section"):
        return []
    if not text or len(text) > _TEASER_MAX_CHARS:
        return []
    for link in element.iter("a"):
        if _words_below(link.text_content(), _TEASER_HEADLINE_WORDS):
            continue
        for ancestor in link.iterancestors():
            if ancestor is element or ancestor.tag == "p":
                break
            classes = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
            if ancestor.tag in _HEADINGS or _TITLE_CLASS.search(classes):
                return [element]
    return []


def _classed_as(pattern: ClassPattern, skip_when_captions_kept: bool = False):
    """A block rule dropping blocks whose class or id words match ``pattern``; inline
    elements inside a sentence and the <article>/<main> wrappers are never dropped."""

    def targets(block: Block) -> list:
        element = block.element
        if skip_when_captions_kept and block.options.keep_captions:
            return []
        if not (element.get("class") or element.get("id")):
            return []
        if element.tag in ("article", "main") or is_inline_in_text(element):
            return []
        return [element] if block.markers and pattern.search(block.markers) else []

    return targets


ELEMENT_RULES = (
    ElementRule(
        name="non-text-elements",
        why="scripts, styles, frames, form controls, the <head>, and <nav>, <footer> and "
        "<menu> (unless one swallowed the story) hold no article text",
        find=_non_text,
    ),
    ElementRule(
        name="figure-captions",
        why="<figcaption> photo captions and credits are not story text (kept on photo pages)",
        find=_captions,
    ),
    ElementRule(
        name="social-embeds",
        why="embedded tweets, Instagram and TikTok posts (blockquote.twitter-tweet, "
        ".instagram-media, .tiktok-embed) quote other people's posts, not story text",
        find=_social_embeds,
    ),
    ElementRule(
        name="html-comments",
        why="commented-out markup (old templates, ad placeholders) is not on the page",
        find=lambda root, _: root.xpath("//comment()"),
    ),
)
BLOCK_RULES = (
    BlockRule(
        name="related-box",
        why='"Baca juga" / "Berita terkait" boxes and the link lists under a lone label',
        targets=_related_box,
    ),
    BlockRule(
        name="teaser-card",
        why="cards promoting other stories: a linked headline of several words, a summary",
        targets=_teaser_card,
    ),
    BlockRule(
        name="noise-class",
        why="small blocks classed share, comments, tags, breadcrumb, related, ads, popups",
        targets=_classed_as(_NOISE_CLASS),
    ),
    BlockRule(
        name="caption-class",
        why="small blocks classed caption/credit/keterangan: photo captions without <figcaption>",
        targets=_classed_as(_CAPTION_CLASS, skip_when_captions_kept=True),
    ),
)
HIDDEN_STORY = Rule(
    name="hidden-story-pages",
    stage="dom",
    why="multi-page articles shipped whole keep later pages display:none; they are story",
)


def _attached(element, root) -> bool:
    """Whether ``element`` is still in the page (not inside a block already dropped)."""
    for ancestor in element.iterancestors():
        if ancestor is root:
            return True
    return element is root


def _shown_text(element) -> str:
    """What an explanation shows of a dropped element: its text, or its tag for code."""
    if not isinstance(element.tag, str):
        return f"<!-- {element.text or ''} -->"
    if element.tag in _NON_TEXT_TAGS:
        return f"<{element.tag}>"
    return text_of(element) or f"<{element.tag}> (no text)"


def _remove(element, root, rule: Rule, trace: Trace) -> None:
    if element is root or not _attached(element, root):
        return
    trace.drop("dom", rule.name, lambda: _shown_text(element))
    drop(element)


def prune_dom(root, trace: Trace | None = None, keep_captions: bool = False) -> None:
    """Strip boilerplate blocks from a parsed page, in place."""
    trace = trace or Trace()
    options = Pass(keep_captions)
    for rule in ELEMENT_RULES:
        if rule.enabled:
            for element in list(rule.find(root, options)):
                _remove(element, root, rule, trace)
    rules = [rule for rule in BLOCK_RULES if rule.enabled]
    sizes = dense_sizes(root)
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "head"):
            continue
        if not 0 < sizes[element] <= _SMALL_BLOCK_CHARS or element.getparent() is None:
            continue  # a block without text drops nothing a reader would miss
        text = text_of(element)
        if len(text) > _SMALL_BLOCK_CHARS:
            continue
        block = Block(element, text, options)
        for rule in rules:
            if found := rule.targets(block):
                for target in found:
                    _remove(target, root, rule, trace)
                break


def reveal_hidden_story(root) -> None:
    """Make hidden story parts visible to the extractor.

    trafilatura discards ``display:none`` elements (rightly, for pop-ups and templates),
    which loses the later pages of an article a site ships whole and reveals by script.
    """
    if not HIDDEN_STORY.enabled:
        return
    for element in list(root.xpath("//*[@style]")):
        if not is_hidden(element) or element.getparent() is None:
            continue
        prose = next(element.iter("p"), None) is not None
        if (
            prose
            and len(text_of(element).split()) >= _HIDDEN_STORY_WORDS
            and link_text_ratio(element) < 0.5
        ):
            element.set("style", _HIDDEN_STYLE.sub("", element.get("style")))


LOOSE_STORY_TEXT = Rule(
    name="loose-story-text",
    stage="dom",
    why='leads written as loose text before the first <p> of the story block ("Kapanlagi.com '
    '- ...", "VIVA.co.id - ..."): the extractor only reads paragraphs, so they become one',
)


def _is_prose_block(element) -> bool:
    """A <p>, or a <div> holding a paragraph's worth of text and no other block."""
    if element.tag not in ("p", "div"):
        return False
    if element.tag == "div" and next(element.iterdescendants(*BLOCK_TAGS), None) is not None:
        return False
    return len(text_of(element).split()) >= _LOOSE_TEXT_WORDS


def _loose_runs(parent) -> list[tuple[object, str | None, list]]:
    """The runs of loose text in ``parent``: (the block before it or None, the text
    standing first, the inline elements that follow up to the next block)."""
    runs = [(None, parent.text, [])]
    for child in parent:
        if isinstance(child.tag, str) and child.tag in _RUN_BREAKS:
            runs.append((child, child.tail, []))
        else:
            runs[-1][2].append(child)
    return runs


def _is_loose_paragraph(text: str | None, run: list) -> bool:
    """Whether a run of loose text reads as a paragraph: enough words, mostly not links
    (a row of links standing loose is a menu or a list of other stories)."""
    words = len((text or "").split())
    linked = 0
    for element in run:
        if isinstance(element.tag, str):
            words += len(element.text_content().split())
            linked += sum(len(a.text_content().split()) for a in element.iter("a"))
        words += len((element.tail or "").split())
    return words >= _LOOSE_TEXT_WORDS and linked <= words * _MAX_LOOSE_LINK_SHARE


def wrap_loose_text(root) -> None:
    """Make paragraphs of loose text that stands beside a story block's paragraphs.

    Sites writing a story as text and ``<p><p>`` (or as ``<div>`` lines) leave its lead
    as the block's own text before the first paragraph; trafilatura reads the
    paragraphs and loses the lead.
    """
    if not LOOSE_STORY_TEXT.enabled:
        return
    for parent in list(root.iter(*_LOOSE_TEXT_PARENTS)):
        prose = [c.tag for c in parent if _is_prose_block(c)]
        if not prose:
            continue
        # Written like its neighbours: the extractor reads a story of <div> lines as a
        # whole, and would take a lone <p> among them for the story.
        tag = "p" if "p" in prose else "div"
        for anchor, text, run in _loose_runs(parent):
            if not _is_loose_paragraph(text, run):
                continue
            if parent.tag in ("span", "font"):
                parent.tag = "div"  # an inline element holding paragraphs is a block
            paragraph = parent.makeelement(tag, {})
            paragraph.text = text
            if anchor is None:
                parent.text = None
            else:
                anchor.tail = None
            for element in run:
                paragraph.append(element)  # moves it, with its tail
            parent.insert(0 if anchor is None else parent.index(anchor) + 1, paragraph)


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
