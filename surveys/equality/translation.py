"""Stock translations of the standard equality section, filled in for the lead.

Plain module: no Flask, no database. `toolkit/equality_translations.json` holds
the standard section's English wording ("source") and a translation of every string of it in
each shipped language, keyed as `surveys.translations.model` keys a survey's strings, with the section
as `section.equality.*` whatever id it has in a survey. The translations were drafted by
machine and await review by native speakers (the file's "reviewed" list names the languages
someone has checked), like the interface catalogs in translations/.

A stock translation is used for a string only while the survey still has the standard English
wording for it (a reworded question gets nothing: the translation would not match), and never in
place of a translation the lead entered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from surveys.equality.model import SECTION_ID, SECTION_KIND
from surveys.model import SurveyDefinition
from surveys.translations.model import section_strings, with_sources
from toolkit.equality import stock_translations

stock = stock_translations


def awaiting_review() -> bool:
    """True while a language's stock translations have not been checked by a native speaker."""
    return bool(set(stock()["translations"]) - set(stock()["reviewed"]))


def _stock_key(key: str, section_id: str) -> str:
    """A survey's key for a string of its equality section -> the file's key."""
    own = f"section.{section_id}."
    return f"section.{SECTION_ID}.{key.removeprefix(own)}" if key.startswith(own) else key


def standard_translations(definition: SurveyDefinition, language: str) -> dict[str, str]:
    """Survey key -> stock translation in `language`, for each string of the survey's equality
    section that still has the standard English wording."""
    source: Mapping[str, str] = stock()["source"]
    translated: Mapping[str, str] = stock()["translations"].get(language, {})
    found: dict[str, str] = {}
    for section in definition.sections:
        if section.kind != SECTION_KIND:
            continue
        for key, english in section_strings(section).items():
            stock_key = _stock_key(key, section.id)
            if source.get(stock_key) == english and translated.get(stock_key, "").strip():
                found[key] = translated[stock_key]
    return found


def with_standard_translations(
    definition: SurveyDefinition, languages: Iterable[str] | None = None
) -> SurveyDefinition:
    """The definition with each of its languages (or only those named) given the stock translation
    of every standard equality string it is missing. A language the survey does not have is not added."""
    present = definition.translations
    return _filled(definition, [code for code in (present if languages is None else languages) if code in present])


def for_translating(definition: SurveyDefinition, language: str) -> SurveyDefinition:
    """The definition as whoever translates `language` should see it (on the form, in the
    spreadsheet): with the stock translations filled in, even before the language is started."""
    return _filled(definition, [language])


def _filled(definition: SurveyDefinition, languages: Iterable[str]) -> SurveyDefinition:
    """Stock translations are of today's standard English, so that is recorded as their source."""
    translations = {language: dict(strings) for language, strings in definition.translations.items()}
    added: dict[str, list[str]] = {}
    for language in languages:
        strings = translations.setdefault(language, {})
        for key, text in standard_translations(definition, language).items():
            if not strings.get(key, "").strip():
                strings[key] = text
                added.setdefault(language, []).append(key)
        if not strings:
            del translations[language]
    filled = replace(definition, translations=translations)
    for language, keys in added.items():
        filled = with_sources(filled, language, keys)
    return filled
