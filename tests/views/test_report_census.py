"""Section 3 of the report compares each survey's respondents with its area's population through
the equality dashboard (protected, formatted figures only), and names the plan's seldom-heard
groups with whether they were reached; the page, the download and the Word document all show it."""

from __future__ import annotations

import io

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient

from engagements import repository as engagements
from engagements.demo import DEMO_TITLE
from reports import repository
from surveys.equality import service as equality_service
from surveys.repository import ResponseFilter
from tests.helpers import check_page, made_on_queue, make_user, sign_in_as
from toolkit.demo import load_demo
from toolkit.schema import Engagement

STAFF = "/staff/engagements"


@pytest.fixture
def demo(app: Flask, tmp_path) -> Engagement:
    """The whole demo with enough survey responses that the disclosure layer shows census figures
    (the shared fixture's 40 are below the minimum base once views are compared)."""
    for _line in load_demo(150, tmp_path / "login.txt"):
        pass
    found = engagements.find_engagement(DEMO_TITLE)
    assert found is not None
    return found


def test_section_3_compares_with_the_census_through_the_disclosure_layer(demo: Engagement, client: FlaskClient):
    report = repository.assemble(demo, "Test ICB")
    assert report.census, "the demo survey has a census area to compare with"
    survey = engagements.surveys_of(demo.id)[0]
    setup = equality_service.setup(survey)
    view = equality_service.dashboard(survey, setup, ResponseFilter())
    expected = {(d.label, r.group, r.respondents, r.respondent_share) for d in view.dimensions for r in d.rows}
    shown = {(t.characteristic, r.group, r.respondents, r.respondent_share) for t in report.census for r in t.rows}
    assert shown == expected  # the dashboard's protected figures, never recounted
    assert all(r.respondents.startswith("fewer than") or r.respondents.isdigit() for t in report.census for r in t.rows)
    assert report.seldom_heard and {g.group for g in report.seldom_heard}

    sign_in_as(client, make_user("viewer", "census.viewer@example.org"))
    page = check_page(client.get(f"{STAFF}/{demo.id}/report"))
    text = " ".join(page.get_text().split())
    first = report.census[0]
    assert "Compared with the population" in text and first.characteristic in text
    for row in first.rows:
        assert row.group in text
    word = Document(io.BytesIO(made_on_queue(client, f"{STAFF}/{demo.id}/report.docx").data))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert any(first.characteristic in h and first.area in h for h in headings)
    cells = {c.text for table in word.tables for row in table.rows for c in row.cells}
    assert {"Share of the population", "Under-represented?"} <= cells
