"""The citation engine: CSL-JSON items + a CSL style -> formatted bibliography entries and notes.

The formatting is done by pandoc's citeproc (shipped inside the `pypandoc-binary` wheel), which
gives the same text as citeproc-js, the engine inside Zotero, where citeproc-py does not (wrong
initials, stray terms, punctuation outside quotes, unsorted lists). The tests hold reference
outputs made by citeproc-js for every item type an archive meets, in the five top styles.

Two gaps are closed here. citeproc-js prints a numeric range in a number variable with an en
dash (`Pamphlet nos. 20–261a`) where pandoc keeps the hyphen, so `engine_items` gives pandoc the
en dash. And pandoc reads a locator's label and value back out of a suffix and calls
a locator with a space in it plural ("figs. lead image caption"), where citeproc-js decides by
its numbers ("fig. lead image caption", "paras. 8 and 9"). `locator_is_plural` follows
citeproc-js, and a locator that must stay singular reaches pandoc with its spaces and
separators swapped for private-use characters, which the renderers swap back.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_app.catalog.sources import pandoc_runner
from archive_app.catalog.sources.inlines import SENTINELS, to_html, to_text
from archive_app.catalog.sources.styles import Style
from archive_app.catalog.text_rules import printable

#: CSL locator labels pandoc can be told (its locator terms); others are printed as written.
LOCATOR_LABELS: tuple[str, ...] = (
    "page",
    "paragraph",
    "figure",
    "folio",
    "section",
    "chapter",
    "column",
    "line",
    "note",
    "part",
    "verse",
    "volume",
    "book",
    "issue",
    "opus",
    "sub verbo",
)
_LABEL_ALIASES = {
    "para": "paragraph",
    "para.": "paragraph",
    "p.": "page",
    "pp.": "page",
    "fig.": "figure",
    "fol.": "folio",
    "sub-verbo": "sub verbo",
    "s.v.": "sub verbo",
}
#: no language asked for: the style's own `default-locale`, else en-US (as in Zotero).
DEFAULT_LANG: str | None = None

_TO_SENTINEL = str.maketrans({v: k for k, v in SENTINELS.items()})
_BRACES_ONLY = str.maketrans({v: k for k, v in SENTINELS.items() if v in "{}[]"})
_NUMERIC = r"(?:[A-Za-z]*\d+[A-Za-z]*|[ivxlcdmIVXLCDM]+)"
#: a list or range after the first number; "and" in any language (`213 et 235`, `8 und 9`) is a
#: word between two numbers, as citeproc-js reads the locale's own "and".
_PLURAL = re.compile(
    rf"^\s*{_NUMERIC}\s*(?:,|;|&|\band\b|-|–|\s[^\W\d_]+\s+{_NUMERIC}\s*(?:$|[,;&]))"
)


#: number variables in which citeproc-js turns a hyphenated numeric range into an en dash.
RANGE_VARIABLES = ("number", "volume", "issue", "collection-number", "chapter-number", "part")
_NUMBER_RANGE = re.compile(r"^([A-Za-z]*\d+[A-Za-z]*)\s*-\s*([A-Za-z]*\d+[A-Za-z]*)$")


def engine_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items as pandoc must see them to print what citeproc-js prints (see above)."""
    result = []
    for item in items:
        changed = dict(item)
        for variable in RANGE_VARIABLES:
            value = item.get(variable)
            if isinstance(value, str):
                changed[variable] = _NUMBER_RANGE.sub(r"\1–\2", value.strip())
        result.append(changed)
    return result


def engine_ids(items: list[dict[str, Any]]) -> dict[str, str]:
    """The id each item has in the engine: the id it came with (`custom["original-id"]`) when
    no other item has it, else its own. Pandoc breaks ties in sorting and gives year suffixes
    (2000a, 2000b) in the order of the ids, so the ids a file came with decide, as they do
    when pandoc reads that file directly."""
    own = [str(item["id"]) for item in items]
    originals = []
    for item in items:
        custom = item.get("custom")
        original = custom.get("original-id") if isinstance(custom, dict) else None
        originals.append(str(original) if original not in (None, "") else None)
    taken = Counter(o for o in originals if o) + Counter(own)
    return {
        ours: original if original is not None and taken[original] == 1 else ours
        for ours, original in zip(own, originals, strict=True)
    }


@dataclass(frozen=True)
class Cite:
    """One citation of one item: the CSL-JSON id, and an optional locator with its label."""

    item_id: str
    label: str | None = None
    locator: str | None = None


@dataclass
class Entry:
    """One formatted bibliography entry or note, as pandoc inlines."""

    inlines: list[dict[str, Any]]
    item_id: str | None = None

    @property
    def text(self) -> str:
        return to_text(self.inlines)

    @property
    def html(self) -> str:
        return to_html(self.inlines)


@dataclass
class Rendered:
    """What a style made of a request: the bibliography and each citation, in order."""

    bibliography: list[Entry] = field(default_factory=list)
    citations: list[Entry] = field(default_factory=list)


def normal_label(label: str | None) -> str | None:
    if not label:
        return None
    cleaned = label.strip().casefold()
    cleaned = _LABEL_ALIASES.get(cleaned, cleaned)
    return cleaned if cleaned in LOCATOR_LABELS else None


def locator_is_plural(locator: str) -> bool:
    """citeproc-js's reading: plural when the locator opens with a number followed by a list
    or range separator (`8, 9`, `8 and 9`, `213 et 235`, `3r–4v`, `iv, vi`), singular
    otherwise."""
    return bool(_PLURAL.match(locator))


def _suffix(cite: Cite) -> list[dict[str, Any]]:
    """The citation suffix from which pandoc reads the locator: `{label locator}`."""
    if not cite.locator:
        return []
    label = normal_label(cite.label)
    locator = " ".join(cite.locator.split())
    if label is None:
        # Printed as written: a first word without digits stops pandoc reading a locator.
        words = [w.translate(_TO_SENTINEL) for w in (cite.label or "").split()]
        inlines: list[dict[str, Any]] = [{"t": "Str", "c": ","}]
        for word in [*words, locator.translate(_TO_SENTINEL)]:
            inlines += [{"t": "Space"}, {"t": "Str", "c": word}]
        return inlines
    if locator_is_plural(locator):
        encoded = locator.translate(_BRACES_ONLY)
    else:
        encoded = locator.translate(_TO_SENTINEL)
    return [{"t": "Str", "c": "{" + label + " " + encoded + "}"}]


def _cite_node(cite: Cite, number: int) -> dict[str, Any]:
    citation = {
        "citationId": cite.item_id,
        "citationPrefix": [],
        "citationSuffix": _suffix(cite),
        "citationMode": {"t": "NormalCitation"},
        "citationNoteNum": number,
        "citationHash": 0,
    }
    return {"t": "Cite", "c": [[citation], [{"t": "Str", "c": f"[@{cite.item_id}]"}]]}


def _meta(with_bibliography: bool, lang: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"lang": {"t": "MetaString", "c": lang}} if lang else {}
    if with_bibliography:
        star = _cite_node(Cite("*"), 0)
        meta["nocite"] = {"t": "MetaInlines", "c": [star]}
    else:
        meta["suppress-bibliography"] = {"t": "MetaBool", "c": True}
    return meta


def render(
    items: list[dict[str, Any]],
    style: Style,
    cites: list[Cite] | None = None,
    bibliography: bool = True,
    lang: str | None = DEFAULT_LANG,
) -> Rendered:
    """Format `items` in `style`: the bibliography of all of them (when asked) and each of
    `cites` as a note (note styles) or an in-text citation, in document order. `lang` (a
    locale such as `de-DE`) overrides the style's `default-locale`."""
    items = printable(items)  # no control character reaches a writer (text_rules.py)
    to_engine = engine_ids(items)
    items = [{**item, "id": to_engine[str(item["id"])]} for item in items]
    cites = [
        Cite(to_engine.get(c.item_id, c.item_id), printable(c.label), printable(c.locator))
        for c in cites or []
    ]
    to_ours = {engine: ours for ours, engine in to_engine.items()}
    blocks: list[dict[str, Any]] = [
        {"t": "Para", "c": [_cite_node(cite, number)]} for number, cite in enumerate(cites, 1)
    ]
    blocks.append({"t": "Div", "c": [["refs", [], []], []]})
    with tempfile.TemporaryDirectory(prefix="archive-app-cite-") as folder:
        data = Path(folder) / "items.json"
        data.write_text(json.dumps(engine_items(items), ensure_ascii=False), encoding="utf-8")
        tree = pandoc_runner.run_on_tree(
            pandoc_runner.document(blocks, _meta(bibliography, lang)),
            ["--citeproc", f"--bibliography={data}", f"--csl={style.path}"],
        )
    entries = _entries(tree["blocks"]) if bibliography else []
    for entry in entries:
        entry.item_id = to_ours.get(entry.item_id or "", entry.item_id)
    return Rendered(
        bibliography=entries,
        citations=[_citation(block) for block in tree["blocks"][: len(cites)]],
    )


def _citation(block: dict[str, Any]) -> Entry:
    """The formatted text of the one Cite in a paragraph (a note's text for note styles)."""
    for node in block.get("c", []):
        if node.get("t") == "Cite":
            return Entry(_unwrap_notes(node["c"][1]))
    return Entry([])


def _unwrap_notes(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for node in inlines:
        if node.get("t") == "Note":
            for block in node["c"]:
                result.extend(block.get("c", []))
        else:
            result.append(node)
    return result


def _entries(blocks: list[dict[str, Any]]) -> list[Entry]:
    for block in blocks:
        if block.get("t") == "Div" and block["c"][0][0] == "refs":
            entries = []
            for child in block["c"][1]:
                (identifier, _classes, _attributes), inner = child["c"]
                inlines: list[dict[str, Any]] = []
                for paragraph in inner:
                    if inlines:
                        inlines.append({"t": "Space"})
                    inlines.extend(_block_inlines(paragraph))
                entries.append(Entry(inlines, identifier.removeprefix("ref-")))
            return entries
    return []


def _block_inlines(block: dict[str, Any]) -> list[dict[str, Any]]:
    if block.get("t") in ("Para", "Plain"):
        return block["c"]
    if block.get("t") == "Div":
        (_id, classes, _attributes), inner = block["c"]
        content: list[dict[str, Any]] = []
        for child in inner:
            content.extend(_block_inlines(child))
        return [{"t": "Span", "c": [["", classes, []], content]}]
    return []
