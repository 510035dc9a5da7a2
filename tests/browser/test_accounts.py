"""What a person sees of team accounts, in a real browser: an invitation accepted and a first
sign-in with two-factor, only their team's surveys; a password reset by email link; and a
deactivated person's very next request going to sign in."""

from __future__ import annotations

import re
import secrets
from typing import Any

import pyotp
from sqlalchemy import select

from tests.browser.conftest import BrowserSession, assert_no_axe_violations, path_of
from tests.helpers import PASSWORD, make_survey
from toolkit import db, teams
from toolkit.auth import users
from toolkit.schema import OutboxMessage

NEW_PASSWORD = "river stones hum softly"


def _last_link(to: str) -> str:
    db.session.remove()
    query = select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(OutboxMessage.id.desc())
    message = db.session.scalars(query).first()
    assert message is not None, f"no email to {to} in the outbox"
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match
    return match.group(1)


def _sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _new_admin(session: BrowserSession) -> tuple[str, str]:
    """An admin with two-factor set up; their email and authenticator secret."""
    email = f"admin-{secrets.token_hex(3)}@example.org"
    with session.server.app.app_context():
        db.bind(session.server.engine)
        user = users.create_user(email, "Browser admin", PASSWORD, "admin", team_ids=[])
        secret = pyotp.random_base32()
        from toolkit.auth import two_factor

        assert two_factor.enable(user, secret, pyotp.TOTP(secret).now(), user.id)
        with db.transaction() as session:
            session.merge(user).totp_last_step = None  # so the browser may use the current code
        db.session.remove()
    return email, secret


def test_invite_accept_sign_in_with_two_factor_and_see_only_the_team(browser_session: BrowserSession) -> None:
    server = browser_session.server
    with server.app.app_context():
        db.bind(server.engine)
        team = teams.create_team(f"Team {secrets.token_hex(3)}", None)
        make_survey(f"ours-{secrets.token_hex(3)}", title="Our team's survey")
        db.session.remove()
    ours_slug = None
    with server.app.app_context():
        from surveys import repository

        ours = next(s for s in repository.all_surveys() if s.title == "Our team's survey")
        ours_slug = ours.slug
        with db.transaction():
            ours.team_id = team.id
        db.session.remove()
    admin_email, admin_secret = _new_admin(browser_session)

    admin = browser_session.new_page()
    _sign_in(admin, admin_email, PASSWORD)
    assert path_of(admin) == "/staff/sign-in/code"
    admin.get_by_label("Code from your authenticator app, or a recovery code").fill(pyotp.TOTP(admin_secret).now())
    admin.get_by_role("button", name="Continue").click()
    admin.goto("/staff/people/invite")
    assert_no_axe_violations(admin, "invite someone")
    invitee = f"new-{secrets.token_hex(3)}@example.org"
    admin.get_by_label("Their work email address").fill(invitee)
    admin.get_by_role("radio", name=re.compile("Engagement lead")).check()
    admin.get_by_role("checkbox", name=team.name).check()
    admin.get_by_role("button", name="Send the invitation").click()
    assert path_of(admin) == "/staff/people"
    assert_no_axe_violations(admin, "people")

    page = browser_session.new_page()
    page.goto(_last_link(invitee))
    assert_no_axe_violations(page, "accept invitation")
    page.get_by_label("Your name").fill("New Lead")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    assert path_of(page) == "/staff/sign-in"
    _sign_in(page, invitee, NEW_PASSWORD)
    # Optional for a lead: they turn it on from their account page.
    page.goto("/staff/two-factor/setup")
    assert_no_axe_violations(page, "two-factor setup")
    secret = page.locator("code.toolkit-secret").inner_text()
    page.get_by_label("The 6-digit code your app shows").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.locator(".toolkit-recovery-codes code").first.wait_for()
    codes = page.locator(".toolkit-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_no_axe_violations(page, "recovery codes")

    fresh = browser_session.new_page()
    _sign_in(fresh, invitee, NEW_PASSWORD)
    assert path_of(fresh) == "/staff/sign-in/code"
    assert_no_axe_violations(fresh, "sign-in code")
    fresh.get_by_label("Code from your authenticator app, or a recovery code").fill(codes[0])
    fresh.get_by_role("button", name="Continue").click()
    assert path_of(fresh) == "/staff/surveys/"
    listed = fresh.locator("main table").inner_text()
    assert "Our team's survey" in listed and "Urgent care in your area" not in listed
    fresh.goto("/staff/surveys/1")  # the demo survey, another team's
    assert fresh.locator("h1").inner_text() == "Page not found"
    assert ours_slug


def test_reset_password_by_email_link(browser_session: BrowserSession) -> None:
    server = browser_session.server
    email = f"forgetful-{secrets.token_hex(3)}@example.org"
    with server.app.app_context():
        db.bind(server.engine)
        users.create_user(email, "Forgetful", PASSWORD, "viewer")
        db.session.remove()
    page = browser_session.new_page()
    page.goto("/staff/sign-in")
    page.get_by_role("link", name="I have forgotten my password").click()
    assert_no_axe_violations(page, "forgot password")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Send the link").click()
    assert page.locator("h1").inner_text() == "Check your email"
    page.goto(_last_link(email))
    assert_no_axe_violations(page, "choose a new password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    _sign_in(page, email, NEW_PASSWORD)
    assert path_of(page) == "/staff/surveys/"


def test_a_deactivated_person_goes_to_sign_in_on_their_next_request(browser_session: BrowserSession) -> None:
    server = browser_session.server
    email = f"leaver-{secrets.token_hex(3)}@example.org"
    with server.app.app_context():
        db.bind(server.engine)
        leaver = users.create_user(email, "Leaver", PASSWORD, "lead")
        db.session.remove()
    page = browser_session.new_page()
    _sign_in(page, email, PASSWORD)
    assert path_of(page) == "/staff/surveys/"

    admin_email, admin_secret = _new_admin(browser_session)
    admin = browser_session.new_page()
    _sign_in(admin, admin_email, PASSWORD)
    admin.get_by_label("Code from your authenticator app, or a recovery code").fill(pyotp.TOTP(admin_secret).now())
    admin.get_by_role("button", name="Continue").click()
    admin.goto(f"/staff/people/{leaver.id}")
    assert_no_axe_violations(admin, "a person")
    admin.get_by_role("button", name="Deactivate").click()

    page.goto("/staff/workshops/")
    assert path_of(page) == "/staff/sign-in"
