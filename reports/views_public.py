"""Public: "You said, we did" for each engagement a lead has published, the organisation's index
and an Atom feed. Shown from the published snapshot, never from the working data. No JavaScript."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from reports import repository
from reports.blueprint import Page, add_problems, engagement_or_404, form_page, reports
from reports.forms import TellMeForm
from reports.model import ReportError

PUBLIC = "/you-said-we-did"


@reports.get(PUBLIC)
def public_index() -> str:
    return render_template("reports/public_index.html", published=repository.published_engagements())


@reports.get(f"{PUBLIC}/<int:engagement_id>")
def public_page(engagement_id: int) -> str:
    version = repository.latest(engagement_id)
    if version is None:
        abort(404)
    return render_template("reports/public_page.html", version=version, content=version.content)


@reports.get(f"{PUBLIC}/feed.atom")
def feed() -> Response:
    xml = render_template(
        "reports/feed.atom",
        published=repository.published_engagements(),
        base=request.url_root.rstrip("/"),
        organisation=current_app.config["ORGANISATION_NAME"],
        feed_title=_("You said, we did") + " – " + current_app.config["ORGANISATION_NAME"],
        default_summary=_("What people told us and what we did."),
    )
    return Response(xml, mimetype="application/atom+xml")


@reports.route(f"{PUBLIC}/<int:engagement_id>/tell-me", methods=["GET", "POST"])
def tell_me(engagement_id: int) -> Page:
    """Leave an email address to hear the outcome: kept apart from any answers, used only for this."""
    found = engagement_or_404(engagement_id)
    form = TellMeForm()
    done = False
    if form.validate_on_submit():
        try:
            repository.subscribe(found, form.email.data or "")
            done = True
        except ReportError as error:
            add_problems(form, "email", error)
    return form_page("reports/tell_me.html", form, engagement=found, done=done)
