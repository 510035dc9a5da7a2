"""Every question type's built-in wording ("Yes", "No", "Other", "None of these") is in the page's
language wherever the catalog translates it: these labels are made by the types, not written by
the lead, so a survey's own translations never held them (issue 16: they stayed English on Urdu
and Polish pages marked complete)."""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations
from flask import Flask
from flask.testing import FlaskClient

from surveys import question_types
from surveys.model import Option, Question, Section
from tests.helpers import check_page, csrf_token, make_survey
from toolkit.i18n import LANGUAGES

CATALOGS = Path(__file__).resolve().parents[2] / "translations"
OPTIONS = (Option("gp", "GP"), Option("bus", "Bus"))


def every_type() -> list[Question]:
    """One question of each registered type with every built-in answer switched on."""
    return [
        Question(f"q_{name}", name, "Q?", options=OPTIONS, allow_other=True, none_option=True)
        for name in question_types.names()
    ]


def labels_in(app: Flask, code: str) -> list[str]:
    """The built-in labels as a page in this language makes them (a fresh app context, so no
    earlier language's catalog is remembered)."""
    with app.app_context(), app.test_request_context(f"/?lang={code}"):
        return [label for q in every_type() for label in built_in(q)]


def built_in(question: Question) -> list[str]:
    return [
        option.label for option in question.choices if option not in question.options and option.value != option.label
    ]


def test_every_built_in_label_is_translated_in_every_language(app: Flask) -> None:
    english = labels_in(app, "en")
    assert {"Yes", "No", "Other", "None of these"} <= set(english)
    translated_somewhere = 0
    for language in LANGUAGES[1:]:
        catalog = Translations.load(str(CATALOGS), [language.locale])
        shown = labels_in(app, language.code)
        for source, label in zip(english, shown, strict=True):
            expected = catalog.gettext(source)
            assert label == expected, (language.code, source, label)
            if expected != source:
                translated_somewhere += 1
                assert label != source
    assert translated_somewhere >= 3 * (len(LANGUAGES) - 1)  # Yes, No and Other everywhere at least


def test_a_polish_page_shows_tak_and_nie_and_inne(client: FlaskClient) -> None:
    questions = (
        Question("used", "yes_no", "Used?"),
        Question("where", "single_choice", "Where?", options=OPTIONS, allow_other=True),
    )
    make_survey("wording", sections=(Section("s1", "One", questions=questions),))
    page = client.get("/s/wording?lang=pl")
    assert client.post("/s/wording/start", data={"csrf_token": csrf_token(page)}).status_code == 302
    text = check_page(client.get("/s/wording/page/s1")).get_text(" ")
    assert all(word in text for word in ("Tak", "Nie", "Inne")), text
