"""Forms generated from a survey definition (public answering)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

from surveys import questions
from surveys.model import Section, other_key
from toolkit.text import lazy as _l


class AnswerForm(FlaskForm):
    """Base for the per-section forms built at request time."""


def section_form(section: Section, answers: dict[str, Any]) -> FlaskForm:
    fields: dict[str, Any] = {}
    data: dict[str, Any] = {}
    for question in section.visible_questions(answers):
        fields.update(questions.form_fields(question))
        data.update(questions.form_data_from_answers(question, answers))
    form_class = type("SectionForm", (AnswerForm,), fields)
    return form_class(data=data)


def validate_section(form: FlaskForm, section: Section, answers: dict[str, Any]) -> dict[str, Any] | None:
    """The section's answers if the form is valid, otherwise None (errors are on the form)."""
    if not form.validate_on_submit():
        return None
    new_answers: dict[str, Any] = {}
    for question in section.visible_questions(answers):
        new_answers.update(questions.answers_from_form(question, form.data))
        if questions.other_missing(question, new_answers):
            form[other_key(question.id)].errors = [_l("Tell us what you mean by ‘Other’")]
    if any(field.errors for field in form):
        return None
    return new_answers
