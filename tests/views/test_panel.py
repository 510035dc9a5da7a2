"""The citizens' panel: joining with double opt-in by email and by text, the member page (pause,
change, leave), leaving erases everything personal from every table, staff adding and importing
members with a report of rejected rows and duplicates, consent renewal removing members who do
not answer, contact details for admins and panel managers only (audited), and the panel profile."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import String, Text, inspect, select, text

from panel import demo, repository
from panel.model import MemberStatus, renewal_due
from panel.tasks import renew_and_expire
from tests.helpers import check_page, csrf_token, date_boxes, post_form, sign_in
from toolkit import db, teams
from toolkit.schema import AuditEvent, OutboxMessage, Panel, PanelConsentEvent, PanelMember, metadata
from toolkit.timeutil import utcnow

EMAIL = "Sam.Person@Example.org"
PHONE = "07700 900123"
NAME = "Samira Uniquename"
ADDRESS = "17 Zebra Crossing Lane"


def make_panel(slug: str = "our-panel", **settings: object) -> Panel:
    panel = repository.create_panel("Our Panel", slug, ["E07000118"], teams.default_team_id(), None)
    if settings:
        repository.update_settings(panel, dict(settings), None)
    return panel


def join(client: FlaskClient, slug: str = "our-panel", **overrides: str) -> object:
    data = {
        "contact_method": "email",
        "email": EMAIL,
        "phone": "",
        "name": NAME,
        "address": "",
        "postcode": "",
        "language": "en",
        "format": "standard",
        "eq_age": "16_to_24",
        "eq_unpaid_carer": "yes_20_to_34_hours_a_week",
        "eq_postcode_district": "pr7",
        "local_authority": "E07000118",
        "may_prefill": "y",
        "consent": "y",
        **overrides,
    }
    return post_form(client, f"/panel/{slug}/join", data)


def post_from(client: FlaskClient, page: str, url: str, data: dict[str, str] | None = None) -> object:
    """POST to a button's URL with the CSRF token of the page the button is on."""
    return client.post(url, data={"csrf_token": csrf_token(client.get(page)), **(data or {})})


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def link_in(body: str, kind: str) -> str:
    match = re.search(rf"(?:https?://[^/\s]+)?(/panel/{kind}/[A-Za-z0-9_\-]+)", body)
    assert match, body
    return match.group(1)


def only_member() -> PanelMember:
    db.session.expire_all()
    found = list(db.session.scalars(select(PanelMember)))
    assert len(found) == 1
    return found[0]


# --- joining ---------------------------------------------------------------------------------------


def test_the_join_page_is_linked_from_the_home_page_and_works_without_javascript(client: FlaskClient) -> None:
    make_panel()
    home = check_page(client.get("/"))
    assert home.find("a", href="/panel/our-panel/join")
    soup = check_page(client.get("/panel/our-panel/join"))
    assert soup.find("form", method="post")
    assert soup.find("input", attrs={"name": "email", "autocomplete": "email"})
    assert soup.find("input", attrs={"name": "eq_age"}), "the harmonised equality questions are asked"
    assert "I agree to join the citizens' panel" in soup.get_text()
    check_page(client.get("/panel/our-panel/join/easy-read"))
    assert client.get("/panel/nope/join").status_code == 404


def test_joining_by_email_needs_the_confirmation_link_before_the_member_counts(client: FlaskClient) -> None:
    make_panel()
    response = join(client)
    assert response.status_code == 302
    member = only_member()
    assert member.status == MemberStatus.PENDING and member.consent_version == "2026-1" and member.consented_at
    assert repository.contact_of(member.id).email == EMAIL.lower()  # type: ignore[union-attr]
    profile = repository.profile_of(member)
    assert profile is not None and profile.answers["eq_age"] == "16_to_24" and profile.postcode_district == "PR7"
    assert profile.local_authority == "E07000118" and profile.icb and profile.may_prefill
    [message] = outbox()
    assert message.kind == "panel_confirm" and message.to_address == EMAIL.lower()
    confirm = link_in(message.body, "confirm")
    page = check_page(client.get(confirm))  # opening the link (or a mail scanner opening it) confirms nobody
    assert only_member().status == MemberStatus.PENDING
    post_form(client, confirm, {})
    member = only_member()
    assert member.status == MemberStatus.CONFIRMED
    assert member.renewal_due == renewal_due(utcnow().date(), 12)
    kinds = [e.kind for e in db.session.scalars(select(PanelConsentEvent).order_by(PanelConsentEvent.id))]
    assert kinds == ["joined", "confirmed"]
    assert page.h1


def test_joining_by_text_queues_an_sms_with_the_link(client: FlaskClient) -> None:
    make_panel()
    join(client, contact_method="sms", email="", phone=PHONE)
    [message] = outbox()
    assert message.kind == "sms" and message.to_address == "+447700900123" and message.subject == ""
    assert len(message.body) < 300
    post_form(client, link_in(message.body, "confirm"), {})
    assert only_member().status == MemberStatus.CONFIRMED


def test_postal_joiners_wait_for_staff(app: Flask, client: FlaskClient) -> None:
    make_panel()
    join(client, contact_method="post", email="", address=ADDRESS, postcode="pr7 1aa")
    member = only_member()
    assert member.status == MemberStatus.PENDING and outbox() == []
    staff = app.test_client()
    sign_in(staff, "lead")
    page = check_page(staff.get(f"/staff/panel/{member.panel_id}/members"))
    assert ADDRESS not in page.get_text(), "a lead sees no contact details"
    members = f"/staff/panel/{member.panel_id}/members"
    post_from(staff, members, f"{members}/{member.id}/confirm")
    assert only_member().status == MemberStatus.CONFIRMED


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent": ""}, "You must agree"),
        ({"email": "not-an-email"}, "correct format"),
        ({"contact_method": "sms", "email": "", "phone": "01234 567890"}, "UK mobile"),
        ({"contact_method": "post", "email": ""}, "Enter your name, address and postcode"),
        ({"eq_age": "ancient"}, "Select one of the options"),
    ],
)
def test_wrong_join_details_get_a_clear_400(client: FlaskClient, overrides: dict[str, str], message: str) -> None:
    make_panel()
    soup = check_page(join(client, **overrides), status=400)
    assert message in soup.get_text()
    assert db.session.scalar(select(PanelMember.id)) is None


def test_the_same_email_cannot_join_twice(client: FlaskClient) -> None:
    make_panel()
    join(client)
    soup = check_page(join(client, email=EMAIL.upper()), status=400)
    assert "already on the panel" in soup.get_text()


# --- the member page --------------------------------------------------------------------------------


def member_page(client: FlaskClient) -> str:
    join(client)
    return link_in(outbox()[0].body, "me")


def boxes(day: date) -> dict[str, str]:
    return date_boxes("until", f"{day.day} {day.month} {day.year}")


def test_a_bad_pause_date_is_named_and_kept(client: FlaskClient) -> None:
    make_panel()
    page = member_page(client)
    problems = [
        ("", "Enter the date to pause until"),
        ("30  2026", "The date to pause until must include a month"),
        ("31 2 2027", "The date to pause until must be a real date"),
        ("1 1 27", "Year must include 4 numbers"),
    ]
    for typed, message in problems:
        shown = check_page(post_form(client, f"{page}/pause", date_boxes("until", typed)), status=400)
        assert message in shown.get_text()
    assert shown.find("input", attrs={"name": "until-year"})["value"] == "27"  # what was typed is shown back
    assert only_member().paused_until is None


def test_the_member_page_changes_details_and_pauses(client: FlaskClient) -> None:
    make_panel()
    page = member_page(client)
    shown = client.get(page)
    check_page(shown)
    assert shown.headers["Cache-Control"] == "no-store", "a member's page is never stored"
    response = post_form(client, f"{page}/details", {"contact_method": "sms", "email": "", "phone": PHONE,
                                                       "name": NAME, "address": "", "postcode": "",
                                                       "language": "ur", "format": "large_print"})  # fmt: skip
    assert response.status_code == 302
    member = only_member()
    assert (member.contact_method, member.language, member.format) == ("sms", "ur", "large_print")
    until = date.today() + timedelta(days=30)
    assert post_form(client, f"{page}/pause", boxes(until)).status_code == 302
    assert only_member().paused_until == until
    too_long = date.today() + timedelta(days=400)
    check_page(post_form(client, f"{page}/pause", boxes(too_long)), status=400)
    post_from(client, page, f"{page}/resume")
    assert only_member().paused_until is None
    assert client.get("/panel/me/not-a-token").status_code == 404


def personal_text_anywhere(values: list[str]) -> list[str]:
    """Every text column of every table, searched for each value (case-insensitive)."""
    found = []
    with db.engine().connect() as connection:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text)) or c.type.python_type is dict]
            if not columns:
                continue
            for row in connection.execute(select(*columns)):
                for column, cell in zip(columns, row, strict=True):
                    blob = str(cell).lower()
                    found += [f"{table.name}.{column.name}" for v in values if v.lower() in blob]
    return found


def test_leaving_erases_everything_personal_from_every_table(app: Flask, client: FlaskClient) -> None:
    panel = make_panel()
    page = member_page(client)
    post_form(client, f"{page}/details", {"contact_method": "email", "email": EMAIL, "phone": PHONE, "name": NAME,
                                          "address": ADDRESS, "postcode": "PR7 1AA", "language": "en",
                                          "format": "standard"})  # fmt: skip
    staff = app.test_client()
    sign_in(staff, "panel_manager")
    assert NAME in staff.get(f"/staff/panel/{panel.id}/members/contacts").get_data(as_text=True)
    values = [EMAIL, "+447700900123", NAME, ADDRESS, "PR7 1AA"]
    assert personal_text_anywhere(values), "the scan finds the details while the member is on the panel"
    check_page(client.get(f"{page}/leave"))
    check_page(post_form(client, f"{page}/leave", {}))
    assert personal_text_anywhere(values) == []
    member = only_member()
    assert member.status == MemberStatus.LEFT and member.profile_id is None and member.token_hash is None
    assert db.session.scalar(text("select count(*) from panel_profile")) == 0
    assert client.get(page).status_code == 404
    assert repository.counts(panel.id)["left"] == 1, "an anonymous count remains"


# --- staff ------------------------------------------------------------------------------------------


def test_contact_details_only_for_admins_and_panel_managers_and_every_view_is_audited(app: Flask) -> None:
    panel = make_panel()
    clients = {}
    for role in ("viewer", "lead", "panel_manager", "admin"):
        clients[role] = app.test_client()
        sign_in(clients[role], role)
    url = f"/staff/panel/{panel.id}/members/contacts"
    for role in ("viewer", "lead"):
        assert clients[role].get(url).status_code == 403
        assert clients[role].get(url + ".csv").status_code == 403
    for role in ("panel_manager", "admin"):
        assert clients[role].get(url).status_code == 200
    csv = clients["admin"].get(url + ".csv")
    assert csv.status_code == 200 and csv.headers["Cache-Control"] == "no-store"
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "panel_contact")))
    assert actions.count("view_contacts") == 2 and actions.count("export_contacts") == 1


def test_staff_add_a_member_who_joined_on_paper(app: Flask) -> None:
    panel = make_panel()
    staff = app.test_client()
    sign_in(staff, "lead")
    data = {"source": "paper", "contact_method": "post", "name": NAME, "address": ADDRESS, "postcode": "PR7 1AA",
            "email": "", "phone": "", "language": "en", "format": "large_print", "consent": "y"}  # fmt: skip
    check_page(staff.get(f"/staff/panel/{panel.id}/members/add"))
    assert post_form(staff, f"/staff/panel/{panel.id}/members/add", data).status_code == 302
    member = only_member()
    assert member.status == MemberStatus.CONFIRMED and member.source == "paper"
    assert "add_member" in db.session.scalars(select(AuditEvent.action)).all()


CSV = (
    "name,email,mobile,address,postcode,contact_method,language,format\n"
    "Ann One,ann@example.org,,,,,en,\n"
    "Bob Two,,07700 900001,,,text,en,large print\n"
    "Bad Email,not-an-email,,,,,en,\n"
    "Ann Again,ANN@example.org,,,,,en,\n"
    "No Way,,,,,,en,\n"
    "Cy Three,cy@example.org,,,,,xx,\n"
    "Existing,existing@example.org,,,,,en,\n"
    ",,,,,,,\n"
    "Dee Post,,,1 Road,PR7 1AA,post,en,easy read\n"
)


def import_file(staff: FlaskClient, panel: Panel, content: bytes, name: str) -> object:
    return post_form(staff, f"/staff/panel/{panel.id}/import", {"file": (io.BytesIO(content), name)},
                     content_type="multipart/form-data")  # fmt: skip


def test_import_reports_rejected_rows_and_duplicates(app: Flask, client: FlaskClient) -> None:
    panel = make_panel()
    join(client, email="existing@example.org")
    staff = app.test_client()
    sign_in(staff, "panel_manager")
    soup = check_page(import_file(staff, panel, CSV.encode(), "panel.csv"))
    text_ = soup.get_text(" ")
    assert "Imported: 3. Rejected: 3. Duplicates not imported: 2." in text_
    rows = {tuple(td.get_text(strip=True) for td in tr.find_all("td")) for tr in soup.select("tbody tr")}
    assert ("4", "Enter an email address in the correct format, like name@example.com") in rows
    assert ("5", "Same email address as row 2") in rows
    assert ("8", "A current member has the same email address") in rows
    assert any(r[0] == "6" for r in rows) and any(r[0] == "7" and "xx" in r[1] for r in rows)
    confirmed = repository.members(panel.id, status=MemberStatus.CONFIRMED)
    assert len(confirmed) == 3 and {m.source for m in confirmed} == {"import"}
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "import_members"))
    assert event.detail["accepted"] == 3 and event.detail["rejected"] == 3 and event.detail["duplicates"] == 2


def test_import_reads_xlsx_and_refuses_a_bad_file(app: Flask) -> None:
    panel = make_panel()
    book = Workbook()
    sheet = book.active
    for line in CSV.splitlines()[:3]:
        sheet.append(line.split(","))  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    staff = app.test_client()
    sign_in(staff, "panel_manager")
    soup = check_page(import_file(staff, panel, buffer.getvalue(), "panel.xlsx"))
    assert "Imported: 2." in soup.get_text()
    bad = check_page(import_file(staff, panel, b"not a zip", "panel.xlsx"), status=400)
    assert "could not be read" in bad.get_text()
    headless = check_page(import_file(staff, panel, b"a,b\n1,2\n", "panel.csv"), status=400)
    assert "column headings" in headless.get_text()


# --- consent renewal --------------------------------------------------------------------------------


def test_renewal_asks_reminds_and_removes_members_who_do_not_answer(client: FlaskClient) -> None:
    panel = make_panel(renewal_reminder_days=7, renewal_reminders=1)
    join(client)
    post_form(client, link_in(outbox()[0].body, "confirm"), {})
    join(client, email="stayer@example.org")
    post_form(client, link_in(outbox()[1].body, "confirm"), {})
    due = utcnow() + timedelta(days=366)
    outcome, _ = renew_and_expire(due)
    assert outcome.asked == 2
    asks = [m for m in outbox() if m.kind == "panel_renewal"]
    assert len(asks) == 2 and "stay" in asks[0].subject
    stayer_page = link_in(next(m for m in asks if m.to_address == "stayer@example.org").body, "me")
    post_from(client, stayer_page, f"{stayer_page}/stay")
    assert renew_and_expire(due + timedelta(days=7))[0].reminded == 1
    assert renew_and_expire(due + timedelta(days=10))[0] == repository.RenewalOutcome()
    outcome, _ = renew_and_expire(due + timedelta(days=14))
    assert outcome.removed == 1
    db.session.expire_all()
    statuses = {m.left_reason: m.status for m in db.session.scalars(select(PanelMember))}
    assert statuses == {"renewal_lapsed": "left", None: "confirmed"}
    assert repository.counts(panel.id)["confirmed"] == 1
    assert not [m for m in outbox() if m.to_address == EMAIL.lower()], "their messages went with them"


def test_unconfirmed_joiners_are_erased_when_the_link_expires(client: FlaskClient) -> None:
    make_panel()
    join(client)
    _, expired = renew_and_expire(utcnow() + timedelta(days=8))
    assert expired == 1 and only_member().left_reason == "never_confirmed"


# --- the profile and channels -----------------------------------------------------------------------


def test_the_demo_panel_profile_shows_the_gaps(app: Flask) -> None:
    list(demo.load_demo(300))
    panel = repository.panel_by_slug(demo.DEMO_SLUG)
    assert panel is not None
    staff = app.test_client()
    sign_in(staff, "viewer")
    soup = check_page(staff.get(f"/staff/panel/{panel.id}/profile"))
    gaps = soup.find("section", id="gaps").get_text(" ")  # type: ignore[union-attr]
    assert "Age" in gaps and "16 to 24" in gaps
    assert "Unpaid care" in gaps or "unpaid care" in gaps.lower()
    assert "College open day" in gaps or "Carers' centre" in gaps
    assert soup.find("img", class_="toolkit-chart")
    check_page(staff.get(f"/staff/panel/{panel.id}"))
    channels = check_page(staff.get(f"/staff/panel/{panel.id}/channels"))
    qr_link = channels.find("a", string=re.compile("SVG for"))
    assert qr_link is not None
    qr = staff.get(qr_link["href"])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"


def test_a_small_panel_shows_no_equality_figures(app: Flask, client: FlaskClient) -> None:
    panel = make_panel()
    join(client)
    post_form(client, link_in(outbox()[0].body, "confirm"), {})
    staff = app.test_client()
    sign_in(staff, "viewer")
    soup = check_page(staff.get(f"/staff/panel/{panel.id}/profile"))
    assert "Too few members" in soup.get_text() and not soup.find("img", class_="toolkit-chart")


def test_every_text_column_is_scanned(app: Flask) -> None:
    """The leave test's scan covers the contact table's columns (guards against a type change)."""
    columns = {c["name"] for c in inspect(db.engine()).get_columns("panel_contact")}
    assert {"name", "email", "phone", "address", "postcode"} <= columns
