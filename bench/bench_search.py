"""Search latency on a generated catalogue of 100,000 photographs, against a naive LIKE scan.

Generates (with bulk inserts, in a temporary folder unless --keep PATH is given) 100,000
photographs, 20,000 people with name variants in Latin and Cyrillic letters, 10,000 events,
50,000 citations, and their links; then runs a fixed set of queries of every form of the query
language, each as `search()` (the first 200 hits and the facets of the whole result) and as the
naive scan a catalogue without an index would do (`LIKE '%word%'` over the same text columns,
the same filters as joins). Prints p50/p95 of both and their ratio, measured in the same run.

    .venv/bin/python bench/bench_search.py [--photos 100000] [--repeat 5] [--keep catalog.db]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from archive_app.catalog.database import open_catalog
from archive_app.catalog.dates import parse_date
from archive_app.catalog.search import index
from archive_app.catalog.search.execute import search

QUERIES = [
    "vlasov",  # a word, prefix-matched
    "власов",  # another script
    "wlassow",  # another spelling (fuzzy name match)
    "ivan",  # a common first name
    "vl",  # two letters typed so far
    "general portrait",  # two words
    '"shock army"',  # a phrase
    '"winter offensive"',  # another phrase
    "person:vlasov",  # linked-record filters
    "event:encircled",
    "place:moscow",
    "tag:defector",
    'collection:"fonds 3"',
    "source:elhassan",
    "date:1942 type:event",  # dates and types
    "date:1942-06",
    "army date:1941..1943",
    "vlasov -himmler",  # exclusion
    "moscow OR leningrad",  # alternatives
    "(moscow OR berlin) type:photo",  # grouping
    "PH-004242",  # an accession number
    "person:ivan type:photo",
    "captured type:citation",
    "officers -winter date:1944",
]

GIVEN = [
    "Ivan", "Andrey", "Pavel", "Sergei", "Nikolai", "Mikhail", "Dmitri", "Alexei", "Boris",
    "Heinrich", "Karl", "Otto", "Hans", "Friedrich", "Wilhelm", "Anna", "Maria", "Olga",
    "Elena", "Tatiana", "Natalia", "Jan", "Piotr", "Tomasz", "Josef", "Václav", "Jiří",
    "George", "John", "William", "Henri", "Jean", "Pierre", "Louis", "Marie", "Sophie",
]  # fmt: skip
SYLLABLES = [
    "ko", "va", "le", "no", "ma", "ro", "pe", "tro", "sa", "mi", "lo", "vi", "ra", "zu", "ki",
    "do", "be", "gor", "lin", "stal", "mer", "ber", "hof", "vich", "sky", "ski", "man", "er",
]  # fmt: skip
ENDINGS = ["ov", "ev", "in", "sky", "enko", "ovich", "er", "mann", "ek", "ski", "", "ova"]
WORDS = [
    "army",
    "general",
    "portrait",
    "officers",
    "soldiers",
    "winter",
    "offensive",
    "front",
    "street",
    "ruins",
    "parade",
    "captured",
    "prisoners",
    "tank",
    "village",
    "city",
    "river",
    "bridge",
    "railway",
    "station",
    "meeting",
    "conference",
    "headquarters",
    "staff",
    "division",
    "corps",
    "regiment",
    "uniform",
    "medal",
    "ceremony",
    "funeral",
    "trial",
    "court",
    "leaflet",
    "propaganda",
    "shock",
    "encircled",
    "retreat",
    "advance",
    "siege",
    "harbour",
    "ship",
    "aircraft",
    "snow",
    "spring",
    "summer",
    "autumn",
    "night",
    "morning",
    "crowd",
    "children",
    "family",
    "house",
    "church",
    "square",
]
PLACES = [
    "Moscow", "Leningrad", "Berlin", "Prague", "Kiev", "Warsaw", "Vienna", "Paris",
    "Stalingrad", "Kharkov", "Minsk", "Riga", "Oder river", "Volkhov", "Lubyanka",
]  # fmt: skip
LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"),
    ("e", "е"), ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"), ("h", "х"), ("c", "к"), ("w", "в"), ("x", "кс"), ("j", "й"), ("q", "к"),
]  # fmt: skip
STAMP = "2026-01-01T00:00:00+00:00"


def cyrillic(name: str) -> str:
    text = name.lower()
    for latin, letter in LATIN_TO_CYRILLIC:
        text = text.replace(latin, letter)
    return " ".join(word[:1].upper() + word[1:] for word in text.split())


def date_pool(rng: random.Random) -> list[tuple[str, str, str]]:
    """EDTF texts of every precision with their bounds (parsed once, sampled many times)."""
    texts = set()
    while len(texts) < 600:
        year = rng.randint(1900, 1990)
        form = rng.random()
        if form < 0.3:
            texts.add(str(year))
        elif form < 0.6:
            texts.add(f"{year}-{rng.randint(1, 12):02d}")
        elif form < 0.8:
            texts.add(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        elif form < 0.88:
            texts.add(f"{year}?")
        elif form < 0.94:
            texts.add(f"{year}-{rng.randint(21, 24)}")
        else:
            texts.add(f"{year}/{year + rng.randint(1, 4)}")
    pool = []
    for text in sorted(texts):
        bounds = parse_date(text)
        pool.append((bounds.text, bounds.earliest, bounds.latest))
    return pool


def words(rng: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def generate(connection, photos: int, rng: random.Random) -> None:  # noqa: ANN001, PLR0915
    """Bulk inserts of every table, scaled to `photos` (100,000 = the issue's catalogue)."""
    scale = photos / 100_000
    n_people, n_events, n_citations = int(20_000 * scale), int(10_000 * scale), int(50_000 * scale)
    dates = date_pool(rng)
    unique: dict[str, None] = {}
    while len(unique) < 3000:
        unique["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    made_up = list(unique)
    vocabulary = WORDS * 20 + made_up
    base = (1, STAMP, STAMP)
    ex = connection.executemany

    ex(
        "INSERT INTO place (id, name, place_type, version, created, modified) VALUES (?,?,?,?,?,?)",
        [(i + 1, name, "city", *base) for i, name in enumerate(PLACES)]
        + [(i, f"Village {made_up[i]}", "village", *base) for i in range(len(PLACES) + 1, 400)],
    )
    ex(
        "INSERT INTO place_name (place_id, name, version, created, modified) VALUES (?,?,?,?,?)",
        [(i + 1, cyrillic(name), *base) for i, name in enumerate(PLACES)],
    )
    collections = [(f * 5 + 1, f"Fonds {f + 1}", None, "fonds") for f in range(10)]
    collections += [
        (f * 5 + s + 2, f"Series {s + 1} of fonds {f + 1}", f * 5 + 1, "series")
        for f in range(10)
        for s in range(4)
    ]
    ex(
        "INSERT INTO collection (id, name, parent_id, level, version, created, modified) "
        "VALUES (?,?,?,?,?,?,?)",
        [(*c, *base) for c in collections],
    )
    tags = ["defector", "propaganda", "stand-in", *(f"tag {made_up[i]}" for i in range(97))]
    ex(
        "INSERT INTO tag (id, name, version, created, modified) VALUES (?,?,?,?,?)",
        [(i + 1, name, *base) for i, name in enumerate(tags)],
    )

    surnames = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))) + rng.choice(ENDINGS)
        for _ in range(4000)
    ]
    people, variants = [], []
    for person_id in range(1, n_people + 1):
        if person_id <= 3:
            given, surname = ("Andrey", "Vlasov") if person_id < 3 else ("Heinrich", "Himmler")
        else:
            given, surname = rng.choice(GIVEN), rng.choice(surnames).capitalize()
        name = f"{given} {surname}"
        birth = rng.choice(dates) if rng.random() < 0.6 else (None, None, None)
        people.append((person_id, name, f"{surname}, {given}", *birth, words(rng, vocabulary, 12)))
        if rng.random() < 0.4:
            variants.append((person_id, cyrillic(name), "Cyrl"))
        if rng.random() < 0.1:
            variants.append((person_id, name.replace("v", "w").replace("ov", "ow"), "Latn"))
    variants.append((1, "Андрей Власов", "Cyrl"))
    ex(
        "INSERT INTO person (id, name, sort_name, birth_date, birth_date_earliest, "
        "birth_date_latest, biography, version, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(*p, *base) for p in people],
    )
    ex(
        "INSERT INTO person_name (person_id, name, script, version, created, modified) "
        "VALUES (?,?,?,?,?,?)",
        [(*v, *base) for v in variants],
    )

    titles = [
        "{w} offensive near {p}", "2nd Shock Army encircled near {p}", "Captured at {p}",
        "Conference in {p}", "Winter offensive at {p}", "Parade in {p}", "Trial in {p}",
    ]  # fmt: skip
    events = []
    for event_id in range(1, n_events + 1):
        place = rng.randint(1, 399)
        title = rng.choice(titles).format(w=rng.choice(WORDS).capitalize(), p=PLACES[place % 15])
        events.append(
            (event_id, title, "battle", *rng.choice(dates), place, words(rng, vocabulary, 15))
        )
    ex(
        "INSERT INTO event (id, title, event_type, date, date_earliest, date_latest, place_id, "
        "description, version, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [(*e, *base) for e in events],
    )
    ex(
        "INSERT INTO person_event (person_id, event_id, role, version, created, modified) "
        "VALUES (?,?,?,?,?,?)",
        [
            (rng.randint(1, n_people), event_id, "participant", *base)
            for event_id in range(1, n_events + 1)
            for _ in range(2)
        ],
    )

    rows = []
    for photo_id in range(1, photos + 1):
        kind = rng.random()
        if kind < 0.4:
            title = f"Portrait of {people[rng.randrange(n_people)][1]}"
        elif kind < 0.7:
            title = f"{PLACES[rng.randrange(15)]}: {words(rng, WORDS, 3)}"
        else:
            title = events[rng.randrange(n_events)][1]
        rows.append(
            (
                photo_id,
                f"PH-{photo_id:06d}",
                title,
                words(rng, vocabulary, 10),
                words(rng, vocabulary, 25),
                *(rng.choice(dates) if rng.random() < 0.8 else (None, None, None)),
                rng.choice(collections)[0],
                rng.randint(1, 399) if rng.random() < 0.5 else None,
                "Archive credit line",
            )
        )
    ex(
        "INSERT INTO photograph (id, accession_number, title, caption, description, date, "
        "date_earliest, date_latest, collection_id, place_id, credit_line, version, created, "
        "modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(*r, *base) for r in rows],
    )
    depicted = [
        (photo_id, person_id, "depicted", *base)
        for photo_id in range(1, photos + 1)
        if rng.random() < 0.7
        for person_id in {rng.randint(1, n_people) for _ in range(rng.randint(1, 3))}
    ]
    depicted.append((1, 1, "depicted", *base))
    ex(
        "INSERT INTO photo_person (photo_id, person_id, role, version, created, modified) "
        "VALUES (?,?,?,?,?,?)",
        depicted,
    )
    ex(
        "INSERT INTO photo_event (photo_id, event_id, version, created, modified) "
        "VALUES (?,?,?,?,?)",
        [
            (photo_id, rng.randint(1, n_events), *base)
            for photo_id in range(1, photos + 1)
            if rng.random() < 0.2
        ],
    )
    ex(
        "INSERT INTO photo_tag (photo_id, tag_id, version, created, modified) VALUES (?,?,?,?,?)",
        [
            (photo_id, tag_id, *base)
            for photo_id in range(1, photos + 1)
            if rng.random() < 0.5
            for tag_id in {rng.randint(1, len(tags)) for _ in range(rng.randint(1, 2))}
        ],
    )
    ex(
        "INSERT INTO source (id, title, csl_type, version, created, modified) VALUES (?,?,?,?,?,?)",
        [(i, f"Source {i}: {words(rng, WORDS, 5)}", "book", *base) for i in range(1, 501)],
    )
    ex(
        "INSERT INTO source_creator (source_id, family, given, role, position, version, created, "
        "modified) VALUES (?,?,?,?,?,?,?,?)",
        [(1, "Elhassan", "Khalid", "author", 0, *base)]
        + [
            (i, rng.choice(surnames).capitalize(), rng.choice(GIVEN), "author", 0, *base)
            for i in range(2, 501)
        ],
    )
    citations = []
    for citation_id in range(1, n_citations + 1):
        target = rng.random()
        columns = [None, None, None]
        if target < 0.5:
            columns[0] = rng.randint(1, photos)
        elif target < 0.8:
            columns[1] = rng.randint(1, n_events)
        else:
            columns[2] = rng.randint(1, n_people)
        citations.append(
            (
                citation_id,
                rng.randint(1, 500),
                str(rng.randint(1, 400)),
                words(rng, vocabulary, 20),
                *columns,
            )
        )
    ex(
        "INSERT INTO citation (id, source_id, locator_label, locator, text, photo_id, event_id, "
        "person_id, text_kind, confidence, version, created, modified) "
        "VALUES (?,?,'page',?,?,?,?,?,'paraphrase',2,?,?,?)",
        [(*c, *base) for c in citations],
    )


# --- the baseline: the same queries as a naive LIKE '%word%' scan ---------------------------

#: record type -> (table, text columns) scanned with LIKE.
SCANNED = {
    "photo": ("photograph", ("accession_number", "title", "caption", "description", "credit_line")),
    "person": ("person", ("name", "sort_name", "biography")),
    "event": ("event", ("title", "event_type", "description")),
    "place": ("place", ("name", "description")),
    "source": ("source", ("title", "note")),
    "citation": ("citation", ("text", "note")),
    "collection": ("collection", ("name", "description")),
    "tag": ("tag", ("name",)),
}
#: (filter, record type) -> SQL over the row `r` with one `?` for the LIKE pattern.
LINKED = {
    ("person", "photo"): "EXISTS (SELECT 1 FROM photo_person l JOIN person p ON p.id = "
    "l.person_id WHERE l.photo_id = r.id AND p.name LIKE ?)",
    ("person", "event"): "EXISTS (SELECT 1 FROM person_event l JOIN person p ON p.id = "
    "l.person_id WHERE l.event_id = r.id AND p.name LIKE ?)",
    ("person", "person"): "r.name LIKE ?",
    ("event", "photo"): "EXISTS (SELECT 1 FROM photo_event l JOIN event e ON e.id = l.event_id "
    "WHERE l.photo_id = r.id AND e.title LIKE ?)",
    ("event", "event"): "r.title LIKE ?",
    ("place", "photo"): "EXISTS (SELECT 1 FROM place p WHERE p.id = r.place_id AND p.name LIKE ?)",
    ("place", "event"): "EXISTS (SELECT 1 FROM place p WHERE p.id = r.place_id AND p.name LIKE ?)",
    ("place", "place"): "r.name LIKE ?",
    ("tag", "photo"): "EXISTS (SELECT 1 FROM photo_tag l JOIN tag t ON t.id = l.tag_id "
    "WHERE l.photo_id = r.id AND t.name LIKE ?)",
    ("tag", "tag"): "r.name LIKE ?",
    ("collection", "photo"): "EXISTS (SELECT 1 FROM collection c WHERE c.id = r.collection_id "
    "AND c.name LIKE ?)",
    ("collection", "collection"): "r.name LIKE ?",
    ("source", "citation"): "EXISTS (SELECT 1 FROM source_creator c WHERE c.source_id = "
    "r.source_id AND c.family LIKE ?)",
    ("source", "source"): "r.title LIKE ?",
}
DATE_COLUMNS = {"photo": "date", "event": "date", "citation": "date", "source": "issued"}


def _like_condition(node, record_type: str) -> tuple[str, list[object]]:  # noqa: ANN001
    """The query tree as a WHERE over one table, the way a catalogue without an index would."""
    from archive_app.catalog.search import query as q  # noqa: PLC0415

    columns = SCANNED[record_type][1]
    if isinstance(node, q.Text):
        parts, params = [], []
        for word in node.words:
            parts.append("(" + " OR ".join(f"r.{c} LIKE ?" for c in columns) + ")")
            params += [f"%{word}%"] * len(columns)
        return " AND ".join(parts), params
    if isinstance(node, q.TypeFilter):
        return ("1" if node.record_type == record_type else "0"), []
    if isinstance(node, q.DateFilter):
        column = DATE_COLUMNS.get(record_type)
        if column is None:
            return "0", []
        sql, params = f"r.{column} IS NOT NULL", []
        if node.latest:
            sql += f" AND (r.{column}_earliest IS NULL OR r.{column}_earliest <= ?)"
            params.append(node.latest)
        if node.earliest:
            sql += f" AND (r.{column}_latest IS NULL OR r.{column}_latest >= ?)"
            params.append(node.earliest)
        return sql, params
    if isinstance(node, q.LinkFilter):
        linked = LINKED.get((node.field, record_type))
        return (linked, [f"%{' '.join(node.value.words)}%"]) if linked else ("0", [])
    if isinstance(node, q.Not):
        sql, params = _like_condition(node.child, record_type)
        return f"NOT ({sql})", params
    joiner = " AND " if isinstance(node, q.And) else " OR "
    parts = [_like_condition(child, record_type) for child in node.children]
    return joiner.join(f"({sql})" for sql, _ in parts), [p for _, ps in parts for p in ps]


def naive_search(database, text: str, limit: int) -> tuple[int, list[tuple[str, int]]]:  # noqa: ANN001
    """(total, first `limit` hits) by scanning every table with LIKE."""
    from archive_app.catalog.search.query import parse  # noqa: PLC0415

    node = parse(text)
    total, hits = 0, []
    for record_type, (table, _columns) in SCANNED.items():
        where, params = _like_condition(node, record_type)
        total += database.execute_sql(
            f"SELECT count(*) FROM {table} r WHERE {where}", params
        ).fetchone()[0]
        if len(hits) < limit:
            rows = database.execute_sql(
                f"SELECT id FROM {table} r WHERE {where} LIMIT ?", [*params, limit - len(hits)]
            )
            hits += [(record_type, row[0]) for row in rows]
    return total, hits


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(function, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    """The median of `repeat` runs in milliseconds, and the last result."""
    runs, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the catalogue at this path")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "bench.db"
    reuse = path.exists()
    catalog = open_catalog(path)
    database = catalog.database
    if not reuse:
        start = time.perf_counter()
        with index.bulk(database):
            generate(database.connection(), args.photos, random.Random(1942))
        documents = database.execute_sql("SELECT count(*) FROM search_index").fetchone()[0]
        print(
            f"generated {args.photos:,} photographs and the rest, {documents:,} documents "
            f"indexed, in {time.perf_counter() - start:.1f} s"
        )
    print(f"{'query':34} {'hits':>7} {'search ms':>10} {'LIKE ms':>9} {'ratio':>7}")
    fast, slow = [], []
    for query in QUERIES:
        search(query, limit=200)  # warm the page cache and the name vocabulary
        ms, result = timed(lambda q=query: search(q, limit=200), args.repeat)
        scan_ms, scanned = timed(lambda q=query: naive_search(database, q, 200), 1)
        fast.append(ms)
        slow.append(scan_ms)
        print(f"{query:34} {result.total:>7,} {ms:>10.1f} {scan_ms:>9.1f} {scan_ms / ms:>6.0f}x")
    p50, p95 = percentile(fast, 0.5), percentile(fast, 0.95)
    s50, s95 = percentile(slow, 0.5), percentile(slow, 0.95)
    print(f"\nsearch (first 200 hits + facets): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"naive LIKE scan (first 200 hits):  p50 {s50:.1f} ms, p95 {s95:.1f} ms")
    print(f"ratio: p50 {s50 / p50:.0f}x, p95 {s95 / p95:.0f}x faster than the scan")
    catalog.close()
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
