"""Tallies: what one response adds to the results page's counts.

Plain module: no Flask, no database. Each response adds one to a handful of keys
(question id, kind, value): the response itself, each question answered, each option
chosen, each number given, each "Other" text and free-text answer written. Kept per
(version, day, channel, language) in a small table, in the transaction that stores the
response, they let the results page sum a few thousand rows instead of reading a million
responses; `surveys.results.summary.summarise_counts` turns the sums into exactly the figures
`surveys.results.summary.summarise` gives from the responses themselves (a test holds them equal).

The rules for what counts as answered are those of `surveys.results.summary`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from surveys.model import OTHER_VALUE, Question, SurveyDefinition, other_key

Key = tuple[str, str, str]  # (question id, kind, value)

TOTAL: Key = ("", "total", "")
ANSWERED, OPTION, OTHER, NUMBER, TEXT = "answered", "option", "other", "number", "text"
SKIPPED = "not_asked"  # routing skipped the question (the response's `not_asked` column)


def category(question: Question) -> str:
    """How the results page counts a question: "choice", "number" or "text"."""
    return question.kind.tally


def number_key(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def number_value(key: str) -> int | float:
    try:
        return int(key)
    except ValueError:
        return float(key)


def _choice_keys(question: Question, answers: Mapping[str, Any]) -> list[Key]:
    value = answers.get(question.id)
    if value is None or value == "" or value == []:
        return []
    chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    keys = [(question.id, ANSWERED, "")] + [(question.id, OPTION, v) for v in sorted(chosen)]
    if answers.get(other_key(question.id)) and OTHER_VALUE in chosen:
        keys.append((question.id, OTHER, ""))
    return keys


def response_keys(
    questions: Iterable[Question], answers: Mapping[str, Any], skipped_ids: Iterable[str] | None = None
) -> list[Key]:
    """The keys one response adds one to (each key once); `skipped_ids` are the questions routing skipped."""
    keys = [TOTAL]
    skipped = set(skipped_ids or ())
    for question in questions:
        if question.id in skipped:
            keys.append((question.id, SKIPPED, ""))
        kind = category(question)
        value = answers.get(question.id)
        if kind == "choice":
            keys += _choice_keys(question, answers)
        elif kind == "number":
            if isinstance(value, int | float) and not isinstance(value, bool):
                keys.append((question.id, NUMBER, number_key(value)))
        elif value is not None and str(value).strip():
            keys.append((question.id, TEXT, ""))
    return keys


def consistent(definitions: Sequence[SurveyDefinition]) -> bool:
    """Tallies are counted by the question type of the version answered; the results page reads
    every version's answers by the newest version's type. They agree unless a question id
    changed how it is counted between versions (a choice became free text, say)."""
    seen: dict[str, str] = {}
    for definition in definitions:
        for question in definition.answerable_questions():
            if seen.setdefault(question.id, category(question)) != category(question):
                return False
    return True
