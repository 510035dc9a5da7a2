"""The reports' long work, done on the queue (toolkit/jobs): the engagement report as a tagged PDF
and as a Word document, and a published version's PDF."""

from __future__ import annotations

from flask import current_app, render_template

from reports import docx_export, repository
from reports.blueprint import labels
from reports.model import Report
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


jobs.register("engagement_report_pdf", make_pdf, notify=True)
jobs.register("engagement_report_docx", make_docx, notify=True)
