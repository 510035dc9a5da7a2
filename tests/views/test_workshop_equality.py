"""The anonymous "about you" questions participants answer at a session: no sign-in, every
question optional, stored apart with nothing identifying, shown to staff only in aggregate."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, inspect, select

from tests.helpers import check_page, csrf_token, post_form, sign_in
from tests.views.test_workshops import STAFF, demo_session, make_session
from toolkit import db
from toolkit.equality import NO_ANSWER
from toolkit.population import PREFER_NOT_TO_SAY
from toolkit.schema import WorkshopEqualityResponse
from workshops import equality, repository


def stored() -> list[dict[str, Any]]:
    return [dict(a) for a in db.session.scalars(select(WorkshopEqualityResponse.answers))]


def row_count() -> int:
    return int(db.session.scalar(select(func.count(WorkshopEqualityResponse.id))) or 0)


def test_the_form_asks_the_harmonised_questions_all_optional(client: FlaskClient) -> None:
    workshop = make_session()
    soup = check_page(client.get(f"/w/{workshop.code}/about-you"))
    form = soup.find("form")
    assert form["action"] == f"/w/{workshop.code}/about-you"
    legends = [legend.get_text(" ", strip=True) for legend in form.find_all("legend")]
    assert "Which age group are you in?" in legends and "What is your ethnic group?" in legends
    for fieldset in form.find_all("fieldset"):
        labels = [label.get_text(strip=True) for label in fieldset.find_all("label")]
        assert PREFER_NOT_TO_SAY in labels, fieldset.legend
    assert form.find(attrs={"required": True}) is None
    assert form.find("input", attrs={"name": "eq_postcode_district"}) is not None
    # No write-in boxes: free text could identify someone.
    assert len(form.find_all("input", attrs={"type": "text"})) == 1


def test_the_form_is_worded_in_the_page_language_and_stores_the_same_values(client: FlaskClient) -> None:
    """A participant reading Urdu gets the stock Urdu wording; what is stored does not change."""
    workshop = make_session()
    soup = check_page(client.get(f"/w/{workshop.code}/about-you?lang=ur"))
    legends = [legend.get_text(" ", strip=True) for legend in soup.find("form").find_all("legend")]
    assert "آپ کس عمر کے گروپ میں ہیں؟" in legends and "Which age group are you in?" not in legends
    assert soup.find("label", string=lambda text: text and text.strip() == "16 سے 24") is not None
    response = post_form(client, f"/w/{workshop.code}/about-you?lang=ur", {"eq_age": "16_to_24"})
    assert response.status_code == 302
    assert stored() == [{"eq_age": "16_to_24"}]


def test_the_start_page_links_to_the_form(client: FlaskClient) -> None:
    workshop = make_session()
    soup = check_page(client.get(f"/w/{workshop.code}"))
    assert soup.find("a", href=f"/w/{workshop.code}/about-you") is not None


def test_answers_are_stored_apart_with_nothing_identifying(client: FlaskClient) -> None:
    workshop = make_session()
    answers = {"eq_age": "65_to_74", "eq_sex": "prefer_not_to_say", "eq_postcode_district": "pr7 1ab"}
    response = post_form(client, f"/w/{workshop.code}/about-you", answers)
    assert response.status_code == 302 and response.headers["Location"].endswith("/about-you/done")
    check_page(client.get(response.headers["Location"]))
    assert stored() == [{"eq_age": "65_to_74", "eq_sex": "prefer_not_to_say", "eq_postcode_district": "PR7"}]
    columns = {c["name"] for c in inspect(db.engine()).get_columns("workshop_equality_response")}
    assert columns == {"id", "session_id", "answers", "record_key"}  # the key is random: nothing identifying


def test_a_phone_answers_once_per_session(client: FlaskClient) -> None:
    workshop = make_session()
    url = f"/w/{workshop.code}/about-you"
    page = client.get(url)
    token = csrf_token(page)
    assert client.post(url, data={"csrf_token": token, "eq_age": "25_to_34"}).status_code == 302
    again = client.post(url, data={"csrf_token": token, "eq_age": "35_to_44"})
    soup = check_page(again, 409)
    assert "You have already answered" in soup.get_text()
    assert row_count() == 1
    assert "You have already answered" in check_page(client.get(url)).get_text()
    # Another session is another question.
    other = make_session(title="Another session")
    assert post_form(client, f"/w/{other.code}/about-you", {"eq_age": "25_to_34"}).status_code == 302
    assert row_count() == 2


def test_answering_nothing_stores_nothing(client: FlaskClient) -> None:
    workshop = make_session()
    response = post_form(client, f"/w/{workshop.code}/about-you", {})
    assert response.status_code == 302
    assert row_count() == 0


def test_a_forged_option_gets_a_clear_400_and_nothing_is_stored(client: FlaskClient) -> None:
    workshop = make_session()
    response = post_form(client, f"/w/{workshop.code}/about-you", {"eq_age": "12_to_15", "eq_sex": "female"})
    soup = check_page(response, 400)
    summary = soup.find(class_="nhsuk-error-summary")
    assert summary is not None and "Select one of the options shown" in summary.get_text()
    assert summary.find("a")["href"] == "#eq_age"
    assert soup.title.get_text().startswith("Error:")
    assert row_count() == 0


def test_a_postcode_that_is_not_one_gets_a_clear_400(client: FlaskClient) -> None:
    workshop = make_session()
    url = f"/w/{workshop.code}/about-you"
    soup = check_page(post_form(client, url, {"eq_postcode_district": "ABCDE"}), 400)
    assert "Enter the first half of a postcode" in soup.get_text()
    soup = check_page(post_form(client, url, {"eq_postcode_district": "PR7 1AB 2CD 3EF"}), 400)
    assert "8 characters or fewer" in soup.get_text()
    assert row_count() == 0


def test_unknown_sessions_and_missing_tokens_are_refused(client: FlaskClient) -> None:
    workshop = make_session()
    token = csrf_token(client.get(f"/w/{workshop.code}/about-you"))
    assert client.get("/w/nosuchcode/about-you").status_code == 404
    assert client.post("/w/nosuchcode/about-you", data={"csrf_token": token, "eq_age": "25_to_34"}).status_code == 404
    assert client.get(f"/w/{'x' * 40}/about-you").status_code == 404
    assert client.get("/w/nosuchcode/about-you/done").status_code == 404
    # Without the form's token (CSRF) the answers are refused.
    assert client.post(f"/w/{workshop.code}/about-you", data={"eq_age": "25_to_34"}).status_code == 400
    assert row_count() == 0


def test_staff_see_the_answers_only_once_the_session_has_closed_and_only_in_aggregate(client: FlaskClient) -> None:
    workshop = demo_session()
    sign_in(client, "facilitator")
    attendance = f"{STAFF}/sessions/{workshop.id}/attendance"
    # While the session is open only how many answered: tables that change as each form comes in
    # would show which groups the newest person is in (only their cells would move).
    soup = check_page(client.get(attendance))
    assert soup.select_one("#equality-after-closing") and re.search(r"People answered: \d+\.", soup.get_text())
    assert "Which age group are you in?" not in [c.get_text(" ", strip=True) for c in soup.find_all("caption")]
    repository.close_session(workshop, None)
    soup = check_page(client.get(attendance))
    assert soup.select_one("#equality-after-closing") is None
    text = soup.get_text(" ", strip=True)
    answered = re.search(r"People answered: (\d+)\.", text)
    assert answered and abs(int(answered.group(1)) - 14) <= 2  # perturbed like every other count
    captions = [c.get_text(" ", strip=True) for c in soup.find_all("caption")]
    assert "Which age group are you in?" in captions
    sex = next(t for t in soup.find_all("table") if "What is your sex?" in t.caption.get_text())
    for heading in sex.find_all(class_="nhsuk-table__heading"):  # the responsive table's repeated headings
        heading.decompose()
    cells = {row.th.get_text(strip=True): row.td.get_text(" ", strip=True) for row in sex.tbody.find_all("tr")}
    assert cells["Female"] in {"not shown", *(str(n) for n in range(6, 11))}
    assert cells[NO_ANSWER] == "fewer than 5" and "Prefer not to say" not in cells


def test_a_handful_of_answers_shows_no_counts(client: FlaskClient) -> None:
    workshop = make_session()
    for _ in range(3):
        repository.add_equality_answers(workshop.id, {"eq_age": "25_to_34"})
    repository.close_session(workshop, None)
    sign_in(client, "facilitator")
    soup = check_page(client.get(f"{STAFF}/sessions/{workshop.id}/attendance"))
    text = soup.get_text(" ", strip=True)
    assert "People answered: fewer than 5." in text and "Too few people answered" in text
    assert not [c for c in soup.find_all("caption") if "age group" in c.get_text()]
    assert equality.summarise([({"eq_age": "25_to_34"}, 1)] * 3).responses.value is None


def test_the_record_page_shows_the_same_aggregate(client: FlaskClient) -> None:
    workshop = demo_session()
    sign_in(client, "viewer")
    text = check_page(client.get(f"{STAFF}/sessions/{workshop.id}/record")).get_text(" ", strip=True)
    assert "About the people who took part" in text and re.search(r"People answered: 1[2-6]\.", text)


def test_a_reopened_session_adds_late_answers_only_once_there_are_enough(client: FlaskClient) -> None:
    """A session closed with its tables shown, reopened for one more form and closed again, would
    show tables that moved by that one person: which groups they are in. Late answers join the
    tables only once at least 10 have come in, all at once."""
    workshop = demo_session()
    repository.close_session(workshop, None)
    shown = repository.equality_summary(workshop.id)
    assert shown.tables
    sign_in(client, "facilitator")

    def tables() -> list[str]:
        soup = check_page(client.get(f"{STAFF}/sessions/{workshop.id}/attendance"))
        return [t.get_text(" ", strip=True) for t in soup.find_all("table")]

    before = tables()
    assert any("What is your sex?" in t for t in before)
    for late in range(10):
        repository.reopen_session(workshop, None)
        repository.add_equality_answers(workshop.id, {"eq_sex": "male", "eq_religion": "buddhist"})
        repository.close_session(workshop, None)
        if late < 9:
            assert repository.equality_summary(workshop.id) == shown  # nothing moved
            assert tables() == before
    assert repository.equality_summary(workshop.id) != shown  # the tenth late form: all ten at once
    assert len(repository.equality_answer_sets(workshop.id)) == row_count()


def test_the_late_answer_rule() -> None:
    answers = [(i, {"eq_age": "25_to_34"}, i % 256) for i in range(1, 21)]
    assert equality.counted(answers, None) == answers
    assert equality.counted(answers, 15) == answers[:15]  # five late: not yet
    assert equality.counted(answers, 10) == answers  # ten late: all of them
    assert equality.shown_through(answers[:9]) is None  # nothing was shown: nothing to keep
    assert equality.shown_through(answers[:12]) == 12
