"""Each timing rule from the guidance, as a warning."""

from __future__ import annotations

from datetime import date, timedelta

from engagements import warnings
from engagements.warnings import Dated, Period

TODAY = date(2027, 1, 10)


def messages(engagement: Dated, planning: date | None = None, parts: tuple[Dated, ...] = (), periods=()) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(w) for w in warnings.warnings_for(engagement, planning, parts, periods, TODAY)]


def test_fieldwork_less_than_six_weeks_after_planning_starts() -> None:
    engagement = Dated("E", "engagement", date(2027, 2, 1), date(2027, 4, 1))
    found = messages(engagement, planning=date(2027, 1, 4))
    assert found == [
        "E: Fieldwork starts 4 weeks after planning starts: the guidance is to allow at least 6 to 8 weeks "
        "to plan and prepare before speaking to people."
    ]
    assert messages(engagement, planning=date(2026, 12, 1)) == []
    # An activity before the engagement's own open date counts as the first fieldwork.
    early = Dated("Drop-in", "drop_in", date(2027, 1, 20), date(2027, 1, 20))
    later = Dated("E", "engagement", date(2027, 6, 1), date(2027, 8, 1))
    assert any("weeks after planning" in m for m in messages(later, date(2027, 1, 4), (early,)))


def test_a_survey_under_30_days() -> None:
    survey = Dated("S", "survey", date(2027, 2, 1), date(2027, 2, 20))
    assert messages(Dated("E", "engagement", None, None), parts=(survey,)) == [
        "S: It runs for 19 days: a survey should run for at least 30 days."
    ]
    assert (
        messages(
            Dated("E", "engagement", None, None), parts=(Dated("S", "survey", date(2027, 2, 1), date(2027, 3, 3)),)
        )
        == []
    )


def test_a_consultation_under_12_weeks() -> None:
    found = messages(Dated("C", "consultation", date(2027, 2, 1), date(2027, 4, 1)))
    assert found == ["C: It runs for 59 days: a formal consultation should run for at least 12 weeks (84 days)."]
    assert messages(Dated("C", "consultation", date(2027, 2, 1), date(2027, 2, 1) + timedelta(weeks=12))) == []


def test_a_close_date_in_the_past_or_before_the_open_date() -> None:
    assert messages(Dated("E", "engagement", date(2026, 11, 1), date(2027, 1, 1))) == [
        "E: The close date is in the past but it is not marked as finished."
    ]
    assert messages(Dated("E", "engagement", date(2026, 11, 1), date(2027, 1, 1), finished=True)) == []
    assert messages(Dated("E", "engagement", date(2027, 3, 1), date(2027, 2, 1))) == [
        "E: The close date is before the open date."
    ]


def test_dates_in_a_pre_election_period_or_a_school_holiday() -> None:
    shipped = warnings.shipped_pre_election_periods()
    assert shipped[0].starts_on == date(2027, 3, 25) and shipped[0].ends_on == date(2027, 5, 6)
    holiday = Period("school_holiday", "Easter holidays", date(2027, 3, 29), date(2027, 4, 9))
    drop_in = Dated("Drop-in", "drop_in", date(2027, 4, 1), date(2027, 4, 1))
    found = messages(Dated("E", "engagement", None, None), parts=(drop_in,), periods=(*shipped, holiday))
    assert found == [
        "Drop-in: Its dates fall in the pre-election period before Local elections in England (2027-03-25 to "
        "2027-05-06): engagement and communication are restricted then.",
        "Drop-in: Its dates fall in Easter holidays (2027-03-29 to 2027-04-09): families with children may be away.",
    ]
    outside = Dated("Drop-in", "drop_in", date(2027, 5, 7), date(2027, 5, 7))
    assert messages(Dated("E", "engagement", None, None), parts=(outside,), periods=shipped) == []
