"""Printing as plain logic: copies, languages, what each variant puts on the page, and
HTML to a tagged PDF whose text can be read back."""

from __future__ import annotations

import pytest

from surveys import printing
from surveys.model import Condition, Option, Question, Section, SurveyDefinition
from tests.helpers import pdf_info, pdf_text


def test_copies_default_to_one_and_stay_within_bounds():
    assert printing.parse_copies(None) == 1
    assert printing.parse_copies("") == 1
    assert printing.parse_copies("7") == 7
    assert printing.parse_copies(str(printing.MAX_COPIES)) == printing.MAX_COPIES
    for bad in ("0", "-1", "two", "1.5", str(printing.MAX_COPIES + 1)):
        with pytest.raises(printing.PrintError, match="between 1 and"):
            printing.parse_copies(bad)


def definition() -> SurveyDefinition:
    return SurveyDefinition(
        title="Care survey",
        sections=(
            Section(
                "s1",
                "First",
                questions=(
                    Question("used", "yes_no", "Have you used it?", easy_read_text="Did you go?", image_id=3),
                    Question("note", "statement", "Some information"),
                ),
            ),
            Section(
                "s2",
                "Second",
                show_if=Condition("used", "yes"),
                questions=(
                    Question("how", "rating", "How was it?", easy_read_scale="smiley"),
                    Question("what", "multiple_choice", "What?", options=(Option("a", "A"), Option("b", "B"))),
                    Question("why", "long_text", "Why?"),
                ),
            ),
        ),
        translations={"ur": {"title": "نگہداشت کا سروے"}},
    )


def test_languages_are_english_and_each_translation():
    assert printing.languages(definition()) == ["en", "ur"]


def test_a_language_the_survey_lacks_is_refused():
    with pytest.raises(printing.PrintError, match="no translation"):
        printing.localise(definition(), "pl")


def test_a_translated_language_comes_back_in_that_language():
    translated, language = printing.localise(definition(), "ur")
    assert (translated.title, language) == ("نگہداشت کا سروے", "ur")


def test_text_direction_comes_from_the_locale():
    assert printing.text_direction("ur") == "rtl"
    assert printing.text_direction("ar") == "rtl"
    assert printing.text_direction("pl") == "ltr"
    assert printing.text_direction("not-a-language") == "ltr"


def test_standard_copy_numbers_questions_with_instructions_and_routing_in_words():
    items = printing.printable(definition(), "standard", {3: "data:image/png;base64,AA=="})
    assert [(i.number, i.question.id) for i in items] == [
        (1, "used"),
        (None, "note"),
        (2, "how"),
        (3, "what"),
        (4, "why"),
    ]
    used, _, how, what, why = items
    assert used.question.text == "Have you used it?" and used.picture == ""
    assert str(how.section_condition) == "Only answer this if you answered “Yes” to question 1."
    assert how.starts_section and not what.starts_section
    assert str(how.instruction) == "Tick one box." and how.faces == []
    assert str(what.instruction) == "Tick all the boxes that apply."
    assert why.lines == 6


def test_easy_read_copy_has_easy_wording_pictures_and_faces():
    items = printing.printable(definition(), "easy-read", {3: "data:image/png;base64,AA=="})
    used, _, how, *_ = items
    assert used.question.text == "Did you go?"
    assert used.picture == "data:image/png;base64,AA=="
    assert [f.face for f in how.faces] == [0, 1, 2, 3, 4]


def test_data_uri():
    assert printing.data_uri(b"<svg/>", "image/svg+xml") == "data:image/svg+xml;base64,PHN2Zy8+"


def test_html_becomes_a_tagged_pdf_with_its_text_in_every_script():
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test copy</title></head><body>'
        "<h1>Urgent care</h1><p lang='ur' dir='rtl'>آپ کی رائے</p><p lang='pl'>Pilna opieka zdrowotna</p>"
        "<p lang='bn'>আপনার মতামত</p></body></html>"
    )
    content = printing.to_pdf(html)
    assert content.startswith(b"%PDF-")
    text = pdf_text(content)
    for words in ("Urgent care", "Pilna opieka zdrowotna", "আপনার মতামত"):
        assert words in text
    assert "رائے" in text
    info = pdf_info(content)
    assert "Tagged:          yes" in info and "Title:           Test copy" in info
