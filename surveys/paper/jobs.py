"""Paper work done on the queue (toolkit/jobs): numbered copies above PRINT_JOB_ABOVE_COPIES, and
every channel's poster in one PDF.

A print job issues its references exactly once, even when its consumer dies: they are recorded in
the same transaction that keeps them in the job's `state`, after the PDF was made and before it is
written; a retried job finds them there and lays out the same copies again instead of issuing more.

Each channel's short link is worked out in the request that starts the job (it needs the
request's host when PUBLIC_BASE_URL is not set) and handed to the job with the channel's id."""

from __future__ import annotations

from flask import render_template

from surveys import repository
from surveys.model import from_dict
from surveys.paper import print_runs, printing
from surveys.paper import repository as paper_repository
from toolkit import db, jobs, pdf, qr
from toolkit.jobs import JobContext, JobError
from toolkit.schema import Channel, Survey, SurveyVersion
from toolkit.text import lazy as _l


def poster_html(survey: Survey, channel: Channel, link: str) -> str:
    return render_template(
        "surveys/paper/poster.html",
        survey=survey,
        channel=channel,
        link=link,
        qr_code=printing.data_uri(qr.qr_svg(link), "image/svg+xml"),
    )


def make_posters(context: JobContext) -> None:
    """One A4 poster per channel still handed out, in one PDF."""
    survey = db.session.get(Survey, context.params["survey_id"])
    if survey is None:
        raise JobError(str(_l("This survey has been deleted, so there is nothing to make.")))
    links: dict[str, str] = context.params["links"]
    channels = [c for c in repository.channels(survey.id) if str(c.id) in links and c.retired_at is None]
    if not channels:
        raise JobError(str(_l("This survey has no channels to make posters for.")))
    pages = []
    for number, channel in enumerate(channels):
        context.step(str(_l("Making the posters")), number, len(channels))
        pages += pdf.render(poster_html(survey, channel, links[str(channel.id)])).pages
    context.step(str(_l("Putting the posters together")), len(channels), len(channels))
    document = pdf.render(poster_html(survey, channels[0], links[str(channels[0].id)]))
    context.write(f"{survey.slug}-posters.pdf", "application/pdf", pdf.write(document.copy(pages)))


def make_print_run(context: JobContext) -> None:
    """`copies` numbered copies of the published survey in one variant and language."""
    params = context.params
    survey = db.session.get(Survey, params["survey_id"])
    if survey is None:
        raise JobError(str(_l("This survey has been deleted, so there is nothing to make.")))
    issued: list[str] | None = context.state.get("references")
    version = _version(survey, context.state.get("version_id"))
    if version is None:
        raise JobError(str(_l("Publish the survey before printing numbered copies.")))
    try:
        definition, language = printing.localise(from_dict(version.definition), params["language"])
    except printing.PrintError as error:
        raise JobError(str(error)) from error
    references = issued or paper_repository.new_references(int(params["copies"]))
    context.step(str(_l("Laying out the copies")), 0, len(references))
    html = print_runs.render_printed(survey, definition, params["variant"], language, numbered=True, sample=True)
    content = printing.to_pdf(html, references)
    context.step(str(_l("Saving the copies")), len(references), len(references))
    if issued is None:
        with db.transaction() as session:
            paper_repository.add_copies(
                session, survey.id, version.id, params["variant"], language, references, context.started_by
            )
            context.keep(session, references=references, version_id=version.id)
    context.write(f"{survey.slug}-{params['variant']}-{language}.pdf", "application/pdf", content)


def _version(survey: Survey, version_id: int | None) -> SurveyVersion | None:
    """The version an earlier attempt printed from, else the survey's latest."""
    if version_id is not None:
        return db.session.get(SurveyVersion, version_id)
    return repository.latest_version(survey.id)


jobs.register("survey_posters", make_posters, notify=True)
jobs.register("survey_print", make_print_run, notify=True)
