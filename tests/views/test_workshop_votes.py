"""Voting in the room: the projector view and its live tally, the participants' +/- buttons and
dots-left counter (without JavaScript: real submit buttons), paper dots, and actions that name
the vote round they came from."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers import check_page, csrf_token, post_form, sign_in
from tests.views.test_workshops import STAFF, make_session, open_round
from toolkit import audit
from toolkit.schema import VoteRound, WorkshopSession
from workshops import repository
from workshops.model import ActionDraft


@pytest.fixture
def facilitator(client: FlaskClient) -> FlaskClient:
    sign_in(client, "facilitator")
    return client


def round_url(workshop: WorkshopSession, vote_round: VoteRound, tail: str = "") -> str:
    return f"{STAFF}/sessions/{workshop.id}/votes/{vote_round.id}{tail}"


def ballot_page(client: FlaskClient, code: str) -> tuple[BeautifulSoup, str, dict[str, str]]:
    """The ballot page, its form's address, and its fields as the browser would send them."""
    response = client.get(f"/w/{code}/vote")
    soup = check_page(response)
    form = soup.find("form", attrs={"data-dots": True})
    fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
    return soup, form["action"], fields


def option_names(fields: dict[str, str]) -> list[str]:
    return [name for name in fields if name.startswith("option_")]


def vote_from_a_phone(app: Flask, workshop: WorkshopSession, first: int, second: int) -> None:
    """A ballot from a new device: `first` dots to the first priority, `second` to the second."""
    voter = app.test_client()
    _soup, action, fields = ballot_page(voter, workshop.code)
    names = option_names(fields)
    assert voter.post(action, data={**fields, names[0]: str(first), names[1]: str(second)}).status_code == 302


def counter(soup: BeautifulSoup) -> str:
    return soup.find(attrs={"data-dots-left": True}).get_text(strip=True)


# --- the projector view --------------------------------------------------------------------


def test_projector_shows_a_qr_code_the_priorities_and_the_tally(facilitator: FlaskClient, app: Flask) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    vote_from_a_phone(app, workshop, 1, 2)

    soup = check_page(facilitator.get(round_url(workshop, vote_round, "/projector")))
    qr = soup.find("img", class_="workshop-projector__qr")
    assert qr["src"].startswith("data:image/svg+xml") and f"/w/{workshop.code}/vote" in qr["alt"]
    rows = soup.select("[data-option]")
    assert [r.select_one(".workshop-projector__label").get_text(strip=True) for r in rows] == ["Access", "Continuity"]
    assert [r.select_one("[data-dots]").get_text(strip=True) for r in rows] == ["1 dot", "2 dots"]
    assert soup.select_one("[data-ballots]").get_text(strip=True) == "1 person has voted"
    # Live without JavaScript by a link, and with it by the script polling the tally.
    assert soup.select_one("a[data-refresh]")["href"].endswith("/projector")
    assert soup.select_one("[data-projector]")["data-tally-url"] == round_url(workshop, vote_round, "/tally.json")
    assert soup.find("script", src=re.compile(r"/projector(\.[0-9a-f]+)?\.js$"))["type"] == "module"
    assert soup.find("button", string=lambda s: s and "Close voting" in s) is not None


def test_the_tally_json_follows_the_votes(facilitator: FlaskClient, app: Flask) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    url = round_url(workshop, vote_round, "/tally.json")
    assert facilitator.get(url).json == {
        "status": "open",
        "ballots": 0,
        "ballots_text": "0 people have voted",
        "most": 0,
        "results": [
            {"id": o.id, "label": o.label, "dots": 0, "dots_text": "0 dots", "paper_text": ""}
            for o in repository.options(vote_round.id)
        ],
    }
    vote_from_a_phone(app, workshop, 3, 0)
    tally = facilitator.get(url).json
    assert (tally["ballots"], tally["most"], [r["dots"] for r in tally["results"]]) == (1, 3, [3, 0])
    assert app.test_client().get(url).status_code in (302, 401, 403)  # staff only
    assert facilitator.get(f"{STAFF}/sessions/{workshop.id}/votes/99999/tally.json").status_code == 404
    other = make_session()
    assert facilitator.get(f"{STAFF}/sessions/{other.id}/votes/{vote_round.id}/tally.json").status_code == 404


def test_closing_from_the_projector_comes_back_to_it(facilitator: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    page = facilitator.get(round_url(workshop, vote_round, "/projector"))
    response = facilitator.post(
        round_url(workshop, vote_round, "/close"), data={"csrf_token": csrf_token(page), "from": "projector"}
    )
    assert response.status_code == 302 and response.location.endswith("/projector")
    soup = check_page(facilitator.get(response.location))
    assert "Voting has closed" in soup.get_text()
    assert soup.find("img", class_="workshop-projector__qr") is None
    assert soup.find("button", string=lambda s: s and "Close voting" in s) is None
    assert facilitator.get(round_url(workshop, vote_round, "/tally.json")).json["status"] == "closed"


def test_starting_a_round_goes_to_the_projector_and_pages_link_to_it(facilitator: FlaskClient) -> None:
    workshop = make_session()
    themes = [repository.add_theme(workshop.id, name, None) for name in ("A", "B")]
    url = f"{STAFF}/sessions/{workshop.id}/votes"
    response = post_form(
        facilitator, url, {"title": "Priorities", "dots": "3", "theme_ids": [str(t.id) for t in themes]}
    )
    vote_round = repository.rounds(workshop.id)[0]
    assert response.status_code == 302 and response.location == round_url(workshop, vote_round, "/projector")
    projector = round_url(workshop, vote_round, "/projector")
    for page in (url, round_url(workshop, vote_round)):
        assert check_page(facilitator.get(page)).find("a", href=projector) is not None, page


# --- participants: +/- and dots left ---------------------------------------------------------


def test_ballot_has_plus_and_minus_buttons_and_a_counter(client: FlaskClient) -> None:
    workshop = make_session()
    open_round(workshop, dots=3)
    soup, _action, fields = ballot_page(client, workshop.code)
    assert counter(soup) == "3 dots left"
    first = option_names(fields)[0]
    buttons = soup.find_all("button", attrs={"name": "adjust"})
    assert [b["value"].split(":")[0] for b in buttons] == ["remove", "add", "remove", "add"]
    assert buttons[1].get_text(" ", strip=True) == "+ Add a dot to Access"
    assert buttons[1]["data-dots-for"] == first
    # Enter in a box presses the form's first submit button: it must send the votes, not a - or +.
    default = soup.find("form", attrs={"data-dots": True}).find("button")
    assert default.get("name") is None and default.has_attr("hidden")
    counter_element = soup.find(attrs={"data-dots-left": True})
    assert [counter_element[f"data-left-{n}"] for n in range(4)] == [
        "0 dots left",
        "1 dot left",
        "2 dots left",
        "3 dots left",
    ]
    assert soup.find("script", src=re.compile(r"/dots(\.[0-9a-f]+)?\.js$"))["type"] == "module"


def test_plus_and_minus_work_without_javascript(client: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop, dots=3)
    soup, action, fields = ballot_page(client, workshop.code)
    first, second = option_names(fields)
    first_id, second_id = first.removeprefix("option_"), second.removeprefix("option_")

    def press(button: str) -> tuple[BeautifulSoup, dict[str, str]]:
        response = client.post(action, data={**fields, "adjust": button})
        page = check_page(response)
        form = page.find("form", attrs={"data-dots": True})
        return page, {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}

    for button, expected, left in (
        (f"add:{first_id}", ("1", "0"), "2 dots left"),
        (f"add:{first_id}", ("2", "0"), "1 dot left"),
        (f"add:{second_id}", ("2", "1"), "0 dots left"),
        (f"add:{second_id}", ("2", "1"), "0 dots left"),  # none left: nothing added
        (f"remove:{first_id}", ("1", "1"), "1 dot left"),
        ("add:99999", ("1", "1"), "1 dot left"),  # not a priority of this round: nothing changes
    ):
        soup, fields = press(button)
        assert (fields[first], fields[second]) == expected, button
        assert counter(soup) == left, button
    assert repository.ballot_count(vote_round.id) == 0  # pressing +/- sends nothing
    response = client.post(action, data=fields)  # Send my votes (no "adjust")
    assert response.status_code == 302
    assert [(r.label, r.dots) for r in repository.results(vote_round)] == [("Access", 1), ("Continuity", 1)]


def test_too_many_dots_typed_are_refused_with_a_clear_message(client: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop, dots=3)
    _soup, action, fields = ballot_page(client, workshop.code)
    first, second = option_names(fields)
    response = client.post(action, data={**fields, first: "3", second: "2"})
    soup = check_page(response, 400)
    assert "You have 3 dots: you used 5" in soup.select_one(".nhsuk-error-summary").get_text()
    assert counter(soup) == "Too many dots: you have 3 to give"
    # A - pressed with a box that is not a number: the page again, the box marked, nothing stored.
    response = client.post(action, data={**fields, first: "lots", "adjust": f"remove:{first[7:]}"})
    assert check_page(response, 400).select_one(".nhsuk-error-summary") is not None
    assert repository.ballot_count(vote_round.id) == 0


def test_plus_and_minus_on_a_closed_round_say_it_has_closed(client: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    _soup, action, fields = ballot_page(client, workshop.code)
    repository.close_round(vote_round, None)
    response = client.post(action, data={**fields, "adjust": f"add:{option_names(fields)[0][7:]}"})
    assert "has closed" in check_page(response, 409).get_text()


# --- paper dots ----------------------------------------------------------------------------


def test_paper_dots_are_stored_marked_counted_apart_and_audited(facilitator: FlaskClient, app: Flask) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    vote_from_a_phone(app, workshop, 1, 2)
    response = facilitator.get(round_url(workshop, vote_round))
    page, token = check_page(response), csrf_token(response)
    paper_fields = [i["name"] for i in page.select("form[action$='/paper'] input") if i["name"] != "csrf_token"]
    access, continuity = paper_fields
    response = facilitator.post(
        round_url(workshop, vote_round, "/paper"), data={"csrf_token": token, access: "7", continuity: "0"}
    )
    assert response.status_code == 302
    results = {r.label: r for r in repository.results(vote_round)}
    assert (results["Access"].dots, results["Access"].paper_dots, results["Access"].voters) == (8, 7, 1)
    assert repository.ballot_count(vote_round.id) == 1  # the paper entry is not a phone
    soup = check_page(facilitator.get(round_url(workshop, vote_round)))
    table = soup.find("table")
    assert "Of the dots, from paper" in table.get_text()
    assert [td.get_text(strip=True) for td in table.find("tbody").find("tr").find_all("td")][-1] == "7"
    event = audit.events_for("workshop_session", workshop.id, limit=1)[0]
    assert event.action == "paper_votes" and event.detail["dots"] == {access.removeprefix("paper_"): 7}
    # The report and the export say which dots were on paper.
    record = check_page(facilitator.get(f"{STAFF}/sessions/{workshop.id}/record")).get_text()
    assert "Of the dots, from paper" in record
    report_html = facilitator.get(f"{STAFF}/sessions/{workshop.id}/record.html").get_data(as_text=True)
    assert "Of the dots, from paper" in report_html
    exported = list(
        csv.DictReader(
            io.StringIO(facilitator.get(f"{STAFF}/sessions/{workshop.id}/export/votes.csv").get_data(as_text=True))
        )
    )
    assert {row["priority"]: row["paper_dots"] for row in exported} == {"Access": "7", "Continuity": "0"}


@pytest.mark.parametrize(
    ("access", "continuity", "message"),
    [
        ("0", "0", "Enter the paper dots for at least one priority"),
        ("-1", "2", "Enter a number of dots from 0 to 10000"),
        ("10001", "0", "Enter a number of dots from 0 to 10000"),
        ("many", "0", "Not a valid integer value"),
    ],
)
def test_bad_paper_dots_are_refused(facilitator: FlaskClient, access: str, continuity: str, message: str) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    page = facilitator.get(round_url(workshop, vote_round))
    names = [o.id for o in repository.options(vote_round.id)]
    data = {"csrf_token": csrf_token(page), f"paper_{names[0]}": access, f"paper_{names[1]}": continuity}
    response = facilitator.post(round_url(workshop, vote_round, "/paper"), data=data)
    assert message in check_page(response, 400).select_one(".nhsuk-error-summary").get_text()
    assert not any(r.dots for r in repository.results(vote_round))


def test_paper_dots_need_a_facilitator(client: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    response = client.post(round_url(workshop, vote_round, "/paper"), data={})
    assert response.status_code in (302, 400, 401, 403)
    assert not any(r.dots for r in repository.results(vote_round))


# --- actions from a vote round ---------------------------------------------------------------


def test_an_action_names_the_vote_round_it_came_from(facilitator: FlaskClient) -> None:
    workshop = make_session()
    vote_round = open_round(workshop)
    url = f"{STAFF}/sessions/{workshop.id}/actions/new"
    form = check_page(facilitator.get(url))
    assert [o.get_text(strip=True) for o in form.select("select[name=round_id] option")] == [
        "Not from a vote",
        "What matters most?",
    ]
    data: dict[str, Any] = {
        "what": "Open on Saturdays",
        "owner": "ICB",
        "status": "agreed",
        "round_id": str(vote_round.id),
    }
    assert post_form(facilitator, url, data).status_code == 302
    action = repository.actions(workshop.id)[0]
    assert action.vote_round_id == vote_round.id
    listing = check_page(facilitator.get(f"{STAFF}/sessions/{workshop.id}/actions")).get_text()
    assert "From vote round: What matters most?" in listing
    report_html = facilitator.get(f"{STAFF}/sessions/{workshop.id}/record.html").get_data(as_text=True)
    assert "From vote round: What matters most?" in report_html
    exported = facilitator.get(f"{STAFF}/sessions/{workshop.id}/export/actions.csv").get_data(as_text=True)
    assert next(iter(csv.DictReader(io.StringIO(exported))))["vote_round"] == "What matters most?"
    edit = check_page(facilitator.get(f"{STAFF}/sessions/{workshop.id}/actions/{action.id}/edit"))
    assert edit.select_one("select[name=round_id] option[selected]")["value"] == str(vote_round.id)
    event = audit.events_for("workshop_action", action.id)[0]
    assert event.detail["vote_round_id"] == vote_round.id


def test_an_action_cannot_name_another_sessions_round(facilitator: FlaskClient) -> None:
    workshop = make_session()
    other_round = open_round(make_session())
    url = f"{STAFF}/sessions/{workshop.id}/actions/new"
    data = {"what": "Open on Saturdays", "owner": "ICB", "status": "agreed", "round_id": str(other_round.id)}
    assert post_form(facilitator, url, data).status_code == 400  # not one of the choices
    draft = ActionDraft("Open on Saturdays", "ICB", round_id=other_round.id)
    with pytest.raises(ValueError, match="vote round from this session"):
        repository.save_action(workshop.id, draft, None)
    assert repository.actions(workshop.id) == []
