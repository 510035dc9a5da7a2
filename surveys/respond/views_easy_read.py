"""The easy-read version of a survey: one question per page, large text, a picture
beside the words, smiley faces where the lead chose them. No JavaScript needed.

Answers go through the same draft and submit path as the standard version (and
share its draft), so they land in the same results with the same channel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_from_directory, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from surveys import repository
from surveys.easy_read import model as easy_read
from surveys.easy_read import repository as images
from surveys.model import SurveyDefinition
from surveys.respond import browser, flow, pages
from surveys.respond.browser import current_draft, open_survey
from toolkit.i18n import current_language
from toolkit.schema import Survey
from toolkit.views import Page

easy_read_public = Blueprint("easy_read", __name__, url_prefix="/s/<slug>/easy-read", template_folder="../templates")

ONE_YEAR = 365 * 24 * 60 * 60
ONE_DAY = 24 * 60 * 60
STANDARD_PICTURES = Path(__file__).parent.parent / "static" / "easy_read" / "equality"


def _definition(version_id: int) -> SurveyDefinition:
    return browser.for_respondent(repository.published_definition(version_id))


def _next_url(slug: str, definition: SurveyDefinition, answers: dict[str, Any]) -> str:
    missing = flow.first_unanswered(definition, answers)
    if missing is None:
        return url_for("easy_read.check", slug=slug)
    return url_for("easy_read.question", slug=slug, question_id=missing)


@easy_read_public.get("")
def start(slug: str) -> str:
    survey = open_survey(slug)
    version_id = repository.latest_version_id(survey.id)
    assert version_id is not None
    definition = _definition(version_id)
    return render_template(
        "surveys/easy_read/start.html",
        survey=survey,
        definition=definition,
        count=easy_read.question_count(definition),
        routed=definition.has_routing(),
        resuming=bool(current_draft(survey)),
    )


@easy_read_public.post("/start")
def begin(slug: str) -> WerkzeugResponse:
    survey = open_survey(slug)
    draft = browser.draft_or_pending(survey)  # stored with the first saved answer
    return redirect(_next_url(slug, _definition(draft.version_id), draft.answers))


@easy_read_public.route("/questions/<question_id>", methods=["GET", "POST"])
def question(slug: str, question_id: str) -> Page:
    survey = open_survey(slug)
    draft = browser.draft_or_pending(survey)
    definition = _definition(draft.version_id)
    where = pages.question_step(definition, question_id, draft.answers)
    one = easy_read.one_question_section(where.section, where.question)
    form, new_answers = pages.answered(one, draft.answers)
    if new_answers is not None:
        browser.may_store(draft)
        draft = flow.save_question(draft, definition, where.question.id, new_answers, current_language())
        browser.remember_draft(survey, draft)
        answers = draft.answers
        return redirect(_after(slug, definition, answers, where.question.id))
    return _question_page(survey, where, one.questions[0], form)


def _question_page(survey: Survey, where: easy_read.Step, shown: Any, form: Any) -> Page:
    back = where.previous_id and url_for("easy_read.question", slug=survey.slug, question_id=where.previous_id)
    back = back or url_for("easy_read.start", slug=survey.slug)
    return pages.easy_question_page(form, where, shown, back, survey=survey)


def _after(slug: str, definition: SurveyDefinition, answers: dict[str, Any], question_id: str) -> str:
    """The next question, with routing from the answer just given; check answers at the end."""
    target = flow.next_question(definition, answers, question_id, changing=pages.changing())
    if target is None:
        return url_for("easy_read.check", slug=slug)
    return url_for("easy_read.question", slug=slug, question_id=target)


@easy_read_public.route("/check", methods=["GET", "POST"])
def check(slug: str) -> Page:
    if request.method == "POST":
        return _submit(slug)
    survey = open_survey(slug)
    draft = current_draft(survey)
    if draft is None:
        return redirect(url_for("easy_read.start", slug=slug))
    definition = _definition(draft.version_id)
    if flow.first_unanswered(definition, draft.answers) is not None:
        return redirect(_next_url(slug, definition, draft.answers))
    rows, last = pages.easy_check_rows(definition, draft.answers)
    return render_template(
        "surveys/easy_read/check.html",
        survey=survey,
        rows=rows,
        draft=draft,
        back_url=url_for("easy_read.question", slug=slug, question_id=last) if last else None,
    )


def _submit(slug: str) -> WerkzeugResponse:
    return browser.submit_and_redirect(
        slug,
        lambda problem: url_for("easy_read.question", slug=slug, question_id=problem.question_id, change="1"),
        url_for("easy_read.done", slug=slug),
    )


@easy_read_public.get("/done")
def done(slug: str) -> str:
    survey, reference = browser.sent(slug)
    return render_template("surveys/easy_read/done.html", survey=survey, reference=reference)


@easy_read_public.get("/standard-pictures/<name>.svg")
def standard_picture(slug: str, name: str) -> WerkzeugResponse:
    """A picture shipped for the standard equality questions (the same for every survey)."""
    if name not in easy_read.standard_picture_names():
        abort(404)
    response = send_from_directory(STANDARD_PICTURES, f"{name}.svg", mimetype="image/svg+xml", max_age=ONE_DAY)
    response.headers["Cache-Control"] = f"public, max-age={ONE_DAY}"
    return response


@easy_read_public.get("/pictures/<int:image_id>")
def picture(slug: str, image_id: int) -> WerkzeugResponse:
    """A question's picture. Pictures never change (a new upload is a new id): cached for a year."""
    survey = repository.get_by_slug(slug)
    image = images.image_of(survey.id, image_id) if survey is not None and survey.status != "draft" else None
    if image is None or image.mime_type not in easy_read.SERVED_TYPES:
        abort(404)
    response = current_app.response_class(image.content, mimetype=image.mime_type)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response
