"""Multiple choice: checkboxes over the lead's options; several labels in one cell."""

from __future__ import annotations

from surveys import questions
from surveys.model import Option, Question
from surveys.respond.answering import _answer_fits
from tests.unit.surveys.question_types.helpers import post, round_trip

PLACES = Question(
    "places", "multiple_choice", "Where?", options=(Option("gp", "GP"), Option("bus", "Bus stop")), allow_other=True
)


def test_several_options_are_stored_as_a_list() -> None:
    assert post(PLACES, {"places": ["gp", "bus"]})[2] == {"places": ["gp", "bus"]}
    assert post(PLACES, {"places": ["gp", "nowhere"]})[1] == {"places": ["Select only the options shown"]}
    required = Question("places", "multiple_choice", "Where?", required=True, options=PLACES.options)
    assert post(required, {})[1] == {"places": ["Select at least one option"]}


def test_it_reads_back_as_labels_joined_and_fits_only_lists_of_its_options() -> None:
    answers = {"places": ["gp", "other"], "places__other": "Library"}
    assert questions.display_answer(PLACES, answers) == "GP; Other: Library"
    assert round_trip(PLACES, answers) == answers
    assert _answer_fits(PLACES, {"places": ["gp"]}) and not _answer_fits(PLACES, {"places": "gp"})


def test_it_is_counted_as_a_choice_of_several_and_routes_on_any_answer_picked() -> None:
    kind = PLACES.kind
    assert kind.multiple and kind.export == "several_labels" and kind.routable
    assert str(kind.paper_instruction) == "Tick all the boxes that apply."


NONE = Question(
    "used",
    "multiple_choice",
    "Which have you used?",
    options=(Option("gp", "GP"), Option("bus", "Bus")),
    none_option=True,
)


def test_none_of_these_is_offered_last_and_only_on_its_own() -> None:
    assert [(o.value, o.label) for o in NONE.choices][-1] == ("none", "None of these")
    assert post(NONE, {"used": ["none"]})[2] == {"used": ["none"]}
    assert post(NONE, {"used": ["gp", "none"]})[1] == {
        "used": ["Select “None of these” on its own, or the other answers without it"]
    }
    assert not _answer_fits(NONE, {"used": ["gp", "none"]}) and _answer_fits(NONE, {"used": ["gp", "bus"]})
    assert questions.display_answer(NONE, {"used": ["none"]}) == "None of these"


def test_none_of_these_unticks_the_others_with_javascript_after_an_or() -> None:
    from werkzeug.datastructures import MultiDict
    from wtforms import Form

    from toolkit.forms import field_params

    form = type("OneQuestion", (Form,), questions.form_fields(NONE))(MultiDict())
    items = field_params(form.used)["items"]
    assert items[-2] == {"divider": "or"}
    assert items[-1]["value"] == "none" and items[-1]["behaviour"] == "exclusive"


def test_an_option_typed_as_none_gets_a_value_of_its_own() -> None:
    from surveys.model import options_from_lines

    assert [o.value for o in options_from_lines("None\nOther")] == ["none_2", "other_2"]
