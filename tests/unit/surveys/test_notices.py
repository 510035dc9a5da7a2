"""Which notification emails a survey's state calls for, each under a key that names its event."""

from dataclasses import replace
from datetime import date

from surveys.schedule.notices import SurveyFacts, notices

TODAY = date(2026, 3, 10)


def plain(message, **values):
    return message % values if values else message


def facts(**overrides):
    base = SurveyFacts(
        id=7,
        title="GP access",
        status="live",
        opens_on=None,
        closes_on=None,
        response_target=None,
        responses=0,
        published_on=date(2026, 1, 1),
        changed_on=date(2026, 1, 1),
    )
    return replace(base, **overrides)


def keys(survey, today=TODAY):
    return [notice.key for notice in notices(survey, today, plain)]


def test_going_live_is_told_on_the_day_it_opens_not_when_it_was_published_before():
    survey = facts(published_on=date(2026, 3, 1), opens_on=date(2026, 3, 12))
    assert keys(survey) == []  # published, but not open yet
    assert keys(survey, date(2026, 3, 12)) == ["survey:7:live:2026-03-12"]
    assert keys(facts(published_on=date(2026, 3, 9))) == ["survey:7:live:2026-03-09"]
    assert keys(facts(published_on=date(2025, 1, 1))) == []  # old news


def test_closing_within_seven_days_is_told_once_per_closing_date():
    assert keys(facts(closes_on=date(2026, 3, 17))) == ["survey:7:closing:2026-03-17"]
    assert keys(facts(closes_on=date(2026, 3, 12))) == ["survey:7:closing:2026-03-12"]  # a missed day still tells
    assert keys(facts(closes_on=date(2026, 3, 18))) == []
    assert keys(facts(closes_on=date(2026, 3, 10))) == []  # closes today: the closing notice follows
    [notice] = notices(facts(closes_on=date(2026, 3, 17), responses=42), TODAY, plain)
    assert notice.subject == "Closes in 7 days: GP access" and "42 responses" in notice.lead


def test_closing_is_told_when_recent():
    assert keys(facts(status="closed", changed_on=date(2026, 3, 10))) == ["survey:7:closed:2026-03-10"]
    assert keys(facts(status="closed", changed_on=date(2026, 1, 10))) == []


def test_the_target_and_the_highest_milestone_passed():
    assert keys(facts(responses=99)) == []
    assert keys(facts(responses=100)) == ["survey:7:responses:100"]
    assert keys(facts(responses=730, response_target=700)) == ["survey:7:target:700", "survey:7:responses:500"]
    assert keys(facts(responses=5000)) == ["survey:7:responses:1000"]
    assert keys(facts(status="draft", responses=5000, response_target=1)) == []
