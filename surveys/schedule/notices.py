"""Which notification emails a survey's state calls for (plain Python: no Flask, no database).

Each notice has a key that names the event, so the outbox sends it once however often the
scheduled check runs: a survey going live, closing, being 7 days from closing, reaching its
response target, or passing 100, 500 or 1,000 responses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

MILESTONES = (100, 500, 1000)
CLOSING_SOON_DAYS = 7
# A survey that went live or closed longer ago than this is old news (e.g. when this feature arrives).
RECENT_DAYS = 7


@dataclass(frozen=True)
class SurveyFacts:
    id: int
    title: str
    status: str  # "draft", "live" or "closed"
    opens_on: date | None
    closes_on: date | None
    response_target: int | None
    responses: int
    published_on: date | None  # when its first version was published
    changed_on: date  # when the survey row last changed (closing it changes it)


@dataclass(frozen=True)
class Notice:
    key: str
    subject: str
    lead: str


Translate = Callable[..., str]


def notices(facts: SurveyFacts, today: date, _: Translate) -> list[Notice]:
    """Every notice the survey's state calls for today; `_` translates (gettext with %(name)s)."""
    found = [*_status_notices(facts, today, _), *_count_notices(facts, _)]
    return found


def _status_notices(facts: SurveyFacts, today: date, _: Translate) -> list[Notice]:
    title, found = facts.title, []
    recent = today - timedelta(days=RECENT_DAYS)
    opened = max(d for d in (facts.opens_on, facts.published_on) if d is not None) if facts.published_on else None
    if facts.status == "live" and opened is not None and recent <= opened <= today:
        found.append(
            Notice(
                f"survey:{facts.id}:live:{opened.isoformat()}",
                _("Now open: %(title)s", title=title),
                _("The survey is open to the public and taking responses."),
            )
        )
    if facts.status == "live" and facts.closes_on and 0 < (facts.closes_on - today).days <= CLOSING_SOON_DAYS:
        days = (facts.closes_on - today).days
        found.append(
            Notice(
                f"survey:{facts.id}:closing:{facts.closes_on.isoformat()}",
                _("Closes in %(days)s days: %(title)s", days=days, title=title),
                _(
                    "The survey closes on %(date)s. It has %(count)s responses so far.",
                    date=facts.closes_on.isoformat(),
                    count=facts.responses,
                ),
            )
        )
    if facts.status == "closed" and facts.changed_on >= recent:
        found.append(
            Notice(
                f"survey:{facts.id}:closed:{facts.changed_on.isoformat()}",
                _("Closed: %(title)s", title=title),
                _("The survey has closed with %(count)s responses.", count=facts.responses),
            )
        )
    return found


def _count_notices(facts: SurveyFacts, _: Translate) -> list[Notice]:
    if facts.status == "draft":
        return []
    found = []
    if facts.response_target and facts.responses >= facts.response_target:
        found.append(
            Notice(
                f"survey:{facts.id}:target:{facts.response_target}",
                _("Target reached: %(title)s", title=facts.title),
                _(
                    "The survey has reached its target of %(target)s responses: it has %(count)s.",
                    target=facts.response_target,
                    count=facts.responses,
                ),
            )
        )
    passed = [milestone for milestone in MILESTONES if facts.responses >= milestone]
    if passed:  # the highest only: one email for a survey that passed several since the last check
        found.append(
            Notice(
                f"survey:{facts.id}:responses:{passed[-1]}",
                _("%(count)s responses: %(title)s", count=passed[-1], title=facts.title),
                _("The survey has passed %(count)s responses.", count=passed[-1]),
            )
        )
    return found
