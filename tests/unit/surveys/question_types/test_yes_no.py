"""Yes or no: two fixed answers in the page's language, pictures in easy read, routing."""

from __future__ import annotations

from surveys import questions
from surveys.model import Question
from tests.unit.surveys.question_types.helpers import post, round_trip

USED = Question("used", "yes_no", "Have you used it?", required=True)


def test_yes_or_no_is_stored_and_read_back() -> None:
    assert post(USED, {"used": "yes"})[2] == {"used": "yes"}
    assert post(USED, {"used": "maybe"})[0] is False
    assert questions.display_answer(USED, {"used": "no"}) == "No"
    assert round_trip(USED, {"used": "yes"}) == {"used": "yes"}


def test_it_routes_shows_pictures_and_has_no_options_to_translate() -> None:
    kind = USED.kind
    assert kind.routable and kind.yes_no_pictures and not kind.lead_options
    assert [(o.value, o.label) for o in USED.choices] == [("yes", "Yes"), ("no", "No")]
