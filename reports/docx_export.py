"""The engagement report as an editable Word document (committee papers are written in Word), with
python-docx: real headings, tables with header rows, and charts as pictures with alternative text
and a table of the same numbers. Plain module: takes a `Report`, returns bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Inches

from engagements.coding import SOURCE_LABELS
from reports.model import Block, Report, blocks
from toolkit import charts
from toolkit.text import lazy as _l


def _blocks(document: DocumentType, found: Sequence[Block], empty: str) -> None:
    if not found:
        document.add_paragraph(empty)
    for block in found:
        if block.kind == "heading":
            document.add_heading(block.lines[0], level=3)
        elif block.kind == "list":
            for line in block.lines:
                document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(" ".join(block.lines))


def _table(document: DocumentType, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _repeat_header(table)
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _repeat_header(table: object) -> None:
    """Mark the first row as a header row, so Word repeats it and screen readers announce it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _picture(document: DocumentType, png: bytes, alt: str) -> None:
    document.add_picture(io.BytesIO(png), width=Inches(5.5))
    # python-docx writes the picture's name as its description: set the alternative text.
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt[:100])


def _date(value: object) -> str:
    return value.isoformat() if value else str(_l("Not set"))  # type: ignore[attr-defined]


def to_docx(report: Report) -> bytes:
    document = Document()
    document.core_properties.title = str(_l("Engagement report: %(title)s", title=report.title))
    document.core_properties.author = report.organisation
    document.add_heading(str(_l("Engagement report: %(title)s", title=report.title)), level=0)
    _blocks(document, report.summary, "")
    _section_dates(document, report)
    _section_activities(document, report)
    _section_participants(document, report)
    _section_findings(document, report)
    document.add_heading(str(_l("5. Recommendations")), level=1)
    _blocks(document, report.recommendations, str(_l("Not written yet.")))
    document.add_heading(str(_l("6. Next steps")), level=1)
    _blocks(document, report.next_steps, str(_l("Not written yet.")))
    if report.evaluation:
        document.add_heading(str(_l("Evaluation")), level=1)
        for question, answer in report.evaluation:
            document.add_heading(question, level=2)
            _blocks(document, blocks(answer), "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _section_dates(document: DocumentType, report: Report) -> None:
    document.add_heading(str(_l("1. Dates and timescales")), level=1)
    _table(document, [str(_l("What")), str(_l("Date"))], [(d.label, _date(d.on)) for d in report.key_dates])


def _section_activities(document: DocumentType, report: Report) -> None:
    document.add_heading(str(_l("2. What engagement took place")), level=1)
    header = [
        str(_l("Method")),
        str(_l("Activity")),
        str(_l("When")),
        str(_l("People reached")),
        str(_l("Channels or places")),
    ]
    rows = [
        (a.method, a.title, f"{_date(a.starts_on)} – {_date(a.ends_on)}", a.reach, ", ".join(a.channels))
        for a in report.activities
    ]
    _table(document, header, rows)


def _section_participants(document: DocumentType, report: Report) -> None:
    document.add_heading(str(_l("3. Who took part")), level=1)
    document.add_paragraph(str(_l("People who took part or were reached: %(count)d.", count=report.participants_total)))
    document.add_heading(str(_l("Seldom-heard groups named in the plan")), level=2)
    rows = [(g.group, str(_l("Reached")) if g.reached else str(_l("Not reached"))) for g in report.seldom_heard]
    _table(document, [str(_l("Group")), str(_l("Reached?"))], rows)
    for census in report.census:
        heading = _l(
            "%(survey)s: %(characteristic)s, compared with %(area)s",
            survey=census.survey,
            characteristic=census.characteristic,
            area=census.area,
        )
        document.add_heading(str(heading), level=2)
        header = [
            str(_l("Group")),
            str(_l("Share of the population")),
            str(_l("Respondents")),
            str(_l("Share of respondents")),
            str(_l("Under-represented?")),
        ]
        census_rows = [
            (
                r.group,
                r.population_share,
                r.respondents,
                r.respondent_share,
                str(_l("Yes")) if r.under_represented else str(_l("No")),
            )
            for r in census.rows
        ]
        _table(document, header, census_rows)
    for note in report.census_too_few:
        document.add_paragraph(
            str(
                _l(
                    "%(survey)s: too few people answered the equality questions to compare them with the population.",
                    survey=note.survey,
                )
            )
        )
    for table in report.equality:
        if table.total.value is None:
            continue
        document.add_heading(table.question, level=2)
        _table(document, [str(_l("Answer")), str(_l("People"))], [(c.category, c.display) for c in table.cells])


def _section_findings(document: DocumentType, report: Report) -> None:
    document.add_heading(str(_l("4. What people told us")), level=1)
    document.add_heading(str(_l("Themes")), level=2)
    header = [
        str(_l("Theme")),
        *(str(SOURCE_LABELS[s]) for s, _n in (report.themes[0].by_source if report.themes else ())),
        str(_l("All comments")),
    ]
    _table(document, header, [(t.name, *(n for _s, n in t.by_source), t.total) for t in report.themes])
    if report.quotes:
        document.add_heading(str(_l("In their own words")), level=2)
        for quote in report.quotes:
            document.add_paragraph(f"“{quote.text}” ({quote.origin})", style="Intense Quote")
    for result in report.closed:
        document.add_heading(f"{result.survey}: {result.question}", level=2)
        _picture(document, charts.bar_chart_png(result.bars), charts.alt_text(result.bars, multiple=result.multiple))
        rows = [(b.label, b.count, b.percent) for b in result.bars]
        _table(document, [str(_l("Answer")), str(_l("People")), str(_l("Share"))], rows)
    for vote in report.votes:
        document.add_heading(str(_l("Workshop vote: %(title)s", title=f"{vote.session}, {vote.round}")), level=2)
        _table(document, [str(_l("Priority")), str(_l("Dots"))], vote.results)
    if report.actions:
        document.add_heading(str(_l("Actions agreed at workshops")), level=2)
        action_rows = [(a.session, a.what, a.owner, a.status) for a in report.actions]
        _table(document, [str(_l("Workshop")), str(_l("Action")), str(_l("Owner")), str(_l("Status"))], action_rows)
