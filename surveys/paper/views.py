"""Staff: the survey in other formats. Easy-read wording and pictures with a
readability check; print-ready PDFs (standard, large print, easy read) with a
reference per copy; posters per channel; keying returned paper copies, with
optional double keying and a supervisor settling mismatches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel import Locale
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from surveys import readability, repository
from surveys.easy_read import model as easy_read
from surveys.easy_read import repository as images
from surveys.model import SurveyDefinition, from_dict
from surveys.paper import jobs as paper_jobs
from surveys.paper import model as paper
from surveys.paper import print_runs, printing
from surveys.paper import repository as paper_repository
from surveys.paper.forms import (
    REFERENCE_FIELD,
    VERSION_FIELD,
    DoubleKeyingForm,
    easy_read_change,
    easy_read_form,
    entry_answers,
    entry_form,
    posted_reference,
    print_form,
    settle_choices,
    settle_form,
    shown_version,
)
from surveys.views_common import public_url, question_or_404
from surveys.views_common import survey_or_404 as _survey
from toolkit import concurrency, jobs
from toolkit.auth import current_user, has_role, role_required
from toolkit.auth import current_user_id as _user_id
from toolkit.forms import error_summary_params
from toolkit.schema import PaperCopy, Survey, SurveyVersion
from toolkit.views import Page, form_page

paper_staff = Blueprint("paper", __name__, url_prefix="/staff/surveys", template_folder="../templates")

FREEPOST_PLACEHOLDER = "RETURN ADDRESS NOT SET – ask the toolkit's administrator to set FREEPOST_ADDRESS"


@paper_staff.context_processor
def _context() -> dict[str, Any]:
    user = current_user()
    return {
        "can_edit": has_role(user, "lead"),
        "can_key": has_role(user, "facilitator"),
        "reference_field": REFERENCE_FIELD,
        "version_field": VERSION_FIELD,
    }


# --- helpers ---------------------------------------------------------------------------------------


def _pdf(content: bytes, name: str) -> Response:
    response = current_app.response_class(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# --- the paper page ----------------------------------------------------------------------------------


@paper_staff.get("/<int:survey_id>/paper")
@role_required("viewer")
def index(survey_id: int) -> str:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    return _index_page(survey, definition, print_form(None, _language_names(definition)))


def _index_page(survey: Survey, definition: SurveyDefinition, form: Any) -> str:
    return render_template(
        "surveys/paper/index.html",
        survey=survey,
        form=form,
        error_summary=error_summary_params(form, _("There is a problem")),
        keying_form=DoubleKeyingForm(data={"double_keying": paper_repository.double_keying(survey.id)}),
        counts=paper_repository.counts(survey.id),
        channels=repository.channels(survey.id),
        published=repository.latest_version(survey.id) is not None,
        languages=printing.languages(definition),
        max_copies=printing.MAX_COPIES,
        back_url=url_for("builder.overview", survey_id=survey.id),
    )


def _language_names(definition: SurveyDefinition) -> list[tuple[str, str]]:
    return [(code, Locale.parse(code).get_display_name(code) or code) for code in printing.languages(definition)]


@paper_staff.post("/<int:survey_id>/paper/settings")
@role_required("lead")
def settings(survey_id: int) -> Response:
    survey = _survey(survey_id)
    form = DoubleKeyingForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form had expired. Go back and try again."))
    paper_repository.set_double_keying(survey.id, bool(form.double_keying.data), _user_id())
    flash(_("Double keying is on.") if form.double_keying.data else _("Double keying is off."))
    return redirect(url_for("paper.index", survey_id=survey.id))


# --- PDFs ---------------------------------------------------------------------------------------------


@paper_staff.post("/<int:survey_id>/print")
@role_required("facilitator")
def print_choice(survey_id: int) -> Page:
    """The print form: numbered copies, made and downloaded in this request (a POST with its CSRF
    token: each copy's reference is recorded)."""
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    form = print_form(request.form, _language_names(definition))
    if not form.validate():
        return _index_page(survey, definition, form), 400
    return _print_run(survey, form.variant.data, form.language.data, str(form.copies.data))


@paper_staff.route("/<int:survey_id>/print/<variant>.pdf", methods=["GET", "POST"])
@role_required("facilitator")
def print_pdf(survey_id: int, variant: str) -> Page:
    """GET: one sample copy with no reference (nothing is recorded). POST (with its CSRF token):
    `copies` numbered copies, each reference recorded."""
    survey = _survey(survey_id)
    if variant not in paper.VARIANTS:
        abort(404)
    if request.method == "GET":
        if "copies" in request.args:
            abort(400, description=_("Numbered copies are made with the print form on the survey’s paper page."))
        return _print_run(survey, variant, request.args.get("lang", "en"), None)
    return _print_run(survey, variant, request.form.get("lang", "en"), request.form.get("copies"))


def _print_run(survey: Survey, variant: str, language: str, copies: str | None) -> Response:
    """Numbered copies when `copies` is given, else one sample; one run at a time per person."""
    try:
        count = printing.parse_copies(copies)
        if copies is not None and count > current_app.config["PRINT_JOB_ABOVE_COPIES"]:
            return _print_job(survey, variant, language, count)
        with concurrency.slot(_print_slots(), f"user-{_user_id()}", current_app.config["PRINT_RUNS_PER_USER"]):
            run = print_runs.produce(survey, variant, language, count, _user_id(), numbered=copies is not None)
    except printing.PrintError as error:
        abort(400, description=str(error))
    except concurrency.Busy:
        abort(429, description=_("You are already making a PDF. Wait for it to download, then try again."))
    return _pdf(run.content, run.filename)


def _print_job(survey: Survey, variant: str, language: str, count: int) -> Response:
    """A big print run is made on the queue; the person watches its progress page."""
    version = repository.latest_version(survey.id)
    if version is None:
        abort(409, description=_("Publish the survey before printing numbered copies."))
    printing.localise(from_dict(version.definition), language)  # PrintError (400) for a language it lacks
    title = _("%(count)s numbered copies of %(survey)s", count=count, survey=survey.title)
    params = {"survey_id": survey.id, "variant": variant, "language": language, "copies": count}
    return jobs.start_and_show("survey_print", title, params, back_url=url_for("paper.index", survey_id=survey.id))


def _print_slots() -> Path:
    return Path(current_app.instance_path) / "print-runs"


@paper_staff.get("/<int:survey_id>/channels/<int:channel_id>/poster.pdf")
@role_required("viewer")
def poster(survey_id: int, channel_id: int) -> Response:
    survey = _survey(survey_id)
    channel = next((c for c in repository.channels(survey.id) if c.id == channel_id), None)
    if channel is None:
        abort(404)
    html = paper_jobs.poster_html(survey, channel, public_url(survey, channel))
    return _pdf(printing.to_pdf(html), f"{survey.slug}-poster-{channel.code}")


@paper_staff.post("/<int:survey_id>/posters.pdf")
@role_required("viewer")
def posters(survey_id: int) -> Response:
    """Every channel's poster in one PDF, made on the queue."""
    survey = _survey(survey_id)
    channels = [channel for channel in repository.channels(survey.id) if channel.retired_at is None]
    links = {str(channel.id): public_url(survey, channel) for channel in channels}
    title = _("Posters for every channel of %(survey)s", survey=survey.title)
    back = url_for("paper.index", survey_id=survey.id)
    return jobs.start_and_show("survey_posters", title, {"survey_id": survey.id, "links": links}, back_url=back)


# --- keying returned copies ------------------------------------------------------------------------------


@paper_staff.route("/<int:survey_id>/paper/enter", methods=["GET", "POST"])
@role_required("facilitator")
def enter(survey_id: int) -> Page:
    """Key a returned copy against the questions of the version it was printed from."""
    survey = _survey(survey_id)
    reference = posted_reference(request.form)
    printed = paper_repository.copy(survey.id, reference) if reference else None
    version = paper_repository.version_to_key(survey.id, printed)
    if version is None:
        abort(409, description=_("Publish the survey and print copies before keying returned copies."))
    definition = from_dict(version.definition)
    form = entry_form(definition)
    if form.validate_on_submit():
        outcome = _key(survey, printed, version, definition, form)
        if outcome is not None:
            flash(outcome)
            return redirect(url_for("paper.enter", survey_id=survey.id))
    return form_page(
        "surveys/paper/enter.html",
        form,
        survey=survey,
        version=version,
        items=paper.numbered_questions(definition),
        double_keying=paper_repository.double_keying(survey.id),
        back_url=url_for("paper.index", survey_id=survey.id),
    )


def _key(
    survey: Survey, printed: PaperCopy | None, version: SurveyVersion, definition: SurveyDefinition, form: Any
) -> str | None:
    """Keep one keying; the message to show after it, or None with the problem on the form."""
    field = form[REFERENCE_FIELD]
    if printed is None:
        field.errors = [_("That reference was not printed for this survey. Check the number on the copy.")]
        return None
    try:
        paper_repository.check_keyable(survey.id, printed.reference)
        if shown_version(form) not in (None, version.number):
            # Keyed against another version's questions: show this copy's own, keeping what was typed.
            field.errors = [_wrong_version_message(printed.reference, version.number)]
            return None
        outcome = paper_repository.record_keying(survey, printed, entry_answers(form, definition), _user_id())
    except paper_repository.PaperError as error:
        field.errors = [str(error)]
        return None
    return _outcome_message(outcome, printed.reference)


def _wrong_version_message(reference: str, number: int) -> str:
    message: str = _(
        "Copy %(reference)s was printed from version %(number)s of the survey. Its questions are "
        "shown below: check each answer against the copy, then save it.",
        reference=reference,
        number=number,
    )
    return message


def _outcome_message(outcome: str, reference: str) -> str:
    if outcome == paper_repository.FIRST_KEYING:
        message = _("Copy %(reference)s keyed once. Someone else should now key it a second time.", reference=reference)
    elif outcome == paper_repository.MISMATCH:
        message = _(
            "Copy %(reference)s: the two keyings differ. It is listed for a supervisor to settle.", reference=reference
        )
    else:
        message = _("Copy %(reference)s saved as a response. Key the next copy.", reference=reference)
    return str(message)


@paper_staff.get("/<int:survey_id>/paper/mismatches")
@role_required("lead")
def mismatches(survey_id: int) -> str:
    survey = _survey(survey_id)
    return render_template(
        "surveys/paper/mismatches.html",
        survey=survey,
        mismatches=paper_repository.mismatches(survey.id),
        back_url=url_for("paper.index", survey_id=survey.id),
    )


@paper_staff.route("/<int:survey_id>/paper/mismatches/<reference>", methods=["GET", "POST"])
@role_required("lead")
def settle(survey_id: int, reference: str) -> Page:
    survey = _survey(survey_id)
    item = paper_repository.mismatch(survey.id, reference)
    if item is None:
        abort(404)
    form = settle_form(item)
    if form.validate_on_submit():
        try:
            paper_repository.settle(survey, item, settle_choices(form, item), _user_id())
        except paper_repository.PaperError as error:
            abort(409, description=str(error))
        flash(_("Copy %(reference)s settled and saved as a response.", reference=reference))
        return redirect(url_for("paper.mismatches", survey_id=survey.id))
    return form_page(
        "surveys/paper/settle.html",
        form,
        survey=survey,
        item=item,
        back_url=url_for("paper.mismatches", survey_id=survey.id),
    )


# --- easy-read wording and pictures -----------------------------------------------------------------------


@paper_staff.get("/<int:survey_id>/easy-read")
@role_required("viewer")
def easy_read_overview(survey_id: int) -> str:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    return render_template(
        "surveys/paper/easy_read.html",
        survey=survey,
        definition=definition,
        checks=_readability(definition.questions()),
        back_url=url_for("builder.overview", survey_id=survey.id),
    )


def _readability(questions: Any) -> dict[str, Any]:
    return {
        q.id: (readability.check(q.text), readability.check(q.easy_read_text, readability.EASY_READ)) for q in questions
    }


@paper_staff.route("/<int:survey_id>/easy-read/<question_id>", methods=["GET", "POST"])
@role_required("lead")
def easy_read_question(survey_id: int, question_id: str) -> Page:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    question = question_or_404(definition, question_id)
    form = easy_read_form(question)
    if form.validate_on_submit():
        change = easy_read_change(form, question)
        if change is not None:
            images.save_easy_read(survey, definition, change, _user_id())
            flash(_("Easy-read version saved. Publish the survey again for people to see it."))
            return redirect(url_for("paper.easy_read_question", survey_id=survey.id, question_id=question.id))
    return form_page(
        "surveys/paper/easy_read_question.html",
        form,
        survey=survey,
        question=question,
        checks=_readability([question])[question.id],
        back_url=url_for("paper.easy_read_overview", survey_id=survey.id, _anchor=f"question-{question.id}"),
    )


@paper_staff.get("/<int:survey_id>/pictures/<int:image_id>")
@role_required("viewer")
def picture(survey_id: int, image_id: int) -> Response:
    """A picture for staff, whatever the survey's state (the public route serves published surveys only)."""
    image = images.image_of(survey_id, image_id)
    if image is None or image.mime_type not in easy_read.SERVED_TYPES:
        abort(404)
    response = current_app.response_class(image.content, mimetype=image.mime_type)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
