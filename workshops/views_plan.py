"""Staff: planning engagements and sessions, the discussion guide, tables, attendance, expenses."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from toolkit import teams
from toolkit.auth import current_user, role_required
from toolkit.schema import WorkshopSession
from toolkit.views import Page, form_page
from workshops import forms, repository
from workshops.blueprint import SESSION, STAFF, add_problems, session_or_404, staff_id, workshops
from workshops.model import WorkshopError


@workshops.get(f"{STAFF}/")
@role_required("viewer")
def index() -> str:
    user = current_user()
    assert user is not None  # role_required saw to that
    engagements = repository.all_engagements(teams.visible_team_ids(user))
    return render_template("workshops/index.html", engagements=engagements)


@workshops.route(f"{STAFF}/new", methods=["GET", "POST"])
@role_required("lead")
def new_engagement() -> Page:
    form = forms.NewEngagementForm()
    user = current_user()
    assert user is not None  # role_required saw to that
    form.team.choices = teams.choices_for(user)
    if form.validate_on_submit():
        title, description = form.title.data or "", form.description.data or ""
        engagement = repository.create_engagement(title, description, staff_id(), team_id=form.team.data)
        return redirect(url_for("workshops.engagement", engagement_id=engagement.id))
    return form_page("workshops/engagement_form.html", form, back_url=url_for("workshops.index"))


@workshops.get(f"{STAFF}/<int:engagement_id>")
@role_required("viewer")
def engagement(engagement_id: int) -> str:
    found = repository.get_engagement(engagement_id) or abort(404)
    return render_template(
        "workshops/engagement.html", engagement=found, sessions=repository.sessions_of(engagement_id)
    )


@workshops.route(f"{STAFF}/<int:engagement_id>/sessions/new", methods=["GET", "POST"])
@role_required("lead")
def new_session(engagement_id: int) -> Page:
    found = repository.get_engagement(engagement_id) or abort(404)
    form = forms.SessionForm()
    if form.validate_on_submit():
        try:
            workshop = repository.create_session(found, form.details(), staff_id())
            return redirect(url_for("workshops.session", session_id=workshop.id))
        except WorkshopError as error:
            add_problems(form, "venue", error)
    back = url_for("workshops.engagement", engagement_id=engagement_id)
    return form_page("workshops/session_form.html", form, engagement=found, back_url=back)


@workshops.route(f"{SESSION}/edit", methods=["GET", "POST"])
@role_required("lead")
def edit_session(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = forms.SessionForm()
    if form.validate_on_submit():
        try:
            repository.update_session(workshop, form.details(), staff_id())
            flash(_("Session details saved."))
            return redirect(url_for("workshops.session", session_id=session_id))
        except WorkshopError as error:
            add_problems(form, "venue", error)
    elif not form.is_submitted():
        form.fill(workshop)
    back = url_for("workshops.session", session_id=session_id)
    return form_page("workshops/session_form.html", form, workshop=workshop, back_url=back)


@workshops.get(SESSION)
@role_required("viewer")
def session(session_id: int) -> str:
    workshop = session_or_404(session_id)
    return render_template(
        "workshops/session.html",
        workshop=workshop,
        engagement=repository.get_engagement(workshop.engagement_id),
        topics=repository.topics(session_id),
        tables=repository.tables(session_id),
        back_url=url_for("workshops.engagement", engagement_id=workshop.engagement_id),
    )


@workshops.route(f"{SESSION}/guide", methods=["GET", "POST"])
@role_required("lead")
def guide(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = forms.TopicForm()
    if form.validate_on_submit():
        repository.add_topic(
            session_id, form.title.data or "", form.questions.data or "", form.minutes.data or 15, staff_id()
        )
        flash(_("Topic added to the discussion guide."))
        return redirect(url_for("workshops.guide", session_id=session_id))
    copy = _copy_form(workshop)
    back = url_for("workshops.session", session_id=session_id)
    context: dict[str, Any] = {
        "workshop": workshop,
        "topics": repository.topics(session_id),
        "copy": copy,
        "back_url": back,
    }
    return form_page("workshops/guide.html", form, **context)


def _copy_form(workshop: WorkshopSession) -> forms.CopyGuideForm:
    """Another session of the same engagement whose guide can be reused."""
    form = forms.CopyGuideForm(prefix="copy")
    others = repository.sessions_of(workshop.engagement_id)
    form.from_session.choices = [(str(s.id), s.title) for s in others if s.id != workshop.id]
    return form


@workshops.post(f"{SESSION}/guide/copy")
@role_required("lead")
def copy_guide(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = _copy_form(workshop)
    if not form.validate_on_submit():
        abort(404)
    count = repository.copy_guide(int(form.from_session.data), session_id, staff_id())
    flash(_("%(count)d topics copied.", count=count))
    return redirect(url_for("workshops.guide", session_id=session_id))


@workshops.route(f"{SESSION}/tables", methods=["GET", "POST"])
@role_required("facilitator")
def tables(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = forms.TableForm()
    if form.validate_on_submit():
        repository.add_table(session_id, form.name.data or "", staff_id())
        flash(_("Table added."))
        return redirect(url_for("workshops.tables", session_id=session_id))
    back = url_for("workshops.session", session_id=session_id)
    context: dict[str, Any] = {"workshop": workshop, "tables": repository.tables(session_id), "back_url": back}
    return form_page("workshops/tables.html", form, **context)


@workshops.route(f"{SESSION}/attendance", methods=["GET", "POST"])
@role_required("facilitator")
def attendance(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = forms.attendance_form(repository.attendance(session_id))
    if form.validate_on_submit():
        counts = {name: int(field.data) for name, field in form._fields.items() if name != "csrf_token"}
        repository.set_attendance(session_id, counts, staff_id())
        flash(_("Attendance saved."))
        return redirect(url_for("workshops.session", session_id=session_id))
    back = url_for("workshops.session", session_id=session_id)
    summary = repository.equality_summary(session_id)
    return form_page("workshops/attendance.html", form, workshop=workshop, equality=summary, back_url=back)


@workshops.route(f"{SESSION}/expenses", methods=["GET", "POST"])
@role_required("lead")
def expenses(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = forms.ExpenseForm()
    if form.validate_on_submit():
        try:
            repository.add_expense(
                session_id, form.description.data or "", form.pence(), form.status.data or "", staff_id()
            )
            flash(_("Payment recorded."))
            return redirect(url_for("workshops.expenses", session_id=session_id))
        except WorkshopError as error:
            add_problems(form, "amount", error)
    back = url_for("workshops.session", session_id=session_id)
    context: dict[str, Any] = {"workshop": workshop, "expenses": repository.expenses(session_id), "back_url": back}
    return form_page("workshops/expenses.html", form, **context)
