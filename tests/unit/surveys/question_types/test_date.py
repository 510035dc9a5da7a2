"""The date type: the NHS.UK date input, stored as ISO text, read back as a UK date."""

from __future__ import annotations

from wtforms import Form

from surveys import questions
from surveys.model import Question
from surveys.respond.answering import _answer_fits
from tests.unit.surveys.question_types.helpers import post, round_trip
from toolkit.dateinput import DateInputField

WHEN = Question("when", "date", "When did you visit?", required=True)


def test_three_boxes_make_an_iso_date() -> None:
    assert post(WHEN, {"when-day": "31", "when-month": "3", "when-year": "2026"}) == (
        True,
        {},
        {"when": "2026-03-31"},
    )
    assert post(WHEN, {"when-day": "1", "when-month": "March", "when-year": "2026"})[2] == {"when": "2026-03-01"}


def test_impossible_and_incomplete_dates_get_clear_errors() -> None:
    assert post(WHEN, {"when-day": "31", "when-month": "2", "when-year": "2026"})[1] == {
        "when": ["The date must be a real date"]
    }
    assert post(WHEN, {"when-day": "31", "when-month": "", "when-year": "2026"})[1] == {
        "when": ["The date must include a month"]
    }
    assert post(WHEN, {"when-day": "1", "when-month": "1", "when-year": "26"})[1] == {
        "when": ["Year must include 4 numbers"]
    }
    assert post(WHEN, {})[1] == {"when": ["Enter a date"]}


def test_an_optional_date_may_be_left_blank() -> None:
    optional = Question("when", "date", "When?")
    assert post(optional, {"when-day": "", "when-month": "", "when-year": ""}) == (True, {}, {})


def test_the_field_is_the_nhs_date_input_with_a_uk_hint() -> None:
    unbound = questions.form_fields(WHEN)["when"]
    assert unbound.field_class is DateInputField
    form = type("OneQuestion", (Form,), {"when": unbound})()
    assert str(form.when.hint) == "For example, 31 3 2026"


def test_a_stored_date_fills_the_boxes_back_and_reads_as_a_uk_date() -> None:
    assert round_trip(WHEN, {"when": "2026-03-31"}) == {"when": "2026-03-31"}
    assert questions.display_answer(WHEN, {"when": "2026-03-31"}) == "31/03/2026"


def test_only_real_iso_dates_fit_on_submit() -> None:
    assert _answer_fits(WHEN, {"when": "2026-03-31"})
    assert not _answer_fits(WHEN, {"when": "2026-02-31"})
    assert not _answer_fits(WHEN, {"when": 20260331})
    assert not _answer_fits(WHEN, {})


def test_it_counts_as_text_exports_as_iso_and_prints_with_a_uk_example() -> None:
    kind = WHEN.kind
    assert (kind.tally, kind.export, kind.xlsx_number, kind.routable, kind.offers_choices) == (
        "text",
        "value",
        False,
        False,
        False,
    )
    assert "31 3 2026" in str(kind.paper_instruction)
    assert WHEN.choices == ()
