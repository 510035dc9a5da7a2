"""Survey content translations (surveys.translations.model) and the UI catalogs in translations/."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from surveys.model import Option, Question, Section, SurveyDefinition, from_dict, to_dict
from surveys.translations import model as translation
from surveys.translations.model import TranslationFileError
from toolkit import i18n

ROOT = Path(__file__).resolve().parents[3]
CATALOGS = ROOT / "translations"


def definition(**overrides: object) -> SurveyDefinition:
    values: dict[str, object] = {
        "title": "Urgent care",
        "introduction": "Tell us what you think.",
        "privacy_notice": "",
        "sections": (
            Section(
                "s1",
                "Using care",
                questions=(
                    Question(
                        "used",
                        "single_choice",
                        "When did you last go?",
                        help="Think about yourself.",
                        options=(Option("month", "Last month", "Not long ago"), Option("never", "Never")),
                        allow_other=True,
                    ),
                    Question(
                        "rating", "rating", "How was it?", scale_min_label="Very poor", scale_max_label="Very good"
                    ),
                    Question("wait", "number", "Minutes waited?", easy_read_text="How long did you wait?"),
                ),
            ),
        ),
    }
    values.update(overrides)
    return SurveyDefinition(**values)  # type: ignore[arg-type]


URDU = {
    "title": "فوری نگہداشت",
    "introduction": "ہمیں بتائیں کہ آپ کیا سوچتے ہیں۔",
    "section.s1.title": "نگہداشت کا استعمال",
    "question.used.text": "آپ آخری بار کب گئے تھے؟",
    "question.used.help": "اپنے بارے میں سوچیں۔",
    "question.used.option.month": "پچھلے مہینے",
    "question.used.option.month.easy_read": "زیادہ دیر پہلے نہیں",
    "question.used.option.never": "کبھی نہیں",
    "question.rating.text": "یہ کیسا تھا؟",
    "question.rating.scale_min_label": "بہت خراب",
    "question.rating.scale_max_label": "بہت اچھا",
    "question.wait.text": "کتنے منٹ انتظار کیا؟",
    "question.wait.easy_read_text": "آپ نے کتنا انتظار کیا؟",
}


# --- which strings -------------------------------------------------------------------------


def test_translatable_strings_lists_every_visible_string_in_order() -> None:
    strings = translation.translatable_strings(definition())
    assert list(strings) == [
        "title",
        "introduction",
        "section.s1.title",
        "question.used.text",
        "question.used.help",
        "question.used.option.month",
        "question.used.option.month.easy_read",
        "question.used.option.never",
        "question.rating.text",
        "question.rating.scale_min_label",
        "question.rating.scale_max_label",
        "question.wait.text",
        "question.wait.easy_read_text",
    ]
    assert strings["question.used.option.never"] == "Never"


def test_empty_strings_are_not_asked_for() -> None:
    strings = translation.translatable_strings(definition(introduction="  "))
    assert "introduction" not in strings and "privacy_notice" not in strings


# --- applying a language ----------------------------------------------------------------------


def test_apply_translates_everything_present() -> None:
    translated = translation.apply(definition(translations={"ur": URDU}), "ur")
    assert translated.title == "فوری نگہداشت"
    question = translated.question("used")
    assert question.text == "آپ آخری بار کب گئے تھے؟"
    assert [o.label for o in question.options] == ["پچھلے مہینے", "کبھی نہیں"]
    assert [o.easy_read for o in question.options] == ["زیادہ دیر پہلے نہیں", ""]
    assert [o.value for o in question.options] == ["month", "never"]  # answers stay comparable
    rating = translated.question("rating")
    assert rating.choices[0].label == "1 – بہت خراب"
    assert translated.question("wait").easy_read_text == "آپ نے کتنا انتظار کیا؟"
    assert translated.sections[0].title == "نگہداشت کا استعمال"


def test_apply_falls_back_to_english_string_by_string() -> None:
    partial = {"title": "Pilne leczenie", "question.used.text": "   "}
    translated = translation.apply(definition(translations={"pl": partial}), "pl")
    assert translated.title == "Pilne leczenie"
    assert translated.question("used").text == "When did you last go?"
    assert translated.introduction == "Tell us what you think."


def test_apply_without_the_language_changes_nothing() -> None:
    original = definition(translations={"ur": URDU})
    assert translation.apply(original, "pl") == original
    assert translation.apply(original, "en") == original


def test_apply_keeps_structure_and_routing() -> None:
    original = definition(translations={"ur": URDU})
    translated = translation.apply(original, "ur")
    assert [q.id for q in translated.questions()] == [q.id for q in original.questions()]
    assert translated.translations == original.translations


# --- completeness and publishing ----------------------------------------------------------------


def test_completeness_counts_and_names_the_missing() -> None:
    partial = {k: v for k, v in URDU.items() if k != "question.wait.text"}
    found = translation.completeness(definition(translations={"ur": partial}), "ur")
    done, total, missing, _outdated = found
    assert (done, total, missing) == (12, 13, ("question.wait.text",))
    assert found.started and not found.complete


def test_completeness_of_a_language_not_started() -> None:
    found = translation.completeness(definition(), "pl")
    assert found[:3] == (0, 13, tuple(translation.translatable_strings(definition())))
    assert not found.started


def test_publish_problems_refuse_an_unfinished_language() -> None:
    partial = {k: v for k, v in URDU.items() if k != "question.wait.text"}
    problems = translation.publish_problems(definition(translations={"ur": partial, "pl": {}}))
    assert len(problems) == 1
    assert "Urdu" in problems[0] and "1 of 13" in problems[0]


def test_easy_read_answer_wording_is_required_in_every_started_language() -> None:
    partial = {k: v for k, v in URDU.items() if k != "question.used.option.month.easy_read"}
    found = translation.completeness(definition(translations={"ur": partial}), "ur")
    assert found.missing == ("question.used.option.month.easy_read",)
    assert translation.publish_problems(definition(translations={"ur": partial}))
    english = translation.apply(definition(translations={"ur": partial}), "ur").question("used").options[0]
    assert english.easy_read == "Not long ago"  # the English easy-read wording until it is translated


def test_publish_problems_accept_finished_languages() -> None:
    assert translation.publish_problems(definition(translations={"ur": URDU})) == []
    assert translation.publish_problems(definition()) == []


def test_a_new_english_string_makes_a_finished_language_unfinished() -> None:
    changed = definition(translations={"ur": URDU}, privacy_notice="We keep answers for 2 years.")
    assert translation.completeness(changed, "ur").missing == ("privacy_notice",)


def test_with_language_keeps_current_keys_and_drops_blanks() -> None:
    strings = {**URDU, "question.gone.text": "old", "title": "  "}
    updated = translation.with_language(definition(), "ur", strings)
    assert "question.gone.text" not in updated.translations["ur"]
    assert "title" not in updated.translations["ur"]
    emptied = translation.with_language(updated, "ur", {"title": ""})
    assert "ur" not in emptied.translations


def test_translations_survive_storage() -> None:
    original = definition(translations={"ur": URDU})
    assert from_dict(to_dict(original)) == original


# --- spreadsheets ----------------------------------------------------------------------------------


def test_csv_round_trip() -> None:
    original = definition(translations={"ur": URDU})
    text = translation.to_csv(original, "ur")
    assert text.startswith("\ufeffkey,English,translation,status\r\n")
    assert translation.from_csv(text.encode("utf-8"), original) == URDU


def test_xlsx_round_trip() -> None:
    original = definition(translations={"ur": URDU})
    buffer = io.BytesIO()
    translation.to_xlsx(original, "ur", buffer)
    assert translation.from_xlsx(buffer.getvalue(), original) == URDU


@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() == s and s.strip()))
def test_any_text_survives_a_csv_round_trip(text: str) -> None:
    """Including text that starts like a formula, which is protected on the way out."""
    original = definition(translations={"pl": {"title": text}})
    back = translation.from_csv(translation.to_csv(original, "pl"), original)
    assert back == {"title": text}


def test_formulas_are_not_run_by_spreadsheets() -> None:
    original = definition(title="=HYPERLINK(1)", translations={"pl": {"title": "+1"}})
    text = translation.to_csv(original, "pl")
    assert "'=HYPERLINK(1),'+1" in text


def test_a_bad_csv_names_every_row_at_fault() -> None:
    text = "key,English,translation\nquestion.nope.text,x,y\ntitle,x,Tytuł\ntitle,x,Again\n,,orphan\n"
    with pytest.raises(TranslationFileError) as raised:
        translation.from_csv(text, definition())
    problems = raised.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("Row 2:") and "question.nope.text" in problems[0]
    assert problems[1].startswith("Row 4:") and "twice" in problems[1]
    assert problems[2].startswith("Row 5:")


@pytest.mark.parametrize(
    "data",
    [b"", b"not,the,headings\n", "key,English,translation\n".encode("utf-16"), b"\xff\xfe\x00garbage"],
)
def test_files_that_are_not_translation_sheets_are_refused(data: bytes) -> None:
    with pytest.raises(TranslationFileError):
        translation.from_csv(data, definition())


def test_a_file_that_is_not_xlsx_is_refused() -> None:
    with pytest.raises(TranslationFileError):
        translation.from_xlsx(b"PK\x03\x04 not really a zip", definition())


def test_blank_translations_in_a_file_are_left_out() -> None:
    text = "key,English,translation\ntitle,Urgent care,\nintroduction,x,Powiedz nam\n"
    assert translation.from_csv(text, definition()) == {"introduction": "Powiedz nam"}


# --- the interface catalogs (translations/*.po) ------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%%|%[sdif]")


def _placeholders(text: str) -> list[str]:
    return sorted(match.group(0) for match in PLACEHOLDER.finditer(text))


def _catalog_path(language: i18n.Language) -> Path:
    return CATALOGS / language.locale / "LC_MESSAGES" / "messages.po"


TRANSLATED = [language for language in i18n.LANGUAGES if language.code != i18n.DEFAULT_LANGUAGE]


def test_every_language_has_a_catalog_and_babel_locale() -> None:
    for language in i18n.LANGUAGES:
        assert _catalog_path(language).exists(), f"no catalog for {language.code}"
    assert i18n.BY_CODE["ur"].direction == "rtl" and i18n.BY_CODE["ar"].direction == "rtl"
    assert {lang.direction for lang in i18n.LANGUAGES if lang.code not in ("ur", "ar")} == {"ltr"}


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_catalog_has_every_message_with_its_placeholders(language: i18n.Language) -> None:
    with open(CATALOGS / "messages.pot", "rb") as template_file:
        template = {message.id for message in read_po(template_file) if message.id}
    with open(_catalog_path(language), "rb") as po_file:
        catalog = read_po(po_file)
    ids = {message.id for message in catalog if message.id}
    assert not template - ids, f"{language.code}: run make i18n-update, then translate the new strings"
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(targets), f"{language.code}: untranslated {message.id!r}"
        for target in targets:
            expected = _placeholders(sources[-1])
            # A plural form for exactly one thing may leave the number out ("one answer").
            got = _placeholders(target)
            assert got == expected or (len(sources) > 1 and set(got) <= set(expected)), (
                f"{language.code}: {message.id!r} -> {target!r} changes the placeholders"
            )


@pytest.mark.parametrize("language", TRANSLATED, ids=lambda language: language.code)
def test_machine_drafted_catalogs_say_so(language: i18n.Language) -> None:
    """Nothing machine-drafted is passed off as reviewed: every entry stays fuzzy and the
    header says who must check it, until a native speaker has reviewed the catalog."""
    text = _catalog_path(language).read_text(encoding="utf-8")
    with open(_catalog_path(language), "rb") as po_file:
        catalog = read_po(po_file)
    if not language.reviewed:
        assert "machine-drafted" in text.split("msgid", 1)[0]
        unflagged = [m.id for m in catalog if m.id and not m.fuzzy]
        assert not unflagged, f"{language.code}: machine-drafted entries must be marked fuzzy: {unflagged[:3]}"


# --- the demo survey ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ur", "pl"])
def test_the_demo_survey_is_fully_translated(language: str) -> None:
    from surveys import demo
    from surveys.equality import model as equality
    from surveys.equality import translation as equality_translation

    # The equality monitoring section, with the toolkit's stock translations, is added when the demo is loaded.
    definition = equality_translation.with_standard_translations(equality.with_equality_section(demo.demo_definition()))
    expected = set(translation.translatable_strings(definition))
    # The pictures' alt text is added when the demo is loaded.
    pictures = getattr(demo, "_demo_pictures", dict)()
    expected |= {f"question.{question_id}.image_alt" for question_id in pictures}
    assert set(definition.translations[language]) == expected
    assert translation.publish_problems(definition) == []


# --- out of date: the English changed after a string was translated ----------------------------


def _reworded(original: SurveyDefinition, text: str) -> SurveyDefinition:
    section = original.sections[0]
    question = replace(section.questions[0], text=text)
    return original.with_section(replace(section, questions=(question, *section.questions[1:])))


def test_a_translation_goes_out_of_date_when_its_english_changes() -> None:
    urdu = translation.with_language(definition(), "ur", URDU)
    assert translation.out_of_date(urdu, "ur") == ()
    changed = _reworded(urdu, "When did you last use urgent care?")
    assert translation.out_of_date(changed, "ur") == ("question.used.text",)
    assert translation.completeness(changed, "ur").outdated == ("question.used.text",)
    assert translation.editor_keys(changed, "ur")[0] == "question.used.text"
    # survives storing
    assert translation.out_of_date(from_dict(to_dict(changed)), "ur") == ("question.used.text",)


def test_an_unchanged_translation_stays_out_of_date_until_updated_or_confirmed() -> None:
    changed = _reworded(translation.with_language(definition(), "ur", URDU), "Reworded?")
    kept = translation.with_language(changed, "ur", dict(changed.translations["ur"]))
    assert translation.out_of_date(kept, "ur") == ("question.used.text",)
    confirmed = translation.with_language(changed, "ur", dict(changed.translations["ur"]), {"question.used.text"})
    assert translation.out_of_date(confirmed, "ur") == ()
    updated = translation.with_language(changed, "ur", {**changed.translations["ur"], "question.used.text": "نیا"})
    assert translation.out_of_date(updated, "ur") == ()


def test_publishing_warns_of_out_of_date_strings_or_refuses_when_the_lead_chose_so() -> None:
    from surveys.builder.warnings import publish_warnings

    changed = _reworded(translation.with_language(definition(), "ur", URDU), "Reworded?")
    warned = [w.message for w in publish_warnings(changed, "survey", None, None, date.today())]
    assert any("1 strings out of date in Urdu" in str(m) for m in warned)
    assert translation.publish_problems(changed) == []
    blocked = replace(changed, block_outdated_translations=True)
    assert any("out of date in Urdu" in p for p in translation.publish_problems(blocked))
    assert from_dict(to_dict(blocked)).block_outdated_translations


def test_the_spreadsheet_marks_out_of_date_rows_first_and_reads_the_mark_back() -> None:
    changed = _reworded(translation.with_language(definition(), "ur", URDU), "Reworded?")
    table = list(csv.reader(io.StringIO(translation.to_csv(changed, "ur").removeprefix(translation.BOM))))
    assert table[0] == ["key", "English", "translation", "status"]
    assert table[1] == ["question.used.text", "Reworded?", URDU["question.used.text"], translation.OUT_OF_DATE]
    assert all(row[3] == "" for row in table[2:])
    # sent back untouched: still out of date
    back = translation.from_csv(translation.to_csv(changed, "ur").encode(), changed)
    assert translation.out_of_date(translation.with_language(changed, "ur", back, back.confirmed), "ur")
    # the translator clears the mark: current again
    table[1][3] = ""
    out = io.StringIO()
    csv.writer(out).writerows(table)
    cleared = translation.from_csv(out.getvalue(), changed)
    assert "question.used.text" in cleared.confirmed
    assert translation.out_of_date(translation.with_language(changed, "ur", cleared, cleared.confirmed), "ur") == ()


def test_where_names_each_string_in_words() -> None:
    places = translation.where(definition())
    assert set(translation.translatable_strings(definition())) <= set(places)
    assert places["question.used.option.month"] == "Question 1, “When did you last go?”: an answer"
    assert places["section.s1.title"] == "Section 1, “Using care”: its title"
