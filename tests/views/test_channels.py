"""Renaming, deleting and retiring a survey's channels: printed links keep working, responses are never lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from surveys import repository
from surveys.respond import flow
from tests.helpers import check_page, csrf_token, make_survey, post_form, sign_in
from toolkit import audit, db
from toolkit.schema import Channel, Response

BASE = "/staff/surveys"


def _url(survey, channel, action=""):
    return f"{BASE}/{survey.id}/channels/{channel.id}{action}"


def _respond_through(survey, channel):
    draft = repository.start_draft(survey, repository.latest_version_id(survey.id), channel.id, "en")
    repository.save_draft_answers(draft, {"colour": "red"}, "en")
    return flow.submit_token(draft.token, survey.id)


def _poster_with_a_response(client):
    """A survey with a "Poster" channel one response came through, and a lead signed in."""
    survey = make_survey()
    poster = repository.add_channel(survey, "Poster", None)
    response = _respond_through(survey, poster)
    sign_in(client, "lead")
    return survey, poster, response


def _actions(survey):
    return [event.action for event in audit.events_for("survey", survey.id)]


def _summary(soup):
    summary = soup.find(class_="nhsuk-error-summary")
    assert summary is not None, "no error summary"
    return summary.get_text(" ", strip=True)


def _start(client):
    start = client.get("/s/test")
    client.post("/s/test/start", data={"csrf_token": csrf_token(start)})


def _finish(client):
    """Answer every page and submit; the submitting request's answer."""
    post_form(client, "/s/test/page/s1", {"colour": "blue"})
    post_form(client, "/s/test/page/s2", {})
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    return client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})


def _answer_from_link(client, code):
    """A respondent follows a short link and answers the whole survey."""
    assert client.get(f"/c/{code}").status_code == 302
    _start(client)
    return _finish(client)


# --- renaming ---------------------------------------------------------------------------------


def test_renaming_keeps_the_link_qr_code_and_responses(client):
    survey, poster, response = _poster_with_a_response(client)
    page = check_page(client.get(_url(survey, poster, "/rename")))
    assert page.find("input", attrs={"name": "name"})["value"] == "Poster"
    renamed = post_form(client, _url(survey, poster, "/rename"), {"name": "  GP waiting room poster "})
    assert renamed.status_code == 302 and renamed.location.endswith(f"#channel-{poster.id}")
    channel = db.session.get(Channel, poster.id)
    db.session.refresh(channel)
    assert (channel.name, channel.code) == ("GP waiting room poster", poster.code)
    assert db.session.get(Response, response.id).channel_id == poster.id
    listing = check_page(client.get(renamed.location)).get_text()
    assert "GP waiting room poster" in listing and f"http://localhost/c/{poster.code}" in listing
    assert "Its link and QR code are the same" in listing
    event = audit.events_for("survey", survey.id)[0]
    assert event.action == "rename_channel"
    assert event.detail == {
        "channel_id": poster.id,
        "before": "Poster",
        "after": "GP waiting room poster",
        "code": poster.code,
    }


def test_a_channel_may_change_only_the_case_of_its_name(client):
    survey = make_survey()
    poster = repository.add_channel(survey, "poster", None)
    sign_in(client, "lead")
    assert post_form(client, _url(survey, poster, "/rename"), {"name": "Poster"}).status_code == 302
    assert repository.channel_of(survey.id, poster.id).name == "Poster"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name for the channel"),
        ("   ", "Enter a name for the channel"),
        ("x" * 81, "Name must be 80 characters or fewer"),
        ("WEB", "already has a channel with that name"),
        ("pharmacy BAG", "already has a channel with that name"),
    ],
)
def test_bad_new_names_are_400_and_change_nothing(client, name, message):
    survey = make_survey()
    poster = repository.add_channel(survey, "Poster", None)
    repository.add_channel(survey, "Pharmacy bag", None)
    sign_in(client, "lead")
    soup = check_page(post_form(client, _url(survey, poster, "/rename"), {"name": name}), status=400)
    assert message in _summary(soup)
    assert repository.channel_of(survey.id, poster.id).name == "Poster"
    assert "rename_channel" not in _actions(survey)


def test_the_paper_channel_keeps_its_name(client):
    survey = make_survey()
    paper = repository.add_channel(survey, repository.PAPER_CHANNEL, None)
    sign_in(client, "lead")
    soup = check_page(post_form(client, _url(survey, paper, "/rename"), {"name": "Post"}), status=400)
    assert "keyed paper copies are recorded under it" in _summary(soup)


def test_forged_and_unknown_channel_ids_are_404(client):
    survey = make_survey()
    other = make_survey("other")
    theirs = repository.add_channel(other, "Their poster", None)
    sign_in(client, "lead")
    token = csrf_token(client.get(f"{BASE}/{survey.id}/channels"))
    for action in ("/rename", "/delete"):
        assert client.get(_url(survey, theirs, action)).status_code == 404
        assert client.get(f"{BASE}/{survey.id}/channels/99999{action}").status_code == 404
    for action in ("/rename", "/delete", "/retire", "/reinstate"):
        assert client.post(_url(survey, theirs, action), data={"csrf_token": token, "name": "X"}).status_code == 404
        unknown = f"{BASE}/{survey.id}/channels/99999{action}"
        assert client.post(unknown, data={"csrf_token": token, "name": "X"}).status_code == 404
    assert client.post(_url(survey, theirs, "/shred"), data={"csrf_token": token}).status_code == 404
    assert repository.channel_of(other.id, theirs.id).name == "Their poster"


# --- deleting and retiring ----------------------------------------------------------------------


def test_deleting_a_channel_nobody_answered_through_asks_first_then_removes_it(client):
    survey = make_survey()
    leaflet = repository.add_channel(survey, "Leaflet", None)
    sign_in(client, "lead")
    page = check_page(client.get(_url(survey, leaflet, "/delete")))
    assert "Are you sure you want to delete “Leaflet”?" in page.h1.get_text()
    assert "retire it instead" in page.get_text()
    forms = [form["action"] for form in page.find_all("form")]
    assert forms == [_url(survey, leaflet, "/delete"), _url(survey, leaflet, "/retire")]
    deleted = post_form(client, _url(survey, leaflet, "/delete"), {})
    assert deleted.status_code == 302
    assert repository.channel_of(survey.id, leaflet.id) is None
    assert "deleted" in check_page(client.get(deleted.location)).get_text()
    assert _actions(survey)[0] == "delete_channel"
    assert client.get(f"/c/{leaflet.code}").status_code == 404


def test_deleting_a_channel_keeps_drafts_started_from_its_link(client, app):
    survey = make_survey()
    leaflet = repository.add_channel(survey, "Leaflet", None)
    respondent = app.test_client()
    respondent.get(f"/c/{leaflet.code}")
    _start(respondent)
    late = app.test_client()  # followed the link, but starts only after the channel is deleted
    late.get(f"/c/{leaflet.code}")
    repository.delete_channel(leaflet, None)
    own = repository.default_channel(survey.id)
    _start(late)
    for person in (respondent, late):
        assert _finish(person).location.endswith("/s/test/done")
    assert [r.channel_id for r in db.session.scalars(select(Response))] == [own.id, own.id]


def test_a_channel_with_responses_cannot_be_deleted_and_offers_retiring(client):
    survey, poster, response = _poster_with_a_response(client)
    page = check_page(client.get(_url(survey, poster, "/delete")))
    assert "“Poster” cannot be deleted" in page.h1.get_text()
    assert "1 response came through this channel" in page.get_text()
    assert [form["action"] for form in page.find_all("form")] == [_url(survey, poster, "/retire")]
    refused = post_form(client, _url(survey, poster, "/delete"), {})
    assert "cannot be deleted" in check_page(refused, status=409).h1.get_text()
    assert repository.channel_of(survey.id, poster.id) is not None
    assert db.session.get(Response, response.id).channel_id == poster.id
    assert "delete_channel" not in _actions(survey)
    with pytest.raises(repository.ChannelInUse):
        repository.delete_channel(poster, None)


def test_a_retired_channel_keeps_its_link_working_and_its_responses(client, app):
    survey, poster, _response = _poster_with_a_response(client)
    token = csrf_token(client.get(f"{BASE}/{survey.id}/channels"))
    retired = client.post(_url(survey, poster, "/retire"), data={"csrf_token": token})
    assert retired.status_code == 302
    assert repository.channel_of(survey.id, poster.id).retired_at is not None
    assert _actions(survey)[0] == "retire_channel"
    page = check_page(client.get(f"{BASE}/{survey.id}/channels"))
    card = page.find(id=f"channel-{poster.id}")
    assert card.find_previous("h2").get_text(strip=True) == "Retired channels"
    assert card.find("img") is None, "no QR code to print for a retired channel"
    assert f"http://localhost/c/{poster.code}" in card.get_text()
    assert "Responses through this channel: 1" in card.get_text()
    # Somebody with an old poster is still welcome, and their response counts for the poster.
    assert _answer_from_link(app.test_client(), poster.code).location.endswith("/s/test/done")
    assert [r.channel_id for r in db.session.scalars(select(Response))] == [poster.id, poster.id]
    again = client.post(_url(survey, poster, "/reinstate"), data={"csrf_token": token})
    assert again.status_code == 302 and repository.channel_of(survey.id, poster.id).retired_at is None
    assert _actions(survey)[0] == "reinstate_channel"
    page = check_page(client.get(f"{BASE}/{survey.id}/channels"))
    assert page.find(id=f"channel-{poster.id}").find("img") is not None and page.find(id="retired") is None


def test_the_surveys_own_link_is_never_deleted_or_retired(client):
    survey = make_survey()
    own = repository.default_channel(survey.id)
    sign_in(client, "lead")
    assert "cannot be deleted or retired" in check_page(client.get(_url(survey, own, "/delete")), status=409).get_text()
    token = csrf_token(client.get(f"{BASE}/{survey.id}/channels"))
    assert client.post(_url(survey, own, "/delete"), data={"csrf_token": token}).status_code == 409
    assert client.post(_url(survey, own, "/retire"), data={"csrf_token": token}).status_code == 409
    assert repository.default_channel(survey.id).retired_at is None
    assert post_form(client, _url(survey, own, "/rename"), {"name": "Website"}).status_code == 302
    assert client.get("/s/test").status_code == 200


def test_viewers_see_no_channel_actions_and_may_not_use_them(client):
    survey = make_survey()
    poster = repository.add_channel(survey, "Poster", None)
    sign_in(client, "viewer")
    page = check_page(client.get(f"{BASE}/{survey.id}/channels"))
    assert "Rename" not in page.get_text() and "Delete or retire" not in page.get_text()
    assert client.get(_url(survey, poster, "/rename")).status_code == 403
    token = csrf_token(client.get("/staff/sign-out"))
    assert client.post(_url(survey, poster, "/delete"), data={"csrf_token": token}).status_code == 403
    assert client.post(_url(survey, poster, "/retire"), data={"csrf_token": token}).status_code == 403


def test_changing_a_channel_needs_a_csrf_token(client):
    survey = make_survey()
    poster = repository.add_channel(survey, "Poster", None)
    sign_in(client, "lead")
    assert client.post(_url(survey, poster, "/delete"), data={}).status_code == 400
    assert client.post(_url(survey, poster, "/retire"), data={}).status_code == 400
    assert client.post(_url(survey, poster, "/rename"), data={"name": "X"}).status_code == 400
    assert repository.channel_of(survey.id, poster.id).name == "Poster"
