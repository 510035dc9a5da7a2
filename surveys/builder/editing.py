"""Changes a lead makes to a survey definition in the builder, as plain functions:
each takes a definition and returns a new one. No Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

from surveys.model import (
    NONE_VALUE,
    OTHER_VALUE,
    Condition,
    Option,
    Question,
    Section,
    SurveyDefinition,
    options_from_lines,
    validate,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9-]{2,60}$")
ALWAYS = ""  # the routing choice for "always show"
UP, DOWN = "up", "down"


# --- web addresses --------------------------------------------------------------------


def slug_from_title(title: str) -> str:
    """A web address suggested from a title: "Your GP surgery!" -> "your-gp-surgery"."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60].strip("-")
    return slug if len(slug) >= 2 else "survey"


def unique_slug(title: str, taken: Callable[[str], bool]) -> str:
    """The suggested web address, numbered if another survey already has it."""
    base = slug_from_title(title)
    slug, number = base, 2
    while taken(slug):
        suffix = f"-{number}"
        slug, number = base[: 60 - len(suffix)] + suffix, number + 1
    return slug


# --- routing --------------------------------------------------------------------------


NEW_QUESTION = ""  # `routing_sources`' question id for a question not yet added (it goes last)


def routing_sources(
    definition: SurveyDefinition, before_section_id: str | None, before_question_id: str | None = None
) -> list[Question]:
    """Questions a section (or a question in it) may depend on: choice questions (single,
    multiple, yes/no) in earlier sections. None means a new section, after all the others.
    With `before_question_id` (NEW_QUESTION for one being added), the questions before it in
    its own section too: the public page is split there, so routing still goes forwards only."""
    sources: list[Question] = []
    for section in definition.sections:
        if section.id == before_section_id:
            if before_question_id is not None:
                for question in section.questions:
                    if question.id == before_question_id:
                        break
                    sources += [question] if question.kind.routable else []
            break
        sources += [q for q in section.questions if q.kind.routable]
    return sources


def routing_choices(
    definition: SurveyDefinition, before_section_id: str | None, before_question_id: str | None = None
) -> list[tuple[str, str]]:
    """(value, label) pairs for a "show only when" select: one per earlier question and answer."""
    return [
        (choice_value(Condition(question.id, option.value)), f"{question.text} – {option.label}")
        for question in routing_sources(definition, before_section_id, before_question_id)
        for option in question.choices
    ]


def choice_value(condition: Condition | None) -> str:
    return f"{condition.question_id}={condition.equals}" if condition else ALWAYS


def also_values(condition: Condition | None) -> list[str]:
    """The "or any of these answers" choices of a condition: its values after the first."""
    if condition is None:
        return []
    return [f"{condition.question_id}={value}" for value in condition.values[1:]]


class RoutingChoiceError(ValueError):
    """Answers to more than one question picked for one "show only when"."""


def condition_from_choice(value: str | None, also: list[str] | None = None) -> Condition | None:
    """The condition a "show only when" select (and its "or any of these" tick boxes) describe.
    RoutingChoiceError if the tick boxes name another question's answers."""
    if not value or "=" not in value:
        return None
    question_id, equals = value.split("=", 1)
    extra: list[str] = []
    for choice in also or []:
        other_id, _, other = choice.partition("=")
        if other_id != question_id:
            raise RoutingChoiceError(question_id)
        if other != equals and other not in extra:
            extra.append(other)
    return Condition(question_id, equals, tuple(extra))


def condition_texts(definition: SurveyDefinition) -> dict[Condition, str]:
    """ "Question – answer" for every condition used in the definition, to show the routing."""
    texts: dict[Condition, str] = {}
    for section in definition.sections:
        conditions = [section.show_if, *(q.show_if for q in section.questions)]
        for condition in conditions:
            if condition is not None:
                texts[condition] = _condition_text(definition, condition)
    return texts


def _condition_text(definition: SurveyDefinition, condition: Condition) -> str:
    try:
        question = definition.question(condition.question_id)
    except KeyError:
        return f"{condition.question_id} – {condition.equals}"
    return f"{question.text} – " + " or ".join(question.label_for(value) for value in condition.values)


# --- options --------------------------------------------------------------------------


def merge_options(existing: tuple[Option, ...], text: str) -> tuple[Option, ...]:
    """Options from the lines a lead typed. A label that was already there keeps its
    stored value (and easy-read wording), so answers already given still match it after the edit."""
    kept = {option.label: option for option in existing}
    fresh = options_from_lines(text)
    taken = {kept[o.label].value for o in fresh if o.label in kept}
    merged: list[Option] = []
    for option in fresh:
        if option.label in kept:
            merged.append(kept[option.label])
            continue
        base = options_from_lines(option.label)[0].value  # the value this label gives on its own
        value, number = base, 2
        while value in taken or value in (OTHER_VALUE, NONE_VALUE):
            value, number = f"{base}_{number}", number + 1
        taken.add(value)
        merged.append(Option(value, option.label))
    return tuple(merged)


def option_lines(options: tuple[Option, ...]) -> str:
    return "\n".join(option.label for option in options)


def with_easy_read_options(options: tuple[Option, ...], wording: Mapping[str, str | None]) -> tuple[Option, ...]:
    """Options with the easy-read wording a lead gave, found by stored value; options not in
    `wording` keep theirs. An answer whose label changed has a new value, so starts without."""
    return tuple(
        replace(option, easy_read=(wording[option.value] or "").strip()) if option.value in wording else option
        for option in options
    )


# --- sections and questions -------------------------------------------------------------


def section_of(definition: SurveyDefinition, question_id: str) -> Section:
    for section in definition.sections:
        if any(q.id == question_id for q in section.questions):
            return section
    raise KeyError(question_id)


def put_question(definition: SurveyDefinition, section_id: str, question: Question) -> SurveyDefinition:
    """Replace the question with the same id in the section, or add it at the end."""
    section = definition.section(section_id)
    if any(q.id == question.id for q in section.questions):
        questions = tuple(question if q.id == question.id else q for q in section.questions)
    else:
        questions = (*section.questions, question)
    return definition.with_section(replace(section, questions=questions))


def dependents(definition: SurveyDefinition, question_ids: set[str]) -> list[str]:
    """Titles of sections and texts of questions whose routing depends on these questions."""
    names: list[str] = []
    for section in definition.sections:
        if section.show_if and section.show_if.question_id in question_ids:
            names.append(section.title)
        names += [q.text for q in section.questions if q.show_if and q.show_if.question_id in question_ids]
    return names


def remove_question(definition: SurveyDefinition, question_id: str) -> SurveyDefinition:
    """Delete a question, and any routing that depended on it (those are then always shown)."""
    sections = tuple(
        replace(section, questions=tuple(q for q in section.questions if q.id != question_id))
        for section in definition.sections
    )
    return _drop_conditions(replace(definition, sections=sections), {question_id})


def remove_section(definition: SurveyDefinition, section_id: str) -> SurveyDefinition:
    """Delete a section with its questions, and any routing that depended on them."""
    removed = {q.id for q in definition.section(section_id).questions}
    sections = tuple(s for s in definition.sections if s.id != section_id)
    return _drop_conditions(replace(definition, sections=sections), removed)


def _drop_conditions(definition: SurveyDefinition, question_ids: set[str]) -> SurveyDefinition:
    def keep(condition: Condition | None) -> Condition | None:
        return None if condition and condition.question_id in question_ids else condition

    sections = tuple(
        replace(
            section,
            show_if=keep(section.show_if),
            questions=tuple(replace(q, show_if=keep(q.show_if)) for q in section.questions),
        )
        for section in definition.sections
    )
    return replace(definition, sections=sections)


def move_section(definition: SurveyDefinition, section_id: str, direction: str) -> SurveyDefinition:
    sections = list(definition.sections)
    index = next(i for i, s in enumerate(sections) if s.id == section_id)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(sections):
        return definition
    sections[index], sections[other] = sections[other], sections[index]
    return replace(definition, sections=tuple(sections))


def move_question(definition: SurveyDefinition, question_id: str, direction: str) -> SurveyDefinition:
    """Move a question one place up or down. From the top or bottom of a section it moves
    into the end of the section before or the start of the section after."""
    places = [(s.id, q) for s in definition.sections for q in s.questions]
    index = next(i for i, (_, q) in enumerate(places) if q.id == question_id)
    section_index = next(i for i, s in enumerate(definition.sections) if s.id == places[index][0])
    step = -1 if direction == UP else 1
    neighbour = index + step
    if 0 <= neighbour < len(places) and places[neighbour][0] == places[index][0]:
        places[index], places[neighbour] = places[neighbour], places[index]
    elif 0 <= section_index + step < len(definition.sections):
        # Same place in the flat order, but now in the neighbouring section.
        places[index] = (definition.sections[section_index + step].id, places[index][1])
    sections = tuple(
        replace(section, questions=tuple(q for sid, q in places if sid == section.id))
        for section in definition.sections
    )
    return replace(definition, sections=sections)


def new_problems(before: SurveyDefinition, after: SurveyDefinition) -> list[str]:
    """Problems a change would introduce: the builder refuses a change that adds any."""
    known = set(validate(before))
    return [problem for problem in validate(after) if problem not in known]


def copied(definition: SurveyDefinition, title: str, *, with_translations: bool) -> SurveyDefinition:
    """A survey's content for a copy: the new title, and its translations only when asked for."""
    return replace(definition, title=title, translations=definition.translations if with_translations else {})
