"""The workshop record's chart and exports (plain data in, text and bytes out)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

from workshops import report
from workshops.votes import Result

NOW = datetime(2027, 1, 1, 18, 0, tzinfo=UTC)
NOTES = (
    report.NoteRow(1, "Parking", "parking", "facilitator", "Table 1", "Access", "Transport", NOW),
    report.NoteRow(2, '=HYPERLINK("x")', '=HYPERLINK("x")', "participant", "", "", "", NOW),
)
RESULTS = (Result(1, "Transport", 5, 3, 1.0),)
RECORD = report.WorkshopRecord(
    engagement="E",
    title="S",
    starts_at=NOW,
    venue="Hall",
    attendance=(("public", 3), ("carer", 2)),
    topics=(("Access", 20),),
    groups=report.group_by_theme(NOTES, ["Transport", "Empty theme"]),
    rounds=(report.RoundResult(1, "Priorities", "closed", 3, 3, RESULTS),),
    actions=(report.ActionRow(1, "Fix", "ICB", None, "not_possible", "Money", True, ("Transport",), ("Parking",)),),
)


def test_groups_keep_empty_themes_and_put_ungrouped_notes_last() -> None:
    assert [(g.name, len(g.notes)) for g in RECORD.groups] == [("Transport", 1), ("Empty theme", 0), ("", 1)]
    assert RECORD.attendance_total == 5


def test_chart_is_svg_with_alt_text() -> None:
    svg = report.vote_chart_svg(list(RESULTS), "Priorities")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert report.chart_alt_text(list(RESULTS), "Priorities").endswith("Transport: 5.")


def test_csv_exports_defuse_formulas() -> None:
    notes = report.to_csv(RECORD, "notes")
    assert notes.splitlines()[0].startswith("id,table,topic,theme")
    assert "'=HYPERLINK" in notes
    assert "Not possible" in report.to_csv(RECORD, "actions")
    assert "Transport,5,3" in report.to_csv(RECORD, "votes")


def test_xlsx_has_a_sheet_per_export() -> None:
    with zipfile.ZipFile(io.BytesIO(report.to_xlsx(RECORD))) as workbook:
        assert len([n for n in workbook.namelist() if n.startswith("xl/worksheets/sheet")]) == 4
