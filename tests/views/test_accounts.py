"""Team accounts: sessions that end, sign-in that resists guessing, invitations, resets,
roles and deactivation, two-factor sign-in, create-admin, and the transport headers."""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.helpers import PASSWORD, check_page, csrf_token, make_user, post_form, sign_in, sign_in_as
from toolkit import db
from toolkit.auth import two_factor, users
from toolkit.schema import AuditEvent, Invitation, OutboxMessage, PasswordReset, StaffSession
from toolkit.timeutil import utcnow

NEW_PASSWORD = "seven blue herons at dawn"
SURVEYS = "/staff/surveys/"


def signed_in(client: FlaskClient) -> bool:
    return client.get(SURVEYS).status_code == 200


def session_cookie(app: Flask, client: FlaskClient) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def audit_actions(object_type: str) -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.object_type == object_type).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


# --- sessions ------------------------------------------------------------------------------------


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "lead")
    copied = session_cookie(app, client)
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert signed_in(thief)
    assert post_form(client, "/staff/sign-out", {}).status_code == 302
    response = thief.get(SURVEYS)
    assert response.status_code == 302 and response.location.startswith("/staff/sign-in")


def test_sign_in_rotates_the_session_id(app: Flask, client: FlaskClient) -> None:
    user = make_user("lead")
    client.get("/staff/sign-in")
    before = session_cookie(app, client)
    sign_in_as(client, user)
    assert session_cookie(app, client) != before
    assert len(db.session.scalars(select(StaffSession)).all()) == 1


def test_a_role_change_rotates_the_session_id(app: Flask, client: FlaskClient) -> None:
    user = sign_in(client, "lead")
    old = db.session.scalars(select(StaffSession.token_hash)).one()
    users.change_role(user, "viewer", None)
    assert signed_in(client)
    records = db.session.scalars(select(StaffSession).order_by(StaffSession.id)).all()
    assert [r.ended_at is not None for r in records] == [True, False]
    assert records[1].token_hash != old and records[1].role == "viewer"


def test_sign_out_of_all_other_devices(app: Flask, client: FlaskClient) -> None:
    user = sign_in(client, "lead")
    other = app.test_client()
    sign_in_as(other, user)
    page = check_page(client.get("/staff/account"))
    assert "Sign out of all other devices" in page.get_text()
    token = csrf_token(client.get("/staff/account"))
    assert client.post("/staff/account/sign-out-others", data={"csrf_token": token}).status_code == 302
    assert signed_in(client) and not signed_in(other)


def test_a_password_change_ends_every_other_session(app: Flask, client: FlaskClient) -> None:
    user = sign_in(client, "lead")
    other = app.test_client()
    sign_in_as(other, user)
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert post_form(client, "/staff/account/password", data).status_code == 302
    assert signed_in(client) and not signed_in(other)
    assert users.authenticate(user.email, NEW_PASSWORD) is not None


@pytest.mark.parametrize("column", ["last_seen_at", "created_at"])
def test_sessions_end_when_idle_and_after_their_absolute_lifetime(app: Flask, client: FlaskClient, column) -> None:
    sign_in(client, "lead")
    assert signed_in(client)
    record = db.session.scalars(select(StaffSession)).one()
    age = timedelta(minutes=31) if column == "last_seen_at" else timedelta(hours=12, minutes=1)
    with db.transaction():
        record.last_seen_at = utcnow() - (age if column == "last_seen_at" else timedelta(minutes=1))
        record.created_at = utcnow() - (age if column == "created_at" else timedelta(minutes=1))
    assert not signed_in(client)
    assert db.session.scalars(select(StaffSession)).one().ended_at is not None


def test_the_idle_timeout_is_configurable(app: Flask, client: FlaskClient) -> None:
    app.config["SESSION_IDLE_MINUTES"] = 5
    sign_in(client, "lead")
    record = db.session.scalars(select(StaffSession)).one()
    with db.transaction():
        record.last_seen_at = utcnow() - timedelta(minutes=6)
    assert not signed_in(client)


def test_csrf_tokens_expire_with_the_session(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "lead")
    old_token = csrf_token(client.get("/staff/account"))
    assert post_form(client, "/staff/sign-out", {}).status_code == 302
    # The old page's token no longer works once the session has ended.
    response = client.post("/staff/account/sign-out-others", data={"csrf_token": old_token})
    assert response.status_code == 400
    assert app.config["WTF_CSRF_TIME_LIMIT"] == 12 * 60 * 60


# --- guessing -------------------------------------------------------------------------------------


def test_twenty_wrong_passwords_get_429_and_the_right_one_works_after_the_wait(
    app: Flask, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["SIGN_IN_WAIT_SECONDS"] = 4  # long enough that 15 refused tries fit in it on a busy machine
    user = make_user("lead")
    statuses = []
    with caplog.at_level(logging.WARNING, logger="toolkit.auth"):
        for _ in range(20):
            response = post_form(client, "/staff/sign-in", {"email": user.email, "password": "wrong password guess"})
            statuses.append(response.status_code)
    assert statuses[:5] == [400] * 5 and set(statuses[5:]) == {429}
    refused = post_form(client, "/staff/sign-in", {"email": user.email, "password": PASSWORD})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    page = check_page(refused, status=429)
    assert "Too many attempts" in page.h1.get_text()
    assert "failed sign-in account='lead@example.org' client=127.0.0.1" in caplog.text
    time.sleep(int(refused.headers["Retry-After"]) + 0.2)
    assert post_form(client, "/staff/sign-in", {"email": user.email, "password": PASSWORD}).status_code == 302
    assert signed_in(client)


def test_the_wait_grows_with_each_further_failure(app: Flask, client: FlaskClient) -> None:
    app.config["SIGN_IN_WAIT_SECONDS"] = 2
    waits = []
    for _ in range(3):
        for _attempt in range(6):
            response = post_form(client, "/staff/sign-in", {"email": "x@example.org", "password": "wrong password"})
            if response.status_code == 429:
                waits.append(int(response.headers["Retry-After"]))
                break
        time.sleep(waits[-1] + 0.1)
    assert waits == [2, 4, 8]


def test_an_address_without_an_account_is_limited_the_same_way(client: FlaskClient) -> None:
    statuses = [
        post_form(client, "/staff/sign-in", {"email": "nobody@example.org", "password": "wrong password"}).status_code
        for _ in range(7)
    ]
    assert statuses == [400] * 5 + [429] * 2


def test_sign_in_is_limited_per_client_across_accounts(app: Flask, client: FlaskClient) -> None:
    app.config["RATELIMIT_SIGN_IN"] = "3 per hour"
    statuses = [
        post_form(client, "/staff/sign-in", {"email": f"n{i}@example.org", "password": "wrong password"}).status_code
        for i in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


# --- passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop123", "iloveyou1234", "aaaaaaaaaaaaaa"])
def test_a_password_from_the_deny_list_is_refused(app: Flask, password: str) -> None:
    with pytest.raises(users.AccountError) as refused:
        users.create_user("new@example.org", "New", password, "lead")
    assert refused.value.key == "common"


def test_create_admin_never_reads_a_password_from_argv(app: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    from toolkit.cli import create_admin_command

    assert not [p for p in create_admin_command.params if "password" in p.name]
    result = runner.invoke(args=["create-admin", "--email", "boss@example.org", "--password", NEW_PASSWORD])
    assert result.exit_code != 0 and "No such option" in result.output
    assert users.find_by_email("boss@example.org") is None


def test_create_admin_prompts_twice_hidden(app: Flask, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["create-admin", "--email", "boss@example.org"], input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert NEW_PASSWORD not in result.output  # hidden: never echoed
    assert "Repeat for confirmation" in result.output
    assert users.authenticate("boss@example.org", NEW_PASSWORD).role == "admin"  # type: ignore[union-attr]
    again = runner.invoke(args=["create-admin", "--email", "boss@example.org"])
    assert again.exit_code != 0 and "already" in again.output


def test_create_admin_reads_the_environment_and_refuses_a_weak_password(app, runner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CREATE_ADMIN_PASSWORD", "password1234")
    weak = runner.invoke(args=["create-admin", "--email", "boss@example.org"])
    assert weak.exit_code != 0 and "too easy to guess" in weak.output
    monkeypatch.setenv("CREATE_ADMIN_PASSWORD", NEW_PASSWORD)
    assert runner.invoke(args=["create-admin", "--email", "boss@example.org"]).exit_code == 0
    assert users.authenticate("boss@example.org", NEW_PASSWORD) is not None


# --- invitations ----------------------------------------------------------------------------------


def invite(client: FlaskClient, email: str = "new@example.org", role: str = "lead") -> str:
    from toolkit import teams

    team = teams.default_team_id()
    db.session.commit()
    response = post_form(client, "/staff/people/invite", {"email": email, "role": role, "teams": str(team)})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return link_in(outbox()[-1])


def test_an_invitation_is_emailed_through_the_outbox_and_sets_the_role(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "admin")
    link = invite(client, role="facilitator")
    message = outbox()[-1]
    assert message.kind == "invitation" and message.to_address == "new@example.org" and message.status == "queued"
    newcomer = app.test_client()
    check_page(newcomer.get(link))
    weak = post_form(newcomer, link, {"name": "New", "password": "password1234", "confirm": "password1234"})
    assert "too easy to guess" in check_page(weak, status=400).get_text()
    data = {"name": "New Person", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert post_form(newcomer, link, data).status_code == 302
    user = users.find_by_email("new@example.org")
    assert user is not None and user.role == "facilitator" and user.name == "New Person"
    # Single use.
    assert newcomer.get(link).status_code == 404
    assert audit_actions("invitation") == ["invite", "accept"]


def test_an_invitation_expires_after_72_hours(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "admin")
    link = invite(client)
    invitation = db.session.scalars(select(Invitation)).one()
    assert (
        timedelta(hours=71)
        < invitation.expires_at.replace(tzinfo=None) - invitation.created_at.replace(tzinfo=None)
        <= timedelta(hours=72)
    )
    with db.transaction():
        invitation.expires_at = utcnow() - timedelta(seconds=1)
    page = check_page(app.test_client().get(link), status=404)
    assert "expired" in page.h1.get_text()


# --- password reset -------------------------------------------------------------------------------


def test_password_reset_never_says_whether_an_account_exists(app: Flask, client: FlaskClient) -> None:
    make_user("lead")
    known = post_form(client, "/staff/forgot-password", {"email": "lead@example.org"})
    unknown = post_form(client, "/staff/forgot-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: r.get_data(as_text=True).replace("lead@example.org", "@").replace("nobody@example.org", "@")  # noqa: E731
    csrf = re.compile(r'(value|nonce)="[^"]{20,}"')
    assert csrf.sub("", strip(known)) == csrf.sub("", strip(unknown))
    assert [m.to_address for m in outbox()] == ["lead@example.org"]


def test_a_reset_link_works_once_and_ends_every_session(app: Flask, client: FlaskClient) -> None:
    user = sign_in(client, "lead")
    post_form(app.test_client(), "/staff/forgot-password", {"email": user.email})
    link = link_in(outbox()[-1])
    visitor = app.test_client()
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert post_form(visitor, link, data).status_code == 302
    assert not signed_in(client)
    assert users.authenticate(user.email, NEW_PASSWORD) is not None
    assert visitor.get(link).status_code == 404


def test_a_reset_link_expires_after_an_hour(app: Flask, client: FlaskClient) -> None:
    user = make_user("lead")
    post_form(client, "/staff/forgot-password", {"email": user.email})
    reset = db.session.scalars(select(PasswordReset)).one()
    with db.transaction():
        reset.expires_at = utcnow() - timedelta(seconds=1)
    assert client.get(link_in(outbox()[-1])).status_code == 404


# --- people -----------------------------------------------------------------------------------------


def test_people_page_shows_last_sign_in_and_changes_are_audited(app: Flask, client: FlaskClient) -> None:
    admin = sign_in(client, "admin")
    lead = make_user("lead")
    page = check_page(client.get("/staff/people"))
    assert "Never" in page.get_text()  # the lead has not signed in
    assert admin.email in page.get_text()
    response = post_form(client, f"/staff/people/{lead.id}", {"role": "viewer"})
    assert response.status_code == 302
    assert users.get(lead.id).role == "viewer"  # type: ignore[union-attr]
    assert "change_role" in audit_actions("staff_user")


def test_deactivating_a_person_signs_them_out_everywhere(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "admin")
    lead_client = app.test_client()
    lead = sign_in(lead_client, "lead")
    second = app.test_client()
    sign_in_as(second, lead)
    token = csrf_token(client.get(f"/staff/people/{lead.id}"))
    assert client.post(f"/staff/people/{lead.id}/deactivate", data={"csrf_token": token}).status_code == 302
    assert not signed_in(lead_client) and not signed_in(second)
    assert users.authenticate(lead.email, PASSWORD) is None
    assert client.post(f"/staff/people/{lead.id}/reactivate", data={"csrf_token": token}).status_code == 302
    assert users.authenticate(lead.email, PASSWORD) is not None
    assert audit_actions("staff_user")[-2:] == ["deactivate", "reactivate"]


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(app: Flask, client: FlaskClient) -> None:
    admin = sign_in(client, "admin")
    refused = post_form(client, f"/staff/people/{admin.id}", {"role": "lead"})
    assert "last active admin" in check_page(refused, status=400).get_text()
    token = csrf_token(client.get(f"/staff/people/{admin.id}"))
    client.post(f"/staff/people/{admin.id}/deactivate", data={"csrf_token": token})
    assert users.get(admin.id).active and users.get(admin.id).role == "admin"  # type: ignore[union-attr]
    other = make_user("admin", email="second@example.org")
    assert post_form(client, f"/staff/people/{other.id}", {"role": "lead"}).status_code == 302


# --- two-factor sign-in ---------------------------------------------------------------------------


def test_an_admin_must_set_up_two_factor_then_needs_a_code(app: Flask, client: FlaskClient) -> None:
    admin = users.create_user("boss@example.org", "Boss", PASSWORD, "admin")
    response = post_form(client, "/staff/sign-in", {"email": admin.email, "password": PASSWORD})
    assert response.location == "/staff/two-factor/setup"
    assert client.get(SURVEYS).status_code == 302  # not signed in until two-factor is set up
    page = check_page(client.get("/staff/two-factor/setup"))
    assert page.find("img", src=re.compile("^data:image/svg")) is not None
    secret = page.find("code", class_="toolkit-secret").get_text()
    wrong = post_form(client, "/staff/two-factor/setup", {"code": "000000"})
    check_page(wrong, status=400)
    done = post_form(client, "/staff/two-factor/setup", {"code": pyotp.TOTP(secret).now()})
    codes = [c.get_text() for c in check_page(done).select(".toolkit-recovery-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert signed_in(client)

    again = app.test_client()
    response = post_form(again, "/staff/sign-in", {"email": admin.email, "password": PASSWORD})
    assert response.location.startswith("/staff/sign-in/code")
    assert check_page(post_form(again, response.location, {"code": "123456"}), status=400)
    assert post_form(again, response.location, {"code": codes[0]}).status_code == 302
    assert signed_in(again)
    # A recovery code works once.
    third = app.test_client()
    response = post_form(third, "/staff/sign-in", {"email": admin.email, "password": PASSWORD})
    assert post_form(third, response.location, {"code": codes[0]}).status_code == 400


def test_a_totp_code_cannot_be_replayed(app: Flask) -> None:
    user = make_user("lead")
    secret = pyotp.random_base32()
    two_factor.enable(user, secret, pyotp.TOTP(secret).now(), None)
    user = users.get(user.id)
    with db.transaction():
        user.totp_last_step = None  # type: ignore[union-attr]
    code = pyotp.TOTP(secret).now()
    assert two_factor.verify(user, code)  # type: ignore[arg-type]
    assert not two_factor.verify(users.get(user.id), code)  # type: ignore[arg-type]


def test_an_admin_can_require_two_factor_for_everyone(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "admin")
    lead_client = app.test_client()
    sign_in(lead_client, "lead")
    assert signed_in(lead_client)
    token = csrf_token(client.get("/staff/people"))
    assert client.post("/staff/people/two-factor", data={"csrf_token": token}).status_code == 302
    assert lead_client.get(SURVEYS).location == "/staff/two-factor/setup"


# --- transport and headers ------------------------------------------------------------------------


def test_staff_pages_and_downloads_are_never_cached(client: FlaskClient) -> None:
    sign_in(client, "lead")
    assert client.get(SURVEYS).headers["Cache-Control"] == "no-store"
    assert client.get("/staff/sign-in").headers["Cache-Control"] == "no-store"
    # A public page is kept from shared caches only (a signed-in person's copy is never stored).
    assert "no-store" not in client.application.test_client().get("/").headers.get("Cache-Control", "")


def test_hsts_only_over_https(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_session_cookies_are_secure_by_default(app: Flask, client: FlaskClient) -> None:
    make_user("lead")
    response = post_form(client, "/staff/sign-in", {"email": "lead@example.org", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie and "HttpOnly" in cookie


def test_a_forged_host_is_refused_when_hosts_are_configured(app: Flask, client: FlaskClient) -> None:
    app.config["TRUSTED_HOSTS"] = ["engage.example.nhs.uk"]
    assert client.get("/", headers={"Host": "engage.example.nhs.uk"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400


def test_proxy_fix_trusts_only_the_configured_number_of_proxies(database_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from toolkit import create_app

    behind = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x", "TRUSTED_PROXY_COUNT": 1})
    response = behind.test_client().get("/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert "Strict-Transport-Security" in response.headers
    direct = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x"})
    response = direct.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers
