"""Multiple choice: any number of the lead's options, as checkboxes."""

from __future__ import annotations

from typing import Any

from wtforms import Field, SelectMultipleField
from wtforms.validators import ValidationError

from surveys.model import NONE_VALUE, OTHER_VALUE, Option, Question
from surveys.question_types.base import SEVERAL_LABELS, LeadOptionsType, with_other
from toolkit.text import lazy as _l

NONE_ALONE = _l("Select “None of these” on its own, or the other answers without it")


class ChoiceCheckboxField(SelectMultipleField):
    """Checkboxes; an `exclusive` answer ("None of these") may only be chosen on its own, which is
    checked here (so it holds without JavaScript) and enhanced by the NHS.UK exclusive behaviour."""

    def __init__(self, *args: Any, exclusive: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exclusive = exclusive

    def pre_validate(self, form: Any) -> None:
        allowed = {value for value, _ in self.choices or []}
        chosen = self.data or []
        if any(value not in allowed for value in chosen):
            raise ValidationError(_l("Select only the options shown"))
        if len(chosen) > 1 and any(value in self.exclusive for value in chosen):
            raise ValidationError(NONE_ALONE)


class MultipleChoice(LeadOptionsType):
    name = "multiple_choice"
    label = _l("Multiple choice (checkboxes)")
    hint = _l("People choose any number of answers from a list.")
    multiple = True
    routable = True  # "if any of these": a condition holds when any answer picked is one of its values
    export = SEVERAL_LABELS
    paper_instruction = _l("Tick all the boxes that apply.")
    settings = ("options", "allow_other", "none_option")

    def choices(self, question: Question) -> tuple[Option, ...]:
        none = (Option(NONE_VALUE, str(_l("None of these"))),) if question.none_option else ()
        return super().choices(question) + none

    def required_message(self) -> Any:
        return _l("Select at least one option")

    def form_field(self, question: Question) -> Field:
        choices = [(o.value, o.label) for o in question.choices]
        exclusive = (NONE_VALUE,) if question.none_option else ()
        return ChoiceCheckboxField(
            question.text, choices=choices, validators=self.presence(question), exclusive=exclusive
        )

    def other_chosen(self, question: Question, value: Any) -> bool:
        return question.allow_other and OTHER_VALUE in (value or [])

    def fits(self, question: Question, value: Any) -> bool:
        offered = {option.value for option in question.choices}
        if not (isinstance(value, list) and all(isinstance(v, str) and v in offered for v in value)):
            return False
        return not (question.none_option and NONE_VALUE in value and len(value) > 1)

    def display(self, question: Question, value: Any, other_text: str) -> str:
        return "; ".join(with_other(question.label_for(v), v, other_text) for v in value)


TYPE = MultipleChoice()
