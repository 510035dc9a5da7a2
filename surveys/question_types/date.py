"""Date: the NHS.UK date input (day, month and year boxes, "For example, 31 3 2026"), never the
browser's date picker. Stored as ISO text (2026-03-31), read back as 31/03/2026, exported as ISO.

This module is the whole of the type: the registry in `__init__` lists it, and every other
module asks it (`question.kind`) what to do.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import Field

from surveys.model import Question
from surveys.question_types.base import WrittenType
from toolkit.dateinput import DateInputField
from toolkit.text import lazy as _l


class DateType(WrittenType):
    name = "date"
    label = _l("Date")
    hint = _l("A day, month and year, such as when something happened.")
    paper_instruction = _l("Write the date as day, month and year, for example 31 3 2026.")

    def required_message(self) -> Any:
        return _l("Enter a date")

    def form_field(self, question: Question) -> Field:
        return DateInputField(question.text, validators=self.presence(question), what=_l("The date"))

    def parse(self, question: Question, value: Any) -> Any:
        return value.isoformat() if isinstance(value, date) else value

    def fits(self, question: Question, value: Any) -> bool:
        return _as_date(value) is not None

    def display(self, question: Question, value: Any, other_text: str) -> str:
        day = _as_date(value)
        return day.strftime("%d/%m/%Y") if day else str(value)


def _as_date(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


TYPE = DateType()
