"""From the query tree to SQL: every value a bound parameter, every match expression built here.

Each node of the tree can become either a *set* (a SELECT of index keys `k` = id * 8 + type code)
or a *predicate* over a key column. An AND takes its most selective child as the set that drives
the query and checks the others as predicates on each of its rows; an OR is the union of its
children's sets. Words and phrases become one match expression (FTS5 MATCH on SQLite, a tsquery
on PostgreSQL; dialect.py writes each): each word from folded tokens of letters and digits only,
so nothing the user typed is ever read as match syntax. One compiler serves both backends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from peewee import Database

from archive_app.catalog.search import fuzzy, words
from archive_app.catalog.search.dialect import Dialect, dialect_for
from archive_app.catalog.search.documents import TABLES, TYPE_CODES
from archive_app.catalog.search.functions import DATE_LONG, DATE_OPEN, date_word
from archive_app.catalog.search.index import SHORT_SPAN_DAYS, long_span
from archive_app.catalog.search.query import (
    And,
    DateFilter,
    LinkFilter,
    Node,
    Not,
    Or,
    Text,
    TypeFilter,
)
from archive_app.catalog.search.relations import LINK_FIELDS, reached_keys_sql

ALL_TYPES = frozenset(TYPE_CODES)

#: record type -> its date field (the one `date:` filters on).
DATED = {"photo": "date", "event": "date", "citation": "date", "source": "issued"}

#: a date filter up to this long is checked against the set of its records, a longer one
#: record by record (the set of every record dated within a century is most of the catalogue)
NARROW_DATE_DAYS = 3660


@dataclass
class Sql:
    """SQL text with its `?` parameters, in order."""

    text: str
    params: list[object] = field(default_factory=list)


@dataclass(frozen=True)
class Pool:
    """The hits a search ranks: the SELECT of (k, score, fallback) of every hit (`unique`
    when it gives each once), read up to `size` rows (and one more, to tell whether there
    were more), or whole when `size` is None."""

    ranked: Sql
    unique: bool
    size: int | None

    @property
    def limit(self) -> str:
        """The LIMIT clause that reads the pool's rows and the one past them ('' for all)."""
        return "" if self.size is None else f" LIMIT {self.size + 1}"

    def limited(self) -> Sql:
        return Sql(f"SELECT * FROM ({self.ranked.text}) AS pool{self.limit}", self.ranked.params)


def type_codes(types: frozenset[str]) -> str:
    return ", ".join(str(TYPE_CODES[t]) for t in sorted(types))


class Compiler:
    def __init__(self, database: Database, types: frozenset[str] = ALL_TYPES) -> None:
        self.database = database
        self.dialect: Dialect = dialect_for(database)
        self.types = types
        self._expressions: dict[tuple[Text, bool, str | None], str] = {}
        self._completed: dict[str, list[str] | None] = {}
        #: date filters whose date words narrowed the match that drives the query
        self._checked_by_row: set[DateFilter] = set()
        #: whether a word was widened with other spellings of a name (see fuzzy.py)
        self.expanded = False

    # --- match expressions -----------------------------------------------------------------

    def text_expression(self, node: Text, expand: bool = True, columns: str | None = None) -> str:
        """A word as a prefix (with the spellings of people's names close to it, unless
        `expand` is False), a phrase as a phrase; in `columns` only when given."""
        if (node, expand, columns) in self._expressions:
            return self._expressions[(node, expand, columns)]
        term = self.dialect.term
        completions = None
        if node.prefix and self.dialect.completes(len(node.words)):
            completions = self._completions(node.words[-1])
        expression = term(node.words, node.prefix, columns, completions)
        if expand and node.prefix and len(node.words) == 1:
            alternatives = fuzzy.alternatives(self.database, node.words[0])
            if alternatives:
                self.expanded = True
                others = [term((a,), False, columns) for a in alternatives]
                expression = self.dialect.any_of([expression, *others])
        self._expressions[(node, expand, columns)] = expression
        return expression

    def _completions(self, prefix: str) -> list[str] | None:
        if prefix not in self._completed:
            self._completed[prefix] = words.completions(self.database, self.dialect, prefix)
        return self._completed[prefix]

    def fts_expression(self, node: Node) -> str | None:
        """The node as one FTS5 expression, or None when it holds filters (or only exclusions)
        that FTS5 cannot express."""
        if isinstance(node, Text):
            return self.text_expression(node)
        if isinstance(node, Or):
            parts = [self.fts_expression(child) for child in node.children]
            if any(part is None for part in parts):
                return None
            return self.dialect.any_of(parts)  # type: ignore[arg-type]
        if isinstance(node, And):
            positive = [c for c in node.children if not isinstance(c, Not)]
            negative = [c.child for c in node.children if isinstance(c, Not)]
            if not positive:
                return None
            parts = [self.fts_expression(child) for child in positive]
            excluded = [self.fts_expression(child) for child in negative]
            if any(part is None for part in [*parts, *excluded]):
                return None
            expression = self.dialect.all_of(parts)  # type: ignore[arg-type]
            for part in excluded:
                expression = self.dialect.excluding(expression, part)  # type: ignore[arg-type]
            return expression
        return None

    def match_set(
        self, expression: str, score: bool = False, types: frozenset[str] | None = None
    ) -> Sql:
        """The keys (and relevance, when asked) of the documents of `types` (those the
        search may find when None) that the expression matches."""
        types = self.types if types is None else types
        codes = None if types == ALL_TYPES else type_codes(types)
        text, bound = self.dialect.match_set(score, codes)
        return Sql(text, [expression] * bound)

    # --- sets ------------------------------------------------------------------------------

    def keys(self, node: Node) -> Sql:
        """A SELECT of the keys (column `k`) of the records the node matches, perhaps with
        repeats."""
        expression = self.fts_expression(node)
        if expression is not None:
            return self.match_set(expression)
        if isinstance(node, TypeFilter):
            return self.type_keys(node)
        if isinstance(node, DateFilter):
            return self.date_keys(node)
        if isinstance(node, LinkFilter):
            return self.link_keys(node)
        if isinstance(node, Or):
            parts = [self.keys(child) for child in node.children]
            # a key may come twice (see reached_keys_sql): readers of a set do not mind
            return Sql(
                " UNION ALL ".join(f"SELECT k FROM ({p.text}) AS alternative" for p in parts),
                [param for p in parts for param in p.params],
            )
        if isinstance(node, Not):
            child = self.keys(node.child)
            universe = self.universe()
            return Sql(
                f"{universe.text} EXCEPT SELECT k FROM ({child.text}) AS excluded", child.params
            )
        assert isinstance(node, And)
        return self.and_keys(node)

    def universe(self) -> Sql:
        key, table = self.dialect.key, self.dialect.table
        text = f"SELECT {key} AS k FROM {table}"
        if self.types != ALL_TYPES:
            text += f" WHERE ({key} & 7) IN ({type_codes(self.types)})"
        return Sql(text)

    def split_and(self, node: And) -> tuple[Sql, list[Node], bool]:
        """The driving set of an AND (its words and phrases as one MATCH when it has any), the
        children left to check as predicates, and whether the driver is that MATCH."""
        texts = [
            c
            for c in node.children
            if self.fts_expression(c.child if isinstance(c, Not) else c) is not None
        ]
        if any(not isinstance(c, Not) for c in texts):
            expression = self.fts_expression(And(tuple(texts)))
            assert expression is not None
            rest = [c for c in node.children if c not in texts]
            # a date filter of a few years also narrows the match by its date words; each
            # candidate's days are then checked as before (the filter stays in `rest`)
            narrowed = [c for c in rest if isinstance(c, DateFilter) and _narrow(c)]
            if narrowed:
                words = [self.date_words(c) for c in narrowed]
                expression = self.dialect.all_of([expression, *words])
                if self.dialect.checks_candidates_by_row:
                    self._checked_by_row.update(narrowed)
            return self.match_set(expression), rest, True
        ranked = sorted(node.children, key=_selectivity)
        return self.keys(ranked[0]), ranked[1:], False

    def and_keys(self, node: And) -> Sql:
        driver, rest, _ = self.split_and(node)
        return self.filtered(driver, rest, "k")

    def filtered(self, driver: Sql, rest: list[Node], column: str) -> Sql:
        """The driver's rows (all its columns) for which every one of `rest` holds."""
        if not rest:
            return driver
        conditions = [self.predicate(child, f"d.{column}") for child in rest]
        return Sql(
            f"SELECT d.* FROM ({driver.text}) AS d WHERE "
            + " AND ".join(f"({c.text})" for c in conditions),
            driver.params + [p for c in conditions for p in c.params],
        )

    def date_words(self, node: DateFilter) -> str:
        """A match of the documents whose date words (functions.date_words) may meet a narrow
        filter's range: a word for each of its years, the long ranges' and the open ones'."""
        assert node.earliest is not None and node.latest is not None
        first, last = int(node.earliest[:4]), int(node.latest[:4])
        words = [date_word(year) for year in range(first, last + 1)]
        return self.dialect.any_of([self.dialect.mark(w) for w in [*words, DATE_LONG, DATE_OPEN]])

    def type_keys(self, node: TypeFilter) -> Sql:
        if node.record_type not in self.types:
            return Sql(self.dialect.nothing)
        code = TYPE_CODES[node.record_type]
        return Sql(f"SELECT id * 8 + {code} AS k FROM {TABLES[node.record_type]}")

    def date_keys(self, node: DateFilter) -> Sql:
        """Dated records whose range overlaps, each part an index range: both ends known (the
        covering index on (earliest, latest), with long ranges apart), or one end open (each
        in its own partial index; see index.partial_date_indexes)."""
        parts: list[Sql] = []
        hint = self.dialect.indexed_by
        for record_type, name in DATED.items():
            if record_type not in self.types:
                continue
            head = f"SELECT id * 8 + {TYPE_CODES[record_type]} AS k FROM {TABLES[record_type]}"
            starts = [] if node.latest is None else [node.latest]
            ends = [] if node.earliest is None else [node.earliest]
            start_ok = f"{name}_earliest <= ?" if starts else f"{name}_earliest IS NOT NULL"
            end_ok = f"{name}_latest >= ?" if ends else f"{name}_latest IS NOT NULL"
            parts += [
                *_both_ends_known(head, name, node, start_ok, end_ok, self.dialect),
                # the planner would rather read every undated record through the main index
                Sql(
                    f"{head}{hint(f'search_{TABLES[record_type]}_{name}_open_start')} "
                    f"WHERE {name}_earliest IS NULL AND {name} IS NOT NULL AND "
                    + (f"({name}_latest IS NULL OR {end_ok})" if ends else "true"),
                    ends,
                ),
                Sql(
                    f"{head}{hint(f'search_{TABLES[record_type]}_{name}_open_end')} "
                    f"WHERE {name}_latest IS NULL AND {name}_earliest IS NOT NULL AND " + start_ok,
                    starts,
                ),
            ]
        if not parts:
            return Sql(self.dialect.nothing)
        return Sql(" UNION ALL ".join(p.text for p in parts), [x for p in parts for x in p.params])

    def link_keys(self, node: LinkFilter) -> Sql:
        spec = LINK_FIELDS[node.field]
        expression = self.dialect.restrict(
            spec.columns, self.text_expression(node.value, columns=spec.columns)
        )
        match = self.match_set(expression, types=frozenset({spec.target}))
        matched = match.text.replace(" AS k ", " >> 3 AS id ", 1)
        if spec.hierarchy:
            table = spec.hierarchy
            matched = (
                f"WITH RECURSIVE below(id) AS ({matched} UNION "
                f"SELECT c.id FROM {table} c JOIN below ON c.parent_id = below.id) "
                "SELECT id FROM below"
            )
        reached = self.dialect.reaching(reached_keys_sql(node.field, self.types))
        return Sql(f"WITH t(id) AS MATERIALIZED ({matched}) {reached}", match.params)

    # --- predicates ------------------------------------------------------------------------

    def predicate(self, node: Node, column: str) -> Sql:
        """A condition on the key in `column` that holds when the node matches that record."""
        if isinstance(node, TypeFilter):
            return Sql(f"({column} & 7) = {TYPE_CODES[node.record_type]}")
        if isinstance(node, DateFilter):
            if not _narrow(node) or node in self._checked_by_row:
                return self.date_predicate(node, column)
            # the dated records of a few years, collected once; the + keeps SQLite from
            # probing the full-text index once for each of them
            keys = self.date_keys(node)
            return Sql(f"{self.dialect.unindexed(column)} IN ({keys.text})", keys.params)
        combined = _combined(node, column, self.predicate)
        if combined is not None:
            return combined
        inner = self.keys(node)
        return Sql(f"{column} IN ({inner.text})", inner.params)

    def probe(self, node: Node, column: str) -> Sql:
        """A condition that holds when the node matches the record of the key in `column`,
        each of its words looked up for that one record: for a few keys (the exact names),
        where predicate() would read every record the words match."""
        expression = self.fts_expression(node)
        if expression is not None:
            return Sql(self.dialect.match_probe(column), [expression])
        combined = _combined(node, column, self.probe)
        return self.predicate(node, column) if combined is None else combined

    def date_predicate(self, node: DateFilter, column: str) -> Sql:
        """Checked row by row with a primary-key lookup: cheap when the driving set is small,
        where the set of every dated record could hold most of the catalogue."""
        cases: list[str] = []
        params: list[object] = []
        for record_type, name in DATED.items():
            if record_type in self.types:
                overlap = _overlap(node, name)
                cases.append(
                    f"WHEN {TYPE_CODES[record_type]} THEN EXISTS (SELECT 1 FROM "
                    f"{TABLES[record_type]} WHERE id = {column} >> 3 AND {overlap.text})"
                )
                params += overlap.params
        if not cases:
            return Sql("false")
        return Sql(f"CASE {column} & 7 {' '.join(cases)} ELSE false END", params)


def _combined(node: Node, column: str, condition: Callable[[Node, str], Sql]) -> Sql | None:
    """The condition of a NOT, AND or OR made of `condition` of its children; None for any
    other node."""
    if isinstance(node, Not):
        inner = condition(node.child, column)
        return Sql(f"NOT ({inner.text})", inner.params)
    if isinstance(node, And | Or):
        parts = [condition(child, column) for child in node.children]
        joiner = " AND " if isinstance(node, And) else " OR "
        return Sql(joiner.join(f"({p.text})" for p in parts), [x for p in parts for x in p.params])
    return None


def _both_ends_known(
    head: str, name: str, node: DateFilter, start_ok: str, end_ok: str, dialect: Dialect
) -> list[Sql]:
    """Records with both ends of their range known that overlap the filter's range.

    `earliest <= B AND latest >= A` alone reads every index entry that starts before B: most of
    the catalogue for `date:1942`. A short range (most records) that reaches A starts at most
    SHORT_SPAN_DAYS before it, so the short ones come from that slice of the index and the few
    long ones from their own partial index."""
    starts = [] if node.latest is None else [node.latest]
    ends = [] if node.earliest is None else [node.earliest]
    floor = _days_before(node.earliest, SHORT_SPAN_DAYS) if node.earliest else None
    if floor is None or not dialect.splits_long_ranges():
        return [Sql(f"{head} WHERE {start_ok} AND {end_ok}", [*starts, *ends])]
    return [
        Sql(
            f"{head} WHERE {name}_earliest >= ? AND {start_ok} AND {end_ok} "
            f"AND NOT ({long_span(name)})",
            [floor, *starts, *ends],
        ),
        Sql(f"{head} WHERE {long_span(name)} AND {start_ok} AND {end_ok}", [*starts, *ends]),
    ]


def _narrow(node: DateFilter) -> bool:
    """Whether a date filter spans few enough years for the set of its records to be small."""
    if node.earliest is None or node.latest is None:
        return False
    try:
        span = date.fromisoformat(node.latest) - date.fromisoformat(node.earliest)
    except ValueError:
        return False
    return span.days <= NARROW_DATE_DAYS


def _days_before(day: str, days: int) -> str | None:
    """The ISO day `days` before `day`, or None when it has no such day (year 1, BCE, ...)."""
    try:
        return (date.fromisoformat(day) - timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None


def _overlap(node: DateFilter, name: str) -> Sql:
    """The record's [earliest, latest] overlaps the filter's range (open ends are open)."""
    conditions = [f"{name} IS NOT NULL"]
    params: list[object] = []
    if node.latest is not None:
        conditions.append(f"({name}_earliest IS NULL OR {name}_earliest <= ?)")
        params.append(node.latest)
    if node.earliest is not None:
        conditions.append(f"({name}_latest IS NULL OR {name}_latest >= ?)")
        params.append(node.earliest)
    return Sql(" AND ".join(conditions), params)


def _selectivity(node: Node) -> int:
    """Which child of an AND to drive the query with: the likely smallest set first."""
    order = (LinkFilter, Text, Or, DateFilter, And, TypeFilter, Not)
    for rank, kind in enumerate(order):
        if isinstance(node, kind):
            return rank
    return len(order)  # pragma: no cover
