"""Equality monitoring pages: adding the questions, the area, a custom population, the
representativeness dashboard with suppression and weighting, and the admin-only raw export."""

from __future__ import annotations

import csv
import io
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from surveys import repository
from surveys.equality import model as equality
from surveys.equality import repository as equality_repository
from surveys.equality import translation as equality_translation
from surveys.translations import model as translation
from tests.helpers import check_page, csrf_token, make_definition, post_form, seeded_record_keys, sign_in
from toolkit import db
from toolkit.jobs import repository as jobs_repository
from toolkit.schema import AuditEvent, Channel, EqualityPublished, EqualityResponse, Response, Survey

LSC = "E54000048"
CHORLEY, SOUTH_RIBBLE = "E07000118", "E07000126"
DAY = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)


def equality_survey(slug: str = "equal", area: list[str] | None = None) -> Survey:
    definition = equality.with_equality_section(make_definition())
    survey = repository.create_survey(definition.title, slug, None, definition=definition)
    repository.publish(survey, None)
    if area is not None:
        equality_repository.save_area(survey.id, area, "16+", 5, None)
    return survey


def add_people(
    survey: Survey,
    count: int,
    equality_answers: dict[str, Any],
    answers: dict[str, Any] | None = None,
    channel: Channel | None = None,
    when: datetime = DAY,
) -> None:
    """Insert responses (with their equality answers) straight into the tables."""
    version = repository.latest_version(survey.id)
    assert version is not None
    channel_id = (channel or repository.default_channel(survey.id)).id
    with db.transaction() as session:
        for _ in range(count):
            response = Response(
                survey_id=survey.id,
                version_id=version.id,
                channel_id=channel_id,
                reference=repository.new_reference(),
                submission_key=secrets.token_hex(16),
                language="en",
                submitted_at=when,
                answers=answers or {"colour": "red", "why": "Free text that must never sit beside equality answers"},
            )
            session.add(response)
            equality_repository.store_answers(session, response, equality_answers)


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in(client, "lead")
    return client


def url(survey: Survey, path: str = "equality") -> str:
    return f"/staff/surveys/{survey.id}/{path}"


# --- adding the questions -----------------------------------------------------------------------------------


def test_one_click_adds_the_equality_section(lead: FlaskClient) -> None:
    definition = make_definition()
    survey = repository.create_survey(definition.title, "plain", None, definition=definition)
    page = check_page(lead.get(url(survey)))
    assert page.find("button", string=lambda s: s and "Add equality monitoring questions" in s)
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    response = lead.post(url(survey, "equality/add"), data={"csrf_token": token})
    assert response.status_code == 302
    stored = repository.definition_of(survey)
    assert stored.equality_question_ids() == {q.id for q in equality.equality_section().questions}
    assert equality.equality_problems(stored) == []
    page = check_page(lead.get(url(survey)))
    assert "Sexual orientation" in page.select_one("#topics-asked").get_text()
    overview = check_page(lead.get(f"/staff/surveys/{survey.id}"))
    assert overview.find("a", href=url(survey))


def test_the_questions_page_switches_questions_off_and_inclusion_health_on(lead: FlaskClient) -> None:
    survey = equality_survey()
    page = check_page(lead.get(url(survey, "equality/questions")))
    ticked = {i["value"] for i in page.select("input[name=topics][checked]")}
    assert ticked == equality.default_topics()
    assert not page.select("input[name=inclusion_health][checked]")
    data = {"topics": ["age", "sex"], "inclusion_health": ["armed_forces"]}
    response = post_form(lead, url(survey, "equality/questions"), data)
    assert response.status_code == 302
    assert repository.definition_of(survey).equality_question_ids() == {"eq_age", "eq_sex", "eq_armed_forces"}
    empty = post_form(lead, url(survey, "equality/questions"), {})
    soup = check_page(empty, 400)
    assert "Choose at least one question to ask" in soup.get_text()
    bad = post_form(lead, url(survey, "equality/questions"), {"topics": ["shoe_size"]})
    check_page(bad, 400)


def test_viewers_see_but_cannot_change(client: FlaskClient) -> None:
    survey = equality_survey()
    sign_in(client, "viewer")
    page = check_page(client.get(url(survey)))
    assert not page.find("form", action=url(survey, "equality/add"))
    assert client.get(url(survey, "equality/questions")).status_code == 403
    assert client.get(url(survey, "equality/area")).status_code == 403
    token = csrf_token(client.get("/staff/sign-out"))
    assert client.post(url(survey, "equality/add"), data={"csrf_token": token}).status_code == 403
    assert client.get(url(survey, "equality/export.csv")).status_code == 403
    assert client.get("/staff/surveys/999999/equality").status_code == 404


# --- the area and the population -------------------------------------------------------------------------------


def test_choosing_an_icb(lead: FlaskClient) -> None:
    survey = equality_survey()
    check_page(lead.get(url(survey, "equality/area")))
    data = {"area_type": "icb", "icb": LSC, "base": "18+", "threshold": "6"}
    assert post_form(lead, url(survey, "equality/area"), data).status_code == 302
    settings = equality_repository.population_settings(survey.id)
    assert (settings.area_codes, settings.base, settings.threshold) == ((LSC,), "18+", 6)
    page = check_page(lead.get(url(survey, "equality/area")))
    assert page.select_one("#icb option[selected]")["value"] == LSC
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "set_survey_area")).all()
    assert len(audit) == 1


def test_choosing_local_authorities_by_code_or_name(lead: FlaskClient) -> None:
    survey = equality_survey()
    data = {"area_type": "lad", "lad_codes": f"{CHORLEY}, South Ribble", "base": "16+", "threshold": "5"}
    assert post_form(lead, url(survey, "equality/area"), data).status_code == 302
    assert equality_repository.population_settings(survey.id).area_codes == (CHORLEY, SOUTH_RIBBLE)
    assert "Chorley, South Ribble" in check_page(lead.get(url(survey))).get_text()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"area_type": "lad", "lad_codes": "Atlantis", "base": "16+", "threshold": "5"}, "Atlantis"),
        ({"area_type": "lad", "lad_codes": "", "base": "16+", "threshold": "5"}, "Enter at least one local authority"),
        ({"area_type": "icb", "icb": "", "base": "16+", "threshold": "5"}, "Select an integrated care board"),
        ({"area_type": "icb", "icb": "E99999999", "base": "16+", "threshold": "5"}, "from the list"),
        ({"area_type": "icb", "icb": LSC, "base": "16+", "threshold": "2"}, "from 3 to 100"),
        ({"area_type": "icb", "icb": LSC, "base": "16+", "threshold": "five"}, "whole number"),
        ({"area_type": "icb", "icb": LSC, "base": "adults", "threshold": "5"}, "Not a valid choice"),
        ({"base": "16+", "threshold": "5"}, "Select the kind of area"),
    ],
)
def test_bad_areas_get_a_clear_message(lead: FlaskClient, data: dict[str, str], message: str) -> None:
    survey = equality_survey()
    page = check_page(post_form(lead, url(survey, "equality/area"), data), 400)
    assert message in page.select_one(".nhsuk-error-summary").get_text()
    assert equality_repository.population_settings(survey.id).area_codes == ()


def upload(client: FlaskClient, survey: Survey, text: str, name: str = "Station Road patients") -> Any:
    data = {"name": name, "table": (io.BytesIO(text.encode("utf-8")), "population.csv")}
    return post_form(client, url(survey, "equality/population"), data, content_type="multipart/form-data")


def test_uploading_a_custom_population(lead: FlaskClient) -> None:
    survey = equality_survey()
    page = check_page(lead.get(url(survey, "equality/population")))
    assert "Aged 16 to 24 years" in page.select_one("#template-table").get_text()
    template = lead.get(url(survey, "equality/population-template.csv"))
    assert template.status_code == 200 and template.mimetype == "text/csv"
    assert template.get_data(as_text=True).startswith("dimension,category,count")
    assert upload(lead, survey, "dimension,category,count\nsex,Female,600\nsex,Male,400\n").status_code == 302
    settings = equality_repository.population_settings(survey.id)
    assert settings.custom is not None and settings.custom["name"] == "Station Road patients"
    add_people(survey, 25, {"eq_sex": "female"})
    add_people(survey, 25, {"eq_sex": "male"})
    dashboard = check_page(lead.get(url(survey, "representativeness")))
    assert "Station Road patients" in dashboard.select_one("#dimension-sex").get_text()
    assert "Population supplied by the survey lead" in dashboard.get_text()
    token = check_page(lead.get(url(survey, "equality/population"))).find("input", attrs={"name": "csrf_token"})
    assert lead.post(url(survey, "equality/population/remove"), data={"csrf_token": token["value"]}).status_code == 302
    assert equality_repository.population_settings(survey.id).custom is None


def test_a_bad_population_file_lists_the_rows_at_fault(lead: FlaskClient) -> None:
    survey = equality_survey()
    text = "dimension,category,count\nsex,Female,600\nsex,Mail,400\nshoe,Size 9,3\nsex,Male,lots\n"
    page = check_page(upload(lead, survey, text), 400)
    problems = page.select_one("#file-problems").get_text()
    assert "Row 3:" in problems and "Mail" in problems
    assert "Row 4:" in problems and "shoe" in problems
    assert "Row 5:" in problems and "lots" in problems
    assert equality_repository.population_settings(survey.id).custom is None


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "Choose a CSV file"), (b"\xff\xfe\x00bad", "CSV UTF-8"), (b"name,value\n", "Row 1")],
)
def test_unusable_population_files(lead: FlaskClient, content: bytes, message: str) -> None:
    survey = equality_survey()
    data: dict[str, Any] = {"name": "Patients"}
    if content:
        data["table"] = (io.BytesIO(content), "population.csv")
    response = post_form(lead, url(survey, "equality/population"), data, content_type="multipart/form-data")
    assert message in check_page(response, 400).get_text()


# --- the dashboard -----------------------------------------------------------------------------------------------


def test_the_dashboard_says_what_to_do_first(lead: FlaskClient) -> None:
    survey = repository.create_survey("No equality", "none", None, definition=make_definition())
    assert "no equality monitoring questions" in check_page(lead.get(url(survey, "representativeness"))).get_text()
    survey = equality_survey()
    assert "Choose the survey's area" in check_page(lead.get(url(survey, "representativeness"))).get_text()


def test_the_dashboard_compares_and_hides_small_groups(client: FlaskClient) -> None:
    survey = equality_survey(area=[LSC])
    facebook = repository.add_channel(survey, "Facebook advert", None)
    add_people(survey, 48, {"eq_sex": "female", "eq_age": "65_to_74", "eq_postcode_district": "PR7"})
    add_people(survey, 2, {"eq_sex": "male", "eq_age": "16_to_24", "eq_pregnancy_maternity": "yes"}, channel=facebook)
    sign_in(client, "viewer")
    page = check_page(client.get(url(survey, "representativeness")))
    text = page.get_text()
    sex = page.select_one("#dimension-sex")
    male = next(row for row in sex.select("tbody tr") if "Male" in row.get_text())
    assert "fewer than 5" in male.get_text() and "Under-represented" in male.get_text()
    female = next(row for row in sex.select("tbody tr") if "Female" in row.get_text())
    assert any(f"{n}" in female.get_text() for n in range(46, 51)) or "not shown" in female.get_text()
    for image in page.select("img.toolkit-chart"):  # each chart a separately cached SVG file
        assert re.fullmatch(r"/staff/charts/[0-9a-f]{64}\.svg", image["src"]) and image["alt"]
        chart = client.get(image["src"])
        assert chart.mimetype == "image/svg+xml" and chart.get_data().startswith(b"<?xml")
    # The Facebook advert's two responses are below the minimum base: its channel view shows
    # nothing, so the list does not name it either.
    still = page.select_one("#still-to-hear-from").find_next("table").get_text()
    assert "Facebook advert" not in still and "No channel has reached enough of them to show" in still
    assert "Lancashire and South Cumbria" in text and "aged 16 years and over" in text
    assert "best fit" in text and "Open Government Licence" in text
    assert page.select_one("#dimension-age-mapping")  # the survey-to-census mapping is on the page
    other = page.select_one("#other-questions").find_next("table").get_text()
    assert "fewer than 5" in other
    assert "Free text that must never" not in text
    assert page.select_one("#score-value")  # one complete block of 50: the score's minimum
    # It opens with one overview chart, then who we still need to hear from; each characteristic's
    # chart and table are in a details element (open and close without JavaScript).
    order = [tag.get("id") for tag in page.select("#overview, #still-to-hear-from, #score, [id^=dimension-]")]
    assert order[:3] == ["overview", "still-to-hear-from", "score"]
    assert page.select_one("#overview-chart")["alt"].count(":") > 3
    assert sex.select_one("details#dimension-sex-detail table") and not sex.select("details[open]")


def test_filters_by_channel_and_date(lead: FlaskClient) -> None:
    survey = equality_survey(area=[LSC])
    poster = repository.add_channel(survey, "Poster", None)
    add_people(survey, 7, {"eq_sex": "male"}, channel=poster, when=datetime(2025, 3, 10, 9, tzinfo=UTC))
    add_people(survey, 11, {"eq_sex": "female"}, channel=poster, when=datetime(2025, 3, 12, 9, tzinfo=UTC))
    add_people(survey, 32, {"eq_sex": "female"}, when=datetime(2025, 3, 12, 10, tzinfo=UTC))
    page = check_page(lead.get(url(survey, "representativeness"), query_string={"channel": str(poster.id)}))
    assert "Responses included: 18." in page.get_text() and not page.select_one("#too-few")
    # The first reporting block needs 10 responses: 10 March's 7 are too few, so it runs to 12 March
    # and holds all 50, and an end date before then covers them all, with or without a channel.
    page = check_page(lead.get(url(survey, "representativeness"), query_string={"submitted_to": "2025-03-05"}))
    assert "Responses included: 50." in page.get_text()
    query = {"channel": str(poster.id), "submitted_to": "2025-03-05"}
    page = check_page(lead.get(url(survey, "representativeness"), query_string=query))
    assert "Responses included: 18." in page.get_text() and page.select("[id^=dimension-]")
    assert not page.select_one("#view-problem")


def test_a_view_under_the_minimum_base_shows_only_a_message(lead: FlaskClient) -> None:
    survey = equality_survey(area=[LSC])
    poster = repository.add_channel(survey, "Poster", None)
    add_people(survey, 30, {"eq_sex": "female"})
    add_people(survey, 1, {"eq_sex": "male", "eq_postcode_district": "LA1"}, channel=poster)
    page = check_page(lead.get(url(survey, "representativeness"), query_string={"channel": str(poster.id)}))
    assert page.select_one("#too-few") and "there are fewer than 10" in page.get_text()
    assert not page.select("#score-value, #still-to-hear-from, [id^=dimension-], img.toolkit-chart")
    assert "LA1" not in page.get_text() and "None yet" not in page.get_text()


def test_a_start_date_shows_no_equality_figures_but_says_why(lead: FlaskClient) -> None:
    survey = equality_survey(area=[LSC])
    add_people(survey, 60, {"eq_sex": "female"})
    for query in ({"submitted_from": "2025-03-01"}, {"submitted_from": "2025-03-01", "submitted_to": "2025-03-05"}):
        page = check_page(lead.get(url(survey, "representativeness"), query_string=query))
        assert page.select_one("#view-problem") and not page.select("[id^=dimension-]")


@pytest.mark.parametrize(
    "query",
    [
        {"submitted_from": "31/02/2025"},
        {"submitted_from": "tomorrow"},
        {"submitted_from": "2025-03-10", "submitted_to": "2025-03-01"},
        {"channel": "999999"},
        {"margin": "shoe_size"},
    ],
)
def test_bad_filters_are_a_400(lead: FlaskClient, query: dict[str, str]) -> None:
    survey = equality_survey(area=[LSC])
    add_people(survey, 10, {"eq_sex": "female"})
    page = check_page(lead.get(url(survey, "representativeness"), query_string=query), 400)
    assert page.select_one(".nhsuk-error-summary")


def test_weighting_on_the_dashboard_and_the_results_page(lead: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    seeded_record_keys(monkeypatch, 3)  # random keys hid one sex's count now and then (CI, PostgreSQL)
    survey = equality_survey(area=[LSC])
    add_people(survey, 45, {"eq_sex": "female"}, {"colour": "red"})
    add_people(survey, 15, {"eq_sex": "male"}, {"colour": "blue"})
    for page_url in (url(survey, "representativeness"), url(survey, "results")):
        page = check_page(lead.get(page_url, query_string={"margin": "sex"}))
        weighting = page.select_one("#weighting").get_text()
        assert "Effective sample size" in weighting and "Design effect" in weighting
        colour = page.select_one("#weighted-colour").find_next("table").get_text()
        assert "75%" in colour and "51%" in colour and "±" in colour
    refused = check_page(lead.get(url(survey, "representativeness"), query_string={"margin": "age"}))
    assert "cannot be weighted" in refused.select_one("#weighting").get_text()
    assert refused.get_text().count("These results cannot be weighted") == 1  # one heading, not two


def test_the_results_page_has_no_equality_questions(lead: FlaskClient) -> None:
    survey = equality_survey(area=[LSC])
    add_people(survey, 6, {"eq_sex": "female"})
    page = check_page(lead.get(url(survey, "results")))
    assert not [s for s in page.select("section[id^=question-eq_]")]
    assert "What is your sex?" not in page.get_text()


# --- the raw export ----------------------------------------------------------------------------------------------


def test_the_raw_export_is_for_administrators_only(client: FlaskClient) -> None:
    survey = equality_survey()
    add_people(survey, 3, {"eq_sex": "female", "eq_age": "65_to_74"})
    sign_in(client, "lead")
    assert client.get(url(survey, "equality/export.csv")).status_code == 403
    assert not check_page(client.get(url(survey))).find("a", href=url(survey, "equality/export.csv"))


def test_the_raw_export_holds_equality_answers_and_nothing_else(client: FlaskClient) -> None:
    survey = equality_survey()
    add_people(survey, 3, {"eq_sex": "female", "eq_age": "65_to_74", "eq_ethnic_group": "irish"})
    sign_in(client, "admin")
    assert check_page(client.get(url(survey))).find("a", href=url(survey, "equality/export.csv"))
    response = client.get(url(survey, "equality/export.csv"))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header == [q.text for q in equality.equality_section().questions]
    assert len(body) == 3 and all("White: Irish" in row and "Female" in row for row in body)
    text = response.get_data(as_text=True)
    assert "Free text that must never" not in text and ",red," not in text
    assert not any(r.reference in text for r in db.session.scalars(select(Response)))
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export_equality_answers")).one()
    assert db.session.scalars(select(EqualityResponse)).all()


# --- the standard wording in the survey's languages -------------------------------------------------------


def stock(language: str, key: str) -> str:
    return str(equality_translation.stock()["translations"][language][key])


def test_adding_the_section_translates_it_into_each_language_the_survey_has(lead: FlaskClient) -> None:
    own = {key: f"[ur] {english}" for key, english in translation.translatable_strings(make_definition()).items()}
    definition = make_definition(translations={"ur": own})
    survey = repository.create_survey(definition.title, "in-urdu", None, definition=definition)
    response = lead.post(url(survey, "equality/add"), data={"csrf_token": csrf_token(lead.get(url(survey)))})
    assert response.status_code == 302
    stored = repository.definition_of(survey)
    assert set(stored.translations) == {"ur"}  # no language the lead did not start
    key = "question.eq_sex.option.prefer_not_to_say"
    assert stored.translations["ur"][key] == stock("ur", key)
    assert stored.translations["ur"]["title"] == "[ur] Test survey"
    assert translation.publish_problems(stored) == []
    page = check_page(lead.get(f"/staff/surveys/{survey.id}/translations"))
    assert "Complete" in page.find(id="language-ur").get_text()
    assert "drafted by machine" in page.find(id="stock-equality").get_text()


def test_changing_the_topics_translates_the_new_questions_and_keeps_the_leads_own(lead: FlaskClient) -> None:
    mine = {"title": "Ankieta", "question.eq_age.text": "Ile masz lat?"}
    definition = equality.with_equality_section(make_definition(translations={"pl": mine}))
    survey = repository.create_survey(definition.title, "po-polsku", None, definition=definition)
    data = {"topics": ["age", "sex"], "inclusion_health": ["armed_forces"]}
    assert post_form(lead, url(survey, "equality/questions"), data).status_code == 302
    strings = repository.definition_of(survey).translations["pl"]
    assert strings["question.eq_age.text"] == "Ile masz lat?"
    assert strings["question.eq_armed_forces.text"] == stock("pl", "question.eq_armed_forces.text")
    assert strings["question.eq_sex.help"] == stock("pl", "question.eq_sex.help")
    assert not any(key.startswith("question.eq_religion.") for key in strings)


def test_the_audited_figures_are_kept_until_a_response_changes_them(
    lead: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cross-view audit runs once per change of what it publishes (the complete reporting
    blocks), not on every page load or every new response, and not again in another process (the
    tables are kept in the database); what a kept page shows is what a fresh audit shows."""
    from surveys.equality import dashboard, service

    audits: list[int] = []
    real = dashboard.publish_from_cells

    def counted(*args: Any, **kwargs: Any) -> Any:
        if (args[5] if len(args) > 5 else kwargs.get("tables")) is None:  # not given the kept tables: audits
            audits.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "publish_from_cells", counted)
    survey = equality_survey(area=[LSC])
    poster = repository.add_channel(survey, "Poster", None)
    add_people(survey, 40, {"eq_sex": "female", "eq_age": "65_to_74"})
    add_people(survey, 12, {"eq_sex": "male", "eq_age": "25_to_34"}, channel=poster)

    def figures(query: dict[str, str]) -> str:
        page = check_page(lead.get(url(survey, "representativeness"), query_string=query))
        return " ".join(t.get_text() for t in page.select("#overview, #score, [id^=dimension-] table"))

    first = figures({})
    assert figures({}) == first and figures({"channel": str(poster.id)}) and figures({"margin": "sex"})
    assert len(audits) == 1  # the page, its channel filter and the weighting share one audit
    add_people(survey, 1, {"eq_sex": "male"}, when=datetime(2025, 3, 4, 9, tzinfo=UTC))
    assert figures({}) == first and len(audits) == 1  # a response that completes no block changes nothing
    add_people(survey, 1, {"eq_sex": "male"}, when=DAY)
    figures({})
    assert len(audits) == 2  # a new response in a complete block: audited again
    add_people(survey, 49, {"eq_sex": "male"}, when=datetime(2025, 3, 4, 10, tzinfo=UTC))
    figures({})
    assert len(audits) == 3  # a block completed: audited again
    kept = figures({})
    service.clear_cache()  # as another process, or this one restarted: the database's copy
    assert figures({}) == kept and len(audits) == 3
    with db.transaction() as session:
        session.execute(delete(EqualityPublished))
    service.clear_cache()
    assert figures({}) == kept and len(audits) == 4  # audited afresh: the same figures
    equality_repository.save_area(survey.id, [LSC], "16+", 6, None)  # a new threshold: audited again
    figures({})
    assert len(audits) == 5


def test_the_scheduled_job_audits_recent_surveys_so_the_page_does_not(
    lead: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from surveys.equality import service, tasks
    from toolkit import equality_blocks

    survey = equality_survey(area=[LSC])
    yesterday = datetime.combine(date.today() - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    add_people(survey, 60, {"eq_sex": "female", "eq_age": "65_to_74"}, when=yesterday.replace(hour=9))
    older = equality_survey("older", area=[LSC])  # nobody since the day before yesterday: left alone
    add_people(older, 60, {"eq_sex": "male"})
    assert tasks.publish_recent() == [survey.id]
    assert db.session.get(EqualityPublished, survey.id) is not None
    assert db.session.get(EqualityPublished, older.id) is None
    service.clear_cache()

    def audit(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page audited: the job's tables were not used")

    monkeypatch.setattr(equality_blocks, "_published_tables", audit)
    page = check_page(lead.get(url(survey, "representativeness")))
    assert page.select("[id^=dimension-] table")  # the tables, from the job's audit
    assert tasks.publish_recent() == [survey.id]  # nothing changed: kept tables, no audit


def test_while_the_queue_audits_a_new_block_the_page_shows_the_figures_published_before(
    lead: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from surveys.equality import service, tasks
    from toolkit import equality_blocks

    survey = equality_survey(area=[LSC])
    days_ago = [datetime.combine(date.today() - timedelta(days=n), datetime.min.time(), tzinfo=UTC) for n in (0, 1, 2)]
    add_people(survey, 60, {"eq_sex": "female", "eq_age": "65_to_74"}, when=days_ago[2].replace(hour=9))
    assert tasks.publish(survey.id)  # the first block, published by the queue
    add_people(survey, 60, {"eq_sex": "male", "eq_age": "25_to_34"}, when=days_ago[1].replace(hour=9))  # a second
    service.clear_cache()
    asked: list[int] = []
    monkeypatch.setattr(tasks, "publish_soon", asked.append)  # a queue whose consumer has not got to it yet
    audit = equality_blocks._published_tables

    def no_audit(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page audited in the request")

    monkeypatch.setattr(equality_blocks, "_published_tables", no_audit)
    page = check_page(lead.get(url(survey, "representativeness")))
    assert asked == [survey.id]  # the page asked the queue for the new block's audit
    catching_up = page.select_one("#catching-up")
    assert catching_up is not None and days_ago[1].strftime("%-d %B %Y") in catching_up.get_text()
    assert "Responses included: 60." in page.select_one("#responses-total").get_text()  # the first block only
    assert page.select("[id^=dimension-] table")  # the figures published before, shown again

    monkeypatch.setattr(equality_blocks, "_published_tables", audit)
    assert tasks.publish(survey.id)  # the consumer's turn
    monkeypatch.setattr(equality_blocks, "_published_tables", no_audit)
    page = check_page(lead.get(url(survey, "representativeness")))
    assert page.select_one("#catching-up") is None
    assert "Responses included: 120." in page.select_one("#responses-total").get_text()

    # Someone added inside a block already published: its tables no longer fit, so nothing is shown
    # until the queue has audited it again (a large survey; a small one is audited in the request).
    monkeypatch.setattr(service, "AUDITED_IN_A_REQUEST", 10)
    add_people(survey, 1, {"eq_sex": "female", "eq_age": "65_to_74"}, when=days_ago[2].replace(hour=10))
    service.clear_cache()
    asked.clear()
    page = check_page(lead.get(url(survey, "representativeness") + "?margin=sex"))
    assert set(asked) == {survey.id}  # by the dashboard and by the weighted results
    assert "are being checked before they are shown" in page.select_one("#view-problem").get_text()
    assert not page.select("[id^=dimension-] table") and page.select_one("#responses-total") is None
    assert "are being checked" in page.select_one("#weighting-view-problem").get_text()


def test_a_view_too_large_to_weigh_in_a_request_is_weighed_in_the_background_as_a_spreadsheet(
    lead: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from surveys.equality import service
    from surveys.repository import ResponseFilter

    seeded_record_keys(monkeypatch, 2)
    survey = equality_survey(area=[LSC])
    add_people(survey, 40, {"eq_sex": "female", "eq_age": "65_to_74"})
    add_people(survey, 30, {"eq_sex": "male", "eq_age": "25_to_34"}, {"colour": "blue"})
    weighing = []
    weigh = service.weighting
    monkeypatch.setattr(service, "weighting", lambda *args, **kwargs: weighing.append(1) or weigh(*args, **kwargs))
    monkeypatch.setattr(service, "WEIGHED_IN_A_REQUEST", 69)
    dashboard = url(survey, "representativeness") + "?margin=sex"
    response = lead.get(dashboard)
    page = check_page(response)
    assert "more than 69 responses" in page.select_one("#weighting-view-problem").get_text()
    assert not weighing and page.select_one("#weighting-problem") is None and not page.select("[id^=weighted-]")
    form = page.select_one("form#weigh-in-the-background")
    fields = {tag["name"]: tag["value"] for tag in form.select("input[type=hidden]")}
    assert fields["margin"] == "sex"

    started = lead.post(form["action"], data=fields)
    assert started.status_code == 303 and "/staff/jobs/" in started.headers["Location"]
    progress = check_page(lead.get(started.headers["Location"]))  # the queue runs jobs at once in tests
    link = progress.select_one("a[href$='/download']")
    assert link is not None and "weighted-results-equal.csv" in link.get_text()
    rows = list(csv.reader(io.StringIO(lead.get(link["href"]).get_data(as_text=True).lstrip("\ufeff"))))
    expected = weigh(survey, service.setup(survey), ResponseFilter(), ["sex"])
    assert expected.problem is None
    assert ["Weighted to", "Sex"] in rows and ["Respondents weighted", expected.used] in rows
    for item in expected.questions:
        for option in item.options:
            row = [item.question.text, option.label, option.unweighted, option.weighted, option.margin_of_error]
            assert [*row, item.answered] in rows
    assert ["Group", "Population", "Unweighted", "Weighted"] in rows
    job = jobs_repository.get(int(started.headers["Location"].rstrip("/").split("/")[-1]))
    assert job is not None and (job.done, job.total) == (70, 70)  # the responses read, as it went

    lead.get(dashboard + "&lang=cy")  # in Welsh: the spreadsheet's words are Welsh too
    welsh = check_page(lead.get(lead.post(form["action"], data=fields).headers["Location"]))
    rows = list(
        csv.reader(io.StringIO(lead.get(welsh.select_one("a[href$='/download']")["href"]).get_data(as_text=True)))
    )
    assert rows[0] == ["\ufeffCanlyniadau wedi'u pwysoli"] and ["Weighted to", "Sex"] not in rows
    lead.get(dashboard + "&lang=en")

    monkeypatch.setattr(service, "WEIGHED_IN_A_REQUEST", 70)  # small enough: weighed in the request again
    page = check_page(lead.get(dashboard))
    assert page.select_one("#weighting-view-problem") is None and page.select("[id^=weighted-]")

    bad = lead.post(form["action"], data={"csrf_token": fields["csrf_token"]})  # no margin chosen
    assert bad.status_code == 400


def test_a_lead_names_seldom_heard_groups_and_the_dashboard_puts_them_first(
    lead: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engagements import repository as engagements
    from engagements.model import EngagementDetails

    seeded_record_keys(monkeypatch, 1)  # random keys hid the 8 men's count about one run in nine
    survey = equality_survey(area=[LSC])
    plan = engagements.create_engagement(
        EngagementDetails(title="GP access", seldom_heard="Young carers and people aged 75 or over"), None
    )
    engagements.link_survey(plan, survey.id, None)
    add_people(survey, 44, {"eq_sex": "female", "eq_age": "45_to_54"})
    add_people(survey, 8, {"eq_sex": "male", "eq_age": "75_or_over"})
    form = check_page(lead.get(url(survey, "equality/priority-groups")))
    assert "Young carers and people aged 75 or over" in form.select_one("#engagement-seldom-heard").get_text()
    choices = {box["value"] for box in form.select("input[name=groups]")}
    assert {"age|Aged 75 years and over", "sex|Male", "age|Aged 16 to 24 years"} <= choices
    wrong = post_form(lead, url(survey, "equality/priority-groups"), {"groups": ["shoe_size|Eleven"]})
    assert wrong.status_code == 400 and check_page(wrong, 400).select_one(".nhsuk-error-summary")
    named = ["age|Aged 75 years and over", "sex|Male"]
    saved = post_form(lead, url(survey, "equality/priority-groups"), {"groups": named})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(url(survey, "representativeness"))
    assert equality_repository.population_settings(survey.id).priority_groups == (
        ("age", "Aged 75 years and over"), ("sex", "Male"),
    )  # fmt: skip
    index = check_page(lead.get(url(survey))).get_text()
    assert "Aged 75 years and over, Male" in index
    page = check_page(lead.get(url(survey, "representativeness")))
    # One overview of every group, then the named groups, in the lead's order, then the rest.
    order = [tag.get("id") for tag in page.select("#overview, #priority-groups, #still-to-hear-from, #score")]
    assert order == ["overview", "priority-groups", "still-to-hear-from", "score"]

    def group(row: Any) -> str:  # the responsive table repeats its column heading in each cell
        return str(row.select_one("th").get_text(" ", strip=True)).removeprefix("Group ")

    rows = page.select("#priority-groups tbody tr")
    assert [group(r) for r in rows] == ["Age: Aged 75 years and over", "Sex: Male"]
    assert rows[1].select("td")[-1].get_text(" ", strip=True).endswith("Under-represented")
    # "Who we still need to hear from": a named group that is under-represented comes first.
    still = [group(r) for r in page.select_one("#still-to-hear-from").find_next("table").select("tbody tr")]
    assert still[0] == "Sex: Male" and len(still) > 1
