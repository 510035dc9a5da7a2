"""Exports: CSV streamed through the real view, XLSX in constant memory, both audited."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
import pytest
from flask.testing import FlaskClient
from sqlalchemy import insert, select, text

from surveys import repository
from surveys.equality import service as equality_service
from surveys.model import Option, Question, Section, SurveyDefinition, other_key
from surveys.questions import display_answer
from surveys.repository import ExportRow, ResponseFilter
from surveys.results import export
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
        "filters": {"channel_id": None, "submitted_from": None, "submitted_to": None, "language": None},
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


# --- the fast path writes what the per-cell path would, on a varied survey ----------------------------


def varied_definitions() -> tuple[SurveyDefinition, SurveyDefinition]:
    """Version 1 and version 2 of a survey with every answerable type, risky labels and a removed option."""
    colours = (Option("red", "Red"), Option("green", "=Green"), Option("minus", "-5"), Option("purple", "Purple"))
    places = (Option("gp", "GP surgery"), Option("pharmacy", "Pharmacy"), Option("neg", "-1"))

    def questions(version: int) -> tuple[Question, ...]:
        kept = colours if version == 1 else colours[:3]  # version 2 drops "purple"
        asked = (
            Question("colour", "single_choice", f"Colour (v{version})?", options=kept, allow_other=True),
            Question("places", "multiple_choice", "Where?", options=places, allow_other=True),
            Question("shade", "single_choice", "Shade?", options=(Option("dark", "Dark"), Option("light", "Light"))),
            Question("rating", "rating", "=How good?", scale_min_label="Poor", scale_max_label="Good"),
            Question("yes", "yes_no", "Again?"),
            Question("age", "number", "Age?"),
            Question("why", "long_text", "Why?"),
            Question("name", "short_text", "Name?"),
        )
        return asked if version == 1 else (*asked, Question("extra", "short_text", "Anything else?"))

    return tuple(  # type: ignore[return-value]
        SurveyDefinition("Varied", sections=(Section("s1", "One", questions=questions(v)),)) for v in (1, 2)
    )


TEXTS = ["Fine", "=1+1", "+44 7700 900123", "-5", "-ish", "@SUM(A1)", "\tTabbed", "\rReturn", "a, b", 'Say "hi"']
TEXTS += ["Line one\r\n- a bullet", "اردو میں جواب", "Ünïcødé – dash", " ", ""]


def varied_answers(rng: random.Random, version: int) -> dict[str, Any]:
    choose = rng.choice
    answers: dict[str, Any] = {
        "colour": choose(["red", "green", "minus", "other", "gone", *(["purple"] if version == 1 else [])]),
        "places": rng.sample(["gp", "pharmacy", "neg", "other"], rng.randint(0, 3)),
        "shade": choose(["dark", "light", "other"]),  # "other" with text although not offered
        "rating": choose([1, 3, 5, 7]),  # 7: beyond the scale
        "yes": choose(["yes", "no"]),
        "age": choose([0, 42, -3, 2.5, 120]),
        "why": choose(TEXTS),
        "name": choose(TEXTS),
    }
    if version == 2:
        answers["extra"] = choose(TEXTS)
    for key in ("colour", "places", "shade"):
        if rng.random() < 0.5:
            answers[other_key(key)] = choose(["Teal", "=cmd|' /C calc'!A0", "-2", "", "Bus stop"])
    return {key: value for key, value in answers.items() if rng.random() > 0.15}  # some not answered


def build_varied_survey() -> Survey:
    first, second = varied_definitions()
    survey = repository.create_survey("Varied", "varied", None, definition=first)
    repository.publish(survey, None)
    paper = repository.add_channel(survey, "=Paper", None)
    rng = random.Random(7)
    web = repository.default_channel(survey.id)
    for version_number, definition_now in ((1, first), (2, second)):
        if version_number == 2:
            repository.save_definition(survey, definition_now, None, "edit")
            repository.publish(survey, None)
        version = repository.latest_version(survey.id)
        assert version is not None
        rows = [
            {
                "survey_id": survey.id,
                "version_id": version.id,
                "channel_id": rng.choice([web.id, paper.id]),
                "reference": f"V{version_number}-{n:04d}",
                "submission_key": f"varied-{version_number}-{n}",
                "language": rng.choice(["en", "cy", "ur"]),
                # Not in id order, with microseconds, across three days.
                "submitted_at": START + timedelta(days=rng.randint(0, 2), seconds=rng.randint(0, 86_399) + 0.25),
                "answers": varied_answers(rng, version_number),
            }
            for n in range(150)
        ]
        with db.transaction() as session:
            session.execute(insert(Response), rows)
    return survey


def reference_table(survey: Survey, keep: Any, protect: bool, numbers: bool = False) -> list[list[Any]]:
    """The export worked out one cell at a time from the ORM and `display_answer`: what the fast path must equal.
    With `numbers` (XLSX), ratings and numbers are the stored number, not a label."""
    questions = equality_service.survey_questions(survey)
    versions = {v.id: v.number for v in repository.versions(survey.id)}
    channels = {c.id: c.name for c in repository.channels(survey.id)}
    table = [export.header_row(export.columns(questions))]
    query = select(Response).where(Response.survey_id == survey.id).order_by(Response.submitted_at, Response.id)
    for response in db.session.scalars(query):
        if not keep(response):
            continue
        moment = response.submitted_at
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        row = [response.reference, str(versions[response.version_id]), channels[response.channel_id]]
        row += [response.language, moment.replace(microsecond=0).isoformat()]
        table.append(row + [reference_cell(q, response.answers, numbers) for q in questions])
    return [[export.safe_cell(cell) for cell in row] for row in table] if protect else table


def reference_cell(question: Question, answers: dict[str, Any], numbers: bool) -> str:
    if numbers and question.kind.xlsx_number and answers.get(question.id) is not None:
        return str(answers[question.id])
    return display_answer(question, answers)


FILTERS: list[tuple[str, Any]] = [
    ("", lambda r, paper: True),
    ("channel={paper}", lambda r, paper: r.channel_id == paper),
    ("language=cy", lambda r, paper: r.language == "cy"),
    ("submitted_from=2025-03-02&submitted_to=2025-03-02", lambda r, paper: r.submitted_at.day == 2),
    (
        "channel={paper}&language=ur&submitted_to=2025-03-02",
        lambda r, paper: (r.channel_id, r.language) == (paper, "ur") and r.submitted_at.day <= 2,
    ),
]


@pytest.mark.parametrize(("query", "keep"), FILTERS)
def test_csv_export_equals_the_cell_by_cell_export_of_a_varied_survey(
    client: FlaskClient, query: str, keep: Any
) -> None:
    survey = build_varied_survey()
    paper = repository.channel_by_name(survey.id, "=Paper")
    assert paper is not None
    sign_in(client, "lead")
    _response, table = read_csv(client, f"/staff/surveys/{survey.id}/export.csv?{query.format(paper=paper.id)}")
    expected = reference_table(survey, lambda r: keep(r, paper.id), protect=True)
    assert len(expected) > 20
    assert table == expected
    assert any(cell.startswith("'") for row in table for cell in row)  # formulas were defused


def test_xlsx_export_equals_the_cell_by_cell_export_of_a_varied_survey(client: FlaskClient) -> None:
    import openpyxl

    survey = build_varied_survey()
    sign_in(client, "lead")
    content = client.get(f"/staff/surveys/{survey.id}/export.xlsx").get_data()
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    # XLSX writes a carriage return as _x000D_, which openpyxl leaves as it is.
    rows = sheet.iter_rows(values_only=True)
    table = [["" if c is None else str(c).replace("_x000D_", "\r") for c in row] for row in rows]
    # Text cells: nothing to protect; ratings and numbers are numbers.
    assert table == reference_table(survey, lambda r: True, protect=False, numbers=True)


# --- the rows the repository streams ----------------------------------------------------------------


def test_export_batches_are_plain_rows_in_submission_order(client: FlaskClient) -> None:
    survey = build_survey()
    later = repository.latest_version(survey.id)
    assert later is not None
    add_responses(survey, [{"colour": "red"}], start=START - timedelta(days=1))  # the newest row, submitted first
    batches = list(repository.export_batches(survey.id, batch=300))
    assert [len(b) for b in batches] == [300] * 6 + [221]
    rows = [tuple(row) for b in batches for row in b]
    assert rows[0] == ("R0002020", 2, "web", "en", "2025-02-28T09:30:15+00:00", '{"colour":"red"}')
    assert rows[1][:5] == ("R0000000", 1, "web", "en", "2025-03-01T09:30:15+00:00")
    assert json.loads(rows[-1][5]) == {"why": 'Line one\nline two, with "quotes" – and ünïcødé'}
    assert [row[4] for row in rows] == sorted(row[4] for row in rows)


def test_export_batches_keep_the_filters(client: FlaskClient) -> None:
    survey = build_survey()
    web = repository.default_channel(survey.id)
    filters = {
        ResponseFilter(submitted_to=START.date()): 20,
        ResponseFilter(submitted_from=START.date() + timedelta(days=1)): 2000,
        ResponseFilter(channel_id=web.id, language="en"): 2020,
        ResponseFilter(language="cy"): 0,
        ResponseFilter(channel_id=web.id + 1000): 0,
    }
    for response_filter, count in filters.items():
        assert sum(len(b) for b in repository.export_batches(survey.id, response_filter)) == count


def test_export_times_are_utc_whatever_the_session_time_zone(client: FlaskClient) -> None:
    survey = build_survey()
    if db.engine().dialect.name == "postgresql":
        db.session.execute(text("SET TIME ZONE 'Asia/Kolkata'"))
        london = datetime(2025, 6, 1, 13, 0, 59, 999999, tzinfo=ZoneInfo("Europe/London"))
        add_responses(survey, [{}], start=london)
        [[*_, last]] = [[row[4] for b in repository.export_batches(survey.id) for row in b]]
        assert last == "2025-06-01T12:00:59+00:00"
    first = next(iter(repository.export_batches(survey.id)))[0]
    assert first[4] == "2025-03-01T09:30:15+00:00"


# PostgreSQL only: SQLite has no server-side cursors, it steps through the rows as they are read.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgresql_streams_from_a_server_side_cursor(client: FlaskClient) -> None:
    assert db.engine().dialect.name == "postgresql"
    survey = build_survey()
    open_cursors = text("SELECT count(*) FROM pg_cursors")
    batches = repository.export_batches(survey.id, batch=100)
    next(batches)
    assert db.session.scalar(open_cursors) == 1
    assert sum(len(b) for b in batches) == 1920
    abandoned = repository.export_batches(survey.id, batch=100)
    next(abandoned)
    abandoned.close()  # a download stopped half way
    assert db.session.scalar(open_cursors) == 0
    db.session.rollback()


# --- the plain parts of surveys.results.export ---------------------------------------------------


QUESTIONS = definition().answerable_questions()


def export_row(answers: dict[str, Any], channel: str = "web") -> ExportRow:
    return ("R1", 1, channel, "en", "2025-03-01T09:30:15+00:00", orjson.dumps(answers).decode())


def answer_cells(questions: list[Question], answers: dict[str, Any], protect: bool = False) -> list[Any]:
    [row] = export.ExportRows(questions, protect).rows([export_row(answers)])
    return row[export.FIXED_COLUMNS :]


ANSWERS = [
    {},
    {"colour": "red"},
    {"colour": "other", "colour__other": "Teal"},
    {"colour": "other", "colour__other": "=1+1"},
    {"colour": "other"},
    {"colour": "gone"},
    {"colour": "=gone"},
    {"colour": "red", "colour__other": "not shown"},
    {"places": ["pharmacy", "other"], other_key("places"): "Bus"},
    {"places": ["other"], other_key("places"): "-2"},
    {"places": ["gp"], other_key("places"): "not shown"},
    {"places": []},
    {"why": "Because"},
    {"why": "@x", "again": "-5"},
    {"age": 0},
    {"age": 42},
    {"age": -1.5},
    {"colour": "blue", "places": ["gp"], "why": "=1+1", "age": -3, "again": "x", "colour__other": "ignored"},
]


@pytest.mark.parametrize("answers", ANSWERS)
def test_formatter_and_export_cells_match_display_answer(answers: dict[str, Any]) -> None:
    plain, protected = answer_cells(QUESTIONS, answers), answer_cells(QUESTIONS, answers, protect=True)
    for question, cell, safe in zip(QUESTIONS, plain, protected, strict=True):
        expected = display_answer(question, answers)
        assert export.formatter(question)(answers) == expected
        assert ("" if cell is None else str(cell)) == expected
        assert ("" if safe is None else str(safe)) == export.safe_cell(expected)


RISKY_LABELS = (Option("eq", "=SUM(1)"), Option("neg", "-5"), Option("plain", "Plain"))
RISKY = [
    Question("one", "single_choice", "One?", options=RISKY_LABELS, allow_other=True),
    Question("many", "multiple_choice", "Many?", options=RISKY_LABELS, allow_other=True),
    Question("rate", "rating", "Rate?", scale_min_label="=Bad"),
]


@pytest.mark.parametrize(
    "answers",
    [
        {"one": "eq", "many": ["eq"], "rate": 1},
        {"one": "neg", "many": ["neg"], "rate": 2},
        {"many": ["neg", "eq"]},
        {"many": ["plain", "eq"]},
        {"one": "other", "one__other": "x", "many": ["neg", "other"], "many__other": "y"},
    ],
)
def test_labels_are_made_safe_as_whole_cells(answers: dict[str, Any]) -> None:
    protected = answer_cells(RISKY, answers, protect=True)
    assert protected == [export.safe_cell(display_answer(q, answers)) or None for q in RISKY]
    assert answer_cells(RISKY, answers) == [display_answer(q, answers) or None for q in RISKY]


def test_the_fixed_columns_are_made_safe_too() -> None:
    [row] = export.ExportRows(QUESTIONS, protect=True).rows([export_row({}, channel="=HYPERLINK()")])
    assert row[:5] == ["R1", 1, "'=HYPERLINK()", "en", "2025-03-01T09:30:15+00:00"]
    [row] = export.ExportRows(QUESTIONS, protect=False).rows([export_row({}, channel="=HYPERLINK()")])
    assert row[2] == "=HYPERLINK()"


def test_numbers_stay_numbers() -> None:
    assert answer_cells(QUESTIONS, {"age": -3})[3] == -3
    assert answer_cells(QUESTIONS, {"age": 2.5})[3] == 2.5


def test_export_cells_with_data_no_version_wrote() -> None:
    rating = Question("rating", "rating", "How was it?", scale_max=3, scale_max_label="Good")
    odd = {"colour": ["red"], "places": "gp", "why": {"a": 1}, "age": "12", "rating": 3}
    cells = answer_cells([*QUESTIONS, rating], odd)  # a list where one value belongs: every cell the slow way
    assert cells == ["['red']", "GP surgery", "{'a': 1}", "12", "", "3 – Good"]
    assert answer_cells([rating], {"rating": 2}) == ["2"]
    assert answer_cells(QUESTIONS, {"places": [1, "gp"]})[1] == "1; GP surgery"
    assert answer_cells([rating], {"rating": 7}) == [7]  # beyond the scale: the number itself
    assert answer_cells(QUESTIONS, {"places": "other", other_key("places"): "Bus"})[1] == "Other: Bus"


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


def test_csv_chunks_are_one_per_batch() -> None:
    batches = [[export_row({"colour": "red", "why": "x" * 100})] * size for size in (1000, 1000, 500)]
    chunks = list(export.csv_chunks(export.columns(QUESTIONS), batches))
    assert len(chunks) == 4
    assert chunks[0].startswith("\ufeffReference,") and chunks[0].count("\r\n") == 1
    assert [chunk.count("\r\n") for chunk in chunks[1:]] == [1000, 1000, 500]


def test_xlsx_refuses_more_rows_than_a_sheet_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "XLSX_MAX_RESPONSES", 3)
    batches = [[export_row({})] * 2, [export_row({})] * 2]
    with pytest.raises(ValueError, match="Too many"):
        export.write_xlsx(export.columns(QUESTIONS), batches, io.BytesIO())


def test_filter_detail_names_every_filter_in_the_audit_trail() -> None:
    filters = ResponseFilter(3, START.date(), None, "ur")
    assert export.filter_detail(filters) == {
        "channel_id": 3,
        "submitted_from": "2025-03-01",
        "submitted_to": None,
        "language": "ur",
    }
