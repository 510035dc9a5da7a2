"""Staff: results, charts and exports."""

from __future__ import annotations

import tempfile
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from surveys import repository
from surveys.equality import pages as equality_pages
from surveys.equality import service as equality_service
from surveys.model import Question
from surveys.question_types.base import CHOICE, NUMBER
from surveys.repository import ResponseFilter
from surveys.results import export, free_text
from surveys.results import jobs as survey_jobs
from surveys.results import service as results_service
from surveys.results.forms import FilterForm, filter_form, text_answers_form
from surveys.results.summary import Summary, format_number, format_percent, iter_charts
from surveys.views_common import survey_or_404 as _survey
from toolkit import jobs
from toolkit.auth import current_user, has_role, role_required
from toolkit.forms import error_summary_params
from toolkit.schema import Survey

results = Blueprint("results", __name__, url_prefix="/staff/surveys", template_folder="../templates")

TEXT_ANSWERS_SHOWN = 20  # per question on the results page; the rest are paged on their own page
TEXT_PAGE_SIZE = 20
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filter_form(survey_id: int) -> FilterForm:
    return filter_form(request.args, repository.channels(survey_id))


# --- helpers ------------------------------------------------------------------------------


def _questions(survey: Survey) -> list[Question]:
    # Equality questions are left out: their answers are stored apart and shown only in aggregate.
    return equality_service.survey_questions(survey)


def _render(survey: Survey, form: FilterForm, summary: Summary | None) -> str:
    weighting = equality_pages.weighting_context(survey, form, request.args) if summary else {}
    return render_template(
        "surveys/results/summary.html",
        **weighting,
        survey=survey,
        form=form,
        summary=summary,
        items=list(iter_charts(summary)) if summary else [],
        can_export=has_role(current_user(), "lead"),
        format_percent=format_percent,
        format_number=format_number,
        error_summary=error_summary_params(form, _("There is a problem")),
    )


def _export_filters(survey: Survey, file_format: str) -> ResponseFilter:
    """Check the filters of an export request and record the export in the audit trail."""
    form = _filter_form(survey.id)
    if not form.validate():
        messages = [str(error) for errors in form.errors.values() for error in errors]
        abort(400, description=" ".join(messages))
    filters = form.response_filter()
    user = current_user()
    export.record_export(survey.id, user.id if user else None, file_format, filters)
    return filters


def _download_name(survey: Survey, extension: str) -> str:
    return f"{survey.slug}-responses-{date.today().isoformat()}.{extension}"


# --- views --------------------------------------------------------------------------------


@results.get("/<int:survey_id>/results")
@role_required("viewer")
def summary(survey_id: int) -> str | tuple[str, int]:
    survey = _survey(survey_id)
    form = _filter_form(survey.id)
    if not form.validate():
        return _render(survey, form, None), 400
    figures = results_service.summary(survey.id, _questions(survey), form.response_filter(), TEXT_ANSWERS_SHOWN)
    return _render(survey, form, figures)


@results.get("/<int:survey_id>/results/charts/<question_id>.svg")
@role_required("viewer")
def chart(survey_id: int, question_id: str) -> Response:
    """One question's chart, with the page's filters: the page links to it (see results.Chart)."""
    survey = _survey(survey_id)
    form = _filter_form(survey.id)
    if not form.validate():
        abort(400)
    svg = results_service.chart_svg(survey.id, _questions(survey), form.response_filter(), question_id)
    if svg is None:
        abort(404)
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=60"})


@results.get("/<int:survey_id>/export.csv")
@role_required("lead")
def export_csv(survey_id: int) -> Response:
    """Streamed: rows go out as they are read, so memory stays flat however many there are."""
    survey = _survey(survey_id)
    filters = _export_filters(survey, "csv")
    chunks = export.csv_chunks(export.columns(_questions(survey)), repository.export_batches(survey.id, filters))
    disposition = f'attachment; filename="{_download_name(survey, "csv")}"'
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )


@results.get("/<int:survey_id>/export.xlsx")
@role_required("lead")
def export_xlsx(survey_id: int) -> Response | WerkzeugResponse:
    survey = _survey(survey_id)
    filters = _export_filters(survey, "xlsx")
    count = repository.count_matching(survey.id, filters)
    if count > export.XLSX_MAX_RESPONSES:
        abort(422, description=_("There are too many responses for one Excel sheet: download the CSV instead."))
    if count > current_app.config["EXPORT_JOB_ABOVE_ROWS"]:
        return _xlsx_job(survey, filters)
    # Written to a temporary file (deleted when closed), never held in memory.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - send_file closes it
    export.write_xlsx(export.columns(_questions(survey)), repository.export_batches(survey.id, filters), handle)
    handle.seek(0)
    response = send_file(
        handle, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=_download_name(survey, "xlsx")
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _xlsx_job(survey: Survey, filters: ResponseFilter) -> WerkzeugResponse:
    """Many responses: the workbook is made on the queue, and the person watches its progress."""
    params = {"survey_id": survey.id, "filters": survey_jobs.filters_to_params(filters)}
    params["name"] = _download_name(survey, "xlsx")
    title = _("Excel export of %(survey)s", survey=survey.title)
    return jobs.start_and_show("survey_xlsx", title, params, back_url=url_for("results.summary", survey_id=survey.id))


@results.get("/<int:survey_id>/results/text/<question_id>")
@role_required("viewer")
def text_answers(survey_id: int, question_id: str) -> str | tuple[str, int]:
    """One free-text question's answers, a page at a time, searched and filtered in the database,
    with the codebook themes each comment was given once there is a codebook."""
    survey = _survey(survey_id)
    questions = _questions(survey)
    question = next((q for q in questions if q.id == question_id and q.answerable), None)
    if question is None or question.kind.tally in (CHOICE, NUMBER):
        abort(404)
    themes = free_text.themes(survey.id, question.id)
    form = _filter_form(survey.id)
    search = text_answers_form(request.args, questions, themes)
    page = request.args.get("page", "1")
    if not page.isdigit() or int(page) < 1 or len(page) > 6:
        abort(400, description=_("The page number must be a whole number, 1 or more"))
    if not (form.validate() and search.validate()):
        return _render_texts(survey, question, form, search, None, 1), 400
    wanted = free_text.query(question, questions, search.search.data or "", search.answered.data or "")
    offset = (int(page) - 1) * TEXT_PAGE_SIZE
    found = free_text.answers_page(
        survey.id, form.response_filter(), wanted, themes, search.theme_id(), offset, TEXT_PAGE_SIZE
    )
    return _render_texts(survey, question, form, search, found, int(page))


def _render_texts(
    survey: Survey, question: Question, form: FilterForm, search: Any, found: free_text.TextAnswers | None, page: int
) -> str:
    found = found or free_text.TextAnswers(0, [])
    args = {
        **form.query_args(),
        **{k: v for k in ("search", "answered", "theme") if (v := getattr(search, k).data)},
    }

    def page_url(number: int) -> str:
        return url_for("results.text_answers", survey_id=survey.id, question_id=question.id, **args, page=number)

    def theme_url(theme_id: int) -> str:
        chosen = {**args, "theme": theme_id}  # the first page of that theme's answers
        return url_for("results.text_answers", survey_id=survey.id, question_id=question.id, **chosen)

    last = max(1, -(-found.total // TEXT_PAGE_SIZE))
    return render_template(
        "surveys/results/text_answers.html",
        survey=survey,
        question=question,
        form=form,
        search=search,
        total=found.total,
        answers=found.answers,
        theme_counts=found.theme_counts,
        theme_url=theme_url,
        page=page,
        last=last,
        first_number=(page - 1) * TEXT_PAGE_SIZE + 1,
        previous_url=page_url(page - 1) if page > 1 else None,
        next_url=page_url(page + 1) if page < last else None,
        results_url=url_for("results.summary", survey_id=survey.id, **form.query_args()),
        error_summary=error_summary_params(form, _("There is a problem"))
        or error_summary_params(search, _("There is a problem")),
    )
