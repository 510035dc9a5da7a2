"""Password rules, following NCSC guidance and NIST SP 800-63B: long enough, not a known common
or breached password, not the person's own email address, and no composition rules. Plain Python.

The deny-list (common_passwords.txt.gz, 40,101 entries, lower case) is the union of Django's
common-passwords list (20,000 from breach corpora, BSD licence) and zxcvbn's password frequency
list (30,000, MIT licence), with a few local additions below. Rebuild it from those packages."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 200  # long enough for any passphrase; bounds the cost of hashing
DENY_LIST = Path(__file__).with_name("common_passwords.txt.gz")

# Predictable long passwords the published lists are too short to hold.
LOCAL_ADDITIONS = frozenset(
    {
        "password1234",
        "password12345",
        "password123456",
        "passwordpassword",
        "qwertyuiop12",
        "qwertyuiop123",
        "qwertyuiopasdfgh",
        "iloveyou1234",
        "welcome12345",
        "changeme1234",
        "letmein12345",
        "nhspassword1",
        "nhspassword123",
        "engagement123",
        "correcthorsebatterystaple",
        "correct horse battery staple",
    }
)


@cache
def _deny_list() -> frozenset[str]:
    with gzip.open(DENY_LIST, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip()) | LOCAL_ADDITIONS


def is_common(password: str) -> bool:
    return password.strip().lower() in _deny_list()


_RUNS = ("0123456789" * 4, "abcdefghijklmnopqrstuvwxyz" * 2, "qwertyuiopasdfghjklzxcvbnm" * 2)


def _is_repetitive(password: str) -> bool:
    """Two characters or fewer, repeated; or a run like 123456789012, abcdefghijkl or qwertyuiop."""
    lowered = password.lower()
    if len(set(lowered)) <= 2:
        return True
    return any(lowered in run or lowered in run[::-1] for run in _RUNS)


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password cannot be used, in plain English (views translate the keys), or None.

    Returns one of the keys in PROBLEMS."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    local_part = email.split("@", 1)[0].lower()
    if email and password.strip().lower() in {email.lower(), local_part}:
        return "email"
    if is_common(password) or _is_repetitive(password):
        return "common"
    return None
