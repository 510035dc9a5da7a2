"""Importing an existing panel from a CSV or XLSX file (plain Python: no Flask, no database).

Each row is checked on its own; a row at fault is rejected with its row number (as a spreadsheet
program numbers it, the heading being row 1) and the reason. A row with the same email address or
mobile number as an earlier row, or as a current member, is a duplicate and is not imported.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from panel import model
from panel.model import About, ContactMethod, Format, Joining, JoinSource, PanelError, Preferences
from toolkit import spreadsheets
from toolkit.text import lazy

MAX_ROWS = 20_000
MAX_TEXT = 1_000
COLUMNS = ("name", "email", "mobile", "address", "postcode", "contact_method", "language", "format")
REQUIRED_ONE_OF = ("email", "mobile", "address")
METHOD_WORDS = {"email": ContactMethod.EMAIL, "sms": ContactMethod.SMS, "text": ContactMethod.SMS}
METHOD_WORDS |= {"mobile": ContactMethod.SMS, "post": ContactMethod.POST, "letter": ContactMethod.POST}
FORMAT_WORDS = {"": Format.STANDARD, "standard": Format.STANDARD, "large print": Format.LARGE_PRINT}
FORMAT_WORDS |= {"large_print": Format.LARGE_PRINT, "easy read": Format.EASY_READ, "easy_read": Format.EASY_READ}


@dataclass(frozen=True)
class Problem:
    row: int
    reason: str


@dataclass
class ImportReport:
    accepted: list[tuple[int, Joining]] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"accepted": len(self.accepted), "rejected": len(self.rejected), "duplicates": len(self.duplicates)}


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows; raises toolkit.spreadsheets.SpreadsheetError when it cannot be read."""
    if filename.lower().endswith(".xlsx"):
        return spreadsheets.read_xlsx(data, columns=len(COLUMNS) + 4, max_rows=MAX_ROWS, max_text=MAX_TEXT)
    return spreadsheets.read_csv(data, max_rows=MAX_ROWS)


def header_problem(header: Sequence[str]) -> str | None:
    names = {cell.strip().lower() for cell in header}
    if not names & set(REQUIRED_ONE_OF):
        return str(
            lazy(
                "The first row must be the column headings, with at least one of: email, mobile, address. "
                "The columns the toolkit reads are: %(columns)s.",
                columns=", ".join(COLUMNS),
            )
        )
    return None


def check_rows(
    table: Sequence[Sequence[str]],
    *,
    languages: Collection[str],
    known_emails: Collection[str] = (),
    known_phones: Collection[str] = (),
) -> ImportReport:
    """Every data row accepted, rejected or found to be a duplicate. The table's first row is the
    heading (checked with `header_problem` first)."""
    header = [cell.strip().lower() for cell in table[0]] if table else []
    report = ImportReport()
    seen_emails: dict[str, int] = dict.fromkeys(known_emails, 0)
    seen_phones: dict[str, int] = dict.fromkeys(known_phones, 0)
    for number, cells in enumerate(table[1:], start=2):
        row = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
        if not any(row.get(name) for name in COLUMNS):
            continue  # a blank line
        try:
            joining = _joining(row, languages)
        except PanelError as error:
            report.rejected.append(Problem(number, "; ".join(str(p) for p in error.problems.values())))
            continue
        duplicate = _duplicate_of(joining.contact, seen_emails, seen_phones)
        if duplicate is not None:
            report.duplicates.append(Problem(number, duplicate))
            continue
        if joining.contact.email:
            seen_emails[joining.contact.email] = number
        if joining.contact.phone:
            seen_phones[joining.contact.phone] = number
        report.accepted.append((number, joining))
    return report


def _duplicate_of(contact: model.Contact, emails: dict[str, int], phones: dict[str, int]) -> str | None:
    if contact.email is not None and contact.email in emails:
        earlier = emails[contact.email]
        if earlier == 0:
            return str(lazy("A current member has the same email address"))
        return str(lazy("Same email address as row %(row)s", row=earlier))
    if contact.phone is not None and contact.phone in phones:
        earlier = phones[contact.phone]
        if earlier == 0:
            return str(lazy("A current member has the same mobile number"))
        return str(lazy("Same mobile number as row %(row)s", row=earlier))
    return None


def _joining(row: dict[str, str], languages: Collection[str]) -> Joining:
    method = _method(row)
    contact = model.contact_from({**row, "phone": row.get("mobile")}, method)
    fmt = FORMAT_WORDS.get(row.get("format", "").lower())
    language = (row.get("language") or "en").lower()
    problems: dict[str, Any] = {}
    if fmt is None:
        problems["format"] = lazy("Format must be standard, large print or easy read")
    if language not in languages:
        problems["language"] = lazy("Language %(code)s is not one the toolkit offers", code=language)
    if problems:
        raise PanelError(problems)
    preferences = Preferences(method, language, fmt or Format.STANDARD)
    return Joining(contact, preferences, About({}), source=JoinSource.IMPORT)


def _method(row: dict[str, str]) -> str:
    given = row.get("contact_method", "").strip().lower()
    if given:
        if given not in METHOD_WORDS:
            raise PanelError({"contact_method": lazy("Contact method must be email, text or post")})
        return METHOD_WORDS[given]
    if row.get("email"):
        return ContactMethod.EMAIL
    if row.get("mobile"):
        return ContactMethod.SMS
    if row.get("address"):
        return ContactMethod.POST
    raise PanelError({"email": lazy("Give an email address, a mobile number or a postal address")})
