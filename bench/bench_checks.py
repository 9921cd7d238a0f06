"""Checks at scale: recall and false findings on a generated catalogue of 100,000 photographs
with a known set of injected contradictions, and the time of `check` and `check --fixity`
beside a baseline measured in the same run (SHA-256 of the same files with every core, as
`sha256sum` in parallel would do it).

The generated archive: 2,000 people with life dates, their ordinary events within their lives
(some as uncertain ranges), executions in the year of death after a trial and a sentence, and
100,000 photographs (one real file each) showing people within their lives, a tenth with the
capture date in their EXIF. Every statement is cited with confidence 1 to 4. Into it go 25
cases of each rule, each with its expected finding key, and 25 near misses of each rule (an
uncertain date that could fit, a funeral after death, a second citation of confidence 2 ...)
that must not be found; for fixity, 10 files are changed and 10 deleted.

    .venv/bin/python bench/bench_checks.py [--photos 100000] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from archive_app.catalog.checks import run_checks
from archive_app.catalog.checks.files import check_files
from archive_app.catalog.checks.hashing import sha256_of
from archive_app.catalog.database import open_catalog
from archive_app.catalog.dates import parse_date
from archive_app.catalog.search import index

STAMP = "2026-01-01T00:00:00+00:00"
CASES = 25


class World:
    """Rows to insert, with ids handed out here, and the findings expected of them."""

    def __init__(self, rng: random.Random, folder: Path) -> None:
        self.rng, self.folder = rng, folder
        self.people: list[tuple] = []
        self.events: list[tuple] = []
        self.person_events: list[tuple] = []
        self.photos: list[tuple] = []
        self.photo_people: list[tuple] = []
        self.citations: list[tuple] = []
        self.swapped: list[int] = []
        self.expected: set[str] = set()
        self.files: list[Path] = []

    def _dated(self, text: str | None) -> tuple:
        if text is None:
            return (None, None, None)
        bounds = parse_date(text)
        return (bounds.text, bounds.earliest, bounds.latest)

    def person(self, name: str, birth: str | None = None, death: str | None = None) -> int:
        pid = len(self.people) + 1
        self.people.append((pid, name, *self._dated(birth), *self._dated(death)))
        self.cite("person_id", pid)
        return pid

    def cite(self, column: str, target: int, confidence: int | None = None, source: int = 0):
        confidence = self.rng.randint(1, 4) if confidence is None else confidence
        source = source or self.rng.randint(1, 50)
        self.citations.append((len(self.citations) + 1, source, column, target, confidence))

    def event(self, title: str, kind: str, date: str, person: int | None = None, **cite) -> int:
        eid = len(self.events) + 1
        self.events.append((eid, title, kind, *self._dated(date)))
        if cite.get("cited", True):
            self.cite("event_id", eid, cite.get("confidence"), cite.get("source", 0))
        if person is not None:
            self.person_events.append((len(self.person_events) + 1, person, eid))
        return eid

    def photo(self, date: str | None, person: int | None, role: str = "depicted",
              exif: str | None = None) -> int:  # fmt: skip
        photo_id = len(self.photos) + 1
        content = os.urandom(self.rng.randint(2048, 8192))
        path = self.folder / f"{photo_id // 1000:03d}" / f"scan-{photo_id:06d}.tif"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        self.files.append(path)
        embedded = json.dumps({"exif": {"exif": {"DateTimeOriginal": exif}}}) if exif else None
        digest = hashlib.sha256(content).hexdigest()
        self.photos.append(
            (photo_id, f"PH-{photo_id:06d}", *self._dated(date), str(path), len(content), digest,
             embedded)
        )  # fmt: skip
        self.cite("photo_id", photo_id)
        if person is not None:
            self.photo_people.append((len(self.photo_people) + 1, photo_id, person, role))
        return photo_id


def background(world: World, photos: int) -> list[tuple[int, int, int]]:
    """Ordinary lives with no contradiction: (person, birth year, death year)."""
    rng, lives = world.rng, []
    for n in range(2000):
        born = rng.randint(1870, 1920)
        died = born + rng.randint(35, 75)
        pid = world.person(f"Person {n}", str(born), str(died))
        lives.append((pid, born, died))
        for k in range(3):
            year = rng.randint(born + 18, died - 1)
            date = rng.choice([str(year), f"{year}-{rng.randint(1, 12):02d}", f"{year}?"])
            world.event(f"Posting {k} of person {n}", "posting", date, pid)
        if rng.random() < 0.3:
            world.event(f"Trial of person {n}", "trial", f"{died}-03", pid)
            world.event(f"Sentence of person {n}", "sentence", f"{died}-04", pid)
            world.event(f"Execution of person {n}", "execution", f"{died}-06-01", pid)
    return lives


def fill_photos(world: World, lives: list[tuple[int, int, int]], photos: int) -> None:
    rng = world.rng
    while len(world.photos) < photos:
        pid, born, died = rng.choice(lives)
        if rng.random() < 0.2:
            world.photo(None, pid if rng.random() < 0.5 else None)
            continue
        year = rng.randint(born + 1, died - 1)
        exif = f"{year}:{rng.randint(1, 12):02d}:10 12:00:00" if rng.random() < 0.1 else None
        world.photo(str(year), pid if rng.random() < 0.7 else None, exif=exif)


def inject(world: World, lives: list[tuple[int, int, int]]) -> None:  # noqa: PLR0915
    """Each rule: CASES findings it must give, CASES near misses it must not."""
    rng, expect = world.rng, world.expected.add
    for n in range(CASES):
        pid, born, died = lives[n]
        photo = world.photo(str(died + 5), pid)
        expect(f"after-death:person-{pid},photo-{photo}")
        world.photo(f"{died // 10}X", pid)  # near miss: the decade holds the death
        world.photo(str(died + 3), pid, role="grave")  # near miss: a grave
        event = world.event(f"Inspection {n}", "inspection", str(died + 3), pid)
        expect(f"after-death:event-{event},person-{pid}")
        world.event(f"Funeral {n}", "funeral", str(died), pid)  # near miss: the dead attend
        event = world.event(f"Enlistment {n}", "military service", str(born - 5), pid)
        expect(f"before-birth:event-{event},person-{pid}")
        world.event(f"Childhood {n}", "residence", f"{born - 1}/{born + 5}", pid)  # near miss

        pid = world.person(f"Tried {n}")
        trial = world.event(f"Trial {n}", "trial", "1946-22", pid)
        execution = world.event(f"Hanging {n}", "execution", "1945-08-01", pid)
        expect(f"order-of-life:event-{trial},event-{execution},person-{pid}")
        pid = world.person(f"Tried on one day {n}")  # near miss: trial and execution one day
        world.event(f"Trial {n}b", "trial", "1946-08-01", pid)
        world.event(f"Hanging {n}b", "execution", "1946-08-01", pid)

        pid = world.person(f"Executed {n}", death="1946")
        execution = world.event(f"Execution {n}", "execution", "1945-08-01", pid)
        expect(f"conflicting-claims:event-{execution},person-{pid}")
        pid = world.person(f"Executed late {n}", death="1946")  # near miss: within the year
        world.event(f"Execution {n}b", "execution", "1946-12", pid)

        pid = world.person(f"Member {n}")
        a = world.event(f"Joins the party {n}", "membership", "1930", pid, source=1)
        b = world.event(f"Joins the party {n}", "membership", "1932", pid, source=2)
        expect(f"sources-disagree:event-{a},event-{b},person-{pid}")
        pid = world.person(f"Member {n}b")  # near miss: the dates overlap
        world.event(f"Joins the party {n}b", "membership", "1930", pid, source=1)
        world.event(f"Joins the party {n}b", "membership", "1930-05", pid, source=2)

        event = world.event(f"Loaded the wrong way round {n}", "posting", "1942")
        world.swapped.append(event)
        expect(f"date-order:event-{event}")

        photo = world.photo("1942-07", None, exif="1950:01:02 10:00:00")
        expect(f"capture-date:photo-{photo}")
        world.photo("194X", None, exif="1942:07:15 10:00:00")  # near miss

        event = world.event(f"Rumoured meeting {n}", "meeting", "1943", cited=False)
        world.cite("event_id", event, confidence=0)
        expect(f"weak-support:event-{event}")
        event = world.event(f"Reported meeting {n}", "meeting", "1943", cited=False)
        world.cite("event_id", event, confidence=0)  # near miss: a better citation beside it
        world.cite("event_id", event, confidence=2)
    del rng


def write(connection, world: World) -> None:  # noqa: ANN001
    base = (1, STAMP, STAMP)
    ex = connection.executemany
    ex("INSERT INTO source (id, title, csl_type, version, created, modified) VALUES (?,?,?,?,?,?)",
       [(i, f"Source {i}", "book", *base) for i in range(1, 51)])  # fmt: skip
    ex("INSERT INTO person (id, name, birth_date, birth_date_earliest, birth_date_latest, "
       "death_date, death_date_earliest, death_date_latest, version, created, modified) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?)", [(*r, *base) for r in world.people])  # fmt: skip
    ex("INSERT INTO event (id, title, event_type, date, date_earliest, date_latest, version, "
       "created, modified) VALUES (?,?,?,?,?,?,?,?,?)",
       [(*r, *base) for r in world.events])  # fmt: skip
    ex("INSERT INTO person_event (id, person_id, event_id, version, created, modified) "
       "VALUES (?,?,?,?,?,?)", [(*r, *base) for r in world.person_events])  # fmt: skip
    ex("INSERT INTO photograph (id, accession_number, date, date_earliest, date_latest, "
       "file_path, file_size, sha256, embedded_metadata, version, created, modified) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", [(*r, *base) for r in world.photos])  # fmt: skip
    ex("INSERT INTO photo_person (id, photo_id, person_id, role, version, created, modified) "
       "VALUES (?,?,?,?,?,?,?)", [(*r, *base) for r in world.photo_people])  # fmt: skip
    for column in ("person_id", "event_id", "photo_id"):
        rows = [(c[0], c[1], c[3], c[4], *base) for c in world.citations if c[2] == column]
        ex(f"INSERT INTO citation (id, source_id, {column}, confidence, text_kind, version, "
           "created, modified) VALUES (?,?,?,?,'paraphrase',?,?,?)", rows)  # fmt: skip
    ex("UPDATE event SET date_earliest = '1950-01-01' WHERE id = ?",
       [(e,) for e in world.swapped])  # fmt: skip


def damage_files(world: World, rng: random.Random) -> set[str]:
    expected = set()
    chosen = rng.sample(range(len(world.files)), 20)
    for n, which in enumerate(chosen):
        path = world.files[which]
        if n < 10:
            with open(path, "ab") as handle:
                handle.write(b"bit rot")
            expected.add(f"fixity:photo-{which + 1}")
        else:
            path.unlink()
            expected.add(f"missing-file:photo-{which + 1}")
    return expected


def score(label: str, found: set[str], expected: set[str], seconds: float) -> None:
    hits = found & expected
    false = sorted(found - expected)
    print(f"{label}: {len(found):,} findings in {seconds:.2f} s; recall {len(hits)}/"
          f"{len(expected)} = {len(hits) / max(len(expected), 1):.0%}; false findings "
          f"{len(false)}{(': ' + ', '.join(false[:5])) if false else ''}")  # fmt: skip
    missed = sorted(expected - found)
    if missed:
        print(f"  missed: {', '.join(missed[:10])}")


def read_rows(database) -> int:  # noqa: ANN001
    """Every row of the tables the rules read, once: what no check can do without."""
    total = 0
    for table in ("photograph", "person", "event", "person_event", "photo_person", "citation"):
        total += len(database.execute_sql(f"SELECT * FROM {table}").fetchall())  # noqa: S608
    return total


def baseline(paths: list[Path]) -> float:
    start = time.perf_counter()
    with Pool(os.cpu_count()) as pool:
        for _ in pool.imap_unordered(_hash_or_none, paths, chunksize=64):
            pass
    return time.perf_counter() - start


def _hash_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the catalogue and files in this folder")
    args = parser.parse_args()
    holder = tempfile.TemporaryDirectory()
    folder = args.keep or Path(holder.name)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(1946)
    start = time.perf_counter()
    world = World(rng, folder / "files")
    lives = background(world, args.photos)
    inject(world, lives)
    fill_photos(world, lives, args.photos)
    catalog = open_catalog(folder / "bench.db")
    with index.bulk(catalog.database):
        write(catalog.database.connection(), world)
    seconds = time.perf_counter() - start
    print(f"generated {len(world.photos):,} photographs (and files), {len(world.people):,} "
          f"people, {len(world.events):,} events, {len(world.citations):,} citations in "
          f"{seconds:.0f} s; {len(world.expected)} injected findings")  # fmt: skip

    for run in ("first", "second"):
        start = time.perf_counter()
        found = {f.key for f in run_checks()}
        score(f"check ({run} run)", found, world.expected, time.perf_counter() - start)
    start = time.perf_counter()
    read_rows(catalog.database)
    print(f"baseline: reading every row of the tables the rules read: "
          f"{time.perf_counter() - start:.2f} s")  # fmt: skip

    expected = world.expected | damage_files(world, rng)
    base = baseline(world.files)
    start = time.perf_counter()
    found = {f.key for f in run_checks(fixity=True)}
    fixity = time.perf_counter() - start
    score("check --fixity", found, expected, fixity)
    start = time.perf_counter()
    hashed = len(list(check_files(fixity=True)))
    files_only = time.perf_counter() - start
    base_again = baseline(world.files)
    reference = min(base, base_again)
    print(f"baseline: SHA-256 of the same {len(world.files):,} files on {os.cpu_count()} cores "
          f"(multiprocessing): {base:.2f} s, again after: {base_again:.2f} s")  # fmt: skip
    print(f"check --fixity takes {fixity / reference:.2f}x the baseline (everything else of "
          f"check included); its file check alone ({hashed} findings) {files_only:.2f} s, "
          f"{files_only / reference:.2f}x")  # fmt: skip
    catalog.close()
    holder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
