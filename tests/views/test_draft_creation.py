"""A public POST to a survey's start page stores nothing: the draft is created with the first saved
answer (standard or easy read), in one function a per-client cap can wrap."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.helpers import check_page, csrf_token, make_survey, post_form
from toolkit import db
from toolkit.schema import AnswerDraft


def _drafts() -> int:
    return int(db.session.scalar(select(func.count()).select_from(AnswerDraft)) or 0)


def test_posting_the_start_page_over_and_over_creates_no_drafts(client):
    make_survey()
    token = csrf_token(client.get("/s/test"))
    for _ in range(50):
        response = client.post("/s/test/start", data={"csrf_token": token})
        assert response.status_code == 302 and response.location.endswith("/s/test/page/s1")
    easy = csrf_token(client.get("/s/test/easy-read"))
    for _ in range(20):
        assert client.post("/s/test/easy-read/start", data={"csrf_token": easy}).status_code == 302
    assert _drafts() == 0


def test_the_first_saved_page_creates_the_one_draft_and_later_pages_reuse_it(client):
    make_survey()
    client.post("/s/test/start", data={"csrf_token": csrf_token(client.get("/s/test"))})
    check_page(client.get("/s/test/page/s1"))
    assert _drafts() == 0
    refused = post_form(client, "/s/test/page/s1", {})  # a required question left blank
    assert refused.status_code == 400 and _drafts() == 0
    assert post_form(client, "/s/test/page/s1", {"colour": "red"}).location.endswith("/s/test/page/s2")
    assert _drafts() == 1
    assert post_form(client, "/s/test/page/s2", {"why": "Because"}).location.endswith("/s/test/check")
    assert _drafts() == 1
    draft = db.session.scalars(select(AnswerDraft)).one()
    assert draft.answers["colour"] == "red" and draft.answers["why"] == "Because"
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    done = client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert done.location.endswith("/s/test/done") and _drafts() == 0


def test_the_easy_read_version_creates_its_draft_with_the_first_answer(client):
    make_survey()
    client.post("/s/test/easy-read/start", data={"csrf_token": csrf_token(client.get("/s/test/easy-read"))})
    check_page(client.get("/s/test/easy-read/questions/colour"))
    assert _drafts() == 0
    saved = post_form(client, "/s/test/easy-read/questions/colour", {"colour": "blue"})
    assert saved.status_code == 302 and _drafts() == 1
    post_form(client, "/s/test/easy-read/questions/why", {})
    assert _drafts() == 1


def test_a_check_page_without_saved_answers_goes_back_to_the_start(client):
    make_survey()
    assert client.get("/s/test/check").location.endswith("/s/test")
    assert client.get("/s/test/easy-read/check").location.endswith("/s/test/easy-read")
    assert _drafts() == 0
