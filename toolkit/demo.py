"""Demo data for `make run`: one staff login per role and each area's demo content."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pyotp

from toolkit.auth import two_factor, users

DEMO_EMAIL = "lead@example.org"  # the demo engagement lead, who wrote the demo report
DEMO_LOGINS = (
    ("admin", "admin@example.org", "Demo admin"),
    ("panel_manager", "panel@example.org", "Demo panel manager"),
    ("lead", DEMO_EMAIL, "Demo engagement lead"),
    ("facilitator", "facilitator@example.org", "Demo facilitator"),
    ("viewer", "viewer@example.org", "Demo viewer"),
)


def _create_logins(login_file: Path) -> None:
    """Once: one login per role in the default team, their passwords kept in instance/ (not in git).
    The demo admin and panel manager have two-factor sign-in set up, as they must: its authenticator key and
    recovery codes are written down beside the passwords."""
    lines = []
    for role, email, name in DEMO_LOGINS:
        if users.find_by_email(email) is not None:
            continue
        password = "demo-" + secrets.token_urlsafe(12)
        user = users.create_user(email, name, password, role)
        line = f"{role}: {email} / {password}"
        if role in ("admin", "panel_manager"):
            secret = pyotp.random_base32()
            codes = two_factor.enable(user, secret, pyotp.TOTP(secret).now(), None) or []
            line += (
                f"\n  two-factor: add the key {secret} to an authenticator app,"
                f"\n  or use a recovery code (each works once): {', '.join(codes)}"
            )
        lines.append(line)
    if lines:
        login_file.parent.mkdir(parents=True, exist_ok=True)
        with login_file.open("a") as out:
            out.write("\n".join(lines) + "\n")
        login_file.chmod(0o600)


def load_demo(response_count: int, login_file: Path, address: str = "http://127.0.0.1:5000") -> Iterator[str]:
    """Idempotent: the logins are created once and their passwords kept in instance/."""
    from engagements.demo import load_demo as load_engagement_demo
    from panel.demo import load_demo as load_panel_demo
    from panel.invitations_demo import load_demo as load_invitation_demo
    from reports.demo import load_demo as load_report_demo
    from surveys.demo import load_demo as load_survey_demo
    from workshops.demo import load_demo as load_workshop_demo

    _create_logins(login_file)
    yield f"Staff logins, one per role (sign in at {address}/staff/sign-in):"
    logins = login_file.read_text().strip() if login_file.exists() else "(passwords set earlier)"
    yield from (f"  {line}" for line in logins.splitlines())
    yield from load_survey_demo(response_count)
    yield from load_workshop_demo()
    yield from load_engagement_demo()
    yield from load_report_demo()
    yield from load_panel_demo()
    yield from load_invitation_demo()
    yield from _publish_equality_figures()


def _publish_equality_figures() -> Iterator[str]:
    """What the queue's 15-minute job would have done by now: every demo survey's equality
    figures audited and kept, so the first look at a dashboard or a report does not wait for it."""
    from surveys import repository as surveys
    from surveys.equality import tasks as equality_tasks

    published = [survey.id for survey in surveys.all_surveys() if equality_tasks.publish(survey.id)]
    if published:
        yield f"Equality figures checked and published for {len(published)} demo survey(s)."
