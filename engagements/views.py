"""Staff: the engagement record, its activities and comments, and its timeline."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from engagements import forms, repository, timeline
from engagements.blueprint import (
    ONE,
    STAFF,
    add_problems,
    engagement_or_404,
    engagements,
    own_team,
    staff_id,
    visible_teams,
)
from engagements.model import EngagementError
from toolkit.auth import role_required
from toolkit.schema import Engagement
from toolkit.views import Page, form_page


@engagements.get(f"{STAFF}/")
@role_required("viewer")
def index() -> str:
    return render_template("engagements/index.html", engagements=repository.all_engagements(visible_teams()))


def _engagement_form(engagement: Engagement | None = None) -> forms.EngagementForm:
    form = forms.EngagementForm()
    others = [e for e in repository.all_engagements(visible_teams()) if engagement is None or e.id != engagement.id]
    form.related_ids.choices = [(e.id, e.title) for e in others]
    return form


@engagements.route(f"{STAFF}/new", methods=["GET", "POST"])
@role_required("lead")
def new() -> Page:
    form = _engagement_form()
    if form.validate_on_submit():
        try:
            created = repository.create_engagement(form.details(), staff_id(), own_team())
            return redirect(url_for("engagements.overview", engagement_id=created.id))
        except EngagementError as error:
            add_problems(form, "title", error)
    return form_page("engagements/form.html", form, back_url=url_for("engagements.index"))


@engagements.route(f"{ONE}/edit", methods=["GET", "POST"])
@role_required("lead")
def edit(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = _engagement_form(found)
    if form.validate_on_submit():
        try:
            repository.update_engagement(found, form.details(), staff_id())
            flash(_("Engagement saved."))
            return redirect(url_for("engagements.overview", engagement_id=engagement_id))
        except EngagementError as error:
            add_problems(form, "title", error)
    elif not form.is_submitted():
        form.fill(repository.details_of(found))
    back = url_for("engagements.overview", engagement_id=engagement_id)
    return form_page("engagements/form.html", form, engagement=found, back_url=back)


@engagements.get(ONE)
@role_required("viewer")
def overview(engagement_id: int) -> str:
    found = engagement_or_404(engagement_id)
    surveys = repository.surveys_of(engagement_id)
    sessions = repository.sessions_of(engagement_id)
    activities = repository.activities_of(engagement_id)
    link_form = forms.LinkSurveyForm()
    link_form.survey.choices = [(str(s.id), s.title) for s in repository.unlinked_surveys()]
    return render_template(
        "engagements/overview.html",
        engagement=found,
        duty=repository.duty_assessment(found),
        related=repository.related(found),
        surveys=surveys,
        responses=repository.response_counts([s.id for s in surveys]),
        sessions=sessions,
        participants=repository.participant_counts([s.id for s in sessions]),
        activities=activities,
        comment_counts=repository.comment_counts([a.id for a in activities]),
        summary=repository.summary(engagement_id),
        warnings=repository.timing_warnings(found),
        status_form=forms.StatusForm(status=found.status),
        confirm=forms.ConfirmForm(),
        link_form=link_form,
        back_url=url_for("engagements.index"),
    )


@engagements.post(f"{ONE}/duty/sign-off")
@role_required("lead")
def sign_off(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        repository.sign_off_duty(found, staff_id())
        flash(_("The legal-duty assessment is signed off."))
    except EngagementError as error:
        flash(" ".join(str(p) for p in error.problems))
    return redirect(url_for("engagements.overview", engagement_id=engagement_id, _anchor="duty"))


@engagements.post(f"{ONE}/status")
@role_required("lead")
def status(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = forms.StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        repository.set_status(found, form.status.data or "", staff_id())
    except repository.LaunchBlockedError as error:
        html = render_template(
            "engagements/launch_blocked.html",
            engagement=found,
            blockers=error.blockers,
            back_url=url_for("engagements.overview", engagement_id=engagement_id),
        )
        return html, 409
    flash(_("Status changed."))
    return redirect(url_for("engagements.overview", engagement_id=engagement_id))


@engagements.post(f"{ONE}/surveys")
@role_required("lead")
def link_survey(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = forms.LinkSurveyForm()
    form.survey.choices = [(str(s.id), s.title) for s in repository.unlinked_surveys()]
    if not form.validate_on_submit():
        abort(400)
    try:
        repository.link_survey(found, int(form.survey.data), staff_id())
        flash(_("Survey added to the engagement."))
    except EngagementError as error:
        flash(" ".join(str(p) for p in error.problems))
    return redirect(url_for("engagements.overview", engagement_id=engagement_id, _anchor="surveys"))


@engagements.get(f"{ONE}/timeline")
@role_required("viewer")
def timeline_page(engagement_id: int) -> str:
    found = engagement_or_404(engagement_id)
    weeks = repository.weekly_of(engagement_id)
    return render_template(
        "engagements/timeline.html",
        engagement=found,
        timeline=repository.timeline_of(engagement_id),
        weeks=weeks,
        chart=timeline.weekly_chart(weeks, _("Survey responses"), _("People taking part")),
        back_url=url_for("engagements.overview", engagement_id=engagement_id),
    )
