"""Staff: the insight library, a search across every engagement's reports, themes, coded
comments, quotes and commitments before planning a new one; and "reuse this theme"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engagements import repository as engagements
from reports import insight, insight_repository
from reports.blueprint import reports
from reports.forms import InsightSearchForm, ReuseThemeForm
from reports.model import ReportError
from toolkit import teams
from toolkit.auth import current_user, current_user_id, role_required
from toolkit.views import Page


def _own_engagements() -> list[tuple[int, str]]:
    user = current_user()
    assert user is not None  # role_required saw to that
    return [(e.id, e.title) for e in engagements.all_engagements(teams.visible_team_ids(user))]


@reports.get("/staff/insight")
@role_required("viewer")
def insight_library() -> Page:
    form = InsightSearchForm(request.args)
    hits, problems = [], []
    searched = bool(request.args)
    if searched:
        try:
            if not form.validate():
                raise ReportError([e for errors in form.errors.values() for e in errors])
            hits = insight_repository.search(form.filters())
        except ReportError as error:
            problems = [str(p) for p in error.problems]
    reuse = ReuseThemeForm()
    reuse.engagement.choices = _own_engagements()
    html = render_template(
        "reports/insight.html",
        form=form,
        hits=hits,
        problems=problems,
        searched=searched,
        reuse=reuse,
        kind_label=insight.kind_label,
        shown=insight.shown,
        reach_words=insight.reach_words,
    )
    return (html, 400) if problems else html


@reports.post("/staff/insight/<int:entry_id>/reuse")
@role_required("lead")
def reuse_theme(entry_id: int) -> Response:
    entry = insight_repository.theme_entry(entry_id)
    form = ReuseThemeForm()
    form.engagement.choices = _own_engagements()
    if entry is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400, description=_("Choose one of your engagements."))
    target = engagements.get_engagement(form.engagement.data)
    if target is None:
        abort(404)
    try:
        insight_repository.reuse_theme(entry, target, current_user_id())
    except ReportError as error:
        abort(400, description=" ".join(str(p) for p in error.problems))
    flash(_("Theme “%(name)s” added to the codebook.", name=entry.title))
    return redirect(url_for("engagements.codebook", engagement_id=form.engagement.data), 303)
