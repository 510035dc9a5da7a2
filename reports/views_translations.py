"""Staff: "You said, we did" in every language the engagement's surveys use, through the same
spreadsheet round trip as a survey's own words (download key / English / translation, fill in the
last column, upload it back)."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from reports import repository
from reports.blueprint import ONE, engagement_or_404, reports
from reports.forms import TranslationUploadForm
from reports.model import ReportError
from toolkit.auth import current_user_id, role_required

TRANSLATIONS = f"{ONE}/you-said-we-did/translations/<language>"


def _language_or_404(engagement_id: int, language: str) -> str:
    if language not in repository.feedback_languages(engagement_id):
        abort(404)
    return language


@reports.get(f"{TRANSLATIONS}.csv")
@role_required("viewer")
def translation_csv(engagement_id: int, language: str) -> Response:
    found = engagement_or_404(engagement_id)
    _language_or_404(found.id, language)
    name = f"you-said-we-did-{found.id}-{language}.csv"
    return Response(
        repository.feedback_translation_csv(found.id, language),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@reports.post(TRANSLATIONS)
@role_required("lead")
def translation_upload(engagement_id: int, language: str) -> Response:
    found = engagement_or_404(engagement_id)
    _language_or_404(found.id, language)
    form = TranslationUploadForm(prefix=f"t-{language}")
    if not form.validate_on_submit():
        abort(400, description=" ".join(str(e) for errors in form.errors.values() for e in errors))
    try:
        count = repository.save_feedback_translations(found, language, form.file.data.read(), current_user_id())
    except ReportError as error:
        abort(400, description=" ".join(str(p) for p in error.problems))
    flash(_("%(count)d translated strings kept.", count=count))
    return redirect(url_for("reports.feedback_staff", engagement_id=engagement_id, _anchor="languages"), 303)
