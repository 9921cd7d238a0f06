"""A search on PostgreSQL in one statement: the ranked hits, the page, the total and the facets.

On SQLite the hits go once into a temporary table that the page, the total and the facets then
read (execute.py). On a server every statement is a round trip and a temporary table is written
through the buffer manager, analysed and indexed, which cost more than the search itself: here
the hits are a materialised common table expression, read by each part of one SELECT whose rows
are tagged with the part they belong to.
"""

from __future__ import annotations

from typing import Any

from peewee import Database

from archive_app.catalog.search.compiler import Pool, Sql
from archive_app.catalog.search.dialect import Dialect
from archive_app.catalog.search.facets import FACET_SQL, FacetValue, facet_values

#: the columns every part of the statement returns: its name, a hit's key, score and exact
#: mark (the page), a facet's value, label and count (the facets), or the count (the total)
_COLUMNS = (
    "CAST({part!r} AS TEXT) AS part, CAST({k} AS BIGINT) AS k, "
    "CAST({score} AS DOUBLE PRECISION) AS score, CAST({exact} AS INTEGER) AS exact, "
    "CAST({value} AS TEXT) AS value, CAST({label} AS TEXT) AS label, CAST({n} AS BIGINT) AS n"
)


def _part(part: str, k: str = "NULL", score: str = "NULL", exact: str = "NULL",
          value: str = "NULL", label: str = "NULL", n: str = "NULL") -> str:  # fmt: skip
    return _COLUMNS.format(part=part, k=k, score=score, exact=exact, value=value, label=label, n=n)


def search_at_once(
    database: Database,
    dialect: Dialect,
    pool: Pool,
    exact: Sql,
    order: str,
    page: tuple[int, int],
    sample: int,
) -> tuple[list[tuple[int, float | None, int]], int, bool, dict[str, list[FacetValue]] | None]:
    """The page of hits (key, score, exact) at `page` (offset, limit) in `order`, the number
    of hits, whether the query found more than the pool holds, and the facets over the
    `sample` best hits (None when `sample` is 0).

    `exact` selects the hits whose whole name is what was typed; they are hits even when the
    pool did not reach them."""
    offset, limit = page
    kept = max(offset + limit, sample)
    # ts_rank gives a real; the order's stand-in for no score (1e300) needs a double
    double = "CAST({0} AS DOUBLE PRECISION) AS {1}"
    if pool.unique:
        found = (
            f"SELECT k, {double.format('score', 'score')}, "
            f"{double.format('fallback', 'fallback')} FROM found_rows"
        )
    else:  # a record reached twice is one hit, with its best score
        found = (
            f"SELECT k, {double.format('min(score)', 'score')}, "
            f"{double.format('min(fallback)', 'fallback')} FROM found_rows GROUP BY k"
        )
    # the exact names a broad search did not reach rank first all the same
    found += (
        " UNION ALL SELECT k, NULL, NULL FROM exact_keys WHERE k NOT IN (SELECT k FROM found_rows)"
    )
    # the hits as a CTE of their own: planned for reading them all (a bitmap scan of the
    # index), and read only as far as the pool goes; planned under the pool's LIMIT, the
    # server would rather read every document in turn until it had found enough (a sequential
    # scan: `ivan` in a million photographs, 110 ms to find 10,000 of them, where the index
    # gives them in 30)
    ctes = [
        f"ranked AS MATERIALIZED ({pool.ranked.text})",
        f"found_rows AS MATERIALIZED (SELECT * FROM ranked{pool.limit})",
        f"exact_keys AS MATERIALIZED ({exact.text})",
        f"found AS MATERIALIZED ({found})",
        # the best hits, numbered in rank order: a top-N sort of every hit, then of those
        "best AS MATERIALIZED (SELECT k, coalesce(score, fallback) AS score, exact, "
        f"row_number() OVER ({order}) AS pos FROM (SELECT k, score, fallback, "
        f"CAST(k IN (SELECT k FROM exact_keys) AS INTEGER) AS exact FROM found {order} "
        f"LIMIT {kept}) AS numbered)",
        "every AS (SELECT k FROM found)",
    ]
    params: list[Any] = [*pool.ranked.params, *exact.params]
    parts = [
        f"SELECT {_part('page', 'k', 'score', 'exact', n='pos')} FROM best "
        f"WHERE pos > {offset} AND pos <= {offset + limit}",
        f"SELECT {_part('total', n='count(*)')} FROM found",
        f"SELECT {_part('read', n='count(*)')} FROM found_rows",
    ]
    if sample:
        ctes.append(f"hits AS MATERIALIZED (SELECT k FROM best WHERE pos <= {sample})")
        for name, sql in FACET_SQL.items():
            parts.append(f"SELECT {_part(name, value='v', label='label', n='n')} FROM ({sql}) AS f")
    text = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(f"({p})" for p in parts)
    page_rows: list[tuple[int, float | None, int, int]] = []
    facet_rows: list[tuple[str, Any, Any, int]] = []
    total = read = 0
    for part, k, score, is_exact, value, label, n in dialect.run(database, text, params):
        if part == "page":
            page_rows.append((n, k, score, is_exact))
        elif part == "total":
            total = n
        elif part == "read":
            read = n
        else:
            facet_rows.append((part, value, label, n))
    # UNION ALL keeps no order between its parts' rows: the page is put back in rank order
    page = [(k, score, is_exact) for _, k, score, is_exact in sorted(page_rows)]
    broad = pool.size is not None and read > pool.size
    return page, total, broad, facet_values(facet_rows) if sample else None
