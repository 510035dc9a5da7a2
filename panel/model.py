"""The citizens' panel as plain data: statuses, contact methods and formats, the consent wording
and its versions, and the rules every write goes through (contact details, who may be invited,
when consent is due for renewal). No Flask and no database here."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from toolkit.text import lazy


class MemberStatus(enum.StrEnum):
    PENDING = "pending"  # joined, not yet confirmed (double opt-in, or staff for postal joiners)
    CONFIRMED = "confirmed"  # counts as a member; may be invited unless paused or resting
    LEFT = "left"  # contact details and profile erased; an anonymous row for the counts


class ContactMethod(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"
    POST = "post"


class Format(enum.StrEnum):
    STANDARD = "standard"
    LARGE_PRINT = "large_print"
    EASY_READ = "easy_read"


class JoinSource(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    PHONE = "phone"
    IMPORT = "import"


class LeaveReason(enum.StrEnum):
    LEFT = "left"  # the member chose to leave
    RENEWAL_LAPSED = "renewal_lapsed"  # did not answer the consent renewal and its reminders
    REMOVED_BY_STAFF = "removed_by_staff"
    NEVER_CONFIRMED = "never_confirmed"  # the confirmation link expired unused


class ConsentEvent(enum.StrEnum):
    JOINED = "joined"
    CONFIRMED = "confirmed"
    RENEWED = "renewed"
    PAUSED = "paused"
    RESUMED = "resumed"
    UPDATED = "updated"
    LEFT = "left"
    REMOVED = "removed"


CONTACT_METHODS: tuple[tuple[str, Any], ...] = (
    (ContactMethod.EMAIL, lazy("By email")),
    (ContactMethod.SMS, lazy("By text message to a mobile phone")),
    (ContactMethod.POST, lazy("By post")),
)

FORMATS: tuple[tuple[str, Any], ...] = (
    (Format.STANDARD, lazy("Standard")),
    (Format.LARGE_PRINT, lazy("Large print")),
    (Format.EASY_READ, lazy("Easy read")),
)

STATUS_LABELS: dict[str, Any] = {
    MemberStatus.PENDING: lazy("Waiting for confirmation"),
    MemberStatus.CONFIRMED: lazy("Member"),
    MemberStatus.LEFT: lazy("Left"),
}

SOURCES: tuple[tuple[str, Any], ...] = (
    (JoinSource.ONLINE, lazy("Online")),
    (JoinSource.PAPER, lazy("On paper")),
    (JoinSource.PHONE, lazy("By phone")),
    (JoinSource.IMPORT, lazy("Imported")),
)

# The consent wording, by version. A new version is added, never edited: each member's consent
# records the version they agreed to, and the join page shows the panel's current one.
CONSENT_WORDINGS: dict[str, Any] = {
    "2026-1": lazy(
        "I agree to join the citizens' panel. I understand that the NHS team running it will keep my "
        "contact details to invite me to surveys and events, no more than a few times a year, by the "
        "method I choose. My equality answers, if I give them, are used only to keep the panel "
        "representative and are only ever reported as anonymous totals. I can pause or leave at any "
        "time from my personal link, and when I leave my contact details are deleted straight away. "
        "I will be asked every year whether I want to stay."
    ),
}
CURRENT_CONSENT_VERSION = "2026-1"

# How long a double opt-in link works, and how long a pause may be.
CONFIRM_LINK_DAYS = 7
MAX_PAUSE_DAYS = 366

NAME_MAX = 200
ADDRESS_MAX = 1000
EMAIL_MAX = 320
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A UK mobile number: 07xxx xxxxxx, +447xxx xxxxxx or 00447...; spaces, dashes and brackets ignored.
UK_MOBILE = re.compile(r"^(?:\+44|0044|0)(7\d{9})$")
FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


class PanelError(ValueError):
    """Input that cannot be stored, with every problem listed (translatable text), keyed by field."""

    def __init__(self, problems: Mapping[str, Any]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = dict(problems)


def label_for(choices: tuple[tuple[str, Any], ...], value: str) -> str:
    return next((str(label) for key, label in choices if key == value), value)


def consent_wording(version: str) -> Any:
    return CONSENT_WORDINGS.get(version, CONSENT_WORDINGS[CURRENT_CONSENT_VERSION])


# --- contact details ---------------------------------------------------------------------------------


def normalise_email(text: str | None) -> str | None:
    """Lower-cased and trimmed; None when blank. Raises PanelError when it is not an address."""
    tidy = (text or "").strip().lower()
    if not tidy:
        return None
    if len(tidy) > EMAIL_MAX or not EMAIL.match(tidy):
        raise PanelError({"email": lazy("Enter an email address in the correct format, like name@example.com")})
    return tidy


def normalise_mobile(text: str | None) -> str | None:
    """A UK mobile number in E.164 form (+447...); None when blank. Raises PanelError otherwise."""
    digits = re.sub(r"[\s()\-.]", "", text or "")
    if not digits:
        return None
    match = UK_MOBILE.match(digits)
    if not match:
        raise PanelError({"phone": lazy("Enter a UK mobile number, like 07700 900 982")})
    return "+44" + match.group(1)


def normalise_postcode(text: str | None) -> str:
    """A full postcode tidied ("pr71aa" -> "PR7 1AA"); "" when blank. Raises PanelError otherwise."""
    tidy = re.sub(r"\s+", "", (text or "").upper())
    if not tidy:
        return ""
    match = FULL_POSTCODE.match(tidy)
    if not match:
        raise PanelError({"postcode": lazy("Enter a full postcode, like PR7 1AA")})
    return f"{match.group(1)} {match.group(2)}"


@dataclass(frozen=True)
class Contact:
    """A member's contact details, validated and normalised: the only personal data of the panel."""

    name: str = ""
    email: str | None = None
    phone: str | None = None
    address: str = ""
    postcode: str = ""

    def reaches(self, method: str) -> bool:
        if method == ContactMethod.EMAIL:
            return self.email is not None
        if method == ContactMethod.SMS:
            return self.phone is not None
        return bool(self.name and self.address and self.postcode)


def contact_from(data: Mapping[str, Any], method: str) -> Contact:
    """Validate typed contact details for the chosen contact method; PanelError lists every problem."""
    problems: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for key, normalise in (("email", normalise_email), ("phone", normalise_mobile), ("postcode", normalise_postcode)):
        try:
            values[key] = normalise(data.get(key))
        except PanelError as error:
            problems.update(error.problems)
    name = " ".join(str(data.get("name") or "").split())[:NAME_MAX]
    address = str(data.get("address") or "").strip()[:ADDRESS_MAX]
    contact = Contact(name, values.get("email"), values.get("phone"), address, values.get("postcode") or "")
    if method not in {m for m, _ in CONTACT_METHODS}:
        problems["contact_method"] = lazy("Select how you would like us to contact you")
    elif not problems and not contact.reaches(method):
        problems.update(_missing_for(method))
    if problems:
        raise PanelError(problems)
    return contact


def _missing_for(method: str) -> dict[str, Any]:
    if method == ContactMethod.EMAIL:
        return {"email": lazy("Enter your email address, or choose another way to hear from us")}
    if method == ContactMethod.SMS:
        return {"phone": lazy("Enter your mobile number, or choose another way to hear from us")}
    return {"address": lazy("Enter your name, address and postcode, or choose another way to hear from us")}


@dataclass(frozen=True)
class MemberRow:
    id: int
    status: str
    paused_until: date | None
    source: str
    joined_at: datetime
    contact_method: str
    language: str
    format: str
    channel: str | None
    contact: Contact | None  # only when the viewer may see contact details


# --- membership rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberState:
    """What the invitation rules need to know about a member (no personal data)."""

    status: str
    paused_until: date | None = None
    last_invited_at: datetime | None = None


def is_paused(state: MemberState, today: date) -> bool:
    return state.paused_until is not None and state.paused_until > today


def may_be_invited(state: MemberState, now: datetime, rest_days: int) -> bool:
    """Confirmed, not paused, and not invited within the rest period."""
    if state.status != MemberStatus.CONFIRMED or is_paused(state, now.date()):
        return False
    return state.last_invited_at is None or now - state.last_invited_at >= timedelta(days=rest_days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def renewal_due(consented: date, months: int) -> date:
    return add_months(consented, months)


class RenewalStep(enum.StrEnum):
    NOTHING = "nothing"
    ASK = "ask"  # send the "do you want to stay?" message
    REMIND = "remind"
    REMOVE = "remove"


@dataclass(frozen=True)
class RenewalState:
    due: date | None
    asked_at: datetime | None
    reminders_sent: int


def renewal_step(state: RenewalState, now: datetime, reminder_days: int, reminders: int) -> RenewalStep:
    """What the daily renewal job does for one confirmed member: ask on the due date, remind every
    `reminder_days` up to `reminders` times, and remove once the last reminder has gone unanswered
    for `reminder_days` more."""
    if state.due is None or now.date() < state.due:
        return RenewalStep.NOTHING
    if state.asked_at is None:
        return RenewalStep.ASK
    waited = now - state.asked_at
    if waited >= timedelta(days=reminder_days * (state.reminders_sent + 1)):
        return RenewalStep.REMIND if state.reminders_sent < reminders else RenewalStep.REMOVE
    return RenewalStep.NOTHING


def pause_problem(until: date | None, today: date) -> Any:
    if until is None or until <= today:
        return lazy("Enter a date in the future")
    if until > today + timedelta(days=MAX_PAUSE_DAYS):
        return lazy("You can pause for up to a year")
    return None


# --- joining ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preferences:
    contact_method: str = ContactMethod.EMAIL
    language: str = "en"
    format: str = Format.STANDARD


@dataclass(frozen=True)
class About:
    """The optional part: equality answers (as toolkit.equality.answers_to_store) and where."""

    answers: Mapping[str, str]
    postcode_district: str | None = None
    local_authority: str | None = None
    may_prefill: bool = False

    @property
    def empty(self) -> bool:
        return not self.answers and not self.postcode_district and not self.local_authority


@dataclass(frozen=True)
class Joining:
    """Everything a person gives when joining, validated."""

    contact: Contact
    preferences: Preferences
    about: About
    consent_version: str = CURRENT_CONSENT_VERSION
    source: str = JoinSource.ONLINE
    channel_code: str | None = None


def needs_opt_in(joining: Joining) -> bool:
    """Online joiners who gave an email or a mobile confirm through a link; postal joiners are
    confirmed by staff; staff-added members (paper, phone, import) count at once."""
    return joining.source == JoinSource.ONLINE


def icb_of(local_authority: str | None, icb_lads: Mapping[str, Mapping[str, float]]) -> str | None:
    """The ICB holding most of this local authority's residents (toolkit.population's icb_lads)."""
    if not local_authority:
        return None
    best = max(
        ((weights[local_authority], icb) for icb, weights in icb_lads.items() if local_authority in weights),
        default=None,
    )
    return best[1] if best else None
