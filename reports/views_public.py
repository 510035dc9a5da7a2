"""Public: "You said, we did" for each engagement a lead has published, the organisation's index
and an Atom feed. Shown from the published snapshot, never from the working data. No JavaScript."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from reports import repository
from reports.blueprint import reports

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
