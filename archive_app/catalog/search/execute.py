"""Running a search: the query text in, one page of ranked hits, the total and the facets out.

Ranking: a record whose whole name (or accession number) is exactly what was typed comes first;
then relevance (FTS5's bm25 on SQLite, ts_rank on PostgreSQL, a record's names weighing most);
results of filters alone (`date:1942 type:event`) come by record type and id. Reads only: a
search never writes to the catalogue.

A broad search (more than RANKED_HITS hits: `ivan` in a million photographs) ranks the first
RANKED_HITS hits the index gives (and every exact name match), and says its total is "more
than" that: ranking or counting every hit grows with the catalogue, and nobody reads past the
first screens of 100,000 hits. Asking for the whole result (whole=True) ranks every hit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import Database

from archive_app.catalog.models import catalog_db
from archive_app.catalog.search.compiler import ALL_TYPES, Compiler, Pool, Sql, type_codes
from archive_app.catalog.search.documents import CODE_TYPES
from archive_app.catalog.search.facets import FacetValue, count_facets
from archive_app.catalog.search.index import catch_up, require_index
from archive_app.catalog.search.labels import fetch_labels
from archive_app.catalog.search.query import (
    And,
    Node,
    Or,
    QueryError,
    Text,
    TypeFilter,
    parse,
)
from archive_app.catalog.search.server_search import search_at_once

DEFAULT_LIMIT = 200
#: how many hits a search ranks and counts at most, unless asked for more (Elasticsearch's
#: track_total_hits stops counting at the same number)
RANKED_HITS = 10_000
#: how many of the best hits the facets other than record type count, in a larger result: the
#: facets of a 100,000-record result would cost more than the search itself
FACET_SAMPLE = 1000
MAX_LIMIT = 100_000


@dataclass(frozen=True)
class Hit:
    record_type: str
    record_id: int
    label: str
    detail: str | None
    date: str | None
    exact: bool
    score: float | None


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: the person, event, tag, collection and decade facets count the FACET_SAMPLE best hits
    #: only (record types and the total count every hit, or the ranked ones of a broad search)
    facets_partial: bool = False
    #: False for a broad search: more hits than `total` exist, and only `total` were ranked
    total_exact: bool = True


def _allowed_types(node: Node, types: Iterable[str] | None) -> frozenset[str]:
    """The record types the result can hold: those asked for, narrowed by top-level type:."""
    allowed = ALL_TYPES if types is None else frozenset(types) & ALL_TYPES
    children = node.children if isinstance(node, And) else (node,)
    for child in children:
        if isinstance(child, TypeFilter):
            allowed &= {child.record_type}
    return allowed


def _positive_texts(node: Node) -> list[Text]:
    """The words and phrases that count for relevance: all but the excluded ones."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, And | Or):
        return [text for child in node.children for text in _positive_texts(child)]
    return []


def _exact_phrase(node: Node) -> list[str]:
    """The words typed at the top level of the query, in order: `heinrich himmler` is an exact
    name match for the person Heinrich Himmler."""
    children = node.children if isinstance(node, And) else (node,)
    return [word for child in children if isinstance(child, Text) for word in child.words]


def _scored_match(compiler: Compiler, node: Node) -> Sql | None:
    """(k, bm25) straight from the MATCH that drives the query, when one does."""
    expression = compiler.fts_expression(node)
    if expression is not None:
        return compiler.match_set(expression, score=True)
    if isinstance(node, And):
        driver, rest, is_match = compiler.split_and(node)
        if is_match:
            assert isinstance(driver.params[0], str)
            return compiler.filtered(compiler.match_set(driver.params[0], score=True), rest, "k")
    return None


def _ranked_hits(compiler: Compiler, node: Node) -> tuple[Sql, bool]:
    """A SELECT of (k, score, fallback) for every hit, and whether it gives each hit once:
    `score` is the bm25 relevance of the words as typed, `fallback` that of the words widened
    with other spellings of a name (to order what only another spelling found); both NULL for
    a record found by filters only."""
    scored = _scored_match(compiler, node)
    if scored is not None and not compiler.expanded:
        return Sql(
            f"SELECT k, score, CAST(NULL AS REAL) AS fallback FROM ({scored.text}) AS scored",
            scored.params,
        ), True
    texts = _positive_texts(node)
    relevance = compiler.dialect.any_of([compiler.text_expression(t, expand=False) for t in texts])
    if scored is not None:
        # one relevance pass over the widened words; what the words as typed find (an
        # unscored, cheap match) comes before what only another spelling found
        typed = compiler.dialect.also_matches(compiler.match_set(relevance, types=ALL_TYPES).text)
        return Sql(
            f"SELECT k, CASE WHEN {typed} THEN score END AS score, "
            f"score AS fallback FROM ({compiler.dialect.fenced(scored.text)}) AS scored",
            [relevance, *scored.params],
        ), True
    keys = compiler.keys(node)
    base = Sql(f"SELECT k, CAST(NULL AS REAL) AS fallback FROM ({keys.text}) AS found", keys.params)
    if not texts:
        return Sql(
            f"SELECT k, CAST(NULL AS REAL) AS score, fallback FROM ({base.text}) AS unscored",
            base.params,
        ), False
    scores = compiler.match_set(relevance, score=True, types=ALL_TYPES)
    return Sql(
        f"SELECT h.k, r.score, h.fallback FROM ({base.text}) AS h "
        f"LEFT JOIN ({scores.text}) AS r ON r.k = h.k",
        [*base.params, *scores.params],
    ), False


def _exact_set(compiler: Compiler, node: Node) -> Sql:
    """The records the query finds one of whose whole names (or accession number) is the words
    typed: each checked against the query on its own (a broad search may not rank it)."""
    words = _exact_phrase(node)
    if not words:
        return Sql(compiler.dialect.nothing)
    types = compiler.types
    only = "" if types == ALL_TYPES else f" AND (e.k & 7) IN ({type_codes(types)})"
    found = compiler.probe(node, "e.k")
    return Sql(
        f"SELECT e.k FROM search_exact_name e WHERE e.name = ?{only} AND ({found.text})",
        [" ".join(words), *found.params],
    )


def search(
    query: str | Node,
    types: Iterable[str] | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    with_facets: bool = True,
    database: Database | None = None,
    whole: bool = False,
) -> SearchResult:
    """Search the catalogue; raise QueryError for a malformed query (nothing is run then).

    Ranks and counts at most RANKED_HITS hits (or as many as the page asked for needs), every
    hit when `whole`: see the module's note on broad searches."""
    database = database or catalog_db.obj
    require_index(database)
    node = parse(query) if isinstance(query, str) else query
    catch_up(database)
    text = query if isinstance(query, str) else ""
    if not 0 < limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"the limit must be from 1 to {MAX_LIMIT}", 0)
    compiler = Compiler(database, _allowed_types(node, types))
    dialect = compiler.dialect
    if not compiler.types:
        nothing = Sql(dialect.nothing)
        empty = count_facets(database, nothing) if with_facets else {}
        return SearchResult(text, 0, [], empty)
    ranked, unique = _ranked_hits(compiler, node)
    # found by filters alone, no hit has a score: the order's score terms would compare
    # nothing but constants, row after row of a large result
    order = _ORDER if _positive_texts(node) else _ORDER_UNSCORED
    exact = _exact_set(compiler, node)
    sample = FACET_SAMPLE if with_facets else 0
    size = None if whole else max(RANKED_HITS, offset + limit)
    pool = Pool(ranked, unique, size)
    facets: dict[str, list[FacetValue]] | None = None
    if dialect.searches_at_once:
        rows, total, broad, facets = search_at_once(
            database, dialect, pool, exact, order, (offset, limit), sample
        )
    else:
        rows, total, broad = _collect_and_page(
            database, pool, exact, order, (offset, limit), sample
        )
        if with_facets:
            facets = _facets_of_collected(database)
    keys = [(CODE_TYPES[k & 7], k >> 3) for k, _, _ in rows]
    labels = fetch_labels(database, keys)
    hits = [
        Hit(record_type, record_id, *labels[(record_type, record_id)], bool(is_exact), score)
        for (record_type, record_id), (_, score, is_exact) in zip(keys, rows, strict=True)
        if (record_type, record_id) in labels
    ]
    if broad and size is not None:  # "more than" the pool: the row read past it told so
        total = size
    partial = total > FACET_SAMPLE or broad
    return SearchResult(text, total, hits, facets or {}, partial, total_exact=not broad)


def _collect_and_page(
    database: Database, pool: Pool, exact: Sql, order: str, page: tuple[int, int], sample: int
) -> tuple[list[tuple[int, float | None, int]], int, bool]:
    """The page of hits (key, score, exact), their number and whether there were more than
    the pool holds, through the connection's temporary tables (see _collect)."""
    offset, limit = page
    broad = _collect(database, pool, exact)
    # one sort for the page and the facets' sample: the best of the hits, in order, numbered
    kept = max(offset + limit, sample)
    run = database.execute_sql
    run("DELETE FROM temp.search_ranked")
    run(
        "INSERT INTO temp.search_ranked (pos, k, score, exact) SELECT NULL, k, "
        f"coalesce(score, fallback), exact FROM temp.search_hits {order} LIMIT {kept}"
    )
    rows = run(
        "SELECT k, score, exact FROM temp.search_ranked WHERE pos > ? ORDER BY pos LIMIT ?",
        [offset, limit],
    ).fetchall()
    total = run("SELECT count(*) FROM temp.search_hits").fetchone()[0]
    return rows, total, broad


def _facets_of_collected(database: Database) -> dict[str, list[FacetValue]]:
    """The facets of the collected hits: record types over all, the rest over the best."""
    # the LIMIT keeps SQLite from flattening the facets' CTE into plans that scan the
    # catalogue's link tables
    best_keys = Sql(
        f"SELECT k FROM temp.search_ranked WHERE pos <= {FACET_SAMPLE} LIMIT {FACET_SAMPLE}"
    )
    return count_facets(database, Sql("SELECT k FROM temp.search_hits"), best_keys)


#: exact names first, then by score, then what only another spelling found, then filters' finds
#: by type and id; a missing score sorts after every real one (bm25 scores are below zero), and
#: five terms compare faster than seven in the sort of a large result
_ORDER = "ORDER BY exact DESC, coalesce(score, 1e300), coalesce(fallback, 1e300), k & 7, k"
#: the same order when no hit has a score (a search by filters alone)
_ORDER_UNSCORED = "ORDER BY exact DESC, k & 7, k"


#: search_hits, every hit once; search_ranked, the best hits in rank order (pos from 1): the
#: page and the facets' sample; search_read, the rows of a query that may give a hit twice
_HITS_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS search_hits "
    "(k INTEGER PRIMARY KEY, score REAL, fallback REAL, exact INTEGER NOT NULL DEFAULT 0)",
    "CREATE TEMP TABLE IF NOT EXISTS search_ranked "
    "(pos INTEGER PRIMARY KEY, k INTEGER NOT NULL, score REAL, exact INTEGER NOT NULL)",
    "CREATE TEMP TABLE IF NOT EXISTS search_read (k INTEGER, score REAL, fallback REAL)",
)


def _collect(database: Database, pool: Pool, exact: Sql) -> bool:
    """The pool's hits with their scores into this connection's own TEMP table, once, so the
    page, the total and the facets read it instead of running the query again (SQLite); and
    whether the query found more hits than the pool holds."""
    run = database.execute_sql
    for statement in _HITS_TABLES:
        run(statement)
    # no transaction around these: they write the connection's temporary table only
    run("DELETE FROM temp.search_hits")
    ranked = pool.limited()
    if pool.unique:  # each row a new hit: the rows inserted are the rows read
        read = run(
            f"INSERT INTO temp.search_hits (k, score, fallback) {ranked.text}", ranked.params
        ).rowcount
    else:
        run("DELETE FROM temp.search_read")
        read = run(f"INSERT INTO temp.search_read {ranked.text}", ranked.params).rowcount
        run("INSERT OR IGNORE INTO temp.search_hits SELECT *, 0 FROM temp.search_read")
    # the exact names marked, and those a broad search did not reach added: they rank first
    # all the same (WHERE true: an upsert's SELECT must not end in its FROM)
    run(
        f"INSERT INTO temp.search_hits (k, exact) SELECT k, 1 FROM ({exact.text}) AS e "
        "WHERE true ON CONFLICT (k) DO UPDATE SET exact = 1",
        exact.params,
    )
    return pool.size is not None and read > pool.size
