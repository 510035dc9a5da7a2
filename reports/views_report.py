"""Staff: the engagement report (six sections) as a page, a self-contained HTML file, a tagged PDF
and an editable Word document (both made on the queue, with a progress page); the narrative
staff write for it; and its published versions, kept as published and each downloadable."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from reports import repository
from reports.blueprint import ONE, add_problems, engagement_or_404, reports
from reports.forms import NarrativeForm, PublishForm
from reports.jobs import DOCX, assembled, document_html, file_name
from reports.model import EVALUATION_QUESTIONS, Report, ReportError, section_label
from toolkit import jobs
from toolkit.auth import current_user_id, role_required
from toolkit.schema import Engagement, ReportVersion
from toolkit.views import Page, form_page


def _assembled(engagement_id: int) -> tuple[Engagement, Report]:
    found = engagement_or_404(engagement_id)
    return found, assembled(found)


def _download(content: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _version_or_404(engagement_id: int, version: int) -> ReportVersion:
    found = repository.report_version(engagement_id, version)
    if found is None:
        abort(404)
    return found


@reports.get(f"{ONE}/report")
@role_required("viewer")
def report_page(engagement_id: int) -> str:
    found, report = _assembled(engagement_id)
    return render_template(
        "reports/report_page.html",
        engagement=found,
        report=report,
        versions=repository.report_versions(found.id),
        publish_form=PublishForm(prefix="report"),
        section_labels=lambda keys: ", ".join(section_label(k) for k in keys),
    )


@reports.get(f"{ONE}/report.html")
@role_required("viewer")
def report_html(engagement_id: int) -> Response:
    _found, report = _assembled(engagement_id)
    return _download(document_html(report), "text/html", file_name(engagement_id, "html"))


def _report_title(found: Engagement, kind: str) -> str:
    return _("Report of %(title)s (%(format)s)", title=found.title, format="PDF" if kind == "pdf" else "Word")


@reports.get(f"{ONE}/report.<any(pdf, docx):kind>")
@role_required("viewer")
def offer_report_file(engagement_id: int, kind: str) -> str:
    """The files' stable addresses: a page that makes the file on the queue (a POST to the same address)."""
    found = engagement_or_404(engagement_id)
    action = _("Make the report as a PDF") if kind == "pdf" else _("Make the report as a Word document")
    return jobs.offer(
        _report_title(found, kind), action, back_url=url_for("reports.report_page", engagement_id=found.id)
    )


@reports.post(f"{ONE}/report.<any(pdf, docx):kind>")
@role_required("viewer")
def report_job(engagement_id: int, kind: str) -> Response:
    """Make the PDF or the Word document on the queue and show its progress."""
    found = engagement_or_404(engagement_id)
    back = url_for("reports.report_page", engagement_id=engagement_id)
    return jobs.start_and_show(
        f"engagement_report_{kind}", _report_title(found, kind), {"engagement_id": found.id}, back_url=back
    )


@reports.post(f"{ONE}/report/versions")
@role_required("lead")
def publish_report(engagement_id: int) -> Response:
    """Publish a version on the queue (the report is assembled and its Word file written there)."""
    found = engagement_or_404(engagement_id)
    form = PublishForm(prefix="report")
    if not form.validate_on_submit():
        abort(400, description=" ".join(str(e) for errors in form.errors.values() for e in errors))
    title = _("New version of the report of %(title)s", title=found.title)
    back = url_for("reports.report_page", engagement_id=engagement_id, _anchor="versions")
    params = {"engagement_id": found.id, "change_note": form.change_note.data or ""}
    return jobs.start_and_show("engagement_report_publish", title, params, back_url=back)


@reports.get(f"{ONE}/report/versions/<int:version>.<any(html, docx):kind>")
@role_required("viewer")
def report_version(engagement_id: int, version: int, kind: str) -> Response:
    kept = _version_or_404(engagement_id, version)
    content, mimetype = (kept.html, "text/html") if kind == "html" else (kept.docx, DOCX)
    return _download(content, mimetype, file_name(engagement_id, kind, version))


@reports.post(f"{ONE}/report/versions/<int:version>.pdf")
@role_required("viewer")
def report_version_pdf(engagement_id: int, version: int) -> Response:
    kept = _version_or_404(engagement_id, version)
    found = engagement_or_404(engagement_id)
    title = _("Report of %(title)s, version %(version)d (PDF)", title=found.title, version=kept.version)
    back = url_for("reports.report_page", engagement_id=engagement_id, _anchor="versions")
    params = {"engagement_id": found.id, "version": kept.version}
    return jobs.start_and_show("engagement_report_pdf", title, params, back_url=back)


@reports.route(f"{ONE}/report/edit", methods=["GET", "POST"])
@role_required("lead")
def edit_report(engagement_id: int) -> Page:
    found = engagement_or_404(engagement_id)
    quotable = repository.quotable(found.id)
    form = NarrativeForm()
    form.quotes.choices = [(q.key, f"{q.text} ({q.origin})") for q in quotable]
    if form.validate_on_submit():
        try:
            repository.save_narrative(
                found, form.texts(), form.quotes.data or [], current_user_id(), form.evaluation(), form.where()
            )
            flash(_("Report saved."))
            return redirect(url_for("reports.report_page", engagement_id=engagement_id))
        except ReportError as error:
            add_problems(form, "summary", error)
    elif not form.is_submitted() and (written := repository.narrative(found.id)) is not None:
        form.summary.data, form.recommendations.data = written.summary, written.recommendations
        form.next_steps.data, form.quotes.data = written.next_steps, list(written.quote_keys)
        form.place.data, form.service_area.data = written.place, written.service_area
        for key, _question in EVALUATION_QUESTIONS:
            form[key].data = (written.evaluation or {}).get(key, "")
    back = url_for("reports.report_page", engagement_id=engagement_id)
    return form_page("reports/edit_report.html", form, engagement=found, back_url=back)
