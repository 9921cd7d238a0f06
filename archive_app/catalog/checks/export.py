"""The findings as a list to hand on: CSV (one row per side, so each citation is on the row of
the claim it supports; formulas neutralised) or the JSON document `check --json` prints."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from archive_app.catalog.checks.finding import Finding
from archive_app.catalog.exports.csv_export import neutralise

COLUMNS = (
    "key", "severity", "check", "message", "claim", "record", "field", "date", "citations",
    "review",
)  # fmt: skip


def _citations(citations: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{c['source']}, {c['locator_label'] or ''} {c['locator'] or ''} "
        f"(confidence {c['confidence']})".replace("  ", " ")
        for c in citations
    )


def _rows(finding: Finding) -> list[dict[str, Any]]:
    review = finding.review["note"] if finding.review else ""
    base = {"key": finding.key, "severity": finding.severity, "check": finding.check,
            "message": finding.message, "review": review}  # fmt: skip
    if not finding.sides:
        records = ", ".join(f"{r['type']} {r['id']}" for r in finding.records)
        return [{**base, "record": records}]
    return [
        {
            **base,
            "claim": side.claim,
            "record": f"{side.record['type']} {side.record['id']}",
            "field": side.field or "",
            "date": side.date or "",
            "citations": _citations(side.citations),
        }
        for side in finding.sides
    ]


def findings_csv(findings: list[Finding]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, restval="")
    writer.writeheader()
    for finding in findings:
        for row in _rows(finding):
            writer.writerow({k: neutralise(v) for k, v in row.items()})
    return out.getvalue()


def findings_document(findings: list[Finding], show_reviewed: bool = True) -> dict[str, Any]:
    """The shape of `check --json`: `reviewed` counts the quiet findings, which are listed only
    with `show_reviewed`."""
    open_ones = [f for f in findings if not (f.review and f.review["current"])]
    counts: dict[str, int] = {}
    for finding in open_ones:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    listed = findings if show_reviewed else open_ones
    return {
        "ok": not open_ones,
        "counts": counts,
        "reviewed": len(findings) - len(open_ones),
        "findings": [finding.as_dict() for finding in listed],
    }


def findings_json(findings: list[Finding]) -> str:
    return json.dumps(findings_document(findings), ensure_ascii=False, indent=2) + "\n"
