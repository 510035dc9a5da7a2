"""Information (no answer): text to read between questions; no field, no results, no export."""

from __future__ import annotations

from typing import Any

from wtforms import Field

from surveys.model import Question
from surveys.question_types.base import QuestionType
from toolkit.text import lazy as _l


class Statement(QuestionType):
    name = "statement"
    label = _l("Information (no answer)")
    hint = _l("Text to read, such as an explanation before some questions.")
    answerable = False

    def form_fields(self, question: Question) -> dict[str, Any]:
        return {}

    def form_field(self, question: Question) -> Field:
        raise TypeError("Information has no answer")


TYPE = Statement()
