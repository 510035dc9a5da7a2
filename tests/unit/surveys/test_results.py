"""surveys.results: counts, percentages and figures per question, in one pass."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import pytest

from surveys.model import Option, Question, Section, SurveyDefinition
from surveys.results.summary import (
    ChoiceSummary,
    NumberSummary,
    TextSummary,
    chart,
    chart_svg,
    format_number,
    format_percent,
    iter_charts,
    report_questions,
    summarise,
)

COLOUR = Question(
    "colour",
    "single_choice",
    "Favourite colour?",
    options=(Option("red", "Red"), Option("blue", "Blue")),
    allow_other=True,
)
PLACES = Question(
    "places",
    "multiple_choice",
    "Where did you see the poster?",
    options=(Option("gp", "GP surgery"), Option("pharmacy", "Pharmacy"), Option("library", "Library")),
    allow_other=True,
)
RATING = Question("rating", "rating", "How was it?", scale_min=1, scale_max=3, scale_max_label="Very good")
YES_NO = Question("carer", "yes_no", "Are you a carer?")
AGE = Question("age", "number", "How old are you?")
WHY = Question("why", "long_text", "Why?")


@dataclass(frozen=True)
class Row:
    answers: dict[str, Any]
    not_asked: list[str] | None = None


def rows(*answers: dict[str, Any]) -> Iterator[Row]:
    """A generator, like the repository's stream: it can be read only once."""
    return (Row(a) for a in answers)


def one(question: Question, *answers: dict[str, Any], text_limit: int | None = None) -> Any:
    summary = summarise([question], rows(*answers), text_limit=text_limit)
    return summary.questions[0]


def counts(item: ChoiceSummary) -> dict[str, tuple[int, float]]:
    return {o.value: (o.count, round(o.percent, 1)) for o in item.options}


def test_single_choice_counts_and_percentages_of_those_who_answered() -> None:
    item = one(COLOUR, {"colour": "red"}, {"colour": "red"}, {"colour": "blue"}, {}, {"other": 1})
    assert isinstance(item, ChoiceSummary)
    assert (item.answered, item.not_answered) == (3, 2)
    assert counts(item) == {"red": (2, 66.7), "blue": (1, 33.3), "other": (0, 0.0)}
    assert [o.label for o in item.options] == ["Red", "Blue", "Other"]
    assert not item.multiple


def test_other_texts_are_listed_only_when_other_was_chosen() -> None:
    item = one(
        COLOUR,
        {"colour": "other", "colour__other": "Teal"},
        {"colour": "red", "colour__other": "left over"},
        {"colour": "other"},
    )
    assert item.other.shown == ("Teal",)
    assert counts(item)["other"] == (2, 66.7)


def test_multiple_choice_percent_of_people_can_add_to_more_than_100() -> None:
    item = one(
        PLACES,
        {"places": ["gp", "pharmacy"]},
        {"places": ["gp"]},
        {"places": ["gp", "other"], "places__other": "Bus stop"},
        {"places": []},
    )
    assert item.multiple
    assert (item.answered, item.not_answered) == (3, 1)
    assert counts(item) == {"gp": (3, 100.0), "pharmacy": (1, 33.3), "library": (0, 0.0), "other": (1, 33.3)}
    assert sum(o.percent for o in item.options) > 100
    assert item.other.shown == ("Bus stop",)


def test_repeated_values_count_once_per_person() -> None:
    item = one(PLACES, {"places": ["gp", "gp"]})
    assert counts(item)["gp"] == (1, 100.0)


def test_rating_and_yes_no_use_their_built_in_options() -> None:
    rating = one(RATING, {"rating": 3}, {"rating": 3}, {"rating": 1})
    assert [(o.label, o.count) for o in rating.options] == [("1", 1), ("2", 0), ("3 – Very good", 2)]
    carer = one(YES_NO, {"carer": "yes"}, {"carer": "no"}, {"carer": "no"})
    assert [(o.label, o.count) for o in carer.options] == [("Yes", 1), ("No", 2)]


def test_a_value_no_longer_offered_is_still_counted() -> None:
    item = one(COLOUR, {"colour": "green"}, {"colour": "red"})
    assert counts(item)["green"] == (1, 50.0)
    assert item.options[-1].label == "green"


def test_number_statistics() -> None:
    item = one(AGE, {"age": 30}, {"age": 10}, {"age": 20}, {"age": 20}, {}, {"age": "not a number"}, {"age": True})
    assert isinstance(item, NumberSummary)
    assert (item.answered, item.not_answered) == (4, 3)
    assert (item.mean, item.median, item.minimum, item.maximum) == (20, 20, 10, 30)


@pytest.mark.parametrize(
    ("values", "median"),
    [([5], 5), ([1, 2], 1.5), ([3, 1, 2], 2), ([1, 1, 1, 10], 1), ([1, 2, 3, 4], 2.5), ([7, 7, 9, 9], 8)],
)
def test_median(values: list[int], median: float) -> None:
    assert one(AGE, *({"age": v} for v in values)).median == median


def test_number_with_no_answers() -> None:
    item = one(AGE, {}, {})
    assert (item.answered, item.not_answered, item.mean, item.median) == (0, 2, None, None)


def test_free_text_answers_listed_and_capped() -> None:
    answers = [{"why": f"Reason {n}"} for n in range(5)] + [{"why": "   "}, {}]
    item = one(WHY, *answers, text_limit=3)
    assert isinstance(item, TextSummary)
    assert (item.answered, item.not_answered) == (5, 2)
    assert item.answers.shown == ("Reason 0", "Reason 1", "Reason 2")
    assert (item.answers.total, item.answers.more) == (5, 2)


def test_summarise_reads_the_stream_once_and_counts_the_total() -> None:
    stream = rows({"colour": "red", "age": 4}, {"colour": "blue"})
    summary = summarise([COLOUR, AGE, WHY], stream)
    assert summary.total == 2
    assert [type(q) for q in summary.questions] == [ChoiceSummary, NumberSummary, TextSummary]
    assert next(stream, None) is None


def test_no_responses() -> None:
    summary = summarise([COLOUR, AGE, WHY], rows())
    assert summary.total == 0
    choice = summary.questions[0]
    assert choice.answered == 0 and all(o.percent == 0 for o in choice.options)
    assert [c for _item, c in iter_charts(summary)] == [None, None, None]


def definition(*questions: Question) -> SurveyDefinition:
    return SurveyDefinition("Survey", sections=(Section("s1", "One", questions=questions),))


def test_report_questions_latest_wording_first_then_questions_only_older_versions_asked() -> None:
    old_colour = Question("colour", "single_choice", "Colour (old wording)?", options=COLOUR.options)
    statement = Question("note", "statement", "Thank you")
    v1 = definition(old_colour, WHY, statement)
    v2 = definition(AGE, COLOUR)
    questions = report_questions([v1, v2])
    assert [q.id for q in questions] == ["age", "colour", "why"]
    assert questions[1].text == "Favourite colour?"


def test_format_percent_and_number() -> None:
    assert [format_percent(p) for p in (0, 0.2, 0.5, 33.333, 66.7, 100)] == ["0%", "<1%", "0%", "33%", "67%", "100%"]
    assert [format_number(v) for v in (None, 3, 3.0, 2.25, 12345)] == ["–", "3", "3", "2.2", "12,345"]


def test_chart_is_an_svg_with_alt_text() -> None:
    item = one(COLOUR, {"colour": "red"}, {"colour": "red"}, {"colour": "blue"})
    svg = chart_svg(item)
    assert ElementTree.fromstring(svg.encode()).tag == "{http://www.w3.org/2000/svg}svg"
    assert chart(item).alt == "Bar chart: Red 2 (67%), Blue 1 (33%), Other 0 (0%)."


def test_multiple_choice_chart_says_people_could_choose_more_than_one() -> None:
    item = one(PLACES, {"places": ["gp", "pharmacy"]})
    assert chart(item).alt.endswith("People could choose more than one answer.")


def test_a_question_routing_skipped_is_not_asked_not_unanswered() -> None:
    responses = [Row({"age": 40}), Row({}, ["age"]), Row({}, ["age", "why"]), Row({})]
    summary = summarise([AGE, WHY], iter(responses))
    age, why = summary.questions
    assert (age.answered, age.not_answered, age.not_asked) == (1, 1, 2)
    assert (why.answered, why.not_answered, why.not_asked) == (0, 3, 1)
