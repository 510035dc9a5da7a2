"""The reports' long work, done on the queue (toolkit/jobs): the engagement report as a tagged PDF
and as a Word document, a published version's PDF, and publishing a version (the report and its
Word file, kept)."""

from __future__ import annotations

from flask import current_app, render_template

from reports import docx_export, repository
from reports.blueprint import labels
from reports.model import Report, ReportError
from toolkit import db, jobs
from toolkit.jobs import JobContext, JobError
from toolkit.pdf import to_pdf
from toolkit.schema import Engagement
from toolkit.text import lazy as _l

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def assembled(found: Engagement) -> Report:
    return repository.assemble(found, current_app.config["ORGANISATION_NAME"])


def document_html(report: Report) -> str:
    """The report as one self-contained page: the HTML download, the PDF and a published version.
    The blueprint's helpers are passed here: a consumer renders it outside any request."""
    return render_template("reports/report_document.html", report=report, **labels())


def file_name(engagement_id: int, extension: str, version: int | None = None) -> str:
    return f"engagement-{engagement_id}-report{f'-v{version}' if version else ''}.{extension}"


def _engagement(context: JobContext) -> Engagement:
    found = db.session.get(Engagement, context.params["engagement_id"])
    if found is None:
        raise JobError(str(_l("This engagement has been deleted, so there is no report to make.")))
    return found


def make_pdf(context: JobContext) -> None:
    found = _engagement(context)
    version = context.params.get("version")
    if version:
        context.step(str(_l("Reading the published version")), 0, 2)
        kept = repository.report_version(found.id, int(version))
        if kept is None:
            raise JobError(str(_l("That version of the report does not exist.")))
        html = kept.html
    else:
        context.step(str(_l("Gathering the engagement's data")), 0, 2)
        html = document_html(assembled(found))
    context.step(str(_l("Laying out the pages")), 1, 2)
    context.write(file_name(found.id, "pdf", version), PDF, to_pdf(html))


def make_docx(context: JobContext) -> None:
    found = _engagement(context)
    context.step(str(_l("Gathering the engagement's data")), 0, 2)
    report = assembled(found)
    context.step(str(_l("Writing the Word document")), 1, 2)
    context.write(file_name(found.id, "docx"), DOCX, docx_export.to_docx(report))


def publish_version(context: JobContext) -> None:
    """Keep the report as it is now as a new version. The job remembers the version in the
    transaction that keeps it, so a retry after its consumer died publishes nothing twice."""
    found = _engagement(context)
    if context.state.get("version") is not None:
        return
    context.step(str(_l("Gathering the engagement's data")), 0, 3)
    report = assembled(found)
    context.step(str(_l("Writing the Word document")), 1, 3)
    docx = docx_export.to_docx(report)
    context.step(str(_l("Keeping the version")), 2, 3)
    note = str(context.params.get("change_note") or "")
    try:
        repository.publish_report(
            found,
            report,
            document_html(report),
            docx,
            note,
            context.started_by,
            then=lambda session, row: context.keep(session, version=row.version),
        )
    except ReportError as error:
        raise JobError(str(error)) from error


jobs.register("engagement_report_pdf", make_pdf, notify=True)
jobs.register("engagement_report_docx", make_docx, notify=True)
jobs.register("engagement_report_publish", publish_version, notify=True)
