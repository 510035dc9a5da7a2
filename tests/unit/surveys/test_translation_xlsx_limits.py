"""Translation XLSX uploads cannot exhaust the server: the zip's unpacked sizes are checked before
parsing, the sheet's declared dimension is ignored, and only the three needed columns are read."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from surveys.translations import model as translation
from surveys.translations.model import TranslationFileError
from tests.helpers import make_definition


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, change: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """The same zip with some parts' bytes changed by a function of the old bytes, plus extra parts."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change.get(item.filename) or content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _valid_rows() -> list[list[object]]:
    definition = make_definition()
    return [
        list(translation.HEADER),
        *[[key, english, "Tłumaczenie"] for key, english, _ in translation.rows(definition, "pl")],
    ]


def test_a_sheet_declaring_a_huge_dimension_is_read_by_its_real_cells_in_little_memory():
    data = _workbook(_valid_rows())
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    huge = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD5001"/>', sheet)
    # One cell far down and far right: a reader that trusts the dimension pads every row in between
    # to 16,384 columns (about 650 MB for this 2 KB file).
    far = b'<row r="5001"><c r="XFD5001" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    huge = huge.replace(b"</sheetData>", far)
    assert huge != sheet
    hostile = _rewrite(data, {"xl/worksheets/sheet1.xml": huge})
    assert len(hostile) < 10_000
    tracemalloc.start()
    try:
        found = translation.from_xlsx(hostile, make_definition())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found and set(found.values()) == {"Tłumaczenie"}
    assert peak < 20 * 1024 * 1024, f"reading a {len(hostile)} byte file took {peak / 1e6:.0f} MB"


def test_cells_beyond_the_status_column_are_not_read():
    rows = _valid_rows()
    rows[1] = [*rows[1], *["x" * 30_000 for _ in range(20)]]
    found = translation.from_xlsx(_workbook(rows), make_definition())
    assert all(value == "Tłumaczenie" for value in found.values())


def test_a_zip_that_unpacks_to_more_than_the_limit_is_refused_before_parsing():
    bomb = b"\0" * (translation.MAX_XLSX_UNCOMPRESSED + 1)
    hostile = _rewrite(_workbook(_valid_rows()), {}, {"xl/media/padding.bin": bomb})
    assert len(hostile) < 100_000
    with pytest.raises(TranslationFileError, match="once unpacked"):
        translation.from_xlsx(hostile, make_definition())


def test_a_zip_with_too_many_parts_is_refused():
    extra = {f"xl/media/{n}.bin": b"" for n in range(translation.MAX_XLSX_PARTS + 1)}
    with pytest.raises(TranslationFileError, match="once unpacked"):
        translation.from_xlsx(_rewrite(_workbook(_valid_rows()), {}, extra), make_definition())


def test_too_many_rows_or_too_long_a_cell_is_a_clear_problem():
    rows = _valid_rows() + [["", "", ""]] * (translation.MAX_ROWS + 1)
    with pytest.raises(TranslationFileError, match="more than 5000 rows"):
        translation.from_xlsx(_workbook(rows), make_definition())
    long_cell = _valid_rows()
    long_cell[1][2] = "x" * (translation.MAX_TEXT + 50)
    with pytest.raises(TranslationFileError, match="Row 2: the translation is longer than"):
        translation.from_xlsx(_workbook(long_cell), make_definition())


def test_something_that_is_not_a_zip_is_unreadable():
    with pytest.raises(TranslationFileError, match="could not be read as an Excel"):
        translation.from_xlsx(b"not a zip at all", make_definition())
