"""The standard equality section in the easy-read version: easy wording with a picture on each page,
ethnic group in two steps, a count that agrees from the start page to the last question, and the
same stored values as the standard version, so results merge."""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup
from sqlalchemy import select

from surveys.equality import model as equality
from surveys.model import Option, Question, Section
from tests.helpers import check_page, csrf_token, make_definition, make_survey
from toolkit import db
from toolkit.schema import EqualityResponse

SLUG = "about"
# One person's answers, by the field a page asks for (the easy-read broad group included).
PERSON: dict[str, Any] = {
    "colour": "red",
    "eq_age": "35_to_44",
    "eq_sex": "female",
    "eq_gender_identity": "yes",
    "eq_sexual_orientation": "bisexual",
    equality.ETHNIC_BROAD_ID: "black_black_british_caribbean_",
    "eq_ethnic_group": "african",
    "eq_religion": "muslim",
    "eq_disability": "yes",
    "eq_disability_impact": "yes_a_little",
    "eq_unpaid_carer": "yes_10_to_19_hours_a_week",
    "eq_pregnancy_maternity": "no",
    "eq_marriage_civil_partnership": "separated_but_still_legally_ma",
    "eq_postcode_district": "pr7 2aa",
}


def survey_with_equality():
    colour = Question("colour", "single_choice", "Colour?", options=(Option("red", "Red"), Option("blue", "Blue")))
    return make_survey(
        SLUG,
        sections=equality.with_equality_section(
            make_definition(sections=(Section("s1", "Colours", questions=(colour,)),))
        ).sections,
    )


def fields(soup: BeautifulSoup) -> set[str]:
    return {i["name"] for i in soup.select("form input[name], form select[name]")} - {"csrf_token"}


def walk(client, start: str, first: str) -> list[BeautifulSoup]:
    """Answer every page as PERSON, from the start page to check answers; the pages seen."""
    token = csrf_token(client.get(start))
    location = client.post(first, data={"csrf_token": token}).location
    pages = []
    while not location.endswith("/check"):
        page = check_page(client.get(location))
        pages.append(page)
        data = {name: PERSON[name] for name in fields(page) if name in PERSON}
        location = client.post(location, data={"csrf_token": csrf_token(client.get(location)), **data}).location
    check = client.get(location)
    key = check_page(check).find("input", attrs={"name": "submission_key"})["value"]
    assert client.post(location, data={"csrf_token": csrf_token(check), "submission_key": key}).status_code == 302
    return pages


def test_the_same_person_in_easy_read_and_standard_stores_the_same_equality_answers(client):
    survey_with_equality()
    easy = walk(client, f"/s/{SLUG}/easy-read", f"/s/{SLUG}/easy-read/start")
    standard = walk(client, f"/s/{SLUG}", f"/s/{SLUG}/start")
    stored = db.session.scalars(select(EqualityResponse).order_by(EqualityResponse.id)).all()
    assert len(stored) == 2 and stored[0].answers == stored[1].answers
    assert stored[0].answers["eq_ethnic_group"] == "african" and equality.ETHNIC_BROAD_ID not in stored[0].answers
    assert len(standard) < len(easy)


def test_easy_read_pages_have_easy_wording_pictures_two_ethnic_steps_and_a_count_that_agrees(client):
    survey_with_equality()
    start = check_page(client.get(f"/s/{SLUG}/easy-read")).get_text(" ", strip=True)
    total = int(re.search(r"up to (\d+) questions", start).group(1))
    pages = walk(client, f"/s/{SLUG}/easy-read", f"/s/{SLUG}/easy-read/start")
    progress = [page.find(id="progress").get_text(strip=True) for page in pages]
    assert progress == [f"Question {n} of up to {total}" for n in range(1, total + 1)]  # nobody skips here
    headings = [page.h1.get_text(" ", strip=True) for page in pages]
    assert "Do you help someone who is ill, disabled or old?" in headings
    assert headings.count("What is your ethnic group?") == 1 and "Which of these describes you best?" in headings
    broad = pages[headings.index("What is your ethnic group?")]
    assert len(broad.select("input[type=radio]")) == 6
    detail = pages[headings.index("Which of these describes you best?")]
    assert [i["value"] for i in detail.select("input[type=radio]")] == [
        "caribbean",
        "african",
        "any_other_black_black_british_",
    ]
    for page in pages[1:]:  # the equality pages
        picture = page.find("img", class_="toolkit-easy-read__picture")
        assert picture is not None and picture["alt"].strip(), page.h1
        assert client.get(picture["src"]).headers["Content-Type"].startswith("image/svg+xml")


def test_a_standard_picture_that_does_not_exist_is_404(client):
    survey_with_equality()
    assert client.get(f"/s/{SLUG}/easy-read/standard-pictures/age.svg").status_code == 200
    assert client.get(f"/s/{SLUG}/easy-read/standard-pictures/nothing.svg").status_code == 404


def test_prefer_not_to_say_as_the_broad_group_is_stored_as_the_ethnic_group_answer(client):
    survey_with_equality()
    start = client.get(f"/s/{SLUG}/easy-read")
    client.post(f"/s/{SLUG}/easy-read/start", data={"csrf_token": csrf_token(start)})
    url = f"/s/{SLUG}/easy-read/questions/{equality.ETHNIC_BROAD_ID}"
    sent = client.post(
        url, data={"csrf_token": csrf_token(client.get(url)), equality.ETHNIC_BROAD_ID: "prefer_not_to_say"}
    )
    assert sent.location.endswith("/questions/eq_religion")  # no detail step
    assert client.get(f"/s/{SLUG}/easy-read/questions/eq_ethnic_group").status_code == 404


def test_the_standard_start_page_offers_easy_read_only_once_the_lead_wrote_easy_wording(client):
    survey_with_equality()
    assert check_page(client.get(f"/s/{SLUG}")).find("a", href=f"/s/{SLUG}/easy-read") is None
