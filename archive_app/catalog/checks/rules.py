"""The consistency rules, declared: adding a rule is one small function over `Facts` that yields
findings, and one line here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from archive_app.catalog.checks.capture_date import capture_date
from archive_app.catalog.checks.claims import conflicting_claims, sources_disagree
from archive_app.catalog.checks.date_order import date_order
from archive_app.catalog.checks.facts import Facts
from archive_app.catalog.checks.finding import Finding
from archive_app.catalog.checks.life_span import after_death, before_birth
from archive_app.catalog.checks.order_of_life import order_of_life
from archive_app.catalog.checks.support import uncited_link, weak_support


@dataclass(frozen=True)
class Rule:
    name: str
    severity: str
    title: str
    find: Callable[[Facts], Iterable[Finding]]
    on_by_default: bool = True
    #: it reads people's lives, so a change to some people can be re-judged for them alone
    per_person: bool = False


RULES: tuple[Rule, ...] = (
    Rule("after-death", "warning", "a person in an event or photograph after their death",
         after_death, per_person=True),
    Rule("before-birth", "warning", "a person in an event or photograph before their birth",
         before_birth, per_person=True),
    Rule("order-of-life", "warning", "events of one person out of the order of a life",
         order_of_life, per_person=True),
    Rule("conflicting-claims", "warning", "two claims of a once-in-a-life event that clash",
         conflicting_claims, per_person=True),
    Rule("sources-disagree", "warning", "the same fact given different dates by different sources",
         sources_disagree, per_person=True),
    Rule("date-order", "warning", "a date that ends before it starts", date_order),
    Rule("capture-date", "warning", "a photograph's date against the capture date in its file",
         capture_date),
    Rule("weak-support", "warning", "a statement supported only by confidence-0 citations",
         weak_support),
    Rule("uncited-link", "info", "a link with no citation", uncited_link, on_by_default=False),
)  # fmt: skip

RULES_BY_NAME = {rule.name: rule for rule in RULES}
#: the names of the checks that are not rules of the evidence
FILE_CHECKS = ("integrity", "missing-file", "fixity")


def selected(names: Iterable[str] | None = None) -> list[Rule]:
    """The rules named, or those on by default."""
    if names is None:
        return [rule for rule in RULES if rule.on_by_default]
    wanted = list(names)
    unknown = [name for name in wanted if name not in RULES_BY_NAME]
    if unknown:
        from archive_app.catalog.errors import InvalidField

        raise InvalidField(
            "rule", f"no rule named {unknown[0]!r} (rules: {', '.join(RULES_BY_NAME)})"
        )
    return [RULES_BY_NAME[name] for name in wanted]
