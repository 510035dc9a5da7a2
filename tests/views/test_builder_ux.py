"""What leads stumbled on while building a survey (issue 16): no confirmation after saving, the
browser's date picker and past close dates, no preview before publishing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import func, select

from surveys import repository
from tests.helpers import check_page, csrf_token, date_boxes, make_survey, post_form, sign_in
from toolkit import db
from toolkit.schema import AnswerDraft, Response

BASE = "/staff/surveys"
DETAILS = {"title": "T", "kind": "survey", "introduction": "", "privacy_notice": ""}


def _banner(soup) -> str:  # type: ignore[no-untyped-def]
    banner = soup.select_one(".nhsuk-notification-banner--success")
    assert banner is not None, "no success banner"
    assert banner["role"] == "alert"
    return banner.get_text(" ", strip=True)


# --- success banners ------------------------------------------------------------------------


def test_saving_details_sections_and_questions_shows_a_success_banner(client) -> None:
    survey = make_survey(publish=False)
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}"
    saved = post_form(client, f"{url}/details", DETAILS)
    assert saved.status_code == 302
    assert "Details saved." in _banner(check_page(client.get(saved.location)))
    added = post_form(client, f"{url}/sections/new", {"title": "Your visit", "intro": "", "show_if": ""})
    assert "Section “Your visit” added." in _banner(check_page(client.get(added.location)))
    changed = post_form(client, f"{url}/sections/s1", {"title": "About you now", "intro": "", "show_if": ""})
    assert "Section “About you now” saved." in _banner(check_page(client.get(changed.location)))
    question = post_form(client, f"{url}/questions/why", {"text": "Why so?", "max_length": "100", "show_if": ""})
    assert question.status_code == 302, question.get_data(as_text=True)[:2000]
    assert "Question “Why so?” saved." in _banner(check_page(client.get(question.location)))
    # Shown once: the next page has no banner.
    assert check_page(client.get(url)).select_one(".nhsuk-notification-banner") is None


# --- the details form's dates ------------------------------------------------------------------


def test_details_dates_are_day_month_year_boxes_with_uk_examples(client) -> None:
    survey = make_survey(publish=False)
    sign_in(client, "lead")
    soup = check_page(client.get(f"{BASE}/{survey.id}/details"))
    assert not soup.select('input[type="date"]')
    for name in ("opens_on", "closes_on"):
        boxes = [i["name"] for i in soup.select(f'input[name^="{name}-"]')]
        assert boxes == [f"{name}-day", f"{name}-month", f"{name}-year"]
    hint = soup.select_one("#closes_on-hint").get_text(" ", strip=True)
    in_37_days = date.today() + timedelta(days=37)
    assert f"For example, {in_37_days.day} {in_37_days.month} {in_37_days.year}" in hint


def test_details_refuse_a_past_close_date_but_keep_one_already_set(client) -> None:
    survey = make_survey(publish=False)
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/details"
    past = date.today() - timedelta(days=3)
    typed = f"{past.day} {past.month} {past.year}"
    refused = check_page(post_form(client, url, {**DETAILS, **date_boxes("closes_on", typed)}), status=400)
    assert "The close date must be today or in the future" in refused.select_one(".nhsuk-error-summary").get_text()
    assert refused.select_one(".nhsuk-error-summary a")["href"] == "#closes_on-day"
    assert refused.select_one("#closes_on-day")["value"] == str(past.day)  # what was typed is kept
    # A survey that closed keeps its past close date when other details are saved.
    repository.update_details(repository.get(survey.id), None, closes_on=past)
    assert post_form(client, url, {**DETAILS, **date_boxes("closes_on", typed)}).status_code == 302
    tomorrow = date.today() + timedelta(days=1)
    later = {**date_boxes("opens_on", f"{tomorrow.day} {tomorrow.month} {tomorrow.year + 1}")}
    later |= date_boxes("closes_on", f"{tomorrow.day} {tomorrow.month} {tomorrow.year}")
    before_open = check_page(post_form(client, url, {**DETAILS, **later}), status=400)
    assert "must be the same as or after the open date" in before_open.get_text()


# --- preview ----------------------------------------------------------------------------


def _stored() -> tuple[int, int]:
    drafts = db.session.scalar(select(func.count()).select_from(AnswerDraft))
    responses = db.session.scalar(select(func.count()).select_from(Response))
    return drafts or 0, responses or 0


def _send(client, url: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """Post to a preview URL that has no page of its own, with a token from the preview start page."""
    token = csrf_token(client.get(url.split("/preview")[0] + "/preview"))
    return client.post(url, data={"csrf_token": token, **data})


def test_preview_a_draft_as_respondents_see_it_without_storing_anything(client) -> None:
    survey = make_survey(publish=False)
    sign_in(client, "viewer")
    url = f"{BASE}/{survey.id}/preview"
    start = check_page(client.get(url))
    assert start.h1.get_text(strip=True) == "Test survey"
    assert start.select_one(".toolkit-preview-notice") is not None
    assert start.select_one(".nhsuk-header__navigation") is None  # no staff menu, as respondents see it
    assert start.find("form")["action"] == f"{url}/start"
    begun = _send(client, f"{url}/start", {})
    assert begun.location.endswith(f"{url}/page/s1")
    page = check_page(client.get(begun.location))
    assert page.find("form")["action"].startswith(f"{url}/page/s1")
    assert "Page 1 of 2" in page.get_text()
    # The same checks as for respondents: a required answer left out is a 400 with the summary.
    assert post_form(client, f"{url}/page/s1", {}).status_code == 400
    after = post_form(client, f"{url}/page/s1", {"colour": "blue"})
    assert after.location.endswith(f"{url}/page/s2")
    to_check = post_form(client, f"{url}/page/s2", {"why": "", "age": "41"})
    assert to_check.location.endswith(f"{url}/check")
    check = check_page(client.get(to_check.location))
    assert "Blue" in check.get_text() and "41" in check.get_text()
    assert check.find("form")["action"] == f"{url}/check"
    sent = _send(client, f"{url}/check", {"submission_key": ""})
    done = check_page(client.get(sent.location))
    assert "PREVIEW" in done.get_text()
    assert _stored() == (0, 0)
    assert repository.get(survey.id).status == "draft"


def test_preview_in_each_of_the_surveys_languages(client) -> None:
    survey = make_survey(publish=False, translations={"pl": {"title": "Ankieta testowa"}})
    sign_in(client, "lead")
    overview = check_page(client.get(f"{BASE}/{survey.id}"))
    links = {a.get_text(strip=True): a["href"] for a in overview.find_all("a", href=True)}
    assert links["Preview"] == f"{BASE}/{survey.id}/preview?lang=en"
    assert links["Polski"] == f"{BASE}/{survey.id}/preview?lang=pl"
    polish = check_page(client.get(links["Polski"]))
    assert polish.h1.get_text(strip=True) == "Ankieta testowa"
    client.get(f"{BASE}/{survey.id}/preview?lang=en")


def test_preview_of_an_unknown_survey_is_404(client) -> None:
    sign_in(client, "viewer")
    assert client.get(f"{BASE}/999/preview").status_code == 404


def test_preview_the_easy_read_version_without_storing_anything(client) -> None:
    survey = make_survey(publish=False)
    sign_in(client, "lead")
    overview = check_page(client.get(f"{BASE}/{survey.id}"))
    url = f"{BASE}/{survey.id}/preview/easy-read"
    assert overview.find("a", href=f"{url}?lang=en") is not None
    start = check_page(client.get(url))
    assert start.find("form")["action"] == f"{url}/start"
    first = _send(client, f"{url}/start", {})
    assert first.location.endswith(f"{url}/questions/colour")
    page = check_page(client.get(first.location))
    assert page.find("form")["action"].startswith(f"{url}/questions/colour")
    assert post_form(client, f"{url}/questions/colour", {"colour": "red"}).location.endswith(f"{url}/questions/why")
    post_form(client, f"{url}/questions/why", {"why": ""})
    to_check = post_form(client, f"{url}/questions/age", {"age": "7"})
    assert to_check.location.endswith(f"{url}/check")
    check = check_page(client.get(to_check.location))
    assert "Red" in check.get_text()
    done = check_page(client.get(_send(client, f"{url}/check", {}).location))
    assert "PREVIEW" in done.get_text()
    assert _stored() == (0, 0)


# --- copying and templates ---------------------------------------------------------------------


def _audit(action: str, object_id: int) -> dict:  # type: ignore[type-arg]
    from toolkit.schema import AuditEvent

    event = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == action, AuditEvent.object_type == "survey", AuditEvent.object_id == object_id
        )
    ).one()
    return dict(event.detail or {})


def test_copy_a_survey_as_a_new_draft_with_or_without_translations(client) -> None:
    from surveys.easy_read import repository as images

    survey = make_survey(publish=False, translations={"pl": {"title": "Ankieta testowa"}})
    picture = images.add_image(survey.id, b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", "A face", None)
    definition = repository.definition_of(survey)
    first = definition.sections[0]
    with_picture = replace(first.questions[0], image_id=picture.id, image_alt="A face")
    repository.save_definition(
        survey,
        replace(definition, sections=(replace(first, questions=(with_picture,)), *definition.sections[1:])),
        None,
        "x",
    )
    sign_in(client, "lead")
    overview = check_page(client.get(f"{BASE}/{survey.id}"))
    assert overview.find("a", href=f"{BASE}/{survey.id}/copy") is not None
    page = check_page(client.get(f"{BASE}/{survey.id}/copy"))
    assert page.find("input", attrs={"name": "title"})["value"] == "Copy of Test survey"
    copied = post_form(client, f"{BASE}/{survey.id}/copy", {"title": "Second round", "slug": "second-round"})
    assert copied.status_code == 302
    assert "Copied “Test survey” as a new draft." in _banner(check_page(client.get(copied.location)))
    new = repository.get_by_slug("second-round")
    assert new is not None and new.status == "draft" and new.id != survey.id
    new_definition = repository.definition_of(new)
    assert new_definition.title == "Second round" and new_definition.translations == {}
    assert [q.id for q in new_definition.questions()] == [q.id for q in repository.definition_of(survey).questions()]
    new_picture = new_definition.question("colour").image_id
    assert new_picture is not None and new_picture != picture.id
    assert images.image_of(new.id, new_picture).alt_text == "A face"
    assert _audit("create", new.id)["copied_from"] == survey.id
    assert _audit("create", new.id)["with_translations"] is False
    kept = post_form(client, f"{BASE}/{survey.id}/copy", {"title": "Third", "slug": "", "with_translations": "y"})
    third = repository.get(int(kept.location.rsplit("/", 1)[1]))
    assert repository.definition_of(third).translations == {"pl": {"title": "Ankieta testowa"}}
    assert third.slug == "third"
    # The address is taken: a clear 400, nothing made.
    taken = check_page(post_form(client, f"{BASE}/{survey.id}/copy", {"title": "X", "slug": "test"}), status=400)
    assert "Another survey already uses that web address" in taken.get_text()


def test_a_viewer_cannot_copy(client) -> None:
    survey = make_survey()
    sign_in(client, "viewer")
    assert client.get(f"{BASE}/{survey.id}/copy").status_code == 403


def test_start_a_survey_from_each_template(client) -> None:
    from surveys.builder import starters

    sign_in(client, "lead")
    page = check_page(client.get(f"{BASE}/new"))
    offered = {i["value"] for i in page.select('input[name="start_from"]')}
    assert offered == {"", "gp-access", "service-change-consultation", "friends-and-family-test", "workshop-follow-up"}
    for key, starter in starters.STARTERS.items():
        made = post_form(client, f"{BASE}/new", {"title": f"Ours: {key}", "kind": starter.kind, "start_from": key})
        assert made.status_code == 302, made.get_data(as_text=True)[:1000]
        survey = repository.get(int(made.location.rsplit("/", 1)[1]))
        definition = repository.definition_of(survey)
        assert definition.title == f"Ours: {key}"
        assert [q.id for q in definition.questions()] == [q.id for q in starter.definition.questions()]
        assert _audit("create", survey.id)["template"] == key
    blank = post_form(client, f"{BASE}/new", {"title": "Blank", "kind": "survey", "start_from": ""})
    assert repository.definition_of(repository.get(int(blank.location.rsplit("/", 1)[1]))).sections == ()
    forged = post_form(client, f"{BASE}/new", {"title": "Forged", "kind": "survey", "start_from": "../etc"})
    assert forged.status_code == 400


# --- the web address ---------------------------------------------------------------------------


def test_change_a_drafts_web_address_lets_the_old_one_go(client) -> None:
    survey = make_survey(publish=False)
    sign_in(client, "lead")
    overview = check_page(client.get(f"{BASE}/{survey.id}"))
    assert overview.find("a", href=f"{BASE}/{survey.id}/address") is not None
    changed = post_form(client, f"{BASE}/{survey.id}/address", {"slug": "New-Name"})
    assert changed.status_code == 302
    assert "The web address is now /s/new-name." in _banner(check_page(client.get(changed.location)))
    assert repository.get(survey.id).slug == "new-name"
    assert repository.by_old_slug("test") is None and not repository.slug_taken("test")
    assert _audit("change_address", survey.id)["old_address_redirects"] is False


def test_a_live_surveys_old_address_and_channel_links_redirect_to_the_new_one(client) -> None:
    survey = make_survey()
    channel = repository.channels(survey.id)[0]
    sign_in(client, "lead")
    assert post_form(client, f"{BASE}/{survey.id}/address", {"slug": "gp-2027"}).status_code == 302
    for old, new in (
        ("/s/test", "/s/gp-2027"),
        ("/s/test?lang=pl", "/s/gp-2027?lang=pl"),
        ("/s/test/easy-read", "/s/gp-2027/easy-read"),
        ("/s/test/page/s1", "/s/gp-2027/page/s1"),
    ):
        moved = client.get(old)
        assert moved.status_code == 301, old
        assert moved.location == new
    token = csrf_token(client.get("/s/gp-2027"))
    posted = client.post("/s/test/start", data={"csrf_token": token})
    assert (posted.status_code, posted.location) == (308, "/s/gp-2027/start")  # a form keeps its method
    assert client.get(f"/c/{channel.code}").location == "/s/gp-2027"  # QR codes carry the channel link
    check_page(client.get("/s/gp-2027"))
    assert client.get("/s/never-was").status_code == 404
    # Another survey cannot take the old address while it redirects.
    other = make_survey("other")
    refused = check_page(post_form(client, f"{BASE}/{other.id}/address", {"slug": "test"}), status=400)
    assert "Another survey uses or used that web address" in refused.get_text()
    # Going back to the old address is allowed, and then the new one redirects instead.
    assert post_form(client, f"{BASE}/{survey.id}/address", {"slug": "test"}).status_code == 302
    assert client.get("/s/gp-2027").location == "/s/test"
    assert client.get("/s/test").status_code == 200


def test_bad_web_addresses_are_400(client) -> None:
    survey = make_survey(publish=False)
    sign_in(client, "lead")
    for bad in ("", "a", "no spaces", "x" * 61, "Ünïcode"):
        page = check_page(post_form(client, f"{BASE}/{survey.id}/address", {"slug": bad}), status=400)
        assert page.select_one(".nhsuk-error-summary") is not None
    assert repository.get(survey.id).slug == "test"


# --- contact details ---------------------------------------------------------------------------

CONTACTS = {
    "contact_email": "engage@example.nhs.uk",
    "contact_phone": "0300 123 4567",
    "contact_text_relay": "18001 0300 123 4567",
    "contact_address": "Engagement team\nFreepost ICB\nPreston",
}


def _set_contacts(client, survey) -> None:  # type: ignore[no-untyped-def]
    saved = post_form(client, f"{BASE}/{survey.id}/details", {**DETAILS, "title": "Test survey", **CONTACTS})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]


def _contact_text(soup) -> str:  # type: ignore[no-untyped-def]
    block = soup.select_one(".toolkit-contact")
    assert block is not None, "no contact details"
    return block.get_text(" ", strip=True)


def _answer_and_send(client) -> str:  # type: ignore[no-untyped-def]
    """Answer the test survey as a respondent and send it; the thank-you page's address."""
    start = client.get("/s/test")
    client.post("/s/test/start", data={"csrf_token": csrf_token(start)})
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {})
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    sent = client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert sent.status_code == 302
    return str(sent.location)


def test_contact_details_on_the_start_thank_you_and_easy_read_pages(app, client) -> None:
    survey = make_survey()
    sign_in(client, "lead")
    _set_contacts(client, survey)
    stored = repository.get(survey.id)
    assert (stored.contact_email, stored.contact_address) == ("engage@example.nhs.uk", CONTACTS["contact_address"])
    form = check_page(client.get(f"{BASE}/{survey.id}/details"))
    assert form.find("input", attrs={"name": "contact_phone"})["value"] == "0300 123 4567"
    client = app.test_client()  # a respondent
    start = check_page(client.get("/s/test"))
    text = _contact_text(start)
    for value in ("engage@example.nhs.uk", "0300 123 4567", "18001 0300 123 4567", "Freepost ICB"):
        assert value in text
    assert start.find("a", href="mailto:engage@example.nhs.uk") is not None
    assert start.find("a", href="tel:03001234567") is not None
    assert "Freepost ICB" in _contact_text(check_page(client.get("/s/test/easy-read")))
    # Answer and send: the thank-you page says how to ask about the answers.
    done = check_page(client.get(_answer_and_send(client)))
    words = done.get_text(" ", strip=True)
    assert "Keep your reference if you want to ask us about your answers." in words
    assert words.index("if you want to ask us") < words.index("engage@example.nhs.uk")


def test_without_contact_details_the_thank_you_page_does_not_promise_them(client) -> None:
    survey = make_survey()
    assert survey.contact_email == ""
    done = check_page(client.get(_answer_and_send(client)))
    assert "if you want to ask us" not in done.get_text()
    assert done.select_one(".toolkit-contact") is None


def test_contact_details_on_the_poster_and_paper_copy(client) -> None:
    from tests.helpers import pdf_text

    survey = make_survey()
    sign_in(client, "lead")
    _set_contacts(client, survey)
    channel = repository.channels(survey.id)[0]
    poster = client.get(f"{BASE}/{survey.id}/channels/{channel.id}/poster.pdf")
    assert poster.status_code == 200
    poster_words = " ".join(pdf_text(poster.data).split())
    assert "engage@example.nhs.uk" in poster_words and "0300 123 4567" in poster_words
    printed = client.get(f"{BASE}/{survey.id}/print/standard.pdf?lang=en")
    assert printed.status_code == 200
    printed_words = " ".join(pdf_text(printed.data).split())
    assert "engage@example.nhs.uk" in printed_words and "18001 0300 123 4567" in printed_words


def test_contact_details_are_checked(client) -> None:
    survey = make_survey()
    sign_in(client, "lead")
    url = f"{BASE}/{survey.id}/details"
    for bad, message in (
        ({"contact_email": "not an email"}, "Enter an email address like"),
        ({"contact_phone": "call me"}, "Enter a phone number"),
        ({"contact_address": "x" * 501}, "Postal address must be 500 characters or fewer"),
    ):
        page = check_page(post_form(client, url, {**DETAILS, **bad}), status=400)
        assert message in page.select_one(".nhsuk-error-summary").get_text()
