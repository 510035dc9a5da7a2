"""The board's state as JSON, polled by the board's script so a note moved by another
facilitator moves on every open board: where each note is, and a version (the ETag) so an
unchanged board answers 304 with no body."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.helpers import csrf_token, sign_in
from tests.views.test_workshops import STAFF, make_session
from workshops import repository
from workshops.model import NoteDraft


def test_the_board_state_follows_a_move_and_is_conditional(client: FlaskClient) -> None:
    sign_in(client, "facilitator")
    workshop = make_session()
    theme = repository.add_theme(workshop.id, "Parking", None)
    note, _ = repository.add_note(workshop.id, NoteDraft("No spaces after 9", "s" * 32), None)
    url = f"{STAFF}/sessions/{workshop.id}/board.json"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    assert first.json["groups"] == [{"theme_id": None, "notes": [note.id]}, {"theme_id": theme.id, "notes": []}]
    assert first.json["counts"] == {"": "1 note", str(theme.id): "0 notes"}
    etag = first.headers["ETag"]
    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    token = csrf_token(client.get(f"{STAFF}/sessions/{workshop.id}/board"))
    move = {f"note-{note.id}-csrf_token": token, f"note-{note.id}-theme_id": str(theme.id)}
    client.post(f"{STAFF}/sessions/{workshop.id}/notes/{note.id}/theme", data=move)
    moved = client.get(url, headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["ETag"] != etag
    assert moved.json["groups"][1] == {"theme_id": theme.id, "notes": [note.id]}


def test_the_board_state_is_for_facilitators_of_a_real_session(client: FlaskClient) -> None:
    workshop = make_session()
    url = f"{STAFF}/sessions/{workshop.id}/board.json"
    assert client.get(url).status_code in {302, 401}  # signed out
    sign_in(client, "facilitator")
    assert client.get(url).status_code == 200
    assert client.get(f"{STAFF}/sessions/99999/board.json").status_code == 404
