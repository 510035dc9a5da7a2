"""Each response is credited to the channel it came through, whatever the way in: the survey's
own link, a channel's short link, its QR code, the easy-read version, paper, a retired channel.

Every survey here has other channels made after its own link: a draft used to fall through to
the first of those (the query sorted `is_default` ascending) when no short link was followed."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from surveys import repository
from surveys.paper import repository as paper_repository
from tests.helpers import check_page, csrf_token, make_survey, post_form, sign_in
from tests.views.test_paper import paper_survey
from toolkit import db, qr
from toolkit.schema import Response, Survey


def _survey_with_channels() -> tuple[Survey, dict[str, int]]:
    survey = make_survey()
    ids = {"own": repository.default_channel(survey.id).id}
    for name in ("GP waiting room poster", "Pharmacy bag"):
        ids[name] = repository.add_channel(survey, name, None).id
    return survey, ids


def _answer_standard(client: FlaskClient) -> None:
    start = client.get("/s/test")
    assert start.status_code == 200
    client.post("/s/test/start", data={"csrf_token": csrf_token(start)})
    post_form(client, "/s/test/page/s1", {"colour": "blue"})
    post_form(client, "/s/test/page/s2", {})
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    done = client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert done.status_code == 302 and done.location.endswith("/s/test/done")


def _answer_easy_read(client: FlaskClient) -> None:
    start = client.get("/s/test/easy-read")
    assert start.status_code == 200
    client.post("/s/test/easy-read/start", data={"csrf_token": csrf_token(start)})
    for question, answers in (("colour", {"colour": "red"}), ("why", {}), ("age", {})):
        saved = post_form(client, f"/s/test/easy-read/questions/{question}", answers)
        assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    page = client.get("/s/test/easy-read/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    done = client.post("/s/test/easy-read/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert done.status_code == 302 and done.location.endswith("/easy-read/done")


def _only_response_channel() -> int:
    return db.session.scalars(select(Response.channel_id)).one()


def test_the_surveys_own_link_credits_the_surveys_own_channel(client):
    _survey, ids = _survey_with_channels()
    _answer_standard(client)
    assert _only_response_channel() == ids["own"]


def test_a_channel_short_link_credits_that_channel(client):
    survey, ids = _survey_with_channels()
    code = repository.channel_of(survey.id, ids["Pharmacy bag"]).code
    assert client.get(f"/c/{code}").status_code == 302
    _answer_standard(client)
    assert _only_response_channel() == ids["Pharmacy bag"]


def test_a_channel_qr_code_leads_to_its_short_link_and_credits_that_channel(client):
    survey, ids = _survey_with_channels()
    poster = repository.channel_of(survey.id, ids["GP waiting room poster"])
    sign_in(client, "viewer")
    image = client.get(f"/staff/surveys/{survey.id}/channels/{poster.id}/qr.svg")
    link = f"http://localhost/c/{poster.code}"
    assert image.status_code == 200 and image.data == qr.qr_svg(link)
    own = client.get(f"/staff/surveys/{survey.id}/channels/{ids['own']}/qr.svg")
    assert own.data == qr.qr_svg("http://localhost/s/test")
    respondent = client.application.test_client()
    assert respondent.get(link.removeprefix("http://localhost")).status_code == 302
    _answer_standard(respondent)
    assert _only_response_channel() == poster.id


def test_the_easy_read_version_credits_the_channel_followed_or_the_surveys_own(client):
    survey, ids = _survey_with_channels()
    _answer_easy_read(client)
    other = client.application.test_client()
    code = repository.channel_of(survey.id, ids["Pharmacy bag"]).code
    other.get(f"/c/{code}")
    _answer_easy_read(other)
    credited = sorted(db.session.scalars(select(Response.channel_id)))
    assert credited == sorted([ids["own"], ids["Pharmacy bag"]])


def test_a_keyed_paper_copy_credits_the_paper_channel(client):
    survey = paper_survey()
    repository.add_channel(survey, "GP waiting room poster", None)
    version = repository.latest_version(survey.id)
    (reference,) = paper_repository.issue_copies(survey.id, version.id, "standard", "en", 1, None)
    sign_in(client, "facilitator")
    saved = post_form(
        client, f"/staff/surveys/{survey.id}/paper/enter", {"paper-reference": reference, "used": "never"}
    )
    assert saved.status_code == 302
    assert _only_response_channel() == repository.channel_by_name(survey.id, "paper").id


def test_a_retired_channels_link_still_credits_that_channel(client):
    survey, ids = _survey_with_channels()
    poster = repository.channel_of(survey.id, ids["GP waiting room poster"])
    repository.retire_channel(poster, None)
    client.get(f"/c/{poster.code}")
    _answer_standard(client)
    assert _only_response_channel() == poster.id


def test_a_deleted_channels_remembered_id_falls_back_to_the_surveys_own(client):
    survey, ids = _survey_with_channels()
    assert repository.draft_channel_id(survey.id, ids["Pharmacy bag"]) == ids["Pharmacy bag"]
    assert repository.draft_channel_id(survey.id, None) == ids["own"]
    assert repository.draft_channel_id(survey.id, 999_999) == ids["own"]
    other = make_survey("other")
    foreign = repository.add_channel(other, "Elsewhere", None)
    assert repository.draft_channel_id(survey.id, foreign.id) == ids["own"]


def test_the_demo_credits_most_responses_to_the_surveys_own_link(app):
    from surveys.demo import load_demo

    list(load_demo(200))
    survey = repository.get_by_slug("demo")
    counts = repository.responses_by_channel(survey.id)
    own = repository.default_channel(survey.id).id
    assert counts[own] == max(counts.values())
