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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import getitem
from typing import IO, Any

import xlsxwriter
from orjson import loads

from surveys.model import OTHER_VALUE, Question, other_key
from surveys.question_types.base import SEVERAL_LABELS, VALUE
from surveys.repository import ExportRow, ResponseFilter
from toolkit import audit, db
from toolkit.spreadsheets import FORMULA_STARTS
from toolkit.spreadsheets import safe_cell as safe_cell
from toolkit.text import lazy as _l

XLSX_MAX_ROWS = 1_048_576  # Excel's limit, header row included
XLSX_MAX_RESPONSES = XLSX_MAX_ROWS - 1
BOM = "\ufeff"  # so Excel reads the CSV as UTF-8
# A cell starting with one of these is run as a formula by spreadsheet programs.

Formatter = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class Column:
    header: str
    question: Question


def columns(questions: Sequence[Question]) -> list[Column]:
    """One column per question, headed by its text; questions with the same text get their id added."""
    texts = Counter(q.text for q in questions)
    return [Column(f"{q.text} ({q.id})" if texts[q.text] > 1 else q.text, q) for q in questions]


FIXED_COLUMNS = 5  # reference, version, channel, language, submitted: see `fixed_headers`


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


def formatter(question: Question) -> Formatter:
    """`display_answer` for one question, with the option labels looked up once rather than on every row."""
    key, other = question.id, other_key(question.id)
    if question.kind.export == VALUE:

        def plain(answers: Mapping[str, Any]) -> str:
            value = answers.get(key)
            return "" if value is None else str(value)

        return plain
    labels = {option.value: option.label for option in question.choices}

    def label(value: Any, other_text: str) -> str:
        text = str(value)
        name = labels.get(text, text)
        return f"{name}: {other_text}" if other_text and text == OTHER_VALUE else name

    if question.kind.export == SEVERAL_LABELS:

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


def _unchanged(value: str) -> str:
    return value


class _Cells(dict[Any, Any]):
    """One question's answer -> its cell, in a dict so that most cells are one lookup done in C:
    a choice's label (already made safe), or None for no answer (written as empty). An answer
    with no label (free text, a number, an option since removed) is its own cell, text made safe.
    `risky` is FORMULA_STARTS when cells are to be made safe, else nothing."""

    def __init__(self, labels: Mapping[Any, str], risky: tuple[str, ...]) -> None:
        super().__init__({value: safe_cell(label) if risky else label for value, label in labels.items()})
        self[None] = None
        self.risky = risky

    def __missing__(self, value: Any) -> Any:
        if value.__class__ is str and value.startswith(self.risky):
            return safe_cell(value)
        return value


class _SeveralCells:
    """A multiple choice answer -> its cell: the labels joined by "; ". Looked up with [] like `_Cells`."""

    def __init__(self, question: Question, risky: tuple[str, ...]) -> None:
        self.labels = {option.value: option.label for option in question.choices}
        self.risky = risky

    def __getitem__(self, value: Any) -> Any:
        if value is None:
            return None
        values = value if value.__class__ is list else [value]
        labels = self.labels
        try:
            text = "; ".join(map(labels.get, values, values))
        except TypeError:  # a value that is not text: not written by this version
            text = "; ".join([labels.get(str(v), str(v)) for v in values])
        return safe_cell(text) if text.startswith(self.risky) else text


class ExportRows:
    """Turns the repository's export rows into spreadsheet rows, every decision about a column made once.

    A row is the fixed columns then one cell per question, in the order of `header_row`:
    text, numbers, or None for no answer. With `protect` (CSV), any text that a spreadsheet
    would run as a formula gets a leading quote (`safe_cell`); XLSX cells are always text, so
    the XLSX export does without. Each row costs one JSON decode and one `map` over the
    questions in C; only multiple choice, free text, numbers and "Other: ..." answers call
    Python, and data no version wrote takes the slow way through `formatter`. With `numbers`
    (XLSX), the answers of types written as numbers (ratings, numbers) are their stored values."""

    def __init__(self, questions: Sequence[Question], protect: bool, numbers: bool = False) -> None:
        self.risky = FORMULA_STARTS if protect else ()
        self.numbers = numbers
        self.text: Callable[[str], str] = safe_cell if protect else _unchanged
        self.keys = [q.id for q in questions]
        self.cells = [self._cells(q) for q in questions]
        self.formatters = [formatter(q) for q in questions]
        # The other-text key of each choice question -> (its cell's index, its question's id, its formatter).
        self.others = {
            other_key(q.id): (FIXED_COLUMNS + i, q.id, self.formatters[i])
            for i, q in enumerate(questions)
            if q.kind.offers_choices
        }
        self.other_keys = frozenset(self.others)
        self.other_labels = {q.id: q.label_for(OTHER_VALUE) for q in questions if q.kind.offers_choices}

    def _cells(self, question: Question) -> Any:
        kind = question.kind
        if self.numbers and kind.xlsx_number:
            return _Cells({}, self.risky)  # the number itself
        if kind.export == SEVERAL_LABELS:
            return _SeveralCells(question, self.risky)
        labels: dict[Any, str] = {}
        if kind.offers_choices:
            labels = {option.value: option.label for option in question.choices}
        if kind.stored_as_int:  # e.g. a rating
            labels.update({int(value): label for value, label in list(labels.items())})
        return _Cells(labels, self.risky)

    def rows(self, batch: Iterable[ExportRow]) -> Iterator[list[Any]]:
        risky, keys, cells, other_keys = self.risky, self.keys, self.cells, self.other_keys
        for reference, version, channel, language, submitted, answers_json in batch:
            answers = loads(answers_json)
            row = [reference, version, channel, language, submitted]
            if reference.startswith(risky) or channel.startswith(risky) or language.startswith(risky):
                row[0], row[2], row[3] = map(self.text, (reference, channel, language))
            try:
                row += map(getitem, cells, map(answers.get, keys))
            except TypeError:  # a list where one value belongs: not written by this version
                del row[FIXED_COLUMNS:]
                row += [self.text(f(answers)) for f in self.formatters]
            for key in answers.keys() & other_keys:  # "Other" and what the respondent wrote
                if answers[key]:
                    self._add_other(answers, key, row)
            yield row

    def _add_other(self, answers: Mapping[str, Any], key: str, row: list[Any]) -> None:
        index, question_id, answer_formatter = self.others[key]
        value = answers.get(question_id)
        if value == OTHER_VALUE:  # one choice, "Other"
            text = f"{self.other_labels[question_id]}: {answers[key]}"
        elif value.__class__ is list and OTHER_VALUE in value:  # several, "Other" among them
            text = answer_formatter(answers)
        else:  # the text of an "Other" not chosen is not shown
            return
        row[index] = safe_cell(text) if text.startswith(self.risky) else text


def rows(
    cols: Sequence[Column], batches: Iterable[Iterable[ExportRow]], protect: bool, numbers: bool = False
) -> Iterator[list[Any]]:
    """The data rows (no header) in the order of `header_row`: text, numbers, or None for no answer."""
    export_rows = ExportRows([c.question for c in cols], protect, numbers)
    for batch in batches:
        yield from export_rows.rows(batch)


def csv_chunks(cols: Sequence[Column], batches: Iterable[Iterable[ExportRow]]) -> Iterator[str]:
    """The CSV as text chunks, one per batch of rows: a byte-order mark and the header, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in header_row(cols)])
    yield BOM + buffer.getvalue()
    export_rows = ExportRows([c.question for c in cols], protect=True)
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(export_rows.rows(batch))
        yield buffer.getvalue()


def write_xlsx(cols: Sequence[Column], batches: Iterable[Iterable[ExportRow]], target: str | IO[bytes]) -> int:
    """Write the workbook row by row (XlsxWriter's constant-memory mode). Returns the number of responses.

    Cells are written as text with `write_string`, so nothing is ever run as a formula;
    the version and the answers of types written as numbers (ratings, numbers) are numbers."""
    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    workbook = xlsxwriter.Workbook(target, {**options, "strings_to_urls": False})
    sheet = workbook.add_worksheet(str(_l("Responses")))
    bold = workbook.add_format({"bold": True})
    for column, header in enumerate(header_row(cols)):
        sheet.write_string(0, column, header, bold)
    numeric = {len(fixed_headers()) + i for i, c in enumerate(cols) if c.question.kind.xlsx_number}
    numeric.add(1)  # the version
    count = 0
    for count, row in enumerate(rows(cols, batches, protect=False, numbers=True), start=1):
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
        "language": filters.language,
    }


def record_export(survey_id: int, staff_user_id: int | None, file_format: str, filters: ResponseFilter) -> None:
    """Say in the audit trail who exported which responses, in a transaction of its own."""
    detail = {"format": file_format, "filters": filter_detail(filters)}
    with db.transaction() as session:
        audit.record(session, staff_user_id, "export_responses", "survey", survey_id, detail)
