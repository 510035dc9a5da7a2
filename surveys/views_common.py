"""What the staff view modules for surveys share."""

from __future__ import annotations

from flask import abort, current_app, request, url_for

from surveys import repository
from surveys.model import Question, SurveyDefinition
from toolkit.schema import Channel, Survey
from toolkit.views import or_404


def survey_or_404(survey_id: int) -> Survey:
    return or_404(repository.get(survey_id))


def question_or_404(definition: SurveyDefinition, question_id: str) -> Question:
    try:
        return definition.question(question_id)
    except KeyError:
        abort(404)


def public_url(survey: Survey, channel: Channel) -> str:
    """The absolute link people use: the survey's own for the default channel, else a short link."""
    if channel.is_default:
        path = url_for("public.start", slug=survey.slug)
    else:
        path = url_for("public.channel_link", code=channel.code)
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    return base.rstrip("/") + path
