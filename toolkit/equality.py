"""The harmonised equality monitoring questions every area asks, and the rules for their answers.

Plain module: no Flask, no database. Surveys turn these into a survey section
(`surveys.equality`); workshops ask them on an anonymous form at the session.

The questions are built from the harmonised wording and answers in `equality_questions.json`
(`toolkit.population.load_equality_questions`). Every question id starts with `eq_`; no question
is required and every choice question offers "Prefer not to say". A stored answer is an option
*value* (a slug); `canonical_answer` turns it back into the harmonised wording that
`toolkit.population.CategoryMapping` understands. Write-in boxes are left out: free text could
identify someone. A postcode is kept as its first half only.

`equality_translations.json` (next to this file) holds machine-drafted translations of every
string of the standard questions, awaiting review; `in_language` words the questions with them.

Counts of answers are shown only through `answer_counts` and `count_table`, after the disclosure
control of `toolkit.stats.disclosure` (perturbation, small numbers hidden).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.population import (
    PREFER_NOT_TO_SAY,
    CategoryMapping,
    OverlappingAreasError,
    area_population,
    category_mapping,
    disability_answer,
    list_areas,
    list_dimensions,
    load_equality_questions,
)
from toolkit.stats import wilson_interval
from toolkit.stats.disclosure import (
    KEY_SPACE,
    Audit,
    Count,
    Policy,
    Protected,
    Status,
    Table,
    count_of,
    protect_table,
    publish,
    share,
)
from toolkit.text import lazy as _l
from toolkit.text import option_values

PREFIX = "eq_"
DISABILITY_ID = "eq_disability"
DISABILITY_IMPACT_ID = "eq_disability_impact"
POSTCODE_ID = "eq_postcode_district"
STOCK_TRANSLATIONS = Path(__file__).with_name("equality_translations.json")
POSTCODE_MAX_LENGTH = 8

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
OUTWARD_CODE = re.compile(rf"^({_OUTWARD})$")
FULL_POSTCODE = re.compile(rf"^({_OUTWARD}) ?[0-9][A-Z]{{2}}$")


@dataclass(frozen=True)
class EqualityQuestion:
    """One harmonised question: a single choice, or (no options) the postcode box."""

    id: str
    topic: str
    text: str
    help: str
    options: tuple[tuple[str, str], ...]  # (stored value, label shown)
    answers: Mapping[str, str]  # stored value -> harmonised answer wording
    max_length: int | None = None
    # harmonised answer -> its broad group ("Irish" -> "White"), for questions asked in groups
    groups: Mapping[str, str] = field(default_factory=dict)


# --- building the questions ---------------------------------------------------------------------------


def _source(source_id: str) -> Mapping[str, Any]:
    source: Mapping[str, Any] = load_equality_questions()[source_id]
    return source


def _wording(raw: str) -> tuple[str, str]:
    """ "Question? (Help text)" -> ("Question?", "Help text.")"""
    text, _, rest = raw.partition(" (")
    help_text = rest.rstrip(")").strip()
    if help_text and not help_text.endswith("."):
        help_text += "."
    return text.strip(), help_text


def _choice(
    question_id: str,
    topic: str,
    text: str,
    answers: Sequence[str],
    *,
    help_text: str = "",
    labels: Mapping[str, str] | None = None,
) -> EqualityQuestion:
    """A single-choice question; values derive from the harmonised answers, labels may differ."""
    if PREFER_NOT_TO_SAY not in answers:
        answers = (*answers, PREFER_NOT_TO_SAY)
    values = option_values(answers)
    options = tuple((value, (labels or {}).get(answer, answer)) for value, answer in zip(values, answers, strict=True))
    return EqualityQuestion(question_id, topic, text, help_text, options, dict(zip(values, answers, strict=True)))


WRITE_IN_LABELS = {
    "No, write in gender identity (optional)": "No",
    "Other sexual orientation (write in)": "Other sexual orientation",
    "Any other religion (write in)": "Any other religion",
}


def _simple(source_id: str, *, text: str | None = None, help_text: str | None = None) -> EqualityQuestion:
    source = _source(source_id)
    wording, parenthesis = _wording(str(source["recommended_question"]))
    return _choice(
        f"{PREFIX}{source_id}",
        source_id,
        text or wording,
        [str(a) for a in source["answer_options"]],
        help_text=parenthesis if help_text is None else help_text,
        labels=WRITE_IN_LABELS,
    )


def _ethnic_group() -> EqualityQuestion:
    """The detailed groups, each labelled with its high-level group."""
    source = _source("ethnic_group")
    text, help_text = _wording(str(source["recommended_question"]))
    answers: list[str] = []
    groups: dict[str, str] = {}
    for group, options in source["answer_options"].items():
        for answer in options:
            answers.append(answer)
            if group != "_":
                groups[answer] = group
    labels = {answer: group_label(group, answer) for answer, group in groups.items()}
    question = _choice(f"{PREFIX}ethnic_group", "ethnic_group", text, answers, help_text=help_text, labels=labels)
    return replace(question, groups=groups)


def group_label(group: str, answer: str) -> str:
    """An answer with its broad group, so it reads on its own: "White: Irish"."""
    return f"{group}: {answer}"


def _disability() -> tuple[EqualityQuestion, EqualityQuestion]:
    condition, impact = _source("disability")["recommended_question"]
    first = _choice(DISABILITY_ID, "disability", str(condition["q"]), [str(a) for a in condition["options"]])
    second = _choice(
        DISABILITY_IMPACT_ID,
        "disability",
        str(impact["q"]),
        [str(a) for a in impact["options"]],
        help_text="Answer this if you said yes to the question before.",
    )
    return first, second


def _pregnancy() -> EqualityQuestion:
    example = str(_source("pregnancy_maternity")["example_local_question"])
    text = example.partition(" Yes /")[0].strip()
    return _choice(f"{PREFIX}pregnancy_maternity", "pregnancy_maternity", text, ["Yes", "No"])


def _postcode() -> EqualityQuestion:
    return EqualityQuestion(
        POSTCODE_ID,
        "postcode_district",
        "What is the first half of your postcode?",
        "For example, PR7 or M1. Leave this blank if you prefer not to say.",
        options=(),
        answers={},
        max_length=POSTCODE_MAX_LENGTH,
    )


def _inclusion_health() -> tuple[EqualityQuestion, ...]:
    return (
        _choice(
            f"{PREFIX}armed_forces",
            "armed_forces",
            "Have you ever served in the UK armed forces?",
            ["Yes, in the regular armed forces", "Yes, in the reserve armed forces", "No"],
            help_text="This includes National Service. Do not count cadets.",
        ),
        _choice(
            f"{PREFIX}homelessness",
            "homelessness",
            "Are you homeless now, or have you been homeless in the last 12 months?",
            ["Yes, I am homeless now", "Yes, in the last 12 months", "No"],
            help_text="This includes sleeping rough, sofa surfing and living in a hostel, refuge or "
            "temporary accommodation.",
        ),
        _choice(
            f"{PREFIX}gypsy_roma_traveller",
            "gypsy_roma_traveller",
            "Do you belong to a Gypsy, Roma or Traveller community?",
            ["Yes", "No"],
        ),
        _choice(
            f"{PREFIX}refugee_asylum",
            "refugee_asylum",
            "Are you a refugee or asylum seeker?",
            ["Yes, I am a refugee", "Yes, I am seeking asylum", "No"],
        ),
    )


@cache
def standard_questions() -> tuple[EqualityQuestion, ...]:
    """Every equality question the toolkit offers, in the order they are asked."""
    return (
        _simple("age", text="Which age group are you in?", help_text=""),
        _simple("sex", help_text="If you are not sure how to answer, use the sex recorded on your birth "
                "certificate or Gender Recognition Certificate."),
        _simple("gender_identity"),
        _simple("sexual_orientation"),
        _ethnic_group(),
        _simple("religion", help_text=""),
        *_disability(),
        _simple("unpaid_carer"),
        _pregnancy(),
        _simple("marriage_civil_partnership", help_text=""),
        _postcode(),
        *_inclusion_health(),
    )  # fmt: skip


# --- easy read ---------------------------------------------------------------------------------------

# Easy-read wording of each question, one short idea a line (the first line is the question), and of
# the answers whose standard wording is hard; the others keep their label. Stored values never change.
EASY_READ_TEXT: Mapping[str, str] = {
    "eq_age": "How old are you?",
    "eq_sex": "What is your sex?\nIf you are not sure, use the sex on your birth certificate.",
    "eq_gender_identity": "Is your gender the same as the sex you were given at birth?",
    "eq_sexual_orientation": "What is your sexual orientation?\nThis means who you are attracted to.",
    "eq_ethnic_group": "Which of these describes you best?",
    "eq_religion": "What is your religion?\nChoose No religion if you do not have one.",
    DISABILITY_ID: "Do you have a long-term health condition or illness?\nLong-term means it lasts 12 months or more.",
    DISABILITY_IMPACT_ID: "Does it make everyday things harder for you?",
    "eq_unpaid_carer": "Do you help someone who is ill, disabled or old?\nDo not count help you are paid to give.",
    "eq_pregnancy_maternity": "Are you pregnant now?\nOr have you had a baby in the last 26 weeks?",
    "eq_marriage_civil_partnership": "Are you married or in a civil partnership?",
    POSTCODE_ID: "What is the first part of your postcode?\nFor example, PR7 or M1.\nYou can leave this empty.",
    "eq_armed_forces": "Have you ever been in the UK armed forces?\nDo not count cadets.",
    "eq_homelessness": "Have you had no home of your own, now or in the last 12 months?\n"
    "This includes sleeping on the street or on a friend's sofa.",
    "eq_gypsy_roma_traveller": "Are you part of a Gypsy, Roma or Traveller community?",
    "eq_refugee_asylum": "Are you a refugee or asking for asylum?",
}
EASY_READ_OPTIONS: Mapping[str, Mapping[str, str]] = {
    "eq_sexual_orientation": {"other_sexual_orientation_write": "Something else"},
    "eq_marriage_civil_partnership": {
        "never_married_and_never_regist": "No, never",
        "separated_but_still_legally_ma": "Married, but we live apart",
        "separated_but_still_legally_in": "In a civil partnership, but we live apart",
        "formerly_in_a_civil_partnershi": "My civil partnership has ended",
        "surviving_partner_from_a_civil": "My civil partner has died",
    },
    "eq_homelessness": {"yes_i_am_homeless_now": "Yes, I have no home now"},
}


@cache
def ethnic_broad_groups() -> Mapping[str, tuple[str, tuple[str, ...]]]:
    """The census's broad ethnic groups, in order: value -> (English name, the detailed answer values
    within it). Easy read asks the broad group first, then the detail; only the detail is stored."""
    question = next(q for q in standard_questions() if q.id == f"{PREFIX}ethnic_group")
    value_of = {answer: value for value, answer in question.answers.items()}
    groups = [(name, options) for name, options in _source("ethnic_group")["answer_options"].items() if name != "_"]
    values = option_values(name for name, _ in groups)
    return {
        value: (str(name), tuple(value_of[str(answer)] for answer in options))
        for value, (name, options) in zip(values, groups, strict=True)
    }


TOPIC_LABELS: Mapping[str, Any] = {
    "age": _l("Age"),
    "sex": _l("Sex"),
    "gender_identity": _l("Gender identity"),
    "sexual_orientation": _l("Sexual orientation"),
    "ethnic_group": _l("Ethnic group"),
    "religion": _l("Religion or belief"),
    "disability": _l("Disability (two questions)"),
    "unpaid_carer": _l("Unpaid carer"),
    "pregnancy_maternity": _l("Pregnancy and maternity"),
    "marriage_civil_partnership": _l("Marriage or civil partnership"),
    "postcode_district": _l("First half of postcode"),
    "armed_forces": _l("Armed forces veteran"),
    "homelessness": _l("Experience of homelessness"),
    "gypsy_roma_traveller": _l("Gypsy, Roma or Traveller community"),
    "refugee_asylum": _l("Refugee or asylum seeker"),
}
INCLUSION_HEALTH_TOPICS = frozenset({"armed_forces", "homelessness", "gypsy_roma_traveller", "refugee_asylum"})


def default_questions() -> tuple[EqualityQuestion, ...]:
    """The questions asked unless a lead chooses otherwise: all but the inclusion-health ones."""
    return tuple(q for q in standard_questions() if q.topic not in INCLUSION_HEALTH_TOPICS)


# --- in other languages ---------------------------------------------------------------------------


@cache
def stock_translations() -> Mapping[str, Any]:
    """The stock translations as loaded: "source" (key -> English), "translations" (language ->
    key -> text) and "reviewed" (languages a native speaker has checked). Keys are a survey's
    content keys: `question.<id>.text`, `.help`, `.option.<value>`."""
    loaded: Mapping[str, Any] = json.loads(STOCK_TRANSLATIONS.read_text(encoding="utf-8"))
    return loaded


def in_language(questions: Iterable[EqualityQuestion], language: str) -> tuple[EqualityQuestion, ...]:
    """The questions worded in `language` where the stock translations have a string whose English
    is still the question's own; anything else stays English. Stored values do not change."""
    source: Mapping[str, str] = stock_translations()["source"]
    translated: Mapping[str, str] = stock_translations()["translations"].get(language, {})

    def worded(key: str, english: str) -> str:
        text = translated.get(key, "").strip()
        return text if text and source.get(key) == english else english

    return tuple(
        replace(
            question,
            text=worded(f"question.{question.id}.text", question.text),
            help=worded(f"question.{question.id}.help", question.help),
            options=tuple(
                (value, worded(f"question.{question.id}.option.{value}", label)) for value, label in question.options
            ),
        )
        for question in questions
    )


# --- answers ------------------------------------------------------------------------------------------


@cache
def _answers_by_question() -> Mapping[str, Mapping[str, str]]:
    return {q.id: q.answers for q in standard_questions()}


def canonical_answer(question_id: str, value: Any) -> str | None:
    """The harmonised wording of a stored answer; None when there is none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value)
    return _answers_by_question().get(question_id, {}).get(text, text)


def postcode_district(text: str | None) -> str | None:
    """The first half of a postcode, tidied ("pr7" -> "PR7"); a whole postcode is cut to its first
    half; None when the text is not a postcode district."""
    if not text:
        return None
    tidy = " ".join(str(text).upper().split())
    for pattern in (OUTWARD_CODE, FULL_POSTCODE):
        match = pattern.match(tidy)
        if match:
            return match.group(1)
    return None


def postcode_district_problem(text: str | None) -> Any:
    """A message when a typed postcode district is not one, else None (blank is fine)."""
    if not text or not str(text).strip() or postcode_district(text):
        return None
    return _l("Enter the first half of a postcode, like PR7 or M1, or leave it blank")


def answers_to_store(questions: Iterable[EqualityQuestion], data: Mapping[str, Any]) -> dict[str, str]:
    """Validated answers as stored: blanks dropped, the postcode cut to its first half, and
    nothing kept that is not an answer to one of the questions."""
    stored: dict[str, str] = {}
    for question in questions:
        value = data.get(question.id)
        if question.options:
            if value in {v for v, _label in question.options}:
                stored[question.id] = str(value)
        elif district := postcode_district(value):
            stored[question.id] = district
    return stored


# --- counting answers, safely ---------------------------------------------------------------------------


NO_ANSWER = "No answer or prefer not to say"
OTHER_DISTRICTS = "Other districts"


@dataclass(frozen=True)
class ShownCell:
    """One count as a page shows it, after disclosure control."""

    category: str
    display: str
    value: int | None  # None unless the (perturbed) count is shown
    status: Status


def cell_text(cell: Protected) -> str:
    if cell.status is Status.SMALL:
        return str(_l("fewer than %(threshold)s", threshold=cell.threshold))
    if cell.value is None:
        return str(_l("not shown"))
    return f"{cell.value:,}"


def shown_cell(category: str, cell: Protected) -> ShownCell:
    return ShownCell(category, cell_text(cell), cell.value, cell.status)


@dataclass(frozen=True)
class CountTable:
    """Counts of the answers to one equality question, after disclosure control. The last cell
    counts the people who did not answer it (or preferred not to say); the total is everyone."""

    question: str
    cells: tuple[ShownCell, ...]
    total: ShownCell


NOBODY = Count(0, 0)


@dataclass(frozen=True)
class AnswerTally:
    """Everyone counted (`people`), and those who gave each stored answer to each question
    (`given[question id][answer]`), each a `Count` (how many, and their record keys summed): all
    that `answer_counts` reads, whether counted person by person (`tally_answers`) or summed from
    a survey's equality tallies. Counts add up, so two groups' tallies add to their union's."""

    people: Count = NOBODY
    given: Mapping[str, Mapping[str, Count]] = field(default_factory=dict)

    def __add__(self, other: AnswerTally) -> AnswerTally:
        given: dict[str, dict[str, Count]] = {}
        for tally in (self, other):
            for question_id, answers in tally.given.items():
                mine = given.setdefault(question_id, {})
                for answer, count in answers.items():
                    mine[answer] = mine.get(answer, NOBODY) + count
        return AnswerTally(self.people + other.people, given)


def tally_answers(answer_sets: Iterable[tuple[Mapping[str, Any], int]]) -> AnswerTally:
    """(answers, record key) per person as an `AnswerTally` (each answer as stored, as text)."""
    people: list[int] = []
    given: dict[str, dict[str, list[int]]] = {}
    for answers, key in answer_sets:
        people.append(key)
        for question_id, value in answers.items():
            if value is not None:
                given.setdefault(question_id, {}).setdefault(str(value), []).append(key)
    return AnswerTally(
        count_of(people),
        {q: {answer: count_of(keys) for answer, keys in answers.items()} for q, answers in given.items()},
    )


def _less(whole: Count, part: Count) -> Count:
    return Count(whole.n - part.n, (whole.key - part.key) % KEY_SPACE)


def count_table(
    question: str,
    categories: Sequence[str],
    answers: Iterable[tuple[str | None, Count]],
    policy: Policy,
    *,
    exact_total: bool = False,
) -> CountTable:
    """Each category's count from (answer, Count) pairs, None for no answer; the total is
    everyone, so the categories and "No answer" add up to it."""
    listed = set(categories)
    counts = dict.fromkeys([*categories, NO_ANSWER], NOBODY)
    for answer, count in answers:  # an unknown answer counts as none
        category = answer if answer in listed else NO_ANSWER
        counts[category] += count
    total = sum(counts.values(), NOBODY)
    table = protect_table(counts, total, policy.threshold, exact_total=exact_total)
    return CountTable(
        question,
        tuple(shown_cell(c, cell) for c, cell in table.cells.items()),
        shown_cell(str(_l("Total")), table.total),
    )


def district_categories(people: Mapping[str, int], threshold: int) -> tuple[list[str], dict[str, str]]:
    """Postcode districts given by at least `threshold` people (how many gave each), listed by
    name; the rest counted together as "Other districts", so no district given by only a few
    people is named."""
    named = sorted(d for d, n in people.items() if n >= threshold)
    merged = {d: OTHER_DISTRICTS for d in people if d not in named}
    return [*named, *([OTHER_DISTRICTS] if merged else [])], merged


def answer_counts(
    questions: Iterable[EqualityQuestion], answer_sets: Sequence[tuple[Mapping[str, Any], int]], policy: Policy
) -> tuple[CountTable, ...]:
    """One table per question, counting each person's harmonised answer: (answers, record key)."""
    return tallied_answer_counts(questions, tally_answers(answer_sets), policy)


def tallied_answer_counts(
    questions: Iterable[EqualityQuestion], tally: AnswerTally, policy: Policy
) -> tuple[CountTable, ...]:
    """`answer_counts` from an `AnswerTally`: the same tables from the same people."""
    tables = []
    for question in questions:
        given = tally.given.get(question.id, {})
        answered = sum(given.values(), NOBODY)
        pairs: list[tuple[str | None, Count]] = [(None, _less(tally.people, answered))]
        for stored, count in given.items():
            answer = canonical_answer(question.id, stored)
            pairs.append((None if answer == PREFER_NOT_TO_SAY else answer, count))
        if question.options:
            categories = [a for a in dict.fromkeys(question.answers.values()) if a != PREFER_NOT_TO_SAY]
        else:
            people: Counter[str] = Counter()
            for answer, count in pairs:
                if answer is not None:
                    people[answer] += count.n
            categories, merged = district_categories(people, policy.threshold)
            pairs = [(None if a is None else merged.get(a, a), count) for a, count in pairs]
        if question.groups:
            tables.append(grouped_table(question, categories, pairs, policy))
        else:
            tables.append(count_table(question.text, categories, pairs, policy))
    return tuple(tables)


def grouped_table(
    question: EqualityQuestion,
    categories: Sequence[str],
    answers: Sequence[tuple[str | None, Count]],
    policy: Policy,
) -> CountTable:
    """Counts of a question asked in broad groups (ethnic group), each answer labelled with its
    group ("White: Irish"). Where disclosure control would hide every answer of a broad group,
    that group is counted as one row instead ("Black, Black British, Caribbean or African"), and
    the table is protected again as a whole: rows of "fewer than 5" tell a reader nothing.
    Both passes go through `count_table`, so through the one disclosure-control layer."""
    groups = question.groups

    def table(collapsed: set[str]) -> CountTable:
        def label(answer: str) -> str:
            group = groups.get(answer)
            if group is None:
                return answer
            return group if group in collapsed else group_label(group, answer)

        rows = list(dict.fromkeys(label(c) for c in categories))
        return count_table(question.text, rows, [(None if a is None else label(a), n) for a, n in answers], policy)

    detailed = table(set())
    hidden = {cell.category for cell in detailed.cells if cell.value is None}
    members: dict[str, list[str]] = {}
    for answer in categories:
        if answer in groups:
            members.setdefault(groups[answer], []).append(group_label(groups[answer], answer))
    collapsed = {group for group, rows in members.items() if set(rows) <= hidden}
    return table(collapsed) if collapsed else detailed


# --- an area typed by staff (a survey's or a panel's) --------------------------------------------------------


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


# --- comparing answers with the census (surveys and the panel) ---------------------------------------------

UNMATCHED = "(answer with no census group)"

SURVEY_BASES = ("16+", "18+", "all")
DEFAULT_BASE = "16+"
# Census population bases to use for a survey of each kind of people, best first.
BASE_PREFERENCE: Mapping[str, tuple[str, ...]] = {
    "16+": ("16plus",),
    "18+": ("18plus", "16plus"),
    "all": ("all", "5plus", "16plus"),
}


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


# --- a group's figures from protected counts (the survey dashboard, the panel profile) ---------------------


def percent(share: float | None) -> str:
    if share is None:
        return "–"
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


def ratio_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def interval_text(low: float, high: float) -> str:
    return str(_l("%(low)s to %(high)s", low=percent(low), high=percent(high)))


@dataclass(frozen=True)
class ProtectedGroup:
    """A group's figures from protected counts only."""

    category: str
    cell: Protected
    estimate: float
    population_share: float
    share: float | None  # the shown count's share of those who answered; None when hidden
    interval: tuple[float, float] | None
    under_represented: bool


def answered_estimate(table: Table) -> float:
    estimates = table.estimates()
    return sum(v for c, v in estimates.items() if c != NO_ANSWER)


def protected_groups(table: Table, population: Mapping[str, float]) -> list[ProtectedGroup]:
    """Shares, intervals and flags from the protected counts: a small count is flagged only when
    even `threshold - 1` would leave the group under-represented."""
    answered = answered_estimate(table)
    estimates = table.estimates()
    total_population = sum(population.values()) or 1.0
    result = []
    for category, people in population.items():
        cell = table.cells[category]
        population_share = people / total_population
        n = round(answered)
        if cell.value is not None and n > 0:
            low, high = wilson_interval(min(cell.value, n), n)
            result.append(
                ProtectedGroup(category, cell, estimates[category], population_share, share(cell.value, answered),
                       (low, high), high < population_share)
            )  # fmt: skip
            continue
        flagged = cell.status is Status.SMALL and n > 0 and wilson_interval(cell.threshold - 1, n)[1] < population_share
        result.append(ProtectedGroup(category, cell, estimates[category], population_share, None, None, flagged))
    return result


MAJORITY = 0.5  # a group this large a share of the population is not "seldom heard"


def seldom_heard(group: ProtectedGroup) -> bool:
    """Under-represented and not a majority of the area ("Not disabled", "Never married"): a
    majority group's shortfall is the other groups' surplus, so it never opens a list of gaps."""
    return group.under_represented and group.population_share < MAJORITY


def shortfall_order(group: ProtectedGroup, answered: float) -> tuple[float, float]:
    """Sort key for gaps, from protected figures only: furthest below the population share in
    proportion first (respondents' share over population share: a group of 3% with nobody comes
    before a group of 35% with 25%), then the larger group."""
    respondent_share = group.share if group.share is not None else group.estimate / max(answered, 1)
    ratio = respondent_share / group.population_share if group.population_share else 1.0
    return ratio, -group.population_share


View = tuple[frozenset[object], Mapping[str, Count]]  # the atoms a view is made of, its counts per category


def audited_tables(audit: Audit, new_atoms: Mapping[object, int], views: Sequence[View], threshold: int) -> list[Table]:
    """Protect each view's counts (its total shown exactly) and publish them together with every
    view `audit` already holds (`toolkit.stats.disclosure.publish`): figures that, combined with
    anything published before, would pin a hidden count are withheld. Every equality page that
    shows overlapping views (the survey dashboard's channels and blocks, the panel's channels)
    goes through here."""
    tables = []
    for atoms, counts in views:
        total = Count(sum(c.n for c in counts.values()), sum(c.key for c in counts.values()) % 256)
        tables.append((atoms, protect_table(dict(counts), total, threshold, exact_total=True)))
    return publish(audit, new_atoms, tables)
