"""Single choice: radios over the lead's options, "Other, please specify", routing."""

from __future__ import annotations

from surveys import questions
from surveys.model import Option, Question, validate
from surveys.respond.answering import _answer_fits
from tests.unit.surveys.question_types.helpers import post, round_trip

COLOUR = Question(
    "colour",
    "single_choice",
    "Colour?",
    required=True,
    options=(Option("red", "Red"), Option("blue", "Blue")),
    allow_other=True,
)


def test_one_option_is_stored_with_what_was_written_for_other() -> None:
    assert post(COLOUR, {"colour": "red"})[2] == {"colour": "red"}
    assert post(COLOUR, {"colour": "other", "colour__other": " Teal "})[2] == {
        "colour": "other",
        "colour__other": "Teal",
    }
    assert post(COLOUR, {"colour": "red", "colour__other": "Teal"})[2] == {"colour": "red"}  # Other not chosen
    assert post(COLOUR, {"colour": "green"})[0] is False
    assert post(COLOUR, {})[1] == {"colour": ["Select an answer"]}


def test_it_reads_back_with_the_other_text_and_fits_only_its_options() -> None:
    answers = {"colour": "other", "colour__other": "Teal"}
    assert questions.display_answer(COLOUR, answers) == "Other: Teal"
    assert round_trip(COLOUR, answers) == answers
    assert _answer_fits(COLOUR, {"colour": "blue"}) and not _answer_fits(COLOUR, {"colour": ["blue"]})


def test_it_drives_routing_counts_as_a_choice_and_translates_its_options() -> None:
    kind = COLOUR.kind
    assert kind.routable and kind.lead_options and kind.tally == "choice" and kind.export == "one_label"
    assert [o.value for o in COLOUR.choices] == ["red", "blue", "other"]
    assert str(kind.paper_instruction) == "Tick one box."


def test_it_needs_two_different_options() -> None:
    from surveys.model import Section, SurveyDefinition

    one = Question("q1", "single_choice", "Pick", options=(Option("a", "A"),))
    problems = validate(SurveyDefinition("T", sections=(Section("s", "S", questions=(one,)),)))
    assert any("needs at least 2 options" in p for p in problems)
