"""Reading uploaded CSV and XLSX tables safely (plain Python: no Flask, no database).

An XLSX file is a zip: its parts are checked before anything is parsed, so a small upload cannot
expand into a huge sheet (a 1.8 KB file can declare A1:XFD5001, 80 million cells). The sheet's own
claim of its size is ignored, only the first `columns` columns are read, and at most `max_rows`.
"""

from __future__ import annotations

import csv
import io
import re

from toolkit.text import lazy

MAX_XLSX_PARTS = 200
MAX_XLSX_UNCOMPRESSED = 25 * 1024 * 1024  # bytes, all parts together
BOM = "\ufeff"  # so spreadsheet programs read the CSV as UTF-8 (Urdu, Bengali...)
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


class SpreadsheetError(ValueError):
    """A file that cannot be read as a table (translatable text)."""


def check_xlsx_sizes(data: bytes) -> None:
    """Refuse a zip with too many parts or too much inside, from its directory alone."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SpreadsheetError(str(lazy("The file could not be read as an Excel (XLSX) file."))) from None
    if len(parts) > MAX_XLSX_PARTS or sum(part.file_size for part in parts) > MAX_XLSX_UNCOMPRESSED:
        limit = MAX_XLSX_UNCOMPRESSED // (1024 * 1024)
        raise SpreadsheetError(
            str(lazy("The file holds more than %(limit)s MB once unpacked: save it as CSV instead.", limit=limit))
        )


def read_xlsx(data: bytes, *, columns: int, max_rows: int, max_text: int) -> list[list[str]]:
    """The first sheet's rows (header included) as text, `columns` wide at most; cells cut to one
    character over `max_text` so a too-long cell is still reported as too long."""
    import zipfile

    from openpyxl import load_workbook

    check_xlsx_sizes(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise SpreadsheetError(str(lazy("The file could not be read as an Excel (XLSX) file."))) from None
    try:
        sheet = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # the file's own claim of its size is not trusted
        table = []
        for number, values in enumerate(sheet.iter_rows(min_col=1, max_col=columns, values_only=True), start=1):
            if number > max_rows + 1:
                raise SpreadsheetError(str(lazy("The file has more than %(rows)s rows.", rows=max_rows)))
            table.append([_cell(value, max_text) for value in values[:columns]])
    finally:
        workbook.close()
    return table


def _cell(value: object, max_text: int) -> str:
    text = "" if value is None else str(value)
    return text[: max_text + 1]


def read_csv(data: bytes | str, *, max_rows: int) -> list[list[str]]:
    """The rows of a UTF-8 CSV file (header included)."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SpreadsheetError(str(lazy("The file is not a CSV file saved as UTF-8."))) from None
    try:
        table = list(csv.reader(io.StringIO(data.removeprefix(BOM), newline="")))
    except csv.Error as error:
        raise SpreadsheetError(str(lazy("The file could not be read as CSV: %(error)s.", error=error))) from None
    if len(table) > max_rows + 1:
        raise SpreadsheetError(str(lazy("The file has more than %(rows)s rows.", rows=max_rows)))
    return table


def safe_cell(value: str) -> str:
    """Stop a spreadsheet running a cell as a formula (CSV injection): a leading quote makes it text.
    Plain numbers such as -5 or +447700900982 are left alone."""
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value
