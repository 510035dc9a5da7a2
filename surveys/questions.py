"""A question's form fields and answers, whatever its type: each step asks the question's type
(`question.kind`, from the registry in `surveys.question_types`), so nothing here names a type.

Plain module: WTForms only, no Flask. Messages are lazy gettext strings so they
are translated when rendered.
"""

from __future__ import annotations

from typing import Any

from surveys.model import Question, other_key
from surveys.question_types.base import display_answer
from surveys.question_types.multiple_choice import ChoiceCheckboxField
from surveys.question_types.number import WholeNumberField

__all__ = [
    "ChoiceCheckboxField",
    "WholeNumberField",
    "answers_from_form",
    "display_answer",
    "form_data_from_answers",
    "form_fields",
    "other_chosen",
    "other_missing",
]


def form_fields(question: Question) -> dict[str, Any]:
    """The unbound fields for one question, keyed by form field name."""
    return question.kind.form_fields(question)


def other_chosen(question: Question, value: Any) -> bool:
    """ "Other" among the answers of a question that offers it (not a text answer that happens to be "other")."""
    return question.kind.other_chosen(question, value)


def answers_from_form(question: Question, data: dict[str, Any]) -> dict[str, Any]:
    """Turn validated form data for one question into stored answers (blank ones dropped)."""
    answers: dict[str, Any] = {}
    value = data.get(question.id)
    if value in (None, "", []):
        return answers
    value = question.kind.parse(question, value)
    if value in (None, "", []):
        return answers
    answers[question.id] = value
    other_text = (data.get(other_key(question.id)) or "").strip()
    if other_text and other_chosen(question, value):
        answers[other_key(question.id)] = other_text
    return answers


def form_data_from_answers(question: Question, answers: dict[str, Any]) -> dict[str, Any]:
    """Pre-fill a page with what the respondent already answered."""
    data: dict[str, Any] = {}
    if question.id in answers:
        data[question.id] = question.kind.form_value(answers[question.id])
    if other_key(question.id) in answers:
        data[other_key(question.id)] = answers[other_key(question.id)]
    return data


def other_missing(question: Question, answers: dict[str, Any]) -> bool:
    """ "Other" ticked but nothing written: asked for again."""
    return other_chosen(question, answers.get(question.id)) and not answers.get(other_key(question.id))
