"""The standard equality section in easy read (surveys.equality.model, surveys.easy_read.model): easy
wording and a picture for every question, and ethnic group asked in two steps."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from surveys.easy_read import model as easy_read
from surveys.equality import model as equality
from surveys.model import Option
from tests.helpers import make_definition

PICTURES = Path(equality.__file__).parent.parent / "static" / "easy_read" / "equality"
EVERY_TOPIC = [topic.key for topic in equality.topics()]
SECTION = equality.equality_section(EVERY_TOPIC)
ETHNIC = next(q for q in SECTION.questions if q.id == equality.ETHNIC_GROUP_ID)


@pytest.mark.parametrize("question", SECTION.questions, ids=lambda q: q.id)
def test_every_question_has_short_easy_wording_and_a_shipped_picture(question) -> None:
    easy = easy_read.easy_question(question)
    lines = question.easy_read_text.splitlines()
    assert lines and all(len(line.split()) <= 15 for line in lines), question.easy_read_text
    assert easy.text == lines[0] and easy.help == "\n".join(lines[1:])
    assert [o.value for o in easy.options] == [o.value for o in question.options]  # the same stored values
    picture = easy_read.standard_picture(question)
    assert picture is not None and str(picture.alt).strip()
    assert (PICTURES / f"{picture.name}.svg").read_text().startswith("<svg")


def test_the_carer_question_is_short_in_easy_read() -> None:
    carer = next(q for q in SECTION.questions if q.id == "eq_unpaid_carer")
    assert len(carer.text.split()) > 25  # the census wording
    assert len(easy_read.easy_question(carer).text.split()) <= 12


def test_a_picture_the_lead_uploaded_wins() -> None:
    assert easy_read.standard_picture(replace(ETHNIC, image_id=3)) is None


def test_ethnic_group_is_asked_as_the_broad_group_first() -> None:
    (broad,) = equality.easy_read_steps(ETHNIC, {})
    assert broad.id == equality.ETHNIC_BROAD_ID and broad.text == "What is your ethnic group?"
    assert [o.label for o in broad.options] == [
        "White",
        "Mixed or Multiple ethnic groups",
        "Asian or Asian British",
        "Black, Black British, Caribbean or African",
        "Other ethnic group",
        "Prefer not to say",
    ]


def test_then_the_detail_within_the_chosen_group_without_its_name() -> None:
    _broad, detail = equality.easy_read_steps(ETHNIC, {equality.ETHNIC_BROAD_ID: "asian_or_asian_british"})
    easy = easy_read.easy_question(detail)
    assert detail.id == equality.ETHNIC_GROUP_ID and easy.text == "Which of these describes you best?"
    assert [o.value for o in easy.options] == [
        "indian",
        "pakistani",
        "bangladeshi",
        "chinese",
        "any_other_asian_background",
    ]
    assert [o.label for o in easy.options][:2] == ["Indian", "Pakistani"]


def test_a_standard_answer_gives_its_broad_group_and_prefer_not_to_say_has_no_detail() -> None:
    steps = equality.easy_read_steps(ETHNIC, {equality.ETHNIC_GROUP_ID: "irish"})
    assert [o.value for o in steps[1].options][:2] == ["english_welsh_scottish_norther", "irish"]
    assert len(equality.easy_read_steps(ETHNIC, {equality.ETHNIC_BROAD_ID: "prefer_not_to_say"})) == 1


def test_saving_the_broad_group_keeps_the_stored_answer_standard() -> None:
    after = equality.after_easy_read_step
    broad = equality.ETHNIC_BROAD_ID
    assert after({broad: "prefer_not_to_say"}, broad)["eq_ethnic_group"] == "prefer_not_to_say"
    assert "eq_ethnic_group" not in after({broad: "white", "eq_ethnic_group": "indian"}, broad)
    assert after({broad: "white", "eq_ethnic_group": "irish"}, broad)["eq_ethnic_group"] == "irish"
    assert "eq_ethnic_group" not in after({"eq_ethnic_group": "irish"}, broad)
    assert after({broad: "white", "eq_ethnic_group": "indian"}, "eq_age")["eq_ethnic_group"] == "indian"


def test_the_count_includes_both_steps_and_agrees_with_the_pages() -> None:
    definition = equality.with_equality_section(make_definition())
    answerable = sum(1 for q in definition.questions() if q.answerable)
    assert easy_read.question_count(definition) == answerable + 1
    # Everyone's last page number is at most the total, whatever they answer.
    answers = {equality.ETHNIC_BROAD_ID: "white", "eq_disability": "yes"}
    steps = easy_read.visible_steps(definition, answers)
    last = easy_read.step(definition, steps[-1][1].id, answers)
    assert last is not None and last.number == last.total


def test_a_reworded_ethnic_question_is_asked_as_it_is() -> None:
    own = replace(ETHNIC, options=(Option("a", "A"), Option("b", "B")))
    assert equality.easy_read_steps(own, {}) == (own,)
    assert equality.easy_read_step_count(own) == 1
