"""The engagement timeline as plain data: order, gaps, overlaps, slips, and weeks."""

from __future__ import annotations

from datetime import date

from engagements import timeline
from engagements.timeline import Item


def test_items_are_ordered_by_when_they_ran_or_are_planned_to_run() -> None:
    built = timeline.build(
        [
            Item("survey", "Survey", date(2027, 2, 1), date(2027, 3, 3)),
            Item("drop_in", "Drop-in", date(2027, 1, 10), None, date(2027, 1, 12)),
            Item("petition", "Petition", None, None),
        ]
    )
    assert [i.title for i in built.items] == ["Drop-in", "Survey"]
    assert [i.title for i in built.undated] == ["Petition"]
    assert built.items[0].slipped_days == 2
    assert built.items[0].end == date(2027, 1, 12)  # a one-day activity ends when it starts


def test_a_quiet_week_or_more_between_activities_is_a_gap() -> None:
    built = timeline.build(
        [
            Item("drop_in", "A", date(2027, 1, 1), date(2027, 1, 31)),
            Item("drop_in", "B", date(2027, 1, 10), date(2027, 1, 12)),  # inside A: no gap after it
            Item("drop_in", "C", date(2027, 2, 8), None),  # 1 Feb to 7 Feb empty: 7 days
            Item("drop_in", "D", date(2027, 2, 14), None),  # 9 Feb to 13 Feb: 5 days, not a gap
        ]
    )
    assert built.gaps == (timeline.Gap(date(2027, 2, 1), date(2027, 2, 7)),)
    assert built.gaps[0].days == 7


def test_activities_that_share_a_day_overlap() -> None:
    built = timeline.build(
        [
            Item("survey", "Survey", date(2027, 1, 1), date(2027, 1, 31)),
            Item("session", "Workshop", date(2027, 1, 20), date(2027, 1, 20)),
            Item("drop_in", "Drop-in", date(2027, 2, 1), None),
        ]
    )
    assert built.overlaps == (timeline.Overlap("Survey", "Workshop", date(2027, 1, 20), date(2027, 1, 20)),)


def test_weekly_counts_fill_empty_weeks_between_the_first_and_the_last() -> None:
    weeks = timeline.weekly([date(2027, 1, 4), date(2027, 1, 6), date(2027, 1, 20)], [(date(2027, 1, 13), 12)])
    assert [(w.starts, w.responses, w.participants) for w in weeks] == [
        (date(2027, 1, 4), 2, 0),
        (date(2027, 1, 11), 0, 12),
        (date(2027, 1, 18), 1, 0),
    ]
    assert timeline.weekly([], []) == []


def test_the_weekly_chart_says_its_numbers_in_words() -> None:
    chart = timeline.weekly_chart(timeline.weekly([date(2027, 1, 4)], [(date(2027, 1, 5), 3)]), "Responses", "People")
    assert chart is not None and chart.src
    assert "Responses: 04 Jan 27 1" in chart.alt and "People: 04 Jan 27 3" in chart.alt
