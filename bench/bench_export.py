"""How long citation lists take: a bibliography of 5,000 sources and a list by record of 20,000
citations, through the exact engine (pandoc's citeproc).

Builds a synthetic catalogue (sources of every archive item type with structured names; people
and events carrying citations with locators), then times:
- the CSL-JSON export of the same sources: the baseline, gathering the data without formatting;
- the bibliography in Chicago notes-bibliography and APA, as text and HTML;
- the list by record (20,000 numbered notes, one engine run), as text;
- the BibTeX and RIS writers, for scale.
Then, on a second catalogue of photographs (real JPEG files, arranged fonds › series › file, two
citations each), the finding aid: its baseline is the JSON export of the same photographs (the
records gathered, nothing drawn), then the outline (records, thumbnails from the files, notes in
one engine run), the HTML and the PDF.
Figures are seconds and ratios against the baseline, measured in the same run.

    python bench/bench_export.py [--sources 5000] [--citations 20000] [--photos 2000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from archive_app.catalog import records
from archive_app.catalog.database import open_catalog
from archive_app.catalog.exports import json_export
from archive_app.catalog.exports.finding_aid_html import render_html
from archive_app.catalog.exports.finding_aid_outline import outline
from archive_app.catalog.exports.finding_aid_pdf import render_pdf
from archive_app.catalog.models import (
    Citation,
    Event,
    Person,
    Photograph,
    PhotoPerson,
    Source,
    SourceCreator,
    catalog_db,
)
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


def build_photographs(path: Path, folder: Path, photos: int, seed: int = 11) -> None:
    """Photographs with real 1200 x 900 JPEG files (a scan's proportions; the finding aid
    decodes every one), in 4 fonds x 5 series x 10 files, each showing a person and citing
    one of 200 sources twice."""
    rng = random.Random(seed)
    folder.mkdir()
    with open_catalog(path), catalog_db.atomic():
        files = []
        for f in range(4):
            fonds = records.create("collection", name=f"Fonds {f + 1}", level="fonds")
            for s in range(5):
                series = records.create(
                    "collection", name=f"Series {f + 1}.{s + 1}", parent=fonds, level="series"
                )
                for n in range(10):
                    name = f"File {f + 1}.{s + 1}.{n + 1}"
                    files.append(
                        records.create("collection", name=name, parent=series, level="file")
                    )
        sources = [
            records.create("source", title=f"{rng.choice(WORDS)} report {n}", csl_type="report")
            for n in range(200)
        ]
        people = [Person.create(name=f"{GIVEN[n % 8]} {family_name(n)}") for n in range(300)]
        image = Image.new("RGB", (1200, 900), (180, 170, 150))
        ImageDraw.Draw(image).ellipse((300, 150, 900, 750), fill=(90, 80, 70))
        for n in range(photos):
            target = folder / f"scan-{n:05d}.jpg"
            image.save(target, "JPEG", quality=85)
            photo = Photograph.create(
                accession_number=f"PH-{n + 1:06d}",
                title=f"{rng.choice(WORDS)} at the {rng.choice(WORDS)} {n}",
                date=f"{1940 + n % 6}-0{1 + n % 9}",
                collection=files[n % len(files)],
                file_path=str(target),
                width=1200,
                height=900,
                format="JPEG",
            )
            link = PhotoPerson.create(photo=photo, person=people[n % len(people)], role="shown")
            source = sources[n % len(sources)]
            Citation.create(source=source, photo=photo, locator_label="page", locator=str(n))
            Citation.create(source=source, photo_person=link, locator_label="figure", locator="1")


def bench_finding_aid(folder: Path, photos: int) -> None:
    path = folder / "photos.db"
    seconds, _ = timed(lambda: build_photographs(path, folder / "scans", photos))
    print(f"built {photos} photographs with JPEG files in {seconds:.1f} s")
    with open_catalog(path) as catalog:
        selection = whole_catalogue()
        baseline, _ = timed(lambda: json_export.dumps(json_export.graph(selection)))
        print(f"baseline: JSON of {photos} photographs      {baseline:7.2f} s   1.0x")
        seconds, aid = timed(lambda: outline(selection, catalog, "Bench Archive"))
        print(
            f"{'finding aid outline (thumbnails, notes)':<48} {seconds:7.2f} s  "
            f"{seconds / baseline:6.1f}x  ({aid.count} photographs)"
        )
        for label, render in (("finding aid HTML", render_html), ("finding aid PDF", render_pdf)):
            seconds, output = timed(lambda r=render: r(aid))
            print(
                f"{label + ' (from the outline)':<48} {seconds:7.2f} s  "
                f"{seconds / baseline:6.1f}x  ({len(output) / 1e6:.1f} MB)"
            )


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=5000)
    parser.add_argument("--citations", type=int, default=20000)
    parser.add_argument("--photos", type=int, default=2000, help="0 skips the finding aid")
    parser.add_argument("--only-finding-aid", action="store_true")
    args = parser.parse_args()
    if args.photos:
        with tempfile.TemporaryDirectory() as folder:
            bench_finding_aid(Path(folder), args.photos)
    if args.only_finding_aid:
        return
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
