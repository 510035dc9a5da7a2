"""Where outgoing mail goes, from the configuration (plain Python: no Flask, no database).

`SMTP_URL` (smtp://user:password@host:587, smtps://... for implicit TLS, `?tls=none` for a relay
on the same machine) wins over SMTP_HOST / SMTP_PORT / SMTP_USER / SMTP_PASSWORD / SMTP_TLS.
With neither, nothing is sent: messages stay in the outbox, readable by admins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

TLS_MODES = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    password: str
    tls: str  # one of TLS_MODES
    sender: str
    timeout: int


def smtp_settings(config: Mapping[str, Any]) -> SmtpSettings | None:
    """The SMTP server to send through, or None when none is configured."""
    sender = str(config.get("MAIL_FROM") or "engagement-toolkit@localhost")
    timeout = int(config.get("SMTP_TIMEOUT") or 30)
    url = str(config.get("SMTP_URL") or "")
    if url:
        return _from_url(url, sender, timeout)
    host = str(config.get("SMTP_HOST") or "")
    if not host:
        return None
    tls = _tls(str(config.get("SMTP_TLS") or "starttls"))
    port = int(config.get("SMTP_PORT") or (465 if tls == "ssl" else 587))
    user, password = str(config.get("SMTP_USER") or ""), str(config.get("SMTP_PASSWORD") or "")
    return SmtpSettings(host, port, user, password, tls, sender, timeout)


def _from_url(url: str, sender: str, timeout: int) -> SmtpSettings:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
    query = parse_qs(parts.query)
    tls = "ssl" if parts.scheme == "smtps" else _tls(query.get("tls", ["starttls"])[0])
    port = parts.port or (465 if tls == "ssl" else 587)
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    return SmtpSettings(parts.hostname, port, user, password, tls, sender, timeout)


def _tls(value: str) -> str:
    if value not in TLS_MODES:
        raise ValueError(f"SMTP_TLS must be one of {', '.join(TLS_MODES)}")
    return value
