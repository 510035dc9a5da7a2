"""Builder changes to a definition, as plain functions."""

from __future__ import annotations

import pytest

from surveys.builder import editing
from surveys.model import Condition, Option, Question, Section, SurveyDefinition
from tests.helpers import make_definition


def _routed() -> SurveyDefinition:
    return SurveyDefinition(
        "T",
        sections=(
            Section(
                "s1",
                "One",
                questions=(
                    Question("ok", "yes_no", "OK?"),
                    Question(
                        "pick", "single_choice", "Pick", options=(Option("a", "A"), Option("b", "B")), allow_other=True
                    ),
                    Question("many", "multiple_choice", "Many", options=(Option("a", "A"), Option("b", "B"))),
                ),
            ),
            Section(
                "s2",
                "Two",
                show_if=Condition("ok", "no"),
                questions=(Question("why", "short_text", "Why?", show_if=Condition("pick", "a")),),
            ),
            Section("s3", "Three", questions=(Question("last", "short_text", "Last?"),)),
        ),
    )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("GP access", "gp-access"),
        ("  Stroke: services 2026! ", "stroke-services-2026"),
        ("!", "survey"),
        ("é", "survey"),
        ("x" * 80, "x" * 60),
    ],
)
def test_slug_from_title(title, slug):
    assert editing.slug_from_title(title) == slug
    assert editing.SLUG_PATTERN.match(slug)


def test_unique_slug_numbers_taken_ones_and_stays_short():
    taken = {"gp-access", "gp-access-2"}
    assert editing.unique_slug("GP access", taken.__contains__) == "gp-access-3"
    long = editing.unique_slug("y" * 80, {"y" * 60}.__contains__)
    assert long == "y" * 58 + "-2" and editing.SLUG_PATTERN.match(long)


def test_routing_choices_are_earlier_choice_answers_only():
    definition = _routed()
    assert editing.routing_choices(definition, "s1") == []
    values = [value for value, _ in editing.routing_choices(definition, "s2")]
    assert values == ["ok=yes", "ok=no", "pick=a", "pick=b", "pick=other", "many=a", "many=b"]
    assert editing.routing_choices(definition, None)[0] == ("ok=yes", "OK? – Yes")
    # a question may depend on those before it in its own section; a new one goes last
    assert [v for v, _ in editing.routing_choices(definition, "s1", "pick")] == ["ok=yes", "ok=no"]
    assert len(editing.routing_choices(definition, "s1", editing.NEW_QUESTION)) == 7
    assert editing.routing_choices(definition, "s1", "ok") == []


def test_any_of_several_answers_round_trips_and_refuses_another_questions_answers():
    condition = editing.condition_from_choice("pick=a", ["pick=b", "pick=a"])
    assert condition == Condition("pick", "a", ("b",))
    assert editing.choice_value(condition) == "pick=a" and editing.also_values(condition) == ["pick=b"]
    assert editing.condition_texts(_routed().with_section(Section("s4", "F", show_if=condition)))[condition] == (
        "Pick – A or B"
    )
    with pytest.raises(editing.RoutingChoiceError):
        editing.condition_from_choice("pick=a", ["ok=yes"])


def test_condition_choice_round_trip():
    assert editing.condition_from_choice(editing.choice_value(Condition("q1", "a=b"))) == Condition("q1", "a=b")
    assert editing.choice_value(None) == editing.ALWAYS
    assert editing.condition_from_choice("") is None and editing.condition_from_choice("junk") is None


def test_condition_texts_describe_routing():
    texts = editing.condition_texts(_routed())
    assert texts == {Condition("ok", "no"): "OK? – No", Condition("pick", "a"): "Pick – A"}
    broken = SurveyDefinition("T", sections=(Section("s1", "S", show_if=Condition("gone", "x")),))
    assert editing.condition_texts(broken) == {Condition("gone", "x"): "gone – x"}


def test_merge_options_keeps_values_of_unchanged_labels():
    existing = (Option("red", "Red"), Option("blue_2", "Blue"), Option("x1", "Green"))
    merged = editing.merge_options(existing, "Green\nRed\nPurple\nBlue\nblue")
    assert merged == (
        Option("x1", "Green"),
        Option("red", "Red"),
        Option("purple", "Purple"),
        Option("blue_2", "Blue"),
        Option("blue", "blue"),
    )


def test_merge_options_never_reuses_a_kept_value_or_other():
    existing = (Option("a", "Apple"),)
    merged = editing.merge_options(existing, "Apple\nA\nOther")
    assert [o.value for o in merged] == ["a", "a_2", "other_2"]
    assert editing.option_lines(merged) == "Apple\nA\nOther"


def test_easy_read_answer_wording_follows_the_stored_value():
    existing = (Option("red", "Red", "The colour red"), Option("blue", "Blue", "The sky"))
    merged = editing.merge_options(existing, "Red\nNavy blue")
    assert merged == (Option("red", "Red", "The colour red"), Option("navy_blue", "Navy blue"))
    wording = {"red": "  Like a fire engine ", "blue": "The sky"}  # blue is gone: its wording goes too
    assert editing.with_easy_read_options(merged, wording) == (
        Option("red", "Red", "Like a fire engine"),
        Option("navy_blue", "Navy blue"),
    )
    assert editing.with_easy_read_options(merged, {"red": ""})[0] == Option("red", "Red")


def test_put_question_replaces_or_appends():
    definition = make_definition()
    changed = editing.put_question(definition, "s2", Question("age", "number", "Age?"))
    assert changed.question("age").text == "Age?" and [q.id for q in changed.section("s2").questions] == ["why", "age"]
    added = editing.put_question(definition, "s1", Question("q9", "yes_no", "New?"))
    assert [q.id for q in added.section("s1").questions] == ["colour", "q9"]


def test_remove_question_drops_routing_on_it():
    definition = _routed()
    assert editing.dependents(definition, {"ok"}) == ["Two"]
    assert editing.dependents(definition, {"pick"}) == ["Why?"]
    changed = editing.remove_question(definition, "ok")
    assert changed.section("s2").show_if is None
    assert changed.question("why").show_if == Condition("pick", "a")
    assert [q.id for q in changed.questions()] == ["pick", "many", "why", "last"]


def test_remove_section_drops_its_questions_and_routing_on_them():
    changed = editing.remove_section(_routed(), "s1")
    assert [s.id for s in changed.sections] == ["s2", "s3"]
    assert changed.section("s2").show_if is None and changed.question("why").show_if is None


def test_move_section_up_and_down_and_not_past_the_ends():
    definition = _routed()
    assert [s.id for s in editing.move_section(definition, "s3", editing.UP).sections] == ["s1", "s3", "s2"]
    assert [s.id for s in editing.move_section(definition, "s1", editing.DOWN).sections] == ["s2", "s1", "s3"]
    assert editing.move_section(definition, "s1", editing.UP) == definition
    assert editing.move_section(definition, "s3", editing.DOWN) == definition


def _layout(definition):
    return [[q.id for q in s.questions] for s in definition.sections]


def test_move_question_within_and_across_sections():
    definition = _routed()
    assert _layout(editing.move_question(definition, "pick", editing.UP)) == [["pick", "ok", "many"], ["why"], ["last"]]
    assert _layout(editing.move_question(definition, "many", editing.DOWN)) == [
        ["ok", "pick"],
        ["many", "why"],
        ["last"],
    ]
    assert _layout(editing.move_question(definition, "why", editing.UP)) == [
        ["ok", "pick", "many", "why"],
        [],
        ["last"],
    ]
    assert editing.move_question(definition, "ok", editing.UP) == definition
    assert editing.move_question(definition, "last", editing.DOWN) == definition


def test_move_question_into_an_empty_section():
    definition = SurveyDefinition(
        "T", sections=(Section("s1", "A", questions=(Question("q1", "yes_no", "Q"),)), Section("s2", "B"))
    )
    assert _layout(editing.move_question(definition, "q1", editing.DOWN)) == [[], ["q1"]]


def test_new_problems_are_only_those_a_change_adds():
    definition = _routed()
    assert editing.new_problems(SurveyDefinition("T"), definition) == []
    broken = editing.move_section(definition, "s2", editing.UP)
    assert editing.new_problems(definition, broken) == [
        "Section “Two” depends on a question that is not in an earlier section.",
        "Question “Why?” depends on a question that is not before it.",
    ]


def test_section_of():
    assert editing.section_of(_routed(), "why").id == "s2"
    with pytest.raises(KeyError):
        editing.section_of(_routed(), "nope")
