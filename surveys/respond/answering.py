"""The respondent's path through a survey: which page comes next, what is
missing, and the progress shown. Plain logic over a definition and answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveys.model import CHOICE_TYPES, Question, Section, SurveyDefinition, other_key


@dataclass(frozen=True)
class Position:
    section: Section
    number: int  # 1-based, among the sections this respondent sees
    total: int
    previous_id: str | None
    next_id: str | None


def position(definition: SurveyDefinition, section_id: str, answers: dict[str, Any]) -> Position | None:
    """Where a section sits for this respondent, or None if they are not shown it."""
    visible = definition.visible_sections(answers)
    ids = [s.id for s in visible]
    if section_id not in ids:
        return None
    index = ids.index(section_id)
    return Position(
        section=visible[index],
        number=index + 1,
        total=len(visible),
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
    )


def first_section_id(definition: SurveyDefinition) -> str | None:
    visible = definition.visible_sections({})
    return visible[0].id if visible else None


def first_incomplete_section(definition: SurveyDefinition, answers: dict[str, Any], seen: set[str]) -> str | None:
    """The first section the respondent has not yet been through, or that lacks a required answer."""
    for section in definition.visible_sections(answers):
        if section.id not in seen:
            return section.id
        if any(q.required and q.answerable and q.id not in answers for q in section.visible_questions(answers)):
            return section.id
    return None


# --- checking every answer once more before it is sent --------------------------------

OTHER_TEXT_LIMIT = 200  # as the "Please specify" field allows


@dataclass(frozen=True)
class AnswerProblem:
    section_id: str
    question_id: str


def first_problem(definition: SurveyDefinition, answers: dict[str, Any]) -> AnswerProblem | None:
    """The first question the respondent is shown whose answer is missing (if required) or
    does not fit it: an option it does not offer, text too long, a number out of range.
    The pages check each answer as it is given; this checks them all together, on submit."""
    for section in definition.visible_sections(answers):
        for question in section.visible_questions(answers):
            if question.answerable and not _answer_fits(question, answers):
                return AnswerProblem(section.id, question.id)
    return None


def _answer_fits(question: Question, answers: dict[str, Any]) -> bool:
    value = answers.get(question.id)
    other_text = answers.get(other_key(question.id), "")
    if not isinstance(other_text, str) or len(other_text) > OTHER_TEXT_LIMIT:
        return False
    if value is None or value == [] or value == "":
        return not question.required
    offered = {option.value for option in question.choices}
    if question.type == "multiple_choice":
        return isinstance(value, list) and all(isinstance(v, str) and v in offered for v in value)
    if question.type in CHOICE_TYPES:
        return str(value) in offered and not isinstance(value, bool | list | dict)
    if question.type == "number":
        return _number_fits(question, value)
    return isinstance(value, str) and len(value) <= question.text_limit


def _number_fits(question: Question, value: Any) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    low, high = question.min_value, question.max_value
    return (low is None or value >= low) and (high is None or value <= high)
