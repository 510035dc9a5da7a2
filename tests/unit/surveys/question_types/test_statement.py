"""Information: words to read, with no field and no answer."""

from __future__ import annotations

from surveys import questions
from surveys.model import Question

NOTE = Question("note", "statement", "Thank you")


def test_information_has_no_field_and_is_not_answerable() -> None:
    assert not NOTE.answerable
    assert questions.form_fields(NOTE) == {}
    assert NOTE.kind.settings == () and str(NOTE.kind.paper_instruction) == ""
