"""Long text: room for comments, 2,000 characters unless the lead sets another limit."""

from __future__ import annotations

from wtforms import Field, TextAreaField

from surveys.model import Question
from surveys.question_types.base import TextType
from toolkit.text import lazy as _l


class LongText(TextType):
    name = "long_text"
    label = _l("Long text")
    hint = _l("Room for comments.")
    default_max_length = 2000
    paper_lines = 6

    def form_field(self, question: Question) -> Field:
        return self.text_field(question, TextAreaField)


TYPE = LongText()
