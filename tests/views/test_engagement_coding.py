"""The codebook and coding pages without JavaScript: survey free text, workshop notes and
activity comments coded against one codebook, filters, counts, board themes, CSV in and out."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient

from engagements import coding, repository
from engagements import coding_repository as codes
from engagements.coding import CodeDraft, CommentKey
from engagements.model import ActivityDetails, EngagementDetails
from tests.helpers import check_page, csrf_token, make_survey, post_form, sign_in
from tests.views.test_results import add_responses
from toolkit import audit, db
from toolkit.schema import Engagement
from workshops import repository as workshops
from workshops.model import NoteDraft, SessionDetails

STAFF = "/staff/engagements"


def filled_engagement() -> Engagement:
    engagement = repository.create_engagement(EngagementDetails("GP access"), None)
    survey = make_survey("gp-access")
    survey.engagement_id = engagement.id
    db.session.merge(survey)
    db.session.commit()
    add_responses(
        survey,
        [
            {"colour": "red", "why": "Can't get through at 8am"},
            {"colour": "blue", "why": " "},
            {"colour": "other", "colour__other": "Teal, like the surgery door"},
        ],
    )
    workshop = workshops.create_session(engagement, SessionDetails("Session 1", venue="Hall"), None)
    note, _new = workshops.add_note(workshop.id, NoteDraft("Same GP matters to my mum", "note-key-0001"), None)
    theme = workshops.add_theme(workshop.id, "Continuity", None)
    workshops.assign_theme(note, theme.id, None)
    activity = repository.save_activity(
        engagement, ActivityDetails("drop_in", "Drop-in", planned_starts_on=date.today()), None
    )
    repository.add_comments(activity, ["The bus runs twice a day"], None, None)
    return engagement


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in(client, "lead")
    return client


def test_every_kind_of_comment_is_there_to_code_exactly_as_said(app: Flask) -> None:
    engagement = filled_engagement()
    found = {(c.key.source, c.text) for c in codes.comments(engagement.id)}
    assert found == {
        ("response", "Can't get through at 8am"),
        ("response", "Teal, like the surgery door"),
        ("note", "Same GP matters to my mum"),
        ("activity_comment", "The bus runs twice a day"),
    }


def test_the_codebook_starts_empty_and_grows_with_sub_themes(lead: FlaskClient) -> None:
    engagement = filled_engagement()
    url = f"{STAFF}/{engagement.id}/codebook"
    assert "The codebook is empty" in check_page(lead.get(url)).get_text()
    post_form(
        lead,
        url,
        {
            "name": "Access",
            "parent": "",
            "definition": "Getting an appointment",
            "include_example": "I can't get through at 8am",
            "exclude_example": "Parking",
        },
    )
    access = codes.codebook(engagement.id)[0]
    post_form(lead, url, {"name": "Phone lines", "parent": str(access.id)})
    assert [(c.name, c.parent_id) for c in codes.codebook(engagement.id)] == [
        ("Access", None),
        ("Phone lines", access.id),
    ]
    duplicate = post_form(lead, url, {"name": "access", "parent": ""})
    assert "already has a code called access" in check_page(duplicate, 400).get_text()
    page = check_page(lead.get(url)).get_text(" ", strip=True)
    assert "In: I can't get through at 8am" in page and "Out: Parking" in page
    check_page(lead.get(f"{url}/{access.id}"))


def test_coding_without_javascript_saves_several_codes_and_moves_to_the_next(lead: FlaskClient) -> None:
    engagement = filled_engagement()
    access = codes.add_code(engagement.id, CodeDraft("Access"), None)
    transport = codes.add_code(engagement.id, CodeDraft("Transport"), None)
    url = f"{STAFF}/{engagement.id}/coding"
    page = check_page(lead.get(url))
    assert "Comment 1 of 4" in page.get_text()
    key, next_key = (
        page.find("input", attrs={"name": "key"})["value"],
        page.find("input", attrs={"name": "next_key"})["value"],
    )
    response = lead.post(
        url,
        data={
            "csrf_token": csrf_token(lead.get(url)),
            "key": key,
            "next_key": next_key,
            "codes": [str(access.id), str(transport.id)],
        },
    )
    assert response.status_code == 302 and f"at={next_key}" in response.headers["Location"]
    user_codes = codes.codings(engagement.id)
    assert any(c.key == coding.parse_key(key) and c.code_ids == {access.id, transport.id} for c in user_codes)
    page = check_page(lead.get(response.headers["Location"]))
    assert "Comment 2 of 4" in page.get_text()
    counts = page.select_one(".nhsuk-grid-column-one-third").get_text(" ", strip=True)
    assert "Access : 1" in counts and "Not coded yet : 3" in counts
    assert any(e.action == "code" for e in audit.events_for("engagement", engagement.id))


def test_filters_by_source_code_and_uncoded(lead: FlaskClient) -> None:
    engagement = filled_engagement()
    access = codes.add_code(engagement.id, CodeDraft("Access"), None)
    first = codes.comments(engagement.id)[0]
    codes.set_codes(engagement.id, first.key, [access.id], None)
    url = f"{STAFF}/{engagement.id}/coding"
    assert "Comment 1 of 1" in check_page(lead.get(f"{url}?source=activity_comment")).get_text()
    assert "Comment 1 of 1" in check_page(lead.get(f"{url}?code={access.id}")).get_text()
    assert "Comment 1 of 3" in check_page(lead.get(f"{url}?uncoded=1")).get_text()
    assert "No comments match" in check_page(lead.get(f"{url}?source=note&uncoded=1&code={access.id}")).get_text()


def test_forged_codes_and_comments_are_refused(lead: FlaskClient) -> None:
    engagement, other = filled_engagement(), repository.create_engagement(EngagementDetails("Other"), None)
    mine = codes.add_code(engagement.id, CodeDraft("Access"), None)
    theirs = codes.add_code(other.id, CodeDraft("Elsewhere"), None)
    url = f"{STAFF}/{engagement.id}/coding"
    key = str(codes.comments(engagement.id)[0].key)
    token = csrf_token(lead.get(url))
    assert lead.post(url, data={"csrf_token": token, "key": key, "codes": [str(theirs.id)]}).status_code == 400
    assert lead.post(url, data={"csrf_token": token, "key": "note-999999", "codes": [str(mine.id)]}).status_code == 400
    assert lead.post(url, data={"csrf_token": token, "key": "<script>", "codes": []}).status_code == 400


def test_a_board_theme_mapped_to_a_code_codes_its_notes(lead: FlaskClient) -> None:
    engagement = filled_engagement()
    continuity = codes.add_code(engagement.id, CodeDraft("Continuity of care"), None)
    theme, _session = codes.board_themes(engagement.id)[0]
    url = f"{STAFF}/{engagement.id}/codebook"
    lead.post(f"{url}/board", data={"csrf_token": csrf_token(lead.get(url)), f"theme-{theme.id}": str(continuity.id)})
    note = next(c for c in codes.comments(engagement.id) if c.key.source == "note")
    assert coding.merged(codes.codings(engagement.id))[note.key] == {continuity.id}
    page = check_page(lead.get(f"{STAFF}/{engagement.id}/coding?at={note.key}")).get_text(" ", strip=True)
    assert "From the workshop board: Continuity of care" in page
    # Deleting the code unmaps the theme; the note keeps its board theme.
    codes.delete_code(codes.get_code(engagement.id, continuity.id), None)  # type: ignore[arg-type]
    assert codes.board_themes(engagement.id)[0][0].code_id is None


def test_a_codebook_starts_from_another_engagement_or_an_imported_file(lead: FlaskClient) -> None:
    earlier = repository.create_engagement(EngagementDetails("Earlier"), None)
    access = codes.add_code(earlier.id, CodeDraft("Access", definition="Appointments"), None)
    codes.add_code(earlier.id, CodeDraft("Phone lines", parent_id=access.id), None)
    engagement = repository.create_engagement(EngagementDetails("Now"), None)
    url = f"{STAFF}/{engagement.id}/codebook"
    lead.post(f"{url}/copy", data={"copy-csrf_token": csrf_token(lead.get(url)), "copy-source": str(earlier.id)})
    copied = codes.codebook(engagement.id)
    assert [(c.name, c.definition) for c in copied] == [("Access", "Appointments"), ("Phone lines", "")]
    assert copied[1].parent_id == copied[0].id
    exported = lead.get(f"{STAFF}/{earlier.id}/codebook.csv").get_data(as_text=True)
    fresh = repository.create_engagement(EngagementDetails("Fresh"), None)
    fresh_url = f"{STAFF}/{fresh.id}/codebook"
    data = {
        "import-csrf_token": csrf_token(lead.get(fresh_url)),
        "import-file": (io.BytesIO(exported.encode()), "c.csv"),
    }
    lead.post(f"{fresh_url}/import", data=data, content_type="multipart/form-data")
    assert [c.name for c in codes.codebook(fresh.id)] == ["Access", "Phone lines"]
    coded = lead.get(f"{STAFF}/{engagement.id}/coded-comments.csv")
    assert coded.status_code == 200 and coded.get_data(as_text=True).lstrip("\ufeff").startswith("key,source")


def test_a_viewer_cannot_code_or_change_the_codebook(client: FlaskClient) -> None:
    engagement = filled_engagement()
    sign_in(client, "viewer")
    assert client.get(f"{STAFF}/{engagement.id}/coding").status_code == 403
    check_page(client.get(f"{STAFF}/{engagement.id}/codebook"))
    assert post_form(client, f"{STAFF}/{engagement.id}/codebook", {"name": "Access", "parent": ""}).status_code == 403
    assert codes.codebook(engagement.id) == []
    assert CommentKey  # the key type is the reports area's handle on a comment


def test_the_codebook_goes_to_refi_qda_and_back_and_to_excel(lead: FlaskClient) -> None:
    earlier = repository.create_engagement(EngagementDetails("Earlier"), None)
    access = codes.add_code(earlier.id, CodeDraft("Access", definition="Appointments", include_example="8am"), None)
    codes.add_code(earlier.id, CodeDraft("Phone lines", parent_id=access.id), None)
    exported = lead.get(f"{STAFF}/{earlier.id}/codebook.qdc")
    assert exported.status_code == 200 and b"urn:QDA-XML:codebook:1.0" in exported.data
    fresh = repository.create_engagement(EngagementDetails("Fresh"), None)
    url = f"{STAFF}/{fresh.id}/codebook"
    data = {"import-csrf_token": csrf_token(lead.get(url)), "import-file": (io.BytesIO(exported.data), "nvivo.qdc")}
    lead.post(f"{url}/import", data=data, content_type="multipart/form-data")
    book = codes.codebook(fresh.id)
    assert [(c.name, c.definition, c.include_example) for c in book] == [
        ("Access", "Appointments", "8am"),
        ("Phone lines", "", ""),
    ]
    assert book[1].parent_id == book[0].id
    bad = {"import-csrf_token": csrf_token(lead.get(url)), "import-file": (io.BytesIO(b"<x/>"), "bad.qdc")}
    page = check_page(lead.get(lead.post(f"{url}/import", data=bad, content_type="multipart/form-data").location))
    assert "not a REFI-QDA codebook" in page.get_text()
    assert (
        lead.get(
            f"{STAFF}/{repository.create_engagement(EngagementDetails('Empty'), None).id}/codebook.qdc"
        ).status_code
        == 404
    )
    workbook = openpyxl.load_workbook(io.BytesIO(lead.get(f"{STAFF}/{earlier.id}/coding.xlsx").data), read_only=True)
    assert workbook.sheetnames == ["Codebook", "Coded comments"]


def test_suggestions_say_why_and_are_never_applied(lead: FlaskClient) -> None:
    engagement = filled_engagement()
    transport = codes.add_code(
        engagement.id, CodeDraft("Transport", definition="Buses and getting to the surgery"), None
    )
    bus = next(c for c in codes.comments(engagement.id) if "bus" in c.text)
    page = check_page(lead.get(f"{STAFF}/{engagement.id}/coding?at={bus.key}")).get_text(" ", strip=True)
    assert "Suggested codes" in page and "the words bus are in its description" in page
    assert coding.merged(codes.codings(engagement.id)).get(bus.key) is None
    blind = check_page(lead.get(f"{STAFF}/{engagement.id}/coding?sample=1")).get_text(" ", strip=True)
    assert "Suggested codes" not in blind and transport.id


def test_redaction_keeps_what_was_said_and_publishes_the_redacted_words(client: FlaskClient) -> None:
    engagement = filled_engagement()
    activity = repository.activities_of(engagement.id)[0]
    said = "Ring me on 07700 900123, Dr Patel was rude"
    repository.add_comments(activity, [said], None, None)
    key = next(c.key for c in codes.comments(engagement.id) if c.text == said)
    sign_in(client, "lead")
    url = f"{STAFF}/{engagement.id}/redact?key={key}"
    page = check_page(client.get(url))
    assert page.find("textarea").get_text() == "Ring me on [phone], Dr Patel was rude"  # pre-filled, not saved
    post_form(client, url, {"text": "Ring me on [phone], [a doctor] was rude", "reason": "Named a doctor"})
    assert next(c.text for c in codes.comments(engagement.id) if c.key == key) == said  # kept exactly
    published = client.get(f"{STAFF}/{engagement.id}/coded-comments.csv?published=1").get_data(as_text=True)
    assert "[a doctor] was rude" in published and "Patel" not in published
    assert "Dr Patel" in client.get(f"{STAFF}/{engagement.id}/coded-comments.csv").get_data(as_text=True)
    event = next(e for e in audit.events_for("engagement", engagement.id) if e.action == "redact")
    assert "Patel" not in str(event.detail) and event.detail["reason"] == "Named a doctor"
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/sign-out"))})
    sign_in(client, "viewer")
    viewer_csv = client.get(f"{STAFF}/{engagement.id}/coded-comments.csv").get_data(as_text=True)
    assert "Patel" not in viewer_csv  # access to what was said is limited to staff who code
    assert client.get(url).status_code == 403


def test_coded_comments_and_the_codebook_come_back_from_csv_and_excel(lead: FlaskClient) -> None:
    engagement = filled_engagement()
    access = codes.add_code(engagement.id, CodeDraft("Access"), None)
    transport = codes.add_code(engagement.id, CodeDraft("Transport"), None)
    first, second = codes.comments(engagement.id)[:2]
    codes.set_codes(engagement.id, first.key, [access.id, transport.id], None)
    exported = lead.get(f"{STAFF}/{engagement.id}/coded-comments.csv").get_data(as_text=True)
    codes.set_codes(engagement.id, first.key, [], None)
    url = f"{STAFF}/{engagement.id}/codebook"
    data = {"coded-csrf_token": csrf_token(lead.get(url)), "coded-file": (io.BytesIO(exported.encode()), "c.csv")}
    lead.post(f"{STAFF}/{engagement.id}/coding/import", data=data, content_type="multipart/form-data")
    assert coding.merged(codes.codings(engagement.id))[first.key] == {access.id, transport.id}
    bad = f"key,codes\n{second.key},Nonsense\n"
    data = {"coded-csrf_token": csrf_token(lead.get(url)), "coded-file": (io.BytesIO(bad.encode()), "bad.csv")}
    response = lead.post(f"{STAFF}/{engagement.id}/coding/import", data=data, content_type="multipart/form-data")
    assert "unknown comment or codes Nonsense" in check_page(lead.get(response.location)).get_text()
    workbook = lead.get(f"{STAFF}/{engagement.id}/coding.xlsx").data
    fresh = repository.create_engagement(EngagementDetails("Fresh"), None)
    fresh_url = f"{STAFF}/{fresh.id}/codebook"
    data = {"import-csrf_token": csrf_token(lead.get(fresh_url)), "import-file": (io.BytesIO(workbook), "book.xlsx")}
    lead.post(f"{fresh_url}/import", data=data, content_type="multipart/form-data")
    assert [c.name for c in codes.codebook(fresh.id)] == ["Access", "Transport"]
