from surveys import answering
from surveys.model import Condition, Question, Section, SurveyDefinition

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


def test_position_counts_only_the_sections_this_respondent_sees():
    where = answering.position(DEFINITION, "c", {"used": "no"})
    assert (where.number, where.total, where.previous_id, where.next_id) == (2, 2, "a", None)
    where = answering.position(DEFINITION, "c", {"used": "yes"})
    assert (where.number, where.total, where.previous_id) == (3, 3, "b")


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
