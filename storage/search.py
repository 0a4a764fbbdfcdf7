"""Full-text search over articles: the same query language, tokens and matches on
SQLite and PostgreSQL.

Query language (what `warta search` takes): words must all appear (``AND`` between
them may be written); ``"exact phrase"``; ``prefix*``; ``OR`` between two terms;
``-word`` or ``NOT word`` excludes. Words match through their roots (storage.tokens):
``bangun`` finds ``membangun`` and ``pembangunan``, a phrase is a sequence of roots,
and a prefix is the start of a root (``bangun*`` finds every word whose root begins
so; ``pembangun*`` is stemmed first, to the same). A word with punctuation inside
(``40.000``, ``08.00``, ``12/8/2024``) is the phrase of its parts, as the index holds it.

Both backends index ``articles.search_text``, the roots written by the store, and
split it only on spaces: FTS5 on SQLite, a ``simple`` tsvector on PostgreSQL. The
query's roots go to FTS5 MATCH syntax or to a ``tsquery``, every root quoted, so both
engines look for the same tokens. On SQLite the matches are BM25 scored over the
candidates in storage.ranking (title weighted ten times the body); PostgreSQL ranks
with ``ts_rank_cd`` (title weight A, body B). Results are ranked among the newest
``CANDIDATES`` matches: the last stored, or on PostgreSQL within a date range the last
published (there the search walks the range's articles by publication time). Snippets
are cut from the body here on both. Anything else is a one-line ``SearchQueryError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ARRAY,
    Engine,
    Integer,
    any_,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from storage import ranking
from storage.filters import ArticleFilter
from storage.models import Article, Site
from storage.records import as_utc
from storage.snippets import snippet
from storage.tokens import split_search_text, stems

_TERM = re.compile(r'\s*(?:(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))')
_SNIPPET_WORDS = 16
# Relevance is ranked among the newest matches (see above): scoring every match of
# a common word in a million articles would take seconds, and in news the newest few
# hundred matches are where the answer is; --since/--until reach further back. On SQLite
# a smaller pool ends a filtered walk sooner (a three-month range in a million articles:
# 120 ms with 1,000, 25 ms with 300); PostgreSQL ranks 300 vectors in a few ms.
CANDIDATES = 300
_FTS = table("articles_fts", column("rowid"))
_VECTOR = literal_column("articles.search_vector")
# The index holds roots split on spaces; PostgreSQL must not stem them again.
_REGCONFIG = literal_column("'simple'::regconfig")
# PostgreSQL walks the filter's newest articles looking for matches, 500 first, then
# as many as the matches found promise, up to 4,000 in all, before reading its indexes.
_FIRST_WALK, _WALK_BUDGET = 500, 4000
_SPARSE = 1 / 250
_WORK_MEM = "64MB"


class SearchQueryError(ValueError):
    """The search query cannot be understood; the message says why."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # the root of one word, or the roots of a phrase's words
    prefix: bool = False
    negated: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class SearchHit:
    id: int
    url: str
    title: str
    site: str | None
    published: str | None
    published_utc: datetime | None
    snippet: str
    rank: float


def parse_query(query: str) -> list[list[Term]]:
    """The query as OR-groups of AND-ed terms: ``a b OR c`` is ``[[a, b], [c]]``...

    ...read as (a AND b) OR c, the way search boxes usually read it. ``AND``, ``OR``
    and ``NOT`` are operators when written in capitals, as in FTS5 and most search
    boxes; in lower case they are words.
    """
    if query.count('"') % 2:
        raise SearchQueryError("unbalanced quote in the search query")
    groups: list[list[Term]] = [[]]
    waiting: str | None = None  # an operator still waiting for the term after it
    position = 0
    for match in _TERM.finditer(query):
        if match.start() != position and query[position : match.start()].strip():
            raise SearchQueryError(f"cannot read the search query near {query[position:]!r}")
        position = match.end()
        token = match["word"]
        if token in ("AND", "OR", "NOT"):
            if waiting or (token != "NOT" and not groups[-1]):
                raise SearchQueryError(_operator_error(waiting or token))
            if token == "OR":
                groups.append([])
            waiting = token
            continue
        phrase = match["phrase"] is not None
        words = tuple(stems(match["phrase"] if phrase else token))
        if phrase and not words:
            raise SearchQueryError("empty phrase in the search query")
        if not words:
            continue  # punctuation alone ("&", "|") carries nothing to search for
        excluded = bool(match["neg"]) if phrase else token.startswith("-")
        negated = excluded or waiting == "NOT"
        prefix = not phrase and token.endswith("*")
        groups[-1].append(Term(words, prefix, negated, phrase or len(words) > 1))
        waiting = None
    if query[position:].strip():
        raise SearchQueryError(f"cannot read the search query near {query[position:]!r}")
    if waiting:
        raise SearchQueryError(_operator_error(waiting))
    if not groups[-1]:
        raise SearchQueryError("the search query is empty")
    if any(all(t.negated for t in group) for group in groups):
        raise SearchQueryError("a search needs at least one term that is not excluded")
    return groups


def _operator_error(operator: str) -> str:
    if operator == "NOT":
        return "NOT needs a term after it"
    return f"{operator} needs a term on each side"


def _fts5_term(term: Term) -> str:
    quoted = '"' + " ".join(term.words) + '"'
    return quoted + ("*" if term.prefix else "")


def to_fts5(groups: list[list[Term]]) -> str:
    """FTS5 MATCH syntax; every word is quoted so no user text is read as an operator."""
    parts = []
    for group in groups:
        positive = " AND ".join(_fts5_term(t) for t in group if not t.negated)
        negative = "".join(f" NOT {_fts5_term(t)}" for t in group if t.negated)
        parts.append(f"({positive}{negative})")
    return " OR ".join(parts)


def _ts_lexeme(word: str, prefix: bool) -> str:
    return f"'{word}'" + (":*" if prefix else "")


def to_tsquery(groups: list[list[Term]]) -> str:
    """PostgreSQL tsquery syntax (words quoted, so user text is never an operator)."""
    parts = []
    for group in groups:
        terms = []
        for term in group:
            lexemes = [
                _ts_lexeme(w, term.prefix and i == len(term.words) - 1)
                for i, w in enumerate(term.words)
            ]
            expression = " <-> ".join(lexemes)
            if len(lexemes) > 1:
                expression = f"({expression})"
            terms.append(f"!{expression}" if term.negated else expression)
        parts.append("(" + " & ".join(terms) + ")")
    return " | ".join(parts)


def _columns():
    return (
        Article.id,
        Article.url,
        Article.title,
        Site.key,
        Article.published,
        Article.published_utc,
    )


def _sqlite_candidates(groups, article_filter: ArticleFilter):
    """The ids of the newest ``CANDIDATES`` matches: FTS5 walks its matches newest
    first and stops at the cap."""
    candidates = (
        select(_FTS.c.rowid)
        .select_from(_FTS.join(Article, Article.id == _FTS.c.rowid))
        .where(_fts_match(to_fts5(groups)))
    )
    return article_filter.apply(candidates).order_by(_FTS.c.rowid.desc()).limit(CANDIDATES)


def _fts_match(match: str):
    return text("articles_fts MATCH :match").bindparams(match=match)


def _sqlite_weights(session: Session, groups) -> list[float]:
    """Each highlighted term's inverse document frequency (see storage.ranking), in the
    order of :func:`_highlights`: all alike for a single term, which only needs its
    matches ordered among themselves."""
    terms = _positive_terms(groups)
    if len(terms) == 1:
        return [1.0]
    newest = session.scalar(select(func.max(Article.id))) or 0
    floor = max(0, newest - ranking.IDF_SAMPLE)
    in_sample = select(func.count()).select_from(_FTS).where(_FTS.c.rowid > floor)
    return [
        ranking.idf(newest - floor, session.scalar(in_sample.where(_fts_match(_fts5_term(t)))))
        for t in terms
    ]


def _sqlite_search(session: Session, groups, article_filter: ArticleFilter, limit: int):
    """The best ``limit`` of the newest matches, scored by storage.ranking over their
    roots; only the best are read whole, for their snippets."""
    ids = list(session.scalars(_sqlite_candidates(groups, article_filter)))
    if not ids:
        return []
    candidates = session.execute(
        select(Article.id, Article.search_text, Article.word_count).where(Article.id.in_(ids))
    ).all()
    texts = [(i, *split_search_text(roots), words) for i, roots, words in candidates]
    scores = ranking.bm25(texts, _highlights(groups), _sqlite_weights(session, groups))
    best = sorted(scores, key=lambda i: (-scores[i], -i))[:limit]
    rows = _with_snippets(session, groups, best)
    return [(*row, scores[row[0]]) for row in rows]


def _with_snippets(session: Session, groups, ids: list[int]) -> list[tuple]:
    """The result columns of ``ids``, in that order, each with its snippet."""
    rows = session.execute(
        select(*_columns(), Article.body, Article.search_text)
        .where(Article.id.in_(ids))
        .outerjoin(Site, Site.id == Article.site_id)
    ).all()
    by_id = {row.id: row for row in rows}
    terms = _highlights(groups)
    return [
        (*row[:6], snippet(row.body, split_search_text(row.search_text)[1], terms, _SNIPPET_WORDS))
        for row in (by_id[i] for i in ids)
    ]


def _positive_terms(groups) -> list[Term]:
    """The terms a match must or may contain, in query order (not those it excludes)."""
    return [t for group in groups for t in group if not t.negated]


def _highlights(groups) -> list[tuple[tuple[str, ...], bool]]:
    """What a snippet brackets: every term the query asks for (not those it excludes)."""
    return [(t.words, t.prefix) for t in _positive_terms(groups)]


def _walk_order(article_filter: ArticleFilter) -> list:
    """What "newest" means for the walk, as the columns it goes down: publication time
    (then id) within a date range, through the (published_utc, id) index, so the walk
    visits only the range's articles however old they are; else storage order."""
    if article_filter.since or article_filter.until:
        return [Article.published_utc, Article.id]
    return [Article.id]


def _site_ids(session: Session, article_filter: ArticleFilter) -> list[int] | None:
    if not article_filter.sites:
        return None
    return list(session.scalars(select(Site.id).where(Site.key.in_(article_filter.sites))))


def _postgres_candidates(
    session: Session, tsquery, article_filter: ArticleFilter, limit: int
) -> list[int]:
    """The ids of the newest ``limit`` matches among the filter's articles, newest first.

    PostgreSQL's planner often picks the wrong one of two ways to find them, so the
    choice is made here from what a first look found. The walk goes through the
    filter's articles newest first, by an index that lists them in that order (the
    primary key, or (site, id), (lower(section), id), (published_utc, id)), testing
    each row: 5-12 µs a row, to read it and decompress its search vector, so it pays
    for words in many articles. The bitmap reads every posting of the query's words
    from the GIN index and intersects it with a range of the walk's key, and only the
    rows in both are read: 0.16 µs a posting (a word in a fifth of a million articles:
    36 ms), so it pays for rarer words; without the range, each of the word's matches
    would be read from the table (some 2 µs each).

    So the walk goes first, over ``_FIRST_WALK`` articles. From the share of them that
    matched, the rest are found by walking on from where it stopped if that takes at
    most ``_WALK_BUDGET`` rows in all, else by bitmaps over the key range that share
    promises (plus a fifth), then four times that, then everything older; a word
    rarer than ``_SPARSE`` is read whole at once.
    """
    order = _walk_order(article_filter)
    key = order[0]
    filtered = article_filter.apply(
        select(Article.id, key.label("key")), _site_ids(session, article_filter)
    )
    matches = _VECTOR.op("@@")(tsquery)
    found: list[int] = []
    walked, window, top, last = 0, _FIRST_WALK, None, None
    # A walk is a walk: left a choice, the planner sometimes reads a common word's every
    # match from the GIN index to intersect with the window (80 ms instead of 5). And it
    # should walk the filter's own index: priced as if every row it points to were on
    # disk, that loses to walking the primary key past rows the filter drops (a section
    # with a tenth of the articles: 5,153 rows read for 500 walked, 51 ms against 36).
    session.execute(text("SET LOCAL enable_bitmapscan = off"))
    session.execute(text("SET LOCAL random_page_cost = 1.1"))
    while True:
        hits, seen, first, last = _walk(session, filtered, order, matches, last, window)
        top = first if top is None else top
        found += hits
        walked += seen
        if len(found) >= limit or seen < window:  # enough, or every filtered row seen
            return found[:limit]
        # Rows that hold the rest at the rate seen so far, plus a fifth.
        needed = int(1.2 * (limit - len(found)) * walked / len(found)) if found else None
        if needed is None or walked + needed > _WALK_BUDGET:
            break
        window = max(needed, _FIRST_WALK // 2)
    session.execute(text("SET LOCAL enable_bitmapscan = on"))
    reached = last[0]
    # A range costs some 0.1 µs a row it spans; for a word this rare (one match in 250
    # rows or fewer), reading each of its matches from the table costs less.
    sparse = len(found) < walked * _SPARSE
    span = None if sparse else (top - reached) * 1.2 * (limit - len(found)) / len(found)
    if span is not None and key is Article.id:
        span = int(span) + 1  # ids compared with a fraction would not use the index
    for widening in (1, 4, None):
        older = filtered.where(matches, key <= reached)
        if span is not None and widening is not None:
            older = older.where(key > reached - span * widening)
        every = older.cte("matches").prefix_with("MATERIALIZED")
        newest = select(every.c.id).order_by(every.c.key.desc(), every.c.id.desc()).limit(limit)
        seen_ids = set(found)  # a row at exactly ``reached`` may have been walked
        found += [i for i in session.scalars(newest) if i not in seen_ids]
        if len(found) >= limit or span is None or widening is None:
            break
        reached -= span * widening
    return found[:limit]


def _walk(session: Session, filtered, order: list, matches, after, window: int):
    """Walk ``window`` rows of ``filtered`` newest first by ``order``, from just after
    the row whose ``order`` values are ``after`` (None: from the newest): the ids that
    match, newest first, how many rows were walked, the first row's key, and the last
    row's ``order`` values (where the next walk starts)."""
    rows = filtered.add_columns(matches.label("hit"))
    if after is not None:
        rows = rows.where(tuple_(*order) < tuple_(*after))
    rows = rows.order_by(*(c.desc() for c in order)).limit(window).subquery()
    walked = [rows.c.key, rows.c.id][: len(order)]  # ``order`` as the subquery names it
    last = [func.array_agg(aggregate_order_by(c, *walked))[1] for c in walked]
    hits, seen, first, *last_values = session.execute(
        select(
            func.array_agg(aggregate_order_by(rows.c.id, *(c.desc() for c in walked))).filter(
                rows.c.hit
            ),
            func.count(),
            func.max(rows.c.key),
            *last,
        )
    ).one()
    return hits or [], seen, first, tuple(last_values)


def _postgres_ranked(session: Session, ids: list[int], tsquery, limit: int) -> list[tuple]:
    """The best ``limit`` of the candidate ``ids`` with their ranks, best first."""
    ranked = (
        select(Article.id, func.ts_rank_cd(_VECTOR, tsquery).label("rank"))
        # One array, not 300 placeholders for the driver to rewrite (4 ms a search).
        .where(Article.id == any_(bindparam("ids", ids, ARRAY(Integer))))
        .order_by(text("rank DESC"), Article.id.desc())
        .limit(limit)
    )
    return session.execute(ranked).all()


def _postgres_search(session: Session, groups, article_filter: ArticleFilter, limit: int):
    tsquery = func.to_tsquery(_REGCONFIG, to_tsquery(groups))
    # When the walk gives up, all matches are read into a bitmap, many thousand rows for
    # a common word: in the default 4 MB it turns lossy, and every row of a lossy page
    # is read and tested.
    session.execute(text(f"SET LOCAL work_mem = '{_WORK_MEM}'"))
    ids = _postgres_candidates(session, tsquery, article_filter, CANDIDATES)
    if not ids:
        return []
    ranks = dict(_postgres_ranked(session, ids, tsquery, limit))
    rows = _with_snippets(session, groups, list(ranks))
    return [(*row, ranks[row[0]]) for row in rows]


def search(
    engine: Engine, query: str, article_filter: ArticleFilter | None = None, limit: int = 20
) -> list[SearchHit]:
    """The best ``limit`` articles for ``query``, best first, with a highlighted snippet."""
    groups = parse_query(query)
    article_filter = article_filter or ArticleFilter()
    try:
        with Session(engine) as session, session.begin():
            if engine.dialect.name == "postgresql":
                rows = _postgres_search(session, groups, article_filter, limit)
            else:
                rows = _sqlite_search(session, groups, article_filter, limit)
    except (OperationalError, ProgrammingError) as exc:
        # Our translation quotes every word, so this is a query the engine still rejects.
        raise SearchQueryError(f"the database rejected the search query: {exc.orig}") from exc
    return [
        SearchHit(
            id=row[0],
            url=row[1],
            title=row[2],
            site=row[3],
            published=row[4],
            published_utc=as_utc(row[5]),
            snippet=" ".join((row[6] or "").split()),
            rank=float(row[7]),
        )
        for row in rows
    ]
