"""Long text: a text area, 2,000 characters unless the lead sets another limit."""

from __future__ import annotations

from wtforms import TextAreaField

from surveys import questions
from surveys.model import Question

WHY = Question("why", "long_text", "Why?")


def test_a_text_area_with_a_2000_character_limit() -> None:
    assert questions.form_fields(WHY)["why"].field_class is TextAreaField
    assert WHY.text_limit == 2000 and Question("q", "long_text", "Q", max_length=50).text_limit == 50


def test_it_prints_six_lines_and_counts_as_text() -> None:
    assert (WHY.kind.paper_lines, WHY.kind.tally) == (6, "text")
    assert str(WHY.kind.paper_instruction) == "Write your answer in the box."
