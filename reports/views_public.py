"""Public: "You said, we did" for each engagement a lead has published, the organisation's index
and an Atom feed. Shown from the published snapshot, never from the working data. No JavaScript."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from reports import repository
from reports.blueprint import add_problems, engagement_or_404, reports
from reports.forms import TellMeForm
from reports.model import ReportError
from surveys.respond import browser
from toolkit.i18n import current_language
from toolkit.views import Page, form_page

PUBLIC = "/you-said-we-did"


@reports.get(PUBLIC)
def public_index() -> str:
    return render_template("reports/public_index.html", published=repository.published_engagements())


@reports.get(f"{PUBLIC}/<int:engagement_id>")
def public_page(engagement_id: int) -> str:
    version = repository.latest(engagement_id)
    if version is None:
        abort(404)
    easy, _on = repository.easy_read_published(engagement_id)
    words = repository.feedback_words(engagement_id, current_language())
    context = {"version": version, "content": version.content, "easy_read": bool(easy), "words": words}
    return render_template("reports/public_page.html", **context)


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


@reports.route(f"{PUBLIC}/stop/<token>", methods=["GET", "POST"])
def stop_telling(token: str) -> Page:
    """The link in every email: a page with one button (no JavaScript), which deletes the address."""
    form = FlaskForm()
    deleted = None
    if form.validate_on_submit():
        deleted = repository.stop_telling(token)
    return render_template("reports/stop_telling.html", form=form, token=token, deleted=deleted)


@reports.post("/s/<slug>/done/do-not-quote")
def do_not_quote(slug: str) -> Response:
    """From the end of a survey: the response this browser just sent is never quoted."""
    survey, reference = browser.sent(slug)
    repository.refuse_quotes(survey.id, reference)
    flash(_("Thank you. We will not quote your words."))
    done = "easy_read.done" if request.form.get("easy_read") else "public.done"
    return redirect(url_for(done, slug=slug), 303)


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
