"""The official CSL test suite run through the catalogue, against pandoc fed the same CSL-JSON.

    python bench/conformance_csl.py [--suite DIR] [--only WORDS] [--failures FILE]

Runs on request only (never in `make test`). Without --suite it downloads the suite
(`git clone --depth 1` of citation-style-language/test-suite) into ~/.cache/archive-app.

Each fixture of `processor-tests/humans` is run the way an archivist would: its INPUT written to
a CSL-JSON file, `archive-app import-sources` into a new catalogue, then `archive-app export
citations --style FIXTURE.csl --format text` (the bibliography), or, for a citation fixture, one
photograph citing the item and `export citations --list by-record`. The text is compared with
pandoc's citeproc given the fixture's INPUT directly (`pandoc --citeproc -t html` on a document
given as pandoc's syntax tree, its markup dropped: pandoc's plain writer would print small
capitals as capitals), and with the suite's expected RESULT (markup dropped). Whitespace is
compared collapsed: HTML parts blocks by elements where the export parts them by a space.

Every fixture's items are imported (whole-file refusals, refused items and tracebacks are
counted over all of them). In scope for the comparison: bibliography fixtures (no cited subset,
no sections) and single-citation fixtures (one cite, with at most a locator: what a citation in
the catalogue can say). The rest (clusters of several cites, prefixes, suppress-author,
citations in sequence) say things no catalogue citation holds, and are counted apart.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import json
import re
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive_app.catalog.sources.pandoc_runner import api_version, pandoc_path  # noqa: E402
from archive_app.cli import main  # noqa: E402

SUITE_URL = "https://github.com/citation-style-language/test-suite"
SECTION = re.compile(r">>=+ ([A-Z-]+) =+>>\n?(.*?)\n?<<=+ \1 =+<<", re.S)
CITE_KEYS = {"id", "locator", "label"}


def suite_dir(given: Path | None) -> Path:
    if given:
        return given
    cache = Path.home() / ".cache" / "archive-app" / "csl-test-suite"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "--depth", "1", SUITE_URL, str(cache)], check=True)
    return cache


def sections(path: Path) -> dict[str, str]:
    return {name: body for name, body in SECTION.findall(path.read_text("utf-8"))}


def cluster_of(parts: dict[str, str], items: list[Any]) -> list[dict[str, Any]] | None:
    """The one cite of a single-citation fixture, or None when it is not one."""
    if parts["MODE"].strip() != "citation" or "CITATIONS" in parts:
        return None
    if "CITATION-ITEMS" in parts:
        clusters = json.loads(parts["CITATION-ITEMS"])
        if len(clusters) != 1:
            return None
        cites = clusters[0]
    else:
        cites = [
            {"id": item.get("id", f"source-{n}")}
            for n, item in enumerate(items, 1)
            if isinstance(item, dict)
        ]
    if len(cites) != 1 or set(cites[0]) - CITE_KEYS:
        return None
    return cites


def kind_of(parts: dict[str, str], items: list[Any]) -> str:
    mode = parts.get("MODE", "").strip()
    if mode == "bibliography":
        extra = {"CITATIONS", "CITATION-ITEMS", "BIBENTRIES", "BIBSECTION"} & set(parts)
        return "out of scope" if extra else "bibliography"
    if mode == "citation" and cluster_of(parts, items):
        return "single citation"
    return "out of scope"


def collapse(text: str) -> str:
    return " ".join(text.split())


def expected_text(result: str) -> str:
    """Text of HTML (the suite's RESULT, pandoc's output): blocks parted by a space."""
    text = re.sub(r"</?(?:div|p|li|section)\b[^>]*>", " ", result)
    text = re.sub(r"<br\s*/?>", " ", text)
    return collapse(html.unescape(re.sub(r"<[^>]+>", "", text)))


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def _with_ids(items: list[Any]) -> list[Any]:
    """The fixture's items, each with an id (pandoc cannot cite an item without one): the
    `source-N` a fresh catalogue gives the N-th item."""
    return [
        {**item, "id": f"source-{n}"} if isinstance(item, dict) and "id" not in item else item
        for n, item in enumerate(items, 1)
    ]


def pandoc_direct(items: list[Any], folder: Path, csl: Path, cites: list[Any] | None) -> str:
    """pandoc's citeproc on the fixture's own CSL-JSON: the bibliography, or one citation. The
    document is given as pandoc's syntax tree, so no id needs escaping as Markdown."""
    data = folder / "direct.json"
    data.write_text(json.dumps(_with_ids(items), ensure_ascii=False), encoding="utf-8")
    if cites is None:
        meta = {"nocite": {"t": "MetaInlines", "c": [_cite("*", None, None)]}}
        blocks: list[Any] = []
    else:
        cite = cites[0]
        cited = cite["id"]
        meta = {"suppress-bibliography": {"t": "MetaBool", "c": True}}
        blocks = [{"t": "Para", "c": [_cite(str(cited), cite.get("label"), cite.get("locator"))]}]
    document = {"pandoc-api-version": api_version(), "meta": meta, "blocks": blocks}
    done = subprocess.run(
        [pandoc_path(), "--citeproc", f"--bibliography={data}", f"--csl={csl}"]
        + ["-f", "json", "-t", "html", "--wrap=none"],
        input=json.dumps(document).encode("utf-8"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    text = done.stdout.decode("utf-8")
    text = re.sub(r'<a href="#fnref\d+"[^>]*>.*?</a>', "", text, flags=re.S)
    notes = re.search(r'<section[^>]*class="footnotes[^"]*"[^>]*>(.*)</section>', text, re.S)
    if notes:  # a note style: the citation is the footnote's text
        text = re.sub(r"<hr\s*/?>", "", notes.group(1))
    return expected_text(text)


def _cite(item_id: str, label: str | None, locator: str | None) -> dict[str, Any]:
    """A Cite node as pandoc's Markdown reader makes of `[@id, {label locator}]`."""
    suffix = []
    if locator:
        suffix = [{"t": "Str", "c": ","}, {"t": "Space"}]
        suffix.append({"t": "Str", "c": "{" + f"{label or 'page'} {locator}" + "}"})
    citation = {
        "citationId": item_id,
        "citationPrefix": [],
        "citationSuffix": suffix,
        "citationMode": {"t": "NormalCitation"},
        "citationNoteNum": 1,
        "citationHash": 0,
    }
    return {"t": "Cite", "c": [[citation], [{"t": "Str", "c": f"[@{item_id}]"}]]}


@dataclass
class Outcome:
    name: str
    kind: str
    ours: str = ""
    pandoc: str = ""
    expected: str = ""
    whole_file_refused: str = ""
    items_refused: int = 0
    traceback: str = ""

    @property
    def equal_to_pandoc(self) -> bool:
        return not self.traceback and not self.whole_file_refused and self.ours == self.pandoc

    @property
    def equal_to_expected(self) -> bool:
        return not self.traceback and self.ours == self.expected


def created_for(report: dict[str, Any], items: list[Any]) -> dict[str, int]:
    """Source id of each input item id (items left out as duplicates map to what they match)."""
    skipped = {r["position"] for r in report["refused"]}
    matched = {
        d["position"]: int(d["matches"].removeprefix("source-")) for d in report["duplicates"]
    }
    created = iter(report["created"])
    result = {}
    for position, item in enumerate(items, 1):
        key = str(item.get("id", f"source-{position}")) if isinstance(item, dict) else ""
        if position in skipped:
            continue
        result[key] = matched[position] if position in matched else next(created)
    return result


def run_fixture(path: Path, folder: Path) -> Outcome:
    """Import the fixture's items (every fixture: refusals and tracebacks are counted over all
    of them), then, for one in scope, export and compare."""
    parts = sections(path)
    items = json.loads(parts["INPUT"])
    outcome = Outcome(path.stem, kind_of(parts, items))
    data = folder / "input.json"
    data.write_text(parts["INPUT"], encoding="utf-8")
    catalog = str(folder / "catalog.db")
    try:
        _status, out, err = run_cli("--catalog", catalog, "import-sources", str(data), "--json")
        if not out:
            outcome.whole_file_refused = err.strip()
            return outcome
        report = json.loads(out)
        outcome.items_refused = len(report["refused"])
        if outcome.kind != "out of scope":
            _compare(outcome, parts, items, report, folder)
    except Exception:  # the count of tracebacks is one of the figures
        outcome.traceback = traceback.format_exc()
    return outcome


def _compare(
    outcome: Outcome,
    parts: dict[str, str],
    items: list[Any],
    report: dict[str, Any],
    folder: Path,
) -> None:
    cites = cluster_of(parts, items) if outcome.kind == "single citation" else None
    csl = folder / "style.csl"
    csl.write_text(parts["CSL"], encoding="utf-8")
    catalog = str(folder / "catalog.db")
    outcome.expected = expected_text(parts["RESULT"])
    outcome.pandoc = pandoc_direct(items, folder, csl, cites)
    export = ["--catalog", catalog, "export", "citations", "--style", str(csl)]
    if cites is None:
        status, out, err = run_cli(*export, "--format", "text")
        outcome.ours = collapse(out)
    else:
        source = created_for(report, items)[str(cites[0]["id"])]
        run_cli("--catalog", catalog, "add", "photo", "title=Fixture")
        fields = [f"source={source}", "photo=1"]
        if cites[0].get("locator"):
            fields.append(f"locator={cites[0]['locator']}")
            fields.append(f"locator_label={cites[0].get('label') or 'page'}")
        run_cli("--catalog", catalog, "add", "citation", *fields)
        status, out, err = run_cli(*export, "--list", "by-record", "--format", "text")
        notes = re.findall(r"^  1\.(.*)$", out, re.M)
        outcome.ours = collapse(notes[0]) if notes else ""
    if status != 0:
        outcome.ours = f"[export failed: {err.strip()}]"


def main_run() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, help="a checkout of the CSL test suite")
    parser.add_argument("--only", nargs="*", help="only fixtures whose name has these words")
    parser.add_argument("--failures", type=Path, help="write the differing fixtures here")
    args = parser.parse_args()
    fixtures = sorted((suite_dir(args.suite) / "processor-tests" / "humans").glob("*.txt"))
    if args.only:
        fixtures = [f for f in fixtures if any(w in f.stem for w in args.only)]
    started = time.perf_counter()
    outcomes = []
    for path in fixtures:
        with tempfile.TemporaryDirectory(prefix="csl-fixture-") as folder:
            outcomes.append(run_fixture(path, Path(folder)))
    report(outcomes, time.perf_counter() - started, args.failures)
    return 0


def report(outcomes: list[Outcome], seconds: float, failures: Path | None) -> None:
    print(f"fixtures: {len(outcomes)} ({seconds:.0f} s)")
    for kind in ("bibliography", "single citation", "out of scope"):
        print(f"  {kind}: {sum(o.kind == kind for o in outcomes)}")
    scope = [o for o in outcomes if o.kind != "out of scope"]
    equal = sum(o.equal_to_pandoc for o in scope)
    print(f"in scope: {len(scope)}")
    print(f"  equal to pandoc direct: {equal} ({100 * equal / max(len(scope), 1):.1f}%)")
    for kind in ("bibliography", "single citation"):
        of_kind = [o for o in scope if o.kind == kind]
        same = sum(o.equal_to_pandoc for o in of_kind)
        print(f"    {kind}: {same} of {len(of_kind)}")
    ours = sum(o.equal_to_expected for o in scope)
    theirs = sum(o.pandoc == o.expected for o in scope)
    print(f"  catalogue equal to the suite's expected result: {ours}")
    print(f"  pandoc direct equal to the suite's expected result: {theirs}")
    print(f"all fixtures imported: {len(outcomes)}")
    print(f"  whole-file refusals: {sum(bool(o.whole_file_refused) for o in outcomes)}")
    print(f"  items refused: {sum(o.items_refused for o in outcomes)}")
    print(f"  tracebacks: {sum(bool(o.traceback) for o in outcomes)}")
    if failures:
        lines = []
        for o in outcomes:
            if not o.equal_to_pandoc and (o.kind != "out of scope" or o.traceback):
                lines.append(f"== {o.name} ({o.kind})")
                lines.append(f"ours:   {o.ours}")
                lines.append(f"pandoc: {o.pandoc}")
                if o.whole_file_refused:
                    lines.append(f"refused: {o.whole_file_refused}")
                if o.traceback:
                    lines.append(o.traceback)
        failures.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main_run())
