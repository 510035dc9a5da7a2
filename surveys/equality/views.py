"""Staff: equality monitoring. Adding the standard questions, the survey's area and population,
the representativeness dashboard with weighting, and the admin-only raw export."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from surveys import repository
from surveys.equality import jobs as equality_jobs
from surveys.equality import model as equality
from surveys.equality import service as equality_service
from surveys.equality import tasks as equality_tasks
from surveys.equality.dashboard import DashboardView
from surveys.equality.forms import ActionForm, UploadForm, area_form, priority_form, topics_form, weighting_form
from surveys.equality.pages import PREPARING, weighting_context
from surveys.equality.service import Setup
from surveys.results.forms import FilterForm, filter_form
from surveys.views_common import survey_or_404 as _survey
from toolkit import jobs
from toolkit.auth import current_user, has_role, role_required
from toolkit.auth import current_user_id as _user_id
from toolkit.forms import error_summary_params
from toolkit.i18n import current_language
from toolkit.population import CustomPopulationError, custom_population_template
from toolkit.schema import Survey
from toolkit.views import Page, bad_request_if, form_page

equality_staff = Blueprint("equality", __name__, url_prefix="/staff/surveys", template_folder="../templates")


@equality_staff.context_processor
def _context() -> dict[str, Any]:
    user = current_user()
    return {"can_edit": has_role(user, "lead"), "can_export_raw": has_role(user, "admin")}


# --- helpers --------------------------------------------------------------------------------------------------


def _index_url(survey: Survey) -> str:
    return url_for("equality.index", survey_id=survey.id)


def _csv(text: str, name: str) -> Response:
    response = current_app.response_class(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# --- the equality page ----------------------------------------------------------------------------------------


@equality_staff.get("/<int:survey_id>/equality")
@role_required("viewer")
def index(survey_id: int) -> str:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    chosen = equality.chosen_topics(definition)
    return render_template(
        "surveys/equality/index.html",
        survey=survey,
        topics=[t for t in equality.topics() if t.key in chosen],
        problems=equality.equality_problems(definition),
        setup=equality_service.setup(survey),
        area_names=equality.area_names,
        action_form=ActionForm(),
        back_url=url_for("builder.overview", survey_id=survey.id),
    )


@equality_staff.post("/<int:survey_id>/equality/add")
@role_required("lead")
def add(survey_id: int) -> Response:
    survey = _survey(survey_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        equality_service.add_section(survey, None, _user_id())
    except equality.EqualitySectionError as error:
        abort(409, description=str(error))
    flash(_("Equality monitoring questions added. Publish the survey for people to see them."))
    return redirect(_index_url(survey))


@equality_staff.route("/<int:survey_id>/equality/questions", methods=["GET", "POST"])
@role_required("lead")
def questions(survey_id: int) -> Page:
    survey = _survey(survey_id)
    chosen = equality.chosen_topics(repository.definition_of(survey))
    form = topics_form(chosen or equality.default_topics())
    if form.validate_on_submit():
        try:
            equality_service.add_section(survey, form.chosen(), _user_id())
        except equality.EqualitySectionError as error:
            abort(409, description=str(error))
        flash(_("Equality monitoring questions saved. Publish the survey for people to see the change."))
        return redirect(_index_url(survey))
    return form_page("surveys/equality/questions.html", form, survey=survey, back_url=_index_url(survey))


# --- the area and its population ------------------------------------------------------------------------------


@equality_staff.route("/<int:survey_id>/equality/area", methods=["GET", "POST"])
@role_required("lead")
def area(survey_id: int) -> Page:
    survey = _survey(survey_id)
    form = area_form(equality_service.settings(survey), request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        equality_service.save_area(survey, form.area_codes(), form.base.data, form.threshold_value(), _user_id())
        flash(_("The survey's area is saved."))
        return redirect(_index_url(survey))
    return form_page("surveys/equality/area.html", form, survey=survey, back_url=_index_url(survey))


@equality_staff.route("/<int:survey_id>/equality/priority-groups", methods=["GET", "POST"])
@role_required("lead")
def priority_groups(survey_id: int) -> Page:
    survey = _survey(survey_id)
    found = equality_service.setup(survey)
    form = priority_form(equality_service.priority_choices(found), equality_service.chosen_priority(found))
    if form.validate_on_submit():
        equality_service.save_priority(survey, form.groups.data or [], _user_id())
        flash(_("The groups to put first are saved."))
        return redirect(url_for("equality.dashboard", survey_id=survey.id))
    return form_page(
        "surveys/equality/priority.html",
        form,
        survey=survey,
        back_url=_index_url(survey),
        engagement_text=equality_service.engagement_seldom_heard(survey),
    )


@equality_staff.route("/<int:survey_id>/equality/population", methods=["GET", "POST"])
@role_required("lead")
def population(survey_id: int) -> Page:
    survey = _survey(survey_id)
    form = UploadForm()
    problems: tuple[Any, ...] = ()
    if form.validate_on_submit() and (text := form.text()) is not None:
        try:
            tables = equality_service.custom_population(text, form.name.data)
        except CustomPopulationError as error:
            problems = error.problems
            form.table.errors = [_("The file has problems: fix the rows listed and upload it again")]
        else:
            equality_service.save_custom_population(survey, form.name.data, tables, _user_id())
            flash(_("Your population table is saved."))
            return redirect(_index_url(survey))
    return _population_page(survey, form, problems)


def _population_page(survey: Survey, form: UploadForm, problems: tuple[Any, ...]) -> Page:
    page = form_page(
        "surveys/equality/population.html",
        form,
        survey=survey,
        problems=problems,
        template_rows=equality_service.template_rows(),
        has_custom=equality_service.settings(survey).custom is not None,
        back_url=_index_url(survey),
    )
    return page


@equality_staff.post("/<int:survey_id>/equality/population/remove")
@role_required("lead")
def remove_population(survey_id: int) -> Response:
    survey = _survey(survey_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    equality_service.remove_custom_population(survey, _user_id())
    flash(_("Your population table is removed."))
    return redirect(_index_url(survey))


@equality_staff.get("/<int:survey_id>/equality/population-template.csv")
@role_required("viewer")
def population_template(survey_id: int) -> Response:
    _survey(survey_id)
    return _csv(custom_population_template(), "population-template.csv")


# --- the dashboard --------------------------------------------------------------------------------------------


def _filter_form(survey_id: int) -> FilterForm:
    return filter_form(request.args, repository.channels(survey_id))


@equality_staff.get("/<int:survey_id>/representativeness")
@role_required("viewer")
def dashboard(survey_id: int) -> Page:
    survey = _survey(survey_id)
    found = equality_service.setup(survey)
    filters = _filter_form(survey.id)
    if not filters.validate():
        return bad_request_if(_dashboard_page(survey, found, filters, None, {}), True)
    problem = equality_service.view_problem(filters.response_filter())
    view, now = None, None
    if found.questions and not problem:
        now = equality_service.publication(survey, found, equality_tasks.publish_soon)  # once a request
        view = equality_service.dashboard_now(survey, found, filters.response_filter(), now)
        problem = str(PREPARING) if view is None else None
    weighting = weighting_context(survey, filters, request.args, found, now)
    page = _dashboard_page(survey, found, filters, view, weighting, problem, now.catching_up_to if now else None)
    return bad_request_if(page, "weighting_form" in weighting and bool(weighting["weighting_form"].errors))


@equality_staff.post("/<int:survey_id>/representativeness/weighted-results")
@role_required("viewer")
def weigh_in_the_background(survey_id: int) -> Response:
    """Weighted results for a view too large to weigh in a request: a job, then its progress page."""
    survey = _survey(survey_id)
    found = equality_service.setup(survey)
    filters = filter_form(request.form, repository.channels(survey.id))
    margins = weighting_form(request.form, equality_service.margin_choices(found))
    chosen = filters.validate() and margins.validate() and margins.margin.data
    if not found.comparisons or not chosen or equality_service.view_problem(filters.response_filter()):
        abort(400, description=_("Choose the responses and at least one population margin on the dashboard first."))
    back = url_for("equality.dashboard", survey_id=survey.id, **filters.query_args(), margin=margins.margin.data)
    title = _("Weighted results: %(survey)s", survey=survey.title)
    params = equality_jobs.params(survey.id, filters.response_filter(), list(margins.margin.data), current_language())
    return jobs.start_and_show(equality_jobs.KIND, title, params, back_url=back + "#weighting")


def _dashboard_page(
    survey: Survey,
    found: Setup,
    filters: FilterForm,
    view: DashboardView | None,
    weighting: dict[str, Any],
    problem: str | None = None,
    catching_up_to: date | None = None,
) -> str:
    summary = error_summary_params(filters, _("There is a problem"))
    if "weighting_form" in weighting:
        summary = summary or error_summary_params(weighting["weighting_form"], _("There is a problem"))
    return render_template(
        "surveys/equality/dashboard.html",
        survey=survey,
        setup=found,
        form=filters,
        view=view,
        view_problem=problem,
        catching_up_to=catching_up_to,
        error_summary=summary,
        back_url=url_for("builder.overview", survey_id=survey.id),
        **weighting,
    )


# --- the raw export (admin only) ------------------------------------------------------------------------------


@equality_staff.get("/<int:survey_id>/equality/export.csv")
@role_required("admin")
def export_raw(survey_id: int) -> Response:
    survey = _survey(survey_id)
    text = equality_service.raw_export_csv(survey, _user_id())
    return _csv(text, f"{survey.slug}-equality-answers-{date.today().isoformat()}.csv")
