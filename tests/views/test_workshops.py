"""Workshop pages: every staff and participant page, idempotent notes, voting rules, bad input."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

import workshops
from tests.helpers import check_page, csrf_token, post_form, sign_in
from toolkit import audit, db
from toolkit.schema import Ballot, WorkshopNote, WorkshopSession
from workshops import demo, repository
from workshops.model import NoteDraft, SessionDetails

STAFF = "/staff/workshops"


def make_session(**overrides: Any) -> WorkshopSession:
    engagement = repository.create_engagement("Test engagement", "", None)
    details: dict[str, Any] = {"title": "Test session", "venue": "Town hall"}
    details.update(overrides)
    return repository.create_session(engagement, SessionDetails(**details), None)


def demo_session() -> WorkshopSession:
    list(demo.load_demo())
    found = repository.find_engagement(demo.DEMO_TITLE)
    assert found is not None
    return repository.sessions_of(found.id)[0]


def note_count(session_id: int | None = None) -> int:
    query = select(func.count(WorkshopNote.id))
    if session_id is not None:
        query = query.where(WorkshopNote.session_id == session_id)
    return int(db.session.scalar(query) or 0)


@pytest.fixture
def facilitator(client: FlaskClient) -> FlaskClient:
    sign_in(client, "facilitator")
    return client


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in(client, "lead")
    return client


# --- every page renders -------------------------------------------------------------------


def test_every_staff_page_renders_with_the_demo(lead: FlaskClient) -> None:
    workshop = demo_session()
    base = f"{STAFF}/sessions/{workshop.id}"
    round_id = repository.rounds(workshop.id)[0].id
    action_id = repository.actions(workshop.id)[0].id
    note_id = repository.notes(workshop.id)[0].id
    pages = [
        f"{STAFF}/",
        f"{STAFF}/new",
        f"{STAFF}/{workshop.engagement_id}",
        f"{STAFF}/{workshop.engagement_id}/sessions/new",
        base,
        f"{base}/edit",
        f"{base}/guide",
        f"{base}/tables",
        f"{base}/attendance",
        f"{base}/expenses",
        f"{base}/capture",
        f"{base}/board",
        f"{base}/notes/{note_id}/edit",
        f"{base}/votes",
        f"{base}/votes/{round_id}",
        f"{base}/qr",
        f"{base}/actions",
        f"{base}/actions/new",
        f"{base}/actions/{action_id}/edit",
        f"{base}/record",
    ]
    for url in pages:
        check_page(lead.get(url))


def test_record_shows_everything_the_report_needs(lead: FlaskClient) -> None:
    workshop = demo_session()
    soup = check_page(lead.get(f"{STAFF}/sessions/{workshop.id}/record"))
    text = soup.get_text(" ", strip=True)
    for expected in ("Who took part", "Public or patient", "Continuity of care", "Which of these matter most?"):
        assert expected in text
    assert "Include two patient representatives" in text
    assert "The contract cannot name individual GPs" in text
    chart = soup.find("img", src=lambda s: bool(s) and s.startswith("data:image/svg+xml;base64,"))
    assert chart is not None and "Bar chart" in chart["alt"]
    assert soup.find("table") is not None


def test_record_downloads(lead: FlaskClient) -> None:
    workshop = demo_session()
    base = f"{STAFF}/sessions/{workshop.id}"
    html = lead.get(f"{base}/record.html")
    assert html.status_code == 200 and "attachment" in html.headers["Content-Disposition"]
    for kind in ("notes", "themes", "votes", "actions"):
        response = lead.get(f"{base}/export/{kind}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert len(response.get_data(as_text=True).splitlines()) > 1
    assert lead.get(f"{base}/export/passwords.csv").status_code == 404
    xlsx = lead.get(f"{base}/export.xlsx")
    assert xlsx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(xlsx.data)) as workbook:
        sheets = workbook.read("xl/workbook.xml").decode()
    assert all(f'name="{kind}"' in sheets for kind in ("notes", "themes", "votes", "actions"))


def test_participant_pages_render(client: FlaskClient) -> None:
    workshop = demo_session()
    check_page(client.get(f"/w/{workshop.code}"))
    check_page(client.get(f"/w/{workshop.code}/idea"))
    soup = check_page(client.get(f"/w/{workshop.code}/vote"))
    assert "Voting has closed" in soup.get_text()


def test_staff_pages_need_sign_in_and_the_right_role(client: FlaskClient) -> None:
    workshop = make_session()
    assert client.get(f"{STAFF}/sessions/{workshop.id}/capture").status_code == 302
    sign_in(client, "viewer")
    assert client.get(f"{STAFF}/sessions/{workshop.id}/capture").status_code == 403
    assert client.get(f"{STAFF}/sessions/{workshop.id}/record").status_code == 200


# --- planning ---------------------------------------------------------------------------------


def test_lead_creates_an_engagement_and_a_session(lead: FlaskClient) -> None:
    response = post_form(lead, f"{STAFF}/new", {"title": "Urgent care co-design", "description": "Three sessions"})
    assert response.status_code == 302
    engagement = repository.find_engagement("Urgent care co-design")
    assert engagement is not None
    url = f"{STAFF}/{engagement.id}/sessions/new"
    data = {
        "title": "Session 1",
        "day-day": "15",
        "day-month": "1",
        "day-year": "2027",
        "time": "18:30",
        "venue": "Library",
        "accessibility": ["step_free", "quiet_room"],
        "interpreter_needs": "BSL",
        "facilitators": "Sam",
        "capacity": "20",
    }
    assert post_form(lead, url, data).status_code == 302
    workshop = repository.sessions_of(engagement.id)[0]
    assert workshop.step_free and workshop.quiet_room and not workshop.hearing_loop
    assert workshop.starts_at is not None and workshop.starts_at.hour == 18
    soup = check_page(lead.get(f"{STAFF}/sessions/{workshop.id}"))
    assert "Step-free access, Quiet room" in soup.get_text()


def test_session_needs_a_venue_or_a_link(lead: FlaskClient) -> None:
    engagement = repository.create_engagement("E", "", None)
    response = post_form(lead, f"{STAFF}/{engagement.id}/sessions/new", {"title": "No place"})
    soup = check_page(response, 400)
    assert "Enter a venue or an online link" in soup.get_text()
    response = post_form(
        lead, f"{STAFF}/{engagement.id}/sessions/new", {"title": "T", "online_link": "http://insecure.example"}
    )
    assert "https://" in check_page(response, 400).get_text()


def test_session_edit_is_audited(lead: FlaskClient) -> None:
    workshop = make_session()
    url = f"{STAFF}/sessions/{workshop.id}/edit"
    assert post_form(lead, url, {"title": "Renamed", "venue": "Town hall", "capacity": "12"}).status_code == 302
    events = audit.events_for("workshop_session", workshop.id)
    assert events[0].detail["title"] == {"before": "Test session", "after": "Renamed"}


def test_guide_topics_tables_and_copying_a_guide(lead: FlaskClient) -> None:
    first = make_session()
    second = repository.create_session(
        repository.get_engagement(first.engagement_id),  # type: ignore[arg-type]
        SessionDetails("Second", venue="Hall"),
        None,
    )
    base = f"{STAFF}/sessions/{first.id}"
    assert post_form(lead, f"{base}/guide", {"title": "Access", "questions": "Q1", "minutes": "20"}).status_code == 302
    assert post_form(lead, f"{base}/guide", {"title": "", "minutes": "0"}).status_code == 400
    assert post_form(lead, f"{base}/tables", {"name": "Table 1"}).status_code == 302
    assert [t.name for t in repository.tables(first.id)] == ["Table 1"]
    page = lead.get(f"{STAFF}/sessions/{second.id}/guide")
    response = lead.post(
        f"{STAFF}/sessions/{second.id}/guide/copy",
        data={"copy-csrf_token": csrf_token(page), "copy-from_session": str(first.id)},
    )
    assert response.status_code == 302
    assert [t.title for t in repository.topics(second.id)] == ["Access"]


def test_attendance_and_expenses(lead: FlaskClient) -> None:
    workshop = make_session()
    base = f"{STAFF}/sessions/{workshop.id}"
    counts = {"public": "10", "carer": "3", "vcfse": "2", "staff": "4", "other": "0"}
    assert post_form(lead, f"{base}/attendance", counts).status_code == 302
    assert repository.attendance(workshop.id)["carer"] == 3
    assert post_form(lead, f"{base}/attendance", {**counts, "carer": "-1"}).status_code == 400

    def expense(amount: str) -> int:
        data = {"description": "Travel", "amount": amount, "status": "owed"}
        return post_form(lead, f"{base}/expenses", data).status_code

    assert expense("£12.50") == 302
    assert repository.expenses(workshop.id)[0].amount_pence == 1250
    assert expense("0") == expense("lots") == 400
    assert len(repository.expenses(workshop.id)) == 1


# --- capturing notes ------------------------------------------------------------------------------


def capture_page(client: FlaskClient, workshop: WorkshopSession) -> tuple[str, str]:
    page = client.get(f"{STAFF}/sessions/{workshop.id}/capture")
    soup = check_page(page)
    key = soup.find("input", attrs={"name": "idempotency_key"})
    assert key is not None and key["value"]
    return csrf_token(page), str(key["value"])


def test_posting_the_same_note_twice_stores_it_once(facilitator: FlaskClient) -> None:
    workshop = make_session()
    table = repository.add_table(workshop.id, "Table 1", None)
    token, key = capture_page(facilitator, workshop)
    data = {"csrf_token": token, "idempotency_key": key, "table_id": str(table.id), "topic_id": "", "text": "Parking"}
    url = f"{STAFF}/sessions/{workshop.id}/capture"
    first = facilitator.post(url, data=data)
    second = facilitator.post(url, data=data)
    assert first.status_code == second.status_code == 302
    assert note_count(workshop.id) == 1
    note = repository.notes(workshop.id)[0]
    assert note.table_id == table.id and note.text == note.original_text == "Parking"
    assert f"table={table.id}" in first.headers["Location"]


def test_json_posts_are_idempotent_too(facilitator: FlaskClient) -> None:
    workshop = make_session()
    token, key = capture_page(facilitator, workshop)
    data = {"csrf_token": token, "idempotency_key": key, "table_id": "", "topic_id": "", "text": "Sent offline"}
    url = f"{STAFF}/sessions/{workshop.id}/capture"
    headers = {"Accept": "application/json"}
    first = facilitator.post(url, data=data, headers=headers)
    again = facilitator.post(url, data=data, headers=headers)
    assert (first.status_code, first.json["created"]) == (201, True)
    assert (again.status_code, again.json["created"]) == (200, False)
    assert first.json["id"] == again.json["id"] and note_count(workshop.id) == 1
    notes = facilitator.get(f"{STAFF}/sessions/{workshop.id}/notes.json").json["notes"]
    assert [n["text"] for n in notes] == ["Sent offline"]
    after = facilitator.get(f"{STAFF}/sessions/{workshop.id}/notes.json?after={first.json['id']}").json
    assert after["notes"] == []


def test_a_key_from_another_session_is_refused(facilitator: FlaskClient) -> None:
    first, second = make_session(), make_session(title="Other")
    repository.add_note(first.id, NoteDraft("Hello", "k" * 32), None)
    token, _key = capture_page(facilitator, second)
    data = {"csrf_token": token, "idempotency_key": "k" * 32, "table_id": "", "topic_id": "", "text": "Hello"}
    response = facilitator.post(f"{STAFF}/sessions/{second.id}/capture", data=data)
    assert response.status_code == 409
    assert note_count(second.id) == 0


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_empty_and_giant_notes_are_refused_and_kept_on_the_page(facilitator: FlaskClient, text: str) -> None:
    workshop = make_session()
    token, key = capture_page(facilitator, workshop)
    data = {"csrf_token": token, "idempotency_key": key, "table_id": "", "topic_id": "", "text": text}
    response = facilitator.post(f"{STAFF}/sessions/{workshop.id}/capture", data=data)
    soup = check_page(response, 400)
    assert soup.find(class_="nhsuk-error-summary") is not None
    assert soup.find("textarea", attrs={"name": "text"}).get_text() == text.strip() or text.strip() == ""
    if text.strip():
        assert text in response.get_data(as_text=True)  # what was typed is not lost
    assert soup.find("input", attrs={"name": "idempotency_key"})["value"] == key
    assert note_count() == 0
    json = facilitator.post(
        f"{STAFF}/sessions/{workshop.id}/capture", data=data, headers={"Accept": "application/json"}
    )
    assert json.status_code == 400 and "text" in json.json["errors"]


def test_forged_ids_are_not_found_or_refused(facilitator: FlaskClient) -> None:
    workshop, other = make_session(), make_session(title="Other")
    other_table = repository.add_table(other.id, "Theirs", None)
    other_note, _ = repository.add_note(other.id, NoteDraft("Theirs", "o" * 32), None)
    assert facilitator.get(f"{STAFF}/sessions/99999/capture").status_code == 404
    assert facilitator.get(f"{STAFF}/sessions/99999/notes.json").status_code == 404
    assert facilitator.get(f"{STAFF}/sessions/{workshop.id}/notes/{other_note.id}/edit").status_code == 404
    assert facilitator.get(f"{STAFF}/sessions/{workshop.id}/votes/99999").status_code == 404
    assert facilitator.get(f"{STAFF}/sessions/{workshop.id}/actions/99999/edit").status_code == 404
    assert facilitator.get("/w/nosuchcode/vote").status_code == 404
    token, key = capture_page(facilitator, workshop)
    data = {"csrf_token": token, "idempotency_key": key, "table_id": str(other_table.id), "topic_id": "", "text": "Hi"}
    assert facilitator.post(f"{STAFF}/sessions/{workshop.id}/capture", data=data).status_code == 400
    assert note_count(workshop.id) == 0


def test_editing_a_note_keeps_the_original_and_records_the_change(facilitator: FlaskClient) -> None:
    workshop = make_session()
    note, _ = repository.add_note(workshop.id, NoteDraft("the car park is always ful", "e" * 32), None)
    url = f"{STAFF}/sessions/{workshop.id}/notes/{note.id}/edit"
    assert post_form(facilitator, url, {"text": "The car park is always full"}).status_code == 302
    stored = repository.get_note(workshop.id, note.id)
    assert stored is not None and stored.text == "The car park is always full"
    assert stored.original_text == "the car park is always ful"
    event = audit.events_for("workshop_note", note.id)[0]
    assert event.staff_user_id is not None
    assert event.detail == {"before": "the car park is always ful", "after": "The car park is always full"}
    assert post_form(facilitator, url, {"text": ""}).status_code == 400
    assert "the car park is always ful" in check_page(facilitator.get(url)).get_text()


# --- themes on the board ------------------------------------------------------------------------


def test_themes_and_assigning_notes_without_javascript(facilitator: FlaskClient) -> None:
    workshop = make_session()
    note, _ = repository.add_note(workshop.id, NoteDraft("Parking is hard near the surgery", "p" * 32), None)
    board = f"{STAFF}/sessions/{workshop.id}/board"
    assert post_form(facilitator, board, {"name": "Parking and transport"}).status_code == 405
    page = facilitator.get(board)
    token = csrf_token(page)
    themes_url = f"{STAFF}/sessions/{workshop.id}/themes"
    assert facilitator.post(themes_url, data={"csrf_token": token, "name": "Parking"}).status_code == 302
    theme = repository.themes_of(workshop.id)[0]
    soup = check_page(facilitator.get(board))
    assert "Suggested theme: Parking" in soup.get_text()  # suggested, not applied
    assert repository.get_note(workshop.id, note.id).theme_id is None  # type: ignore[union-attr]
    assign = f"{STAFF}/sessions/{workshop.id}/notes/{note.id}/theme"
    data = {f"note-{note.id}-csrf_token": token, f"note-{note.id}-theme_id": str(theme.id)}
    assert facilitator.post(assign, data=data).status_code == 302
    assert repository.get_note(workshop.id, note.id).theme_id == theme.id  # type: ignore[union-attr]
    forged = {f"note-{note.id}-csrf_token": token, f"note-{note.id}-theme_id": "99999"}
    assert facilitator.post(assign, data=forged).status_code == 400
    assert facilitator.post(f"{STAFF}/sessions/{workshop.id}/notes/99999/theme", data=data).status_code == 404
    assert facilitator.post(themes_url, data={"csrf_token": token, "name": ""}).status_code == 400


# --- voting ---------------------------------------------------------------------------------------


def open_round(workshop: WorkshopSession, dots: int = 3) -> Any:
    first = repository.add_theme(workshop.id, "Access", None)
    second = repository.add_theme(workshop.id, "Continuity", None)
    return repository.open_round(workshop.id, "What matters most?", dots, [first.id, second.id], [], None)


def ballot_data(client: FlaskClient, code: str, dots: list[int]) -> tuple[str, dict[str, str]]:
    page = client.get(f"/w/{code}/vote")
    soup = check_page(page)
    form = soup.find("form", attrs={"method": "post"})
    inputs = [i["name"] for i in form.find_all("input") if i["name"].startswith("option_")]
    data = {"csrf_token": csrf_token(page), **{name: str(d) for name, d in zip(inputs, dots, strict=False)}}
    return form["action"], data


def test_lead_opens_a_round_from_themes(facilitator: FlaskClient) -> None:
    workshop = make_session()
    themes = [repository.add_theme(workshop.id, name, None) for name in ("A", "B")]
    url = f"{STAFF}/sessions/{workshop.id}/votes"
    data = {"title": "Priorities", "dots": "3", "theme_ids": [str(t.id) for t in themes]}
    assert post_form(facilitator, url, data).status_code == 302
    assert len(repository.options(repository.rounds(workshop.id)[0].id)) == 2
    response = post_form(facilitator, url, {"title": "Too few", "dots": "3", "theme_ids": [str(themes[0].id)]})
    assert "at least 2" in check_page(response, 400).get_text()


def test_one_ballot_per_device_per_round(client: FlaskClient, app: Flask) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    action, data = ballot_data(client, workshop.code, [2, 1])
    assert client.post(action, data=data).status_code == 302
    again = client.post(action, data=data)  # a second ballot from this device is not counted
    assert again.status_code == 302 and repository.ballot_count(vote_round.id) == 1
    assert "Thank you for voting" in check_page(client.get(f"/w/{workshop.code}/vote")).get_text()
    other_device = app.test_client()
    action, data = ballot_data(other_device, workshop.code, [0, 3])
    assert other_device.post(action, data=data).status_code == 302
    assert repository.ballot_count(vote_round.id) == 2
    assert [(r.label, r.dots) for r in repository.results(vote_round)] == [("Continuity", 4), ("Access", 2)]


def test_too_many_dots_or_none_are_refused(client: FlaskClient) -> None:
    workshop = make_session()
    open_round(workshop, dots=3)
    for dots in ([3, 1], [0, 0], [-1, 2], [5, 0]):
        action, data = ballot_data(client, workshop.code, dots)
        response = client.post(action, data=data)
        assert response.status_code == 400, dots
        check_page(response, 400)
    assert int(db.session.scalar(select(func.count(Ballot.id))) or 0) == 0


def test_a_vote_for_a_closed_round_is_refused(client: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    action, data = ballot_data(client, workshop.code, [1, 1])
    repository.close_round(vote_round, None)
    response = client.post(action, data=data)
    soup = check_page(response, 409)
    assert "has closed" in soup.get_text()
    assert repository.ballot_count(vote_round.id) == 0
    assert client.post(f"/w/{workshop.code}/vote/99999", data=data).status_code == 404


def test_closing_a_round_from_the_staff_page(facilitator: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    url = f"{STAFF}/sessions/{workshop.id}/votes/{vote_round.id}"
    page = facilitator.get(url)
    assert facilitator.post(f"{url}/close", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert repository.get_round(workshop.id, vote_round.id).status == "closed"  # type: ignore[union-attr]


def test_participants_add_ideas_once(client: FlaskClient) -> None:
    workshop = make_session()
    page = client.get(f"/w/{workshop.code}/idea")
    soup = check_page(page)
    key = soup.find("input", attrs={"name": "idempotency_key"})["value"]
    data = {"csrf_token": csrf_token(page), "idempotency_key": key, "text": "Evening opening"}
    assert client.post(f"/w/{workshop.code}/idea", data=data).status_code == 302
    assert client.post(f"/w/{workshop.code}/idea", data=data).status_code == 302
    notes = repository.notes(workshop.id)
    assert [(n.text, n.author_kind) for n in notes] == [("Evening opening", "participant")]
    response = client.post(f"/w/{workshop.code}/idea", data={**data, "text": "x" * 2001, "idempotency_key": "z" * 32})
    check_page(response, 400)
    assert len(repository.notes(workshop.id)) == 1


# --- actions ------------------------------------------------------------------------------------


def test_actions_with_status_reason_and_links(facilitator: FlaskClient) -> None:
    workshop = make_session()
    theme = repository.add_theme(workshop.id, "Access", None)
    note, _ = repository.add_note(workshop.id, NoteDraft("Phone lines", "n" * 32), None)
    url = f"{STAFF}/sessions/{workshop.id}/actions/new"
    data = {"what": "Name a GP", "owner": "ICB", "status": "not_possible", "agreed_by_group": "y"}
    response = post_form(facilitator, url, data)
    assert "Explain why" in check_page(response, 400).get_text()
    data.update(reason="Contracts cannot name GPs", theme_ids=[str(theme.id)], note_ids=[str(note.id)])
    assert post_form(facilitator, url, data).status_code == 302
    action = repository.actions(workshop.id)[0]
    assert (action.status, action.reason, action.agreed_by_group) == ("not_possible", "Contracts cannot name GPs", True)
    assert (action.theme_ids, action.note_ids) == ([theme.id], [note.id])
    edit = f"{STAFF}/sessions/{workshop.id}/actions/{action.id}/edit"
    assert post_form(facilitator, edit, {"what": "Name a GP", "owner": "ICB", "status": "done"}).status_code == 302
    assert repository.actions(workshop.id)[0].status == "done"
    assert repository.actions(workshop.id)[0].reason == ""
    forged = post_form(facilitator, url, {"what": "X", "owner": "Y", "status": "agreed", "theme_ids": ["99999"]})
    assert forged.status_code == 400
    text = check_page(facilitator.get(f"{STAFF}/sessions/{workshop.id}/actions")).get_text()
    assert "Name a GP" in text


def test_demo_loads_once(app: Flask) -> None:
    assert len(list(demo.load_demo())) == 1
    assert list(demo.load_demo()) == ["Demo workshop engagement already loaded."]
    workshop = demo_session()
    assert note_count(workshop.id) >= 10
    assert repository.rounds(workshop.id)[0].status == "closed"
    assert repository.ballot_count(repository.rounds(workshop.id)[0].id) == len(demo.BALLOTS)


MESSAGES = {"sending", "sent", "offline", "kept", "refused", "waiting"}


def test_the_capture_script_gets_every_message_from_the_page(facilitator: FlaskClient) -> None:
    """capture.js shows only what the page gives it, so its messages are in the page's language."""
    workshop = make_session()
    status = check_page(facilitator.get(f"{STAFF}/sessions/{workshop.id}/capture")).find(id="capture-status")
    for name in MESSAGES:
        assert status[f"data-{name}"].strip(), name
    assert "%(count)s" in status["data-waiting"]
    script = (Path(workshops.__file__).parent / "static" / "workshops" / "capture.js").read_text(encoding="utf-8")
    calls = [line for line in script.splitlines() if "say(" in line and "function say" not in line]
    assert {name for line in calls for name in re.findall(r"'(\w+)'", line)} == MESSAGES
