"""Redaction of personal details for publication, as plain data. The comment keeps exactly what
the person said; a redacted copy is what reports and published exports use. These patterns only
pre-fill the redacted copy: a person reads it and decides. No Flask and no database here."""

from __future__ import annotations

import re
from typing import Any

from toolkit.text import lazy

MAX_LENGTH = 5000
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    # NHS numbers: 10 digits, often written 3-3-4.
    (re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b"), "[NHS number]"),
    # UK phone numbers: 01/02/03/07 then 9 more digits, spaces allowed; or +44.
    (re.compile(r"(\+44\s?|\b0)(\d\s?){9,10}\b"), "[phone]"),
    # Full UK postcodes (the district alone, like PR6, is not personal).
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE), "[postcode]"),
)


def suggested(text: str) -> str:
    """The text with e-mail addresses, NHS numbers, phone numbers and full postcodes replaced."""
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redaction_problems(text: str, reason: str) -> list[Any]:
    problems: list[Any] = []
    if not text.strip():
        problems.append(lazy("Enter the words to publish"))
    elif len(text) > MAX_LENGTH:
        problems.append(lazy("The words to publish must be %(max)d characters or fewer", max=MAX_LENGTH))
    if len(reason) > 300:
        problems.append(lazy("The reason must be 300 characters or fewer"))
    return problems
