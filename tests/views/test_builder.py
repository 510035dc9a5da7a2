"""The staff survey builder: creating, editing, routing, publishing versions, channels and QR codes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from surveys import question_types, repository
from surveys.builder.forms import QUESTION_TYPE_LABELS, TYPE_FIELDS
from surveys.model import Condition, Option, Question, Section
from tests.helpers import check_page, csrf_token, date_boxes, make_survey, post_form, sign_in
from toolkit import audit

BASE = "/staff/surveys"

# One valid form for every question type, as a lead fills it in.
QUESTION_FORMS = {
    "single_choice": {"text": "How did you hear about us?", "options": "Poster\nFriend\n\nRadio", "allow_other": "y"},
    "multiple_choice": {"text": "Which services have you used?", "options": "GP\nPharmacy\nDentist", "required": "y"},
    "yes_no": {"text": "Have you used the walk-in centre?", "required": "y"},
    "short_text": {"text": "What is your email address?", "max_length": "120"},
    "long_text": {"text": "Tell us more", "help": "Do not include your name."},
    "rating": {
        "text": "How good was it?",
        "scale_min": "1",
        "scale_max": "5",
        "scale_min_label": "Very poor",
        "scale_max_label": "Very good",
    },
    "number": {"text": "How many visits?", "min_value": "0", "max_value": "50"},
    "date": {"text": "When did you last visit?", "help": "An exact date if you know it."},
    "statement": {"text": "The next questions are about your last visit."},
}


def _summary(soup):
    summary = soup.find(class_="nhsuk-error-summary")
    assert summary is not None, "no error summary"
    return summary.get_text(" ", strip=True)


def _create(client, title="GP access", slug="", kind="survey"):
    response = post_form(client, f"{BASE}/new", {"title": title, "slug": slug, "kind": kind})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.location


def _add_section(client, url, title, show_if=""):
    response = post_form(client, f"{url}/sections/new", {"title": title, "intro": "", "show_if": show_if})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _add_question(client, url, section_id, question_type, data, status=302):
    chosen = post_form(client, f"{url}/sections/{section_id}/questions/new", {"type": question_type})
    assert chosen.status_code == 302 and chosen.location.endswith(f"/questions/new/{question_type}")
    check_page(client.get(chosen.location))
    response = post_form(client, chosen.location, {"show_if": "", **data})
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response


def _post(client, url):
    return client.post(url, data={"csrf_token": csrf_token(client.get("/staff/sign-out"))})


def _definition(slug):
    return repository.definition_of(repository.get_by_slug(slug))


# --- the list and creating --------------------------------------------------------------


def test_list_shows_status_responses_and_create_link_for_leads(client):
    make_survey("live-one")
    make_survey("draft-one", publish=False, title="A draft")
    sign_in(client, "lead")
    soup = check_page(client.get(f"{BASE}/"))
    rows = [row.get_text(" ", strip=True) for row in soup.select("tbody tr")]
    assert any("Test survey" in row and "Live" in row and "0" in row for row in rows)
    assert any("A draft" in row and "Draft" in row for row in rows)
    assert soup.find("a", href=f"{BASE}/new").get_text(strip=True) == "Create a survey"


def test_viewer_sees_the_list_without_create(client):
    make_survey()
    sign_in(client, "viewer")
    soup = check_page(client.get(f"{BASE}/"))
    assert soup.find("a", href=f"{BASE}/new") is None
    assert client.get(f"{BASE}/new").status_code == 403


def test_create_suggests_a_web_address_from_the_title_and_numbers_repeats(client):
    sign_in(client, "lead")
    check_page(client.get(f"{BASE}/new"))
    first = _create(client, "GP access: have your say!")
    second = _create(client, "GP access: have your say!")
    assert repository.get(int(first.rsplit("/", 1)[1])).slug == "gp-access-have-your-say"
    assert repository.get(int(second.rsplit("/", 1)[1])).slug == "gp-access-have-your-say-2"


def test_create_a_formal_consultation_with_its_own_address(client):
    sign_in(client, "lead")
    url = _create(client, "Stroke services", "Stroke-2026", "consultation")
    survey = repository.get_by_slug("stroke-2026")
    assert url.endswith(f"/{survey.id}") and survey.kind == "consultation" and survey.status == "draft"
    assert [c.name for c in repository.channels(survey.id)] == ["web"]
    assert "create" in [e.action for e in audit.events_for("survey", survey.id)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "slug": "ok", "kind": "survey"}, "Enter a title"),
        ({"title": "T", "slug": "no spaces!", "kind": "survey"}, "Web address must be 2 to 60"),
        ({"title": "T", "slug": "x", "kind": "survey"}, "Web address must be 2 to 60"),
        ({"title": "T", "slug": "test", "kind": "survey"}, "Another survey already uses that web address"),
        ({"title": "T", "slug": "ok", "kind": "referendum"}, "Select one of the options shown"),
        ({"title": "T" * 201, "slug": "ok", "kind": "survey"}, "Title is too long"),
    ],
)
def test_create_rejects_bad_input_with_400_and_summary(client, data, message):
    make_survey("test")
    sign_in(client, "lead")
    soup = check_page(post_form(client, f"{BASE}/new", data), status=400)
    assert message in _summary(soup)
    assert soup.title.get_text().startswith("Error:")
    assert len(repository.all_surveys()) == 1


# --- the whole path: build, publish with warnings, edit live, republish ---------------------


def test_build_every_question_type_publish_with_warnings_then_version_two(client):
    sign_in(client, "lead")
    url = _create(client, "Urgent care", "urgent-care")
    _add_section(client, url, "About you")
    _add_section(client, url, "Your visit")
    _add_question(client, url, "s1", "single_choice", QUESTION_FORMS["single_choice"])
    for question_type, data in QUESTION_FORMS.items():
        if question_type != "single_choice":
            _add_question(client, url, "s2", question_type, data)

    definition = _definition("urgent-care")
    assert [q.type for q in definition.questions()] == list(QUESTION_FORMS)
    first = definition.question("q1")
    assert first.options == (Option("poster", "Poster"), Option("friend", "Friend"), Option("radio", "Radio"))
    assert first.allow_other and not first.required
    rating = definition.question("q6")
    assert (rating.scale_min, rating.scale_max, rating.scale_max_label) == (1, 5, "Very good")
    assert definition.question("q4").max_length == 120 and definition.question("q7").max_value == 50
    assert definition.question("q3").required and not definition.question("q8").required

    overview = check_page(client.get(url))
    assert "How many visits?" in overview.get_text() and "Draft" in overview.get_text()
    check = check_page(client.get(f"{url}/publish"))
    codes = {li["data-warning"] for li in check.select("[data-warning]")}
    assert codes == {"no_close_date", "no_privacy_notice", "personal_data"}
    assert check.get_text().count("Things to check") == 1
    assert "Publish version 1" in check.get_text()

    published = post_form(client, f"{url}/publish", {})
    assert published.status_code == 302
    survey = repository.get_by_slug("urgent-care")
    assert survey.status == "live"
    version_one = dict(repository.latest_version(survey.id).definition)
    assert "Version 1 is live." in check_page(client.get(url)).get_text()

    # Edit the live survey: the draft changes, version 1 does not.
    edit = post_form(client, f"{url}/questions/q1", {**QUESTION_FORMS["single_choice"], "text": "Where did you hear?"})
    assert edit.status_code == 302
    assert "Changes not published yet" in check_page(client.get(url)).get_text()
    assert repository.versions(survey.id)[0].definition == version_one
    post_form(client, f"{url}/publish", {})

    versions = repository.versions(survey.id)
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].definition == version_one
    assert versions[0].definition["sections"][0]["questions"][0]["text"] == "How did you hear about us?"
    assert versions[1].definition["sections"][0]["questions"][0]["text"] == "Where did you hear?"
    history = check_page(client.get(f"{url}/publish"))
    assert "The live version has all your changes." in history.get_text()
    old = check_page(client.get(f"{url}/versions/1"))
    assert "How did you hear about us?" in old.get_text() and "Where did you hear?" not in old.get_text()
    actions = [e.action for e in audit.events_for("survey", survey.id)]
    assert actions.count("publish") == 2 and "edit_question" in actions and "edit_section" in actions


def test_publishing_unchanged_live_survey_keeps_the_version(client):
    survey = make_survey()
    sign_in(client, "lead")
    assert _post(client, f"{BASE}/{survey.id}/publish").status_code == 302
    assert [v.number for v in repository.versions(survey.id)] == [1]


def test_publish_is_blocked_by_problems_with_400(client):
    sign_in(client, "lead")
    url = _create(client, "Empty", "empty")
    page = check_page(client.get(f"{url}/publish"))
    assert "Add at least one question." in page.get_text()
    assert page.find("button", string=lambda s: s and "Publish" in s) is None
    soup = check_page(_post(client, f"{url}/publish"), status=400)
    assert "Add at least one question." in _summary(soup)
    survey = repository.get_by_slug("empty")
    assert survey.status == "draft" and repository.versions(survey.id) == []


def test_close_and_reopen(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}"
    assert _post(client, f"{url}/close").status_code == 302
    assert repository.get(survey.id).status == "closed"
    page = check_page(client.get(url))
    assert "Reopen the survey" in page.get_text()
    token = csrf_token(client.get(url))
    assert client.post(f"{url}/reopen", data={"csrf_token": token}).status_code == 302
    assert repository.get(survey.id).status == "live"
    assert client.post(f"{url}/reopen", data={"csrf_token": token}).status_code == 409


# --- details ----------------------------------------------------------------------------


def test_details_change_wording_kind_and_dates_and_warn_about_short_consultation(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}"
    form = check_page(client.get(f"{url}/details"))
    assert form.find("input", attrs={"name": "title"})["value"] == "Test survey"
    data = {
        "title": "New title",
        "kind": "consultation",
        "introduction": "Why we ask",
        "privacy_notice": "We keep it",
        **date_boxes("opens_on", "1 1 2099"),
        **date_boxes("closes_on", "1 2 2099"),
    }
    assert post_form(client, f"{url}/details", data).status_code == 302
    survey = repository.get(survey.id)
    definition = repository.definition_of(survey)
    assert (survey.title, survey.kind, str(survey.closes_on)) == ("New title", "consultation", "2099-02-01")
    assert (definition.title, definition.introduction, definition.privacy_notice) == (
        "New title",
        "Why we ask",
        "We keep it",
    )
    check = check_page(client.get(f"{url}/publish"))
    warnings = {li["data-warning"]: li.get_text() for li in check.select("[data-warning]")}
    assert set(warnings) == {"consultation_too_short"} and "32 days" in warnings["consultation_too_short"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {**date_boxes("opens_on", "1 2 2099"), **date_boxes("closes_on", "1 1 2099")},
            "The close date must be the same as or after",
        ),
        (date_boxes("closes_on", "45 13 2099"), "The close date must be a real date"),
        (date_boxes("closes_on", "1 1 2020"), "The close date must be today or in the future"),
        (date_boxes("opens_on", "1  2099"), "The open date must include a month"),
        ({"title": ""}, "Enter a title"),
        ({"privacy_notice": "x" * 5001}, "Privacy notice must be 5000 characters or fewer"),
    ],
)
def test_details_reject_bad_input(client, data, message):
    survey = make_survey()
    sign_in(client, "lead")
    base = {"title": "T", "kind": "survey", "introduction": "", "privacy_notice": ""}
    soup = check_page(post_form(client, f"{BASE}/{survey.id}/details", {**base, **data}), status=400)
    assert message in _summary(soup)
    assert repository.get(survey.id).title == "Test survey"


# --- questions, options and routing -------------------------------------------------------


def test_editing_options_keeps_stored_values_of_unchanged_labels(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/questions/colour"
    form = check_page(client.get(url))
    assert form.find("textarea", attrs={"name": "options"}).get_text() == "Red\nBlue"
    data = {
        "text": "Favourite colour?",
        "options": "Green\nRed\nBlue",
        "allow_other": "y",
        "required": "y",
        "show_if": "",
    }
    assert post_form(client, url, data).status_code == 302
    question = repository.definition_of(repository.get(survey.id)).question("colour")
    assert question.options == (Option("green", "Green"), Option("red", "Red"), Option("blue", "Blue"))
    assert question.text == "Favourite colour?"


def test_routing_offers_answers_of_earlier_single_choice_questions(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}"
    # A new question in the first section may depend on the one before it (the page is split there).
    first = check_page(client.get(f"{url}/sections/s1/questions/new/yes_no"))
    assert [o["value"] for o in first.find("select", attrs={"name": "show_if"}).find_all("option")][1] == "colour=red"
    # The first question of the survey has nothing before it.
    own = check_page(client.get(f"{url}/questions/colour"))
    assert own.find("select", attrs={"name": "show_if"}) is None
    page = check_page(client.get(f"{url}/sections/s2/questions/new/short_text"))
    options = [o["value"] for o in page.find("select", attrs={"name": "show_if"}).find_all("option")]
    assert options == ["", "colour=red", "colour=blue", "colour=other"]
    data = {"text": "Why red?", "show_if": "colour=red"}
    assert post_form(client, f"{url}/sections/s2/questions/new/short_text", data).status_code == 302
    definition = repository.definition_of(repository.get(survey.id))
    assert definition.question("q4").show_if == Condition("colour", "red")
    assert "Shown only when: What is your favourite colour? – Red" in check_page(client.get(url)).get_text()
    _add_section(client, url, "Reds only", "colour=red")
    assert repository.definition_of(repository.get(survey.id)).section("s3").show_if == Condition("colour", "red")


def test_forged_routing_value_is_a_400(client):
    survey = make_survey()
    sign_in(client, "lead")
    data = {"text": "Why?", "show_if": "colour=purple"}
    soup = check_page(post_form(client, f"{BASE}/{survey.id}/sections/s2/questions/new/short_text", data), 400)
    assert "Select one of the options shown" in _summary(soup)


@pytest.mark.parametrize(
    ("question_type", "data", "message"),
    [
        ("single_choice", {"text": "Pick", "options": "Only one"}, "Enter at least 2 answers"),
        ("multiple_choice", {"text": "Pick", "options": "A\na"}, "Each answer must be different"),
        ("single_choice", {"text": "", "options": "A\nB"}, "Enter the question"),
        ("rating", {"text": "Rate", "scale_min": "1", "scale_max": "20"}, "Highest point must be between 2 and 10"),
        ("rating", {"text": "Rate", "scale_min": "one", "scale_max": "5"}, "Enter a whole number"),
        ("number", {"text": "How many", "min_value": "10", "max_value": "5"}, "Largest number must be the same"),
        ("short_text", {"text": "Say", "max_length": "20000"}, "Character limit must be between 1 and 10000"),
        ("long_text", {"text": "x" * 2001}, "Question must be 2000 characters or fewer"),
        ("statement", {"text": ""}, "Enter the information"),
    ],
)
def test_question_form_rejects_bad_input(client, question_type, data, message):
    survey = make_survey()
    sign_in(client, "lead")
    response = post_form(
        client, f"{BASE}/{survey.id}/sections/s2/questions/new/{question_type}", {"show_if": "", **data}
    )
    assert message in _summary(check_page(response, status=400))
    assert len(list(repository.definition_of(repository.get(survey.id)).questions())) == 3


def test_a_change_that_breaks_routing_shows_the_model_problem(client):
    sections = (
        Section(
            "s1",
            "One",
            questions=(
                Question("colour", "single_choice", "Colour?", options=(Option("red", "Red"), Option("blue", "Blue"))),
            ),
        ),
        Section(
            "s2", "Two", questions=(Question("why", "short_text", "Why red?", show_if=Condition("colour", "red")),)
        ),
    )
    survey = make_survey(sections=sections)
    sign_in(client, "lead")
    data = {"text": "Colour?", "options": "Blue\nGreen", "show_if": ""}
    soup = check_page(post_form(client, f"{BASE}/{survey.id}/questions/colour", data), status=400)
    assert "depends on an answer that question does not offer" in _summary(soup)
    assert repository.definition_of(repository.get(survey.id)).question("colour").options[0].value == "red"


def test_choose_type_needs_a_known_type(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/sections/s1/questions/new"
    page = check_page(client.get(url))
    assert page.find("legend").find("h1").get_text(strip=True) == "What type of question is it?"
    assert len(page.find_all("input", attrs={"name": "type"})) == len(question_types.names())  # one per registered type
    assert "Select the type of question" in _summary(check_page(post_form(client, url, {}), status=400))
    assert "Select one of the options shown" in _summary(check_page(post_form(client, url, {"type": "x"}), 400))
    assert client.get(f"{url}/made_up").status_code == 404


# --- moving and deleting -----------------------------------------------------------------


def test_move_questions_within_and_across_sections(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}"

    def order():
        return [[q.id for q in s.questions] for s in repository.definition_of(repository.get(survey.id)).sections]

    assert _post(client, f"{url}/questions/age/move/up").status_code == 302
    assert order() == [["colour"], ["age", "why"]]
    _post(client, f"{url}/questions/age/move/up")
    assert order() == [["colour", "age"], ["why"]]
    _post(client, f"{url}/questions/colour/move/down")
    assert order() == [["age", "colour"], ["why"]]
    assert _post(client, f"{url}/questions/age/move/sideways").status_code == 404
    assert _post(client, f"{url}/questions/nope/move/up").status_code == 404


def test_a_move_that_breaks_routing_is_refused(client):
    sections = (
        Section("s1", "One", questions=(Question("ok", "yes_no", "OK?"),)),
        Section("s2", "Two", questions=(Question("why", "short_text", "Why?", show_if=Condition("ok", "no")),)),
    )
    survey = make_survey(sections=sections)
    sign_in(client, "lead")
    response = _post(client, f"{BASE}/{survey.id}/sections/s2/move/up")
    assert response.status_code == 302
    page = check_page(client.get(response.location))
    assert "That move was not made" in page.get_text()
    assert [s.id for s in repository.definition_of(repository.get(survey.id)).sections] == ["s1", "s2"]
    sections_order = _post(client, f"{BASE}/{survey.id}/sections/s1/move/down")
    assert sections_order.status_code == 302
    assert [s.id for s in repository.definition_of(repository.get(survey.id)).sections] == ["s1", "s2"]


def test_move_sections(client):
    survey = make_survey()
    sign_in(client, "lead")
    _post(client, f"{BASE}/{survey.id}/sections/s2/move/up")
    assert [s.id for s in repository.definition_of(repository.get(survey.id)).sections] == ["s2", "s1"]


def test_delete_a_question_clears_routing_that_depended_on_it(client):
    sections = (
        Section("s1", "One", questions=(Question("ok", "yes_no", "OK?"),)),
        Section("s2", "Two", show_if=Condition("ok", "no"), questions=(Question("why", "short_text", "Why?"),)),
    )
    survey = make_survey(sections=sections)
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/questions/ok/delete"
    page = check_page(client.get(url))
    assert "Two" in page.get_text() and page.h1.get_text(strip=True) == "Are you sure you want to delete “OK?”?"
    assert post_form(client, url, {}).status_code == 302
    definition = repository.definition_of(repository.get(survey.id))
    assert [q.id for q in definition.questions()] == ["why"] and definition.section("s2").show_if is None
    assert repository.versions(survey.id)[0].definition["sections"][0]["questions"][0]["id"] == "ok"


def test_delete_a_section(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/sections/s2/delete"
    check_page(client.get(url))
    assert post_form(client, url, {}).status_code == 302
    assert [s.id for s in repository.definition_of(repository.get(survey.id)).sections] == ["s1"]
    assert client.get(url).status_code == 404


def test_change_a_section(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/sections/s2"
    assert check_page(client.get(url)).find("input", attrs={"name": "title"})["value"] == "More"
    assert "Enter a title for the section" in _summary(check_page(post_form(client, url, {"title": ""}), 400))
    assert (
        post_form(client, url, {"title": "Later", "intro": "Nearly done", "show_if": "colour=blue"}).status_code == 302
    )
    section = repository.definition_of(repository.get(survey.id)).section("s2")
    assert (section.title, section.intro, section.show_if) == ("Later", "Nearly done", Condition("colour", "blue"))
    assert [q.id for q in section.questions] == ["why", "age"]


# --- channels and QR codes -------------------------------------------------------------------


def test_channels_page_add_a_channel_and_its_links(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/channels"
    page = check_page(client.get(url))
    assert page.find("img")["alt"] == "QR code for http://localhost/s/test"
    assert "http://localhost/s/test" in page.get_text()
    response = post_form(client, url, {"name": "Pharmacy bag"})
    assert response.status_code == 302
    channel = repository.channel_by_name(survey.id, "pharmacy bag")
    page = check_page(client.get(response.location))
    link = f"http://localhost/c/{channel.code}"
    assert link in page.get_text()
    assert [img["alt"] for img in page.find_all("img")][-1] == f"QR code for {link}"
    assert page.find(id=f"channel-{channel.id}") is not None


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter a name for the channel"),
        ("WEB", "already has a channel with that name"),
        ("x" * 81, "Name must be 80 characters or fewer"),
    ],
)
def test_bad_channel_names_are_400(client, name, message):
    survey = make_survey()
    sign_in(client, "lead")
    soup = check_page(post_form(client, f"{BASE}/{survey.id}/channels", {"name": name}), status=400)
    assert message in _summary(soup)
    assert len(repository.channels(survey.id)) == 1


def test_qr_codes_as_svg_and_png(client):
    survey = make_survey()
    channel = repository.add_channel(survey, "Poster", None)
    sign_in(client, "viewer")
    url = f"{BASE}/{survey.id}/channels/{channel.id}"
    svg = client.get(f"{url}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert ET.fromstring(svg.data).tag == "{http://www.w3.org/2000/svg}svg"
    png = client.get(f"{url}/qr.png?download=1")
    assert png.status_code == 200 and png.mimetype == "image/png"
    assert png.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert png.headers["Content-Disposition"] == 'attachment; filename="qr-test-poster.png"'
    assert "Content-Disposition" not in svg.headers
    assert client.get(f"{url}/qr.gif").status_code == 404
    other = make_survey("other")
    assert client.get(f"{BASE}/{other.id}/channels/{channel.id}/qr.svg").status_code == 404


def test_links_use_the_public_base_url_when_set(app, client):
    app.config["PUBLIC_BASE_URL"] = "https://haveyoursay.example.nhs.uk/"
    survey = make_survey()
    sign_in(client, "viewer")
    page = check_page(client.get(f"{BASE}/{survey.id}/channels"))
    assert page.find("img")["alt"] == "QR code for https://haveyoursay.example.nhs.uk/s/test"
    assert page.find("form") is None, "a viewer gets no add-channel form"


# --- who may do what, and unknown things -------------------------------------------------------


def test_viewer_can_look_at_every_page_but_change_nothing(client):
    survey = make_survey()
    url = f"{BASE}/{survey.id}"
    sign_in(client, "viewer")
    for page in ("", "/publish", "/channels", "/versions/1"):
        soup = check_page(client.get(f"{url}{page}"))
        assert not soup.select("main form"), page
    token = csrf_token(client.get("/staff/sign-out"))
    posts = [
        f"{BASE}/new",
        f"{url}/details",
        f"{url}/sections/new",
        f"{url}/sections/s1",
        f"{url}/sections/s1/delete",
        f"{url}/sections/s1/move/down",
        f"{url}/sections/s1/questions/new",
        f"{url}/sections/s1/questions/new/yes_no",
        f"{url}/questions/colour",
        f"{url}/questions/colour/delete",
        f"{url}/questions/colour/move/down",
        f"{url}/publish",
        f"{url}/close",
        f"{url}/reopen",
        f"{url}/channels",
    ]
    for post in posts:
        assert client.post(post, data={"csrf_token": token, "title": "Hacked", "name": "x"}).status_code == 403, post
    assert repository.get(survey.id).status == "live" and len(repository.channels(survey.id)) == 1
    assert client.get(f"{url}/details").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    survey = make_survey()
    for url in (f"{BASE}/", f"{BASE}/{survey.id}", f"{BASE}/{survey.id}/channels/1/qr.png"):
        assert client.get(url).location.startswith("/staff/sign-in")


def test_missing_csrf_token_is_a_400(client):
    survey = make_survey()
    sign_in(client, "lead")
    assert client.post(f"{BASE}/{survey.id}/close").status_code == 400
    assert repository.get(survey.id).status == "live"


def test_unknown_things_are_404(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}"
    for missing in (
        f"{BASE}/999",
        f"{BASE}/999/publish",
        f"{url}/sections/nope",
        f"{url}/questions/nope",
        f"{url}/versions/7",
        f"{url}/sections/nope/questions/new",
        f"{url}/channels/999/qr.svg",
    ):
        assert check_page(client.get(missing), status=404), missing


def test_overview_shows_sections_questions_and_links(client):
    survey = make_survey()
    sign_in(client, "lead")
    soup = check_page(client.get(f"{BASE}/{survey.id}"))
    text = soup.get_text(" ", strip=True)
    assert "Section 1: About you" in text and "Section 2: More" in text
    assert "What is your favourite colour?" in text and "Other" in text and "Up to 100 characters" in text
    assert soup.find(id="question-colour") is not None and soup.find(id="section-s2") is not None
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert {
        f"{BASE}/{survey.id}/results",
        f"{BASE}/{survey.id}/channels",
        f"{BASE}/{survey.id}/publish",
        f"{BASE}/{survey.id}/questions/colour",
        f"{BASE}/{survey.id}/sections/s1/questions/new",
    } <= hrefs
    assert "Close the survey" in text


def test_every_question_type_has_a_label_and_a_form():
    assert list(QUESTION_TYPE_LABELS) == question_types.names() == list(TYPE_FIELDS) == list(QUESTION_FORMS)


def test_a_statement_form_has_no_required_box(client):
    survey = make_survey()
    sign_in(client, "lead")
    page = check_page(client.get(f"{BASE}/{survey.id}/sections/s1/questions/new/statement"))
    assert page.find("input", attrs={"name": "required"}) is None
    assert page.find("label", attrs={"for": "text"}).get_text(strip=True) == "Information to show"


# --- easy read in the question editor --------------------------------------------------------------


def _colour_form(**data):
    return {"text": "What is your favourite colour?", "options": "Red\nBlue", "allow_other": "y", "show_if": "", **data}


def _field_label(page, name):
    field = page.find(attrs={"name": name})
    assert field is not None, f"no field {name}"
    return page.find("label", attrs={"for": field["id"]}).get_text(strip=True)


def test_lead_gives_each_answer_easy_read_wording_kept_by_its_stored_value(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/questions/colour"
    page = check_page(client.get(url))
    assert _field_label(page, "easy_read_option-red") == "Easy-read wording for “Red” (optional)"
    assert _field_label(page, "easy_read_option-blue") == "Easy-read wording for “Blue” (optional)"
    wording = {"easy_read_text": "Which colour do you like?", "easy_read_option-red": " Like a fire engine "}
    assert post_form(client, url, _colour_form(**wording)).status_code == 302
    question = _definition("test").question("colour")
    assert question.easy_read_text == "Which colour do you like?"
    assert question.options == (Option("red", "Red", "Like a fire engine"), Option("blue", "Blue"))
    page = check_page(client.get(url))
    assert page.find("input", attrs={"name": "easy_read_option-red"})["value"] == "Like a fire engine"
    overview = check_page(client.get(f"{BASE}/{survey.id}")).get_text(" ", strip=True)
    assert "Red (easy read: Like a fire engine)" in overview
    assert "edit_question" in [e.action for e in audit.events_for("survey", survey.id)]

    # Blue renamed: its answers get a new stored value, which has no easy-read wording yet.
    renamed = _colour_form(options="Red\nNavy", **{"easy_read_option-red": "Like a fire engine"})
    assert post_form(client, url, {**renamed, "easy_read_option-blue": "The sky"}).status_code == 302
    options = _definition("test").question("colour").options
    assert options == (Option("red", "Red", "Like a fire engine"), Option("navy", "Navy"))
    assert (
        _field_label(check_page(client.get(url)), "easy_read_option-navy") == "Easy-read wording for “Navy” (optional)"
    )


def test_a_new_choice_question_gets_answer_wording_once_saved(client):
    survey = make_survey()
    sign_in(client, "lead")
    page = check_page(client.get(f"{BASE}/{survey.id}/sections/s2/questions/new/single_choice"))
    assert not page.select("[name^=easy_read_option-]")
    assert "Once you save the question you can give each answer easy-read wording too." in page.get_text()
    assert page.find("textarea", attrs={"name": "easy_read_text"}) is not None


def test_easy_read_answer_wording_too_long_is_a_400(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/questions/colour"
    soup = check_page(post_form(client, url, _colour_form(**{"easy_read_option-red": "x" * 201})), 400)
    assert "Easy-read wording for an answer must be 200 characters or fewer" in _summary(soup)
    assert _definition("test").question("colour").options == (Option("red", "Red"), Option("blue", "Blue"))


def test_saving_in_the_builder_keeps_the_picture_and_smiley_faces(client):
    rating = Question(
        "rate",
        "rating",
        "How good?",
        easy_read_text="Was it good?",
        easy_read_scale="smiley",
        image_id=7,
        image_alt="A star",
    )
    survey = make_survey(sections=(Section("s1", "One", questions=(rating,)),))
    sign_in(client, "lead")
    data = {
        "text": "How good was it?",
        "scale_min": "1",
        "scale_max": "5",
        "easy_read_text": "Was it good?",
        "show_if": "",
    }
    assert post_form(client, f"{BASE}/{survey.id}/questions/rate", data).status_code == 302
    saved = _definition("test").question("rate")
    assert (saved.text, saved.easy_read_scale, saved.image_id, saved.image_alt) == (
        "How good was it?",
        "smiley",
        7,
        "A star",
    )


LONG_WORDING = (
    "Please consider the accessibility of the commissioning arrangements and tell us whether the "
    "organisation should prioritise additional evening availability across the whole district."
)


def _readability(soup, name):
    heading = soup.find(id=f"readability-{name}")
    return heading.find_next(class_="toolkit-readability").get_text(" ", strip=True) if heading else None


def test_the_question_editor_shows_readability_of_the_saved_wording(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/questions/colour"
    page = check_page(client.get(url))
    assert "Long words: favourite." in _readability(page, "text")
    assert _readability(page, "help") is None and _readability(page, "easy_read_text") is None  # nothing to check
    saved = _colour_form(text=LONG_WORDING, help="Think about it.", easy_read_text=LONG_WORDING)
    assert post_form(client, url, saved).status_code == 302
    page = check_page(client.get(url))
    standard = _readability(page, "text")
    assert "Reading age about 22." in standard and "Long words: consider, accessibility" in standard
    assert "Sentence 1 has" not in standard  # within the 25 words of standard wording
    assert "Sentence 1 has 23 words; aim for 15 or fewer." in _readability(page, "easy_read_text")
    assert "No suggestions: this reads plainly." in _readability(page, "help")


def test_check_readability_shows_the_typed_wording_without_saving(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/questions/colour"
    page = check_page(client.get(url))
    assert page.find("button", attrs={"name": "check_readability"}).get_text(strip=True) == "Check readability"
    before = repository.get(survey.id).draft_definition
    typed = _colour_form(text=LONG_WORDING, easy_read_text="Do you like the NHS? Tell us about the CQC.")
    soup = check_page(post_form(client, url, {**typed, "check_readability": "1"}))
    assert soup.find("textarea", attrs={"name": "text"}).get_text() == LONG_WORDING  # the form as typed
    assert "Long words: consider, accessibility" in _readability(soup, "text")
    assert "Explain “CQC” or write it in full." in _readability(soup, "easy_read_text")
    assert repository.get(survey.id).draft_definition == before
    assert "edit_question" not in [e.action for e in audit.events_for("survey", survey.id)]
    # Wording that could not be saved is still checked, without the error summary of a save.
    soup = check_page(post_form(client, url, {**typed, "options": "Only one", "check_readability": "1"}))
    assert soup.find(class_="nhsuk-error-summary") is None
    assert repository.get(survey.id).draft_definition == before


def test_a_viewer_cannot_check_or_save_in_the_question_editor(client):
    survey = make_survey()
    sign_in(client, "viewer")
    response = client.post(
        f"{BASE}/{survey.id}/questions/colour",
        data={"csrf_token": csrf_token(client.get("/staff/sign-out")), **_colour_form(check_readability="1")},
    )
    assert response.status_code == 403


def test_routing_on_any_of_several_answers_and_a_follow_up_on_the_same_page(client):
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}"
    page = check_page(client.get(f"{url}/sections/s1/questions/new/short_text"))
    also = [box["value"] for box in page.find_all("input", attrs={"name": "show_if_also"})]
    assert also == ["colour=red", "colour=blue", "colour=other"]
    data = {"text": "Why that colour?", "show_if": "colour=red", "show_if_also": ["colour=blue"]}
    assert post_form(client, f"{url}/sections/s1/questions/new/short_text", data).status_code == 302
    definition = repository.definition_of(repository.get(survey.id))
    assert definition.question("q4").show_if == Condition("colour", "red", ("blue",))
    assert [p.id for p in definition.pages()] == ["s1", "s1.q4", "s2"]
    assert "What is your favourite colour? – Red or Blue" in check_page(client.get(url)).get_text()
    edit = check_page(client.get(f"{url}/questions/q4"))
    assert edit.find("input", attrs={"name": "show_if_also", "value": "colour=blue"}).has_attr("checked")
    # answers to another question cannot be mixed in
    _add_section(client, url, "Later")
    mixed = {"text": "Mixed?", "show_if": "colour=red", "show_if_also": ["q4=x"]}
    assert post_form(client, f"{url}/sections/s3/questions/new/short_text", mixed).status_code == 400
