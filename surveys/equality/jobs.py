"""Weighted results for a view too large to weigh in a request (`service.WEIGHED_IN_A_REQUEST`),
worked out on the queue (toolkit/jobs) and kept as a CSV file for the person who asked. Run again
after a crash, it weighs again and writes the same file in the same place."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask_babel import force_locale

from surveys import repository
from surveys.equality import service
from surveys.equality.weighting import csv_rows
from surveys.repository import ResponseFilter
from surveys.results.jobs import filters_from_params, filters_to_params, survey_of
from toolkit import jobs
from toolkit.i18n import DEFAULT_LANGUAGE, SUPPORTED_LOCALES
from toolkit.jobs import JobContext, JobError
from toolkit.text import lazy as _l

KIND = "survey_weighting"
NO_LONGER = _l("The survey no longer has a population to weight to, so there is nothing to make.")


def params(survey_id: int, filters: ResponseFilter, margins: list[str], language: str) -> dict[str, Any]:
    """What the job needs, with the language of the person who asked (the spreadsheet's words)."""
    return {"survey_id": survey_id, "filters": filters_to_params(filters), "margins": margins, "language": language}


def make_weighting(context: JobContext) -> None:
    """The spreadsheet in the language of the person who asked; the steps in English, as every
    job's (each is translated for whoever watches the progress page)."""
    steps = (str(_l("Checking the equality figures")), str(_l("Reading and weighting the responses")))
    language = context.params.get("language", DEFAULT_LANGUAGE)
    with force_locale(SUPPORTED_LOCALES.get(language, SUPPORTED_LOCALES[DEFAULT_LANGUAGE])):
        _make_weighting(context, *steps)


def _make_weighting(context: JobContext, checking: str, reading: str) -> None:
    survey = survey_of(context)
    filters = filters_from_params(context.params["filters"])
    found = service.setup(survey)
    if not found.comparisons:
        raise JobError(str(NO_LONGER))
    context.step(checking)
    _, views = service.published(survey, found)
    context.step(reading)
    result = service.weighting(
        survey, found, filters, context.params["margins"], views, lambda done, total: context.step(reading, done, total)
    )
    channels = {c.id: c.name for c in repository.channels(survey.id)}
    view = [
        (str(_l("Survey")), survey.title),
        (str(_l("Channel")), channels.get(filters.channel_id, "") if filters.channel_id else str(_l("All channels"))),
        (str(_l("Submitted on or before")), filters.submitted_to.isoformat() if filters.submitted_to else ""),
    ]
    text = io.StringIO()
    csv.writer(text).writerows(csv_rows(result, view))
    context.write(f"weighted-results-{survey.slug}.csv", "text/csv", text.getvalue().encode("utf-8-sig"))


jobs.register(KIND, make_weighting, notify=True)
