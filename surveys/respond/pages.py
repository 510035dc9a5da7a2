"""What a respondent's pages show, shared by the public views (standard and easy read) and the
staff preview, which render the same templates over the same flow but link and keep answers
differently: the caller passes in how to link (`change_url`, `back_url`) and the answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from surveys.easy_read import model as easy_read
from surveys.model import Question, Section, SurveyDefinition
from surveys.respond import answering, flow
from surveys.respond.forms import section_form, validate_section
from toolkit.i18n import content_lang
from toolkit.views import Page, form_page


def changing() -> bool:
    """Whether the respondent came from check answers to change an answer."""
    return request.args.get("change") == "1"


def answered(section: Section, answers: dict[str, Any]) -> tuple[FlaskForm, dict[str, Any] | None]:
    """The section's form, and on a valid POST its answers (otherwise None, errors on the form)."""
    form = section_form(section, answers)
    return form, validate_section(form, section, answers) if request.method == "POST" else None


def section_position(definition: SurveyDefinition, section_id: str, answers: dict[str, Any]) -> answering.Position:
    """Where a page stands in the survey, or 404 if routing does not show it."""
    where = answering.position(definition, section_id, answers)
    if where is None:
        abort(404)
    return where


def question_step(definition: SurveyDefinition, question_id: str, answers: dict[str, Any]) -> easy_read.Step:
    """Where an easy-read question stands in the survey, or 404 if routing does not show it."""
    where = easy_read.step(definition, question_id, answers)
    if where is None:
        abort(404)
    return where


def check_rows(
    definition: SurveyDefinition, answers: dict[str, Any], change_url: Callable[[str], str]
) -> list[dict[str, Any]]:
    """The check-answers rows; `change_url(section_id)` links back to a page to change it. The
    survey's words (questions, chosen options) are marked English when shown untranslated; typed
    answers and "Not answered" are in the respondent's language."""
    rows, lang = [], content_lang()
    for section in definition.visible_pages(answers):
        for question in section.visible_questions(answers):
            if not question.answerable:
                continue
            change = change_url(section.id) + f"#{question.id}"
            text, answer = flow.marked_words(question, flow.answer_words(question, answers), lang)
            rows.append(
                {
                    "key": {"text": text},
                    "value": {"text": answer or _("Not answered")},
                    "actions": {"items": [{"href": change, "text": _("Change"), "visuallyHiddenText": text}]},
                }
            )
    return rows


def easy_check_rows(
    definition: SurveyDefinition, answers: dict[str, Any]
) -> tuple[list[tuple[Question, str, str | None]], str | None]:
    """Easy read's check-answers rows (question, its words, the answer) and the last question's id
    (None when nothing was asked); the words are marked as in `check_rows`."""
    shown = [easy_read.easy_question(q) for _, q in easy_read.visible_steps(definition, answers)]
    lang = content_lang()
    rows = [(q, *flow.marked_words(q, flow.answer_words(q, answers), lang)) for q in shown if q.answerable]
    return rows, shown[-1].id if rows else None


def easy_question_page(form: FlaskForm, where: easy_read.Step, shown: Question, back_url: str, **context: Any) -> Page:
    """An easy-read question page: the question, its smiley faces where it uses them, its picture."""
    return form_page(
        "surveys/easy_read/question.html",
        form,
        **context,
        where=where,
        question=shown,
        faces=easy_read.smiley_faces(shown) if easy_read.uses_smileys(shown) else [],
        picture=easy_read.standard_picture(shown),
        back_url=back_url,
        changing=changing(),
    )
