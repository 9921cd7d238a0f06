"""Running a search: the query text in, one page of ranked hits, the total and the facets out.

Ranking: a record whose whole name (or accession number) is exactly what was typed comes first;
then relevance (FTS5's bm25, a record's names weighing most); results of filters alone (`date:1942
type:event`) come by record type and id. Reads only: a search never writes to the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from peewee import Database

from archive_app.catalog.models import catalog_db
from archive_app.catalog.search.compiler import ALL_TYPES, Compiler, Sql, bm25, type_codes
from archive_app.catalog.search.documents import CODE_TYPES
from archive_app.catalog.search.facets import FacetValue, count_facets
from archive_app.catalog.search.index import FTS_TABLE, catch_up, require_index
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

DEFAULT_LIMIT = 200
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
    #: only (record types and the total always count every hit)
    facets_partial: bool = False


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


def _ranked_hits(compiler: Compiler, node: Node) -> Sql:
    """A SELECT of (k, score, fallback) for every hit: `score` is the bm25 relevance of the
    words as typed, `fallback` that of the words widened with other spellings of a name (to
    order what only another spelling found); both NULL for a record found by filters only."""
    scored = _scored_match(compiler, node)
    if scored is not None and not compiler.expanded:
        return Sql(f"SELECT k, score, NULL AS fallback FROM ({scored.text})", scored.params)
    texts = _positive_texts(node)
    relevance = " OR ".join(f"({compiler.text_expression(t, expand=False)})" for t in texts)
    if scored is not None:
        # one relevance pass over the widened words; what the words as typed find (an
        # unscored, cheap match) comes before what only another spelling found
        return Sql(
            f"SELECT k, CASE WHEN +k IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} "
            f"MATCH ?) THEN score END AS score, score AS fallback FROM ({scored.text})",
            [relevance, *scored.params],
        )
    keys = compiler.keys(node)
    base = Sql(f"SELECT k, NULL AS fallback FROM ({keys.text})", keys.params)
    if not texts:
        return Sql(f"SELECT k, NULL AS score, fallback FROM ({base.text})", base.params)
    return Sql(
        f"SELECT h.k, r.score, h.fallback FROM ({base.text}) AS h LEFT JOIN (SELECT rowid AS k, "
        f"{bm25()} AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) AS r ON r.k = h.k",
        [*base.params, relevance],
    )


def _exact_set(words: list[str], types: frozenset[str]) -> Sql:
    """The records of `types` one of whose whole names (or accession number) is the words."""
    if not words:
        return Sql("SELECT NULL WHERE 0")
    only = "" if types == ALL_TYPES else f" AND (k & 7) IN ({type_codes(types)})"
    return Sql(f"SELECT k FROM search_exact_name WHERE name = ?{only}", [" ".join(words)])


def search(
    query: str | Node,
    types: Iterable[str] | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    with_facets: bool = True,
    database: Database | None = None,
) -> SearchResult:
    """Search the catalogue; raise QueryError for a malformed query (nothing is run then)."""
    database = database or catalog_db.obj
    require_index(database)
    node = parse(query) if isinstance(query, str) else query
    catch_up(database)
    text = query if isinstance(query, str) else ""
    if not 0 < limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"the limit must be from 1 to {MAX_LIMIT}", 0)
    compiler = Compiler(database, _allowed_types(node, types))
    if not compiler.types:
        nothing = Sql("SELECT NULL AS k WHERE 0")
        empty = count_facets(database, nothing) if with_facets else {}
        return SearchResult(text, 0, [], empty)
    ranked = _ranked_hits(compiler, node)
    _collect(database, ranked, _exact_set(_exact_phrase(node), compiler.types))
    # one sort for the page and the facets' sample: the best of the hits, in order, numbered
    kept = max(offset + limit, FACET_SAMPLE if with_facets else 0)
    database.execute_sql("DELETE FROM temp.search_ranked")
    database.execute_sql(
        "INSERT INTO temp.search_ranked (pos, k, score, exact) "
        f"SELECT NULL, k, coalesce(score, fallback), exact FROM temp.search_hits {_ORDER} "
        f"LIMIT {kept}"
    )
    rows = database.execute_sql(
        "SELECT k, score, exact FROM temp.search_ranked WHERE pos > ? ORDER BY pos LIMIT ?",
        [offset, limit],
    ).fetchall()
    keys = [(CODE_TYPES[k & 7], k >> 3) for k, _, _ in rows]
    labels = fetch_labels(database, keys)
    hits = [
        Hit(record_type, record_id, *labels[(record_type, record_id)], bool(is_exact), score)
        for (record_type, record_id), (_, score, is_exact) in zip(keys, rows, strict=True)
        if (record_type, record_id) in labels
    ]
    total = database.execute_sql("SELECT count(*) FROM temp.search_hits").fetchone()[0]
    facets: dict[str, list[FacetValue]] = {}
    if with_facets:
        # the LIMIT keeps SQLite from flattening the facets' CTE into plans that scan the
        # catalogue's link tables
        best = Sql(
            f"SELECT k FROM temp.search_ranked WHERE pos <= {FACET_SAMPLE} LIMIT {FACET_SAMPLE}"
        )
        facets = count_facets(database, Sql("SELECT k FROM temp.search_hits"), best)
    return SearchResult(text, total, hits, facets, facets_partial=total > FACET_SAMPLE)


#: exact names first, then by score, then what only another spelling found, then filters' finds
#: by type and id; a missing score sorts after every real one (bm25 scores are below zero), and
#: five terms compare faster than seven in the sort of a large result
_ORDER = "ORDER BY exact DESC, coalesce(score, 1e300), coalesce(fallback, 1e300), k & 7, k"


def _collect(database: Database, ranked: Sql, exact: Sql) -> None:
    """Every hit with its scores into this connection's own TEMP table, once, so the page,
    the total and the facets read it instead of running the query again."""
    database.execute_sql(
        "CREATE TEMP TABLE IF NOT EXISTS search_hits "
        "(k INTEGER PRIMARY KEY, score REAL, fallback REAL, exact INTEGER NOT NULL DEFAULT 0)"
    )
    # the best hits in rank order (pos from 1): the page and the facets' sample
    database.execute_sql(
        "CREATE TEMP TABLE IF NOT EXISTS search_ranked "
        "(pos INTEGER PRIMARY KEY, k INTEGER NOT NULL, score REAL, exact INTEGER NOT NULL)"
    )
    # no transaction around these: they write the connection's temporary table only
    database.execute_sql("DELETE FROM temp.search_hits")
    database.execute_sql(
        f"INSERT OR IGNORE INTO temp.search_hits (k, score, fallback) {ranked.text}",
        ranked.params,
    )
    database.execute_sql(
        f"UPDATE temp.search_hits SET exact = 1 WHERE k IN ({exact.text})", exact.params
    )
