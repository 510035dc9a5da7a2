"""The GOV.UK Notify sender (toolkit/notify.py) against Notify's published API shape, with the HTTP
layer replaced: what is posted where, how it is signed, and what its answers and errors become.
Nothing here reaches the network."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
import pytest
import requests

from toolkit.notify import (
    NotifyRefused,
    NotifySender,
    NotifySettings,
    NotifyUnavailable,
    address_lines,
    notify_settings,
)

SERVICE_ID = str(uuid.UUID(int=1))
SECRET = str(uuid.UUID(int=2))
API_KEY = f"toolkit_test-{SERVICE_ID}-{SECRET}"  # Notify's key: name, service id, secret
SMS_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
LETTER_TEMPLATE = "5b8d1c7e-0000-4000-8000-000000000abc"
BASE = "https://api.notifications.service.gov.uk"


@dataclass
class FakeNotify:
    """Stands in for requests' HTTP layer: records each request and answers as Notify documents."""

    status: int = 201
    error: dict[str, Any] | None = None
    found: list[dict[str, Any]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        body = json.loads(kwargs["data"]) if kwargs.get("data") else None
        self.calls.append({"method": method, "url": url, "headers": kwargs["headers"], "json": body, **kwargs})
        response = requests.Response()
        response.url = url
        response.status_code = self.status
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(self._answer(method, url, body, kwargs.get("params") or {})).encode()
        return response

    def _answer(self, method: str, url: str, body: dict[str, Any] | None, params: dict[str, Any]) -> dict[str, Any]:
        if self.status >= 400:
            return self.error or {"status_code": self.status, "errors": [{"error": "Error", "message": "nope"}]}
        if method == "GET":
            found = [n for n in self.found if n.get("reference") == params.get("reference", n.get("reference"))]
            return {"notifications": found, "links": {"current": url}}
        notification_id = str(uuid.uuid4())
        assert body is not None
        content = {"body": body["personalisation"]["body"]}
        content.update(
            {"from_number": "NHS"} if url.endswith("/sms") else {"subject": body["personalisation"]["subject"]}
        )
        return {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": content,
            "uri": f"{BASE}/v2/notifications/{notification_id}",
            "template": {"id": body["template_id"], "version": 1, "uri": f"{BASE}/v2/template/{body['template_id']}"},
        }


@pytest.fixture
def notify(monkeypatch) -> FakeNotify:
    fake = FakeNotify()
    monkeypatch.setattr(requests.Session, "request", fake.request)
    return fake


def sender() -> NotifySender:
    return NotifySender(NotifySettings(API_KEY, SMS_TEMPLATE, LETTER_TEMPLATE))


def check_signed(call: dict[str, Any]) -> None:
    """Notify's authorisation: a Bearer JWT (HS256) issued by the service id, signed with the secret, fresh."""
    scheme, token = call["headers"]["Authorization"].split(" ")
    assert scheme == "Bearer"
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID
    assert abs(claims["iat"] - time.time()) < 30
    assert call["headers"]["Content-type"] == "application/json"
    assert call["timeout"] == 30


def test_a_text_message_is_posted_to_notify_as_its_api_describes(notify):
    receipt = sender().send_text("+447900900123", "You are invited: https://x.test/s/a?t=abc", reference="outbox-7")
    (call,) = notify.calls
    assert (call["method"], call["url"]) == ("POST", f"{BASE}/v2/notifications/sms")
    assert call["json"] == {
        "phone_number": "+447900900123",
        "template_id": SMS_TEMPLATE,
        "personalisation": {"body": "You are invited: https://x.test/s/a?t=abc"},
        "reference": "outbox-7",
    }
    check_signed(call)
    assert receipt.reference == "outbox-7"
    uuid.UUID(receipt.notification_id)


def test_a_letter_is_posted_with_the_address_as_notify_address_lines(notify):
    sender().send_letter("Flat 2, 10 High Street\nPreston\nPR1 2AB", "You are invited", "Dear member", "outbox-8")
    (call,) = notify.calls
    assert (call["method"], call["url"]) == ("POST", f"{BASE}/v2/notifications/letter")
    assert call["json"] == {
        "template_id": LETTER_TEMPLATE,
        "personalisation": {
            "address_line_1": "Flat 2",
            "address_line_2": "10 High Street",
            "address_line_3": "Preston",
            "address_line_4": "PR1 2AB",
            "subject": "You are invited",
            "body": "Dear member",
        },
        "reference": "outbox-8",
    }
    check_signed(call)


def test_an_address_needs_three_to_seven_lines():
    assert address_lines("1 Road\n\nTown ,  PR1 1AA") == ["1 Road", "Town", "PR1 1AA"]
    with pytest.raises(NotifyRefused):
        address_lines("1 Road\nPR1 1AA")
    with pytest.raises(NotifyRefused):
        address_lines("\n".join(f"line {n}" for n in range(8)))


def test_notify_refusing_a_message_is_for_good_and_its_words_are_kept(notify):
    notify.status = 400
    notify.error = {
        "status_code": 400,
        "errors": [{"error": "BadRequestError", "message": "Can't send to this recipient using a team-only API key"}],
    }
    with pytest.raises(NotifyRefused, match="team-only API key"):
        sender().send_text("+447900900123", "Hello", reference="r")


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_rate_limit_or_notify_fault_is_tried_again_later(notify, status):
    notify.status = status
    notify.error = {"status_code": status, "errors": [{"error": "RateLimitError", "message": "Exceeded rate limit"}]}
    with pytest.raises(NotifyUnavailable, match=str(status)):
        sender().send_letter("1 Road\nTown\nPR1 1AA", "s", "b", reference="r")


def test_a_network_failure_is_tried_again_later(monkeypatch):
    def unreachable(*_args: Any, **_kwargs: Any) -> requests.Response:
        raise requests.ConnectionError("no route to host")

    monkeypatch.setattr(requests.Session, "request", unreachable)
    with pytest.raises(NotifyUnavailable):
        sender().send_text("+447900900123", "Hello", reference="r")


def test_a_message_is_looked_up_by_our_reference_before_it_is_sent_again(notify):
    assert sender().find("outbox-9") is None
    (call,) = notify.calls
    assert (call["method"], call["url"], call["params"]) == (
        "GET",
        f"{BASE}/v2/notifications",
        {"reference": "outbox-9"},
    )
    notify.found = [{"id": str(uuid.UUID(int=5)), "reference": "outbox-9", "status": "delivered", "type": "sms"}]
    found = sender().find("outbox-9")
    assert found is not None and (found.notification_id, found.status) == (str(uuid.UUID(int=5)), "delivered")


def test_no_template_or_too_long_a_text_is_refused_without_asking_notify(notify):
    with pytest.raises(NotifyRefused, match="NOTIFY_SMS_TEMPLATE_ID"):
        NotifySender(NotifySettings(API_KEY, "", "")).send_text("+447900900123", "Hi", reference="r")
    with pytest.raises(NotifyRefused, match="918"):
        sender().send_text("+447900900123", "x" * 919, reference="r")
    assert notify.calls == []


def test_notify_is_used_only_when_a_key_is_configured():
    assert notify_settings({"NOTIFY_API_KEY": ""}) is None
    settings = notify_settings({"NOTIFY_API_KEY": API_KEY, "NOTIFY_SMS_TEMPLATE_ID": SMS_TEMPLATE})
    assert settings is not None and settings.base_url == BASE and settings.sms_template_id == SMS_TEMPLATE
