"""Exports: CSV streamed through the real view, XLSX in constant memory, both audited."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from surveys import export, repository
from surveys.model import Option, Question, Section, SurveyDefinition, other_key
from surveys.questions import display_answer
from surveys.repository import ResponseFilter, ResponseRow
from tests.helpers import sign_in
from toolkit import db
from toolkit.schema import AuditEvent, Response, Survey

START = datetime(2025, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def definition(colour_text: str = "Favourite colour?") -> SurveyDefinition:
    questions = (
        Question(
            "colour",
            "single_choice",
            colour_text,
            options=(Option("red", "Red"), Option("blue", "Blue")),
            allow_other=True,
        ),
        Question(
            "places",
            "multiple_choice",
            "Where did you see the poster?",
            options=(Option("gp", "GP surgery"), Option("pharmacy", "Pharmacy")),
            allow_other=True,
        ),
        Question("intro", "statement", "Some information"),
        Question("why", "long_text", "Why?"),
        Question("age", "number", "How old are you?"),
        Question("again", "short_text", "Why?"),  # the same text twice: headers must tell them apart
    )
    return SurveyDefinition("Export test", sections=(Section("s1", "One", questions=questions),))


def add_responses(survey: Survey, answers: list[dict[str, Any]], start: datetime = START) -> None:
    """Insert responses straight into the table (fast), to the latest version and the default channel."""
    version = repository.latest_version(survey.id)
    channel = repository.default_channel(survey.id)
    assert version is not None
    with db.transaction() as session:
        offset = session.scalar(select(Response.id).order_by(Response.id.desc()).limit(1)) or 0
        rows = [
            {
                "survey_id": survey.id,
                "version_id": version.id,
                "channel_id": channel.id,
                "reference": f"R{offset + n:07d}",
                "submission_key": f"key-{offset + n}",
                "language": "en",
                "submitted_at": start + timedelta(minutes=n),
                "answers": a,
            }
            for n, a in enumerate(answers)
        ]
        session.execute(insert(Response), rows)


def build_survey() -> Survey:
    """Version 1 (old wording) with 20 responses, then version 2 with 2,000 more."""
    survey = repository.create_survey("Export test", "export-test", None, definition=definition("Colour (v1)?"))
    repository.publish(survey, None)
    add_responses(survey, [{"colour": "red", "age": 30}] * 20)
    repository.save_definition(survey, definition(), None, "edit")
    repository.publish(survey, None)
    later = START + timedelta(days=1)
    many = [
        {"colour": "blue", "places": ["gp"], "why": f"Reason {n}", "age": n % 90, "again": "x"} for n in range(1997)
    ]
    special = [
        {"colour": "other", "colour__other": "Teal", "places": ["gp", "other"], "places__other": "Bus stop"},
        {"why": '=HYPERLINK("http://evil.example")', "again": "@SUM(A1)", "age": -5},
        {"why": 'Line one\nline two, with "quotes" – and ünïcødé'},
    ]
    add_responses(survey, many + special, start=later)
    return survey


def read_csv(client: FlaskClient, url: str) -> tuple[Any, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    # A generator, not a body built in memory (checked before reading it, which buffers it).
    assert response.is_streamed
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(body[1:])))


def test_csv_export_is_streamed_and_round_trips(client: FlaskClient) -> None:
    survey = build_survey()
    user = sign_in(client, "lead")
    response, table = read_csv(client, f"/staff/surveys/{survey.id}/export.csv")
    assert response.mimetype == "text/csv"
    assert 'attachment; filename="export-test-responses-' in response.headers["Content-Disposition"]

    header, *data = table
    assert header == [
        "Reference",
        "Version",
        "Channel",
        "Language",
        "Submitted (UTC)",
        "Favourite colour?",
        "Where did you see the poster?",
        "Why? (why)",
        "How old are you?",
        "Why? (again)",
    ]
    assert len(data) == 2020
    assert all(len(row) == len(header) for row in data)

    first = dict(zip(header, data[0], strict=True))
    assert first["Version"] == "1" and first["Favourite colour?"] == "Red" and first["How old are you?"] == "30"
    assert first["Channel"] == "web" and first["Language"] == "en"
    assert first["Submitted (UTC)"] == "2025-03-01T09:30:15+00:00"
    assert first["Where did you see the poster?"] == "" and first["Why? (why)"] == ""

    assert len({row[0] for row in data}) == 2020  # one row per response
    other, injected, text = (dict(zip(header, row, strict=True)) for row in data[-3:])
    assert other["Version"] == "2"
    assert other["Favourite colour?"] == "Other: Teal"
    assert other["Where did you see the poster?"] == "GP surgery; Other: Bus stop"
    assert injected["Why? (why)"] == '\'=HYPERLINK("http://evil.example")'
    assert injected["Why? (again)"] == "'@SUM(A1)"
    assert injected["How old are you?"] == "-5"  # a plain number is not a formula
    assert text["Why? (why)"] == 'Line one\nline two, with "quotes" – and ünïcødé'

    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_responses")).one()
    assert (event.staff_user_id, event.object_id) == (user.id, survey.id)
    assert event.detail == {
        "format": "csv",
        "filters": {"channel_id": None, "submitted_from": None, "submitted_to": None},
    }


def test_csv_export_keeps_the_filters(client: FlaskClient) -> None:
    survey = build_survey()
    sign_in(client, "lead")
    _response, table = read_csv(client, f"/staff/surveys/{survey.id}/export.csv?submitted_to=2025-03-01")
    assert len(table) == 21
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_responses")).one()
    assert event.detail["filters"]["submitted_to"] == "2025-03-01"


def test_xlsx_export_opens_and_holds_the_rows(client: FlaskClient) -> None:
    survey = build_survey()
    sign_in(client, "lead")
    response = client.get(f"/staff/surveys/{survey.id}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    content = response.get_data()
    assert content[:4] == b"PK\x03\x04"
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        sheet = workbook.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert len(re.findall(r"<row ", sheet)) == 2021
    assert "Favourite colour?" in sheet and "Other: Teal" in sheet and "GP surgery; Other: Bus stop" in sheet
    # Written as text, never as a formula.
    assert "<f>" not in sheet and "=HYPERLINK" in sheet
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        return
    rows = list(openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    assert len(rows) == 2021 and rows[1][5] == "Red"


# --- the plain parts of surveys.export ---------------------------------------------------


QUESTIONS = definition().answerable_questions()


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"colour": "red"},
        {"colour": "other", "colour__other": "Teal"},
        {"colour": "other"},
        {"colour": "gone"},
        {"places": ["pharmacy", "other"], other_key("places"): "Bus"},
        {"places": []},
        {"why": "Because"},
        {"age": 0},
        {"age": 42},
        {"colour": "blue", "places": ["gp"], "why": "=1+1", "age": -3, "again": "x", "colour__other": "ignored"},
    ],
)
def test_formatter_and_answer_cells_match_display_answer(answers: dict[str, Any]) -> None:
    cells = export.AnswerCells(QUESTIONS)(answers)
    for question, cell in zip(QUESTIONS, cells, strict=True):
        expected = display_answer(question, answers)
        assert export.formatter(question)(answers) == expected
        assert ("" if cell is None else str(cell)) == expected


def test_answer_cells_with_data_no_version_wrote() -> None:
    rating = Question("rating", "rating", "How was it?", scale_max=3, scale_max_label="Good")
    odd = {"colour": ["red"], "places": "gp", "why": {"a": 1}, "age": "12", "rating": 3}
    cells = export.AnswerCells([*QUESTIONS, rating])(odd)
    assert cells == ["['red']", "GP surgery", "{'a': 1}", "12", "", "3 – Good"]
    assert export.AnswerCells([rating])({"rating": 2}) == ["2"]
    assert export.AnswerCells(QUESTIONS)({"places": [1, "gp"]})[1] == "1; GP surgery"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 123", "'+44 123"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_cell(cell: str, safe: str) -> None:
    assert export.safe_cell(cell) == safe


def test_iso_utc() -> None:
    naive = datetime(2025, 1, 2, 3, 4, 5, 678)
    assert export.iso_utc(naive) == "2025-01-02T03:04:05+00:00"
    plus_one = datetime(2025, 6, 1, 12, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/London"))
    assert export.iso_utc(plus_one) == "2025-06-01T12:00:00+00:00"


def test_csv_chunks_are_bounded() -> None:
    rows = (ResponseRow(n, f"R{n}", 1, "web", "en", START, {"colour": "red", "why": "x" * 100}) for n in range(2500))
    chunks = list(export.csv_chunks(export.columns(QUESTIONS), rows, rows_per_chunk=1000))
    assert len(chunks) == 3
    assert chunks[0].startswith("\ufeffReference,")
    assert sum(chunk.count("\r\n") for chunk in chunks) == 2501


def test_xlsx_refuses_more_rows_than_a_sheet_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "XLSX_MAX_RESPONSES", 3)
    rows = (ResponseRow(n, f"R{n}", 1, "web", "en", START, {}) for n in range(4))
    with pytest.raises(ValueError, match="Too many"):
        export.write_xlsx(export.columns(QUESTIONS), rows, io.BytesIO())


def test_filter_detail() -> None:
    filters = ResponseFilter(3, START.date(), None)
    assert export.filter_detail(filters) == {"channel_id": 3, "submitted_from": "2025-03-01", "submitted_to": None}
