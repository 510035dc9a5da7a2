"""Paper logic: references as typed, question numbers as printed, comparing two keyings."""

from __future__ import annotations

from surveys.model import Condition, Option, Question, Section, SurveyDefinition
from surveys.paper import model as paper


def test_references_are_normalised_however_they_are_typed():
    assert paper.normalise_reference("P-ABCD-EF23") == "P-ABCD-EF23"
    assert paper.normalise_reference(" p abcd ef23 ") == "P-ABCD-EF23"
    assert paper.normalise_reference("pabcdef23") == "P-ABCD-EF23"


def test_impossible_references_are_none():
    for typed in ("", "ABCD-EF23", "P-ABCD-EF2", "P-ABCD-EF231", "P-ABCD-EF20", "P-OOOO-IIII", None):
        assert paper.normalise_reference(typed) is None  # type: ignore[arg-type]


def definition() -> SurveyDefinition:
    used = Question("used", "single_choice", "Used?", options=(Option("yes", "Yes, recently"), Option("no", "No")))
    return SurveyDefinition(
        title="T",
        sections=(
            Section("s1", "One", questions=(Question("intro", "statement", "Read this"), used)),
            Section(
                "s2",
                "Two",
                questions=(
                    Question("how", "rating", "How?", show_if=Condition("used", "yes")),
                    Question(
                        "what",
                        "multiple_choice",
                        "What?",
                        options=(Option("a", "A"), Option("b", "B")),
                        allow_other=True,
                    ),
                ),
            ),
        ),
    )


def test_answerable_questions_are_numbered_across_sections_and_information_is_not():
    numbers = [(i.number, i.question.id) for i in paper.numbered_questions(definition())]
    assert numbers == [(None, "intro"), (1, "used"), (2, "how"), (3, "what")]


def test_routing_becomes_an_instruction_naming_the_answer_and_question_number():
    text = str(paper.condition_text(definition(), "used", "yes"))
    assert text == "Only answer this if you answered “Yes, recently” to question 1."


def test_an_any_of_these_condition_names_every_answer():
    """Not only the first: a paper respondent who ticked the second answer must be told too."""
    survey = definition()
    used = survey.question("used")
    values = tuple(option.value for option in used.choices)
    assert len(values) >= 2
    labels = [used.label_for(value) for value in values]
    text = str(paper.condition_text(survey, "used", values))
    quoted = ", ".join(f"“{label}”" for label in labels[:-1])
    assert text == f"Only answer this if you answered {quoted} or “{labels[-1]}” to question 1."
    assert str(paper.condition_text(survey, "used", values[:1])) == str(paper.condition_text(survey, "used", values[0]))


def test_three_answers_read_as_a_list():
    survey = definition()
    text = str(paper.condition_text(survey, "gone", ("a", "b", "c")))
    assert text == "Only answer this if you answered “a”, “b” or “c” to question ?."


def test_differences_compare_values_ticks_in_any_order_and_other_text():
    questions = list(definition().questions())
    first = {"used": "yes", "how": 4, "what": ["a", "other"], "what__other": "Parking"}
    assert paper.differences(questions, first, {**first, "what": ["other", "a"]}) == []
    assert paper.differences(questions, first, {**first, "how": 5}) == ["how"]
    assert paper.differences(questions, first, {**first, "what__other": "Parkin"}) == ["what"]
    assert paper.differences(questions, first, {k: v for k, v in first.items() if k != "used"}) == ["used"]


def test_settling_takes_agreed_answers_and_the_chosen_keying_for_each_difference():
    questions = list(definition().questions())
    first = {"used": "yes", "how": 4, "what": ["a"]}
    second = {"used": "yes", "how": 5, "what": ["b", "other"], "what__other": "Bus"}
    settled = paper.settle(questions, first, second, {"how": paper.SECOND, "what": paper.NEITHER})
    assert settled == {"used": "yes", "how": 5}
    settled = paper.settle(questions, first, second, {"how": paper.FIRST, "what": paper.SECOND})
    assert settled == {"used": "yes", "how": 4, "what": ["b", "other"], "what__other": "Bus"}
