"""Staff: other activities (drop-ins, meetings, letters, petitions...) and the comments they produced."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from engagements import forms, model, repository
from engagements.blueprint import ONE, add_problems, engagement_or_404, engagements, staff_id
from engagements.model import EngagementError
from toolkit.auth import current_user, has_role, role_required
from toolkit.schema import EngagementActivity
from toolkit.views import Page, form_page

ACTIVITY = f"{ONE}/activities/<int:activity_id>"


def _activity_or_404(engagement_id: int, activity_id: int) -> EngagementActivity:
    found = repository.get_activity(engagement_id, activity_id)
    if found is None:
        abort(404)
    return found


@engagements.route(f"{ONE}/activities/new", methods=["GET", "POST"])
@role_required("lead")
def new_activity(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = forms.ActivityForm()
    if form.validate_on_submit():
        try:
            activity = repository.save_activity(found, form.details(), staff_id())
            return redirect(url_for("engagements.activity", engagement_id=engagement_id, activity_id=activity.id))
        except EngagementError as error:
            add_problems(form, "title", error)
    back = url_for("engagements.overview", engagement_id=engagement_id)
    return form_page("engagements/activity_form.html", form, engagement=found, back_url=back)


@engagements.route(f"{ACTIVITY}/edit", methods=["GET", "POST"])
@role_required("lead")
def edit_activity(engagement_id: int, activity_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    activity = _activity_or_404(engagement_id, activity_id)
    form = forms.ActivityForm()
    if form.validate_on_submit():
        try:
            repository.save_activity(found, form.details(), staff_id(), activity)
            flash(_("Activity saved."))
            return redirect(url_for("engagements.activity", engagement_id=engagement_id, activity_id=activity_id))
        except EngagementError as error:
            add_problems(form, "title", error)
    elif not form.is_submitted():
        form.fill(activity)
    back = url_for("engagements.activity", engagement_id=engagement_id, activity_id=activity_id)
    return form_page("engagements/activity_form.html", form, engagement=found, activity=activity, back_url=back)


@engagements.route(ACTIVITY, methods=["GET", "POST"])
@role_required("viewer")
def activity(engagement_id: int, activity_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    item = _activity_or_404(engagement_id, activity_id)
    form = forms.CommentsForm()
    if form.validate_on_submit():
        _require_facilitator()
        try:
            texts = model.comments_from_block(form.comments.data or "")
            added = repository.add_comments(item, texts, form.received_on.data, staff_id())
            flash(_("%(count)d comments added.", count=len(added)))
            return redirect(url_for("engagements.activity", engagement_id=engagement_id, activity_id=activity_id))
        except EngagementError as error:
            add_problems(form, "comments", error)
    context = {"engagement": found, "activity": item, "comments": repository.comments_of(activity_id)}
    back = url_for("engagements.overview", engagement_id=engagement_id, _anchor="activities")
    return form_page("engagements/activity.html", form, back_url=back, **context)


def _require_facilitator() -> None:
    if not has_role(current_user(), "facilitator"):
        abort(403)
