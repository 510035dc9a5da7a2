"""The attacker of issue 9 on the demo survey: every channel, every single day, every pair of
adjacent date ranges, channels up to dates, and every weighting margin, asked for through the pages; then every figure
shown is put together (tests/disclosure_attacker.py) to try to pin any hidden count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from surveys import demo, repository
from surveys.equality import dashboard
from surveys.equality import repository as equality_repository
from surveys.equality import service as equality_service
from tests.disclosure_attacker import observe, observe_question
from tests.helpers import check_page, sign_in

# The demo's responses are spread over the 20 days before it is loaded, so which day each falls on
# depends on the clock. A fixed clock keeps the proof the same on every run; this one gave figures
# that bounds propagation alone let through (pinned by the solver in `Audit.solved_closed`).
DEMO_CLOCK = datetime(2026, 12, 3, 21, 38, tzinfo=UTC)


def test_the_attacker_cannot_pin_any_hidden_count_in_the_demo(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "utcnow", lambda: DEMO_CLOCK)
    monkeypatch.setattr(equality_service, "today", lambda: date(2026, 12, 3))
    list(demo.load_demo())
    survey = repository.get_by_slug(demo.DEMO_SLUG)
    assert survey is not None
    found = equality_service.setup(survey)
    policy = equality_service.policy(found)
    rows = list(equality_repository.iter_equality_rows(survey.id))
    frame = dashboard.responses_frame(rows, found.comparisons, found.uncompared_questions)
    sign_in(client, "viewer")
    url = f"/staff/surveys/{survey.id}/representativeness"

    for channel in repository.channels(survey.id):
        page = check_page(client.get(url, query_string={"channel": str(channel.id)}))
        assert page.select_one("#too-few") or page.select("[id^=dimension-]")
    days = sorted({row.submitted_on for row in rows})
    for channel in repository.channels(survey.id):  # a channel up to each day: moved to a block end
        for day in days[:: max(1, len(days) // 6)]:
            query = {"channel": str(channel.id), "submitted_to": day}
            page = check_page(client.get(url, query_string=query))
            assert page.select_one("#too-few") or page.select("[id^=dimension-]")
    for day in days:  # every single day: a start date, so only a message
        page = check_page(client.get(url, query_string={"submitted_from": day, "submitted_to": day}))
        assert page.select_one("#view-problem") and not page.select("[id^=dimension-], #score-value")
    for day in days:  # adjacent date ranges: both end dates land on whole reporting blocks
        for end in (day, day + timedelta(days=1)):
            page = check_page(client.get(url, query_string={"submitted_to": end}))
            assert page.select("[id^=dimension-]") or page.select_one("#too-few")
        page = check_page(
            client.get(url, query_string={"submitted_from": day, "submitted_to": day + timedelta(days=1)})
        )
        assert page.select_one("#view-problem")
    for comparison in found.comparisons:  # every weighting margin on its own
        page = check_page(client.get(url, query_string={"margin": comparison.key}))
        assert page.select_one("#weighting")

    today = equality_service.today()
    pinned = {c.key: observe(frame, c, policy, today).pinned() for c in found.comparisons}
    assert pinned == {c.key: [] for c in found.comparisons}
    # The questions with no census comparison (pregnancy, postcode districts...) too.
    assert found.uncompared_questions
    questions = {q.id: observe_question(frame, q, policy, today).pinned() for q in found.uncompared_questions}
    assert questions == {q.id: [] for q in found.uncompared_questions}
