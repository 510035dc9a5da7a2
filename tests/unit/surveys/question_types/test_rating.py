"""Rating: a numbered scale with end labels; stored as a whole number, exported to XLSX as one."""

from __future__ import annotations

from surveys import questions
from surveys.model import Question
from tests.unit.surveys.question_types.helpers import post, round_trip

RATE = Question(
    "rate", "rating", "How was it?", scale_min=1, scale_max=3, scale_min_label="Bad", scale_max_label="Good"
)


def test_a_point_is_stored_as_a_number_and_shown_back_as_text() -> None:
    assert post(RATE, {"rate": "2"})[2] == {"rate": 2}
    assert post(RATE, {"rate": "4"})[0] is False
    assert round_trip(RATE, {"rate": 3}) == {"rate": 3}


def test_it_reads_back_with_its_label() -> None:
    assert [o.label for o in RATE.choices] == ["1 – Bad", "2", "3 – Good"]
    assert questions.display_answer(RATE, {"rate": 3}) == "3 – Good"


def test_its_scale_labels_translate_and_it_is_a_number_in_xlsx() -> None:
    kind = RATE.kind
    assert kind.translatable_fields == ("scale_min_label", "scale_max_label")
    assert kind.scale and kind.stored_as_int and kind.xlsx_number and not kind.routable
