"""The easy-read summary of the report: staff write a few key points, each with a picture from the
shipped set; it is published only when every point passes the easy-read readability check; the
public read it as a page (large text, no JavaScript) or a PDF."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from reports import easy_read, repository
from reports.blueprint import ONE, add_problems, engagement_or_404, reports
from reports.forms import EasyReadForm
from reports.jobs import PDF
from reports.model import ReportError
from toolkit.auth import current_user_id, role_required
from toolkit.pdf import to_pdf
from toolkit.views import Page, form_page

EASY_READ = "/you-said-we-did/<int:engagement_id>/easy-read-report"


@reports.route(f"{ONE}/report/easy-read", methods=["GET", "POST"])
@role_required("lead")
def easy_read_edit(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    form = EasyReadForm()
    if form.validate_on_submit():
        try:
            repository.save_easy_read(found, easy_read.points(form.pairs()), current_user_id())
            flash(_("Easy-read summary saved."))
            return redirect(url_for("reports.easy_read_edit", engagement_id=engagement_id), 303)
        except ReportError as error:
            add_problems(form, "point_1", error)
    draft = repository.easy_read_draft(found.id)
    if not form.is_submitted():
        form.fill(draft)
    _points, published_at = repository.easy_read_published(found.id)
    context = {"engagement": found, "draft": draft, "checks": easy_read.readability_problems(draft)}
    context |= {"published_at": published_at, "points_max": easy_read.POINTS_MAX}
    return form_page("reports/easy_read_edit.html", form, **context)


@reports.post(f"{ONE}/report/easy-read/publish")
@role_required("lead")
def easy_read_publish(engagement_id: int) -> Response:
    found = engagement_or_404(engagement_id)
    try:
        repository.publish_easy_read(found, current_user_id())
    except ReportError as error:
        abort(400, description=" ".join(str(p) for p in error.problems))
    flash(_("Easy-read summary published."))
    return redirect(url_for("reports.easy_read_edit", engagement_id=engagement_id), 303)


def _published(engagement_id: int, template: str) -> str:
    found = engagement_or_404(engagement_id)
    points, published_at = repository.easy_read_published(found.id)
    if not points:
        abort(404)
    return render_template(template, engagement=found, points=points, on=published_at)


@reports.get(EASY_READ)
def easy_read_summary(engagement_id: int) -> str:
    return _published(engagement_id, "reports/easy_read_summary.html")


@reports.get(f"{EASY_READ}.pdf")
def easy_read_pdf(engagement_id: int) -> Response:
    pdf = to_pdf(_published(engagement_id, "reports/easy_read_document.html"))
    headers = {"Content-Disposition": f'attachment; filename="engagement-{engagement_id}-easy-read.pdf"'}
    return Response(pdf, mimetype=PDF, headers=headers)
