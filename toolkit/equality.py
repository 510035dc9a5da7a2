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
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.population import PREFER_NOT_TO_SAY, load_equality_questions
from toolkit.stats.disclosure import Policy, Protected, Status, count_of, counts_by, protect_table
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
    labels: dict[str, str] = {}
    for group, options in source["answer_options"].items():
        for answer in options:
            answers.append(answer)
            if group != "_":
                labels[answer] = f"{group}: {answer}"
    return _choice(f"{PREFIX}ethnic_group", "ethnic_group", text, answers, help_text=help_text, labels=labels)


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


def count_table(
    question: str,
    categories: Sequence[str],
    answers: Iterable[tuple[str | None, int]],
    policy: Policy,
    *,
    exact_total: bool = False,
) -> CountTable:
    """Each category's count among (answer, record key) pairs, None for no answer; the total is
    everyone, so the categories and "No answer" add up to it."""
    listed = set(categories)
    pairs = [(a if a in listed else NO_ANSWER, key) for a, key in answers]  # an unknown answer counts as none
    counts = counts_by(pairs, [*categories, NO_ANSWER])
    counts = {c: counts[c] for c in [*categories, NO_ANSWER]}
    table = protect_table(counts, count_of(k for _, k in pairs), policy.threshold, exact_total=exact_total)
    return CountTable(
        question,
        tuple(shown_cell(c, cell) for c, cell in table.cells.items()),
        shown_cell(str(_l("Total")), table.total),
    )


def district_categories(answers: Sequence[str | None], threshold: int) -> tuple[list[str], dict[str, str]]:
    """Postcode districts given by at least `threshold` people, listed by name; the rest counted
    together as "Other districts", so no district given by only a few people is named."""
    counts = Counter(a for a in answers if a is not None)
    named = sorted(d for d, n in counts.items() if n >= threshold)
    merged = {d: OTHER_DISTRICTS for d in counts if d not in named}
    return [*named, *([OTHER_DISTRICTS] if merged else [])], merged


def answer_counts(
    questions: Iterable[EqualityQuestion], answer_sets: Sequence[tuple[Mapping[str, Any], int]], policy: Policy
) -> tuple[CountTable, ...]:
    """One table per question, counting each person's harmonised answer: (answers, record key)."""
    tables = []
    keys = [key for _, key in answer_sets]
    for question in questions:
        answers = [canonical_answer(question.id, s.get(question.id)) for s, _ in answer_sets]
        answers = [None if a == PREFER_NOT_TO_SAY else a for a in answers]
        if question.options:
            categories = [a for a in dict.fromkeys(question.answers.values()) if a != PREFER_NOT_TO_SAY]
        else:
            categories, merged = district_categories(answers, policy.threshold)
            answers = [None if a is None else merged.get(a, a) for a in answers]
        tables.append(count_table(question.text, categories, zip(answers, keys, strict=True), policy))
    return tuple(tables)
