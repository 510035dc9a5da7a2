"""A survey definition as plain data: sections (pages) of questions, with simple routing.

No Flask and no database here: a definition is validated, turned into forms by
`surveys.questions`, and stored as JSON by `surveys.repository`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from toolkit.text import option_values

if TYPE_CHECKING:
    from surveys.question_types.base import QuestionType

HARD_MAX_LENGTH = 10_000
# The most an answer option's label, or its easy-read wording, may hold.
OPTION_MAX_LENGTH = 200
OTHER_VALUE = "other"
# "None of these": a multiple-choice answer that excludes the others.
NONE_VALUE = "none"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")

Answers = Mapping[str, Any]


class DefinitionError(ValueError):
    """A survey definition that cannot be used, with every problem listed."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Option:
    value: str  # what is stored as the answer, whichever wording a respondent saw
    label: str
    easy_read: str = ""  # plainer wording for the easy-read version; the label when empty


@dataclass(frozen=True)
class Condition:
    """Show a question or section only when an earlier answer is one of some values ("if any
    of these"): `equals`, or any of `any_of`. A multiple-choice answer holds when any value
    picked is one of them."""

    question_id: str
    equals: str
    any_of: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.equals, *self.any_of)))

    def holds(self, answers: Answers) -> bool:
        answer = answers.get(self.question_id)
        if isinstance(answer, list):
            return any(value in self.values for value in answer)
        return isinstance(answer, str) and answer in self.values


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    help: str = ""
    required: bool = False
    options: tuple[Option, ...] = ()
    allow_other: bool = False
    none_option: bool = False  # multiple choice: "None of these", chosen only on its own
    max_length: int = 0
    scale_min: int = 1
    scale_max: int = 5
    scale_min_label: str = ""
    scale_max_label: str = ""
    min_value: int | None = None
    max_value: int | None = None
    show_if: Condition | None = None
    # Easy read: short plain wording, an uploaded picture (SurveyImage id) with
    # alt text, and "smiley" to show a rating as faces.
    easy_read_text: str = ""
    image_id: int | None = None
    image_alt: str = ""
    easy_read_scale: str = ""

    @property
    def kind(self) -> QuestionType:
        """What this type of question knows: its field, parsing, reading back, counting, export, paper."""
        from surveys import question_types  # the types build on this module's dataclasses

        return question_types.get(self.type)

    @property
    def answerable(self) -> bool:
        return self.kind.answerable

    @property
    def text_limit(self) -> int:
        return self.max_length or self.kind.default_max_length

    @property
    def choices(self) -> tuple[Option, ...]:
        """The options a respondent picks from, whatever the type."""
        return self.kind.choices(self)

    def label_for(self, value: str) -> str:
        for option in self.choices:
            if option.value == value:
                return option.label
        return value


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str = ""
    questions: tuple[Question, ...] = ()
    show_if: Condition | None = None
    # "equality" marks the standard equality monitoring section: its answers are
    # stored apart from the survey answers and only ever reported in aggregate.
    kind: str = ""

    def visible_questions(self, answers: Answers) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.show_if is None or q.show_if.holds(answers))


@dataclass(frozen=True)
class SurveyDefinition:
    title: str
    introduction: str = ""
    privacy_notice: str = ""
    sections: tuple[Section, ...] = field(default_factory=tuple)
    # Translations of the survey's own content: language code -> string key -> text
    # (keys from surveys.translations.model.translatable_strings). Frozen with each version.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The English each translated string was made from: language code -> string key -> English.
    # A translation whose English has changed since is out of date.
    translation_sources: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # The lead's choice: refuse to publish while any translation is out of date.
    block_outdated_translations: bool = False

    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def answerable_questions(self) -> list[Question]:
        return [q for q in self.questions() if q.answerable]

    def equality_question_ids(self) -> frozenset[str]:
        return frozenset(q.id for s in self.sections if s.kind == "equality" for q in s.questions)

    def question(self, question_id: str) -> Question:
        for question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def visible_sections(self, answers: Answers) -> list[Section]:
        """Sections a respondent with these answers is shown, in order."""
        return [s for s in self.sections if s.show_if is None or s.show_if.holds(answers)]

    def pages(self) -> list[Section]:
        """Every page of the standard version, whatever the answers: a section per page, split
        where a question depends on an answer given on the same page (so the follow-up can be
        shown or skipped without JavaScript). A later part's id is "<section id>.<its first
        question's id>" and it has no introduction."""
        return [page for section in self.sections for page in split_section(section)]

    def visible_pages(self, answers: Answers) -> list[Section]:
        """The pages a respondent with these answers is shown: each visible section's first part,
        and its later parts that hold a question they are shown."""
        return [
            page
            for section in self.visible_sections(answers)
            for number, page in enumerate(split_section(section))
            if number == 0 or page.visible_questions(answers)
        ]

    def page(self, page_id: str) -> Section:
        for page in self.pages():
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def has_routing(self) -> bool:
        return any(s.show_if is not None or any(q.show_if is not None for q in s.questions) for s in self.sections)

    def asked_questions(self, answers: Answers) -> list[Question]:
        """The questions a respondent with these answers is shown, in order (routing skips the rest)."""
        kept: dict[str, Any] = {}
        asked: list[Question] = []
        for section in self.sections:
            if section.show_if is not None and not section.show_if.holds(kept):
                continue
            for question in section.questions:
                if question.show_if is not None and not question.show_if.holds(kept):
                    continue
                asked.append(question)
                for key in (question.id, other_key(question.id)):
                    if key in answers:
                        kept[key] = answers[key]
        return asked

    def not_asked(self, answers: Answers) -> list[str]:
        """Ids of the answerable questions outside the equality section that routing skipped."""
        asked = {q.id for q in self.asked_questions(answers)}
        equality = self.equality_question_ids()
        return [q.id for q in self.answerable_questions() if q.id not in asked and q.id not in equality]

    def prune(self, answers: Answers) -> dict[str, Any]:
        """Keep only answers to questions the respondent was actually shown."""
        return {
            key: answers[key]
            for question in self.asked_questions(answers)
            for key in (question.id, other_key(question.id))
            if key in answers
        }

    def next_question_id(self) -> str:
        taken = {q.id for q in self.questions()}
        number = len(taken) + 1
        while f"q{number}" in taken:
            number += 1
        return f"q{number}"

    def next_section_id(self) -> str:
        taken = {s.id for s in self.sections}
        number = len(taken) + 1
        while f"s{number}" in taken:
            number += 1
        return f"s{number}"

    def with_section(self, section: Section) -> SurveyDefinition:
        """Replace the section with the same id, or append it."""
        if any(s.id == section.id for s in self.sections):
            return replace(self, sections=tuple(section if s.id == section.id else s for s in self.sections))
        return replace(self, sections=(*self.sections, section))


def split_section(section: Section) -> list[Section]:
    """The section as pages: a new page starts at each question that depends on an answer on the
    page being filled, so that answer is saved before the question is shown or skipped."""
    parts: list[list[Question]] = [[]]
    for question in section.questions:
        on_page = {q.id for q in parts[-1]}
        if question.show_if is not None and question.show_if.question_id in on_page:
            parts.append([])
        parts[-1].append(question)
    first = replace(section, questions=tuple(parts[0]))
    rest = [replace(section, id=f"{section.id}.{part[0].id}", intro="", questions=tuple(part)) for part in parts[1:]]
    return [first, *rest]


def other_key(question_id: str) -> str:
    """Where the "Other, please specify" text of a question is kept in the answers."""
    return f"{question_id}__other"


# --- validation -------------------------------------------------------------------


def validate(definition: SurveyDefinition) -> list[str]:
    """Every problem that would stop this definition being published."""
    problems: list[str] = []
    if not definition.title.strip():
        problems.append("The survey needs a title.")
    if not any(q.answerable for q in definition.questions()):
        problems.append("Add at least one question.")
    seen_sections: set[str] = set()
    earlier: dict[str, Question] = {}
    for section in definition.sections:
        if section.id in seen_sections:
            problems.append(f"Section id {section.id} is used twice.")
        seen_sections.add(section.id)
        problems += _condition_problems(section.show_if, earlier, f"Section “{section.title}”", "in an earlier section")
        for question in section.questions:
            # A question may depend on an earlier one, in its own section too (the page is then
            # split there); only ever forwards, so routing has no loops.
            problems += _question_problems(question, earlier)
            earlier.setdefault(question.id, question)
    return problems


def _question_problems(question: Question, earlier: dict[str, Question]) -> list[str]:
    name = f"Question “{question.text[:40] or question.id}”"
    problems: list[str] = []
    if not ID_PATTERN.match(question.id):
        problems.append(f"{name} has an invalid id.")
    if question.id in earlier:
        problems.append(f"Question id {question.id} is used twice.")
    if not _known_type(question.type):
        problems.append(f"{name} has an unknown type.")
    if not question.text.strip():
        problems.append(f"{name} needs some text.")
    problems += _answer_problems(question, name)
    problems += _condition_problems(question.show_if, earlier, name)
    return problems


def _answer_problems(question: Question, name: str) -> list[str]:
    """Problems with the answers a question offers: options, scale, limits."""
    problems = question.kind.problems(question, name)
    low, high = question.min_value, question.max_value
    if low is not None and high is not None and low > high:
        problems.append(f"{name} has a smallest value above its largest.")
    return problems


def _known_type(name: str) -> bool:
    from surveys import question_types

    return question_types.known(name)


def _condition_problems(
    condition: Condition | None, earlier: dict[str, Question], name: str, where: str = "before it"
) -> list[str]:
    if condition is None:
        return []
    source = earlier.get(condition.question_id)
    if source is None:
        return [f"{name} depends on a question that is not {where}."]
    if not source.kind.routable:
        return [f"{name} can only depend on a single-choice, multiple-choice or yes/no question."]
    if not set(condition.values) <= {o.value for o in source.choices}:
        return [f"{name} depends on an answer that question does not offer."]
    return []


# --- (de)serialisation ----------------------------------------------------------------


def to_dict(definition: SurveyDefinition) -> dict[str, Any]:
    return {
        "title": definition.title,
        "introduction": definition.introduction,
        "privacy_notice": definition.privacy_notice,
        "sections": [_section_to_dict(s) for s in definition.sections],
        "translations": {lang: dict(strings) for lang, strings in definition.translations.items()},
        **_translation_extras(definition),
    }


def _translation_extras(definition: SurveyDefinition) -> dict[str, Any]:
    """Only when there are any, so definitions without them store as before."""
    extras: dict[str, Any] = {}
    if definition.translation_sources:
        extras["translation_sources"] = {lang: dict(s) for lang, s in definition.translation_sources.items()}
    if definition.block_outdated_translations:
        extras["block_outdated_translations"] = True
    return extras


def _section_to_dict(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "intro": section.intro,
        "show_if": _condition_to_dict(section.show_if),
        "questions": [_question_to_dict(q) for q in section.questions],
        "kind": section.kind,
    }


def _question_to_dict(question: Question) -> dict[str, Any]:
    data = {k: v for k, v in question.__dict__.items() if k not in ("options", "show_if")}
    if not question.none_option:  # definitions without it store as before
        del data["none_option"]
    data["options"] = [_option_to_dict(o) for o in question.options]
    data["show_if"] = _condition_to_dict(question.show_if)
    return data


def _option_to_dict(option: Option) -> dict[str, str]:
    """Easy-read wording only when there is some, so definitions without it store as before."""
    data = {"value": option.value, "label": option.label}
    if option.easy_read:
        data["easy_read"] = option.easy_read
    return data


def _condition_to_dict(condition: Condition | None) -> dict[str, Any] | None:
    """`any_of` only when there is more than one value, so definitions without it store as before."""
    if condition is None:
        return None
    data: dict[str, Any] = {"question_id": condition.question_id, "equals": condition.equals}
    if condition.any_of:
        data["any_of"] = list(condition.any_of)
    return data


def from_dict(data: Mapping[str, Any]) -> SurveyDefinition:
    """Build a definition from stored JSON; raises DefinitionError on malformed data."""
    try:
        return SurveyDefinition(
            title=str(data["title"]),
            introduction=str(data.get("introduction", "")),
            privacy_notice=str(data.get("privacy_notice", "")),
            sections=tuple(_section_from_dict(s) for s in data.get("sections", [])),
            translations=_strings_by_language(data.get("translations")),
            translation_sources=_strings_by_language(data.get("translation_sources")),
            block_outdated_translations=bool(data.get("block_outdated_translations", False)),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DefinitionError([f"Malformed survey definition: {error!r}"]) from error


def _strings_by_language(data: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    return {str(lang): {str(k): str(v) for k, v in strings.items()} for lang, strings in (data or {}).items()}


def _section_from_dict(data: Mapping[str, Any]) -> Section:
    return Section(
        id=str(data["id"]),
        title=str(data.get("title", "")),
        intro=str(data.get("intro", "")),
        show_if=_condition_from_dict(data.get("show_if")),
        questions=tuple(_question_from_dict(q) for q in data.get("questions", [])),
        kind=str(data.get("kind", "")),
    )


_QUESTION_FIELDS = {f for f in Question.__dataclass_fields__ if f not in ("options", "show_if")}


def _question_from_dict(data: Mapping[str, Any]) -> Question:
    simple = {k: v for k, v in data.items() if k in _QUESTION_FIELDS}
    return Question(
        **simple,
        options=tuple(_option_from_dict(o) for o in data.get("options", [])),
        show_if=_condition_from_dict(data.get("show_if")),
    )


def _option_from_dict(data: Mapping[str, Any]) -> Option:
    return Option(str(data["value"]), str(data["label"]), str(data.get("easy_read") or ""))


def _condition_from_dict(data: Mapping[str, Any] | None) -> Condition | None:
    if not data:
        return None
    any_of = tuple(str(value) for value in data.get("any_of") or ())
    return Condition(question_id=str(data["question_id"]), equals=str(data["equals"]), any_of=any_of)


def options_from_lines(text: str) -> tuple[Option, ...]:
    """One option per line, as a lead types them; values are derived from the labels."""
    labels = [line.strip() for line in text.splitlines() if line.strip()]
    return tuple(
        Option(v, label) for v, label in zip(option_values(labels, {OTHER_VALUE, NONE_VALUE}), labels, strict=True)
    )
