"""Rate limits (Flask-Limiter) on sign-in and the public areas, in memory and in Redis:
a friendly translated page with Retry-After when a client goes over."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import skip_or_fail
from tests.helpers import check_page, make_survey, post_form
from toolkit import create_app, ratelimit
from toolkit.ratelimit import LIMITS
from workshops import repository as workshops

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture(params=["memory", "redis"])
def limited_app(request: pytest.FixtureRequest, app: Flask, database_url: str, tmp_path) -> Iterator[Flask]:  # type: ignore[no-untyped-def]
    """The app with small limits, its counts in memory or in the local Redis (under a key prefix
    of its own, so runs never share counts)."""
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "RATELIMIT_START": "3 per hour",
        "RATELIMIT_NEW_DRAFT": "2 per hour",
        "RATELIMIT_SUBMIT": "2 per hour",
        "RATELIMIT_IDEAS": "2 per hour",
        "RATELIMIT_VOTES": "2 per hour",
        "RATELIMIT_PASSWORD_RESET": "2 per hour",
        "RATELIMIT_KEY_PREFIX": f"test-{secrets.token_hex(6)}",
    }
    if request.param == "redis":
        import redis

        try:
            redis.Redis.from_url(REDIS_URL).ping()
        except redis.RedisError:
            skip_or_fail(f"Redis is not reachable at {REDIS_URL}")
        config["RATELIMIT_STORAGE_URI"] = REDIS_URL
    limited = create_app(config)
    limited.instance_path = str(tmp_path)
    yield limited


def test_every_limit_names_a_real_endpoint(app: Flask) -> None:
    assert set(LIMITS) <= set(app.view_functions), set(LIMITS) - set(app.view_functions)


def test_storage_is_redis_when_configured(limited_app: Flask) -> None:
    storage = ratelimit.limiter_of(limited_app).storage
    expected = "redis" if limited_app.config.get("RATELIMIT_STORAGE_URI", "").startswith("redis") else "memory"
    assert type(storage).__name__.lower().startswith(expected)


def _first_page(client: FlaskClient, slug: str) -> TestResponse:
    """Save the first page of answers: that is when a respondent's draft is created."""
    url = f"/s/{slug}/page/s1"
    return client.post(url, data={"csrf_token": _token(client, url), "colour": "red"})


def test_new_drafts_are_capped_per_client_with_a_friendly_page(limited_app: Flask) -> None:
    make_survey("capped")
    statuses = []
    for _ in range(3):
        client = limited_app.test_client()  # a new browser each time: a new draft each time
        statuses.append(_first_page(client, "capped").status_code)
    assert statuses[:2] == [302, 302] and statuses[2] == 429
    response = _first_page(limited_app.test_client(), "capped")
    page = check_page(response, status=429)
    assert page.h1.get_text(strip=True) == "Too many attempts"
    assert int(response.headers["Retry-After"]) > 0
    # Opening the survey stores nothing, so it is never what the cap counts.
    assert _start(limited_app.test_client(), "capped").status_code == 302


def test_the_too_many_page_is_translated(limited_app: Flask) -> None:
    make_survey("capped")
    for _ in range(2):
        _first_page(limited_app.test_client(), "capped")
    client = limited_app.test_client()
    url = "/s/capped/page/s1?lang=cy"
    response = client.post(url, data={"csrf_token": _token(client, url), "colour": "red"})
    page = check_page(response, status=429)
    assert page.find("html")["lang"] == "cy"


def test_starting_a_survey_is_limited_per_client(limited_app: Flask) -> None:
    make_survey("started")
    client = limited_app.test_client()
    statuses = [_start(client, "started").status_code for _ in range(5)]
    # The same browser keeps its draft: the start limit, not the draft cap, stops it.
    assert statuses == [302, 302, 302, 429, 429]


def test_posting_ideas_is_limited_per_client(limited_app: Flask) -> None:
    engagement = workshops.create_engagement("Limits", "", None)
    from workshops.model import SessionDetails

    workshop = workshops.create_session(engagement, SessionDetails(title="Room", venue="Village hall"), None)
    client = limited_app.test_client()
    url = f"/w/{workshop.code}/idea"
    statuses = [
        post_form(client, url, {"text": f"Idea {i}", "idempotency_key": uuid.uuid4().hex}).status_code for i in range(3)
    ]
    assert statuses == [302, 302, 429]


def test_password_reset_requests_are_limited_per_client(limited_app: Flask) -> None:
    client = limited_app.test_client()
    statuses = [
        post_form(client, "/staff/forgot-password", {"email": f"p{i}@example.org"}).status_code for i in range(3)
    ]
    assert statuses == [200, 200, 429]


def _start(client: FlaskClient, slug: str):  # type: ignore[no-untyped-def]
    return client.post(f"/s/{slug}/start", data={"csrf_token": _token(client, f"/s/{slug}")})


def _token(client: FlaskClient, url: str) -> str:
    from tests.helpers import csrf_token

    return csrf_token(client.get(url))
