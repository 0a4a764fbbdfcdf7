"""Peer extractors on the Indonesian gold set (shared/eval), scored like ``warta eval``.

Each peer is wrapped in a callable that returns a ``cleaners.CleanArticle`` and is scored
by ``cleaners.evaluation.evaluate``, so every figure means exactly what it means in
``warta eval``: body word F1/precision/recall, boilerplate leak lines, exact title,
published day and minute, author set, language. It shows what warta's Indonesian layer
adds over taking a general extractor off the shelf.

Every system gets the page's raw bytes and decodes them itself, as it would in a
crawler, except readability-lxml, which cannot take bytes: it gets the text decoded by
``trafilatura.utils.decode_file``, as in trafilatura's published comparison. Peers that
name no language get ``cleaners.language.detect_language(body)``; the output says which
ones. The peers are run offline: newspaper4k is given the page
(``download(input_html=...)``) and told not to fetch images, and every outgoing
connection is refused while the peers run, so a peer that tried to reach the network
would show up as an error, not as a silent download.

The peers are not project dependencies; install them first:

    .venv/bin/pip install -r benchmarks/requirements.txt

Run from the project root (under a minute):

    .venv/bin/python benchmarks/peers.py
    .venv/bin/python benchmarks/peers.py --dir OTHER_GOLD_DIR   # laid out like shared/eval
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from _common import EVAL_DIR, format_table

from cleaners import CleanArticle, clean_html
from cleaners.evaluation import EvalReport, evaluate
from cleaners.language import detect_language

REQUIREMENTS = Path(__file__).resolve().parent / "requirements.txt"


@dataclass
class Fields:
    """What a peer read from a page, before it becomes a CleanArticle."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    language: str | None = None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Peer:
    """A peer extractor: ``load`` imports it and returns its page reader; an ImportError
    there means the peer is not installed."""

    name: str
    distribution: str
    load: Callable[[], Callable[[bytes, str], Fields]]


@dataclass
class Stats:
    """What happened while one system ran, beside its scores."""

    errors: int = 0
    language_detected: int = 0
    day_only: int = 0
    empty: int = 0
    seconds: float = 0.0


# --- trafilatura ----------------------------------------------------------------------


def _trafilatura(favor_precision: bool) -> Callable[[], Callable[[bytes, str], Fields]]:
    def load() -> Callable[[bytes, str], Fields]:
        import trafilatura

        def read(html: bytes, url: str) -> Fields:
            document = trafilatura.bare_extraction(
                html, url=url, with_metadata=True, favor_precision=favor_precision
            )
            if document is None:
                return Fields()
            return Fields(
                title=document.title,
                # trafilatura joins several authors with "; "
                authors=[a.strip() for a in (document.author or "").split(";") if a.strip()],
                published=document.date,
                language=document.language,
                paragraphs=[line.strip() for line in (document.text or "").split("\n")],
            )

        return read

    return load


# --- readability-lxml -----------------------------------------------------------------

# Elements that start a new paragraph in the text of readability's summary HTML.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


def _collect_text(element, pieces: list[str]) -> None:
    """Text of ``element`` in reading order, with a paragraph break around each block."""
    block = isinstance(element.tag, str) and element.tag in _BLOCK_TAGS
    if block:
        pieces.append("\n\n")
    if isinstance(element.tag, str) and element.text:
        pieces.append(element.text)
    for child in element:
        _collect_text(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if block:
        pieces.append("\n\n")


def html_paragraphs(fragment: str) -> list[str]:
    """The paragraphs a reader sees in an HTML fragment (a <br> also ends one)."""
    import lxml.html

    if not fragment.strip():
        return []
    pieces: list[str] = []
    _collect_text(lxml.html.fromstring(fragment), pieces)
    return [" ".join(chunk.split()) for chunk in "".join(pieces).split("\n\n")]


def _load_readability() -> Callable[[bytes, str], Fields]:
    from readability import Document
    from trafilatura.utils import decode_file

    def read(html: bytes, url: str) -> Fields:
        # readability-lxml 0.8.4.1 fails on every bytes input (a str regex meets the
        # bytes), so it gets text decoded the way trafilatura's own benchmark does it.
        document = Document(decode_file(html), url=url)
        return Fields(title=document.short_title(), paragraphs=html_paragraphs(document.summary()))

    return read


# --- newspaper4k ----------------------------------------------------------------------


def _newspaper(language: str | None) -> Callable[[], Callable[[bytes, str], Fields]]:
    """newspaper4k as it comes (its stop words follow the page's declared language, else
    English) or told the language, as a user crawling Indonesian sites would tell it."""

    def load() -> Callable[[bytes, str], Fields]:
        with warnings.catch_warnings():
            # Without nltk, newspaper4k warns that its NLP step (keywords, summary) is
            # unavailable; that step is not used here and would need downloaded data.
            warnings.simplefilter("ignore", UserWarning)
            import newspaper

        options: dict = {"fetch_images": False, "follow_meta_refresh": False}
        if language:
            options["language"] = language
        return lambda html, url: _read_newspaper(newspaper.Article(url, **options), html)

    return load


def _read_newspaper(article, html: bytes) -> Fields:
    article.download(input_html=html)
    article.parse()
    published = article.publish_date.isoformat() if article.publish_date else None
    return Fields(
        title=article.title or None,
        authors=list(article.authors),
        published=published,
        language=article.meta_lang or None,
        paragraphs=(article.text or "").split("\n\n"),
    )


PEERS = [
    Peer("trafilatura default", "trafilatura", _trafilatura(favor_precision=False)),
    Peer("trafilatura favor_precision", "trafilatura", _trafilatura(favor_precision=True)),
    Peer("readability-lxml", "readability-lxml", _load_readability),
    Peer("newspaper4k", "newspaper4k", _newspaper(language=None)),
    Peer("newspaper4k language='id'", "newspaper4k", _newspaper(language="id")),
]


# --- running and scoring --------------------------------------------------------------


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Refuse every name lookup and connection inside the block, and list the attempts.

    The peers are handed the pages; one that still reaches out would make the figures
    depend on today's web, so it must fail loudly instead.
    """
    attempts: list[str] = []
    original_connect, original_lookup = socket.socket.connect, socket.getaddrinfo

    def refuse(target: object) -> OSError:
        attempts.append(repr(target))
        return OSError(f"network disabled by benchmarks/peers.py: {target!r}")

    def refuse_connect(sock: socket.socket, address: object) -> None:
        raise refuse(address)

    def refuse_lookup(host: object, *args: object, **kwargs: object) -> list:
        raise refuse(host)

    socket.socket.connect = refuse_connect  # type: ignore[method-assign]
    socket.getaddrinfo = refuse_lookup  # type: ignore[assignment]
    try:
        yield attempts
    finally:
        socket.socket.connect = original_connect  # type: ignore[method-assign]
        socket.getaddrinfo = original_lookup


def as_cleaner(read: Callable[[bytes, str], Fields], stats: Stats) -> Callable:
    """``read`` as a cleaner ``evaluate`` can score: a CleanArticle for every page, empty
    when the peer fails, with the detected language when the peer names none."""

    def clean(html: bytes, url: str) -> CleanArticle:
        try:
            fields = read(html, url)
        except Exception as exc:  # a peer's bug is a score, not a stop
            print(f"  failed on {url}: {exc!r}", file=sys.stderr)
            stats.errors += 1
            fields = Fields()
        paragraphs = [p for p in fields.paragraphs if p and p.strip()]
        stats.empty += not paragraphs
        language = fields.language
        if not language:
            language = detect_language("\n\n".join(paragraphs))
            stats.language_detected += 1
        if fields.published and len(fields.published) <= 10:
            stats.day_only += 1
        return CleanArticle(
            url=url,
            ok=bool(paragraphs),
            reason=None if paragraphs else "empty",
            title=fields.title,
            authors=fields.authors,
            published=fields.published,
            language=language,
            paragraphs=paragraphs,
        )

    return clean


def score(directory: Path, cleaner: Callable, stats: Stats) -> EvalReport:
    start = time.perf_counter()
    report = evaluate(directory, cleaner=cleaner)
    stats.seconds = time.perf_counter() - start
    return report


def version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


COLUMNS = [
    ("F1", "body_f1_mean", "{:.3f}"),
    ("F1 min", "body_f1_min", "{:.3f}"),
    ("prec", "body_precision_mean", "{:.3f}"),
    ("recall", "body_recall_mean", "{:.3f}"),
    ("leaks", "leak_lines", "{}"),
    ("leak pages", "pages_with_leaks", "{}"),
    ("title", "title_accuracy", "{:.3f}"),
    ("day", "published_day_accuracy", "{:.3f}"),
    ("minute", "published_minute_accuracy", "{:.3f}"),
    ("authors", "authors_accuracy", "{:.3f}"),
    ("lang", "language_accuracy", "{:.3f}"),
]


def table_row(name: str, report: EvalReport, stats: Stats) -> list[str]:
    summary = report.summary()
    cells = [template.format(summary[key]) for _, key, template in COLUMNS]
    return [name, *cells, f"{1000 * stats.seconds / summary['pages']:.0f}"]


def pip_command(distribution: str) -> str:
    """The install command for a peer, with the version pinned in requirements.txt."""
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        if line.split("==")[0].strip().lower() == distribution.lower():
            return f".venv/bin/pip install {line.split('#')[0].strip()}"
    return f".venv/bin/pip install {distribution}"


def run_peer(peer: Peer, directory: Path) -> tuple[list[str], list[str]]:
    """One peer's table row and the notes that go under the table."""
    label = f"{peer.name} {version(peer.distribution)}"
    try:
        read = peer.load()
    except ImportError as exc:
        note = (
            f"{peer.name}: not installed (no module {exc.name!r}): {pip_command(peer.distribution)}"
        )
        return [peer.name, "not installed", *[""] * len(COLUMNS)], [note]
    stats = Stats()
    with no_network() as attempts:
        report = score(directory, as_cleaner(read, stats), stats)
    pages = report.summary()["pages"]
    notes = []
    if stats.language_detected:
        notes.append(
            f"{peer.name}: language from detect_language(body) on "
            f"{stats.language_detected} of {pages} pages (the peer gave none)"
        )
    if stats.day_only:
        notes.append(f"{peer.name}: published has no time on {stats.day_only} of {pages} pages")
    if stats.empty:
        notes.append(f"{peer.name}: no body on {stats.empty} of {pages} pages")
    if stats.errors:
        notes.append(f"{peer.name}: failed on {stats.errors} pages (scored as empty)")
    if attempts:
        notes.append(f"{peer.name}: {len(attempts)} network attempts refused: {attempts[:3]}")
    return table_row(label, report, stats), notes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=EVAL_DIR, help="laid out like shared/eval")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    warta_stats = Stats()
    warta_report = score(args.dir, clean_html, warta_stats)
    rows = [table_row(f"warta {version('warta')}", warta_report, warta_stats)]
    notes = ["warta: its own language detection (cleaners.language)"]
    for peer in PEERS:
        row, peer_notes = run_peer(peer, args.dir)
        rows.append(row)
        notes.extend(peer_notes)

    pages = warta_report.summary()["pages"]
    print(f"{pages} pages with gold records in {args.dir}; metrics of `warta eval`\n")
    headers = ["system", *(header for header, _, _ in COLUMNS), "ms/page"]
    print(format_table(headers, rows))
    print()
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
