"""Staff: building, publishing and distributing surveys.

Leads change things; viewers may look. Every change is a POST that redirects, and
every change is recorded in the audit trail by the repository.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from surveys import question_types, repository
from surveys.builder import editing, publishing, starters
from surveys.builder.forms import (
    QUESTION_TYPE_HINTS,
    QUESTION_TYPE_LABELS,
    ActionForm,
    ChannelForm,
    CreateFromForm,
    QuestionTypeForm,
    copy_form,
    date_examples,
    details_form,
    details_from_form,
    question_form,
    question_from_form,
    readability_checks,
    section_form,
    section_from_form,
    starter_choices,
)
from surveys.builder.warnings import publish_warnings
from surveys.model import DefinitionError, Question, SurveyDefinition, from_dict, validate
from surveys.views_common import public_url, question_or_404
from surveys.views_common import survey_or_404 as _survey
from toolkit import qr, teams
from toolkit.auth import current_user, has_role, role_required
from toolkit.auth import current_user_id as _user_id
from toolkit.i18n import BY_CODE
from toolkit.schema import Channel, StaffUser, Survey
from toolkit.views import Page, form_page, form_page_with_problems

builder = Blueprint("builder", __name__, url_prefix="/staff/surveys", template_folder="../templates")

QR_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
CHECK_READABILITY = "check_readability"  # the name of the button that checks wording without saving


@builder.context_processor
def _builder_context() -> dict[str, Any]:
    return {"can_edit": has_role(current_user(), "lead"), "type_labels": QUESTION_TYPE_LABELS}


# --- helpers -------------------------------------------------------------------------


def _me() -> StaffUser:
    user = current_user()
    assert user is not None  # role_required saw to that
    return user


def _overview_url(survey: Survey, anchor: str | None = None) -> str:
    return url_for("builder.overview", survey_id=survey.id, _anchor=anchor)


def _overview(survey: Survey, anchor: str | None = None) -> Response:
    return redirect(_overview_url(survey, anchor))


def _save(survey: Survey, before: SurveyDefinition, after: SurveyDefinition, action: str) -> list[str]:
    """Store a change unless it adds problems; the problems it would add, if any."""
    problems = editing.new_problems(before, after)
    if not problems:
        repository.save_definition(survey, after, _user_id(), action)
    return problems


def _save_move(survey: Survey, before: SurveyDefinition, after: SurveyDefinition, action: str) -> bool:
    """Moving things must not break routing: refuse a move that would, and say why."""
    problems = _save(survey, before, after, action)
    for problem in problems:
        flash(_("That move was not made: %(problem)s", problem=problem))
    return not problems


def _results_url(survey_id: int) -> str:
    try:
        return url_for("results.summary", survey_id=survey_id)
    except BuildError:
        return f"{builder.url_prefix}/{survey_id}/results"


def _direction(direction: str) -> str:
    if direction not in (editing.UP, editing.DOWN):
        abort(404)
    return direction


# --- the list and creating a survey ----------------------------------------------------


@builder.get("/")
@role_required("viewer")
def index() -> str:
    surveys = repository.all_surveys(teams.visible_team_ids(_me()))
    counts = {survey.id: repository.count_responses(survey.id) for survey in surveys}
    return render_template("surveys/builder/index.html", surveys=surveys, counts=counts)


@builder.route("/new", methods=["GET", "POST"])
@role_required("lead")
def create() -> Page:
    form = CreateFromForm()
    if not form.is_submitted():
        form.engagement.data = request.args.get("engagement", "")
    engagement = repository.engagement_of(form.engagement.data)
    if engagement is not None and not teams.may_reach(_me(), {"engagement_id": engagement.id}):
        engagement = None  # another team's engagement: the survey cannot join it
    form.team.choices = teams.choices_for(_me())
    form.start_from.choices = starter_choices(starters.STARTERS)
    if form.validate_on_submit():
        title = form.title.data.strip()
        starter = starters.STARTERS.get(form.start_from.data or "")
        definition = starters.definition_for(starter, title) if starter else None
        source = {"template": starter.key} if starter else {}
        engagement_id = engagement.id if engagement else None
        survey = _create_survey(form, definition, form.kind.data, engagement_id=engagement_id, audit_detail=source)
        if survey is not None:
            flash(_("Survey created. Add sections and questions, then publish it."), "success")
            return _overview(survey)
    return form_page(
        "surveys/builder/create.html",
        form,
        engagement=engagement,
        starters=starters.STARTERS,
        back_url=url_for("builder.index"),
    )


def _create_survey(form: Any, definition: SurveyDefinition | None, kind: str, **options: Any) -> Survey | None:
    """A new draft from a create or copy form (its title, web address and team); None, with the
    web address marked, when another survey has that address."""
    title = form.title.data.strip()
    slug = form.slug.data or editing.unique_slug(title, repository.slug_taken)
    try:
        return repository.create_survey(
            title, slug, _user_id(), kind=kind, definition=definition, team_id=form.team.data, **options
        )
    except repository.SurveyStateError:
        form.slug.errors = [_("Another survey already uses that web address. Choose a different one.")]
        return None


@builder.route("/<int:survey_id>/copy", methods=["GET", "POST"])
@role_required("lead")
def copy(survey_id: int) -> Page:
    """A new draft with the same content (and, if chosen, its translations); nothing else is copied."""
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    form = copy_form(survey, definition)
    form.team.choices = teams.choices_for(_me())
    if form.validate_on_submit():
        translations = bool(form.with_translations.data and definition.translations)
        copied = editing.copied(definition, form.title.data.strip(), with_translations=translations)
        detail = {"copied_from": survey.id, "with_translations": translations}
        created = _create_survey(form, copied, survey.kind, copy_of=survey, audit_detail=detail)
        if created is not None:
            flash(_("Copied “%(from)s” as a new draft.", **{"from": survey.title}), "success")
            return _overview(created)
    return form_page(
        "surveys/builder/copy.html",
        form,
        survey=survey,
        definition_has_translations=bool(definition.translations),
        back_url=_overview_url(survey),
    )


# --- a survey's overview and details ----------------------------------------------------


@builder.get("/<int:survey_id>")
@role_required("viewer")
def overview(survey_id: int) -> str:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    return render_template(
        "surveys/builder/overview.html",
        survey=survey,
        definition=definition,
        problems=validate(definition),
        rules=editing.condition_texts(definition),
        responses=repository.count_responses(survey.id),
        latest=repository.latest_version(survey.id),
        unpublished=repository.has_unpublished_changes(survey),
        results_url=_results_url(survey.id),
        preview_languages=[BY_CODE[code] for code in sorted(definition.translations) if code in BY_CODE],
        action_form=ActionForm(),
        back_url=url_for("builder.index"),
    )


@builder.route("/<int:survey_id>/details", methods=["GET", "POST"])
@role_required("lead")
def details(survey_id: int) -> Page:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    form = details_form(survey, definition)
    if form.validate_on_submit():
        changed, dates = details_from_form(form, definition)
        repository.save_definition(survey, changed, _user_id(), "edit_details")
        repository.update_details(survey, _user_id(), **dates)
        flash(_("Details saved."), "success")
        return _overview(survey)
    return form_page(
        "surveys/builder/details.html",
        form,
        survey=survey,
        examples=date_examples(),
        back_url=_overview_url(survey),
        default_retention_days=current_app.config["RESPONSE_RETENTION_DAYS"],
    )


# --- sections --------------------------------------------------------------------------


@builder.route("/<int:survey_id>/sections/new", methods=["GET", "POST"])
@builder.route("/<int:survey_id>/sections/<section_id>", methods=["GET", "POST"])
@role_required("lead")
def section(survey_id: int, section_id: str | None = None) -> Page:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    existing = _section_or_404(definition, section_id)
    form = section_form(editing.routing_choices(definition, section_id), existing)
    problems: list[str] = []
    if form.validate_on_submit():
        changed = section_from_form(form, section_id or definition.next_section_id(), existing)
        problems = _save(survey, definition, definition.with_section(changed), "edit_section")
        if not problems:
            saved = _("Section “%(title)s” saved.") if existing else _("Section “%(title)s” added.")
            flash(saved % {"title": changed.title}, "success")
            return _overview(survey, f"section-{changed.id}")
    return form_page_with_problems(
        "surveys/builder/section.html",
        form,
        problems,
        survey=survey,
        existing=existing,
        back_url=_overview_url(survey),
    )


def _section_or_404(definition: SurveyDefinition, section_id: str | None) -> Any:
    if section_id is None:
        return None
    try:
        return definition.section(section_id)
    except KeyError:
        abort(404)


@builder.post("/<int:survey_id>/sections/<section_id>/move/<direction>")
@role_required("lead")
def move_section(survey_id: int, section_id: str, direction: str) -> Response:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    _section_or_404(definition, section_id)
    changed = editing.move_section(definition, section_id, _direction(direction))
    _save_move(survey, definition, changed, "move_section")
    return _overview(survey, f"section-{section_id}")


@builder.route("/<int:survey_id>/sections/<section_id>/delete", methods=["GET", "POST"])
@role_required("lead")
def delete_section(survey_id: int, section_id: str) -> Page:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    doomed = _section_or_404(definition, section_id)
    return _delete_page(
        survey,
        definition,
        doomed.title,
        {q.id for q in doomed.questions},
        lambda: editing.remove_section(definition, section_id),
        "delete_section",
        _("Section “%(title)s” deleted.", title=doomed.title),
    )


def _delete_page(
    survey: Survey,
    definition: SurveyDefinition,
    thing: str,
    question_ids: set[str],
    removed: Callable[[], SurveyDefinition],
    action: str,
    done: str,
) -> Page:
    """Are you sure (naming the questions routed by what goes), then delete, say so, and go back."""
    form = ActionForm()
    if form.validate_on_submit():
        repository.save_definition(survey, removed(), _user_id(), action)
        flash(done)
        return _overview(survey)
    return render_template(
        "surveys/builder/delete.html",
        form=form,
        survey=survey,
        thing=thing,
        affected=editing.dependents(definition, question_ids),
        back_url=_overview_url(survey),
    )


# --- questions -------------------------------------------------------------------------


@builder.route("/<int:survey_id>/sections/<section_id>/questions/new", methods=["GET", "POST"])
@role_required("lead")
def choose_type(survey_id: int, section_id: str) -> Page:
    survey = _survey(survey_id)
    target = _section_or_404(repository.definition_of(survey), section_id)
    form = QuestionTypeForm()
    if form.validate_on_submit():
        return redirect(
            url_for("builder.new_question", survey_id=survey_id, section_id=section_id, question_type=form.type.data)
        )
    return form_page(
        "surveys/builder/choose_type.html",
        form,
        survey=survey,
        section=target,
        hints=QUESTION_TYPE_HINTS,
        back_url=_overview_url(survey, f"section-{section_id}"),
    )


@builder.route("/<int:survey_id>/sections/<section_id>/questions/new/<question_type>", methods=["GET", "POST"])
@role_required("lead")
def new_question(survey_id: int, section_id: str, question_type: str) -> Page:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    _section_or_404(definition, section_id)
    if question_type not in QUESTION_TYPE_LABELS:
        abort(404)
    return _question_page(survey, definition, section_id, question_type, None)


@builder.route("/<int:survey_id>/questions/<question_id>", methods=["GET", "POST"])
@role_required("lead")
def edit_question(survey_id: int, question_id: str) -> Page:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    question = question_or_404(definition, question_id)
    section_id = editing.section_of(definition, question_id).id
    return _question_page(survey, definition, section_id, question.type, question)


def _question_page(
    survey: Survey, definition: SurveyDefinition, section_id: str, question_type: str, existing: Question | None
) -> Page:
    """Add or change a question of one type: the form, and saving it; or, with the "check
    readability" button, the form again with the readability of what was typed, unsaved."""
    before = existing.id if existing else editing.NEW_QUESTION
    form = question_form(question_type, editing.routing_choices(definition, section_id, before), existing)
    checking = request.method == "POST" and CHECK_READABILITY in request.form
    problems: list[str] = []
    if not checking and form.validate_on_submit():
        question_id = existing.id if existing else definition.next_question_id()
        question = question_from_form(form, question_type, question_id, existing)
        problems = _save(survey, definition, editing.put_question(definition, section_id, question), "edit_question")
        if not problems:
            saved = _("Question “%(text)s” saved.") if existing else _("Question “%(text)s” added.")
            flash(saved % {"text": question.text}, "success")
            return _overview(survey, f"section-{section_id}")
    return form_page_with_problems(
        "surveys/builder/question.html",
        form,
        problems,
        checking=checking,
        checks=readability_checks(form),
        check_readability=CHECK_READABILITY,
        survey=survey,
        question_type=question_type,
        answerable=question_types.get(question_type).answerable,
        existing=existing,
        section=definition.section(section_id),
        back_url=_overview_url(survey, f"section-{section_id}"),
    )


@builder.post("/<int:survey_id>/questions/<question_id>/move/<direction>")
@role_required("lead")
def move_question(survey_id: int, question_id: str, direction: str) -> Response:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    question_or_404(definition, question_id)
    changed = editing.move_question(definition, question_id, _direction(direction))
    if not _save_move(survey, definition, changed, "move_question"):
        changed = definition
    return _overview(survey, f"section-{editing.section_of(changed, question_id).id}")


@builder.route("/<int:survey_id>/questions/<question_id>/delete", methods=["GET", "POST"])
@role_required("lead")
def delete_question(survey_id: int, question_id: str) -> Page:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    question = question_or_404(definition, question_id)
    return _delete_page(
        survey,
        definition,
        question.text,
        {question_id},
        lambda: editing.remove_question(definition, question_id),
        "delete_question",
        _("Question “%(text)s” deleted.", text=question.text),
    )


# --- publishing ------------------------------------------------------------------------


def _publish_page(survey: Survey, status: int = 200) -> tuple[str, int]:
    definition = repository.definition_of(survey)
    problems = publishing.publish_problems(definition)
    summary = {"titleText": _("There is a problem"), "errorList": [{"text": p, "href": "#problems"} for p in problems]}
    html = render_template(
        "surveys/builder/publish.html",
        survey=survey,
        problems=problems,
        error_summary=summary if status == 400 else None,
        warnings=publish_warnings(definition, survey.kind, survey.opens_on, survey.closes_on, date.today()),
        versions=repository.versions(survey.id),
        unpublished=repository.has_unpublished_changes(survey),
        form=ActionForm(),
        back_url=_overview_url(survey),
    )
    return html, status


@builder.get("/<int:survey_id>/publish")
@role_required("viewer")
def publish_check(survey_id: int) -> tuple[str, int]:
    return _publish_page(_survey(survey_id))


@builder.post("/<int:survey_id>/publish")
@role_required("lead")
def publish(survey_id: int) -> Page:
    survey = _survey(survey_id)
    try:
        version = repository.publish(survey, _user_id())
    except DefinitionError:
        return _publish_page(survey, 400)
    flash(_("Version %(number)s is live.", number=version.number))
    return _overview(survey)


@builder.get("/<int:survey_id>/versions/<int:number>")
@role_required("viewer")
def version(survey_id: int, number: int) -> str:
    survey = _survey(survey_id)
    found = next((v for v in repository.versions(survey.id) if v.number == number), None)
    if found is None:
        abort(404)
    definition = from_dict(found.definition)
    return render_template(
        "surveys/builder/version.html",
        survey=survey,
        version=found,
        definition=definition,
        rules=editing.condition_texts(definition),
        back_url=url_for("builder.publish_check", survey_id=survey.id),
    )


@builder.post("/<int:survey_id>/close")
@role_required("lead")
def close(survey_id: int) -> Response:
    return _change_state(_survey(survey_id), repository.close, _("The survey is closed."))


@builder.post("/<int:survey_id>/reopen")
@role_required("lead")
def reopen(survey_id: int) -> Response:
    return _change_state(_survey(survey_id), repository.reopen, _("The survey is open again."))


def _change_state(survey: Survey, change: Any, message: str) -> Response:
    try:
        change(survey, _user_id())
    except repository.SurveyStateError:
        abort(409, description=_("The survey cannot change to that state now. Go back and try again."))
    flash(message)
    return _overview(survey)


# --- channels and QR codes ----------------------------------------------------------------


def _channels_page(survey: Survey, form: ChannelForm) -> Page:
    everything = repository.channels(survey.id)
    return form_page(
        "surveys/builder/channels.html",
        form,
        survey=survey,
        channels=[channel for channel in everything if channel.retired_at is None],
        retired=[channel for channel in everything if channel.retired_at is not None],
        links={channel.id: public_url(survey, channel) for channel in everything},
        responses=repository.responses_by_channel(survey.id),
        back_url=_overview_url(survey),
    )


def _to_channel(survey: Survey, channel: Channel | None = None) -> Response:
    anchor = f"channel-{channel.id}" if channel is not None else None
    return redirect(url_for("builder.channels", survey_id=survey.id, _anchor=anchor))


def _channel(survey: Survey, channel_id: int, handed_out: bool = False) -> Channel:
    """The survey's channel, 404 for a forged id; with `handed_out`, 409 for the survey's own
    link, which is neither deleted nor retired (it is the survey's address)."""
    channel = repository.channel_of(survey.id, channel_id)
    if channel is None:
        abort(404)
    if handed_out and channel.is_default:
        abort(409, description=_("The survey’s own link cannot be deleted or retired. You can rename it."))
    return channel


@builder.get("/<int:survey_id>/channels")
@role_required("viewer")
def channels(survey_id: int) -> Page:
    return _channels_page(_survey(survey_id), ChannelForm())


@builder.post("/<int:survey_id>/channels")
@role_required("lead")
def add_channel(survey_id: int) -> Page:
    survey = _survey(survey_id)
    form = ChannelForm()
    if form.validate_on_submit():
        try:
            channel = repository.add_channel(survey, form.name.data.strip(), _user_id())
        except repository.SurveyStateError:
            form.name.errors = [_("This survey already has a channel with that name")]
        else:
            flash(_("Channel “%(name)s” added.", name=channel.name))
            return _to_channel(survey, channel)
    return _channels_page(survey, form)


@builder.route("/<int:survey_id>/channels/<int:channel_id>/rename", methods=["GET", "POST"])
@role_required("lead")
def rename_channel(survey_id: int, channel_id: int) -> Page:
    survey = _survey(survey_id)
    channel = _channel(survey, channel_id)
    form = ChannelForm(data={"name": channel.name})
    if form.validate_on_submit():
        try:
            repository.rename_channel(channel, form.name.data, _user_id())
        except repository.ChannelNameTaken:
            form.name.errors = [_("This survey already has a channel with that name")]
        except repository.ChannelNameFixed:
            form.name.errors = [_("The paper channel keeps its name: keyed paper copies are recorded under it")]
        else:
            name = form.name.data.strip()
            flash(_("Channel renamed to “%(name)s”. Its link and QR code are the same.", name=name))
            return _to_channel(survey, channel)
    back = url_for("builder.channels", survey_id=survey.id)
    return form_page("surveys/builder/rename_channel.html", form, survey=survey, channel=channel, back_url=back)


@builder.route("/<int:survey_id>/channels/<int:channel_id>/delete", methods=["GET", "POST"])
@role_required("lead")
def delete_channel(survey_id: int, channel_id: int) -> Page:
    """Delete a channel nobody has answered through; one with responses is retired instead."""
    survey = _survey(survey_id)
    channel = _channel(survey, channel_id, handed_out=True)
    responses = repository.responses_by_channel(survey.id).get(channel.id, 0)
    if request.method == "POST" and not responses:
        try:
            repository.delete_channel(channel, _user_id())
        except repository.ChannelInUse as in_use:
            responses = in_use.responses
        else:
            flash(_("Channel “%(name)s” deleted.", name=channel.name))
            return _to_channel(survey)
    html = render_template(
        "surveys/builder/delete_channel.html",
        survey=survey,
        channel=channel,
        responses=responses,
        back_url=url_for("builder.channels", survey_id=survey.id),
    )
    return (html, 409) if request.method == "POST" else html


@builder.post("/<int:survey_id>/channels/<int:channel_id>/<any(retire, reinstate):action>")
@role_required("lead")
def retire_channel(survey_id: int, channel_id: int, action: str) -> Response:
    survey = _survey(survey_id)
    channel = _channel(survey, channel_id, handed_out=True)
    repository.retire_channel(channel, _user_id(), retired=action == "retire")
    if action == "retire":
        flash(_("Channel “%(name)s” retired. Its link still works and still counts for it.", name=channel.name))
    else:
        flash(_("Channel “%(name)s” is in use again.", name=channel.name))
    return _to_channel(survey, channel)


@builder.get("/<int:survey_id>/channels/<int:channel_id>/qr.<kind>")
@role_required("viewer")
def channel_qr(survey_id: int, channel_id: int, kind: str) -> Response:
    survey = _survey(survey_id)
    channel = _channel(survey, channel_id)
    if kind not in QR_TYPES:
        abort(404)
    url = public_url(survey, channel)
    image = qr.qr_svg(url) if kind == "svg" else qr.qr_png(url)
    response = current_app.response_class(image, mimetype=QR_TYPES[kind])
    if request.args.get("download"):
        name = editing.slug_from_title(f"{survey.slug} {channel.name}")
        response.headers["Content-Disposition"] = f'attachment; filename="qr-{name}.{kind}"'
    return response
