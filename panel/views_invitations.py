"""Staff: invite panel members to a survey (draw, check, send), and see who answered by group.
Public: the short link printed on letters, /i/<code>."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from panel import groups, repository
from panel import invitations as service
from panel.invitation_forms import SendForm, draw_form
from toolkit import invitations as codes
from toolkit import jobs
from toolkit.auth import current_user_id, role_required
from toolkit.equality import cell_text
from toolkit.notify import notify_settings
from toolkit.schema import Panel
from toolkit.views import Page, form_page_with_problems, or_404

invitations = Blueprint("panel_invitations", __name__, template_folder="templates")

STAFF = "/staff/panel/<int:panel_id>/invitations"


def _dimension_choices(panel: Panel) -> list[tuple[str, str]]:
    return [(m.dimension, _dimension_label(m.dimension)) for m in groups.dimensions(panel.base)]


def _dimension_label(key: str) -> str:
    from toolkit.population import get_dimension

    return str(get_dimension(key).label)


@invitations.get(STAFF)
@role_required("lead")
def index(panel_id: int) -> str:
    panel = or_404(repository.get_panel(panel_id))
    return render_template(
        "panel/invitations/index.html",
        panel=panel,
        batches=service.batches(panel_id),
        waiting_letters=len(service.waiting_letters(panel_id)) if not notify_settings(current_app.config) else 0,
        form=FlaskForm(),
    )


@invitations.post(f"{STAFF}/letters")
@role_required("lead")
def print_letters(panel_id: int) -> Response:
    """Without Notify: print the letters waiting to be posted (consent renewals, say) as one PDF."""
    or_404(repository.get_panel(panel_id))
    if not FlaskForm().validate_on_submit():
        abort(400)
    back = url_for("panel_invitations.index", panel_id=panel_id)
    return jobs.start_and_show(service.LETTERS_JOB_KIND, _("Letters to post"), {"panel_id": panel_id}, back_url=back)


@invitations.route(f"{STAFF}/new", methods=["GET", "POST"])
@role_required("lead")
def new(panel_id: int) -> Page:
    panel = or_404(repository.get_panel(panel_id))
    surveys = [(s.id, s.title) for s in service.open_surveys(panel.team_id)]
    form = draw_form(surveys, _dimension_choices(panel), request.form if request.method == "POST" else None)
    sample, problems = None, []
    if request.method == "POST" and form.validate():
        size = None if form.everyone.data == "everyone" else form.size.data
        try:
            sample = service.draw(panel, size, form.dimensions.data, form.seed.data)
        except service.InvitationError as error:
            problems.append(str(error))
    send = SendForm(formdata=None)
    if sample is not None:
        send.survey_id.data, send.seed.data = form.survey_id.data, sample.seed
        send.size.data = "" if form.everyone.data == "everyone" else str(form.size.data)
        send.dimensions.data = ",".join(form.dimensions.data)
    return form_page_with_problems(
        "panel/invitations/new.html",
        form,
        problems,
        checking=sample is not None,
        panel=panel,
        sample=sample,
        send=send,
        surveys=surveys,
        label=_dimension_label,
    )


@invitations.post(f"{STAFF}/send")
@role_required("lead")
def send(panel_id: int) -> Response:
    panel = or_404(repository.get_panel(panel_id))
    form = SendForm(formdata=MultiDict(request.form))
    try:
        survey = or_404(service.get_survey(int(form.survey_id.data or 0)))
        size = int(form.size.data) if form.size.data else None
        seed = int(form.seed.data or "")
    except ValueError:
        abort(400, description=_("The invitations to send were not clear. Draw the sample again."))
    if not form.validate() or survey.id not in {s.id for s in service.open_surveys(panel.team_id)}:
        abort(400, description=_("The invitations to send were not clear. Draw the sample again."))
    base_url = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    try:
        batch = service.create_batch(
            panel,
            survey,
            size,
            (form.dimensions.data or "").split(","),
            seed,
            staff_user_id=current_user_id(),
            base_url=base_url,
        )
        service.start_sending(batch.id, current_user_id())
    except service.InvitationError as error:
        abort(400, description=str(error))
    back = url_for("panel_invitations.batch", panel_id=panel_id, batch_id=batch.id)
    title = _("Invitations to %(title)s", title=survey.title)
    return jobs.start_and_show(service.JOB_KIND, title, {"batch_id": batch.id}, back_url=back)


@invitations.get(f"{STAFF}/<int:batch_id>")
@role_required("lead")
def batch(panel_id: int, batch_id: int) -> str:
    panel = or_404(repository.get_panel(panel_id))
    found = or_404(service.batch(panel_id, batch_id))
    return render_template(
        "panel/invitations/batch.html",
        panel=panel,
        batch=found,
        survey=service.get_survey(found.survey_id),
        rates=service.response_rates(panel, found),
        weighting=service.weighting(panel, found),
        label=_dimension_label,
        cell_text=cell_text,
    )


@invitations.get("/i/<code>")
def public_short_link(code: str) -> Response:
    """The short link printed on a letter: on to the survey with the personal code."""
    normal = codes.normalise(code)
    survey = service.get_survey(codes.survey_of(normal) or 0) if normal else None
    if survey is None or normal is None:
        abort(404)
    return redirect(url_for("public.start", slug=survey.slug, invite=normal))
