"""One entry per question type: the WTForms field a respondent fills in, and how a
submitted field becomes a stored answer (and back, to pre-fill a page).

Plain module: WTForms only, no Flask. Messages are lazy gettext strings so they
are translated when rendered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms import Field, IntegerField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from surveys.model import OTHER_VALUE, Question, other_key
from toolkit.equality import POSTCODE_ID
from toolkit.forms import ChoiceRadioField, postcode_district_check
from toolkit.text import lazy as _l


class ChoiceCheckboxField(SelectMultipleField):
    def pre_validate(self, form: Any) -> None:
        allowed = {value for value, _ in self.choices or []}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_l("Select only the options shown"))


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


def _presence(question: Question) -> list[Any]:
    if question.required:
        if question.type in ("single_choice", "yes_no", "rating"):
            return [InputRequired(_l("Select an answer"))]
        if question.type == "multiple_choice":
            return [InputRequired(_l("Select at least one option"))]
        return [InputRequired(_l("Enter an answer"))]
    return [Optional()]


def _choices(question: Question) -> list[tuple[str, str]]:
    return [(o.value, o.label) for o in question.choices]


def _radios(question: Question) -> Field:
    return ChoiceRadioField(question.text, choices=_choices(question), validators=_presence(question))


def _checkboxes(question: Question) -> Field:
    return ChoiceCheckboxField(question.text, choices=_choices(question), validators=_presence(question))


def _text(question: Question) -> Field:
    field_class = TextAreaField if question.type == "long_text" else StringField
    limit = question.text_limit
    message = _l("Answer must be %(limit)s characters or fewer", limit=limit)
    validators = [*_presence(question), Length(max=limit, message=message)]
    if question.id == POSTCODE_ID:
        validators.append(postcode_district_check)
    return field_class(question.text, validators=validators)


def _number(question: Question) -> Field:
    validators = list(_presence(question))
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


FIELD_BUILDERS: dict[str, Callable[[Question], Field]] = {
    "single_choice": _radios,
    "yes_no": _radios,
    "rating": _radios,
    "multiple_choice": _checkboxes,
    "short_text": _text,
    "long_text": _text,
    "number": _number,
}


def form_fields(question: Question) -> dict[str, Any]:
    """The unbound fields for one question, keyed by form field name."""
    if not question.answerable:
        return {}
    fields = {question.id: FIELD_BUILDERS[question.type](question)}
    if question.allow_other and question.type in ("single_choice", "multiple_choice"):
        fields[other_key(question.id)] = StringField(
            _l("Please specify"),
            validators=[Optional(), Length(max=200, message=_l("Answer must be 200 characters or fewer"))],
        )
    return fields


def other_chosen(question: Question, value: Any) -> bool:
    if not question.allow_other or question.type not in ("single_choice", "multiple_choice"):
        return False  # e.g. a text answer that happens to be "other"
    if question.type == "multiple_choice":
        return OTHER_VALUE in (value or [])
    return bool(value == OTHER_VALUE)


def answers_from_form(question: Question, data: dict[str, Any]) -> dict[str, Any]:
    """Turn validated form data for one question into stored answers (blank ones dropped)."""
    answers: dict[str, Any] = {}
    value = data.get(question.id)
    if question.type in ("short_text", "long_text") and isinstance(value, str):
        value = value.strip()
    if value in (None, "", []):
        return answers
    if question.type == "rating":
        value = int(value)
    answers[question.id] = value
    other_text = (data.get(other_key(question.id)) or "").strip()
    if other_text and other_chosen(question, value):
        answers[other_key(question.id)] = other_text
    return answers


def form_data_from_answers(question: Question, answers: dict[str, Any]) -> dict[str, Any]:
    """Pre-fill a page with what the respondent already answered."""
    data: dict[str, Any] = {}
    if question.id in answers:
        value = answers[question.id]
        data[question.id] = str(value) if question.type == "rating" else value
    if other_key(question.id) in answers:
        data[other_key(question.id)] = answers[other_key(question.id)]
    return data


def other_missing(question: Question, answers: dict[str, Any]) -> bool:
    """ "Other" ticked but nothing written: asked for again."""
    return other_chosen(question, answers.get(question.id)) and not answers.get(other_key(question.id))


def display_answer(question: Question, answers: dict[str, Any]) -> str:
    """An answer as a person reads it, for check-your-answers pages and exports."""
    value = answers.get(question.id)
    if value is None:
        return ""
    other_text = answers.get(other_key(question.id), "")
    if question.type == "multiple_choice":
        labels = [_with_other(question.label_for(v), v, other_text) for v in value]
        return "; ".join(labels)
    if question.type in ("single_choice", "yes_no", "rating"):
        return _with_other(question.label_for(str(value)), str(value), other_text)
    return str(value)


def _with_other(label: str, value: str, other_text: str) -> str:
    return f"{label}: {other_text}" if value == OTHER_VALUE and other_text else label
