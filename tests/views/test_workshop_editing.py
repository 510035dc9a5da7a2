"""Changing what was set up earlier: engagements, topics (with reordering), tables, themes,
payments and actions. Every change is audited; deleting never loses a note; forged ids and
bad text get a clear 4xx."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.helpers import check_page, csrf_token, date_boxes, post_form, sign_in
from tests.views.test_workshops import STAFF, demo_session, facilitator, lead, make_session
from toolkit import audit
from toolkit.schema import WorkshopSession
from workshops import editing, repository
from workshops.model import ActionDraft, NoteDraft, WorkshopError

__all__ = ["facilitator", "lead"]  # the fixtures, shared with the other workshop view tests


def base(workshop: WorkshopSession) -> str:
    return f"{STAFF}/sessions/{workshop.id}"


def add_note(workshop: WorkshopSession, text: str, **where: Any) -> Any:
    note, _created = repository.add_note(workshop.id, NoteDraft(text, uuid.uuid4().hex, **where), None)
    return note


def last_event(kind: str, object_id: int) -> Any:
    return audit.events_for(kind, object_id)[0]


def test_every_change_and_delete_page_renders(lead: FlaskClient) -> None:
    workshop = demo_session()
    url = base(workshop)
    topic = repository.topics(workshop.id)[0]
    table = repository.tables(workshop.id)[0]
    theme = repository.themes_of(workshop.id)[0]
    expense = repository.add_expense(workshop.id, "Travel", 1250, "owed", None)
    pages = [
        f"{STAFF}/{workshop.engagement_id}/edit",
        f"{url}/guide/{topic.id}/edit",
        f"{url}/guide/{topic.id}/delete",
        f"{url}/tables/{table.id}/edit",
        f"{url}/tables/{table.id}/delete",
        f"{url}/themes/{theme.id}/edit",
        f"{url}/themes/{theme.id}/delete",
        f"{url}/expenses/{expense.id}/status",
    ]
    for page in pages:
        check_page(lead.get(page))
    guide = check_page(lead.get(f"{url}/guide")).get_text()
    assert "Move up" in guide and "Move down" in guide


# --- engagements ---------------------------------------------------------------------------


def test_a_lead_changes_an_engagement_and_the_change_is_audited(lead: FlaskClient) -> None:
    workshop = make_session()
    url = f"{STAFF}/{workshop.engagement_id}/edit"
    form = check_page(lead.get(url))
    assert form.find("input", attrs={"name": "title"})["value"] == "Test engagement"
    response = post_form(lead, url, {"title": "GP access co-design", "description": "Two sessions"})
    assert response.status_code == 302
    engagement = repository.get_engagement(workshop.engagement_id)
    assert engagement is not None and (engagement.title, engagement.description) == (
        "GP access co-design",
        "Two sessions",
    )
    event = last_event("engagement", engagement.id)
    assert event.action == "update" and event.staff_user_id is not None
    assert event.detail["title"] == {"before": "Test engagement", "after": "GP access co-design"}


@pytest.mark.parametrize(("title", "description"), [("", ""), ("   ", ""), ("x" * 201, ""), ("Fine", "x" * 2001)])
def test_an_empty_or_giant_engagement_title_is_refused(lead: FlaskClient, title: str, description: str) -> None:
    workshop = make_session()
    response = post_form(lead, f"{STAFF}/{workshop.engagement_id}/edit", {"title": title, "description": description})
    assert check_page(response, 400).find(class_="nhsuk-error-summary") is not None
    assert repository.get_engagement(workshop.engagement_id).title == "Test engagement"  # type: ignore[union-attr]


# --- the discussion guide ------------------------------------------------------------------


def three_topics(workshop: WorkshopSession) -> list[Any]:
    return [repository.add_topic(workshop.id, title, "", 10, None) for title in ("Access", "Parking", "Staff")]


def move(client: FlaskClient, workshop: WorkshopSession, topic_id: int, direction: str) -> int:
    token = csrf_token(client.get(f"{base(workshop)}/guide"))
    url = f"{base(workshop)}/guide/{topic_id}/move"
    return client.post(url, data={"csrf_token": token, "direction": direction}).status_code


def test_topics_move_up_and_down_without_javascript(lead: FlaskClient) -> None:
    workshop = make_session()
    access, parking, staff = three_topics(workshop)
    assert move(lead, workshop, staff.id, "up") == 302
    assert [t.title for t in repository.topics(workshop.id)] == ["Access", "Staff", "Parking"]
    assert move(lead, workshop, access.id, "down") == 302
    assert [(t.position, t.title) for t in repository.topics(workshop.id)] == [
        (1, "Staff"),
        (2, "Access"),
        (3, "Parking"),
    ]
    assert move(lead, workshop, staff.id, "up") == 302  # already first: nothing changes
    assert repository.topics(workshop.id)[0].title == "Staff"
    event = last_event("workshop_topic", access.id)
    assert event.action == "move" and event.detail["after"] == [staff.id, access.id, parking.id]
    assert move(lead, workshop, parking.id, "sideways") == 400


def test_a_topic_is_changed_and_bad_input_is_refused(lead: FlaskClient) -> None:
    workshop = make_session()
    topic = three_topics(workshop)[0]
    url = f"{base(workshop)}/guide/{topic.id}/edit"
    data = {"title": "Getting an appointment", "questions": "How do you book?", "minutes": "25"}
    assert post_form(lead, url, data).status_code == 302
    stored = editing.get_topic(workshop.id, topic.id)
    assert stored is not None and (stored.title, stored.minutes) == ("Getting an appointment", 25)
    assert last_event("workshop_topic", topic.id).detail["minutes"] == {"before": 10, "after": 25}
    for bad in ({"title": "", "minutes": "10"}, {"title": "x" * 201, "minutes": "10"}, {"title": "T", "minutes": "0"}):
        check_page(post_form(lead, url, bad), 400)
    assert editing.get_topic(workshop.id, topic.id).title == "Getting an appointment"  # type: ignore[union-attr]


def test_deleting_a_topic_renumbers_the_guide_and_is_audited(lead: FlaskClient) -> None:
    workshop = make_session()
    parking = three_topics(workshop)[1]
    url = f"{base(workshop)}/guide/{parking.id}/delete"
    assert "Yes, delete it" in check_page(lead.get(url)).get_text()
    assert post_form(lead, url, {}).status_code == 302
    assert [(t.position, t.title) for t in repository.topics(workshop.id)] == [(1, "Access"), (2, "Staff")]
    event = last_event("workshop_topic", parking.id)
    assert event.action == "delete" and event.detail["title"] == "Parking"


def test_a_topic_that_notes_were_captured_under_cannot_be_deleted(lead: FlaskClient) -> None:
    workshop = make_session()
    topic = three_topics(workshop)[0]
    note = add_note(workshop, "The phone queue is an hour", topic_id=topic.id)
    url = f"{base(workshop)}/guide/{topic.id}/delete"
    page = check_page(lead.get(url))
    assert "cannot be deleted" in page.get_text() and page.find("button") is None
    response = lead.post(url, data={"csrf_token": csrf_token(lead.get(f"{base(workshop)}/guide"))})
    assert "cannot be deleted" in check_page(response, 409).get_text()
    assert editing.get_topic(workshop.id, topic.id) is not None
    assert repository.get_note(workshop.id, note.id).topic_id == topic.id  # type: ignore[union-attr]


def test_a_note_whose_topic_is_deleted_meanwhile_is_refused_not_a_500(
    lead: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The topic check passes, then the topic goes before the insert: a clear refusal, nothing stored."""
    workshop = make_session()
    topic = three_topics(workshop)[0]
    monkeypatch.setattr(repository, "_owned", lambda kind, object_id, session_id: object_id)
    token = csrf_token(lead.get(f"{base(workshop)}/guide"))
    assert lead.post(f"{base(workshop)}/guide/{topic.id}/delete", data={"csrf_token": token}).status_code < 400
    with pytest.raises(WorkshopError, match="Choose a table and topic"):
        add_note(workshop, "Said just as the topic went", topic_id=topic.id)
    assert repository.notes(workshop.id) == []


# --- tables ---------------------------------------------------------------------------------


def test_a_facilitator_renames_and_deletes_tables(facilitator: FlaskClient) -> None:
    workshop = make_session()
    blue, green = (repository.add_table(workshop.id, name, None) for name in ("Blue", "Green"))
    add_note(workshop, "Said at the green table", table_id=green.id)
    url = base(workshop)
    assert post_form(facilitator, f"{url}/tables/{blue.id}/edit", {"name": "Blue table"}).status_code == 302
    assert last_event("workshop_table", blue.id).detail == {"name": {"before": "Blue", "after": "Blue table"}}
    check_page(post_form(facilitator, f"{url}/tables/{blue.id}/edit", {"name": "x" * 81}), 400)
    token = csrf_token(facilitator.get(f"{url}/tables"))
    refused = facilitator.post(f"{url}/tables/{green.id}/delete", data={"csrf_token": token})
    assert "cannot be deleted" in check_page(refused, 409).get_text()
    assert post_form(facilitator, f"{url}/tables/{blue.id}/delete", {}).status_code == 302
    assert [t.name for t in repository.tables(workshop.id)] == ["Green"]
    assert last_event("workshop_table", blue.id).detail == {"name": "Blue table"}


# --- themes ---------------------------------------------------------------------------------


def test_a_theme_is_renamed(facilitator: FlaskClient) -> None:
    workshop = make_session()
    theme = repository.add_theme(workshop.id, "Acess", None)
    url = f"{base(workshop)}/themes/{theme.id}/edit"
    assert post_form(facilitator, url, {"name": "Access"}).status_code == 302
    assert repository.get_theme(workshop.id, theme.id).name == "Access"  # type: ignore[union-attr]
    assert last_event("workshop_theme", theme.id).detail == {"name": {"before": "Acess", "after": "Access"}}
    check_page(post_form(facilitator, url, {"name": ""}), 400)
    check_page(post_form(facilitator, url, {"name": "x" * 121}), 400)


def test_deleting_a_theme_keeps_its_notes_and_unlinks_actions(facilitator: FlaskClient) -> None:
    workshop = make_session()
    access, other = repository.add_theme(workshop.id, "Access", None), repository.add_theme(workshop.id, "Other", None)
    notes = [add_note(workshop, text) for text in ("Phone lines", "Online booking")]
    for note in notes:
        repository.assign_theme(note, access.id, None)
    vote_round = repository.open_round(workshop.id, "Priorities", 3, [access.id, other.id], [], None)
    action = repository.save_action(
        workshop.id, ActionDraft("Review phones", "ICB", theme_ids=(access.id, other.id)), None
    )
    url = f"{base(workshop)}/themes/{access.id}/delete"
    text = check_page(facilitator.get(url)).get_text()
    assert "2 notes in it move to “Not in a theme yet”" in text and "1 action will no longer name it" in text
    assert post_form(facilitator, url, {}).status_code == 302
    assert repository.get_theme(workshop.id, access.id) is None
    assert [(n.text, n.theme_id) for n in repository.notes(workshop.id)] == [
        ("Phone lines", None),
        ("Online booking", None),
    ]
    assert repository.get_action(workshop.id, action.id).theme_ids == [other.id]  # type: ignore[union-attr]
    assert [o.label for o in repository.options(vote_round.id)] == ["Access", "Other"]
    assert last_event("workshop_note", notes[0].id).detail["because"] == "theme deleted"
    event = last_event("workshop_theme", access.id)
    assert event.detail == {"name": "Access", "notes_unthemed": [n.id for n in notes], "actions_unlinked": [action.id]}
    board = check_page(facilitator.get(f"{base(workshop)}/board")).get_text()
    assert "Phone lines" in board and "Online booking" in board


# --- payments and actions ---------------------------------------------------------------------


def test_a_payments_status_is_changed(lead: FlaskClient) -> None:
    workshop = make_session()
    expense = repository.add_expense(workshop.id, "Travel", 1250, "owed", None)
    url = f"{base(workshop)}/expenses/{expense.id}/status"
    assert "Change status" in check_page(lead.get(f"{base(workshop)}/expenses")).get_text()
    assert post_form(lead, url, {"status": "paid"}).status_code == 302
    assert editing.get_expense(workshop.id, expense.id).status == "paid"  # type: ignore[union-attr]
    assert last_event("workshop_expense", expense.id).detail == {"status": {"before": "owed", "after": "paid"}}
    check_page(post_form(lead, url, {"status": "stolen"}), 400)
    check_page(post_form(lead, url, {}), 400)
    assert editing.get_expense(workshop.id, expense.id).status == "paid"  # type: ignore[union-attr]


def test_every_part_of_an_action_can_be_changed(facilitator: FlaskClient) -> None:
    workshop = make_session()
    theme = repository.add_theme(workshop.id, "Access", None)
    note = add_note(workshop, "Phone lines")
    action = repository.save_action(workshop.id, ActionDraft("Review phones", "ICB"), None)
    url = f"{base(workshop)}/actions/{action.id}/edit"
    form = check_page(facilitator.get(url))
    assert form.find("textarea", attrs={"name": "what"}).get_text().strip() == "Review phones"
    data = {
        "what": "Review the phone system",
        "owner": "Practice manager",
        **date_boxes("due_on", "31 3 2027"),
        "status": "not_possible",
        "reason": "",
        "theme_ids": [str(theme.id)],
        "note_ids": [str(note.id)],
    }
    assert "Explain why" in check_page(post_form(facilitator, url, data), 400).get_text()
    assert post_form(facilitator, url, {**data, "reason": "The contract ends in March"}).status_code == 302
    stored = repository.get_action(workshop.id, action.id)
    assert stored is not None
    assert (stored.what, stored.owner, stored.due_on.isoformat(), stored.status) == (  # type: ignore[union-attr]
        "Review the phone system",
        "Practice manager",
        "2027-03-31",
        "not_possible",
    )
    assert (stored.reason, stored.theme_ids, stored.note_ids) == ("The contract ends in March", [theme.id], [note.id])
    event = last_event("workshop_action", action.id)
    assert event.detail["before"]["what"] == "Review phones"
    assert event.detail["after"]["due_on"] == "2027-03-31"


def test_a_bad_due_date_on_an_action_is_named_not_saved(facilitator: FlaskClient) -> None:
    workshop = make_session()
    action = repository.save_action(workshop.id, ActionDraft("Review phones", "ICB"), None)
    url = f"{base(workshop)}/actions/{action.id}/edit"
    data = {"what": "Review phones", "owner": "ICB", "status": "agreed"}
    for typed, message in (("31  2027", "must include a month"), ("31 2 2027", "must be a real date")):
        page = check_page(post_form(facilitator, url, {**data, **date_boxes("due_on", typed)}), 400)
        assert f"The date it is due by {message}" in page.get_text()
    assert post_form(facilitator, url, {**data, **date_boxes("due_on", "  ")}).status_code == 302  # blank: no date
    assert repository.get_action(workshop.id, action.id).due_on is None  # type: ignore[union-attr]


# --- bad ids and roles ------------------------------------------------------------------------


def test_ids_from_another_session_or_made_up_are_not_found(lead: FlaskClient) -> None:
    workshop, other = make_session(), make_session(title="Other")
    theirs = {
        "guide": repository.add_topic(other.id, "Theirs", "", 10, None).id,
        "tables": repository.add_table(other.id, "Theirs", None).id,
        "themes": repository.add_theme(other.id, "Theirs", None).id,
    }
    expense = repository.add_expense(other.id, "Theirs", 100, "owed", None).id
    urls = [
        f"{base(workshop)}/{kind}/{object_id}/{verb}"
        for kind, object_id in theirs.items()
        for verb in ("edit", "delete")
    ]
    urls += [f"{base(workshop)}/{kind}/99999/edit" for kind in theirs]
    urls += [
        f"{base(workshop)}/expenses/{expense}/status",
        f"{STAFF}/99999/edit",
        f"{STAFF}/sessions/99999/guide/1/edit",
    ]
    token = csrf_token(lead.get(f"{base(workshop)}/guide"))
    for url in urls:
        assert lead.get(url).status_code == 404, url
        assert lead.post(url, data={"csrf_token": token, "name": "Mine", "title": "Mine"}).status_code == 404, url
    move = lead.post(f"{base(workshop)}/guide/{theirs['guide']}/move", data={"csrf_token": token, "direction": "up"})
    assert move.status_code == 404
    assert editing.get_topic(other.id, theirs["guide"]).title == "Theirs"  # type: ignore[union-attr]


def test_each_change_needs_the_right_role(client: FlaskClient) -> None:
    workshop = make_session()
    topic = repository.add_topic(workshop.id, "Access", "", 10, None)
    theme = repository.add_theme(workshop.id, "Access", None)
    sign_in(client, "facilitator")
    assert client.get(f"{base(workshop)}/guide/{topic.id}/edit").status_code == 403
    assert client.get(f"{STAFF}/{workshop.engagement_id}/edit").status_code == 403
    assert client.get(f"{base(workshop)}/themes/{theme.id}/edit").status_code == 200
    client.get("/staff/sign-out")
    sign_in(client, "viewer")
    assert client.get(f"{base(workshop)}/themes/{theme.id}/delete").status_code == 403


# --- the board's drag and drop endpoint ---------------------------------------------------------


def test_moving_a_note_as_json_for_the_boards_script(facilitator: FlaskClient) -> None:
    workshop = make_session()
    theme = repository.add_theme(workshop.id, "Parking", None)
    note = add_note(workshop, "No spaces after 9")
    board = check_page(facilitator.get(f"{base(workshop)}/board"))
    assert board.find("section", attrs={"data-theme-id": ""}) is not None  # somewhere to drop a note back
    token = csrf_token(facilitator.get(f"{base(workshop)}/board"))
    url = f"{base(workshop)}/notes/{note.id}/theme"
    headers = {"Accept": "application/json"}
    data = {f"note-{note.id}-csrf_token": token, f"note-{note.id}-theme_id": str(theme.id)}
    moved = facilitator.post(url, data=data, headers=headers)
    assert moved.status_code == 200
    assert moved.json == {
        "note_id": note.id,
        "theme_id": theme.id,
        "message": "Note moved to Parking.",
        "counts": {"": "0 notes", str(theme.id): "1 note"},
    }
    assert repository.get_note(workshop.id, note.id).theme_id == theme.id  # type: ignore[union-attr]
    back = facilitator.post(url, data={**data, f"note-{note.id}-theme_id": ""}, headers=headers)
    assert back.json["theme_id"] is None and back.json["message"] == "Note moved out of its theme."
    forged = facilitator.post(url, data={**data, f"note-{note.id}-theme_id": "99999"}, headers=headers)
    assert forged.status_code == 400 and "error" in forged.json
    other = make_session(title="Other")
    their_theme = repository.add_theme(other.id, "Theirs", None)
    stolen = facilitator.post(url, data={**data, f"note-{note.id}-theme_id": str(their_theme.id)}, headers=headers)
    assert stolen.status_code == 400
    theirs = add_note(other, "Not on this board")
    elsewhere = f"{base(workshop)}/notes/{theirs.id}/theme"
    assert facilitator.post(elsewhere, data=data, headers=headers).status_code == 404
    assert repository.get_note(workshop.id, note.id).theme_id is None  # type: ignore[union-attr]
