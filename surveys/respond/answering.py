"""The respondent's path through a survey: which page comes next, what is
missing, and the progress shown. Plain logic over a definition and answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveys.model import Question, Section, SurveyDefinition, other_key
from toolkit.text import lazy


@dataclass(frozen=True)
class Position:
    section: Section  # the page: a section, or the part of one a routed question starts
    number: int  # 1-based, among the pages this respondent sees
    total: int  # every page anyone could see: a fixed count, so "3 of 5" never goes backwards
    previous_id: str | None
    next_id: str | None
    routed: bool = False  # some pages may be skipped: the total is "up to"


def position(definition: SurveyDefinition, section_id: str, answers: dict[str, Any]) -> Position | None:
    """Where a page sits for this respondent, or None if they are not shown it."""
    visible = definition.visible_pages(answers)
    ids = [s.id for s in visible]
    if section_id not in ids:
        return None
    index = ids.index(section_id)
    return Position(
        section=visible[index],
        number=index + 1,
        total=len(definition.pages()),
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
        routed=definition.has_routing(),
    )


def first_section_id(definition: SurveyDefinition) -> str | None:
    visible = definition.visible_pages({})
    return visible[0].id if visible else None


def first_incomplete_section(definition: SurveyDefinition, answers: dict[str, Any], seen: set[str]) -> str | None:
    """The first page the respondent has not yet been through, or that lacks a required answer."""
    for section in definition.visible_pages(answers):
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
    for section in definition.visible_pages(answers):
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
    return question.kind.fits(question, value)


# --- an answer as the respondent reads it back ----------------------------------------


def rating_words(question: Question, value: str) -> str:
    """A rating as words on check answers: its own label where the scale names it ("5 – Very good"),
    else the number placed on the scale ("2, on a scale from 1 (Very poor) to 5 (Very good)"),
    never a bare "2"."""
    label = question.label_for(value)
    if label != value:
        return label
    low, high = question.scale_min, question.scale_max
    if question.scale_min_label and question.scale_max_label:
        return str(
            lazy(
                "%(number)s, on a scale from %(low)s (%(low_label)s) to %(high)s (%(high_label)s)",
                number=value,
                low=low,
                low_label=question.scale_min_label,
                high=high,
                high_label=question.scale_max_label,
            )
        )
    return str(lazy("%(number)s, on a scale from %(low)s to %(high)s", number=value, low=low, high=high))
