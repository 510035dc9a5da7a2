"""Bind one question's fields to posted data, as the respondent's page does, without an app."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Form

from surveys import questions
from surveys.model import Question


def post(question: Question, data: dict[str, Any]) -> tuple[bool, dict[str, Any], dict[str, Any]]:
    """(valid, errors as text, the answers stored) for one question's posted fields."""
    form_class = type("OneQuestion", (Form,), questions.form_fields(question))
    form = form_class(MultiDict(data))
    valid = form.validate()
    errors = {name: [str(e) for e in found] for name, found in form.errors.items()}
    return valid, errors, questions.answers_from_form(question, form.data) if valid else {}


def round_trip(question: Question, answers: dict[str, Any]) -> dict[str, Any]:
    """Pre-fill the page from stored answers, then read what it would post back."""
    form_class = type("OneQuestion", (Form,), questions.form_fields(question))
    form = form_class(data=questions.form_data_from_answers(question, answers))
    return questions.answers_from_form(question, form.data)
