"""Workshops as plain data: the fixed lists (roles, statuses, accessibility features) and
the validation every write goes through. No Flask and no database here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from toolkit.text import lazy

NOTE_MAX_LENGTH = 2000
ACTION_MAX_LENGTH = 2000
DEFAULT_DOTS = 3
MAX_DOTS = 10
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

AUTHOR_KINDS = ("facilitator", "participant")

# (column on workshop_session, label)
ACCESSIBILITY_FEATURES: tuple[tuple[str, Any], ...] = (
    ("step_free", lazy("Step-free access")),
    ("hearing_loop", lazy("Hearing loop")),
    ("accessible_toilets", lazy("Accessible toilets")),
    ("near_public_transport", lazy("Near public transport")),
    ("quiet_room", lazy("Quiet room")),
)

ATTENDANCE_ROLES: tuple[tuple[str, Any], ...] = (
    ("public", lazy("Public or patient")),
    ("carer", lazy("Carer")),
    ("vcfse", lazy("Voluntary, community, faith or social enterprise (VCFSE)")),
    ("staff", lazy("Staff")),
    ("other", lazy("Other")),
)

ACTION_STATUSES: tuple[tuple[str, Any], ...] = (
    ("agreed", lazy("Agreed")),
    ("in_progress", lazy("In progress")),
    ("done", lazy("Done")),
    ("not_possible", lazy("Not possible")),
)

EXPENSE_STATUSES: tuple[tuple[str, Any], ...] = (
    ("owed", lazy("Owed")),
    ("paid", lazy("Paid")),
    ("declined", lazy("Declined by the participant")),
)


def label_for(choices: tuple[tuple[str, Any], ...], value: str) -> str:
    return next((str(label) for key, label in choices if key == value), value)


class WorkshopError(ValueError):
    """Input that cannot be stored, with every problem listed (translatable text)."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class NoteDraft:
    """A note as typed, before it is stored."""

    text: str
    idempotency_key: str
    author_kind: str = "facilitator"
    table_id: int | None = None
    topic_id: int | None = None
    no_quote: bool = False  # the participant said "do not quote my words"


def clean_text(text: str) -> str:
    """Trim the ends and normalise line endings; the words themselves are kept as said."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def note_problems(draft: NoteDraft) -> list[Any]:
    problems: list[Any] = []
    text = clean_text(draft.text)
    if not text:
        problems.append(lazy("Enter the note"))
    elif len(text) > NOTE_MAX_LENGTH:
        problems.append(lazy("A note must be %(max)d characters or fewer", max=NOTE_MAX_LENGTH))
    if not IDEMPOTENCY_KEY.match(draft.idempotency_key):
        problems.append(lazy("This note could not be sent: reload the page and try again"))
    if draft.author_kind not in AUTHOR_KINDS:
        problems.append(lazy("Unknown kind of author"))
    return problems


@dataclass(frozen=True)
class ActionDraft:
    what: str
    owner: str
    status: str = "agreed"
    reason: str = ""
    due_on: date | None = None
    agreed_by_group: bool = False
    theme_ids: tuple[int, ...] = ()
    note_ids: tuple[int, ...] = ()
    round_id: int | None = None  # the vote round it came from


def action_problems(draft: ActionDraft) -> list[Any]:
    problems: list[Any] = []
    if not clean_text(draft.what):
        problems.append(lazy("Enter what will be done"))
    elif len(draft.what) > ACTION_MAX_LENGTH:
        problems.append(lazy("An action must be %(max)d characters or fewer", max=ACTION_MAX_LENGTH))
    if not clean_text(draft.owner):
        problems.append(lazy("Enter who owns the action: a role or an organisation"))
    if draft.status not in dict(ACTION_STATUSES):
        problems.append(lazy("Select a status"))
    if draft.status == "not_possible" and not clean_text(draft.reason):
        problems.append(lazy("Explain why the action is not possible"))
    return problems


@dataclass(frozen=True)
class SessionDetails:
    title: str
    starts_at: Any = None  # datetime | None
    venue: str = ""
    online_link: str = ""
    accessibility: frozenset[str] = field(default_factory=frozenset)
    interpreter_needs: str = ""
    facilitators: str = ""
    capacity: int | None = None
    ends_at: Any = None  # datetime | None: the finish time, on the day it starts

    def columns(self) -> dict[str, Any]:
        """The values as workshop_session columns."""
        values: dict[str, Any] = {
            "title": clean_text(self.title),
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "venue": clean_text(self.venue),
            "online_link": clean_text(self.online_link),
            "interpreter_needs": clean_text(self.interpreter_needs),
            "facilitators": clean_text(self.facilitators),
            "capacity": self.capacity,
        }
        values.update({key: key in self.accessibility for key, _label in ACCESSIBILITY_FEATURES})
        return values


def session_problems(details: SessionDetails) -> list[Any]:
    problems: list[Any] = []
    if not clean_text(details.title):
        problems.append(lazy("Enter a title for the session"))
    if not clean_text(details.venue) and not clean_text(details.online_link):
        problems.append(lazy("Enter a venue or an online link"))
    link = clean_text(details.online_link)
    if link and not link.startswith("https://"):
        problems.append(lazy("An online link must start with https://"))
    unknown = details.accessibility - {key for key, _label in ACCESSIBILITY_FEATURES}
    if unknown:
        problems.append(lazy("Unknown accessibility feature"))
    if details.capacity is not None and details.capacity < 1:
        problems.append(lazy("Capacity must be 1 or more"))
    if details.ends_at is not None and (details.starts_at is None or details.ends_at <= details.starts_at):
        problems.append(lazy("The finish time must be after the start time"))
    return problems


def require(problems: list[Any]) -> None:
    if problems:
        raise WorkshopError(problems)


MOVE_DIRECTIONS = ("up", "down")


def moved(ids: list[int], item_id: int, direction: str) -> list[int]:
    """The order after moving one item up or down a place; unchanged at either end."""
    if item_id not in ids or direction not in MOVE_DIRECTIONS:
        raise WorkshopError([lazy("Choose a topic from this guide and a direction")])
    order = list(ids)
    index = order.index(item_id)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    return order
