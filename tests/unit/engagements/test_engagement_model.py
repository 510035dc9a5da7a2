"""Engagement details and activities: what can be stored."""

from __future__ import annotations

from datetime import date

from engagements import model
from engagements.model import ActivityDetails, EngagementDetails


def problems(**values: object) -> list[str]:
    details = EngagementDetails(**{"title": "Withnell", **values})  # type: ignore[arg-type]
    return [str(p) for p in model.engagement_problems(details, own_id=5)]


def test_a_title_is_enough_to_start() -> None:
    assert problems() == []
    assert problems(title=" ") == ["Enter a title for the engagement"]


def test_the_duty_assessment_needs_its_reasoning() -> None:
    assert problems(duty_applies="yes") == ["Explain why the duty to involve does or does not apply"]
    assert problems(duty_applies="no", duty_reasoning="A change of phone supplier only") == []
    assert problems(duty_applies="maybe", duty_reasoning="x") == ["Select whether the duty to involve applies"]


def test_unknown_levels_dates_in_the_wrong_order_and_itself_as_earlier_work_are_refused() -> None:
    assert problems(level="shout") == ["Select a level of engagement"]
    assert problems(system_level="galaxy") == ["Select the level of the system"]
    assert problems(planned_opens_on=date(2027, 2, 1), planned_closes_on=date(2027, 1, 1)) == [
        "The close date must be on or after the open date"
    ]
    assert problems(related_ids=(5,)) == ["An engagement cannot build on itself"]
    assert problems(budget_pence=-1) == ["The budget must be £0 or more"]


def test_columns_trim_text_and_sort_related_engagements() -> None:
    columns = EngagementDetails(title="  Withnell \r\n", related_ids=(3, 1, 3)).columns()
    assert columns["title"] == "Withnell" and columns["related_ids"] == [1, 3]


def test_an_activity_needs_a_kind_a_name_and_a_date() -> None:
    assert model.activity_problems(ActivityDetails("drop_in", "Drop-in", planned_starts_on=date(2027, 1, 1))) == []
    found = [str(p) for p in model.activity_problems(ActivityDetails("rave", ""))]
    assert found == [
        "Select what kind of activity it is",
        "Enter a name for the activity",
        "Enter the planned date or the date it happened",
    ]


def test_a_one_day_activity_ends_the_day_it_starts() -> None:
    columns = ActivityDetails("drop_in", "Drop-in", actual_starts_on=date(2027, 1, 5)).columns()
    assert columns["actual_ends_on"] == date(2027, 1, 5) and columns["planned_ends_on"] is None


def test_pasted_comments_split_on_blank_lines_and_keep_their_words() -> None:
    block = "The bus only runs twice a day.\r\n\r\nI can't get through at 8am,\nthe line is engaged.\n\n\n"
    assert model.comments_from_block(block) == [
        "The bus only runs twice a day.",
        "I can't get through at 8am,\nthe line is engaged.",
    ]
