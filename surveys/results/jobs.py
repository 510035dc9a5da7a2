"""The surveys' long work, done on the queue (toolkit/jobs): big XLSX exports and PDFs of many
copies. Each handler is idempotent by job id: run again after a crash, it reuses what it made."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from surveys import repository
from surveys.equality import service as equality_service
from surveys.repository import ResponseFilter
from surveys.results import export
from toolkit import db, jobs
from toolkit.jobs import JobContext, JobError
from toolkit.schema import Survey
from toolkit.text import lazy as _l

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SURVEY_GONE = _l("This survey has been deleted, so there is nothing to make.")


def filters_to_params(filters: ResponseFilter) -> dict[str, Any]:
    return export.filter_detail(filters)


def filters_from_params(params: dict[str, Any]) -> ResponseFilter:
    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return ResponseFilter(
        channel_id=params.get("channel_id"),
        submitted_from=day(params.get("submitted_from")),
        submitted_to=day(params.get("submitted_to")),
        language=params.get("language"),
    )


def survey_of(context: JobContext) -> Survey:
    survey = db.session.get(Survey, context.params["survey_id"])
    if survey is None:
        raise JobError(str(SURVEY_GONE))
    return survey


def _counted(batches: Iterable[Sequence[Any]], context: JobContext, total: int) -> Iterator[Sequence[Any]]:
    done = 0
    for batch in batches:
        yield batch
        done += len(batch)
        context.step(str(_l("Writing the responses")), done, total)


def make_xlsx(context: JobContext) -> None:
    """The responses as an Excel workbook, written row by row to the job's file."""
    survey = survey_of(context)
    filters = filters_from_params(context.params["filters"])
    total = repository.count_matching(survey.id, filters)
    context.step(str(_l("Writing the responses")), 0, total)
    columns = export.columns(equality_service.survey_questions(survey))
    path = context.output_path(context.params["name"], XLSX_MIMETYPE)
    partial = path.with_name(path.name + ".partial")
    batches = _counted(repository.export_batches(survey.id, filters), context, total)
    export.write_xlsx(columns, batches, str(partial))
    partial.replace(path)


jobs.register("survey_xlsx", make_xlsx, notify=True)
