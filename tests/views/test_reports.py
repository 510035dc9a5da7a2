"""The engagement report (six sections) as a page, HTML download, tagged PDF and Word document,
each read back and checked against the engagement's data; and "You said, we did": commitments,
publishing versions, the public pages, the Atom feed and the loop-closed measure."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient

from engagements import coding_repository as codes
from engagements import repository as engagements
from engagements.demo import DEMO_TITLE
from reports import demo as report_demo
from reports import repository
from reports.model import CommitmentDraft
from tests.helpers import check_page, date_boxes, made_on_queue, make_user, pdf_text, post_form, sign_in, sign_in_as
from tests.pdfua import pdf_ua_problems
from toolkit import audit, db, outbox
from toolkit.demo import load_demo
from toolkit.schema import Engagement

STAFF = "/staff/engagements"
LOAD_REPORT_DEMO = report_demo.load_demo  # the demo fixture switches it off


@pytest.fixture
def demo(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engagement:
    """The demo engagement (a survey with responses, two workshops with notes, votes and actions,
    a drop-in, a codebook and coded comments) before its report demo is loaded."""
    monkeypatch.setattr(report_demo, "load_demo", lambda: iter(()))
    for _line in load_demo(40, tmp_path / "login.txt"):
        pass
    found = engagements.find_engagement(DEMO_TITLE)
    assert found is not None
    return found


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in(client, "lead")
    return client


def _words(text: str) -> str:
    return " ".join(text.split())


def _expected(found: Engagement) -> list[str]:
    """Figures and words every format must carry, taken from the data, not from the report."""
    report = repository.assemble(found, "Test ICB")
    expected = [
        "1. Dates and timescales",
        "2. What engagement took place",
        "3. Who took part",
        "4. What people told us",
        "5. Recommendations",
        "6. Next steps",
    ]
    expected += [a.title for a in report.activities]
    expected += [t.name for t in report.themes]
    expected += [g.group for g in report.seldom_heard]
    expected += [r.question for r in report.closed]
    expected += [a.what for a in report.actions]
    return expected


def _raw_text(content: bytes) -> str:
    """The PDF's text in the order it is drawn: each table cell whole, even when it wraps."""
    pdf_text(b"", layout=False) if shutil.which("pdftotext") is None else None
    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def _write_narrative(client: FlaskClient, found: Engagement) -> None:
    quote = repository.quotable(found.id)[0]
    response = post_form(
        client,
        f"{STAFF}/{found.id}/report/edit",
        {
            "summary": "# Why we asked\nPeople <script>alert(1)</script> told us a lot.",
            "recommendations": "- Offer evening appointments\n- Keep the village hall drop-in",
            "next_steps": "The committee decides in March.",
            "reach": "- We reached unpaid carers\n- We missed young families",
            "quotes": [quote.key],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_the_report_page_has_six_sections_and_staff_text_is_escaped(lead: FlaskClient, demo: Engagement) -> None:
    _write_narrative(lead, demo)
    soup = check_page(lead.get(f"{STAFF}/{demo.id}/report"))
    text = _words(soup.get_text(" "))
    for expected in _expected(demo):
        assert _words(expected) in text, expected
    assert "Offer evening appointments" in [li.get_text(strip=True) for li in soup.find_all("li")]
    assert "Why we asked" in [h.get_text(strip=True) for h in soup.find_all("h3")]
    assert soup.find("script", string=re.compile("alert")) is None
    for img in soup.select("img.chart"):
        assert img["alt"].startswith("Bar chart:")
    assert audit.events_for("engagement", demo.id)[0].action == "report.narrative_saved"


def test_the_pdf_report_reads_back_with_every_section_and_figure(lead: FlaskClient, demo: Engagement) -> None:
    _write_narrative(lead, demo)
    response = made_on_queue(lead, f"{STAFF}/{demo.id}/report.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert pdf_ua_problems(response.data, "en") == []
    text = _words(_raw_text(response.data))
    for expected in _expected(demo):
        assert _words(expected) in text, expected
    report = repository.assemble(demo, "Test ICB")
    for theme in report.themes:
        assert re.search(rf"{re.escape(theme.name)}( \d+)* {theme.total}", text), theme
    assert "Offer evening appointments" in text
    assert "Did we reach the right people, and where are the gaps? We reached unpaid carers" in text


def test_the_docx_report_has_real_headings_tables_and_chart_alt_text(lead: FlaskClient, demo: Engagement) -> None:
    _write_narrative(lead, demo)
    response = made_on_queue(lead, f"{STAFF}/{demo.id}/report.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    for section in _expected(demo)[:6]:
        assert section in headings
    report = repository.assemble(demo, "Test ICB")
    theme_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Theme")
    rows = {r.cells[0].text: r.cells[-1].text for r in theme_table.rows[1:]}
    assert rows == {t.name: str(t.total) for t in report.themes}
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert len(descriptions) == len(report.closed) and all(d.startswith("Bar chart:") for d in descriptions)
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert "Offer evening appointments" in bullets and "We missed young families" in bullets
    assert "Did we reach the right people, and where are the gaps?" in headings


def test_narrative_too_long_is_a_400_not_a_500(lead: FlaskClient, demo: Engagement) -> None:
    response = post_form(lead, f"{STAFF}/{demo.id}/report/edit", {"summary": "x" * 20_001})
    assert response.status_code == 400


def test_viewers_cannot_write_the_report(client: FlaskClient, demo: Engagement) -> None:
    sign_in_as(client, make_user("viewer", "report-viewer@example.org"))
    assert client.get(f"{STAFF}/{demo.id}/report/edit").status_code == 403
    assert client.get(f"{STAFF}/{demo.id}/report").status_code == 200


def _commit(lead: FlaskClient, found: Engagement, **data: object) -> None:
    url = f"{STAFF}/{found.id}/you-said-we-did/commitments/new"
    response = post_form(lead, url, {"owner": "Primary care team", "status": "agreed", **data})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_you_said_we_did_is_public_only_once_a_lead_publishes(lead: FlaskClient, demo: Engagement) -> None:
    theme = codes.codebook(demo.id)[0]
    _commit(lead, demo, what="Evening appointments on Tuesdays", themes=[theme.id])
    _commit(lead, demo, what="A new building", status="not_possible", reason="There is no capital budget")
    assert lead.get(f"/you-said-we-did/{demo.id}").status_code == 404
    assert demo.title not in lead.get("/you-said-we-did").get_data(as_text=True)

    page = check_page(lead.get(f"{STAFF}/{demo.id}/you-said-we-did"))
    assert "Evening appointments on Tuesdays" in page.get_text()
    soup = check_page(lead.get(f"{STAFF}/{demo.id}/you-said-we-did"))
    token = soup.find("input", attrs={"name": "publish-csrf_token"})["value"]
    published = lead.post(f"{STAFF}/{demo.id}/you-said-we-did/publish", data={"publish-csrf_token": token})
    assert published.status_code == 302
    commitment = repository.commitments(demo.id)[0]
    token = soup.find("input", attrs={"name": f"c{commitment.id}-csrf_token"})["value"]
    data = {
        f"c{commitment.id}-csrf_token": token,
        **date_boxes(f"c{commitment.id}-on", "1 2 2027"),
        f"c{commitment.id}-text": "Started",
    }
    url = f"{STAFF}/{demo.id}/you-said-we-did/commitments/{commitment.id}/updates"
    assert lead.post(url, data=data).status_code == 302
    assert repository.commitments(demo.id)[0].updates[0].text == "Started"

    public = check_page(lead.get(f"/you-said-we-did/{demo.id}"))
    text = _words(public.get_text(" "))
    assert "Evening appointments on Tuesdays" in text and "There is no capital budget" in text
    assert theme.name in text and "Not possible" in text
    index = check_page(lead.get("/you-said-we-did"))
    assert index.find("a", href=f"/you-said-we-did/{demo.id}") is not None
    home = check_page(lead.get("/"))
    assert home.find("a", href="/you-said-we-did") is not None
    feed = lead.get("/you-said-we-did/feed.atom")
    assert feed.mimetype == "application/atom+xml" and f"/you-said-we-did/{demo.id}" in feed.get_data(as_text=True)


def test_bad_commitment_and_update_dates_are_named_not_saved(lead: FlaskClient, demo: Engagement) -> None:
    new = f"{STAFF}/{demo.id}/you-said-we-did/commitments/new"
    data = {"what": "Evening appointments", "owner": "Primary care team", "status": "agreed"}
    for typed, message in (("28  2027", "must include a month"), ("29 2 2027", "must be a real date")):
        page = check_page(post_form(lead, new, {**data, **date_boxes("decided_on", typed)}), 400)
        assert f"The date of the decision {message}" in page.get_text()
    assert repository.commitments(demo.id) == []
    _commit(lead, demo, **data, **date_boxes("decided_on", "3 Mar 2027"))
    commitment = repository.commitments(demo.id)[0]
    assert commitment.decided_on.isoformat() == "2027-03-03"  # type: ignore[union-attr]
    edit = check_page(lead.get(f"{STAFF}/{demo.id}/you-said-we-did/commitments/{commitment.id}"))
    assert edit.find("input", attrs={"name": "decided_on-month"})["value"] == "3"  # the stored date is shown back
    soup = check_page(lead.get(f"{STAFF}/{demo.id}/you-said-we-did"))
    name = f"c{commitment.id}"
    token = soup.find("input", attrs={"name": f"{name}-csrf_token"})["value"]
    url = f"{STAFF}/{demo.id}/you-said-we-did/commitments/{commitment.id}/updates"
    for typed, message in (
        ("", "Enter the date of the update"),
        ("1 13 2027", "The date of the update must be a real date"),
    ):
        refused = lead.post(
            url, data={f"{name}-csrf_token": token, f"{name}-text": "Started", **date_boxes(f"{name}-on", typed)}
        )
        assert refused.status_code == 400 and message in refused.get_data(as_text=True)
    assert not repository.commitments(demo.id)[0].updates


def test_each_publication_is_a_new_version_and_earlier_ones_never_change(app: Flask, demo: Engagement) -> None:
    user = make_user("lead", "author@example.org")
    row = repository.save_commitment(demo, CommitmentDraft("Evening appointments", "Practice manager"), user.id)
    first = repository.publish(demo, "", user.id)
    repository.save_commitment(demo, CommitmentDraft("Evening appointments", "Practice manager", "done"), user.id, row)
    second = repository.publish(demo, "Evening appointments started", user.id)
    assert (first.version, second.version) == (1, 2)
    versions = repository.publications(demo.id)
    assert versions[1].content["commitments"][0]["status"] == "agreed"
    assert versions[0].content["commitments"][0]["status"] == "done"
    measure = repository.loop_closed(demo)
    assert dict(measure.statuses)["done"] == 1 and measure.themes == len(repository.theme_counts(demo.id))


def test_a_not_possible_commitment_needs_its_reason(lead: FlaskClient, demo: Engagement) -> None:
    url = f"{STAFF}/{demo.id}/you-said-we-did/commitments/new"
    response = post_form(lead, url, {"what": "A new building", "owner": "Estates", "status": "not_possible"})
    assert response.status_code == 400 and "Say why it is not possible" in response.get_data(as_text=True)


def test_the_demo_has_a_report_and_a_published_you_said_we_did(client: FlaskClient, demo: Engagement) -> None:
    lines = list(LOAD_REPORT_DEMO())
    assert lines[0].startswith("Demo report loaded")
    assert list(LOAD_REPORT_DEMO()) == ["Demo report already loaded."]
    public = check_page(client.get(f"/you-said-we-did/{demo.id}"))
    text = _words(public.get_text(" "))
    assert "Bus routes are decided by the council" in text and "Opening hours" in text
    assert repository.loop_closed(demo).answered == 3


def test_an_opted_in_participant_gets_exactly_one_message_per_publication(
    client: FlaskClient, demo: Engagement
) -> None:
    url = f"/you-said-we-did/{demo.id}/tell-me"
    assert post_form(client, url, {"email": "not an email"}).status_code == 400
    assert post_form(client, url, {"email": "person@example.com"}).status_code == 200
    assert post_form(client, url, {"email": "Person@example.com"}).status_code == 200  # the same person again
    assert repository.subscriber_count(demo.id) == 1
    lead = make_user("lead", "author@example.org")
    row = repository.save_commitment(demo, CommitmentDraft("Evening clinics", "Practice manager"), lead.id)
    repository.publish(demo, "", lead.id, "http://localhost/you-said-we-did/1")
    with db.transaction() as session:
        sent = [m for m in outbox.recent(session) if m.to_address == "person@example.com"]
    assert len(sent) == 1 and "http://localhost/you-said-we-did/1" in sent[0].body
    # A published commitment changing status is one more message (tests/views/test_tell_me.py);
    # the last commitment done closes the loop at the next publication: one more, then the address is deleted.
    repository.save_commitment(demo, CommitmentDraft("Evening clinics", "Practice manager", "done"), lead.id, row)
    with db.transaction() as session:
        assert len([m for m in outbox.recent(session) if m.to_address == "person@example.com"]) == 2
    repository.publish(demo, "Evening clinics started", lead.id, "http://localhost/you-said-we-did/1")
    with db.transaction() as session:
        assert len([m for m in outbox.recent(session) if m.to_address == "person@example.com"]) == 3
    assert repository.subscriber_count(demo.id) == 0


def test_the_tell_me_page_asks_only_for_an_email_address(client: FlaskClient, demo: Engagement) -> None:
    page = check_page(client.get(f"/you-said-we-did/{demo.id}/tell-me"))
    assert page.find("input", attrs={"name": "email"}) is not None


def test_the_reports_equality_tables_never_move_by_one_newest_person(demo: Engagement) -> None:
    """Tables that moved with each new response, or with each form at a session still open, would
    show which groups the newest person is in (the same people always give the same figures, so
    only that person's cells would change). The report counts each survey's responses up to its
    last complete reporting block, and a session's answers once it has closed."""
    from datetime import UTC, datetime, timedelta

    from tests.views.test_equality import add_people
    from workshops import repository as workshops

    survey = engagements.surveys_of(demo.id)[0]
    # The demo's 40 responses make one block of 11, 9 with equality answers: under the minimum base.
    add_people(survey, 20, {"eq_sex": "female", "eq_age": "35_to_44"}, when=datetime.now(UTC) - timedelta(days=40))
    before = repository.assemble(demo, "Test ICB").equality
    assert before  # now a complete block
    add_people(survey, 1, {"eq_sex": "male", "eq_religion": "buddhist"}, when=datetime.now(UTC))
    session = engagements.sessions_of(demo.id)[0]
    assert len(workshops.equality_answer_sets(session.id)) >= 10  # the demo's answers at an open session
    workshops.add_equality_answers(session.id, {"eq_sex": "female", "eq_religion": "jewish"})
    assert repository.assemble(demo, "Test ICB").equality == before
    workshops.close_session(session, None)  # everyone at the session counted at once
    assert repository.assemble(demo, "Test ICB").equality != before
