"""Bad input at the answer pages: random form data never causes a 5xx and never changes a
response that was already sent; each kind of bad input gets a clear message and a 4xx."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from surveys import repository
from surveys.model import Condition, Option, Question, Section
from tests.helpers import check_page, csrf_token, make_survey, post_form
from toolkit import db
from toolkit.schema import Response

SLUG = "every-type"
EVERY_TYPE = (
    Section(
        "s1",
        "Choices",
        intro="Some questions with options.",
        questions=(
            Question(
                "used",
                "single_choice",
                "Have you used it?",
                required=True,
                options=(Option("yes_recent", "Recently"), Option("no", "Never")),
                allow_other=True,
            ),
            Question(
                "matters",
                "multiple_choice",
                "What matters?",
                options=(Option("near", "Near"), Option("fast", "Fast")),
                allow_other=True,
            ),
            Question("phone", "yes_no", "Would you phone first?"),
            Question("note", "statement", "Thank you for taking part."),
        ),
    ),
    Section(
        "s2",
        "Your visit",
        show_if=Condition("used", "yes_recent"),
        questions=(
            Question("rating", "rating", "Rate it", required=True, scale_min_label="Poor", scale_max_label="Good"),
            Question("wait", "number", "Minutes waited", min_value=0, max_value=1440),
        ),
    ),
    Section(
        "s3",
        "Anything else",
        questions=(
            Question("name", "short_text", "A short answer", max_length=50),
            Question("ideas", "long_text", "A long answer", max_length=500),
            Question("visited", "date", "When did you visit?"),
            Question("why", "short_text", "Why?", show_if=Condition("phone", "no")),
        ),
    ),
)
FIELD_NAMES = [
    "used",
    "used__other",
    "matters",
    "matters__other",
    "phone",
    "note",
    "rating",
    "wait",
    "name",
    "ideas",
    "why",
    "visited-day",
    "visited-month",
    "visited-year",
    "submission_key",
    "csrf_token",
]
CHOICE_VALUES = [
    "yes_recent",
    "no",
    "other",
    "near",
    "fast",
    "yes",
    "1",
    "3",
    "5",
    "0",
    "6",
    "-1",
    "1.5",
    "",
    "31",
    "2026",
    "March",
]
# A valid answer to every page, that random data is laid over half the time so the
# fuzzing also reaches the pages routing unlocks and the paths past validation.
VALID = {"used": "yes_recent", "matters": ["near"], "phone": "no", "rating": "3", "wait": "10", "why": "Because"}
TARGETS = [
    "/s/{slug}/page/s1",
    "/s/{slug}/page/s2",
    "/s/{slug}/page/s3",
    "/s/{slug}/page/s1?change=1",
    "/s/{slug}/page/s3?change=1",
    "/s/{slug}/page/nope",
    "/s/{slug}/check",
    "/s/{slug}/start",
]


def start(client: FlaskClient, slug: str = SLUG) -> None:
    page = client.get(f"/s/{slug}")
    assert client.post(f"/s/{slug}/start", data={"csrf_token": csrf_token(page)}).status_code == 302


def submission_key(client: FlaskClient, slug: str = SLUG) -> str:
    page = check_page(client.get(f"/s/{slug}/check"))
    return str(page.find("input", attrs={"name": "submission_key"})["value"])


def answer_everything(client: FlaskClient) -> str:
    """Go through the every-type survey; return the check page's submission key."""
    start(client)
    assert (
        post_form(client, f"/s/{SLUG}/page/s1", {"used": "yes_recent", "matters": ["near", "fast"]}).status_code == 302
    )
    assert post_form(client, f"/s/{SLUG}/page/s2", {"rating": "4", "wait": "30"}).status_code == 302
    assert post_form(client, f"/s/{SLUG}/page/s3", {"name": "Sam", "ideas": "More buses"}).status_code == 302
    return submission_key(client)


def saved_response(response_id: int) -> tuple[Any, ...]:
    db.session.remove()  # read what is in the database, not what the session remembers
    row = db.session.get(Response, response_id)
    assert row is not None
    return (row.reference, row.answers, row.submission_key, row.version_id, row.channel_id, row.submitted_at)


# --- random form data ------------------------------------------------------------------------

# Text a browser can send: UTF-8 cannot encode a lone surrogate, so the test client could not post one.
utf8 = st.characters(codec="utf-8")
texts = st.one_of(
    st.text(alphabet=utf8, max_size=40),
    st.sampled_from(CHOICE_VALUES),
    st.text(alphabet=utf8, min_size=490, max_size=520),
    st.builds(lambda c, n: c * n, utf8, st.integers(min_value=1, max_value=12_000)),
    st.sampled_from(["\x00", "a\x00b", "\ud7ff", "\u202e", "<script>alert(1)</script>", "{{ 7*7 }}", "%s%n"]),
)
values = st.one_of(texts, st.lists(texts, max_size=4))
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(alphabet=utf8, max_size=20)), values, max_size=8
)
csrf_choices = st.sampled_from(["valid", "valid", "valid", "missing", "garbage", "list"])


def with_csrf(data: dict[str, Any], choice: str, token: str, key: str) -> dict[str, Any]:
    data = dict(data)
    if data.get("submission_key") == "saved":
        data["submission_key"] = key  # replaying an already-sent response's key
    if choice == "valid":
        data["csrf_token"] = token
    elif choice == "missing":
        data.pop("csrf_token", None)
    elif choice == "list":
        data["csrf_token"] = [token, "garbage"]
    else:
        data["csrf_token"] = data.get("csrf_token") or "garbage"
    return data


def test_random_form_data_never_causes_a_5xx_or_changes_a_sent_response(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    key = answer_everything(client)
    client.post(f"/s/{SLUG}/check", data={"csrf_token": csrf_token(client.get(f"/s/{SLUG}")), "submission_key": key})
    sent = db.session.scalars(select(Response)).one()
    before = saved_response(sent.id)
    token = csrf_token(client.get(f"/s/{SLUG}"))

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        target=st.sampled_from(TARGETS),
        data=form_data,
        csrf=csrf_choices,
        replay=st.booleans(),
        valid_base=st.booleans(),
    )
    def fuzz(target: str, data: dict[str, Any], csrf: str, replay: bool, valid_base: bool) -> None:
        client.post(f"/s/{SLUG}/start", data={"csrf_token": token})  # always have a draft to fuzz
        if valid_base:
            data = {**VALID, **data}
        if replay:
            data = {**data, "submission_key": "saved"}
        response = client.post(target.format(slug=SLUG), data=with_csrf(data, csrf, token, key))
        assert response.status_code < 500, (target, data, response.get_data(as_text=True)[:500])
        for page in ("/s/{slug}/check", "/s/{slug}/page/s1", "/s/{slug}/page/s3", "/s/{slug}/done"):
            assert client.get(page.format(slug=SLUG)).status_code < 500, page
        assert saved_response(sent.id) == before

    fuzz()
    assert saved_response(sent.id) == before


# --- each kind of bad input ----------------------------------------------------------------


def test_over_long_text_gets_a_clear_400(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    start(client)
    post_form(client, f"/s/{SLUG}/page/s1", {"used": "no"})
    response = post_form(client, f"/s/{SLUG}/page/s3", {"name": "x" * 51, "ideas": "y" * 501})
    text = check_page(response, status=400).get_text()
    assert "Answer must be 50 characters or fewer" in text
    assert "Answer must be 500 characters or fewer" in text


def test_forged_choice_values_get_a_clear_400(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    start(client)
    response = post_form(client, f"/s/{SLUG}/page/s1", {"used": "forged", "matters": ["near", "forged"]})
    text = check_page(response, status=400).get_text()
    assert "Select one of the options shown" in text
    assert "Select only the options shown" in text
    response = post_form(client, f"/s/{SLUG}/page/s1", {"used": "no", "phone": "maybe"})
    assert "Select one of the options shown" in check_page(response, status=400).get_text()


def test_a_rating_outside_the_scale_gets_a_clear_400(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    start(client)
    post_form(client, f"/s/{SLUG}/page/s1", {"used": "yes_recent"})
    response = post_form(client, f"/s/{SLUG}/page/s2", {"rating": "9"})
    assert "Select one of the options shown" in check_page(response, status=400).get_text()


def test_a_number_field_with_words_gets_a_clear_400(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    start(client)
    post_form(client, f"/s/{SLUG}/page/s1", {"used": "yes_recent"})
    for value, message in [
        ("abc", "Enter a whole number, like 12"),
        ("1.5", "Enter a whole number, like 12"),
        ("99999999999999999999999", "Enter a number between 0 and 1440"),
        ("-3", "Enter a number between 0 and 1440"),
    ]:
        response = post_form(client, f"/s/{SLUG}/page/s2", {"rating": "3", "wait": value})
        assert message in check_page(response, status=400).get_text(), value


def test_unknown_slugs_and_sections_get_404(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    token = csrf_token(client.get(f"/s/{SLUG}"))
    assert check_page(client.get("/s/nope"), status=404)
    assert check_page(client.post("/s/nope/start", data={"csrf_token": token}), status=404)
    assert check_page(client.post("/s/nope/page/s1", data={"csrf_token": token}), status=404)
    assert check_page(client.post("/s/nope/check", data={"csrf_token": token}), status=404)
    assert check_page(client.get("/s/nope/done"), status=404)
    start(client)
    assert check_page(client.get(f"/s/{SLUG}/page/nope"), status=404)
    assert check_page(client.get(f"/s/{SLUG}/page/s2"), status=404), "a section routing hides"


def test_a_closed_survey_gets_410_everywhere(client: FlaskClient) -> None:
    survey = make_survey(SLUG, sections=EVERY_TYPE)
    key = answer_everything(client)
    token = csrf_token(client.get(f"/s/{SLUG}"))
    repository.close(survey, None)
    assert "closed" in check_page(client.get(f"/s/{SLUG}"), status=410).get_text()
    assert check_page(client.post(f"/s/{SLUG}/start", data={"csrf_token": token}), status=410)
    assert check_page(client.post(f"/s/{SLUG}/page/s1", data={"csrf_token": token, "used": "no"}), status=410)
    response = client.post(f"/s/{SLUG}/check", data={"csrf_token": token, "submission_key": key})
    assert check_page(response, status=410)
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_a_check_post_with_an_unknown_key_gets_a_clear_400(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    token = csrf_token(client.get(f"/s/{SLUG}"))
    for key in ("", "not-a-key", "x" * 5000, "a\x00b", "ключ"):  # a NUL byte was a 500 on PostgreSQL
        response = client.post(f"/s/{SLUG}/check", data={"csrf_token": token, "submission_key": key})
        assert "start again" in check_page(response, status=400).get_text()


def test_a_key_from_another_survey_is_refused(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    make_survey("other")
    key = answer_everything(client)
    token = csrf_token(client.get("/s/other"))
    response = client.post("/s/other/check", data={"csrf_token": token, "submission_key": key})
    assert check_page(response, status=400)


def test_double_submit_creates_one_response_and_both_reach_the_confirmation(client: FlaskClient) -> None:
    make_survey(SLUG, sections=EVERY_TYPE)
    key = answer_everything(client)
    data = {"csrf_token": csrf_token(client.get(f"/s/{SLUG}")), "submission_key": key}
    first = client.post(f"/s/{SLUG}/check", data=data)
    second = client.post(f"/s/{SLUG}/check", data=data)
    assert first.status_code == second.status_code == 302
    assert first.location.endswith(f"/s/{SLUG}/done") and second.location.endswith(f"/s/{SLUG}/done")
    saved = db.session.scalars(select(Response)).one()
    confirmation = check_page(client.get(f"/s/{SLUG}/done")).get_text()
    assert saved.reference in confirmation
    assert saved.answers == {
        "used": "yes_recent",
        "matters": ["near", "fast"],
        "rating": 4,
        "wait": 30,
        "name": "Sam",
        "ideas": "More buses",
    }


def test_a_text_answer_that_says_other_is_kept(client: FlaskClient) -> None:
    """Found by the fuzzing above: "other" typed into a text box once caused a 500."""
    make_survey(SLUG, sections=EVERY_TYPE)
    start(client)
    post_form(client, f"/s/{SLUG}/page/s1", {"used": "no", "phone": "no"})
    response = post_form(client, f"/s/{SLUG}/page/s3", {"name": "other", "ideas": "other", "why": "other"})
    assert response.status_code == 302
    assert "other" in check_page(client.get(f"/s/{SLUG}/check")).get_text()
