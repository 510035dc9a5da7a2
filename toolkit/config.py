"""Configuration: the only place environment variables are read."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY if set; otherwise generate one once and keep it in instance/."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _development() -> bool:
    """`flask run --debug` or FLASK_DEBUG=1 (as `make run` uses): cookies may go over plain HTTP."""
    return os.environ.get("FLASK_DEBUG", "") in ("1", "true") or os.environ.get("TOOLKIT_ENV") == "development"


def _trusted_hosts(public_base_url: str) -> list[str] | None:
    """Hosts the app answers to: TRUSTED_HOSTS (comma-separated) plus PUBLIC_BASE_URL's host.
    None (any host) when neither is set, as on a developer's machine."""
    hosts = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    if public_base_url:
        host = urlsplit(public_base_url).hostname
        if host:
            hosts.append(host)
    return hosts or None


def _secure_cookies() -> bool:
    setting = os.environ.get("SESSION_COOKIE_SECURE", "")
    return setting == "1" if setting in ("0", "1") else not _development()


def create_admin_password() -> str | None:
    """`flask create-admin` reads the password from CREATE_ADMIN_PASSWORD (for scripted
    installs) or prompts for it; it is never a command-line argument, which `ps` and shell
    history would show."""
    return os.environ.get("CREATE_ADMIN_PASSWORD") or None


def from_environment(instance_path: Path) -> dict[str, Any]:
    default_db = f"sqlite:///{instance_path / 'toolkit.sqlite3'}"
    public_base_url = os.environ.get("PUBLIC_BASE_URL", "")
    secure = _secure_cookies()
    return {
        "SECRET_KEY": _secret_key(instance_path),
        # Rotation: the new key in SECRET_KEY, the old one(s) here (comma-separated) until the
        # longest session has expired, so nobody is signed out by the change (docs/operations.md).
        "SECRET_KEY_FALLBACKS": [key for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key],
        "DATABASE_URL": os.environ.get("DATABASE_URL", default_db),
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "Engagement toolkit"),
        "ORGANISATION_LOGO_URL": os.environ.get("ORGANISATION_LOGO_URL", ""),
        "SHOW_NHS_LOGO": os.environ.get("SHOW_NHS_LOGO", "") == "1",
        "PUBLIC_BASE_URL": public_base_url,
        "TRUSTED_HOSTS": _trusted_hosts(public_base_url),
        # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none, trust no header).
        "TRUSTED_PROXY_COUNT": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
        # Strict-Transport-Security max-age on HTTPS responses: one year, the value browsers' preload lists expect.
        "HSTS_MAX_AGE": int(os.environ.get("HSTS_MAX_AGE", str(365 * 24 * 60 * 60))),
        # Printed in the return box of paper copies, e.g. "Freepost RTXX-ABCD, NHS Example ICB".
        "FREEPOST_ADDRESS": os.environ.get("FREEPOST_ADDRESS", ""),
        "DRAFT_RETENTION_HOURS": int(os.environ.get("DRAFT_RETENTION_HOURS", "48")),
        "RESPONSE_RETENTION_DAYS": int(os.environ.get("RESPONSE_RETENTION_DAYS", str(365 * 2))),
        # Workshop notes, ideas and equality answers: deleted this many days after the session.
        "WORKSHOP_RETENTION_DAYS": int(os.environ.get("WORKSHOP_RETENTION_DAYS", str(365 * 2))),
        # How many print runs (PDFs of numbered copies) one person may have in progress at once.
        "PRINT_RUNS_PER_USER": int(os.environ.get("PRINT_RUNS_PER_USER", "1")),
        **_queue(instance_path),
        **_mail(),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Secure (HTTPS-only) cookies everywhere but development; SESSION_COOKIE_SECURE=0/1 overrides.
        "SESSION_COOKIE_SECURE": secure,
        "SESSION_COOKIE_NAME": "__Host-session" if secure else "session",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Structured logs (toolkit/observability.py): "json" (one object a line) or "text".
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # /healthz fails (so the load balancer stops sending traffic) below this much free disk.
        "HEALTH_MIN_FREE_DISK_MB": int(os.environ.get("HEALTH_MIN_FREE_DISK_MB", "500")),
        # Staff sessions: ended after this long without a request, and this long after sign-in.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_MAX_HOURS": int(os.environ.get("SESSION_MAX_HOURS", "12")),
        # The CSRF token lives in the session cookie and is renewed at sign-in and sign-out; it also
        # stops working after the longest a session can last.
        "WTF_CSRF_TIME_LIMIT": int(os.environ.get("SESSION_MAX_HOURS", "12")) * 60 * 60,
        "INVITATION_HOURS": 72,
        "PASSWORD_RESET_MINUTES": 60,
        # Rate limits (Flask-Limiter notation), per client address unless said otherwise.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_SIGN_IN": os.environ.get("RATELIMIT_SIGN_IN", "30 per 15 minutes"),  # failed attempts
        "RATELIMIT_PASSWORD_RESET": os.environ.get("RATELIMIT_PASSWORD_RESET", "10 per hour"),
        "RATELIMIT_INVITATION": os.environ.get("RATELIMIT_INVITATION", "20 per hour"),  # failed attempts
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "toolkit"),
        "RATELIMIT_START": os.environ.get("RATELIMIT_START", "120 per hour"),
        "RATELIMIT_NEW_DRAFT": os.environ.get("RATELIMIT_NEW_DRAFT", "60 per hour"),  # new drafts, wherever made
        "RATELIMIT_PANEL_JOIN": os.environ.get("RATELIMIT_PANEL_JOIN", "20 per hour"),  # citizens' panel joins
        "RATELIMIT_SUBMIT": os.environ.get("RATELIMIT_SUBMIT", "60 per hour"),
        "RATELIMIT_IDEAS": os.environ.get("RATELIMIT_IDEAS", "200 per 10 minutes"),
        "RATELIMIT_VOTES": os.environ.get("RATELIMIT_VOTES", "300 per 10 minutes"),
        # The first wait after five wrong passwords for one account; it doubles with each further one.
        "SIGN_IN_WAIT_SECONDS": int(os.environ.get("SIGN_IN_WAIT_SECONDS", "30")),
    }


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def _queue(instance_path: Path) -> dict[str, Any]:
    """The job queue (toolkit/queue.py): Redis when QUEUE_URL or REDIS_URL is set, else a SQLite file."""
    return {
        "QUEUE_URL": os.environ.get("QUEUE_URL") or os.environ.get("REDIS_URL", ""),
        # Several installations can share one Redis under different names.
        "QUEUE_NAME": os.environ.get("QUEUE_NAME", "toolkit"),
        # 1: run each job at once in the request that starts it (tests; no consumer).
        "QUEUE_IMMEDIATE": os.environ.get("QUEUE_IMMEDIATE", "") == "1",
        "QUEUE_WORKERS": _int("QUEUE_WORKERS", 2),
        # Finished jobs' files (PDFs, exports). Several machines: shared storage.
        "JOB_FILES_DIR": os.environ.get("JOB_FILES_DIR", str(instance_path / "job_files")),
        # A running job whose consumer has not been heard from for this long was orphaned: run it again.
        "JOB_LEASE_SECONDS": _int("JOB_LEASE_SECONDS", 90),
        # Finished jobs and their files are cleared away after this many days.
        "JOB_RETENTION_DAYS": _int("JOB_RETENTION_DAYS", 7),
        "JOB_MAX_ATTEMPTS": _int("JOB_MAX_ATTEMPTS", 3),
        # Jobs one person may have queued or running at once.
        "JOBS_PER_PERSON": _int("JOBS_PER_PERSON", 3),
        # Above these a PDF or an export is made on the queue instead of in the request.
        "PRINT_JOB_ABOVE_COPIES": _int("PRINT_JOB_ABOVE_COPIES", 10),
        "EXPORT_JOB_ABOVE_ROWS": _int("EXPORT_JOB_ABOVE_ROWS", 5000),
    }


def _mail() -> dict[str, Any]:
    """Outgoing mail. With neither SMTP_URL nor SMTP_HOST nothing leaves the machine: the
    outbox is read in the browser (/staff/outbox)."""
    return {
        "SMTP_URL": os.environ.get("SMTP_URL", ""),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _int("SMTP_PORT", 587),
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        # "starttls" (default), "ssl" (implicit TLS, port 465) or "none" (a relay on this machine).
        "SMTP_TLS": os.environ.get("SMTP_TLS", "starttls"),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "engagement-toolkit@localhost"),
        "SMTP_TIMEOUT": _int("SMTP_TIMEOUT", 30),
        # A message claimed for sending longer ago than this was interrupted (its consumer died).
        "MAIL_SENDING_LEASE_SECONDS": _int("MAIL_SENDING_LEASE_SECONDS", 300),
        # GOV.UK Notify for text messages and letters (toolkit/notify.py). Without a key, texts stay
        # in the outbox and letters are printed from a PDF mail merge.
        "NOTIFY_API_KEY": os.environ.get("NOTIFY_API_KEY", ""),
        "NOTIFY_SMS_TEMPLATE_ID": os.environ.get("NOTIFY_SMS_TEMPLATE_ID", ""),  # content: ((body))
        "NOTIFY_LETTER_TEMPLATE_ID": os.environ.get("NOTIFY_LETTER_TEMPLATE_ID", ""),  # ((subject)), ((body))
        "NOTIFY_BASE_URL": os.environ.get("NOTIFY_BASE_URL", ""),
        # A Maildir that receives the bounces (delivery status notifications) sent back to MAIL_FROM;
        # read every five minutes (toolkit/bounces.py). Empty: bounces are not read.
        "MAIL_BOUNCE_MAILDIR": os.environ.get("MAIL_BOUNCE_MAILDIR", ""),
    }
