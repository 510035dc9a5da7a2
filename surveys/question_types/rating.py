"""Rating scale: 2 to 11 numbered points with optional end labels, smiley faces in easy read.
Stored as a whole number; exported to XLSX as a number."""

from __future__ import annotations

from typing import Any

from surveys.model import Option, Question
from surveys.question_types.base import ChoiceType
from toolkit.text import lazy as _l


class Rating(ChoiceType):
    name = "rating"
    label = _l("Rating scale")
    hint = _l("For example, 1 to 5 from “very poor” to “very good”.")
    settings = ("scale_min", "scale_max", "scale_min_label", "scale_max_label")
    scale = True
    stored_as_int = True
    xlsx_number = True
    translatable_fields = ("scale_min_label", "scale_max_label")

    def choices(self, question: Question) -> tuple[Option, ...]:
        return tuple(_point(question, n) for n in range(question.scale_min, question.scale_max + 1))

    def problems(self, question: Question, name: str) -> list[str]:
        if not 2 <= question.scale_max - question.scale_min + 1 <= 11:
            return [f"{name} needs a scale of 2 to 11 points."]
        return []

    def parse(self, question: Question, value: Any) -> Any:
        return int(value) if value not in (None, "") else value

    def form_value(self, value: Any) -> Any:
        return str(value)


def _point(question: Question, number: int) -> Option:
    label = str(number)
    if number == question.scale_min and question.scale_min_label:
        label = f"{number} – {question.scale_min_label}"
    elif number == question.scale_max and question.scale_max_label:
        label = f"{number} – {question.scale_max_label}"
    return Option(str(number), label)


TYPE = Rating()
