"""Equality tallies: what one response adds to the representativeness dashboard's counts, and the
dashboard's cells worked out from the sums.

Plain module: no Flask, no database. Each response adds one person, and its record key, to a
handful of (field, value) keys for its day and channel: TOTAL, ANSWERED (if it has equality
answers), each equality question it answered (the value as stored) and each comparison read from
more than one question (disability, both answers together). Kept per survey, day and channel in a
small table, in the transaction that stores the response, they let the dashboard sum a few
thousand rows instead of reading a million responses. `cells` turns the sums into exactly the
cells `dashboard.cells` counts from the responses themselves: the same harmonising
(`respondent_group`, `canonical_answer`) is applied to each stored value instead of to each
response, and everyone who did not answer a field is the day and channel's total less those who
did. Write-in "Other" text is never counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import pandas as pd

from surveys.equality import model as equality
from surveys.equality.dashboard import CHANNEL, DAY, FIELD, KEY, NONE, TOTAL, VALUE, Comparison, N, sum_cells
from surveys.model import Question, other_key
from toolkit.equality import DISABILITY_ID, DISABILITY_IMPACT_ID, AnswerTally, canonical_answer
from toolkit.stats.disclosure import KEY_SPACE, Count

OTHER_SUFFIX = other_key("")  # "<question id>__other": a write-in, never counted
ANSWERED = "_answered"  # everyone who gave equality answers (a stored row of them): no question's id


@dataclass(frozen=True)
class Tally:
    """One stored tally: `people` responses of a channel and day gave `value` for `field`, and
    their record keys add up to `key_sum`."""

    channel: str
    day: date
    field: str
    value: str
    people: int
    key_sum: int


def source(question_ids: Sequence[str]) -> str:
    """The field a comparison reading these questions is counted under."""
    return "+".join(question_ids)


def joint_sources() -> tuple[tuple[str, ...], ...]:
    """Comparisons read from more than one question: counted under both answers together."""
    return ((DISABILITY_ID, DISABILITY_IMPACT_ID),)


def response_keys(answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (field, value) keys one response adds one to, each once: TOTAL always, ANSWERED when
    it has equality answers, and each equality answer it gave (its `equality_response` answers;
    {} when it has none)."""
    keys = [(TOTAL, NONE), *([(ANSWERED, NONE)] if answers else [])]
    for question_id, value in sorted(answers.items()):
        if value is not None and not question_id.endswith(OTHER_SUFFIX):
            keys.append((question_id, str(value)))
    for ids in joint_sources():
        if any(answers.get(i) is not None for i in ids):
            keys.append((source(ids), json.dumps([answers.get(i) for i in ids])))
    return keys


def _reader(ids: Sequence[str]) -> Callable[[str], dict[str, Any]]:
    """A stored value of `source(ids)` as the answers it stands for."""
    if len(ids) == 1:
        return lambda value: {ids[0]: value}
    return lambda value: dict(zip(ids, json.loads(value), strict=True))


Output = tuple[str, str, Callable[[str], dict[str, Any]], Callable[[Mapping[str, Any]], str | None]]


def _outputs(comparisons: Sequence[Comparison], other_questions: Sequence[Question]) -> list[Output]:
    """For each comparison and question: its cell field, the tally field it is read from, how a
    stored value reads as answers, and the cell value of those answers (as `responses_frame`)."""
    outputs: list[Output] = []
    for comparison in comparisons:
        ids = equality.dimension_question_ids(comparison.key)
        group = partial(equality.respondent_group, comparison.mapping)
        outputs.append((comparison.key, source(ids), _reader(ids), group))
    for question in other_questions:
        answer = partial(_canonical, question.id)
        outputs.append((question.id, question.id, _reader((question.id,)), answer))
    return outputs


def _canonical(question_id: str, answers: Mapping[str, Any]) -> str | None:
    return canonical_answer(question_id, answers.get(question_id))


def _none(value: str | None) -> str:
    return NONE if value is None else value


def cells(
    tallies: Iterable[Tally], comparisons: Sequence[Comparison], other_questions: Sequence[Question] = ()
) -> pd.DataFrame:
    """The dashboard's cells (`dashboard.CELL_COLUMNS`) from the summed tallies."""
    frame = pd.DataFrame.from_records(
        [(t.channel, t.day, t.field, t.value, t.people, t.key_sum) for t in tallies],
        columns=[CHANNEL, DAY, FIELD, VALUE, N, KEY],
    )
    totals = frame[frame[FIELD] == TOTAL]
    parts = [totals]
    by_place = totals.groupby([CHANNEL, DAY])[[N, KEY]].sum()
    for field, stored, read, value_of in _outputs(comparisons, other_questions):
        raw = frame[frame[FIELD] == stored]
        values = {v: _none(value_of(read(v))) for v in raw[VALUE].unique()}
        parts.append(raw.assign(**{FIELD: field, VALUE: raw[VALUE].map(values)}))
        answered = raw.groupby([CHANNEL, DAY])[[N, KEY]].sum()
        rest = by_place.sub(answered, fill_value=0).astype("int64").reset_index()
        parts.append(rest.assign(**{FIELD: field, VALUE: _none(value_of({}))}))
    return sum_cells(pd.concat(parts, ignore_index=True))


def answer_tally(tallies: Iterable[Tally]) -> AnswerTally:
    """The people who gave equality answers and each stored answer (`toolkit.equality.AnswerTally`)
    from summed tallies: what `tally_answers` counts from those people's answers themselves."""
    people = Count(0, 0)
    given: dict[str, dict[str, Count]] = {}
    for t in tallies:
        count = Count(t.people, t.key_sum % KEY_SPACE)
        if t.field == ANSWERED:
            people += count
        elif t.field != TOTAL and t.field not in {source(ids) for ids in joint_sources()}:
            answers = given.setdefault(t.field, {})
            answers[t.value] = answers.get(t.value, Count(0, 0)) + count
    return AnswerTally(people, given)
