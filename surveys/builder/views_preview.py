"""Staff: preview a survey exactly as respondents will see it, before it is published.

The respondent pages' own templates are rendered over the survey's current (unpublished)
definition, with their links and forms pointed back into the preview. Answers given in the
preview are kept in the staff member's session only: no draft and no response is stored, and
the thank-you page shows a sample reference. `?lang=` previews each of the survey's languages.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from surveys import repository
from surveys.easy_read import model as easy_read
from surveys.model import SurveyDefinition
from surveys.respond import flow, pages
from surveys.views_common import survey_or_404
from toolkit.auth import role_required
from toolkit.i18n import current_language
from toolkit.schema import Survey
from toolkit.views import Page, form_page

preview = Blueprint(
    "preview", __name__, url_prefix="/staff/surveys/<int:survey_id>/preview", template_folder="../templates"
)

SAMPLE_REFERENCE = "PREVIEW"
# The respondent pages' endpoints and the preview's own, so their templates link within it.
IN_PREVIEW = {
    "public.start": "preview.start",
    "public.begin": "preview.begin",
    "public.page": "preview.page",
    "public.check": "preview.check",
    "public.done": "preview.done",
    "easy_read.start": "preview.easy_start",
    "easy_read.begin": "preview.easy_begin",
    "easy_read.question": "preview.easy_question",
    "easy_read.check": "preview.easy_check",
    "easy_read.done": "preview.easy_done",
    "easy_read.picture": "paper.picture",  # the staff copy: a draft's pictures are not public yet
}


def _url_for(survey: Survey) -> Any:
    """`url_for` for the respondent templates: their own pages become the preview's."""

    def preview_url_for(endpoint: str, **values: Any) -> str:
        if endpoint in IN_PREVIEW:
            values.pop("slug", None)
            return url_for(IN_PREVIEW[endpoint], survey_id=survey.id, **values)
        return url_for(endpoint, **values)

    return preview_url_for


def _render(template: str, survey: Survey, **context: Any) -> str:
    return render_template(template, **_context(survey), **context)


def _context(survey: Survey) -> dict[str, Any]:
    return {
        "survey": survey,
        "url_for": _url_for(survey),
        "staff_navigation": None,  # as a respondent sees it: no staff menu
        "preview_of": survey,  # base.html says plainly that this is a preview
    }


def _survey_and_definition(survey_id: int) -> tuple[Survey, SurveyDefinition]:
    survey = survey_or_404(survey_id)
    definition = repository.definition_of(survey)
    translated, g.content_in_english = flow.for_respondent(definition, current_language())
    g.content_languages = flow.content_languages(definition)
    return survey, translated


def _answers(survey_id: int) -> dict[str, Any]:
    kept = session.get("preview", {}).get(str(survey_id), {})
    return dict(kept) if isinstance(kept, dict) else {}


def _keep(survey_id: int, answers: dict[str, Any]) -> None:
    session.setdefault("preview", {})[str(survey_id)] = answers
    session.modified = True


@preview.get("")
@role_required("viewer")
def start(survey_id: int) -> str:
    survey, definition = _survey_and_definition(survey_id)
    return _render("surveys/start.html", survey, definition=definition, resuming=bool(_answers(survey_id)))


@preview.post("/start")
@role_required("viewer")
def begin(survey_id: int) -> Response:
    _survey, definition = _survey_and_definition(survey_id)
    first = flow.first_incomplete_section(definition, _answers(survey_id))
    if first is None:
        return redirect(url_for("preview.check", survey_id=survey_id))
    return redirect(url_for("preview.page", survey_id=survey_id, section_id=first))


@preview.route("/page/<section_id>", methods=["GET", "POST"])
@role_required("viewer")
def page(survey_id: int, section_id: str) -> Page:
    survey, definition = _survey_and_definition(survey_id)
    answers = _answers(survey_id)
    where = pages.section_position(definition, section_id, answers)
    form, new_answers = pages.answered(where.section, answers)
    changing = pages.changing()
    if new_answers is not None:
        answers = flow.with_section_answers(definition, answers, where.section.id, new_answers)
        _keep(survey_id, answers)
        target = flow.next_section(definition, answers, where.section.id, changing=changing)
        if target is None:
            return redirect(url_for("preview.check", survey_id=survey_id))
        return redirect(
            url_for("preview.page", survey_id=survey_id, section_id=target, change="1" if changing else None)
        )
    back_endpoint: str
    back_args: dict[str, Any]
    back_endpoint, back_args = (
        ("preview.page", {"section_id": where.previous_id}) if where.previous_id else ("preview.start", {})
    )
    return form_page(
        "surveys/page.html",
        form,
        **_context(survey),
        where=where,
        back_url=url_for(back_endpoint, survey_id=survey_id, **back_args),
        changing=changing,
        answers=answers,
    )


@preview.route("/check", methods=["GET", "POST"])
@role_required("viewer")
def check(survey_id: int) -> Page:
    if request.method == "POST":
        _keep(survey_id, {})  # "sent": nothing is stored, the preview starts again next time
        return redirect(url_for("preview.done", survey_id=survey_id))
    survey, definition = _survey_and_definition(survey_id)
    answers = _answers(survey_id)
    missing = flow.first_incomplete_section(definition, answers)
    if missing is not None:
        return redirect(url_for("preview.page", survey_id=survey_id, section_id=missing))
    last = definition.visible_pages(answers)[-1].id
    return _render(
        "surveys/check.html",
        survey,
        title=definition.title,
        rows=pages.check_rows(definition, answers, lambda section_id: _change_url(survey_id, section_id)),
        draft={"token": ""},
        back_url=url_for("preview.page", survey_id=survey_id, section_id=last),
    )


def _change_url(survey_id: int, section_id: str) -> str:
    return url_for("preview.page", survey_id=survey_id, section_id=section_id, change="1")


@preview.get("/done")
@role_required("viewer")
def done(survey_id: int) -> str:
    survey, _definition = _survey_and_definition(survey_id)
    return _render("surveys/done.html", survey, reference=SAMPLE_REFERENCE)


# --- easy read: a question per page ------------------------------------------------------------


@preview.get("/easy-read")
@role_required("viewer")
def easy_start(survey_id: int) -> str:
    survey, definition = _survey_and_definition(survey_id)
    return _render(
        "surveys/easy_read/start.html",
        survey,
        definition=definition,
        count=easy_read.question_count(definition),
        routed=definition.has_routing(),
        resuming=bool(_answers(survey_id)),
    )


def _easy_next(survey_id: int, definition: SurveyDefinition, answers: dict[str, Any]) -> str:
    missing = flow.first_unanswered(definition, answers)
    if missing is None:
        return url_for("preview.easy_check", survey_id=survey_id)
    return url_for("preview.easy_question", survey_id=survey_id, question_id=missing)


@preview.post("/easy-read/start")
@role_required("viewer")
def easy_begin(survey_id: int) -> Response:
    _survey, definition = _survey_and_definition(survey_id)
    return redirect(_easy_next(survey_id, definition, _answers(survey_id)))


@preview.route("/easy-read/questions/<question_id>", methods=["GET", "POST"])
@role_required("viewer")
def easy_question(survey_id: int, question_id: str) -> Page:
    survey, definition = _survey_and_definition(survey_id)
    answers = _answers(survey_id)
    where = pages.question_step(definition, question_id, answers)
    one = easy_read.one_question_section(where.section, where.question)
    form, new_answers = pages.answered(one, answers)
    changing = pages.changing()
    if new_answers is not None:
        answers = flow.with_question_answers(definition, answers, where.question.id, new_answers)
        _keep(survey_id, answers)
        target = flow.next_question(definition, answers, where.question.id, changing=changing)
        if target is None:
            return redirect(url_for("preview.easy_check", survey_id=survey_id))
        return redirect(url_for("preview.easy_question", survey_id=survey_id, question_id=target))
    back = (
        url_for("preview.easy_question", survey_id=survey_id, question_id=where.previous_id)
        if where.previous_id
        else url_for("preview.easy_start", survey_id=survey_id)
    )
    return pages.easy_question_page(form, where, one.questions[0], back, **_context(survey))


@preview.route("/easy-read/check", methods=["GET", "POST"])
@role_required("viewer")
def easy_check(survey_id: int) -> Page:
    if request.method == "POST":
        _keep(survey_id, {})
        return redirect(url_for("preview.easy_done", survey_id=survey_id))
    survey, definition = _survey_and_definition(survey_id)
    answers = _answers(survey_id)
    if flow.first_unanswered(definition, answers) is not None:
        return redirect(_easy_next(survey_id, definition, answers))
    rows, last = pages.easy_check_rows(definition, answers)
    back = url_for("preview.easy_question", survey_id=survey_id, question_id=last) if last else None
    return _render("surveys/easy_read/check.html", survey, rows=rows, draft={"token": ""}, back_url=back)


@preview.get("/easy-read/done")
@role_required("viewer")
def easy_done(survey_id: int) -> str:
    survey, _definition = _survey_and_definition(survey_id)
    return _render("surveys/easy_read/done.html", survey, reference=SAMPLE_REFERENCE)
