"""Number: a whole number in an optional range; mean and median in results; a number in XLSX."""

from __future__ import annotations

from surveys.model import Question
from surveys.respond.answering import _answer_fits
from tests.unit.surveys.question_types.helpers import post

WAIT = Question("wait", "number", "Minutes?", min_value=0, max_value=60)


def test_whole_numbers_in_range_are_stored_as_numbers() -> None:
    assert post(WAIT, {"wait": "1,0"})[2] == {"wait": 10}
    assert post(WAIT, {"wait": "ten"})[1]["wait"][0] == "Enter a whole number, like 12"
    assert post(WAIT, {"wait": "61"})[1] == {"wait": ["Enter a number between 0 and 60"]}
    assert post(Question("n", "number", "N", min_value=5), {"n": "1"})[1] == {"n": ["Enter a number of 5 or more"]}


def test_only_numbers_in_range_fit_on_submit() -> None:
    assert _answer_fits(WAIT, {"wait": 60})
    assert not _answer_fits(WAIT, {"wait": "60"}) and not _answer_fits(WAIT, {"wait": True})


def test_it_is_summarised_and_exported_as_a_number() -> None:
    assert (WAIT.kind.tally, WAIT.kind.xlsx_number, WAIT.kind.builder_detail) == ("number", True, "range")
