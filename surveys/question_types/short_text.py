"""Short text: a line of text, 200 characters unless the lead sets another limit."""

from __future__ import annotations

from wtforms import Field, StringField

from surveys.model import Question
from surveys.question_types.base import TextType
from toolkit.text import lazy as _l


class ShortText(TextType):
    name = "short_text"
    label = _l("Short text")
    hint = _l("A line of text, such as a town or the name of a service.")
    default_max_length = 200

    def form_field(self, question: Question) -> Field:
        return self.text_field(question, StringField)


TYPE = ShortText()
