"""The workshop report: a self-contained HTML download and a PDF made on the server, both with
the topics, notes by theme, vote results, actions and the equality answers in aggregate."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from tests.helpers import check_page, made_on_queue, pdf_info, pdf_text, sign_in
from tests.views.test_workshops import STAFF, demo_session, make_session
from workshops import demo, repository


@pytest.fixture
def viewer(client: FlaskClient) -> FlaskClient:
    sign_in(client, "viewer")
    return client


def _expected_text() -> list[str]:
    return [
        demo.TOPICS[0][0],
        demo.TOPICS[1][0],
        "I want to see the same GP who knows my history",
        "Hold a drop-in at the village hall in the evening",
        "Continuity of care",
        "Involvement in the procurement",
        "Not in a theme",
        "Which of these matter most?",
        "Include two patient representatives on the bid evaluation panel",
        "ICB primary care commissioning team",
        "The contract cannot name individual GPs",
        "Who took part",
        "About the people who took part",
    ]


def pdf_words(content: bytes) -> str:
    """The PDF's text in reading order, every run of spaces and line breaks as one space."""
    return " ".join(pdf_text(content, layout=False).split())


def test_the_pdf_has_the_topics_notes_themes_votes_and_actions(viewer: FlaskClient) -> None:
    workshop = demo_session()
    response = made_on_queue(viewer, f"{STAFF}/sessions/{workshop.id}/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"filename=workshop-{workshop.id}-record.pdf" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"%PDF-")
    text = pdf_words(response.data)
    for expected in _expected_text():
        assert " ".join(expected.split()) in text, expected
    # Vote results: every priority with its dots, in the table under the chart.
    vote_round = repository.rounds(workshop.id)[0]
    for result in repository.results(vote_round):
        assert re.search(rf"{re.escape(result.label)}\s+{result.dots}\s+{result.voters}", text), result
    # Actions' status and due date.
    assert "Not possible" in text and "In progress" in text
    # Equality answers only in aggregate: 14 people, 9 of them 65 or over is never listed one by one.
    assert re.search(r"People answered: 1[2-6]\.", text)  # 14, with the same noise as every other count
    assert "fewer than 5" in text


def test_the_pdf_is_tagged_for_accessibility(viewer: FlaskClient) -> None:
    workshop = demo_session()
    info = pdf_info(made_on_queue(viewer, f"{STAFF}/sessions/{workshop.id}/record.pdf").data)
    assert "Tagged:          yes" in info
    assert "Title:           Workshop record: Session 1: what matters to you" in info


def test_the_html_download_is_self_contained(viewer: FlaskClient) -> None:
    workshop = demo_session()
    response = viewer.get(f"{STAFF}/sessions/{workshop.id}/record.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "attachment" in response.headers["Content-Disposition"]
    html = response.get_data(as_text=True)
    soup = check_page(response)
    # Nothing outside the file: no addresses at all, no stylesheet or script to fetch.
    assert not re.search(r"(https?:)?//[a-z0-9]", html, re.IGNORECASE), re.findall(r"\S*//\S*", html)[:5]
    assert soup.find("link") is None and soup.find("script") is None
    for tag in soup.find_all(src=True) + soup.find_all(href=True):
        link = tag.get("src") or tag.get("href")
        assert link.startswith(("#", "data:")), link
    assert "url(" not in "".join(style.get_text() for style in soup.find_all("style")).replace("url(#", "")
    # Styled offline: the styles are in the page.
    assert "@page" in soup.style.get_text() and "font-family" in soup.style.get_text()
    # The chart is inline SVG with a text alternative, and the data is in a table too.
    chart = soup.find("svg")
    assert chart is not None and chart["role"] == "img" and "Bar chart" in chart["aria-label"]
    assert soup.find("caption", string=re.compile("Votes: Which of these matter most"))
    text = soup.get_text(" ", strip=True)
    for expected in _expected_text():
        assert expected in text, expected


def test_the_record_page_offers_both_downloads(viewer: FlaskClient) -> None:
    workshop = demo_session()
    soup = check_page(viewer.get(f"{STAFF}/sessions/{workshop.id}/record"))
    links = {a["href"] for a in soup.find_all("a", href=True)}
    assert soup.find("form", action=f"{STAFF}/sessions/{workshop.id}/record.pdf", method="post") is not None
    assert f"{STAFF}/sessions/{workshop.id}/record.html" in links


def test_an_empty_session_still_makes_a_report(viewer: FlaskClient) -> None:
    workshop = make_session()
    text = pdf_words(made_on_queue(viewer, f"{STAFF}/sessions/{workshop.id}/record.pdf").data)
    assert "No notes were captured." in text and "There was no vote." in text
    soup = BeautifulSoup(viewer.get(f"{STAFF}/sessions/{workshop.id}/record.html").data, "html.parser")
    assert soup.find("svg") is None and "People answered: fewer than 5." in soup.get_text(" ", strip=True)


def test_reports_need_sign_in_and_a_real_session(client: FlaskClient) -> None:
    workshop = make_session()
    assert client.get(f"{STAFF}/sessions/{workshop.id}/record.pdf").status_code == 302
    sign_in(client, "viewer")
    assert client.get(f"{STAFF}/sessions/999999/record.pdf").status_code == 404
    assert client.get(f"{STAFF}/sessions/999999/record.html").status_code == 404


def test_the_ethnicity_table_keeps_each_answers_group(viewer: FlaskClient) -> None:
    """Not twenty rows of "fewer than 5" with bare "Irish" or "African": each answer says its broad
    group, and a broad group whose every answer would be hidden is one row."""
    workshop = demo_session()
    repository.close_session(workshop, None)  # the tables show once the session has closed
    soup = BeautifulSoup(viewer.get(f"{STAFF}/sessions/{workshop.id}/record.html").data, "html.parser")
    table = next(t for t in soup.find_all("table") if t.caption and "ethnic group" in t.caption.get_text())
    rows = [th.get_text(strip=True) for th in table.tbody.find_all("th")]
    broad = {"Mixed or Multiple ethnic groups", "Asian or Asian British", "Other ethnic group"}
    broad |= {"White", "Black, Black British, Caribbean or African"}
    for row in rows[:-2]:  # then "No answer or prefer not to say" and everyone
        assert ": " in row or row in broad, row
    assert "Irish" not in rows and "African" not in rows
    assert len(rows) < 20
