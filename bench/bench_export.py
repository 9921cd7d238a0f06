"""How long citation lists take: a bibliography of 5,000 sources and a list by record of 20,000
citations, through the exact engine (pandoc's citeproc).

Builds a synthetic catalogue (sources of every archive item type with structured names; people
and events carrying citations with locators), then times:
- the CSL-JSON export of the same sources: the baseline, gathering the data without formatting;
- the bibliography in Chicago notes-bibliography and APA, as text and HTML;
- the list by record (20,000 numbered notes, one engine run), as text;
- the BibTeX and RIS writers, for scale.
Figures are seconds and ratios against the baseline, measured in the same run.

    python bench/bench_export.py [--sources 5000] [--citations 20000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive_app.catalog.database import open_catalog
from archive_app.catalog.models import Citation, Event, Person, Source, SourceCreator, catalog_db
from archive_app.catalog.sources import bibtex, ris
from archive_app.catalog.sources.citation_lists import bibliography, by_record
from archive_app.catalog.sources.csljson import source_items
from archive_app.catalog.sources.output import entries_output, notes_output
from archive_app.catalog.sources.selection import whole_catalogue
from archive_app.catalog.sources.styles import find_style

TYPES = ["webpage", "article-newspaper", "article-journal", "book", "chapter", "manuscript"]
TYPES += ["graphic", "interview", "report", "thesis", "map"]
FAMILIES = ["Elhassan", "Andreyev", "Heijden", "Okafor", "Novak", "Власов", "O'Brien", "Lund"]
GIVEN = ["Khalid", "Catherine", "Marieke", "Ngozi", "Petra", "Андрей", "Seán", "Erik"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "so", "ti", "vu", "ze", "do"]
WORDS = ["Generals", "Defectors", "Front", "Leaflets", "Army", "Trial", "Moscow", "Oder"]


def family_name(number: int) -> str:
    """About a thousand distinct surnames, as a real bibliography has, so author-date styles
    disambiguate as often as they would on real data (8 surnames for 5,000 works would make
    nearly every entry ambiguous)."""
    base = FAMILIES[number % len(FAMILIES)]
    a, b, c = (number // 8) % 10, (number // 80) % 10, (number // 800) % 10
    return base + SYLLABLES[a] + SYLLABLES[b] + SYLLABLES[c] if number >= 8 else base


def build(path: Path, sources: int, citations: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with open_catalog(path), catalog_db.atomic():
        source_rows = []
        for n in range(sources):
            csl_type = TYPES[n % len(TYPES)]
            title = " ".join(rng.choice(WORDS) for _ in range(5)) + f" {n}"
            row = {"csl_type": csl_type, "title": title, "issued": f"{1900 + n % 120}-0{1 + n % 9}"}
            if csl_type in ("chapter", "article-journal", "article-newspaper"):
                row["container_title"] = f"Journal of {rng.choice(WORDS)}"
            if csl_type in ("book", "chapter", "report", "thesis", "map"):
                row["publisher"] = f"{rng.choice(WORDS)} Press"
            if csl_type in ("manuscript", "graphic", "interview"):
                row["archive"] = "Bundesarchiv"
                row["archive_location"] = f"RH {n}/{n % 97}"
            source_rows.append(row)
        for start in range(0, sources, 500):
            for row in source_rows[start : start + 500]:
                Source.create(**row)
        creators = []
        for source_id in range(1, sources + 1):
            for position in range(1 + source_id % 3):
                author = rng.randrange(1000)
                creators.append(
                    {
                        "source": source_id,
                        "position": position,
                        "family": family_name(author),
                        "given": GIVEN[author % len(GIVEN)],
                        "role": "author",
                    }
                )
        for start in range(0, len(creators), 500):
            SourceCreator.insert_many(creators[start : start + 500]).execute()
        people = max(1, citations // 20)
        for n in range(people):
            Person.create(name=f"Person {n}")
            Event.create(title=f"Event {n}", date=f"{1940 + n % 6}")
        rows = []
        for n in range(citations):
            record = 1 + rng.randrange(people)
            rows.append(
                {
                    "source": 1 + rng.randrange(sources),
                    "person": record if n % 2 else None,
                    "event": None if n % 2 else record,
                    "locator_label": rng.choice(["paragraph", "page", "figure", "folio"]),
                    "locator": str(1 + rng.randrange(300)),
                    "confidence": 2,
                }
            )
        for start in range(0, len(rows), 500):
            Citation.insert_many(rows[start : start + 500]).execute()


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=5000)
    parser.add_argument("--citations", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        seconds, _ = timed(lambda: build(path, args.sources, args.citations))
        print(f"built {args.sources} sources and {args.citations} citations in {seconds:.1f} s")
        with open_catalog(path):
            selection = whole_catalogue()
            baseline, items = timed(source_items)
            print(f"baseline: CSL-JSON of {len(items)} sources    {baseline:7.2f} s   1.0x")
            rows: list[tuple[str, Callable[[], Any]]] = []
            for style_id in ("chicago-notes-bibliography", "apa"):
                style = find_style(style_id)
                for fmt in ("text", "html"):
                    rows.append(
                        (
                            f"bibliography {style_id} {fmt}",
                            lambda s=style, f=fmt: entries_output(bibliography(selection, s), f),
                        )
                    )
            chicago = find_style("chicago-notes-bibliography")
            rows.append(
                (
                    f"by-record list, {args.citations} notes, text",
                    lambda: notes_output(by_record(selection, chicago), "text"),
                )
            )
            rows.append(("BibTeX of every source", lambda: bibtex.dumps(source_items())))
            rows.append(("RIS of every source", lambda: ris.dumps(source_items())))
            for label, action in rows:
                seconds, output = timed(action)
                lines = output.count("\n")
                print(f"{label:<48} {seconds:7.2f} s  {seconds / baseline:6.1f}x  ({lines} lines)")


if __name__ == "__main__":
    main()
