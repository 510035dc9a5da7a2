"""The attacker of issue 9 on the demo survey: every channel, every single day, every pair of
adjacent date ranges and every weighting margin, asked for through the pages; then every figure
shown is put together (tests/disclosure_attacker.py) to try to pin any hidden count."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient

from surveys import demo, repository
from surveys.equality import dashboard
from surveys.equality import repository as equality_repository
from surveys.equality import service as equality_service
from tests.disclosure_attacker import observe
from tests.helpers import check_page, sign_in


def test_the_attacker_cannot_pin_any_hidden_count_in_the_demo(client: FlaskClient) -> None:
    list(demo.load_demo())
    survey = repository.get_by_slug(demo.DEMO_SLUG)
    assert survey is not None
    found = equality_service.setup(survey)
    policy = equality_service.policy(found)
    rows = list(equality_repository.iter_equality_rows(survey.id))
    frame = dashboard.responses_frame(rows, found.comparisons)
    sign_in(client, "viewer")
    url = f"/staff/surveys/{survey.id}/representativeness"

    for channel in repository.channels(survey.id):
        page = check_page(client.get(url, query_string={"channel": str(channel.id)}))
        assert page.select_one("#too-few") or page.select("[id^=dimension-]")
    days = sorted({row.submitted_on for row in rows})
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

    pinned = {c.key: observe(frame, c, policy).pinned() for c in found.comparisons}
    assert pinned == {c.key: [] for c in found.comparisons}
