"""Test helpers: page checks every view test uses, signing in, and small factories."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections import Counter
from typing import Any

import pyotp
from bs4 import BeautifulSoup, NavigableString
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from surveys import repository
from surveys.model import Option, Question, Section, SurveyDefinition
from tests.conftest import skip_or_fail
from toolkit.auth import two_factor, users
from toolkit.schema import StaffUser, Survey

PASSWORD = "plum orchard lantern forty"  # long, and on no list of common passwords


def seeded_record_keys(monkeypatch: Any, seed: int) -> None:
    """Record keys (the cell-key perturbation's) from a seeded generator instead of the secure one,
    for a test whose assertions depend on which counts the disclosure control hides: with random
    keys such a test passes or fails by chance."""
    from toolkit.stats import disclosure

    generator = random.Random(seed)
    monkeypatch.setattr(
        disclosure, "secrets", type("SeededSecrets", (), {"randbelow": staticmethod(generator.randrange)})
    )


def check_page(response: TestResponse, status: int = 200) -> BeautifulSoup:
    """Every page: the status, parses as HTML, one h1, a title, unique ids, lang and dir set,
    and forms that post back to this site."""
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.title is not None and soup.title.get_text(strip=True)
    assert len(soup.find_all("h1")) == 1, [h.get_text(strip=True) for h in soup.find_all("h1")]
    html = soup.find("html")
    assert html is not None and html.get("lang") and html.get("dir") in ("ltr", "rtl")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [i for i, n in ids.items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in soup.find_all("form"):
        action = form.get("action", "")
        assert not action.startswith(("http:", "https:", "//")), action
    return soup


def pdf_text(content: bytes, layout: bool = True) -> str:
    """A PDF's text as pdftotext reads it: laid out as on the page, or in reading order."""
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    command = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(command, input=content, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_info(content: bytes) -> str:
    result = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def csrf_token(response: TestResponse) -> str:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    field = soup.find("input", attrs={"name": "csrf_token"})
    assert field is not None, "no CSRF token on the page"
    return str(field["value"])


def post_form(client: FlaskClient, url: str, data: dict[str, Any], **kwargs: Any) -> TestResponse:
    """GET the page for its CSRF token, then POST the data to it."""
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf_token(page), **data}, **kwargs)


def made_on_queue(client: FlaskClient, url: str) -> TestResponse:
    """A file whose address offers to make it in the background: the GET page's button (a POST to
    the same address), the job's progress page, then its download."""
    page = client.get(url)
    assert page.status_code == 200 and page.mimetype == "text/html", page.status
    form = BeautifulSoup(page.get_data(as_text=True), "html.parser").find("form", action=url, method="post")
    assert form is not None, f"{url} offers no button that makes the file"
    started = client.post(url, data={"csrf_token": csrf_token(page)})
    assert started.status_code == 303 and "/staff/jobs/" in started.location, started.status
    progress = BeautifulSoup(client.get(started.location).get_data(as_text=True), "html.parser")
    link = progress.find("a", href=lambda h: bool(h) and h.endswith("/download"))
    assert link is not None, progress.get_text(" ", strip=True)
    download = client.get(link["href"])
    assert download.status_code == 200
    return download


def make_user(role: str = "lead", email: str | None = None, team_ids: list[int] | None = None) -> StaffUser:
    """A member of staff in the default team (or the given teams); admins and panel managers
    with two-factor set up."""
    user = users.create_user(email or f"{role}@example.org", f"Test {role}", PASSWORD, role, team_ids=team_ids)
    if role in ("admin", "panel_manager"):
        set_up_two_factor(user)
    return user


def set_up_two_factor(user: StaffUser) -> list[str]:
    """Turn on two-factor sign-in for a user; their recovery codes (kept on the user for sign_in)."""
    secret = pyotp.random_base32()
    codes = two_factor.enable(user, secret, pyotp.TOTP(secret).now(), user.id)
    assert codes is not None
    RECOVERY_CODES[user.id] = list(codes)
    return codes


RECOVERY_CODES: dict[int, list[str]] = {}


def sign_in_as(client: FlaskClient, user: StaffUser, password: str = PASSWORD) -> None:
    """Sign in with the password, and a recovery code when the account has two-factor sign-in."""
    response = post_form(client, "/staff/sign-in", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if "/staff/sign-in/code" in response.location:
        code = RECOVERY_CODES[user.id].pop()
        response = post_form(client, response.location, {"code": code})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]


def sign_in(client: FlaskClient, role: str = "lead") -> StaffUser:
    user = make_user(role)
    sign_in_as(client, user)
    return user


def make_definition(**overrides: Any) -> SurveyDefinition:
    sections = (
        Section(
            "s1",
            "About you",
            questions=(
                Question(
                    "colour",
                    "single_choice",
                    "What is your favourite colour?",
                    required=True,
                    options=(Option("red", "Red"), Option("blue", "Blue")),
                    allow_other=True,
                ),
            ),
        ),
        Section(
            "s2",
            "More",
            questions=(
                Question("why", "long_text", "Why?", max_length=100),
                Question("age", "number", "How old are you?", min_value=0, max_value=120),
            ),
        ),
    )
    values: dict[str, Any] = {"title": "Test survey", "introduction": "Intro", "sections": sections}
    values.update(overrides)
    return SurveyDefinition(**values)


def make_survey(slug: str = "test", publish: bool = True, **overrides: Any) -> Survey:
    definition = make_definition(**overrides)
    survey = repository.create_survey(definition.title, slug, None, definition=definition)
    if publish:
        repository.publish(survey, None)
    return survey


def lang_of(element: Any) -> str | None:
    """The language an element (or a piece of text) is in: its own lang, or its nearest ancestor's."""
    element = element.parent if isinstance(element, NavigableString) else element
    while element is not None and not element.get("lang"):
        element = element.parent
    return element.get("lang") if element is not None else None


def date_boxes(name: str, typed: str) -> dict[str, str]:
    """Form data for an NHS.UK date input as a person types it: date_boxes("closes_on", "31 3 2026")."""
    day, month, year = [*typed.split(" "), "", "", ""][:3]
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}
