"""The schema's constraints by name, and what each means for the archivist: a refused write is
explained from the constraint's NAME, which SQLite and PostgreSQL both report, instead of from
one database's wording of its message.

New catalogues carry the names in their tables (`CONSTRAINT place_latitude CHECK (…)`); older
ones have unnamed checks, which SQLite reports by their expression and PostgreSQL by the name it
made up (`place_latitude_check`, `citation_check`), so both are mapped to the same names here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import SQL, Check, IntegrityError

from archive_app.catalog.errors import InvalidField


@dataclass(frozen=True)
class Rule:
    name: str
    table: str
    expression: str
    field: str
    reason: str
    column: str | None = None  # a column's own check (PostgreSQL names it table_column_check)


_REGION = "must lie within the image (0 to 1)"


def _region(axis: str) -> Rule:
    return Rule(
        f"photo_person_{axis}",
        "photo_person",
        f"{axis} IS NULL OR ({axis} >= 0 AND {axis} <= 1)",
        "region",
        _REGION,
        column=axis,
    )


#: every named CHECK of the schema, in the order the tables declare them
CHECKS: tuple[Rule, ...] = (
    Rule("place_latitude", "place", "latitude BETWEEN -90 AND 90", "coordinates",
         "are out of range (latitude -90 to 90)", column="latitude"),
    Rule("place_longitude", "place", "longitude BETWEEN -180 AND 180", "coordinates",
         "are out of range (longitude -180 to 180)", column="longitude"),
    _region("region_x"),
    _region("region_y"),
    _region("region_w"),
    _region("region_h"),
    Rule("photo_person_region_width", "photo_person",
         "region_x IS NULL OR region_x + region_w <= 1.000001", "region", _REGION),
    Rule("photo_person_region_height", "photo_person",
         "region_y IS NULL OR region_y + region_h <= 1.000001", "region", _REGION),
    Rule("citation_text_kind", "citation", "text_kind IN ('paraphrase', 'transcription')",
         "text_kind", "must be paraphrase or transcription", column="text_kind"),
    Rule("citation_confidence", "citation", "confidence BETWEEN 0 AND 4", "confidence",
         "must be from 0 (very low) to 4 (very high)", column="confidence"),
    Rule("citation_one_target", "citation", "", "citation",
         "must support exactly one record or link"),
    Rule("journal_action", "journal_row", "action IN ('created', 'changed', 'deleted')",
         "action", "must be created, changed or deleted", column="action"),
)  # fmt: skip

#: unique indexes (peewee names them table_column…) -> (field, reason)
UNIQUES: dict[str, tuple[str, str]] = {
    "photograph_accession_number": ("accession_number", "is already in use"),
    "tag_name": ("name", "a tag of that name already exists"),
    "person_identifier_scheme_value": ("value", "is already recorded"),
    "photo_event_photo_id_event_id": ("event", "the photograph already shows this event"),
    "photo_tag_photo_id_tag_id": ("tag", "the photograph already has this tag"),
    "saved_search_name": ("name", "a saved search of that name already exists"),
}

_BY_NAME = {rule.name: rule for rule in CHECKS}


def check(name: str, expression: str | None = None) -> Check:
    """The named Check for a model's column or Meta.constraints."""
    rule = _BY_NAME[name]
    return Check(expression or rule.expression, name=rule.name)


def table_check(name: str, expression: str) -> SQL:
    return SQL(f'CONSTRAINT "{name}" CHECK ({expression})')


def _normal(text: str) -> str:
    return " ".join(text.replace('"', "").replace("(", " ").replace(")", " ").split()).lower()


def _aliases() -> dict[str, str]:
    """Every way a database may report a rule -> the rule's name."""
    found: dict[str, str] = {}
    table_checks: dict[str, int] = {}
    for rule in CHECKS:
        found[rule.name] = rule.name
        if rule.expression:
            found[_normal(rule.expression)] = rule.name
        if rule.column:
            found[f"{rule.table}_{rule.column}_check"] = rule.name
        else:  # PostgreSQL's names for unnamed table checks: table_check, table_check1, …
            number = table_checks.get(rule.table, 0)
            found[f"{rule.table}_check{number or ''}"] = rule.name
            table_checks[rule.table] = number + 1
    return found


_ALIASES = _aliases()


def _driver_error(error: Exception) -> Exception:
    inner = error.args[0] if error.args and isinstance(error.args[0], Exception) else None
    return inner or error.__cause__ or error.__context__ or error  # type: ignore[return-value]


def explain(error: IntegrityError) -> InvalidField:
    """What a refused write means, from the constraint's name (PostgreSQL reports it in the
    error's diagnostics; SQLite in its message)."""
    driver = _driver_error(error)
    diag = getattr(driver, "diag", None)
    text = " ".join(str(driver).split())
    if diag is not None:  # PostgreSQL
        name = diag.constraint_name
        if name is None and diag.column_name and "null" in text.lower():
            return InvalidField(diag.column_name, "is required")
        return _by_name(name or "", text)
    match = re.search(r"CHECK constraint failed: (.+)$", text)
    if match:
        return _by_name(match.group(1), text)
    match = re.search(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)", text)
    if match:
        parts = [p.split(".") for p in match.group(1).split(", ")]
        return _by_name("_".join([parts[0][0], *(c for _, c in parts)]), text)
    match = re.search(r"NOT NULL constraint failed: \w+\.(\w+)", text)
    if match:
        return InvalidField(match.group(1), "is required")
    if "FOREIGN KEY" in text.upper():
        return InvalidField("link", "points at a record that does not exist")
    return InvalidField("record", text)


def _by_name(name: str, text: str) -> InvalidField:
    if name in UNIQUES:
        return InvalidField(*UNIQUES[name])
    if "foreign key" in text.lower():
        return InvalidField("link", "points at a record that does not exist")
    rule_name = _ALIASES.get(name) or _ALIASES.get(_normal(name))
    if rule_name is None and "CASE WHEN" in name.upper():  # an old catalogue's citation check
        rule_name = "citation_one_target"
    if rule_name is not None:
        rule = _BY_NAME[rule_name]
        return InvalidField(rule.field, rule.reason)
    return InvalidField("record", text)
