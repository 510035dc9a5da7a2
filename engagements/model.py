"""Engagements as plain data: the fixed lists (levels, kinds of activity), the details a lead
records and the checks every write goes through. No Flask and no database here."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from toolkit.text import lazy

Choices = tuple[tuple[str, Any], ...]

TITLE_MAX = 200
TEXT_MAX = 5000
COMMENT_MAX = 5000

KINDS: Choices = (
    ("engagement", lazy("Engagement (no formal consultation)")),
    ("consultation", lazy("Formal consultation")),
)

STATUSES: Choices = (
    ("planning", lazy("Planning")),
    ("launched", lazy("Launched")),
    ("closed", lazy("Closed")),
)

# The levels of engagement, from the least to the most power shared.
LEVELS: Choices = (
    ("inform", lazy("Inform")),
    ("listen", lazy("Listen")),
    ("discuss", lazy("Discuss")),
    ("collaborate", lazy("Collaborate, co-design or co-produce")),
    ("empower", lazy("Empower")),
)

SYSTEM_LEVELS: Choices = (
    ("neighbourhood", lazy("Neighbourhood or primary care network (PCN)")),
    ("place", lazy("Place")),
    ("system", lazy("System (the whole integrated care system)")),
)

DUTY_ANSWERS: Choices = (
    ("yes", lazy("Yes, the duty to involve applies")),
    ("no", lazy("No, the duty to involve does not apply")),
)

ACTIVITY_KINDS: Choices = (
    ("drop_in", lazy("Drop-in event")),
    ("group_meeting", lazy("Meeting with a group")),
    ("listening_event", lazy("Listening event")),
    ("correspondence", lazy("Letters and emails received")),
    ("social_media", lazy("Social media comments")),
    ("readers_panel", lazy("Readers' panel review")),
    ("petition", lazy("Petition")),
)


def label_for(choices: Choices, value: str) -> str:
    return next((str(label) for key, label in choices if key == value), value)


class EngagementError(ValueError):
    """Input that cannot be stored, with every problem listed (translatable text)."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def require(problems: list[Any]) -> None:
    if problems:
        raise EngagementError(problems)


def clean_text(text: str | None) -> str:
    """Trim the ends and normalise line endings; the words themselves are kept as written."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class EngagementDetails:
    """Everything a lead records about an engagement (the columns of `engagement` staff edit)."""

    title: str
    description: str = ""
    kind: str = "engagement"
    decision: str = ""
    decision_maker: str = ""
    decision_on: date | None = None
    level: str = ""
    system_level: str = ""
    objectives: str = ""
    already_known: str = ""
    related_ids: tuple[int, ...] = ()
    in_scope: str = ""
    out_of_scope: str = ""
    audiences: str = ""
    stakeholders: str = ""
    seldom_heard: str = ""
    budget_pence: int | None = None
    planning_starts_on: date | None = None
    planned_opens_on: date | None = None
    planned_closes_on: date | None = None
    actual_opens_on: date | None = None
    actual_closes_on: date | None = None
    report_due_on: date | None = None
    duty_applies: str = ""
    duty_reasoning: str = ""

    def columns(self) -> dict[str, Any]:
        values = asdict(self)
        for key, value in values.items():
            if isinstance(value, str):
                values[key] = clean_text(value)
        values["related_ids"] = sorted(set(self.related_ids))
        return values


TEXT_FIELDS = (
    "description",
    "decision",
    "objectives",
    "already_known",
    "in_scope",
    "out_of_scope",
    "audiences",
    "stakeholders",
    "seldom_heard",
    "duty_reasoning",
)


def engagement_problems(details: EngagementDetails, own_id: int | None = None) -> list[Any]:
    problems: list[Any] = []
    if not clean_text(details.title):
        problems.append(lazy("Enter a title for the engagement"))
    elif len(clean_text(details.title)) > TITLE_MAX:
        problems.append(lazy("The title must be %(max)d characters or fewer", max=TITLE_MAX))
    if any(len(getattr(details, name)) > TEXT_MAX for name in TEXT_FIELDS):
        problems.append(lazy("Each answer must be %(max)d characters or fewer", max=TEXT_MAX))
    for value, choices, message in (
        (details.kind, KINDS, lazy("Select whether it is a formal consultation")),
        (details.level, LEVELS, lazy("Select a level of engagement")),
        (details.system_level, SYSTEM_LEVELS, lazy("Select the level of the system")),
        (details.duty_applies, DUTY_ANSWERS, lazy("Select whether the duty to involve applies")),
    ):
        if value and value not in dict(choices):
            problems.append(message)
    if details.duty_applies and not clean_text(details.duty_reasoning):
        problems.append(lazy("Explain why the duty to involve does or does not apply"))
    if details.budget_pence is not None and details.budget_pence < 0:
        problems.append(lazy("The budget must be £0 or more"))
    if own_id is not None and own_id in details.related_ids:
        problems.append(lazy("An engagement cannot build on itself"))
    if _before(details.planned_closes_on, details.planned_opens_on) or _before(
        details.actual_closes_on, details.actual_opens_on
    ):
        problems.append(lazy("The close date must be on or after the open date"))
    return problems


def _before(later: date | None, earlier: date | None) -> bool:
    return later is not None and earlier is not None and later < earlier


@dataclass(frozen=True)
class ActivityDetails:
    kind: str
    title: str
    place: str = ""
    planned_starts_on: date | None = None
    planned_ends_on: date | None = None
    actual_starts_on: date | None = None
    actual_ends_on: date | None = None
    people_reached: int | None = None
    who_reached: str = ""
    notes: str = ""

    def columns(self) -> dict[str, Any]:
        values = asdict(self)
        for key, value in values.items():
            if isinstance(value, str):
                values[key] = clean_text(value)
        # A one-day activity: the end is the start unless said otherwise.
        values["planned_ends_on"] = self.planned_ends_on or self.planned_starts_on
        values["actual_ends_on"] = self.actual_ends_on or self.actual_starts_on
        return values


def activity_problems(details: ActivityDetails) -> list[Any]:
    problems: list[Any] = []
    if details.kind not in dict(ACTIVITY_KINDS):
        problems.append(lazy("Select what kind of activity it is"))
    if not clean_text(details.title):
        problems.append(lazy("Enter a name for the activity"))
    elif len(clean_text(details.title)) > TITLE_MAX:
        problems.append(lazy("The name must be %(max)d characters or fewer", max=TITLE_MAX))
    if details.planned_starts_on is None and details.actual_starts_on is None:
        problems.append(lazy("Enter the planned date or the date it happened"))
    if _before(details.planned_ends_on, details.planned_starts_on) or _before(
        details.actual_ends_on, details.actual_starts_on
    ):
        problems.append(lazy("The end date must be on or after the start date"))
    if details.people_reached is not None and details.people_reached < 0:
        problems.append(lazy("The number of people reached must be 0 or more"))
    return problems


def comment_problems(text: str) -> list[Any]:
    cleaned = clean_text(text)
    if not cleaned:
        return [lazy("Enter the comment")]
    if len(cleaned) > COMMENT_MAX:
        return [lazy("A comment must be %(max)d characters or fewer", max=COMMENT_MAX)]
    return []


def comments_from_block(block: str) -> list[str]:
    """Several comments pasted at once, one per paragraph (a blank line between them)."""
    paragraphs = clean_text(block).split("\n\n")
    return [p.strip() for p in paragraphs if p.strip()]


@dataclass(frozen=True)
class SignOff:
    """Who signed off the legal-duty assessment, and when."""

    name: str
    on: date


@dataclass(frozen=True)
class DutyAssessment:
    applies: str
    reasoning: str
    signed_off: SignOff | None = None

    @property
    def complete(self) -> bool:
        return bool(self.applies and clean_text(self.reasoning) and self.signed_off)


def sign_off_problems(assessment: DutyAssessment) -> list[Any]:
    if not assessment.applies or not clean_text(assessment.reasoning):
        return [lazy("Record whether the duty to involve applies, and why, before signing it off")]
    return []


@dataclass(frozen=True)
class Summary:
    """Counts for the engagement page."""

    surveys: int = 0
    responses: int = 0
    sessions: int = 0
    participants: int = 0
    activities: int = 0
    reached: int = 0
    comments: int = 0
