"""The workshops' long work, done on the queue (toolkit/jobs): the report as a PDF."""

from __future__ import annotations

from flask import render_template

from toolkit import db, jobs
from toolkit.jobs import JobContext, JobError
from toolkit.pdf import to_pdf
from toolkit.schema import WorkshopSession
from toolkit.text import lazy as _l
from toolkit.timeutil import utcnow
from workshops import report, repository
from workshops.blueprint import labels


def report_html(workshop: WorkshopSession, *, for_pdf: bool = False) -> str:
    """The report as one self-contained page: for the HTML download and for the PDF. The
    blueprint's helpers are passed here: a consumer renders it outside any request."""
    found = repository.session_record(workshop)
    return render_template(
        "workshops/report/report.html",
        **labels(),
        record=found,
        charts=report.inline_charts(found, as_images=for_pdf),
        equality=repository.equality_summary(workshop.id),
        made_on=utcnow().date(),
    )


def report_name(session_id: int) -> str:
    return f"workshop-{session_id}-record.pdf"


def make_report_pdf(context: JobContext) -> None:
    workshop = db.session.get(WorkshopSession, context.params["session_id"])
    if workshop is None:
        raise JobError(str(_l("This workshop session has been deleted, so there is no report to make.")))
    context.step(str(_l("Gathering the notes, votes and actions")), 0, 2)
    html = report_html(workshop, for_pdf=True)
    context.step(str(_l("Laying out the pages")), 1, 2)
    context.write(report_name(workshop.id), "application/pdf", to_pdf(html))


jobs.register("workshop_report_pdf", make_report_pdf, notify=True)
