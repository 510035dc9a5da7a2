"""Warnings, not blocks, from the engagement guidance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from surveys.builder.warnings import CONSULTATION_MIN_DAYS, SURVEY_MIN_DAYS, publish_warnings, running_days
from surveys.model import Question, Section, SurveyDefinition

TODAY = date(2026, 3, 2)


def _definition(*texts: str, privacy: str = "We keep answers for two years.", kind: str = "short_text"):
    questions = tuple(Question(f"q{n}", kind, text) for n, text in enumerate(texts, 1))
    return SurveyDefinition("T", privacy_notice=privacy, sections=(Section("s1", "S", questions=questions),))


def _codes(definition=None, kind="survey", opens_on=None, closes_on=TODAY + timedelta(days=60)):
    found = publish_warnings(definition or _definition("How was it?"), kind, opens_on, closes_on, TODAY)
    return [w.code for w in found]


def test_a_well_planned_survey_has_no_warnings():
    assert _codes() == []


def test_running_days_count_both_ends_and_start_today_without_an_open_date():
    assert running_days(date(2026, 3, 1), date(2026, 3, 30), TODAY) == 30
    assert running_days(None, TODAY, TODAY) == 1


@pytest.mark.parametrize(("days", "warned"), [(SURVEY_MIN_DAYS - 1, True), (SURVEY_MIN_DAYS, False)])
def test_survey_shorter_than_30_days(days, warned):
    opens = date(2026, 4, 1)
    codes = _codes(opens_on=opens, closes_on=opens + timedelta(days=days - 1))
    assert (codes == ["survey_too_short"]) is warned and (codes == []) is not warned


@pytest.mark.parametrize(("days", "warned"), [(CONSULTATION_MIN_DAYS - 1, True), (CONSULTATION_MIN_DAYS, False)])
def test_consultation_shorter_than_12_weeks(days, warned):
    opens = date(2026, 4, 1)
    codes = _codes(kind="consultation", opens_on=opens, closes_on=opens + timedelta(days=days - 1))
    assert codes == (["consultation_too_short"] if warned else [])


def test_a_consultation_of_60_days_says_how_long_it_runs():
    warning = publish_warnings(_definition("Q?"), "consultation", None, TODAY + timedelta(days=59), TODAY)[0]
    assert "60 days" in str(warning.message) and "12 weeks" in str(warning.message)


def test_no_close_date_and_a_close_date_in_the_past():
    assert _codes(closes_on=None) == ["no_close_date"]
    assert _codes(closes_on=TODAY - timedelta(days=1)) == ["closed_already"]


def test_no_privacy_notice():
    assert _codes(_definition("How was it?", privacy="  ")) == ["no_privacy_notice"]


@pytest.mark.parametrize(
    "text",
    [
        "What is your name?",
        "Your email address",
        "Your e-mail",
        "Phone number",
        "Your home address",
        "What is your date of birth?",
        "Your NHS number",
        "Full name",
        "Telephone",
    ],
)
def test_questions_asking_for_personal_data(text):
    [warning] = publish_warnings(_definition(text), "survey", None, TODAY + timedelta(days=60), TODAY)
    assert warning.code == "personal_data" and text in str(warning.message)


@pytest.mark.parametrize("text", ["How was your visit?", "Which named nurse?", "Rate the addressed issues"])
def test_ordinary_questions_are_not_personal_data(text):
    assert _codes(_definition(text)) == []


def test_statements_may_mention_names_without_a_warning():
    assert _codes(_definition("We will not ask your name.", kind="statement")) == []
