"""The registry's newer parts seen from the pages: a date answered in three boxes, "None of these"
refused with other answers without JavaScript, and ratings and numbers as numbers in XLSX."""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient

from surveys.model import Option, Question, Section
from tests.helpers import check_page, csrf_token, make_survey, post_form, sign_in
from tests.integration.test_export import add_responses

SLUG = "types"
QUESTIONS = (
    Question("visited", "date", "When did you last visit?", required=True),
    Question(
        "used",
        "multiple_choice",
        "Which have you used?",
        options=(Option("gp", "GP"), Option("bus", "Bus stop")),
        none_option=True,
    ),
)


def start(client: FlaskClient) -> None:
    make_survey(SLUG, sections=(Section("s1", "One", questions=QUESTIONS),))
    page = client.get(f"/s/{SLUG}")
    assert client.post(f"/s/{SLUG}/start", data={"csrf_token": csrf_token(page)}).status_code == 302


def test_a_date_is_three_boxes_with_a_uk_hint_and_clear_errors(client: FlaskClient) -> None:
    start(client)
    page = check_page(client.get(f"/s/{SLUG}/page/s1"))
    assert {i["name"] for i in page.find_all("input", attrs={"inputmode": "numeric"})} >= {
        "visited-day",
        "visited-month",
        "visited-year",
    }
    assert not page.find("input", attrs={"type": "date"})
    assert "For example, 31 3 2026" in page.get_text()
    wrong = {"visited-day": "31", "visited-month": "2", "visited-year": "2026"}
    refused = check_page(post_form(client, f"/s/{SLUG}/page/s1", wrong), status=400)
    assert "The date must be a real date" in refused.get_text()
    right = {"visited-day": "31", "visited-month": "3", "visited-year": "2026", "used": ["gp"]}
    assert post_form(client, f"/s/{SLUG}/page/s1", right).status_code == 302
    assert "31/03/2026" in check_page(client.get(f"/s/{SLUG}/check")).get_text()


def test_none_of_these_cannot_be_chosen_with_other_answers_without_javascript(client: FlaskClient) -> None:
    start(client)
    page = check_page(client.get(f"/s/{SLUG}/page/s1"))
    assert page.find("input", attrs={"value": "none"})["data-behaviour"] == "exclusive"
    date = {"visited-day": "1", "visited-month": "3", "visited-year": "2026"}
    refused = post_form(client, f"/s/{SLUG}/page/s1", {**date, "used": ["gp", "none"]})
    assert "Select “None of these” on its own" in check_page(refused, status=400).get_text()
    assert post_form(client, f"/s/{SLUG}/page/s1", {**date, "used": ["none"]}).status_code == 302
    assert "None of these" in check_page(client.get(f"/s/{SLUG}/check")).get_text()


def test_xlsx_holds_ratings_and_numbers_as_numbers_and_text_as_text(client: FlaskClient) -> None:
    rated = (
        Question("rate", "rating", "How was it?", scale_max_label="Good"),
        Question("age", "number", "Age?"),
        Question("why", "short_text", "Why?"),
    )
    survey = make_survey("xlsx", sections=(Section("s1", "One", questions=rated),))
    add_responses(survey, [{"rate": 5, "age": 42, "why": "=1+1"}, {"rate": 2}])
    sign_in(client, "lead")
    content = client.get(f"/staff/surveys/{survey.id}/export.xlsx").get_data()
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[1][5:] == (5, 42, "=1+1") and rows[2][5:7] == (2, None)
    assert isinstance(rows[1][5], int) and isinstance(rows[1][6], int)
    formulas = openpyxl.load_workbook(io.BytesIO(content)).active
    assert formulas.cell(row=2, column=8).data_type == "s"  # text, never a formula
