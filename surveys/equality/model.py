"""The standard equality monitoring section, and how a respondent's answers become comparison groups.

Plain module: no Flask, no database.

The section is built from the harmonised questions in `toolkit.equality` (shared with workshops).
Every question id starts with `eq_`; no question is required and every choice question offers
"Prefer not to say". Questions come in *topics* a lead
can switch off one by one (disability is one topic of two questions); the inclusion-health topics
(armed forces veterans, homelessness, Gypsy, Roma and Traveller communities, refugees and asylum
seekers) are off unless the lead turns them on.

A stored answer is an option *value* (a slug); `canonical_answer` turns it back into the
harmonised wording that `toolkit.population.CategoryMapping` understands, whatever the option's
label says (labels can be reworded or translated). Write-in boxes ("Other sexual orientation
(write in)") are left out: free text could identify someone, and the comparison does not need it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from surveys.model import Condition, Option, Question, Section, SurveyDefinition, other_key
from toolkit import equality as toolkit_equality
from toolkit.equality import BASE_PREFERENCE as BASE_PREFERENCE
from toolkit.equality import DEFAULT_BASE as DEFAULT_BASE
from toolkit.equality import (
    DISABILITY_ID,
    DISABILITY_IMPACT_ID,
    EASY_READ_OPTIONS,
    EASY_READ_TEXT,
    INCLUSION_HEALTH_TOPICS,
    POSTCODE_ID,
    TOPIC_LABELS,
    EqualityQuestion,
    postcode_district,
)
from toolkit.equality import SURVEY_BASES as SURVEY_BASES
from toolkit.equality import UNMATCHED as UNMATCHED
from toolkit.equality import AreaChoiceError as AreaChoiceError
from toolkit.equality import area_names as area_names
from toolkit.equality import comparison_mappings as comparison_mappings
from toolkit.equality import dimension_question_ids as dimension_question_ids
from toolkit.equality import postcode_district_problem as postcode_district_problem
from toolkit.equality import resolve_areas as resolve_areas
from toolkit.equality import respondent_answer as respondent_answer
from toolkit.equality import respondent_group as respondent_group
from toolkit.equality import respondent_groups as respondent_groups
from toolkit.population import (
    PREFER_NOT_TO_SAY,
    AreaPopulation,
)
from toolkit.text import lazy as _l

SECTION_ID = "equality"
SECTION_KIND = "equality"


@dataclass(frozen=True)
class Topic:
    """Something a lead switches on or off: one question, or two (disability)."""

    key: str
    label: Any  # lazy text: translated when shown
    question_ids: tuple[str, ...]
    inclusion_health: bool = False


@dataclass(frozen=True)
class StandardQuestion:
    question: Question
    topic: str
    answers: Mapping[str, str]  # option value -> harmonised answer wording


def _as_survey_question(standard: EqualityQuestion) -> StandardQuestion:
    easy = EASY_READ_TEXT.get(standard.id, "")
    if standard.options:
        easy_options = EASY_READ_OPTIONS.get(standard.id, {})
        options = tuple(Option(value, label, easy_options.get(value, "")) for value, label in standard.options)
        question = Question(
            standard.id, "single_choice", standard.text, help=standard.help, options=options, easy_read_text=easy
        )
    else:
        question = Question(
            standard.id,
            "short_text",
            standard.text,
            help=standard.help,
            max_length=standard.max_length or 0,
            easy_read_text=easy,
        )
    return StandardQuestion(question, standard.topic, standard.answers)


@cache
def standard_questions() -> tuple[StandardQuestion, ...]:
    """Every equality question the toolkit offers (`toolkit.equality`), as survey questions."""
    return tuple(_as_survey_question(q) for q in toolkit_equality.standard_questions())


def topics() -> tuple[Topic, ...]:
    """The topics in question order."""
    found: dict[str, list[str]] = {}
    for standard in standard_questions():
        found.setdefault(standard.topic, []).append(standard.question.id)
    return tuple(
        Topic(key, TOPIC_LABELS[key], tuple(ids), key in INCLUSION_HEALTH_TOPICS) for key, ids in found.items()
    )


def default_topics() -> frozenset[str]:
    return frozenset(t.key for t in topics() if not t.inclusion_health)


class EqualitySectionError(ValueError):
    """The equality section cannot be added as asked."""


def equality_section(chosen_topics: Iterable[str] | None = None) -> Section:
    """The standard section with the chosen topics (by default every topic but inclusion health)."""
    wanted = default_topics() if chosen_topics is None else frozenset(chosen_topics)
    unknown = wanted - {t.key for t in topics()}
    if unknown:
        raise EqualitySectionError(f"Unknown equality topics: {', '.join(sorted(unknown))}.")
    if not wanted:
        raise EqualitySectionError("Choose at least one equality question.")
    return Section(
        SECTION_ID,
        "About you",
        intro=(
            "These questions help us check that we hear from every part of the community. "
            "You do not have to answer them. Your answers are kept apart from your other answers "
            "and are only ever reported as totals for groups of people."
        ),
        questions=tuple(_routed(s.question) for s in standard_questions() if s.topic in wanted),
        kind=SECTION_KIND,
    )


def _routed(question: Question) -> Question:
    """The disability follow-up ("does it reduce your ability...") is only asked of people who said
    they have a condition, as the census asks it; the page splits before it (standard and easy read)."""
    if question.id == DISABILITY_IMPACT_ID:
        return replace(question, show_if=Condition(DISABILITY_ID, "yes"))
    return question


def with_equality_section(definition: SurveyDefinition, chosen_topics: Iterable[str] | None = None) -> SurveyDefinition:
    """The definition with the standard equality section added, or its existing one replaced."""
    section = equality_section(chosen_topics)
    existing = next((s for s in definition.sections if s.kind == SECTION_KIND), None)
    if existing is not None:
        section = replace(section, id=existing.id, title=existing.title, intro=existing.intro)
    others = {q.id for s in definition.sections if s is not existing for q in s.questions}
    clashes = sorted(others & {q.id for q in section.questions})
    if clashes:
        raise EqualitySectionError(f"The survey already has questions with the ids {', '.join(clashes)}.")
    if existing is None and any(s.id == section.id for s in definition.sections):
        section = replace(section, id=definition.next_section_id())
    return definition.with_section(section) if existing is None else _replace_section(definition, existing, section)


def _replace_section(definition: SurveyDefinition, old: Section, new: Section) -> SurveyDefinition:
    return replace(definition, sections=tuple(new if s is old else s for s in definition.sections))


def chosen_topics(definition: SurveyDefinition) -> frozenset[str]:
    """The topics a definition's equality section asks about (empty without one)."""
    ids = definition.equality_question_ids()
    return frozenset(t.key for t in topics() if ids & set(t.question_ids))


def equality_problems(definition: SurveyDefinition) -> list[str]:
    """What is wrong with an equality section someone has edited by hand."""
    problems: list[str] = []
    for section in definition.sections:
        if section.kind != SECTION_KIND:
            continue
        for question in section.questions:
            if question.required:
                problems.append(f"“{question.text}” must not be required: nobody has to answer equality questions.")
            labels = {o.label for o in question.options}
            if question.kind.lead_options and not question.kind.multiple and PREFER_NOT_TO_SAY not in labels:
                problems.append(f"“{question.text}” needs the answer “{PREFER_NOT_TO_SAY}”.")
    return problems


# --- answers ------------------------------------------------------------------------------------------


def split_answers(definition: SurveyDefinition, answers: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(survey answers, equality answers). The postcode is kept as its first half only."""
    ids = definition.equality_question_ids()
    equality_keys = ids | {other_key(i) for i in ids}
    survey = {k: v for k, v in answers.items() if k not in equality_keys}
    equality = {k: v for k, v in answers.items() if k in equality_keys}
    if POSTCODE_ID in equality:
        district = postcode_district(equality.pop(POSTCODE_ID))
        if district:
            equality[POSTCODE_ID] = district
    return survey, equality


# --- easy read: ethnic group in two steps, and a picture for each question -------------------------------

ETHNIC_GROUP_ID = "eq_ethnic_group"
# Easy read's first step of the ethnic group question: the broad group. Only a step: it is not a question
# of the survey, so it is never stored with a response (`SurveyDefinition.prune` keeps asked questions only).
ETHNIC_BROAD_ID = "eq_ethnic_group_broad"
PREFER_NOT_TO_SAY_VALUE = "prefer_not_to_say"


def _group_of(value: Any) -> str | None:
    """The broad group of a stored ethnic group answer (prefer not to say is its own)."""
    if value == PREFER_NOT_TO_SAY_VALUE:
        return PREFER_NOT_TO_SAY_VALUE
    groups = toolkit_equality.ethnic_broad_groups()
    return next((group for group, (_, values) in groups.items() if value in values), None)


def in_two_steps(question: Question) -> bool:
    """Whether easy read asks this question as broad group then detail: the ethnic group question
    while its answers are still the census's."""
    known = {v for _, values in toolkit_equality.ethnic_broad_groups().values() for v in values}
    return (
        question.id == ETHNIC_GROUP_ID
        and bool(question.options)
        and {o.value for o in question.options} <= known | {PREFER_NOT_TO_SAY_VALUE}
    )


def _broad_question(question: Question) -> Question:
    """The first step: the question's own (translated) wording, each group named as the survey's labels
    of its answers name it ("White: Irish" -> "White")."""
    options = []
    for group, (english, values) in toolkit_equality.ethnic_broad_groups().items():
        labels = [o.label for o in question.options if o.value in values]
        if labels:
            name, colon, _ = labels[0].partition(": ")
            options.append(Option(group, name if colon else english))
    options += [o for o in question.options if o.value == PREFER_NOT_TO_SAY_VALUE]
    return Question(ETHNIC_BROAD_ID, "single_choice", question.text, options=tuple(options))


def _detail_question(question: Question, group: str) -> Question:
    """The second step: the answers within the chosen group, without the group's name."""
    values = toolkit_equality.ethnic_broad_groups()[group][1]
    options = tuple(
        replace(o, easy_read=o.easy_read or o.label.partition(": ")[2] or o.label)
        for o in question.options
        if o.value in values
    )
    return replace(question, options=options, help="", show_if=None)


def chosen_group(answers: Mapping[str, Any]) -> str | None:
    """The broad group answered in easy read, or that of an ethnic group answered in the standard version."""
    return answers.get(ETHNIC_BROAD_ID) or _group_of(answers.get(ETHNIC_GROUP_ID))


def easy_read_steps(question: Question, answers: Mapping[str, Any]) -> tuple[Question, ...]:
    """The pages easy read asks a question on: the ethnic group as its broad group, then (once a group
    is chosen) the detail within it; every other question as it is."""
    if not in_two_steps(question):
        return (question,)
    group = chosen_group(answers)
    broad = _broad_question(question)
    if group is None or group == PREFER_NOT_TO_SAY_VALUE or group not in toolkit_equality.ethnic_broad_groups():
        return (broad,)
    return (broad, _detail_question(question, group))


def easy_read_step_count(question: Question) -> int:
    """The most pages easy read asks a question on."""
    return 2 if in_two_steps(question) else 1


def after_easy_read_step(answers: Mapping[str, Any], question_id: str) -> dict[str, Any]:
    """The answers once an easy-read step is saved: a broad group of "prefer not to say" is the ethnic
    group's answer too; choosing another group (or none) clears a detail outside it."""
    settled = dict(answers)
    if question_id != ETHNIC_BROAD_ID:
        return settled
    group = settled.get(ETHNIC_BROAD_ID)
    if group == PREFER_NOT_TO_SAY_VALUE:
        settled[ETHNIC_GROUP_ID] = PREFER_NOT_TO_SAY_VALUE
    elif not group or _group_of(settled.get(ETHNIC_GROUP_ID)) != group:
        settled.pop(ETHNIC_GROUP_ID, None)
    return settled


@dataclass(frozen=True)
class Picture:
    """One of the pictures shipped for the standard questions (surveys/static/easy_read/equality)."""

    name: str  # file name without ".svg"
    alt: Any  # lazy text: translated when shown


_PICTURES: Mapping[str, Picture] = {
    "eq_age": Picture("age", _l("A birthday cake with candles")),
    "eq_sex": Picture("sex", _l("A woman and a man side by side")),
    "eq_gender_identity": Picture("gender", _l("A person with a question mark")),
    "eq_sexual_orientation": Picture("orientation", _l("Two hearts")),
    ETHNIC_GROUP_ID: Picture("ethnic-group", _l("Faces of people with different skin colours")),
    ETHNIC_BROAD_ID: Picture("ethnic-group", _l("Faces of people with different skin colours")),
    "eq_religion": Picture("religion", _l("A building where people meet to pray")),
    DISABILITY_ID: Picture("health", _l("A calendar with a medical cross")),
    DISABILITY_IMPACT_ID: Picture("everyday", _l("A shopping bag and a cup")),
    "eq_unpaid_carer": Picture("carer", _l("A hand holding another hand")),
    "eq_pregnancy_maternity": Picture("baby", _l("A baby's bottle")),
    "eq_marriage_civil_partnership": Picture("rings", _l("Two rings")),
    POSTCODE_ID: Picture("postcode", _l("A house with a letter box")),
    "eq_armed_forces": Picture("armed-forces", _l("A military cap")),
    "eq_homelessness": Picture("home", _l("A house")),
    "eq_gypsy_roma_traveller": Picture("caravan", _l("A caravan")),
    "eq_refugee_asylum": Picture("journey", _l("A bag packed for a journey")),
}


def standard_picture(question_id: str) -> Picture | None:
    """The shipped picture for a standard equality question (easy read shows it beside the words)."""
    return _PICTURES.get(question_id)


def picture_names() -> frozenset[str]:
    return frozenset(picture.name for picture in _PICTURES.values())


# --- comparison with the census ------------------------------------------------------------------------


def answer_labels(question: Question) -> dict[str, str]:
    """Stored value -> harmonised answer, for counting answers that have no census comparison."""
    known = next((q.answers for q in toolkit_equality.standard_questions() if q.id == question.id), {})
    return {o.value: known.get(o.value, o.label) for o in question.options}


# --- the survey's area ---------------------------------------------------------------------------------


def custom_to_store(name: str, populations: Mapping[str, AreaPopulation]) -> dict[str, Any]:
    """A parsed custom population table as JSON to store."""
    return {
        "name": name,
        "dimensions": {key: {"base": p.base, "counts": dict(p.counts)} for key, p in populations.items()},
    }


def custom_from_store(stored: Mapping[str, Any]) -> dict[str, AreaPopulation]:
    name = str(stored.get("name") or "Your own population")
    return {
        key: AreaPopulation(
            area_codes=(),
            area_name=name,
            dimension=key,
            base=str(value["base"]),
            base_label=CUSTOM_BASE_LABEL,
            counts={str(c): int(n) for c, n in value["counts"].items()},
            best_fit=False,
            source=CUSTOM_SOURCE,
            attribution=CUSTOM_ATTRIBUTION,
        )
        for key, value in (stored.get("dimensions") or {}).items()
    }


CUSTOM_BASE_LABEL = "Population supplied by the survey lead"
CUSTOM_SOURCE = "Supplied by the survey lead"
CUSTOM_ATTRIBUTION = "Population figures supplied by the survey lead."
