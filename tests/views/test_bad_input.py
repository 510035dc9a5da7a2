"""Bad input from a browser or a script gets a clear 4xx, never a 500: numbers too big for the
database, other scripts' digits, header-splitting redirects, impossible Host headers, mathtext."""

from __future__ import annotations

import secrets

import pytest

from surveys import repository
from surveys.model import Option, Question, Section
from surveys.respond import flow
from tests.helpers import PASSWORD, check_page, csrf_token, made_on_queue, make_survey, make_user, post_form, sign_in
from toolkit.security import MAX_ID, parse_id
from workshops import repository as workshop_repository
from workshops.model import NoteDraft, SessionDetails

HUGE = "99999999999999999999999"


def _workshop():
    engagement = workshop_repository.create_engagement("Engagement", "", None)
    workshop = workshop_repository.create_session(engagement, SessionDetails("Session", venue="Hall"), None)
    return workshop


@pytest.mark.parametrize(
    "url",
    [
        f"/s/test/easy-read/pictures/{HUGE}",
        f"/staff/surveys/{HUGE}",
        f"/staff/surveys/{MAX_ID + 1}/results",
        f"/staff/surveys/1/channels/{HUGE}/qr.svg",
        f"/staff/workshops/sessions/{HUGE}/board",
        f"/staff/workshops/{2**63}",
    ],
)
def test_ids_too_big_for_the_database_are_404_not_500(client, url):
    make_survey()
    sign_in(client, "admin")
    check_page(client.get(url), 404)


def test_a_ballot_for_a_huge_round_number_is_404_not_500(client):
    workshop = _workshop()
    page = client.get(f"/w/{workshop.code}/idea")
    response = client.post(f"/w/{workshop.code}/vote/{HUGE}", data={"csrf_token": csrf_token(page)})
    check_page(response, 404)


@pytest.mark.parametrize("after", [HUGE, "-1", "①", "1.5", "x"])
def test_notes_json_with_a_bad_after_number_is_400_not_500(client, after):
    workshop = _workshop()
    sign_in(client, "facilitator")
    assert client.get(f"/staff/workshops/sessions/{workshop.id}/notes.json?after={after}").status_code == 400
    assert client.get(f"/staff/workshops/sessions/{workshop.id}/notes.json?after=0").status_code == 200


@pytest.mark.parametrize("theme", [HUGE, "١٢"])
def test_a_posted_theme_id_too_big_or_in_other_digits_changes_nothing_and_is_not_a_500(client, theme):
    workshop = _workshop()
    note, _ = workshop_repository.add_note(workshop.id, NoteDraft("An idea", secrets.token_hex(8)), None)
    sign_in(client, "facilitator")
    board = client.get(f"/staff/workshops/sessions/{workshop.id}/board")
    response = client.post(
        f"/staff/workshops/sessions/{workshop.id}/notes/{note.id}/theme",
        data={"csrf_token": csrf_token(board), "theme_id": theme},
    )
    assert response.status_code < 500


@pytest.mark.parametrize("copies", ["①", "٣", "1e3", " 5x", "0", "501", HUGE])
def test_copies_that_are_not_plain_digits_in_range_are_400_not_500(client, copies):
    survey = make_survey()
    sign_in(client, "lead")
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}/paper"))
    response = client.post(
        f"/staff/surveys/{survey.id}/print/standard.pdf", data={"csrf_token": token, "copies": copies}
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "target",
    ["/staff/surveys%0d%0aSet-Cookie:%20a=b", "/staff%0aLocation:%20https://example.net/", "/\\example.net", "//x.org"],
)
def test_sign_in_next_with_a_line_break_or_another_host_goes_to_the_staff_home(client, target):
    user = make_user("lead")
    url = f"/staff/sign-in?next={target}"
    response = post_form(client, url, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/staff/surveys/"
    assert "Set-Cookie: a" not in str(response.headers)


@pytest.mark.parametrize("host", ["x" * 300, "a..b", "exa mple.org\x00"])
def test_an_impossible_host_header_is_400_not_500(client, host):
    make_survey()
    for url in ("/", "/s/test", "/staff/surveys/1/channels"):
        response = client.get(url, headers={"Host": host})
        assert response.status_code == 400, (url, response.status_code)


def test_parse_id_takes_only_ascii_digits_within_the_database_range():
    assert parse_id("12") == 12
    assert parse_id(str(MAX_ID)) == MAX_ID
    for bad in (str(MAX_ID + 1), HUGE, "①", "١٢", "+5", " 5", "1_000", "-1", "", None, True, 1.5):
        assert parse_id(bad) is None, bad


def test_mathtext_in_an_option_or_a_note_draws_every_chart(client):
    """matplotlib would parse "$\\nosuchcommand$" as mathtext and fail the page for good."""
    odd = "$\\nosuchcommand$ costs $5"
    question = Question("q", "single_choice", "Pick", options=(Option("a", odd), Option("b", "Plain")))
    survey = make_survey(sections=(Section("s1", "One", questions=(question,)),))
    own = repository.default_channel(survey.id).id
    draft = repository.start_draft(survey, repository.latest_version_id(survey.id), own, "en")
    repository.save_draft_answers(draft, {"q": "a"}, "en")
    flow.submit_token(draft.token, survey.id)
    workshop = _workshop()
    notes = [
        workshop_repository.add_note(workshop.id, NoteDraft(text, secrets.token_hex(8)), None)[0]
        for text in (odd, "Another")
    ]
    round_ = workshop_repository.open_round(workshop.id, odd, 2, [], [n.id for n in notes], None)
    options = workshop_repository.options(round_.id)
    workshop_repository.cast_ballot(round_, "device-token-1234", {options[0].id: 2})
    sign_in(client, "admin")
    session = f"/staff/workshops/sessions/{workshop.id}"
    for url in (f"/staff/surveys/{survey.id}/results", f"{session}/votes/{round_.id}", f"{session}/record"):
        check_page(client.get(url))
    assert client.get(f"{session}/record.html").status_code == 200
    assert made_on_queue(client, f"{session}/record.pdf").data.startswith(b"%PDF-")
