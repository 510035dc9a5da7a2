"""The results page and the export links: filters, roles, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import insert, select

from surveys import repository
from surveys.model import Option, Question, Section, SurveyDefinition
from surveys.respond import flow
from surveys.results import export, tally_repository
from tests import helpers
from tests.helpers import check_page, sign_in
from toolkit import db
from toolkit.schema import Channel, Response, Survey

DAY_ONE = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


def definition() -> SurveyDefinition:
    questions = (
        Question(
            "colour",
            "single_choice",
            "What is your favourite colour?",
            options=(Option("red", "Red"), Option("blue", "Blue")),
            allow_other=True,
        ),
        Question(
            "places",
            "multiple_choice",
            "Where did you see the poster?",
            options=(Option("gp", "GP surgery"), Option("pharmacy", "Pharmacy")),
        ),
        Question("age", "number", "How old are you?"),
        Question("why", "long_text", "Why?"),
    )
    return SurveyDefinition("Results test", sections=(Section("s1", "One", questions=questions),))


def make_survey() -> Survey:
    survey = repository.create_survey("Results test", "results-test", None, definition=definition())
    repository.publish(survey, None)
    return survey


def add_responses(
    survey: Survey, answers: list[dict[str, Any]], when: datetime = DAY_ONE, channel: Channel | None = None
) -> None:
    version = repository.latest_version(survey.id)
    assert version is not None
    channel_id = (channel or repository.default_channel(survey.id)).id
    with db.transaction() as session:
        offset = session.scalar(select(Response.id).order_by(Response.id.desc()).limit(1)) or 0
        rows = [
            {
                "survey_id": survey.id,
                "version_id": version.id,
                "channel_id": channel_id,
                "reference": f"R{offset + n:07d}",
                "submission_key": f"key-{offset + n}",
                "language": "en",
                "submitted_at": when,
                "answers": a,
            }
            for n, a in enumerate(answers)
        ]
        session.execute(insert(Response), rows)
        tally_repository.rebuild(session.connection(), survey.id)  # a bulk load recounts, so the page sums tallies


def url(survey: Survey, page: str = "results", **query: str) -> str:
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/staff/surveys/{survey.id}/{page}" + (f"?{args}" if args else "")


def total(soup: Any) -> str:
    return soup.find(id="responses-total").get_text(strip=True)


def test_results_page_shows_counts_chart_and_table(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(
        survey,
        [
            {"colour": "red", "places": ["gp", "pharmacy"], "age": 20, "why": "Close to home"},
            {"colour": "red", "places": ["gp"], "age": 40},
            {"colour": "other", "colour__other": "Teal <b>bold</b>"},
        ],
    )
    sign_in(client, "viewer")
    soup = check_page(client.get(url(survey)))
    assert soup.find("h1").get_text(strip=True) == "Results"
    assert total(soup) == "3 responses"

    colour = soup.find(id="question-colour")
    assert colour.find("h2").get_text(strip=True) == "What is your favourite colour?"
    image = colour.find("img")
    assert image["src"] == f"/staff/surveys/{survey.id}/results/charts/colour.svg"
    drawn = client.get(image["src"])
    assert drawn.status_code == 200 and drawn.mimetype == "image/svg+xml"
    assert drawn.data.startswith(b"<?xml") and b"<svg" in drawn.data
    assert image["alt"] == "Bar chart: Red 2 (67%), Blue 0 (0%), Other 1 (33%)."
    cells = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])] for row in colour.find_all("tr")]
    assert cells == [
        ["Answer", "Number", "Percentage"],
        ["Red", "2", "67%"],
        ["Blue", "0", "0%"],
        ["Other", "1", "33%"],
    ]
    assert colour.find(id="question-colour-other").get_text(strip=True) == "Teal <b>bold</b>"  # escaped, not HTML

    places = soup.find(id="question-places")
    assert "can add up to more than 100%" in places.get_text()
    assert "2 answered, 1 did not answer" in places.get_text()

    age = soup.find(id="question-age").get_text(" ", strip=True)
    assert "Mean (average) 30" in age and "Smallest 20" in age and "Largest 40" in age
    assert soup.find(id="question-why-answers").get_text(strip=True) == "Close to home"
    assert soup.find(id="downloads") is None  # a viewer cannot export


def test_filter_by_channel(client: FlaskClient) -> None:
    survey = make_survey()
    poster = repository.add_channel(survey, "GP poster", None)
    add_responses(survey, [{"colour": "red"}] * 2)
    add_responses(survey, [{"colour": "blue"}] * 3, channel=poster)
    sign_in(client, "viewer")
    soup = check_page(client.get(url(survey, channel=str(poster.id))))
    assert total(soup) == "3 responses"
    assert soup.find(id="question-colour").find("img")["alt"].startswith("Bar chart: Red 0 (0%), Blue 3 (100%)")
    assert soup.find("option", selected=True)["value"] == str(poster.id)
    # The chart is its own request, with the same filters: it draws the filtered counts.
    src = soup.find(id="question-colour").find("img")["src"]
    assert src == f"/staff/surveys/{survey.id}/results/charts/colour.svg?channel={poster.id}"
    assert client.get(src).data != client.get(src.split("?")[0]).data


def test_a_chart_that_does_not_exist_is_404_and_bad_filters_400(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(survey, [{"colour": "red", "why": "Because"}])
    sign_in(client, "viewer")
    base = f"/staff/surveys/{survey.id}/results/charts"
    assert client.get(f"{base}/colour.svg").status_code == 200
    assert client.get(f"{base}/why.svg").status_code == 404  # free text has no chart
    assert client.get(f"{base}/nothing.svg").status_code == 404
    assert client.get(f"{base}/colour.svg?submitted_from=yesterday").status_code == 400


def test_filter_by_dates(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(survey, [{"colour": "red"}], when=DAY_ONE)
    add_responses(survey, [{"colour": "blue"}] * 2, when=DAY_ONE + timedelta(days=1))
    add_responses(survey, [{"colour": "blue"}] * 4, when=DAY_ONE + timedelta(days=2, hours=13))
    sign_in(client, "viewer")
    assert total(check_page(client.get(url(survey)))) == "7 responses"
    assert total(check_page(client.get(url(survey, submitted_from="2025-03-02")))) == "6 responses"
    assert total(check_page(client.get(url(survey, submitted_to="2025-03-02")))) == "3 responses"
    both = check_page(client.get(url(survey, submitted_from="2025-03-02", submitted_to="02/03/2025")))
    assert total(both) == "2 responses"
    assert total(check_page(client.get(url(survey, submitted_from="2025-03-03")))) == "4 responses"


def test_the_filter_dates_are_day_month_and_year_boxes(client: FlaskClient) -> None:
    """Issue 16: the NHS.UK date input, not the browser's picker (mm/dd/yyyy in an en-US browser).
    Boxes typed in give the same responses as a whole date in a link, and the links that keep
    the filters (exports) carry the date whole."""
    survey = make_survey()
    add_responses(survey, [{"colour": "red"}], when=DAY_ONE)
    add_responses(survey, [{"colour": "blue"}] * 2, when=DAY_ONE + timedelta(days=1))
    sign_in(client, "lead")
    page = check_page(client.get(url(survey)))
    assert not page.select("input[type=date]")
    for name in ("submitted_from", "submitted_to"):
        assert [box["name"] for box in page.select(f"input[name^={name}-]")] == [
            f"{name}-day",
            f"{name}-month",
            f"{name}-year",
        ]
    typed = {"submitted_from-day": "2", "submitted_from-month": "Mar", "submitted_from-year": "2025"}
    page = check_page(client.get(url(survey, **typed)))
    assert total(page) == "2 responses"
    assert page.select_one("#submitted_from-month")["value"] == "Mar"
    links = [a["href"] for a in page.find(id="downloads").find_all("a")]
    assert links[0] == f"/staff/surveys/{survey.id}/export.csv?submitted_from=2025-03-02"
    missing = check_page(client.get(url(survey, **{**typed, "submitted_from-month": ""})), status=400)
    summary = missing.find(class_="nhsuk-error-summary")
    assert "The start date must include a month" in summary.get_text()
    assert summary.find("a")["href"] == "#submitted_from-month"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"submitted_from": "2025-13-45"}, "Enter a real date, for example 31 3 2025"),
        ({"submitted_to": "yesterday"}, "Enter a real date, for example 31 3 2025"),
        ({"submitted_from": "2025-03-05", "submitted_to": "2025-03-01"}, "The end date must be the same as or after"),
        ({"channel": "99999"}, "Select a channel from the list"),
        ({"channel": "abc"}, "Select a channel from the list"),
    ],
)
def test_bad_filters_are_a_clear_400(client: FlaskClient, query: dict[str, str], message: str) -> None:
    survey = make_survey()
    sign_in(client, "lead")
    soup = check_page(client.get(url(survey, **query)), status=400)
    summary = soup.find(class_="nhsuk-error-summary")
    assert summary is not None and message in summary.get_text()
    assert soup.title.get_text().startswith("Error:")
    assert soup.find(id="responses-total") is None
    response = client.get(url(survey, "export.csv", **query))
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_free_text_display_is_capped(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(survey, [{"why": f"Reason {n}"} for n in range(205)])
    sign_in(client, "lead")
    soup = check_page(client.get(url(survey)))
    assert len(soup.find(id="question-why-answers").find_all("li")) == 20
    assert "185 more answers are not shown here." in soup.find(id="question-why").get_text()


def test_a_lead_gets_export_links_with_the_same_filters(client: FlaskClient) -> None:
    survey = make_survey()
    sign_in(client, "lead")
    soup = check_page(client.get(url(survey, submitted_from="2025-03-02", channel="")))
    links = [a["href"] for a in soup.find(id="downloads").find_all("a")]
    assert links == [
        f"/staff/surveys/{survey.id}/export.csv?submitted_from=2025-03-02",
        f"/staff/surveys/{survey.id}/export.xlsx?submitted_from=2025-03-02",
    ]


def test_a_survey_with_no_responses(client: FlaskClient) -> None:
    survey = make_survey()
    sign_in(client, "viewer")
    soup = check_page(client.get(url(survey)))
    assert total(soup) == "0 responses"
    assert soup.find("img") is None


def test_unknown_survey_is_404(client: FlaskClient) -> None:
    sign_in(client, "lead")
    for page in ("results", "export.csv", "export.xlsx"):
        assert client.get(f"/staff/surveys/9999/{page}").status_code == 404


@pytest.mark.parametrize("page", ["export.csv", "export.xlsx"])
def test_a_viewer_cannot_export(client: FlaskClient, page: str) -> None:
    survey = make_survey()
    sign_in(client, "viewer")
    assert client.get(url(survey, page)).status_code == 403


@pytest.mark.parametrize("page", ["results", "export.csv", "export.xlsx"])
def test_anonymous_is_sent_to_sign_in(client: FlaskClient, page: str) -> None:
    survey = make_survey()
    response = client.get(url(survey, page))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")


def test_xlsx_refused_above_the_sheet_limit(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    survey = make_survey()
    add_responses(survey, [{"colour": "red"}] * 3)
    monkeypatch.setattr(export, "XLSX_MAX_RESPONSES", 2)
    sign_in(client, "lead")
    response = client.get(url(survey, "export.xlsx"))
    assert response.status_code == 422
    assert "download the CSV instead" in response.get_data(as_text=True)
    assert client.get(url(survey, "export.xlsx", submitted_to="2025-02-01")).status_code == 200


def test_results_filter_by_language(client):
    survey = helpers.make_survey(slug="languages")
    version = repository.latest_version(survey.id)
    channel = repository.default_channel(survey.id)
    for language, colour in (("en", "red"), ("ur", "blue"), ("ur", "blue")):
        draft = repository.start_draft(survey, version.id, channel.id, language)
        repository.save_draft_answers(draft, {"colour": colour}, language)
        flow.submit_token(draft.token, survey.id)
    sign_in(client, "viewer")
    check_page(client.get(f"/staff/surveys/{survey.id}/results?language=ur"))
    rows = list(repository.iter_answers(survey.id, repository.ResponseFilter(language="ur")))
    assert [row.answers for row in rows] == [{"colour": "blue"}, {"colour": "blue"}]
    bad = client.get(f"/staff/surveys/{survey.id}/results?language=xx")
    assert bad.status_code == 400 and "Select a language from the list" in bad.get_data(as_text=True)
