"""GOV.UK Notify, the public sector's messaging service, for text messages and letters (no Flask).

Used only when `NOTIFY_API_KEY` is configured (toolkit/config.py). Notify sends what a *template*
says, filled in with "personalisation": the service needs two templates, whose ids are configured
too, and the toolkit writes the words:

- a text message template whose whole content is `((body))` (NOTIFY_SMS_TEMPLATE_ID);
- a letter template whose heading is `((subject))` and whose body is `((body))`
  (NOTIFY_LETTER_TEMPLATE_ID); Notify prints the address from `address_line_1`..`address_line_7`.

Every message is sent with our own `reference` (the outbox message's id), which Notify keeps and
lets us search by: a sender that died between Notify accepting a message and storing "sent" asks
Notify for the reference before sending again, so nobody gets the same message twice.

The client (notifications-python-client) signs each request with a JSON Web Token made from the
key and talks JSON over HTTPS (`requests`); the tests check that contract with the HTTP layer
replaced, never over the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
MIN_ADDRESS_LINES = 3  # Notify: at least 3 lines, the last a UK postcode or a country
MAX_ADDRESS_LINES = 7
# Notify's limit for one text message's content is 918 characters (6 fragments).
MAX_TEXT_LENGTH = 918


@dataclass(frozen=True)
class NotifySettings:
    api_key: str
    sms_template_id: str
    letter_template_id: str
    base_url: str = DEFAULT_BASE_URL
    timeout: int = 30


def notify_settings(config: Mapping[str, Any]) -> NotifySettings | None:
    """The Notify service to send through, or None when no key is configured."""
    key = str(config.get("NOTIFY_API_KEY") or "")
    if not key:
        return None
    return NotifySettings(
        api_key=key,
        sms_template_id=str(config.get("NOTIFY_SMS_TEMPLATE_ID") or ""),
        letter_template_id=str(config.get("NOTIFY_LETTER_TEMPLATE_ID") or ""),
        base_url=str(config.get("NOTIFY_BASE_URL") or DEFAULT_BASE_URL),
        timeout=int(config.get("NOTIFY_TIMEOUT") or 30),
    )


class NotifyRefused(Exception):
    """Notify will never take this message as it is (a bad number or address, a wrong key or template)."""


class NotifyUnavailable(Exception):
    """Notify could not take the message now (rate limit, its own fault, the network): try later."""


@dataclass(frozen=True)
class Receipt:
    notification_id: str
    reference: str
    status: str = "created"


def address_lines(address: str) -> list[str]:
    """A postal address as Notify's lines: one per non-empty line, 3 to 7 of them."""
    lines = [" ".join(line.split()) for line in address.replace(",", "\n").splitlines()]
    lines = [line for line in lines if line]
    if not MIN_ADDRESS_LINES <= len(lines) <= MAX_ADDRESS_LINES:
        raise NotifyRefused(
            f"A postal address needs {MIN_ADDRESS_LINES} to {MAX_ADDRESS_LINES} lines, the last the postcode."
        )
    return lines


class NotifySender:
    def __init__(self, settings: NotifySettings, client: NotificationsAPIClient | None = None) -> None:
        self.settings = settings
        self.client = client or NotificationsAPIClient(  # type: ignore[no-untyped-call]
            settings.api_key, base_url=settings.base_url, timeout=settings.timeout
        )

    def send_text(self, phone_number: str, body: str, reference: str) -> Receipt:
        if not self.settings.sms_template_id:
            raise NotifyRefused("No Notify text message template is configured (NOTIFY_SMS_TEMPLATE_ID).")
        if len(body) > MAX_TEXT_LENGTH:
            raise NotifyRefused(f"A text message may have at most {MAX_TEXT_LENGTH} characters.")
        response = self._call(
            self.client.send_sms_notification,
            phone_number=phone_number,
            template_id=self.settings.sms_template_id,
            personalisation={"body": body},
            reference=reference,
        )
        return _receipt(response, reference)

    def send_letter(self, address: str, subject: str, body: str, reference: str) -> Receipt:
        if not self.settings.letter_template_id:
            raise NotifyRefused("No Notify letter template is configured (NOTIFY_LETTER_TEMPLATE_ID).")
        personalisation = {f"address_line_{n}": line for n, line in enumerate(address_lines(address), start=1)}
        personalisation.update(subject=subject, body=body)
        response = self._call(
            self.client.send_letter_notification,
            template_id=self.settings.letter_template_id,
            personalisation=personalisation,
            reference=reference,
        )
        return _receipt(response, reference)

    def find(self, reference: str) -> Receipt | None:
        """The notification Notify already has with this reference, if any (to never send twice)."""
        response = self._call(self.client.get_all_notifications, reference=reference)
        found = [n for n in (response or {}).get("notifications", []) if n.get("reference") == reference]
        if not found:
            return None
        return Receipt(str(found[0].get("id", "")), reference, str(found[0].get("status", "")))

    @staticmethod
    def _call(method: Any, **arguments: Any) -> Any:
        try:
            return method(**arguments)
        except APIError as error:
            status = error.status_code
            detail = _message(error)
            if status in (400, 403):
                raise NotifyRefused(f"Notify refused it ({status}): {detail}") from error
            raise NotifyUnavailable(f"Notify could not take it now ({status}): {detail}") from error


def _message(error: APIError) -> str:
    message = error.message
    if isinstance(message, list):
        return "; ".join(str(item.get("message", item)) if isinstance(item, dict) else str(item) for item in message)
    return str(message)


def _receipt(response: Any, reference: str) -> Receipt:
    if not isinstance(response, Mapping) or "id" not in response:
        raise NotifyUnavailable("Notify's answer had no notification id.")
    return Receipt(str(response["id"]), str(response.get("reference") or reference))
