"""What-if changes: a member leaves, terms move to other months, weights or lead time
change. One parser serves the page's query string and the CLI's ``--what-if`` pairs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from scheduler_app.rotation.forms import parse_months

WEIGHT_RANGE = (1, 10)
LEAD_RANGE = (0, 104)


@dataclass(frozen=True)
class WhatIf:
    """Changes to preview against the current plan."""

    leaving: frozenset[int] = frozenset()
    weights: dict[int, int] = field(default_factory=dict)
    months: tuple[int, ...] | None = None
    lead_weeks: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.leaving or self.weights or self.months or self.lead_weeks is not None)


class WhatIfError(ValueError):
    """Bad what-if input: ``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, object]) -> None:
        super().__init__(errors)
        self.errors = errors


def pairs_to_fields(pairs: Iterable[str]) -> dict[str, list[str]]:
    """CLI ``key=value`` pairs to the page's field names and values."""
    fields: dict[str, list[str]] = {}
    for pair in pairs:
        key, _sep, value = pair.partition("=")
        fields.setdefault(key.strip(), []).append(value.strip())
    return fields


def parse_what_if(
    fields: Mapping[str, list[str]], pool_ids: set[int], terms_per_year: int
) -> WhatIf:
    """``leave=ID`` (repeatable), ``weight=ID:N`` (repeatable), ``months=3,11``,
    ``lead=WEEKS``; raises ``WhatIfError`` naming the field at fault."""
    errors: dict[str, object] = {}
    leaving: set[int] = set()
    for value in fields.get("leave", []):
        if value.isdigit() and int(value) in pool_ids:
            leaving.add(int(value))
        elif value:
            errors["leave"] = _l("Choose members of this pool.")
    weights: dict[int, int] = {}
    for value in (v for chunk in fields.get("weight", []) for v in chunk.split()):
        member, _sep, number = value.partition(":")
        if not (member.isdigit() and int(member) in pool_ids):
            errors["weight"] = _l("Choose members of this pool.")
        elif not number.isdigit() or not WEIGHT_RANGE[0] <= int(number) <= WEIGHT_RANGE[1]:
            errors["weight"] = _l("Please enter a weight from 1 to 10.")
        else:
            weights[int(member)] = int(number)
    months = None
    text = ",".join(fields.get("months", [])).strip()
    if text:
        try:
            months = tuple(parse_months(text))
        except ValueError:
            errors["months"] = _l("Please enter month numbers from 1 to 12.")
        else:
            if len(months) != terms_per_year:
                errors["months"] = _l("Please give exactly one month for each term.")
    lead = None
    text = ",".join(fields.get("lead", [])).strip()
    if text:
        if not text.isdigit() or not LEAD_RANGE[0] <= int(text) <= LEAD_RANGE[1]:
            errors["lead"] = _l("Please enter a number of weeks from 0 to 104.")
        else:
            lead = int(text)
    if errors:
        raise WhatIfError(errors)
    return WhatIf(frozenset(leaving), weights, months, lead)
