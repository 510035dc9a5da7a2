"""Paper copies as plain logic: question numbers as printed, copy references as
staff type them, and comparing two keyings of the same copy.

Plain module: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from surveys.model import Question, Section, SurveyDefinition, other_key
from toolkit.text import lazy as _l

# A printed copy's reference: "P-" and 8 characters from an alphabet without look-alikes.
# Web responses' references have no "P-", so the two never collide.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_PATTERN = re.compile(rf"^P([{REFERENCE_ALPHABET}]{{4}})([{REFERENCE_ALPHABET}]{{4}})$")
VARIANTS = ("standard", "large-print", "easy-read")
FIRST, SECOND, NEITHER = "1", "2", "none"


def format_reference(body: str) -> str:
    return f"P-{body[:4]}-{body[4:]}"


def normalise_reference(typed: str) -> str | None:
    """A reference as printed ("P-ABCD-EF23"), from however it was typed
    (lower case, spaces, no dashes); None if it cannot be one."""
    compact = re.sub(r"[^A-Za-z0-9]", "", typed or "").upper()
    match = REFERENCE_PATTERN.match(compact)
    if match is None:
        return None
    return format_reference(match.group(1) + match.group(2))


@dataclass(frozen=True)
class Numbered:
    """A question as printed: its number (None for information), its section, and
    the routing instruction a paper respondent follows instead of skipping pages."""

    number: int | None
    section: Section
    question: Question


def numbered_questions(definition: SurveyDefinition) -> list[Numbered]:
    """Every question in order; answerable ones numbered 1, 2, 3... across sections."""
    items: list[Numbered] = []
    number = 0
    for section in definition.sections:
        for question in section.questions:
            if question.answerable:
                number += 1
            items.append(Numbered(number if question.answerable else None, section, question))
    return items


def condition_text(definition: SurveyDefinition, question_id: str, values: str | Sequence[str]) -> Any:
    """ "Answer this only if you answered “In the last month” to question 1.", naming every
    answer of an "any of these" condition: "… “Daily”, “Weekly” or “Monthly” to question 1." """
    numbers = {item.question.id: item.number for item in numbered_questions(definition)}
    try:
        question = definition.question(question_id)
        labels = [question.label_for(value) for value in ([values] if isinstance(values, str) else values)]
    except KeyError:
        labels = [values] if isinstance(values, str) else list(values)
    number = numbers.get(question_id) or "?"
    if len(labels) == 1:
        return _l(
            "Only answer this if you answered “%(answer)s” to question %(number)s.", answer=labels[0], number=number
        )
    quoted = [f"“{label}”" for label in labels]
    # Translators: a list of answers, each in quotation marks: “Daily”, “Weekly” or “Monthly”.
    answers = _l("%(answers)s or %(last)s", answers=", ".join(quoted[:-1]), last=quoted[-1])
    return _l("Only answer this if you answered %(answers)s to question %(number)s.", answers=answers, number=number)


# --- two keyings of one copy -----------------------------------------------------------


def _answer_of(question_id: str, answers: Mapping[str, Any]) -> tuple[Any, Any]:
    value = answers.get(question_id)
    if isinstance(value, list):
        value = sorted(value)
    return value, answers.get(other_key(question_id))


def differences(questions: Iterable[Question], first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """The ids of questions whose two keyings disagree (value or "Other" text)."""
    return [q.id for q in questions if q.answerable and _answer_of(q.id, first) != _answer_of(q.id, second)]


def settle(
    questions: Iterable[Question], first: Mapping[str, Any], second: Mapping[str, Any], choices: Mapping[str, str]
) -> dict[str, Any]:
    """The answers a supervisor settled on: agreed answers as keyed; for each question
    that differed, the keying they chose (FIRST, SECOND) or NEITHER (left blank)."""
    settled: dict[str, Any] = {}
    for question in questions:
        choice = choices.get(question.id, FIRST)
        source = {FIRST: first, SECOND: second}.get(choice, {})
        for key in (question.id, other_key(question.id)):
            if key in source:
                settled[key] = source[key]
    return settled
