"""The stock translations of the standard equality section (toolkit/equality_translations.json)
and how they are filled in for a survey's languages (surveys.equality.translation)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from surveys.equality import model as equality
from surveys.equality import translation as equality_translation
from surveys.model import Section, SurveyDefinition
from surveys.translations import model as translation
from tests.helpers import make_definition
from toolkit.i18n import DEFAULT_LANGUAGE, LANGUAGES

OTHER_LANGUAGES = [language.code for language in LANGUAGES if language.code != DEFAULT_LANGUAGE]
EVERY_TOPIC = [topic.key for topic in equality.topics()]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]*\}")
NUMBER = re.compile(r"\d+")  # any script's digits: int() reads them all
CODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\b")  # postcode districts in examples, e.g. PR7


def with_section(definition: SurveyDefinition | None = None, topics: list[str] | None = None) -> SurveyDefinition:
    return equality.with_equality_section(definition or make_definition(), topics)


def filled(translations: dict[str, dict[str, str]], topics: list[str] | None = None) -> SurveyDefinition:
    """A survey in these languages given the equality section, then the stock translations."""
    start = with_section(make_definition(translations=translations), topics)
    return equality_translation.with_standard_translations(start)


def equality_keys(definition: SurveyDefinition) -> set[str]:
    section = next(s for s in definition.sections if s.kind == equality.SECTION_KIND)
    return set(translation.section_strings(section))


def stock(language: str, key: str) -> str:
    return str(equality_translation.stock()["translations"][language][key])


# --- the data file ------------------------------------------------------------------------------------


def test_the_source_is_the_standard_wording_of_every_question_and_option() -> None:
    section = equality.equality_section(EVERY_TOPIC)
    assert equality_translation.stock()["source"] == translation.section_strings(section)
    options = {o.label for q in section.questions for o in q.options}
    assert equality.PREFER_NOT_TO_SAY in options


def test_the_file_says_it_was_drafted_by_machine_and_is_not_reviewed() -> None:
    data = equality_translation.stock()
    assert "MACHINE-DRAFTED" in data["about"]
    assert set(data["reviewed"]) <= set(OTHER_LANGUAGES)
    assert equality_translation.awaiting_review() == (set(data["reviewed"]) != set(OTHER_LANGUAGES))


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_string_is_translated_with_numbers_codes_and_placeholders_intact(language: str) -> None:
    source = equality_translation.stock()["source"]
    translated = equality_translation.stock()["translations"][language]
    assert set(translated) == set(source)
    for key, english in source.items():
        text = translated[key]
        assert text.strip() and text == text.strip(), f"{language} {key}: empty or padded"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(english)), f"{language} {key}"
        numbers = sorted(int(n) for n in NUMBER.findall(english))
        assert sorted(int(n) for n in NUMBER.findall(text)) == numbers, f"{language} {key}: numbers differ"
        assert set(CODE.findall(english)) <= set(CODE.findall(text)), f"{language} {key}: example codes lost"


# --- filling them in ------------------------------------------------------------------------------------


def test_a_survey_language_gets_every_standard_string_and_becomes_complete() -> None:
    own = {key: f"[ur] {english}" for key, english in translation.translatable_strings(make_definition()).items()}
    definition = filled({"ur": own})
    assert equality_keys(definition) <= set(definition.translations["ur"])
    assert definition.translations["ur"]["question.eq_age.option.prefer_not_to_say"] == stock(
        "ur", "question.eq_age.option.prefer_not_to_say"
    )
    assert translation.completeness(definition, "ur").complete
    assert translation.publish_problems(definition) == []


def test_languages_the_survey_does_not_have_are_not_added() -> None:
    definition = equality_translation.with_standard_translations(with_section(), ["cy"])
    assert definition.translations == {}
    assert translation.publish_problems(definition) == []


def test_only_the_languages_named() -> None:
    start = with_section(make_definition(translations={"cy": {"title": "Arolwg"}, "pl": {"title": "Ankieta"}}))
    definition = equality_translation.with_standard_translations(start, ["pl"])
    assert definition.translations["cy"] == {"title": "Arolwg"}
    assert "question.eq_sex.text" in definition.translations["pl"]


def test_a_translation_the_lead_entered_is_never_replaced() -> None:
    mine = {"title": "Arolwg", "question.eq_age.text": "Faint yw eich oed chi?"}
    definition = filled({"cy": mine})
    assert definition.translations["cy"]["question.eq_age.text"] == "Faint yw eich oed chi?"
    assert definition.translations["cy"]["title"] == "Arolwg"
    assert definition.translations["cy"]["question.eq_sex.text"] == stock("cy", "question.eq_sex.text")


def test_reworded_standard_text_gets_no_stock_translation() -> None:
    start = with_section(make_definition(translations={"so": {"title": "Sahan"}}))
    section = next(s for s in start.sections if s.kind == equality.SECTION_KIND)
    age = next(q for q in section.questions if q.id == "eq_age")
    reworded = replace(age, text="How old are you, roughly?", options=(replace(age.options[0], label="Under 25"),))
    sections = tuple(
        replace(s, questions=tuple(reworded if q is age else q for q in s.questions)) if s is section else s
        for s in start.sections
    )
    definition = equality_translation.with_standard_translations(replace(start, sections=sections))
    strings = definition.translations["so"]
    assert "question.eq_age.text" not in strings
    assert "question.eq_age.option.16_to_24" not in strings
    assert strings["question.eq_sex.text"] == stock("so", "question.eq_sex.text")


def test_the_section_is_found_whatever_its_id() -> None:
    taken = make_definition(sections=(*make_definition().sections, Section("equality", "Equality of access")))
    definition = equality_translation.with_standard_translations(
        with_section(replace(taken, translations={"ar": {"title": "استطلاع"}}))
    )
    section = next(s for s in definition.sections if s.kind == equality.SECTION_KIND)
    assert section.id != "equality"
    assert definition.translations["ar"][f"section.{section.id}.title"] == stock("ar", "section.equality.title")
    assert "section.equality.title" not in definition.translations["ar"]


def test_inclusion_health_questions_are_translated_too() -> None:
    definition = filled({"pa": {"title": "ਸਰਵੇਖਣ"}}, EVERY_TOPIC)
    assert equality_keys(definition) <= set(definition.translations["pa"])


def test_for_translating_fills_in_a_language_not_yet_started() -> None:
    definition = equality_translation.for_translating(with_section(), "bn")
    assert set(definition.translations["bn"]) == equality_keys(definition)
    assert equality_translation.for_translating(make_definition(), "bn").translations == {}


def test_a_survey_without_the_section_is_left_alone() -> None:
    start = make_definition(translations={"ro": {"title": "Sondaj"}})
    assert equality_translation.with_standard_translations(start) == start
