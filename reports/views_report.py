"""Staff: the engagement report (six sections) as a page, a self-contained HTML file, a tagged PDF
and an editable Word document; and the narrative staff write for it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from reports import docx_export, repository
from reports.blueprint import ONE, Page, add_problems, engagement_or_404, form_page, reports
from reports.forms import NarrativeForm
from reports.model import EVALUATION_QUESTIONS, Report, ReportError
from toolkit.auth import current_user_id, role_required
from toolkit.pdf import to_pdf
from toolkit.schema import Engagement

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _assembled(engagement_id: int) -> tuple[Engagement, Report]:
    found = engagement_or_404(engagement_id)
    return found, repository.assemble(found, current_app.config["ORGANISATION_NAME"])


def _download(content: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@reports.get(f"{ONE}/report")
@role_required("viewer")
def report_page(engagement_id: int) -> str:
    found, report = _assembled(engagement_id)
    return render_template("reports/report_page.html", engagement=found, report=report)


@reports.get(f"{ONE}/report.html")
@role_required("viewer")
def report_html(engagement_id: int) -> Response:
    _found, report = _assembled(engagement_id)
    html = render_template("reports/report_document.html", report=report)
    return _download(html, "text/html", f"engagement-{engagement_id}-report.html")


@reports.get(f"{ONE}/report.pdf")
@role_required("viewer")
def report_pdf(engagement_id: int) -> Response:
    _found, report = _assembled(engagement_id)
    pdf = to_pdf(render_template("reports/report_document.html", report=report))
    return _download(pdf, "application/pdf", f"engagement-{engagement_id}-report.pdf")


@reports.get(f"{ONE}/report.docx")
@role_required("viewer")
def report_docx(engagement_id: int) -> Response:
    _found, report = _assembled(engagement_id)
    return _download(docx_export.to_docx(report), DOCX, f"engagement-{engagement_id}-report.docx")


@reports.route(f"{ONE}/report/edit", methods=["GET", "POST"])
@role_required("lead")
def edit_report(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    quotable = repository.quotable(found.id)
    form = NarrativeForm()
    form.quotes.choices = [(q.key, f"{q.text} ({q.origin})") for q in quotable]
    if form.validate_on_submit():
        try:
            repository.save_narrative(found, form.texts(), form.quotes.data or [], current_user_id(), form.evaluation())
            flash(_("Report saved."))
            return redirect(url_for("reports.report_page", engagement_id=engagement_id))
        except ReportError as error:
            add_problems(form, "summary", error)
    elif not form.is_submitted() and (written := repository.narrative(found.id)) is not None:
        form.summary.data, form.recommendations.data = written.summary, written.recommendations
        form.next_steps.data, form.quotes.data = written.next_steps, list(written.quote_keys)
        for key, _question in EVALUATION_QUESTIONS:
            form[key].data = (written.evaluation or {}).get(key, "")
    back = url_for("reports.report_page", engagement_id=engagement_id)
    return form_page("reports/edit_report.html", form, engagement=found, back_url=back)
