"""The channels pages in Chromium: the list with a retired channel, renaming (with an error) and both
kinds of delete page pass axe-core with zero WCAG 2.2 A/AA violations, wide and at 320 px."""

from __future__ import annotations

import pytest

from surveys import repository
from surveys.respond import flow
from tests.browser.conftest import BrowserSession, LiveServer
from tests.browser.test_dashboard import check, staff_page
from tests.helpers import make_survey
from toolkit import db


def channels_survey(server: LiveServer, slug: str) -> tuple[int, int, int]:
    """A survey of its own (the demo stays as it is): (survey id, a channel with a response
    that is retired, a channel nobody has answered through)."""
    with server.app.app_context():
        survey = make_survey(slug, title="Channels in a browser")
        used = repository.add_channel(survey, "GP waiting room poster", None)
        draft = repository.start_draft(survey, repository.latest_version_id(survey.id), used.id, "en")
        repository.save_draft_answers(draft, {"colour": "red"}, "en")
        flow.submit_token(draft.token, survey.id)
        repository.retire_channel(used, None)
        unused = repository.add_channel(survey, "Pharmacy bag", None)
        ids = (survey.id, used.id, unused.id)
        db.session.remove()
    return ids


@pytest.mark.parametrize("width", [320, 1280])
def test_channel_pages_pass_axe(browser_session: BrowserSession, live_server: LiveServer, width: int) -> None:
    survey_id, retired, unused = channels_survey(live_server, f"channels-{width}")
    page = staff_page(browser_session, live_server, width=width, height=900)
    narrow = width <= 320
    base = f"/staff/surveys/{survey_id}/channels"
    assert page.goto(base).status == 200
    assert page.locator(f"#channel-{retired} img").count() == 0
    check(page, "channels with a retired one", narrow=narrow)

    assert page.goto(f"{base}/{unused}/rename").status == 200
    page.get_by_label("Channel name").fill("")
    page.get_by_role("button", name="Save the new name").click()
    page.locator(".nhsuk-error-summary").wait_for()
    check(page, "rename a channel, with an error", narrow=narrow)

    assert page.goto(f"{base}/{unused}/delete").status == 200
    check(page, "delete a channel nobody answered through", narrow=narrow)
    assert page.goto(f"{base}/{retired}/delete").status == 200
    check(page, "a channel with responses cannot be deleted", narrow=narrow)
    page.goto(base)
    page.get_by_role("button", name="Use “GP waiting room poster” again").click()
    page.locator(f"#channel-{retired} img").wait_for()
    check(page, "channels after bringing one back", narrow=narrow)
