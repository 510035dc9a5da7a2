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

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from surveys.model import Option, Question, Section, SurveyDefinition, other_key
from toolkit import equality as toolkit_equality
from toolkit.equality import (
    DISABILITY_ID,
    DISABILITY_IMPACT_ID,
    INCLUSION_HEALTH_TOPICS,
    POSTCODE_ID,
    PREFIX,
    TOPIC_LABELS,
    EqualityQuestion,
    canonical_answer,
    postcode_district,
)
from toolkit.equality import postcode_district_problem as postcode_district_problem
from toolkit.population import (
    PREFER_NOT_TO_SAY,
    AreaPopulation,
    CategoryMapping,
    OverlappingAreasError,
    area_population,
    category_mapping,
    disability_answer,
    list_areas,
    list_dimensions,
)
from toolkit.text import lazy as _l

SECTION_ID = "equality"
SECTION_KIND = "equality"
UNMATCHED = "(answer with no census group)"

SURVEY_BASES = ("16+", "18+", "all")
DEFAULT_BASE = "16+"
# Census population bases to use for a survey of each kind of people, best first.
BASE_PREFERENCE: Mapping[str, tuple[str, ...]] = {
    "16+": ("16plus",),
    "18+": ("18plus", "16plus"),
    "all": ("all", "5plus", "16plus"),
}


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
    if standard.options:
        options = tuple(Option(value, label) for value, label in standard.options)
        question = Question(standard.id, "single_choice", standard.text, help=standard.help, options=options)
    else:
        question = Question(
            standard.id, "short_text", standard.text, help=standard.help, max_length=standard.max_length or 0
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
        questions=tuple(s.question for s in standard_questions() if s.topic in wanted),
        kind=SECTION_KIND,
    )


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
            if question.type == "single_choice" and PREFER_NOT_TO_SAY not in labels:
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


# --- comparison with the census ------------------------------------------------------------------------


def dimension_question_ids(dimension: str) -> tuple[str, ...]:
    """The equality questions a census dimension's comparison reads."""
    if dimension == "disability":
        return (DISABILITY_ID, DISABILITY_IMPACT_ID)
    for info in list_dimensions():
        if info.key == dimension:
            return (f"{PREFIX}{info.question_id}",)
    raise KeyError(dimension)


def respondent_answer(dimension: str, answers: Mapping[str, Any]) -> str | None:
    """A respondent's answer for a census dimension, in harmonised wording (None if not answered)."""
    ids = dimension_question_ids(dimension)
    if dimension == "disability":
        return disability_answer(
            canonical_answer(DISABILITY_ID, answers.get(DISABILITY_ID)),
            canonical_answer(DISABILITY_IMPACT_ID, answers.get(DISABILITY_IMPACT_ID)),
        )
    return canonical_answer(ids[0], answers.get(ids[0]))


def respondent_group(mapping: CategoryMapping, answers: Mapping[str, Any]) -> str | None:
    """The comparison group a respondent is counted in; None for "Prefer not to say" or no answer;
    `UNMATCHED` for an answer the mapping does not know."""
    answer = respondent_answer(mapping.dimension, answers)
    if answer is None:
        return None
    if answer not in mapping.survey_to_group:
        return UNMATCHED
    return mapping.survey_to_group[answer]


def respondent_groups(mappings: Sequence[CategoryMapping], answers: Mapping[str, Any]) -> dict[str, str | None]:
    """Dimension -> comparison group, for every mapping."""
    return {m.dimension: respondent_group(m, answers) for m in mappings}


def comparison_mappings(question_ids: Iterable[str], survey_base: str = DEFAULT_BASE) -> tuple[CategoryMapping, ...]:
    """The census comparisons a survey with these equality questions can make, at the population
    base nearest to who the survey is for. Ethnic group is compared as 5 high-level groups and
    in detail (8 groups for adults; 19 for everyone)."""
    asked = frozenset(question_ids)
    preference = BASE_PREFERENCE.get(survey_base, BASE_PREFERENCE[DEFAULT_BASE])
    detailed_ethnic = "ethnic_group_19" if survey_base == "all" else "ethnic_group_8"
    mappings: list[CategoryMapping] = []
    for info in list_dimensions():
        if info.key.startswith("ethnic_group_") and info.key not in ("ethnic_group_5", detailed_ethnic):
            continue
        if dimension_question_ids(info.key)[0] not in asked:
            continue
        base = next((b for b in preference if b in info.bases), info.bases[0])
        mappings.append(category_mapping(info.key, base))
    # The 5 high-level ethnic groups before the detailed ones.
    return tuple(sorted(mappings, key=lambda m: m.dimension == detailed_ethnic))


def answer_labels(question: Question) -> dict[str, str]:
    """Stored value -> harmonised answer, for counting answers that have no census comparison."""
    known = next((q.answers for q in toolkit_equality.standard_questions() if q.id == question.id), {})
    return {o.value: known.get(o.value, o.label) for o in question.options}


# --- the survey's area ---------------------------------------------------------------------------------


class AreaChoiceError(ValueError):
    """Areas typed by a lead that cannot be used; the message says which and why."""


def resolve_areas(text: str) -> tuple[str, ...]:
    """Local authority codes or names, separated by commas or new lines, as codes.

    Raises AreaChoiceError naming every entry that is not a local authority, and when the
    authorities overlap (a 2023 unitary authority and a district it replaced)."""
    lads = list_areas("lad")
    by_code = {a.code.upper(): a.code for a in lads}
    by_name = {a.name.casefold(): a.code for a in lads}
    entries = [e.strip() for e in re.split(r"[,\n;]+", text or "") if e.strip()]
    if not entries:
        raise AreaChoiceError(str(_l("Enter at least one local authority code or name")))
    unknown = [e for e in entries if e.upper() not in by_code and e.casefold() not in by_name]
    if unknown:
        raise AreaChoiceError(
            str(_l("These are not local authorities we know: %(entries)s", entries=", ".join(unknown)))
        )
    codes = tuple(dict.fromkeys(by_code.get(e.upper()) or by_name[e.casefold()] for e in entries))
    try:
        area_population(codes, "sex")
    except OverlappingAreasError as error:
        raise AreaChoiceError(str(error)) from None
    return codes


def area_names(codes: Iterable[str]) -> list[str]:
    names = {a.code: a.name for a in list_areas()}
    return [names.get(code, code) for code in codes]


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
