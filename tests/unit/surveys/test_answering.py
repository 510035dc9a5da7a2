import pytest

from surveys.model import Condition, Option, Question, Section, SurveyDefinition
from surveys.respond import answering

DEFINITION = SurveyDefinition(
    title="T",
    sections=(
        Section("a", "A", questions=(Question("used", "yes_no", "Used?", required=True),)),
        Section(
            "b", "B", show_if=Condition("used", "yes"), questions=(Question("r", "rating", "Rate", required=True),)
        ),
        Section("c", "C", questions=(Question("x", "short_text", "More"),)),
    ),
)


def test_position_numbers_the_pages_seen_against_a_total_that_never_changes():
    """Was "1 of 2", then "2 of 3" as routing added a page: the total is now the most pages."""
    where = answering.position(DEFINITION, "c", {"used": "no"})
    assert (where.number, where.total, where.previous_id, where.next_id, where.routed) == (2, 3, "a", None, True)
    where = answering.position(DEFINITION, "c", {"used": "yes"})
    assert (where.number, where.total, where.previous_id) == (3, 3, "b")
    for answers in ({}, {"used": "no"}, {"used": "yes"}):
        totals = {answering.position(DEFINITION, p.id, answers).total for p in DEFINITION.visible_pages(answers)}
        assert totals == {3}


def test_hidden_section_has_no_position():
    assert answering.position(DEFINITION, "b", {"used": "no"}) is None
    assert answering.position(DEFINITION, "zzz", {}) is None


def test_first_incomplete_section_finds_unseen_then_missing_required():
    assert answering.first_section_id(DEFINITION) == "a"
    assert answering.first_incomplete_section(DEFINITION, {}, set()) == "a"
    assert answering.first_incomplete_section(DEFINITION, {"used": "no"}, {"a"}) == "c"
    assert answering.first_incomplete_section(DEFINITION, {"used": "no"}, {"a", "c"}) is None
    # Changing "used" to yes opens section b, which now lacks its required answer.
    assert answering.first_incomplete_section(DEFINITION, {"used": "yes"}, {"a", "b", "c"}) == "b"


# --- every answer checked again on submit -------------------------------------------------

CHECKED = SurveyDefinition(
    title="T",
    sections=(
        Section(
            "a",
            "A",
            questions=(
                Question("used", "yes_no", "Used?", required=True),
                Question("colour", "single_choice", "Colour", options=(Option("red", "Red"),), allow_other=True),
                Question("many", "multiple_choice", "Many", options=(Option("x", "X"), Option("y", "Y"))),
            ),
        ),
        Section(
            "b",
            "B",
            show_if=Condition("used", "yes"),
            questions=(
                Question("r", "rating", "Rate", required=True),
                Question("n", "number", "How many", min_value=0, max_value=10),
                Question("t", "short_text", "Say", max_length=5),
            ),
        ),
    ),
)


def test_complete_fitting_answers_have_no_problem():
    answers = {"used": "yes", "colour": "other", "colour__other": "Green", "many": ["x"], "r": 4, "n": 0, "t": "ok"}
    assert answering.first_problem(CHECKED, answers) is None
    assert answering.first_problem(CHECKED, {"used": "no"}) is None, "a hidden section needs no answers"


@pytest.mark.parametrize(
    ("answers", "where"),
    [
        ({}, ("a", "used")),
        ({"used": "maybe"}, ("a", "used")),
        ({"used": "no", "colour": "blue"}, ("a", "colour")),
        ({"used": "no", "colour": "other", "colour__other": "g" * 201}, ("a", "colour")),
        ({"used": "no", "many": ["x", "z"]}, ("a", "many")),
        ({"used": "no", "many": "x"}, ("a", "many")),
        ({"used": "yes"}, ("b", "r")),
        ({"used": "yes", "r": 9}, ("b", "r")),
        ({"used": "yes", "r": 3, "n": 11}, ("b", "n")),
        ({"used": "yes", "r": 3, "n": True}, ("b", "n")),
        ({"used": "yes", "r": 3, "n": "3"}, ("b", "n")),
        ({"used": "yes", "r": 3, "t": "too long"}, ("b", "t")),
    ],
)
def test_a_missing_or_unfitting_answer_is_found(answers, where):
    assert answering.first_problem(CHECKED, answers) == answering.AnswerProblem(*where)


def test_a_rating_reads_back_as_words_on_its_scale() -> None:
    from surveys.model import Question
    from surveys.respond.answering import rating_words

    labelled = Question("r", "rating", "Rate", scale_min_label="Bad", scale_max_label="Good")
    assert rating_words(labelled, "2") == "2, on a scale from 1 (Bad) to 5 (Good)"
    assert rating_words(labelled, "1") == "1 – Bad"
    assert rating_words(Question("r", "rating", "Rate", scale_min=0, scale_max=10), "7") == "7, on a scale from 0 to 10"
