"""The respondent's path through a survey: which page comes next, what is
missing, and the progress shown. Plain logic over a definition and answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from surveys.model import Section, SurveyDefinition


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
