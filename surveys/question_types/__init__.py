"""The question-type registry: one module per type, each with one `QuestionType` (`TYPE`).

A question's type is `question.kind` (`surveys.model.Question.kind` looks it up here). Adding a
type is one module here plus its tests: see docs/architecture.md, "How to add a question type".
The order of `REGISTRY` is the order the builder offers the types in.

Plain module: no Flask, no database.
"""

from __future__ import annotations

from surveys.question_types import (
    date,
    long_text,
    multiple_choice,
    number,
    rating,
    short_text,
    single_choice,
    statement,
    yes_no,
)
from surveys.question_types.base import QuestionType, display_answer

REGISTRY: dict[str, QuestionType] = {
    kind.name: kind
    for kind in (
        single_choice.TYPE,
        multiple_choice.TYPE,
        yes_no.TYPE,
        short_text.TYPE,
        long_text.TYPE,
        rating.TYPE,
        number.TYPE,
        date.TYPE,
        statement.TYPE,
    )
}


class UnknownType(short_text.ShortText):
    """A type this version does not know (stored data only: `validate` refuses it): read as text."""

    name = "unknown"
    default_max_length = 0
    free_text = False  # not known to be anyone's own words


UNKNOWN = UnknownType()


def get(name: str) -> QuestionType:
    return REGISTRY.get(name, UNKNOWN)


def known(name: str) -> bool:
    return name in REGISTRY


def names() -> list[str]:
    return list(REGISTRY)


__all__ = ["REGISTRY", "QuestionType", "display_answer", "get", "known", "names"]
