"""Configuration: the only place environment variables are read."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


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


def from_environment(instance_path: Path) -> dict[str, Any]:
    default_db = f"sqlite:///{instance_path / 'toolkit.sqlite3'}"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        # Rotation: the new key in SECRET_KEY, the old one(s) here (comma-separated) until the
        # longest session has expired, so nobody is signed out by the change (docs/operations.md).
        "SECRET_KEY_FALLBACKS": [key for key in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if key],
        "DATABASE_URL": os.environ.get("DATABASE_URL", default_db),
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "Engagement toolkit"),
        "ORGANISATION_LOGO_URL": os.environ.get("ORGANISATION_LOGO_URL", ""),
        "SHOW_NHS_LOGO": os.environ.get("SHOW_NHS_LOGO", "") == "1",
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", ""),
        # Printed in the return box of paper copies, e.g. "Freepost RTXX-ABCD, NHS Example ICB".
        "FREEPOST_ADDRESS": os.environ.get("FREEPOST_ADDRESS", ""),
        "DRAFT_RETENTION_HOURS": int(os.environ.get("DRAFT_RETENTION_HOURS", "48")),
        "RESPONSE_RETENTION_DAYS": int(os.environ.get("RESPONSE_RETENTION_DAYS", str(365 * 2))),
        # How many print runs (PDFs of numbered copies) one person may have in progress at once.
        "PRINT_RUNS_PER_USER": int(os.environ.get("PRINT_RUNS_PER_USER", "1")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Structured logs (toolkit/observability.py): "json" (one object a line) or "text".
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # The job queue's Redis (production); empty means the queue lives beside the database.
        "QUEUE_URL": os.environ.get("QUEUE_URL") or os.environ.get("REDIS_URL", ""),
        # /healthz fails (so the load balancer stops sending traffic) below this much free disk.
        "HEALTH_MIN_FREE_DISK_MB": int(os.environ.get("HEALTH_MIN_FREE_DISK_MB", "500")),
        "WTF_CSRF_TIME_LIMIT": None,
    }
