"""The NHS.UK date input: a date asked as day, month and year boxes, never the browser's date
picker (which shows mm/dd/yyyy in an en-US browser). Plain module: WTForms, no Flask.

`DateInputField` reads `<name>-day`, `<name>-month` and `<name>-year`, keeps what was typed so
the page shows it back, and says which boxes are wrong with the NHS.UK pattern's messages
("The close date must include a month", "... must be a real date"). `toolkit.forms.field_params`
turns it into the `dateInput` macro's parameters, so `render_field` draws it like any field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from toolkit.text import lazy as _l

PARTS = ("day", "month", "year")
PART_LABELS: dict[str, Any] = {"day": _l("Day"), "month": _l("Month"), "year": _l("Year")}
HINT = _l("For example, 31 3 2026")
# Month names and their short forms are accepted in the month box ("March", "Mar", "Sept").
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS = {name: number for number, full in enumerate(_MONTH_NAMES, start=1) for name in (full, full[:3])} | {"sept": 9}


class DateInputError(ValueError):
    """What is wrong with the typed date, and which boxes to mark."""

    def __init__(self, message: Any, parts: tuple[str, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.parts = parts


def _missing_message(missing: tuple[str, ...], what: Any) -> Any:
    # One literal per message, so each is extracted for translation as a whole sentence.
    messages = {
        ("day",): _l("%(what)s must include a day", what=what),
        ("month",): _l("%(what)s must include a month", what=what),
        ("year",): _l("%(what)s must include a year", what=what),
        ("day", "month"): _l("%(what)s must include a day and month", what=what),
        ("day", "year"): _l("%(what)s must include a day and year", what=what),
        ("month", "year"): _l("%(what)s must include a month and year", what=what),
    }
    return messages[missing]


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 4 else None


def parse_parts(parts: Mapping[str, str], what: Any = None) -> date | None:
    """The date typed into the three boxes; None when all are blank. Raises DateInputError
    naming the boxes to mark when a part is missing, the year is not 4 numbers, or there is
    no such date (31 2 2026, month 13)."""
    what = what if what is not None else _l("The date")
    typed = {part: str(parts.get(part) or "").strip() for part in PARTS}
    missing = tuple(part for part in PARTS if not typed[part])
    if len(missing) == len(PARTS):
        return None
    if missing:
        raise DateInputError(_missing_message(missing, what), missing)
    day = _number(typed["day"])
    month = _number(typed["month"]) if typed["month"].isdigit() else MONTHS.get(typed["month"].lower().rstrip("."))
    year_text = typed["year"]
    bad = tuple(
        part
        for part, ok in (("day", day is not None and 1 <= day <= 31), ("month", month is not None and 1 <= month <= 12))
        if not ok
    )
    if bad:
        raise DateInputError(_l("%(what)s must be a real date", what=what), bad)
    if not (year_text.isdigit() and len(year_text) == 4):
        raise DateInputError(_l("Year must include 4 numbers"), ("year",))
    assert day is not None and month is not None
    try:
        return date(int(year_text), month, day)
    except ValueError:
        raise DateInputError(_l("%(what)s must be a real date", what=what), ("day",)) from None


def example(day: date) -> str:
    """A date as typed into the boxes, for hints: 31 3 2026."""
    return f"{day.day} {day.month} {day.year}"


def _parts_of(value: Any) -> dict[str, str]:
    """The boxes filled from a stored date (a date, or its ISO text as kept in JSON answers)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            value = None
    if isinstance(value, date):
        return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
    return {part: "" for part in PARTS}


class DateInputField(Field):
    """A date asked with the NHS.UK date input. `what` names the date in error messages
    ("The close date"); `hint` defaults to the UK example "For example, 31 3 2026".
    Use `Optional()` to allow it blank, or `InputRequired(message)` to ask for it."""

    data: date | None

    def __init__(
        self, label: Any = None, validators: Any = None, *, what: Any = None, hint: Any = HINT, **kwargs: Any
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.what = what if what is not None else _l("The date")
        self.hint = hint
        self.typed: dict[str, str] | None = None
        self.error_parts: tuple[str, ...] = ()

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(None, data, extra_filters)
        self.typed = None
        self.error_parts = ()
        if formdata is None:
            return
        typed = {part: str(formdata.get(f"{self.name}-{part}") or "").strip() for part in PARTS}
        self.typed = typed
        # raw_data is what Optional and InputRequired look at: empty when every box is blank.
        self.raw_data = [" ".join(typed.values()).strip()] if any(typed.values()) else []
        try:
            self.data = parse_parts(typed, self.what)
        except DateInputError as problem:
            self.data = None
            self.process_errors.append(problem.message)
            self.error_parts = problem.parts

    @property
    def parts(self) -> dict[str, str]:
        """What the boxes show: what was typed, else the date held (set later too, as a form's
        `fill` does for a stored value)."""
        return self.typed if self.typed is not None else _parts_of(self.data)

    def _value(self) -> str:
        return " ".join(self.parts.values()).strip()

    @property
    def marked_parts(self) -> tuple[str, ...]:
        """The boxes to show as wrong: those named by the problem, or all when the whole date is."""
        if not self.errors:
            return ()
        return self.error_parts or PARTS

    @property
    def error_target_id(self) -> str:
        """Where the error summary links: the first box marked wrong."""
        return f"{self.id}-{(self.marked_parts or PARTS)[0]}"


class NotBefore:
    """A WTForms validator: this date (an end) must not be before another field's date (its
    start). Quiet when either is blank or already wrong: the boxes say what is missing."""

    def __init__(self, other: str, message: Any) -> None:
        self.other = other
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        start = form[self.other].data
        if field.data is not None and isinstance(start, date) and field.data < start and not form[self.other].errors:
            raise ValidationError(self.message)


def date_input_params(field: DateInputField, fieldset: dict[str, Any]) -> dict[str, Any]:
    """The `dateInput` macro's parameters for a field (without hint and error message, which
    `toolkit.forms.field_params` adds as for every field)."""
    marked = set(field.marked_parts)
    items = []
    for part in PARTS:
        item: dict[str, Any] = {
            "id": f"{field.id}-{part}",
            "name": f"{field.name}-{part}",
            "label": str(PART_LABELS[part]),
            "value": field.parts.get(part, ""),
            "width": 4 if part == "year" else 2,
        }
        if part in marked:
            item["classes"] = "nhsuk-input--error"
        items.append(item)
    return {"id": field.id, "fieldset": fieldset, "items": items}
