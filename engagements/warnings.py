"""Timing rules from the guidance, as warnings on an engagement and its activities. Warnings,
not errors: a lead may have good reason (urgency) and the record shows they were told.

- Plan for at least 6 to 8 weeks before speaking to people.
- A simple survey runs for at least 30 days; a formal consultation for at least 12 weeks.
- A close date in the past (while still open) or before the open date.
- Dates inside a pre-election period or (optional data) school holidays.

No Flask and no database here."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.text import lazy

PLANNING_WEEKS = 6  # the guidance says 6 to 8: fewer than 6 is warned about
SURVEY_DAYS = 30
CONSULTATION_WEEKS = 12
PRE_ELECTION_FILE = Path(__file__).parent / "data" / "pre_election_periods.json"


@dataclass(frozen=True)
class Period:
    kind: str  # "pre_election" or "school_holiday"
    name: str
    starts_on: date
    ends_on: date

    def touches(self, start: date, end: date) -> bool:
        return start <= self.ends_on and self.starts_on <= end


@cache
def shipped_pre_election_periods() -> tuple[Period, ...]:
    content = json.loads(PRE_ELECTION_FILE.read_text(encoding="utf-8"))
    return tuple(
        Period("pre_election", p["name"], date.fromisoformat(p["starts_on"]), date.fromisoformat(p["ends_on"]))
        for p in content["periods"]
    )


@dataclass(frozen=True)
class Dated:
    """Something with dates that the rules apply to: the engagement, a survey, an activity."""

    subject: str  # e.g. the survey's title
    kind: str  # "engagement", "consultation", "survey", "session" or an activity kind
    opens: date | None
    closes: date | None
    finished: bool = False  # closed or happened: "close date in the past" no longer applies


@dataclass(frozen=True)
class Warning:
    subject: str
    message: Any  # translatable text

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def planning_warning(planning_starts: date | None, first_fieldwork: date | None) -> list[Any]:
    if planning_starts is None or first_fieldwork is None:
        return []
    weeks = (first_fieldwork - planning_starts).days / 7
    if weeks < PLANNING_WEEKS:
        return [
            lazy(
                "Fieldwork starts %(weeks)d weeks after planning starts: the guidance is to allow at least 6 to 8 "
                "weeks to plan and prepare before speaking to people.",
                weeks=int(weeks) if weeks > 0 else 0,
            )
        ]
    return []


def length_warnings(item: Dated) -> list[Any]:
    if item.opens is None or item.closes is None or item.closes < item.opens:
        return []
    days = (item.closes - item.opens).days
    if item.kind == "consultation" and days < CONSULTATION_WEEKS * 7:
        return [
            lazy(
                "It runs for %(days)d days: a formal consultation should run for at least 12 weeks (84 days).",
                days=days,
            )
        ]
    if item.kind == "survey" and days < SURVEY_DAYS:
        return [lazy("It runs for %(days)d days: a survey should run for at least 30 days.", days=days)]
    return []


def date_order_warnings(item: Dated, today: date) -> list[Any]:
    if item.opens is not None and item.closes is not None and item.closes < item.opens:
        return [lazy("The close date is before the open date.")]
    if item.closes is not None and item.closes < today and not item.finished:
        return [lazy("The close date is in the past but it is not marked as finished.")]
    return []


def period_warnings(item: Dated, periods: Iterable[Period]) -> list[Any]:
    start = item.opens or item.closes
    end = item.closes or item.opens
    if start is None or end is None or end < start:
        return []
    found: list[Any] = []
    for period in periods:
        if not period.touches(start, end):
            continue
        if period.kind == "pre_election":
            found.append(
                lazy(
                    "Its dates fall in the pre-election period before %(name)s (%(starts)s to %(ends)s): "
                    "engagement and communication are restricted then.",
                    name=period.name,
                    starts=period.starts_on.isoformat(),
                    ends=period.ends_on.isoformat(),
                )
            )
        else:
            found.append(
                lazy(
                    "Its dates fall in %(name)s (%(starts)s to %(ends)s): families with children may be away.",
                    name=period.name,
                    starts=period.starts_on.isoformat(),
                    ends=period.ends_on.isoformat(),
                )
            )
    return found


def warnings_for(
    engagement: Dated,
    planning_starts: date | None,
    parts: Sequence[Dated],
    periods: Iterable[Period],
    today: date,
) -> list[Warning]:
    """Every timing warning for an engagement (its own dates first) and its surveys and activities."""
    periods = tuple(periods)
    starts = [d for d in (engagement.opens, *(p.opens for p in parts)) if d is not None]
    found = [Warning(engagement.subject, m) for m in planning_warning(planning_starts, min(starts, default=None))]
    for item in (engagement, *parts):
        messages = [*length_warnings(item), *date_order_warnings(item, today), *period_warnings(item, periods)]
        found.extend(Warning(item.subject, message) for message in messages)
    return found
