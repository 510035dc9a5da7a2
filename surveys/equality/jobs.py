"""Weighted results for a view too large to weigh in a request (`service.WEIGHED_IN_A_REQUEST`),
worked out on the queue (toolkit/jobs) and kept as a CSV file for the person who asked. Run again
after a crash, it weighs again and writes the same file in the same place."""

from __future__ import annotations

import csv
import io
from typing import Any

from surveys import repository
from surveys.equality import service
from surveys.equality.weighting import csv_rows
from surveys.repository import ResponseFilter
from surveys.results.jobs import filters_from_params, filters_to_params, survey_of
from toolkit import jobs
from toolkit.jobs import JobContext, JobError
from toolkit.text import lazy as _l

KIND = "survey_weighting"
NO_LONGER = _l("The survey no longer has a population to weight to, so there is nothing to make.")


def params(survey_id: int, filters: ResponseFilter, margins: list[str]) -> dict[str, Any]:
    return {"survey_id": survey_id, "filters": filters_to_params(filters), "margins": margins}


def make_weighting(context: JobContext) -> None:
    survey = survey_of(context)
    filters = filters_from_params(context.params["filters"])
    found = service.setup(survey)
    if not found.comparisons:
        raise JobError(str(NO_LONGER))
    context.step(str(_l("Checking the equality figures")))
    _, views = service.published(survey, found)
    context.step(str(_l("Reading and weighting the responses")))
    result = service.weighting(survey, found, filters, context.params["margins"], views)
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
