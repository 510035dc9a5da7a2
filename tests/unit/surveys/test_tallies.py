"""What one response adds to the tallies follows the results page's rules (surveys/results/tallies.py)."""

from __future__ import annotations

import pytest

from surveys.model import Option, Question, Section, SurveyDefinition
from surveys.results import tallies

COLOURS = (Option("red", "Red"), Option("blue", "Blue"))
PLACES = (Option("gp", "GP"), Option("pharmacy", "Pharmacy"))


def questions() -> list[Question]:
    return [
        Question("colour", "single_choice", "Favourite colour?", options=COLOURS, allow_other=True),
        Question("places", "multiple_choice", "Where?", options=PLACES),
        Question("age", "number", "How old are you?"),
        Question("name", "short_text", "Your first name?"),
    ]


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [("single_choice", "multiple_choice", True), ("rating", "short_text", False), ("number", "long_text", False)],
)
def test_a_question_counted_differently_by_two_versions_is_read_the_old_way(first, second, same) -> None:
    def version(kind: str) -> SurveyDefinition:
        options = (Option("a", "A"),) if kind in ("single_choice", "multiple_choice") else ()
        question = Question("q", kind, "Q?", options=options)
        return SurveyDefinition("T", sections=(Section("s", "S", questions=(question,)),))

    assert tallies.consistent([version(first), version(second)]) is same


def test_response_keys_follow_the_results_rules() -> None:
    answers = {"colour": "other", "colour__other": "Teal", "places": ["gp", "gp"], "age": True, "name": "  "}
    assert tallies.response_keys(questions(), answers) == [
        tallies.TOTAL,
        ("colour", "answered", ""),
        ("colour", "option", "other"),
        ("colour", "other", ""),
        ("places", "answered", ""),
        ("places", "option", "gp"),  # chosen twice, counted once
    ]  # True is not a number; blank text is not an answer
    assert tallies.number_value(tallies.number_key(2.5)) == 2.5 and tallies.number_value("40") == 40
