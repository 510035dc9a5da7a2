"""The public answering path: one section per page, routing, check answers, submit once."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from surveys import repository
from surveys.model import Condition, Option, Question, Section
from tests.helpers import check_page, csrf_token, make_survey, post_form
from toolkit import db
from toolkit.schema import Response


def _start(client, slug="test"):
    start = client.get(f"/s/{slug}")
    check_page(start)
    return client.post(f"/s/{slug}/start", data={"csrf_token": csrf_token(start)})


def test_start_page_shows_intro_and_privacy(client):
    make_survey()
    soup = check_page(client.get("/s/test"))
    assert soup.h1.get_text(strip=True) == "Test survey"
    assert "Start now" in soup.get_text()


def test_whole_path_saves_one_response_with_its_channel_version_and_language(client):
    survey = make_survey()
    first = _start(client)
    assert first.status_code == 302 and first.location.endswith("/s/test/page/s1")
    page = check_page(client.get("/s/test/page/s1"))
    assert "Page 1 of 2" in page.get_text()
    assert page.find("legend").find("h1"), "a lone question is the page heading"
    response = post_form(client, "/s/test/page/s1", {"colour": "other", "colour__other": "Green"})
    assert response.location.endswith("/s/test/page/s2")
    post_form(client, "/s/test/page/s2", {"why": "Because", "age": "42"})
    check = check_page(client.get("/s/test/check"))
    text = check.get_text()
    assert "Other: Green" in text and "Because" in text and "42" in text
    key = check.find("input", attrs={"name": "submission_key"})["value"]
    token = csrf_token(client.get("/s/test/check"))
    done = client.post("/s/test/check", data={"csrf_token": token, "submission_key": key})
    assert done.location.endswith("/s/test/done")
    confirmation = check_page(client.get("/s/test/done"))
    saved = db.session.scalars(select(Response)).one()
    assert saved.reference in confirmation.get_text()
    assert saved.answers == {"colour": "other", "colour__other": "Green", "why": "Because", "age": 42}
    assert saved.channel_id == repository.default_channel(survey.id).id
    assert saved.language == "en"
    assert saved.version_id == repository.latest_version(survey.id).id


def test_required_question_shows_error_summary_and_400(client):
    make_survey()
    _start(client)
    response = post_form(client, "/s/test/page/s1", {})
    soup = check_page(response, status=400)
    summary = soup.find(class_="nhsuk-error-summary")
    assert summary is not None and "Select an answer" in summary.get_text()
    assert summary.find("a")["href"] == "#colour"
    assert soup.title.get_text().startswith("Error:")


def test_other_ticked_without_text_is_asked_for(client):
    make_survey()
    _start(client)
    response = post_form(client, "/s/test/page/s1", {"colour": "other"})
    assert "what you mean by" in check_page(response, status=400).get_text()


def test_double_submit_creates_one_response(client):
    make_survey()
    _start(client)
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {})
    page = client.get("/s/test/check")
    data = {
        "csrf_token": csrf_token(page),
        "submission_key": check_page(page).find("input", attrs={"name": "submission_key"})["value"],
    }
    first = client.post("/s/test/check", data=data)
    second = client.post("/s/test/check", data=data)
    assert first.status_code == second.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1


def test_routing_skips_a_section_and_change_link_returns_to_check(client):
    sections = (
        Section("s1", "Use", questions=(Question("used", "yes_no", "Have you used it?", required=True),)),
        Section(
            "s2",
            "Visit",
            show_if=Condition("used", "yes"),
            questions=(Question("rate", "rating", "Rate it", required=True),),
        ),
        Section("s3", "End", questions=(Question("more", "short_text", "Anything else?"),)),
    )
    make_survey(sections=sections)
    _start(client)
    # The answer just given decides the next page.
    assert post_form(client, "/s/test/page/s1", {"used": "yes"}).location.endswith("/s/test/page/s2")
    assert post_form(client, "/s/test/page/s1", {"used": "no"}).location.endswith("/s/test/page/s3")
    assert client.get("/s/test/page/s2").status_code == 404
    post_form(client, "/s/test/page/s3", {"more": "No"})
    assert client.get("/s/test/check").status_code == 200
    # Changing the routing answer sends the respondent to the section they now need.
    changed = post_form(client, "/s/test/page/s1?change=1", {"used": "yes"})
    assert changed.location.endswith("/s/test/page/s2?change=1")
    assert post_form(client, "/s/test/page/s2?change=1", {"rate": "4"}).location.endswith("/s/test/check")
    assert "4" in client.get("/s/test/check").get_data(as_text=True)


def test_channel_short_link_records_the_channel(client):
    survey = make_survey()
    channel = repository.add_channel(survey, "Pharmacy bag", None)
    assert client.get(f"/c/{channel.code}").location.endswith("/s/test")
    _start(client)
    post_form(client, "/s/test/page/s1", {"colour": "blue"})
    post_form(client, "/s/test/page/s2", {})
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert db.session.scalars(select(Response)).one().channel_id == channel.id


def test_unknown_draft_and_closed_surveys_get_clear_pages(client):
    make_survey(publish=False)
    assert check_page(client.get("/s/test"), status=404)
    assert check_page(client.get("/s/nope"), status=404)
    assert client.get("/c/nonexistent").status_code == 404
    live = make_survey(slug="closing")
    repository.close(live, None)
    soup = check_page(client.get("/s/closing"), status=410)
    assert "closed" in soup.get_text()


def test_respondents_keep_the_version_they_started(client):
    """The version is fixed by the first saved page (the draft is created then, not at the start)."""
    survey = make_survey()
    _start(client)
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    definition = repository.definition_of(survey)
    changed = definition.with_section(
        Section(
            "s1",
            "About you",
            questions=(
                Question(
                    "colour",
                    "single_choice",
                    "Which colour now?",
                    required=True,
                    options=(Option("red", "Red"), Option("green", "Green")),
                ),
            ),
        )
    )
    repository.save_definition(survey, changed, None, "edit")
    repository.publish(survey, None)
    page = client.get("/s/test/page/s1").get_data(as_text=True)
    assert "What is your favourite colour?" in page and "Which colour now?" not in page


# --- the submitting request: parsed versions cached, every answer checked ---------------------


def _answer_all(client, slug="test"):
    _start(client, slug)
    post_form(client, f"/s/{slug}/page/s1", {"colour": "red"})
    post_form(client, f"/s/{slug}/page/s2", {})
    page = client.get(f"/s/{slug}/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    return {"csrf_token": csrf_token(page), "submission_key": key}


def _reworded(survey, text):
    definition = repository.definition_of(survey)
    section = definition.section("s1")
    question = replace(section.questions[0], text=text)
    return definition.with_section(replace(section, questions=(question,)))


def test_a_republished_survey_gives_new_respondents_its_new_version(client, app):
    survey = make_survey()
    _start(client)
    assert "What is your favourite colour?" in client.get("/s/test/page/s1").get_data(as_text=True)
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    repository.save_definition(survey, _reworded(survey, "Which colour now?"), None, "edit")
    second = repository.publish(survey, None)
    newcomer = app.test_client()
    _start(newcomer)
    assert "Which colour now?" in newcomer.get("/s/test/page/s1").get_data(as_text=True)
    data = _answer_all(newcomer)
    newcomer.post("/s/test/check", data=data)
    assert db.session.scalars(select(Response)).one().version_id == second.id
    assert "What is your favourite colour?" in client.get("/s/test/page/s1").get_data(as_text=True)


def test_a_closed_survey_still_answers_410_once_its_version_is_cached(client):
    survey = make_survey()
    data = _answer_all(client)  # the version is now parsed and cached
    repository.close(survey, None)
    assert check_page(client.get("/s/test"), status=410)
    assert check_page(client.post("/s/test/check", data=data), status=410)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    repository.reopen(survey, None)
    assert client.post("/s/test/check", data=data).location.endswith("/s/test/done")


def test_a_draft_of_another_survey_is_not_sent_to_this_one(client):
    make_survey()
    make_survey(slug="other")
    data = _answer_all(client)
    start = client.get("/s/other")
    soup = check_page(client.post("/s/other/check", data={**data, "csrf_token": csrf_token(start)}), status=400)
    assert "could not find your answers" in soup.get_text()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert client.post("/s/test/check", data=data).location.endswith("/s/test/done")


def test_submit_sends_a_draft_missing_a_required_answer_back_to_its_page(client):
    make_survey()
    data = _answer_all(client)
    draft = repository.get_draft(data["submission_key"])
    repository.save_draft_answers(draft, {k: v for k, v in draft.answers.items() if k != "colour"}, "en")
    response = client.post("/s/test/check", data=data)
    assert response.status_code == 302 and response.location.endswith("/s/test/page/s1?change=1")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_submit_refuses_an_answer_that_does_not_fit_its_question(client):
    make_survey()
    data = _answer_all(client)
    draft = repository.get_draft(data["submission_key"])
    repository.save_draft_answers(draft, {**draft.answers, "age": 500}, "en")
    response = client.post("/s/test/check", data=data)
    assert response.location.endswith("/s/test/page/s2?change=1")
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    page = post_form(client, "/s/test/page/s2?change=1", {"age": "500"})
    assert "between 0 and 120" in check_page(page, status=400).get_text()


def test_submit_without_csrf_token_is_refused_and_keeps_the_draft(client):
    make_survey()
    data = _answer_all(client)
    assert client.post("/s/test/check", data={"submission_key": data["submission_key"]}).status_code == 400
    assert repository.get_draft(data["submission_key"]) is not None
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_check_answers_shows_a_rating_on_its_scale_not_a_bare_number(client):
    rating = Question("rate", "rating", "Rate it", scale_min_label="Very poor", scale_max_label="Very good")
    make_survey(sections=(Section("s1", "Rate", questions=(rating,)),))
    _start(client)
    post_form(client, "/s/test/page/s1", {"rate": "2"})
    rows = check_page(client.get("/s/test/check")).find(class_="nhsuk-summary-list").get_text(" ", strip=True)
    assert "2, on a scale from 1 (Very poor) to 5 (Very good)" in rows
    post_form(client, "/s/test/page/s1?change=1", {"rate": "5"})
    assert "5 – Very good" in check_page(client.get("/s/test/check")).find(class_="nhsuk-summary-list").get_text()


def test_a_follow_up_on_the_same_page_gets_a_page_of_its_own_without_javascript(client):
    sections = (
        Section(
            "s1",
            "Visit",
            questions=(
                Question("ok", "yes_no", "Was it OK?", required=True),
                Question("why", "short_text", "What went wrong?", show_if=Condition("ok", "no")),
            ),
        ),
        Section("s2", "End", questions=(Question("more", "short_text", "Anything else?"),)),
    )
    make_survey(sections=sections)
    _start(client)
    first = check_page(client.get("/s/test/page/s1"))
    assert first.find("input", attrs={"name": "why"}) is None
    assert first.find(id="progress").get_text(strip=True) == "Page 1 of up to 3"
    assert post_form(client, "/s/test/page/s1", {"ok": "no"}).location.endswith("/s/test/page/s1.why")
    follow_up = check_page(client.get("/s/test/page/s1.why"))
    assert follow_up.find(id="progress").get_text(strip=True) == "Page 2 of up to 3"
    assert post_form(client, "/s/test/page/s1.why", {"why": "Long wait"}).location.endswith("/s/test/page/s2")
    assert check_page(client.get("/s/test/page/s2")).find(id="progress").get_text(strip=True) == "Page 3 of up to 3"
    post_form(client, "/s/test/page/s2", {})
    # Changing the answer skips the follow-up, and its answer is not sent.
    assert post_form(client, "/s/test/page/s1?change=1", {"ok": "yes"}).location.endswith("/s/test/check")
    assert client.get("/s/test/page/s1.why").status_code == 404
    page = client.get("/s/test/check")
    assert "What went wrong?" not in page.get_data(as_text=True)
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert db.session.scalars(select(Response)).one().answers == {"ok": "yes"}
