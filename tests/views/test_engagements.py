"""Engagement pages: the record, activities and comments, the timeline, surveys created from an
engagement, and the workshops' pages still working on the same record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from engagements import repository
from engagements.model import ActivityDetails, EngagementDetails
from tests.helpers import check_page, csrf_token, post_form, sign_in
from toolkit import audit, db
from toolkit.schema import Engagement, Survey
from workshops import repository as workshop_repository
from workshops.model import SessionDetails

STAFF = "/staff/engagements"


def date_boxes(name: str, iso: str) -> dict[str, str]:
    """A date as typed into the NHS.UK date input's three boxes (`toolkit.dateinput`)."""
    year, month, day = iso.split("-")
    return {f"{name}-day": day.lstrip("0"), f"{name}-month": month.lstrip("0"), f"{name}-year": year}


def make_engagement(**values: object) -> Engagement:
    return repository.create_engagement(EngagementDetails(**{"title": "GP access", **values}), None)  # type: ignore[arg-type]


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in(client, "lead")
    return client


def test_every_engagement_page_renders(lead: FlaskClient) -> None:
    engagement = make_engagement(planned_opens_on=date.today(), planned_closes_on=date.today() + timedelta(days=40))
    activity = repository.save_activity(
        engagement, ActivityDetails("drop_in", "Drop-in", planned_starts_on=date.today()), None
    )
    workshop_repository.create_session(engagement, SessionDetails("Session 1", venue="Hall"), None)
    base = f"{STAFF}/{engagement.id}"
    for url in (
        f"{STAFF}/",
        f"{STAFF}/new",
        base,
        f"{base}/edit",
        f"{base}/timeline",
        f"{base}/activities/new",
        f"{base}/activities/{activity.id}",
        f"{base}/activities/{activity.id}/edit",
    ):
        check_page(lead.get(url))


def test_creating_an_engagement_records_every_field_and_audits_it(lead: FlaskClient) -> None:
    earlier = make_engagement(title="Earlier listening exercise")
    data = {
        "title": "Withnell procurement",
        "kind": "consultation",
        "decision": "Who runs Withnell surgery",
        "decision_maker": "Primary care commissioning committee",
        **date_boxes("decision_on", "2027-06-28"),
        "level": "collaborate",
        "system_level": "neighbourhood",
        "objectives": "Agree how patients are involved",
        "already_known": "2023 patient survey",
        "related_ids": str(earlier.id),
        "in_scope": "Involvement at each stage",
        "out_of_scope": "Closing the surgery",
        "audiences": "Registered patients",
        "stakeholders": "PPG, Healthwatch",
        "seldom_heard": "Carers, people without internet",
        "budget": "1,500.50",
        **date_boxes("planning_starts_on", "2027-01-04"),
        **date_boxes("planned_opens_on", "2027-03-01"),
        **date_boxes("planned_closes_on", "2027-05-31"),
        "duty_applies": "yes",
        "duty_reasoning": "A change of provider affects how the service is delivered",
    }
    response = post_form(lead, f"{STAFF}/new", data)
    assert response.status_code == 302
    created = repository.find_engagement("Withnell procurement")
    assert created is not None
    assert (created.kind, created.level, created.system_level, created.budget_pence) == (
        "consultation",
        "collaborate",
        "neighbourhood",
        150050,
    )
    assert created.related_ids == [earlier.id] and created.decision_on == date(2027, 6, 28)
    assert created.checklist_versions["gunning"]  # starts on today's checklist versions
    page = check_page(lead.get(f"{STAFF}/{created.id}"))
    text = page.get_text(" ", strip=True)
    assert "Who runs Withnell surgery" in text and "Earlier listening exercise" in text and "£1,500.50" in text
    assert [e.action for e in audit.events_for("engagement", created.id)] == ["create"]


def test_bad_input_is_explained_with_a_400(lead: FlaskClient) -> None:
    response = post_form(
        lead, f"{STAFF}/new", {"title": "", "budget": "lots", **date_boxes("planned_opens_on", "2027-02-30")}
    )
    page = check_page(response, 400)
    summary = page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert "Enter a title for the engagement" in summary and "Enter an amount in pounds" in summary
    engagement = make_engagement()
    response = post_form(lead, f"{STAFF}/{engagement.id}/edit", {"title": "x", "duty_applies": "yes"})
    assert "Explain why the duty to involve" in check_page(response, 400).get_text()


def test_dates_are_asked_in_day_month_and_year_boxes_with_a_uk_hint(lead: FlaskClient) -> None:
    engagement = make_engagement(planned_opens_on=date(2027, 3, 1))
    for url in (f"{STAFF}/new", f"{STAFF}/{engagement.id}/edit", f"{STAFF}/{engagement.id}/activities/new"):
        page = check_page(lead.get(url))
        assert page.find("input", attrs={"type": "date"}) is None, url
        assert "For example, 31 3 2026" in page.get_text(), url
    page = check_page(lead.get(f"{STAFF}/{engagement.id}/edit"))
    boxes = [
        page.find("input", attrs={"name": f"planned_opens_on-{part}"})["value"] for part in ("day", "month", "year")
    ]
    assert boxes == ["1", "3", "2027"]


def test_a_missing_or_impossible_part_of_a_date_is_named(lead: FlaskClient) -> None:
    data = {"title": "Dates", "planned_opens_on-day": "3", "planned_opens_on-year": "2027"}
    data |= date_boxes("decision_on", "2027-02-30")
    page = check_page(post_form(lead, f"{STAFF}/new", data), 400)
    summary = page.select_one(".nhsuk-error-summary").get_text(" ", strip=True)
    assert "The planned open date must include a month" in summary
    assert "The date of the decision must be a real date" in summary
    assert page.select_one(".nhsuk-error-summary a[href='#planned_opens_on-month']") is not None


def test_an_end_before_the_start_is_refused_on_the_end_date(lead: FlaskClient) -> None:
    data = (
        {"title": "Backwards"}
        | date_boxes("planned_opens_on", "2027-05-01")
        | date_boxes("planned_closes_on", "2027-04-30")
    )
    page = check_page(post_form(lead, f"{STAFF}/new", data), 400)
    link = page.select_one(".nhsuk-error-summary a[href='#planned_closes_on-day']")
    assert link is not None and link.get_text(strip=True) == "The close date must be on or after the open date"
    assert repository.find_engagement("Backwards") is None
    engagement = make_engagement()
    data = {"kind": "drop_in", "title": "Drop-in"} | date_boxes("planned_starts_on", "2027-05-02")
    data |= date_boxes("planned_ends_on", "2027-05-01")
    page = check_page(post_form(lead, f"{STAFF}/{engagement.id}/activities/new", data), 400)
    assert "The end date must be on or after the start date" in page.get_text()
    assert repository.activities_of(engagement.id) == []


def test_the_duty_assessment_is_signed_off_and_a_change_unsigns_it(lead: FlaskClient) -> None:
    engagement = make_engagement(duty_applies="yes", duty_reasoning="Changes the service")
    url = f"{STAFF}/{engagement.id}"
    lead.post(f"{url}/duty/sign-off", data={"csrf_token": csrf_token(lead.get(url))})
    found = repository.get_engagement(engagement.id)
    assert found is not None and repository.duty_assessment(found).complete
    post_form(lead, f"{url}/edit", {"title": "GP access", "duty_applies": "no", "duty_reasoning": "Cosmetic only"})
    found = repository.get_engagement(engagement.id)
    assert found is not None and found.duty_signed_off_by is None
    assert "Not signed off" in check_page(lead.get(url)).get_text()


def test_an_activity_and_its_comments_are_kept_exactly_as_said(lead: FlaskClient) -> None:
    engagement = make_engagement()
    response = post_form(
        lead,
        f"{STAFF}/{engagement.id}/activities/new",
        {
            "kind": "drop_in",
            "title": "Village hall drop-in",
            "place": "Withnell",
            **date_boxes("actual_starts_on", "2027-02-03"),
            "people_reached": "23",
            "who_reached": "Older people, two carers",
        },
    )
    assert response.status_code == 302
    activity = repository.activities_of(engagement.id)[0]
    url = f"{STAFF}/{engagement.id}/activities/{activity.id}"
    said = "  The bus only runs <b>twice</b> a day.\n\nI can't get through at 8am!  "
    post_form(lead, url, {"comments": said})
    assert [c.text for c in repository.comments_of(activity.id)] == [
        "The bus only runs <b>twice</b> a day.",
        "I can't get through at 8am!",
    ]
    page = check_page(lead.get(url))
    assert page.find("b") is None and "<b>twice</b>" in page.get_text()  # escaped, never marked safe
    assert repository.summary(engagement.id).reached == 23


def test_a_viewer_can_look_but_not_add_comments(client: FlaskClient) -> None:
    engagement = make_engagement()
    activity = repository.save_activity(
        engagement, ActivityDetails("petition", "Petition", planned_starts_on=date.today()), None
    )
    sign_in(client, "viewer")
    url = f"{STAFF}/{engagement.id}/activities/{activity.id}"
    check_page(client.get(url))
    assert post_form(client, url, {"comments": "Save our surgery"}).status_code == 403
    assert client.get(f"{STAFF}/{engagement.id}/activities/new").status_code == 403


def test_another_engagements_activity_is_not_found(lead: FlaskClient) -> None:
    mine, other = make_engagement(), make_engagement(title="Other")
    activity = repository.save_activity(other, ActivityDetails("petition", "P", planned_starts_on=date.today()), None)
    assert lead.get(f"{STAFF}/{mine.id}/activities/{activity.id}").status_code == 404
    assert lead.get(f"{STAFF}/999999").status_code == 404


def test_a_survey_created_from_the_engagement_page_belongs_to_it(lead: FlaskClient) -> None:
    engagement = make_engagement()
    page = check_page(lead.get(f"{STAFF}/{engagement.id}"))
    link = page.find("a", string="Create a survey for this engagement")["href"]
    form_page = check_page(lead.get(link))
    assert "Part of GP access" in form_page.get_text()
    response = post_form(lead, link, {"title": "GP access survey", "kind": "survey", "engagement": str(engagement.id)})
    assert response.status_code == 302
    assert [s.title for s in repository.surveys_of(engagement.id)] == ["GP access survey"]
    # A forged engagement id makes a survey on its own, not an error.
    post_form(lead, "/staff/surveys/new", {"title": "Lone survey", "kind": "survey", "engagement": "99999"})
    lone = db.session.query(Survey).filter_by(title="Lone survey").one()
    assert lone.engagement_id is None


def test_the_timeline_shows_gaps_overlaps_and_a_chart_with_its_numbers(lead: FlaskClient) -> None:
    engagement = make_engagement()
    start = date(2027, 1, 4)
    for title, offset in (("First drop-in", 0), ("Second drop-in", 0), ("Late drop-in", 30)):
        repository.save_activity(
            engagement,
            ActivityDetails(
                "drop_in",
                title,
                planned_starts_on=start + timedelta(days=offset),
                actual_starts_on=start + timedelta(days=offset),
                people_reached=10,
            ),
            None,
        )
    page = check_page(lead.get(f"{STAFF}/{engagement.id}/timeline"))
    text = page.get_text(" ", strip=True)
    assert "First drop-in and Second drop-in both run from" in text
    assert "Nothing on from 5 January 2027 to 2 February 2027 (29 days)" in text
    chart = page.select_one("img.engagement-chart")
    assert chart is not None and "People taking part" in chart["alt"]


def test_workshop_engagement_pages_keep_working_on_the_one_record(lead: FlaskClient) -> None:
    engagement = make_engagement()
    workshop = workshop_repository.create_session(engagement, SessionDetails("Session 1", venue="Hall"), None)
    check_page(lead.get(f"/staff/workshops/{engagement.id}"))
    check_page(lead.get(f"/staff/workshops/sessions/{workshop.id}"))
    page = check_page(lead.get(f"{STAFF}/{engagement.id}"))
    assert page.find("a", string="Session 1") is not None
