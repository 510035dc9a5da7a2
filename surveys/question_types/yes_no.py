"""Yes or no: two fixed answers, shown with pictures in easy read and on paper; may drive routing."""

from __future__ import annotations

from surveys.model import Option, Question
from surveys.question_types.base import ChoiceType
from toolkit.text import lazy as _l

YES, NO = "yes", "no"


class YesNo(ChoiceType):
    name = "yes_no"
    label = _l("Yes or no")
    routable = True
    yes_no_pictures = True
    builder_detail = ""  # the builder's list says "Yes or no"; the two answers need no listing

    def choices(self, question: Question) -> tuple[Option, ...]:
        """The labels are the interface's words, in the language of the page being made."""
        return (Option(YES, str(_l("Yes"))), Option(NO, str(_l("No"))))


TYPE = YesNo()
