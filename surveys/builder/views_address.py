"""Staff: change a survey's web address, before or after it goes live; and the redirect that
keeps its old address working (printed posters, QR codes and shared links) once it has been
published: every respondent page under /s/<old>/ answers 301 (308 for a form) to the same page
under the new address."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from surveys import repository
from surveys.builder.forms import address_form
from surveys.views_common import survey_or_404
from toolkit.auth import current_user_id, role_required
from toolkit.errors import error_page
from toolkit.views import Page, form_page

address = Blueprint("address", __name__, url_prefix="/staff/surveys", template_folder="../templates")
RESPONDENT_BLUEPRINTS = ("public", "easy_read")


@address.app_errorhandler(NotFound)
def old_address(error: NotFound) -> Response | tuple[str, int]:
    """Send a request for a survey's old address to the same page under its current one. Only
    when no survey has the address now (an old address is never reused), so a respondent's
    page costs no look-up of old addresses."""
    args = request.view_args or {}
    slug = args.get("slug")
    if request.blueprint not in RESPONDENT_BLUEPRINTS or not isinstance(slug, str) or request.endpoint is None:
        return error_page(error)
    survey = repository.by_old_slug(slug)
    if survey is None:
        return error_page(error)
    target = url_for(request.endpoint, **{**args, "slug": survey.slug})
    if request.query_string:
        target += "?" + request.query_string.decode("utf-8", "replace")
    return redirect(target, 301 if request.method in ("GET", "HEAD") else 308)


@address.route("/<int:survey_id>/address", methods=["GET", "POST"])
@role_required("lead")
def change(survey_id: int) -> Page:
    survey = survey_or_404(survey_id)
    form = address_form(survey)
    if form.validate_on_submit():
        old = survey.slug
        try:
            repository.change_slug(survey, form.slug.data, current_user_id())
        except repository.SurveyStateError:
            form.slug.errors = [_("Another survey uses or used that web address. Choose a different one.")]
        else:
            if survey.slug != old:
                flash(_("The web address is now /s/%(slug)s.", slug=survey.slug), "success")
            return redirect(url_for("builder.overview", survey_id=survey.id))
    return form_page(
        "surveys/builder/address.html",
        form,
        survey=survey,
        published=repository.latest_version(survey.id) is not None,
        back_url=url_for("builder.overview", survey_id=survey.id),
    )
