"""Paper work done on the queue (toolkit/jobs): every channel's poster in one PDF.

Each channel's short link is worked out in the request that starts the job (it needs the
request's host when PUBLIC_BASE_URL is not set) and handed to the job with the channel's id."""

from __future__ import annotations

from flask import render_template

from surveys import repository
from surveys.paper import printing
from toolkit import db, jobs, pdf, qr
from toolkit.jobs import JobContext, JobError
from toolkit.schema import Channel, Survey
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


jobs.register("survey_posters", make_posters, notify=True)
