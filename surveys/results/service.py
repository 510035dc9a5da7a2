"""The results page's figures: summed from the tallies when they apply, read from every
response otherwise. Either way the numbers are those of `surveys.results.summary.summarise`."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing

from surveys import repository
from surveys.model import Question
from surveys.repository import ResponseFilter
from surveys.results import summary as results
from surveys.results import tallies, tally_repository


def summary(survey_id: int, questions: Sequence[Question], filters: ResponseFilter, text_limit: int) -> results.Summary:
    """Counts from the tally table (a few thousand rows whatever the number of responses); the
    responses are read only for the first `text_limit` free-text answers of each question. If a
    question changed how it is counted between versions, or the tallies miss a response, every
    response is read, as before."""
    definitions = [repository.published_definition(version.id) for version in repository.versions(survey_id)]
    with closing(repository.iter_answers(survey_id, filters)) as responses:
        if tallies.consistent(definitions) and tally_repository.in_step(survey_id):
            counts = tally_repository.counts(survey_id, filters)
            return results.summarise_counts(questions, counts, responses, text_limit)
        return results.summarise(questions, responses, text_limit)


def chart_svg(survey_id: int, questions: Sequence[Question], filters: ResponseFilter, question_id: str) -> str | None:
    """One question's chart under the filters (no free text read), or None if it has none."""
    for item in summary(survey_id, questions, filters, text_limit=0).questions:
        if item.question.id == question_id and isinstance(item, results.ChoiceSummary) and results.has_chart(item):
            return results.chart_svg(item)
    return None
