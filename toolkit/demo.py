"""Demo data for `make run`: a staff login and each area's demo content."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

from toolkit.auth import users

DEMO_EMAIL = "lead@example.org"


def load_demo(response_count: int, login_file: Path) -> Iterator[str]:
    """Idempotent: the login is created once and its password kept in instance/ (not in git)."""
    from engagements.demo import load_demo as load_engagement_demo
    from reports.demo import load_demo as load_report_demo
    from surveys.demo import load_demo as load_survey_demo
    from workshops.demo import load_demo as load_workshop_demo

    if users.find_by_email(DEMO_EMAIL) is None:
        password = secrets.token_urlsafe(10)
        users.create_user(DEMO_EMAIL, "Demo engagement lead", password, "admin")
        login_file.parent.mkdir(parents=True, exist_ok=True)
        login_file.write_text(f"{DEMO_EMAIL} / {password}\n")
        login_file.chmod(0o600)
    login = login_file.read_text().strip() if login_file.exists() else f"{DEMO_EMAIL} (password set earlier)"
    yield f"Staff login: {login}  (sign in at http://127.0.0.1:5000/staff/sign-in)"
    yield from load_survey_demo(response_count)
    yield from load_workshop_demo()
    yield from load_engagement_demo()
    yield from load_report_demo()
