"""Exports: every response as CSV or XLSX, one row per response, one column per question.

Both read the responses as a stream and never hold more than a batch of rows, so a
survey with a million responses exports in flat memory. CSV is produced as text chunks
for a streamed HTTP response; XLSX is written by XlsxWriter in constant-memory mode to a
file the caller provides.

The formatting here is plain Python; `record_export` is the one function that writes
to the database (the audit trail).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

import xlsxwriter

from surveys.model import CHOICE_TYPES, OTHER_VALUE, Question, other_key
from surveys.repository import ResponseFilter, ResponseRow
from toolkit import audit, db
from toolkit.text import lazy as _l

XLSX_MAX_ROWS = 1_048_576  # Excel's limit, header row included
XLSX_MAX_RESPONSES = XLSX_MAX_ROWS - 1
ROWS_PER_CHUNK = 1000
BOM = "\ufeff"  # so Excel reads the CSV as UTF-8
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")

Formatter = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Column:
    header: str
    question: Question


def columns(questions: Sequence[Question]) -> list[Column]:
    """One column per question, headed by its text; questions with the same text get their id added."""
    texts = Counter(q.text for q in questions)
    return [Column(f"{q.text} ({q.id})" if texts[q.text] > 1 else q.text, q) for q in questions]


def fixed_headers() -> list[str]:
    return [
        str(_l("Reference")),
        str(_l("Version")),
        str(_l("Channel")),
        str(_l("Language")),
        str(_l("Submitted (UTC)")),
    ]


def header_row(cols: Sequence[Column]) -> list[str]:
    return [*fixed_headers(), *(c.header for c in cols)]


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC, to the second. SQLite hands back naive datetimes stored as UTC."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.replace(microsecond=0).isoformat()


def formatter(question: Question) -> Formatter:
    """`display_answer` for one question, with the option labels looked up once rather than on every row."""
    key, other = question.id, other_key(question.id)
    if question.type not in CHOICE_TYPES:

        def plain(answers: Mapping[str, Any]) -> str:
            value = answers.get(key)
            return "" if value is None else str(value)

        return plain
    labels = {option.value: option.label for option in question.choices}

    def label(value: Any, other_text: str) -> str:
        text = str(value)
        name = labels.get(text, text)
        return f"{name}: {other_text}" if other_text and text == OTHER_VALUE else name

    if question.type == "multiple_choice":

        def several(answers: Mapping[str, Any]) -> str:
            value = answers.get(key)
            if value is None:
                return ""
            values = value if isinstance(value, list) else [value]
            other_text = answers.get(other) or ""
            if not (other_text and OTHER_VALUE in values):
                try:
                    return "; ".join(map(labels.get, values, values))
                except TypeError:  # a value that is not text
                    pass
            return "; ".join([label(v, other_text) for v in values])

        return several

    def one(answers: Mapping[str, Any]) -> str:
        value = answers.get(key)
        return "" if value is None else label(value, answers.get(other) or "")

    return one


_ABSENT = "\x00"  # an answer key no response has


class AnswerCells:
    """The answer cells of one row, one per question, as `formatter` would give them but faster.

    Most cells are a single label lookup (or the value itself), done for the whole row by
    `map` in C; only multiple choice and "Other: ..." cells call a formatter. A cell is a
    string, a number, or None for no answer (the csv module writes None as empty)."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.formatters = [formatter(q) for q in questions]
        self.keys: list[str] = []
        self.labels: list[dict[Any, str]] = []
        self.several: list[tuple[int, Formatter]] = []
        self.others: list[tuple[int, str]] = []
        for index, question in enumerate(questions):
            if question.type == "multiple_choice":
                self.several.append((index, self.formatters[index]))
            elif question.allow_other and question.type in CHOICE_TYPES:
                self.others.append((index, other_key(question.id)))
            multiple = question.type == "multiple_choice"
            self.keys.append(_ABSENT if multiple else question.id)
            self.labels.append({} if multiple else _label_map(question))

    def __call__(self, answers: Mapping[str, Any]) -> list[Any]:
        raw = list(map(answers.get, self.keys))
        try:
            cells = list(map(dict.get, self.labels, raw, raw))
        except TypeError:  # a list where one value belongs: not written by this version; take the slow way
            return [f(answers) for f in self.formatters]
        for index, several in self.several:
            cells[index] = several(answers)
        for index, other in self.others:
            if raw[index] == OTHER_VALUE and answers.get(other):
                cells[index] = self.formatters[index](answers)
        return cells


def _label_map(question: Question) -> dict[Any, str]:
    if question.type not in CHOICE_TYPES:
        return {}
    labels: dict[Any, str] = {option.value: option.label for option in question.choices}
    if question.type == "rating":  # stored as whole numbers
        labels.update({int(value): label for value, label in list(labels.items())})
    return labels


def rows(cols: Sequence[Column], responses: Iterable[ResponseRow]) -> Iterator[list[Any]]:
    """The data rows (no header) in the order of `header_row`: text, numbers, or None for no answer."""
    cells = AnswerCells([c.question for c in cols])
    for response in responses:
        row: list[Any] = [
            response.reference,
            response.version_number,
            response.channel_name,
            response.language,
            iso_utc(response.submitted_at),
        ]
        row += cells(response.answers)
        yield row


def safe_cell(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula (CSV injection): a leading quote makes it text.
    Plain numbers such as -5 are left alone."""
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_chunks(
    cols: Sequence[Column], responses: Iterable[ResponseRow], rows_per_chunk: int = ROWS_PER_CHUNK
) -> Iterator[str]:
    """The CSV as text chunks of a few hundred kilobytes: a byte-order mark, the header, the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([safe_cell(h) for h in header_row(cols)])
    risky = frozenset(FORMULA_STARTS)
    waiting = 0
    for row in rows(cols, responses):
        # safe_cell's test inlined: it runs for every cell of a million rows.
        writer.writerow([c if c.__class__ is not str or not c or c[0] not in risky else safe_cell(c) for c in row])
        waiting += 1
        if waiting == rows_per_chunk:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            waiting = 0
    yield buffer.getvalue()


def write_xlsx(cols: Sequence[Column], responses: Iterable[ResponseRow], target: str | IO[bytes]) -> int:
    """Write the workbook row by row (XlsxWriter's constant-memory mode). Returns the number of responses.

    Cells are written as text with `write_string`, so nothing is ever run as a formula;
    the version and number answers are written as numbers."""
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(target, {**options, "strings_to_urls": False})
    sheet = workbook.add_worksheet(str(_l("Responses")))
    bold = workbook.add_format({"bold": True})
    for column, header in enumerate(header_row(cols)):
        sheet.write_string(0, column, header, bold)
    numeric = {len(fixed_headers()) + i for i, c in enumerate(cols) if c.question.type == "number"}
    numeric.add(1)  # the version
    count = 0
    for count, row in enumerate(rows(cols, responses), start=1):
        if count > XLSX_MAX_RESPONSES:
            raise ValueError("Too many responses for one XLSX sheet.")
        for column, cell in enumerate(row):
            _write_cell(sheet, count, column, cell, column in numeric)
    workbook.close()
    return count


def _write_cell(sheet: Any, row: int, column: int, cell: Any, numeric: bool) -> None:
    if cell is None or cell == "":
        return
    if numeric and isinstance(cell, int | float) and not isinstance(cell, bool):
        sheet.write_number(row, column, cell)
    else:
        sheet.write_string(row, column, str(cell))


def filter_detail(filters: ResponseFilter) -> dict[str, Any]:
    return {
        "channel_id": filters.channel_id,
        "submitted_from": filters.submitted_from.isoformat() if filters.submitted_from else None,
        "submitted_to": filters.submitted_to.isoformat() if filters.submitted_to else None,
    }


def record_export(survey_id: int, staff_user_id: int | None, file_format: str, filters: ResponseFilter) -> None:
    """Say in the audit trail who exported which responses, in a transaction of its own."""
    detail = {"format": file_format, "filters": filter_detail(filters)}
    with db.transaction() as session:
        audit.record(session, staff_user_id, "export_responses", "survey", survey_id, detail)
