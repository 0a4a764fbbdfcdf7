"""Full-text search over articles, the same query language on SQLite and PostgreSQL.

Query language (what `warta search` takes): words must all appear; ``"exact phrase"``;
``prefix*``; ``OR`` between two terms; ``-word`` excludes. It is translated to FTS5
MATCH syntax on SQLite (bm25 ranking, title weighted ten times the body) and to a
``tsquery`` on PostgreSQL (its ``indonesian`` stemmer where the server has it, ranked
with ``ts_rank_cd``). Results are ranked among the newest ``CANDIDATES`` matches.
Anything else is a one-line ``SearchQueryError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Engine, column, func, literal_column, select, table, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from storage.filters import ArticleFilter
from storage.models import Article, Site
from storage.records import as_utc
from storage.snippets import snippet

_TERM = re.compile(r'\s*(?:(?P<neg>-)?"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))')
_WORD_CHARS = re.compile(r"\w+", re.UNICODE)
_SNIPPET_WORDS = 16
# Relevance is ranked among the newest matches (by storage order): scoring every match of
# a common word in a million articles would take seconds, and in news the newest few
# hundred matches are where the answer is; --since/--until reach further back. On SQLite
# a smaller pool ends a filtered walk sooner (a three-month range in a million articles:
# 120 ms with 1,000, 25 ms with 300); PostgreSQL ranks 300 vectors in a few ms.
CANDIDATES = 300
_FTS = table("articles_fts", column("rowid"))
_VECTOR = literal_column("articles.search_vector")
# PostgreSQL walks the newest articles looking for matches, 1,000 first, then as many
# as the matches found promise, up to 30,000 in all, before reading its indexes.
_FIRST_WALK, _WALK_BUDGET = 1000, 30_000
_WORK_MEM = "64MB"


class SearchQueryError(ValueError):
    """The search query cannot be understood; the message says why."""


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
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

    ...read as (a AND b) OR c, the way search boxes usually read it.
    """
    if query.count('"') % 2:
        raise SearchQueryError("unbalanced quote in the search query")
    groups: list[list[Term]] = [[]]
    position = 0
    for match in _TERM.finditer(query):
        if match.start() != position and query[position : match.start()].strip():
            raise SearchQueryError(f"cannot read the search query near {query[position:]!r}")
        position = match.end()
        if match["phrase"] is not None:
            words = tuple(_WORD_CHARS.findall(match["phrase"].lower()))
            if not words:
                raise SearchQueryError("empty phrase in the search query")
            groups[-1].append(Term(words, negated=bool(match["neg"]), phrase=True))
            continue
        token = match["word"]
        if token == "OR":
            if not groups[-1]:
                raise SearchQueryError("OR needs a term on each side")
            groups.append([])
            continue
        negated = token.startswith("-")
        prefix = token.endswith("*")
        words = tuple(_WORD_CHARS.findall(token.lower()))
        if not words:
            continue  # punctuation alone ("&", "|") carries nothing to search for
        groups[-1].append(Term(words, prefix=prefix, negated=negated, phrase=len(words) > 1))
    if query[position:].strip():
        raise SearchQueryError(f"cannot read the search query near {query[position:]!r}")
    if not groups[-1]:
        raise SearchQueryError(
            "the search query is empty" if len(groups) == 1 else "OR needs a term on each side"
        )
    if any(all(t.negated for t in group) for group in groups):
        raise SearchQueryError("a search needs at least one term that is not excluded")
    return groups


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


@cache
def _postgres_config(engine: Engine) -> str:
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_ts_config WHERE cfgname = 'indonesian'")
        ).scalar()
    return "indonesian" if found else "simple"


def _columns():
    return (
        Article.id,
        Article.url,
        Article.title,
        Site.key,
        Article.published,
        Article.published_utc,
    )


def _sqlite_query(groups, article_filter: ArticleFilter, limit: int):
    fts = literal_column("articles_fts")
    # FTS5 walks matches newest first and stops at the cap, scoring only those.
    candidates = (
        select(_FTS.c.rowid.label("id"), func.bm25(fts, 10.0, 1.0).label("score"))
        .select_from(_FTS.join(Article, Article.id == _FTS.c.rowid))
        .where(_fts_match(groups))
    )
    candidates = (
        article_filter.apply(candidates).order_by(_FTS.c.rowid.desc()).limit(CANDIDATES).subquery()
    )
    return (
        select(
            *_columns(), literal_column("''").label("snippet"), (-candidates.c.score).label("rank")
        )
        .select_from(candidates.join(Article, Article.id == candidates.c.id))
        .outerjoin(Site, Site.id == Article.site_id)
        .order_by(candidates.c.score, Article.id.desc())
        .limit(limit)
    )


def _fts_match(groups):
    return text("articles_fts MATCH :match").bindparams(match=to_fts5(groups))


def _sqlite_snippets(session: Session, groups, ids: list[int]) -> dict[int, str]:
    """Snippets for the rows shown only (see storage.snippets)."""
    if not ids:
        return {}
    terms = [(t.words, t.prefix) for group in groups for t in group if not t.negated]
    bodies = session.execute(select(Article.id, Article.body).where(Article.id.in_(ids)))
    return {article_id: snippet(body, terms, _SNIPPET_WORDS) for article_id, body in bodies}


def _postgres_candidates(
    session: Session, tsquery, article_filter: ArticleFilter, limit: int
) -> list[int]:
    """The ids of the newest ``limit`` matches, newest first.

    There are two ways to find them, and PostgreSQL's planner often picks the wrong
    one: walk the primary key from the newest article down, testing each row (about
    10 µs a row, since the test decompresses the row's search vector), or read every
    match from the indexes and keep the newest (a rare word in a few ms, a word in
    most articles 150 ms in the GIN index alone). So the walk goes first, over the
    newest ``_FIRST_WALK`` articles; from the share of them that matched, the next
    window is sized to what is still missing, and once the walk would pass
    ``_WALK_BUDGET`` rows all matches are read from the indexes instead (a MATERIALIZED
    CTE keeps the planner from walking the key again).
    """
    newest = session.scalar(select(func.max(Article.id)))
    if newest is None:
        return []
    matches = article_filter.apply(select(Article.id).where(_VECTOR.op("@@")(tsquery)))
    found: list[int] = []
    high, window = newest, _FIRST_WALK
    # A walk is a walk: left a choice, the planner sometimes reads a common word's every
    # match from the GIN index to intersect with the window (80 ms instead of 5).
    session.execute(text("SET LOCAL enable_bitmapscan = off"))
    while high > 0 and window <= _WALK_BUDGET - (newest - high):
        low = high - window
        found += session.scalars(
            matches.where(Article.id > low, Article.id <= high)
            .order_by(Article.id.desc())
            .limit(limit - len(found))
        ).all()
        high = low
        if len(found) == limit:
            return found
        # Enough rows for the rest at the rate seen so far, plus a fifth; none seen: give up.
        walked = newest - high
        needed = int(1.2 * (limit - len(found)) * walked / len(found)) if found else _WALK_BUDGET
        window = max(needed, _FIRST_WALK)
    if high <= 0:
        return found
    # All matches, not only those below the walk: bounding the id would put the whole
    # primary key into the bitmap (80 ms at a million articles) to save a few rows.
    session.execute(text("SET LOCAL enable_bitmapscan = on"))
    every = matches.cte("matches").prefix_with("MATERIALIZED")
    return list(session.scalars(select(every.c.id).order_by(every.c.id.desc()).limit(limit)))


def _postgres_query(ids: list[int], tsquery, regconfig, limit: int):
    """The best ``limit`` of the candidate ``ids``, with ``ts_headline`` snippets."""
    ranked = (
        select(*_columns(), Article.body, func.ts_rank_cd(_VECTOR, tsquery).label("rank"))
        .where(Article.id.in_(ids))
        .outerjoin(Site, Site.id == Article.site_id)
        .order_by(text("rank DESC"), Article.id.desc())
        .limit(limit)
        .subquery()
    )
    # ts_headline is costly: only for the rows shown.
    headline = func.ts_headline(
        regconfig,
        ranked.c.body,
        tsquery,
        f"StartSel=[, StopSel=], MaxWords={_SNIPPET_WORDS}, MinWords=6, MaxFragments=1",
    )
    return select(
        ranked.c.id, ranked.c.url, ranked.c.title, ranked.c.key, ranked.c.published,
        ranked.c.published_utc, headline.label("snippet"), ranked.c.rank,
    ).order_by(ranked.c.rank.desc(), ranked.c.id.desc())  # fmt: skip


def _postgres_search(session: Session, groups, article_filter: ArticleFilter, limit: int):
    regconfig = literal_column(f"'{_postgres_config(session.get_bind())}'::regconfig")
    tsquery = func.to_tsquery(regconfig, to_tsquery(groups))
    # When the walk gives up, all matches are read into a bitmap, many thousand rows for
    # a common word: in the default 4 MB it turns lossy, and every row of a lossy page
    # is read and tested.
    session.execute(text(f"SET LOCAL work_mem = '{_WORK_MEM}'"))
    ids = _postgres_candidates(session, tsquery, article_filter, CANDIDATES)
    if not ids:
        return []
    return session.execute(_postgres_query(ids, tsquery, regconfig, limit)).all()


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
                rows = session.execute(_sqlite_query(groups, article_filter, limit)).all()
                snippets = _sqlite_snippets(session, groups, [row[0] for row in rows])
                rows = [(*row[:6], snippets.get(row[0], ""), row[7]) for row in rows]
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
