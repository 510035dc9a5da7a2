"""The Word version read back with python-docx: real headings, header rows, the chart's alt text,
and staff text kept as text (never markup)."""

from __future__ import annotations

import io

from docx import Document

from reports.docx_export import to_docx
from reports.model import ClosedResult, Report, ThemeCount, blocks
from toolkit.charts import Bar, bar_chart_png


def make_report(**overrides: object) -> Report:
    values: dict[str, object] = {
        "title": "Urgent care",
        "organisation": "Test ICB",
        "decision": "",
        "decision_maker": "",
        "key_dates": (),
        "activities": (),
        "participants_total": 3,
        "equality": (),
        "seldom_heard": (),
        "themes": (ThemeCount(1, "Access", (("response", 2), ("note", 1), ("activity_comment", 0)), 3),),
        "quotes": (),
        "closed": (ClosedResult("Survey", "Would you phone 111?", 4, (Bar("Yes", 3, "75%"), Bar("No", 1, "25%"))),),
        "votes": (),
        "actions": (),
        "recommendations": tuple(blocks("- <b>Open</b> later")),
    }
    values.update(overrides)
    return Report(**values)  # type: ignore[arg-type]


def test_the_word_report_has_headings_tables_alt_text_and_plain_staff_text() -> None:
    document = Document(io.BytesIO(to_docx(make_report())))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "4. What people told us" in headings and "Survey: Would you phone 111?" in headings
    [description] = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert description == "Bar chart: Yes 3 (75%), No 1 (25%)."
    themes = next(t for t in document.tables if t.rows[0].cells[0].text == "Theme")
    assert [c.text for c in themes.rows[1].cells] == ["Access", "2", "1", "0", "3"]
    assert "<b>Open</b> later" in [p.text for p in document.paragraphs]


def test_the_chart_as_png_is_an_image() -> None:
    assert bar_chart_png([Bar("Yes", 3, "75%")]).startswith(b"\x89PNG")
