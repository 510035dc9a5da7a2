"""Short text: one line, 200 characters unless the lead sets another limit."""

from __future__ import annotations

from surveys import questions
from surveys.model import Question
from surveys.respond.answering import _answer_fits
from tests.unit.surveys.question_types.helpers import post

NAME = Question("name", "short_text", "Name?", max_length=5)


def test_text_is_trimmed_and_limited() -> None:
    assert post(NAME, {"name": " Sam "})[2] == {"name": "Sam"}
    assert post(NAME, {"name": "Samantha"})[1] == {"name": ["Answer must be 5 characters or fewer"]}
    assert post(NAME, {"name": "   "})[2] == {}
    assert Question("q", "short_text", "Q").text_limit == 200


def test_it_reads_back_as_written_and_is_counted_as_text() -> None:
    assert questions.display_answer(NAME, {"name": "Sam"}) == "Sam"
    assert _answer_fits(NAME, {"name": "Sam"}) and not _answer_fits(NAME, {"name": "Samantha"})
    assert (NAME.kind.tally, NAME.kind.export, NAME.kind.paper_lines) == ("text", "value", 1)
