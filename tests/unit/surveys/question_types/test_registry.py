"""The registry itself: every type is listed once, in the builder's order, and knows every part."""

from __future__ import annotations

from surveys import question_types
from surveys.model import Question


def test_every_type_is_registered_under_its_own_name() -> None:
    assert question_types.names() == [
        "single_choice",
        "multiple_choice",
        "yes_no",
        "short_text",
        "long_text",
        "rating",
        "number",
        "date",
        "statement",
    ]
    assert all(kind.name == name for name, kind in question_types.REGISTRY.items())


def test_every_answerable_type_has_a_field_a_label_and_a_paper_instruction() -> None:
    for name, kind in question_types.REGISTRY.items():
        assert str(kind.label)
        if kind.answerable:
            assert Question("q", name, "Q?").id in kind.form_fields(_filled(name))
            assert str(kind.paper_instruction)


def test_an_unknown_type_reads_as_text_and_is_refused_by_validation() -> None:
    unknown = Question("q", "ranking", "Rank these")
    assert not question_types.known("ranking")
    assert unknown.kind.tally == "text" and not unknown.kind.offers_choices
    assert unknown.text_limit == 0


def _filled(name: str) -> Question:
    from surveys.model import Option

    return Question("q", name, "Q?", options=(Option("a", "A"), Option("b", "B")))


def test_only_the_text_types_are_free_text_and_other_areas_ask_the_registry() -> None:
    from toolkit import question_kinds

    free = [name for name, kind in question_types.REGISTRY.items() if kind.free_text]
    assert free == ["short_text", "long_text"]
    assert [name for name in [*question_types.names(), "ranking"] if question_kinds.is_free_text(name)] == free
