"""Free text on the results page with the engagement's codebook themes: each comment's themes, a
filter by theme (a theme takes in its sub-themes), and how many answers have each theme; nothing
about themes while the survey's comments are not coded."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from engagements import coding_repository as codes
from engagements.coding import CodeDraft, CommentKey
from tests.helpers import check_page, sign_in
from tests.views.test_engagements import make_engagement
from tests.views.test_results import add_responses, make_survey
from tests.views.test_results_text import answers_page
from toolkit import db
from toolkit.schema import Response, Survey

ANSWERS = ["Could not park", "Staff were kind", "Parking and rude staff", "Nothing to add"]


def coded_survey():
    """Four answers to "why": parking (a sub-theme of access), staff, both, and one not coded."""
    survey = make_survey()
    add_responses(survey, [{"why": text, "colour": "red"} for text in ANSWERS])
    engagement = make_engagement()
    with db.transaction() as session:
        session.get(Survey, survey.id).engagement_id = engagement.id
    access = codes.add_code(engagement.id, CodeDraft("Access"), None)
    parking = codes.add_code(engagement.id, CodeDraft("Parking", parent_id=access.id), None)
    staff = codes.add_code(engagement.id, CodeDraft("Staff attitude"), None)
    ids = db.session.scalars(select(Response.id).order_by(Response.id)).all()
    for response_id, given in zip(ids, [[parking.id], [staff.id], [parking.id, staff.id]], strict=False):
        codes.set_codes(engagement.id, CommentKey("response", response_id, "why"), given, None)
    return survey, access, parking, staff


def items(soup):
    return [
        li.find(string=True, recursive=False).strip()
        for li in soup.find(id="text-answers").find_all("li", recursive=False)
    ]


def test_each_comment_shows_its_themes_and_the_counts_per_theme(client: FlaskClient) -> None:
    survey, *_ = coded_survey()
    sign_in(client, "viewer")
    soup = answers_page(client, survey)
    rows = [
        [c.get_text(strip=True) for c in tr.find_all("td")] for tr in soup.find(id="theme-counts").tbody.find_all("tr")
    ]
    assert rows == [["Access", "2"], ["Access › Parking", "2"], ["Staff attitude", "2"]]
    answers = soup.find(id="text-answers").find_all("li", recursive=False)
    tags = [[t.get_text(strip=True) for t in li.select(".nhsuk-tag")] for li in answers]
    assert tags == [["Access › Parking"], ["Staff attitude"], ["Access › Parking", "Staff attitude"], []]


def test_filter_by_a_theme_takes_in_its_sub_themes_and_keeps_the_search(client: FlaskClient) -> None:
    survey, access, _parking, staff = coded_survey()
    sign_in(client, "viewer")
    assert items(answers_page(client, survey, theme=str(access.id))) == ["Could not park", "Parking and rude staff"]
    assert items(answers_page(client, survey, theme=str(staff.id), search="rude")) == ["Parking and rude staff"]
    soup = answers_page(client, survey, search="park")
    link = soup.find(id="theme-counts").find("a", string="Staff attitude")
    assert "search=park" in link["href"] and f"theme={staff.id}" in link["href"]
    # Counts are among the answers the search and filters match.
    rows = [
        [c.get_text(strip=True) for c in tr.find_all("td")] for tr in soup.find(id="theme-counts").tbody.find_all("tr")
    ]
    assert rows == [["Access", "2"], ["Access › Parking", "2"], ["Staff attitude", "1"]]


def test_an_unknown_theme_is_a_400_with_a_clear_message(client: FlaskClient) -> None:
    survey, *_ = coded_survey()
    sign_in(client, "viewer")
    for bad in ("999999", "abc"):
        response = client.get(f"/staff/surveys/{survey.id}/results/text/why?theme={bad}")
        assert "Select a theme from the list" in check_page(response, 400).get_text()


def test_without_a_codebook_there_is_nothing_about_themes(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(survey, [{"why": "Fine"}])
    sign_in(client, "viewer")
    soup = answers_page(client, survey)
    assert soup.find(id="theme-counts") is None and soup.find(id="theme") is None
    assert items(soup) == ["Fine"]
