"""The survey definition: validation, routing, pruning answers and the JSON round trip."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.model import (
    OTHER_VALUE,
    Condition,
    DefinitionError,
    Option,
    Question,
    Section,
    SurveyDefinition,
    from_dict,
    options_from_lines,
    other_key,
    to_dict,
    validate,
)
from tests.helpers import make_definition

CHOICES = (Option("a", "A"), Option("b", "B"))


def _survey(*sections: Section) -> SurveyDefinition:
    return SurveyDefinition("T", sections=sections)


def _routed() -> SurveyDefinition:
    return _survey(
        Section("s1", "One", questions=(Question("ok", "yes_no", "OK?"),)),
        Section(
            "s2",
            "Two",
            show_if=Condition("ok", "no"),
            questions=(Question("why", "long_text", "Why not?"), Question("more", "short_text", "More?")),
        ),
        Section("s3", "Three", questions=(Question("extra", "short_text", "Extra?", show_if=Condition("ok", "yes")),)),
    )


# --- validation ----------------------------------------------------------------------


def test_the_helper_definition_is_valid():
    assert validate(make_definition()) == []


def test_a_definition_needs_a_title_and_a_question():
    assert validate(SurveyDefinition(" ")) == ["The survey needs a title.", "Add at least one question."]
    statement_only = _survey(Section("s1", "S", questions=(Question("q1", "statement", "Hello"),)))
    assert validate(statement_only) == ["Add at least one question."]


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        (Question("q1", "single_choice", "Pick", options=(Option("a", "A"),)), "needs at least 2 options"),
        (Question("q1", "multiple_choice", "Pick", options=(Option("a", "A"), Option("a", "B"))), "same value"),
        (
            Question("q1", "single_choice", "Pick", options=(*CHOICES, Option(OTHER_VALUE, "O")), allow_other=True),
            "same value",
        ),
        (Question("q1", "rating", "Rate", scale_min=1, scale_max=1), "scale of 2 to 11 points"),
        (Question("q1", "rating", "Rate", scale_min=0, scale_max=11), "scale of 2 to 11 points"),
        (Question("q1", "short_text", "Say", max_length=10_001), "character limit"),
        (Question("q1", "number", "N", min_value=5, max_value=1), "smallest value above its largest"),
        (Question("Q 1", "short_text", "Say"), "invalid id"),
        (Question("q1", "dropdown", "Say"), "unknown type"),
        (Question("q1", "short_text", "  "), "needs some text"),
        (
            Question("q1", "single_choice", "Pick", options=(Option("a", "A", "x" * 201), Option("b", "B"))),
            "easy-read answer wording longer than 200 characters",
        ),
    ],
)
def test_question_problems(question, problem):
    problems = validate(_survey(Section("s1", "S", questions=(question,))))
    assert any(problem in p for p in problems), problems


def test_rating_of_0_to_10_is_allowed():
    assert (
        validate(_survey(Section("s1", "S", questions=(Question("q1", "rating", "R", scale_min=0, scale_max=10),))))
        == []
    )


def test_duplicate_ids():
    question = Question("q1", "short_text", "Say")
    problems = validate(_survey(Section("s1", "A", questions=(question,)), Section("s1", "B", questions=(question,))))
    assert "Section id s1 is used twice." in problems and "Question id q1 is used twice." in problems


def test_routing_must_point_back_to_a_choice_answer_before_it():
    assert validate(_routed()) == []
    same_section = _survey(
        Section(
            "s1",
            "S",
            questions=(
                Question("ok", "yes_no", "OK?"),
                Question("why", "short_text", "Why?", show_if=Condition("ok", "no")),
            ),
        )
    )
    assert validate(same_section) == []
    backwards = _survey(
        Section(
            "s1",
            "S",
            questions=(
                Question("why", "short_text", "Why?", show_if=Condition("ok", "no")),
                Question("ok", "yes_no", "OK?"),
            ),
        )
    )
    assert any("depends on a question that is not before it" in p for p in validate(backwards))
    itself = _survey(Section("s1", "S", questions=(Question("ok", "yes_no", "OK?", show_if=Condition("ok", "no")),)))
    assert any("not before it" in p for p in validate(itself))
    later = _survey(
        Section("s1", "S", show_if=Condition("ok", "yes")),
        Section("s2", "T", questions=(Question("ok", "yes_no", "OK?"),)),
    )
    assert any("Section “S” depends on a question that is not in an earlier section" in p for p in validate(later))
    on_text = _survey(
        Section("s1", "S", questions=(Question("t", "short_text", "T"),)),
        Section("s2", "T", show_if=Condition("t", "x"), questions=(Question("q", "yes_no", "Q"),)),
    )
    assert any("can only depend on a single-choice, multiple-choice or yes/no question" in p for p in validate(on_text))
    wrong_answer = replace(
        _routed(), sections=(_routed().sections[0], replace(_routed().sections[1], show_if=Condition("ok", "maybe")))
    )
    assert any("depends on an answer that question does not offer" in p for p in validate(wrong_answer))


# --- choices, routing and pruning ------------------------------------------------------------


def test_choices_for_each_type():
    assert [o.value for o in Question("q", "yes_no", "Q").choices] == ["yes", "no"]
    rating = Question("q", "rating", "Q", scale_min=1, scale_max=3, scale_min_label="Bad", scale_max_label="Good")
    assert [o.label for o in rating.choices] == ["1 – Bad", "2", "3 – Good"]
    with_other = Question("q", "single_choice", "Q", options=CHOICES, allow_other=True)
    assert [o.value for o in with_other.choices] == ["a", "b", OTHER_VALUE]
    assert with_other.label_for("b") == "B" and with_other.label_for("zzz") == "zzz"


def test_text_limits_default_by_type():
    assert Question("q", "short_text", "Q").text_limit == 200
    assert Question("q", "long_text", "Q").text_limit == 2000
    assert Question("q", "long_text", "Q", max_length=50).text_limit == 50
    assert not Question("q", "statement", "Q").answerable


def test_visible_sections_and_questions_follow_the_answers():
    definition = _routed()
    assert [s.id for s in definition.visible_sections({"ok": "no"})] == ["s1", "s2", "s3"]
    assert [s.id for s in definition.visible_sections({"ok": "yes"})] == ["s1", "s3"]
    assert definition.section("s3").visible_questions({"ok": "no"}) == ()
    assert [q.id for q in definition.section("s3").visible_questions({"ok": "yes"})] == ["extra"]


def test_prune_drops_answers_to_questions_not_shown():
    definition = _routed()
    answers = {"ok": "yes", "why": "stale", "more": "stale", "extra": "kept", "unknown": "x"}
    assert definition.prune(answers) == {"ok": "yes", "extra": "kept"}
    assert definition.prune({"ok": "no", "why": "w", "extra": "gone"}) == {"ok": "no", "why": "w"}


def test_prune_keeps_other_text():
    definition = make_definition()
    answers = {"colour": OTHER_VALUE, other_key("colour"): "Green"}
    assert definition.prune(answers) == answers


def test_next_ids_skip_taken_ones():
    definition = make_definition()
    assert definition.next_section_id() == "s3"
    assert definition.next_question_id() == "q4"
    taken = _survey(Section("s1", "S", questions=(Question("q2", "yes_no", "Q"),)))
    assert taken.next_question_id() == "q3"


def test_with_section_replaces_or_appends():
    definition = make_definition()
    renamed = definition.with_section(Section("s1", "Renamed"))
    assert [s.title for s in renamed.sections] == ["Renamed", "More"]
    added = definition.with_section(Section("s9", "New"))
    assert [s.id for s in added.sections] == ["s1", "s2", "s9"]


def test_lookups_raise_key_error():
    with pytest.raises(KeyError):
        make_definition().question("nope")
    with pytest.raises(KeyError):
        make_definition().section("nope")


# --- (de)serialisation ------------------------------------------------------------------------


def test_round_trip_keeps_everything():
    definition = replace(_routed(), introduction="Hi", privacy_notice="We keep it")
    assert from_dict(to_dict(definition)) == definition
    assert from_dict(to_dict(make_definition())) == make_definition()


def test_easy_read_answer_wording_is_stored_only_when_there_is_some():
    options = (Option("near", "Being close to home", "Near my home"), Option("fast", "Being seen quickly"))
    definition = _survey(Section("s1", "S", questions=(Question("q1", "multiple_choice", "What?", options=options),)))
    stored = to_dict(definition)["sections"][0]["questions"][0]["options"]
    assert stored == [
        {"value": "near", "label": "Being close to home", "easy_read": "Near my home"},
        {"value": "fast", "label": "Being seen quickly"},  # as definitions were stored before
    ]
    assert from_dict(to_dict(definition)) == definition
    assert validate(definition) == []


def test_malformed_data_is_a_definition_error():
    with pytest.raises(DefinitionError) as error:
        from_dict({"sections": []})
    assert error.value.problems and "Malformed" in error.value.problems[0]
    with pytest.raises(DefinitionError):
        from_dict({"title": "T", "sections": [{"title": "no id"}]})


_text = st.text(min_size=0, max_size=30)
_questions = st.builds(
    Question,
    id=st.from_regex(r"^[a-z][a-z0-9_]{0,10}$", fullmatch=True),
    type=st.sampled_from(["single_choice", "short_text", "rating", "number"]),
    text=_text,
    help=_text,
    required=st.booleans(),
    options=st.lists(st.builds(Option, value=_text, label=_text, easy_read=_text), max_size=3).map(tuple),
    allow_other=st.booleans(),
    max_length=st.integers(0, 100),
    min_value=st.none() | st.integers(-5, 5),
    show_if=st.none() | st.builds(Condition, question_id=_text, equals=_text),
)


@given(
    st.builds(
        SurveyDefinition,
        title=_text,
        introduction=_text,
        sections=st.lists(
            st.builds(Section, id=_text, title=_text, questions=st.lists(_questions, max_size=3).map(tuple)),
            max_size=3,
        ).map(tuple),
    )
)
def test_any_definition_survives_the_round_trip(definition):
    assert from_dict(to_dict(definition)) == definition


# --- options typed one per line -------------------------------------------------------------------


def test_options_from_lines_derive_values_from_labels():
    options = options_from_lines("  Very good \n\nGood\nNot sure?\n")
    assert options == (Option("very_good", "Very good"), Option("good", "Good"), Option("not_sure", "Not sure?"))


def test_options_from_lines_keep_values_unique_and_clear_of_other():
    options = options_from_lines("Yes!\nyes\nOther\n!!!\n" + "x" * 40)
    assert [o.value for o in options] == ["yes", "yes_2", "other_2", "option", "x" * 30]
    assert options_from_lines("") == ()


# --- routing: any of several answers, multiple choice, follow-ups on the same page -------------


def _follow_up_survey() -> SurveyDefinition:
    return _survey(
        Section(
            "s1",
            "Care",
            questions=(
                Question("used", "multiple_choice", "Which?", options=(Option("gp", "GP"), Option("ae", "A&E"))),
                Question("why", "short_text", "Why A&E?", show_if=Condition("used", "ae")),
                Question("more", "short_text", "More?"),
            ),
        ),
        Section(
            "s2",
            "Wait",
            show_if=Condition("used", "gp", ("ae",)),
            questions=(Question("wait", "yes_no", "Waited?"),),
        ),
    )


def test_a_condition_holds_for_any_of_its_answers_and_for_any_picked_in_a_multiple_choice():
    condition = Condition("q", "a", ("b",))
    assert condition.holds({"q": "a"}) and condition.holds({"q": "b"}) and not condition.holds({"q": "c"})
    assert condition.holds({"q": ["c", "b"]}) and not condition.holds({"q": ["c"]}) and not condition.holds({})
    assert from_dict(to_dict(_follow_up_survey())) == _follow_up_survey()
    assert set(to_dict(_routed())["sections"][1]["show_if"]) == {"question_id", "equals"}


def test_a_follow_up_on_the_same_section_splits_the_page_there():
    definition = _follow_up_survey()
    assert validate(definition) == []
    assert [(p.id, [q.id for q in p.questions]) for p in definition.pages()] == [
        ("s1", ["used"]),
        ("s1.why", ["why", "more"]),
        ("s2", ["wait"]),
    ]
    assert [p.id for p in definition.visible_pages({"used": ["gp"]})] == ["s1", "s1.why", "s2"]
    assert [p.id for p in definition.visible_pages({})] == ["s1", "s1.why"]
    only_follow_up = _survey(
        Section(
            "s1",
            "S",
            questions=(
                Question("ok", "yes_no", "OK?"),
                Question("why", "short_text", "Why not?", show_if=Condition("ok", "no")),
            ),
        )
    )
    assert [p.id for p in only_follow_up.visible_pages({"ok": "yes"})] == ["s1"]
    assert [p.id for p in only_follow_up.visible_pages({"ok": "no"})] == ["s1", "s1.why"]


def test_prune_drops_a_same_page_follow_up_that_was_not_asked():
    definition = _follow_up_survey()
    kept = definition.prune({"used": ["gp"], "why": "stale", "more": "x", "wait": "yes"})
    assert kept == {"used": ["gp"], "more": "x", "wait": "yes"}
    assert definition.prune({"used": ["ae"], "why": "far"})["why"] == "far"
