"""Number: a whole number, optionally between a smallest and a largest; summarised by mean,
median and range; exported to XLSX as a number."""

from __future__ import annotations

from typing import Any

from wtforms import Field, IntegerField
from wtforms.validators import NumberRange

from surveys.model import Question
from surveys.question_types.base import NUMBER, SHOWS_RANGE, WrittenType
from toolkit.text import lazy as _l


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = (valuelist[0] if valuelist else "").strip().replace(",", "")
        if not raw:
            self.data = None
            return
        try:
            self.data = int(raw)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a whole number, like 12")) from None


class Number(WrittenType):
    name = "number"
    label = _l("Number")
    hint = _l("A whole number, such as how many times.")
    settings = ("min_value", "max_value")
    tally = NUMBER
    xlsx_number = True
    builder_detail = SHOWS_RANGE
    paper_instruction = _l("Write a number in the box.")

    def form_field(self, question: Question) -> Field:
        validators = list(self.presence(question))
        low, high = question.min_value, question.max_value
        if low is not None or high is not None:
            if low is not None and high is not None:
                message = _l("Enter a number between %(low)s and %(high)s", low=low, high=high)
            elif low is not None:
                message = _l("Enter a number of %(low)s or more", low=low)
            else:
                message = _l("Enter a number of %(high)s or less", high=high)
            validators.append(NumberRange(min=low, max=high, message=message))
        return WholeNumberField(question.text, validators=validators)

    def fits(self, question: Question, value: Any) -> bool:
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        low, high = question.min_value, question.max_value
        return (low is None or value >= low) and (high is None or value <= high)


TYPE = Number()
