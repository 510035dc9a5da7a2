"""Paper: print-ready PDFs whose text holds every question, references issued per copy,
posters, keying returned copies, and double keying with a supervisor settling mismatches."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from surveys import repository
from surveys.easy_read import repository as images
from surveys.easy_read.repository import EasyReadChange
from surveys.model import Condition, Option, Question, Section
from surveys.paper import repository as paper_repository
from surveys.translations import model as translation
from tests.conftest import skip_or_fail
from tests.helpers import PASSWORD, check_page, csrf_token, make_survey, make_user, post_form, sign_in
from tests.pdfua import pdf_ua_problems
from toolkit import db
from toolkit.schema import AuditEvent, PaperCopy, PaperEntry, PaperSettlement, Response

REFERENCE = re.compile(r"P-[A-Z2-9]{4}-[A-Z2-9]{4}")


def pdf_text(content: bytes, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    result = subprocess.run(["pdftotext", *options, "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def sections():
    return (
        Section(
            "s1",
            "About your visit",
            questions=(
                Question(
                    "used",
                    "single_choice",
                    "When did you last use the walk-in centre?",
                    options=(Option("month", "In the last month"), Option("never", "Never")),
                    easy_read_text="When did you last go?",
                ),
                Question(
                    "rating",
                    "rating",
                    "How would you rate your last visit?",
                    easy_read_text="How was your visit?",
                    easy_read_scale="smiley",
                ),
            ),
        ),
        Section(
            "s2",
            "Ideas",
            questions=(
                Question(
                    "matters",
                    "multiple_choice",
                    "What matters most to you?",
                    options=(Option("near", "Being near"), Option("fast", "Being quick")),
                    allow_other=True,
                ),
                Question("ideas", "long_text", "Is there anything else you would like to tell us?"),
            ),
        ),
    )


def paper_survey(slug="paper", publish=True):
    survey = make_survey(slug, publish=False, sections=sections())
    repository.update_details(survey, None, closes_on=date(2031, 3, 31))
    if publish:
        repository.publish(survey, None)
    return repository.get(survey.id)


def print_copies(client, survey, variant="standard", copies=1, lang="en"):
    """Numbered copies as the paper page's print form makes them: a POST with its CSRF token."""
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}/paper"))
    data = {"csrf_token": token, "copies": str(copies), "lang": lang}
    return client.post(f"/staff/surveys/{survey.id}/print/{variant}.pdf", data=data)


# --- PDFs ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["standard", "large-print", "easy-read"])
def test_each_pdf_holds_every_question_a_reference_and_the_return_address(client, app, variant):
    app.config["FREEPOST_ADDRESS"] = "Freepost RTKA-BCDE\nEngagement Team\nChorley PR7 1AA"
    survey = paper_survey()
    sign_in(client, "facilitator")
    response = print_copies(client, survey, variant)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    text = flat(pdf_text(response.data))
    for question in repository.definition_of(survey).questions():
        expected = question.easy_read_text or question.text if variant == "easy-read" else question.text
        assert expected in text, f"{expected!r} missing from the {variant} PDF"
    references = set(REFERENCE.findall(text))
    printed = db.session.scalars(select(PaperCopy)).one()
    assert references == {printed.reference}
    assert (printed.variant, printed.language) == (variant, "en")
    assert "Freepost RTKA-BCDE" in text and "You do not need a stamp." in text
    assert "31 March 2031" in text


def test_a_routing_instruction_names_every_answer_of_an_any_of_these_condition(client):
    first, second = sections()
    used = first.questions[0]
    options = (*used.options, Option("year", "In the last year"))
    routed = replace(first.questions[1], show_if=Condition("used", "month", any_of=("never", "year")))
    first = replace(first, questions=(replace(used, options=options), routed))
    survey = make_survey("routed-paper", sections=(first, second))
    sign_in(client, "facilitator")
    response = print_copies(client, survey)
    assert response.status_code == 200
    text = flat(pdf_text(response.data))
    assert "Only answer this if you answered “In the last month”, “Never” or “In the last year” to question 1." in text


def word_heights(content: bytes, word: str) -> list[float]:
    html = pdf_text(content, "-bbox")
    boxes = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)
    return [float(y2) - float(y1) for y1, y2, text in boxes if text == word]


def test_large_print_body_text_is_at_least_16_point(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    standard = client.get(f"/staff/surveys/{survey.id}/print/standard.pdf").data
    large = client.get(f"/staff/surveys/{survey.id}/print/large-print.pdf").data
    # pdftotext's word box is the font's ascent to descent: about 1.36 times the point size in Noto Sans.
    assert min(word_heights(large, "Never")) >= 16 * 1.3
    assert max(word_heights(standard, "Never")) < 16 * 1.3


def test_copies_each_get_their_own_recorded_reference(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    response = print_copies(client, survey, copies=3)
    text = pdf_text(response.data)
    printed = set(db.session.scalars(select(PaperCopy.reference)))
    assert len(printed) == 3 and set(REFERENCE.findall(text)) == printed
    assert text.count("When did you last use the walk-in centre?") == 3
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "print_copies")).one()
    assert audit.detail["count"] == 3


def test_more_copies_than_the_old_cap_each_get_their_own_reference_on_every_page(app, client):
    # Made in the request here, to read the PDF back; above the setting it is made on the queue
    # (tests/views/test_print_runs.py), the same function either way.
    app.config["PRINT_JOB_ABOVE_COPIES"] = 500
    survey = paper_survey()
    sign_in(client, "facilitator")
    one = print_copies(client, survey).data
    pages_per_copy = pdf_text(one).count("\f")
    response = print_copies(client, survey, copies=120)
    assert response.status_code == 200
    pages = pdf_text(response.data).split("\f")[:-1]
    assert len(pages) == 120 * pages_per_copy
    printed = db.session.scalars(select(PaperCopy.reference)).all()
    assert len(set(printed)) == 121
    on_pages = [set(REFERENCE.findall(page)) for page in pages]
    assert all(len(found) == 1 for found in on_pages)  # the footer of every page names its copy
    by_copy = [on_pages[i : i + pages_per_copy] for i in range(0, len(pages), pages_per_copy)]
    references = [found[0] for found in by_copy]
    assert all(len(set().union(*found)) == 1 for found in by_copy) and len(set().union(*references)) == 120
    assert "P-0000-0000" not in "".join(pages)


def test_too_many_copies_says_why_and_what_to_do(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    refused = print_copies(client, survey, copies=501)
    assert refused.status_code == 400
    assert "For more, make another PDF" in flat(refused.get_data(as_text=True))
    assert db.session.scalar(select(func.count()).select_from(PaperCopy)) == 0


def test_the_print_form_posts_and_downloads_numbered_copies(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    page = check_page(client.get(f"/staff/surveys/{survey.id}/paper"))
    form = page.find("form", action=f"/staff/surveys/{survey.id}/print")
    assert form is not None and form["method"] == "post" and form.find("input", attrs={"name": "csrf_token"})
    assert "Up to 500 in one PDF." in page.find(id="copies-hint").get_text()
    token = page.find("input", attrs={"name": "csrf_token"})["value"]
    data = {"csrf_token": token, "variant": "large-print", "language": "en", "copies": "2"}
    response = client.post(f"/staff/surveys/{survey.id}/print", data=data)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(set(REFERENCE.findall(pdf_text(response.data)))) == 2
    assert db.session.scalar(select(func.count()).select_from(PaperCopy)) == 2
    too_many = client.post(f"/staff/surveys/{survey.id}/print", data={**data, "copies": "501"})
    bad = check_page(too_many, status=400)
    assert "between 1 and 500 copies at a time. For more, make another PDF" in bad.find(
        class_="nhsuk-error-summary"
    ).get_text(" ", strip=True)
    assert db.session.scalar(select(func.count()).select_from(PaperCopy)) == 2


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/print/standard.pdf?copies=0", 400),
        ("/print/standard.pdf?copies=lots", 400),
        ("/print/standard.pdf?copies=501", 400),
        ("/print/standard.pdf?lang=xx", 400),
        ("/print/poster.pdf", 404),
    ],
)
def test_bad_print_requests_are_clear_4xx(client, url, status):
    survey = paper_survey()
    sign_in(client, "facilitator")
    assert client.get(f"/staff/surveys/{survey.id}{url}").status_code == status
    assert db.session.scalar(select(func.count()).select_from(PaperCopy)) == 0


def test_a_translated_pdf_is_in_that_language(client):
    survey = paper_survey(publish=False)
    definition = repository.definition_of(survey)
    strings = {key: f"[pl] {text}" for key, text in translation.translatable_strings(definition).items()}
    strings |= {"title": "Ankieta", "question.used.text": "Kiedy ostatnio byłeś w centrum?"}
    definition = replace(definition, translations={"pl": strings})
    repository.save_definition(survey, definition, None, "test")
    repository.publish(survey, None)
    sign_in(client, "facilitator")
    text = flat(pdf_text(print_copies(client, survey, lang="pl").data))
    assert "Kiedy ostatnio byłeś w centrum?" in text and "Ankieta" in text
    assert db.session.scalars(select(PaperCopy)).one().language == "pl"
    sample = flat(pdf_text(client.get(f"/staff/surveys/{survey.id}/print/standard.pdf?lang=pl").data))
    assert "Kiedy ostatnio byłeś w centrum?" in sample
    with client.session_transaction() as session:
        assert "lang" not in session  # printing in Polish leaves the staff member's own language alone


def urdu_survey_with_a_picture():
    """Published in English and Urdu, with a picture on the first question's easy-read version."""
    survey = paper_survey(publish=False)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    change = EasyReadChange("used", "When did you last go?", "", "A walk-in centre", buffer.getvalue(), "image/png")
    images.save_easy_read(survey, repository.definition_of(survey), change, None)
    definition = repository.definition_of(survey)
    strings = {key: f"آپ کی رائے {text}" for key, text in translation.translatable_strings(definition).items()}
    repository.save_definition(survey, replace(definition, translations={"ur": strings}), None, "test")
    repository.publish(survey, None)
    return repository.get(survey.id)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_pdf_meets_what_can_be_checked_of_pdf_ua(client, language):
    survey = urdu_survey_with_a_picture()
    channel = repository.add_channel(survey, "Pharmacy bag", None)
    sign_in(client, "facilitator")
    for variant in ("standard", "large-print", "easy-read"):
        content = print_copies(client, survey, variant, copies=2, lang=language).data
        assert pdf_ua_problems(content, language) == [], variant
        text = pdf_text(content)
        assert len(set(REFERENCE.findall(text))) == 2 and "0000" not in text
    poster = client.get(f"/staff/surveys/{survey.id}/channels/{channel.id}/poster.pdf?lang={language}").data
    assert pdf_ua_problems(poster, language) == []


def test_a_draft_survey_prints_an_unnumbered_draft(client):
    survey = paper_survey(publish=False)
    sign_in(client, "facilitator")
    text = pdf_text(print_copies(client, survey, copies=5).data)
    assert "Draft: not for use" in text and not REFERENCE.search(text)
    assert db.session.scalar(select(func.count()).select_from(PaperCopy)) == 0


def test_viewers_cannot_print_numbered_copies(client):
    survey = paper_survey()
    sign_in(client, "viewer")
    assert client.get(f"/staff/surveys/{survey.id}/print/standard.pdf").status_code == 403
    check_page(client.get(f"/staff/surveys/{survey.id}/paper"))


def test_poster_has_the_short_link_and_closing_date(client, app):
    app.config["PUBLIC_BASE_URL"] = "https://have-your-say.example.org"
    survey = paper_survey()
    channel = repository.add_channel(survey, "Pharmacy bag", None)
    sign_in(client, "viewer")
    response = client.get(f"/staff/surveys/{survey.id}/channels/{channel.id}/poster.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = flat(pdf_text(response.data))
    assert f"have-your-say.example.org/c/{channel.code}" in text.replace(" ", "")
    assert "Closes on 31 March 2031" in text and "Test survey" in text
    assert client.get(f"/staff/surveys/{survey.id}/channels/999/poster.pdf").status_code == 404


# --- keying returned copies ----------------------------------------------------------------------------------


def issue(survey, count=1):
    version = repository.latest_version(survey.id)
    return paper_repository.issue_copies(survey.id, version.id, "standard", "en", count, None)


def key(client, survey, reference, **answers):
    return post_form(client, f"/staff/surveys/{survey.id}/paper/enter", {"paper-reference": reference, **answers})


def test_keying_a_copy_saves_a_paper_response_with_the_copy_reference(client):
    survey = paper_survey()
    (reference,) = issue(survey)
    sign_in(client, "facilitator")
    form = check_page(client.get(f"/staff/surveys/{survey.id}/paper/enter"))
    names = [tag["name"] for tag in form.find_all(["input", "textarea"]) if tag.get("name") != "csrf_token"]
    assert names[0] == "paper-reference"
    assert "1. When did you last use the walk-in centre?" in form.get_text()
    saved = key(
        client,
        survey,
        reference.lower().replace("-", " "),
        used="never",
        rating="5",
        matters=["near", "other"],
        matters__other="Parking",
        ideas="Open later",
    )
    assert saved.status_code == 302
    response = db.session.scalars(select(Response)).one()
    assert response.reference == reference
    assert response.answers == {
        "used": "never",
        "rating": 5,
        "matters": ["near", "other"],
        "matters__other": "Parking",
        "ideas": "Open later",
    }
    assert repository.channel_by_name(survey.id, "paper").id == response.channel_id
    assert db.session.scalars(select(PaperEntry)).one().answers == response.answers
    assert "saved as a response" in check_page(client.get(f"/staff/surveys/{survey.id}/paper/enter")).get_text()


def test_a_reference_already_entered_is_refused(client):
    survey = paper_survey()
    (reference,) = issue(survey)
    sign_in(client, "facilitator")
    key(client, survey, reference, used="month")
    again = check_page(key(client, survey, reference, used="never"), status=400)
    assert f"Copy {reference} has already been entered." in again.find(class_="nhsuk-error-summary").get_text()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 1
    assert db.session.scalar(select(func.count()).select_from(PaperEntry)) == 1


@pytest.mark.parametrize("typed", ["", "P-ABCD-EFGH", "nonsense"])
def test_a_reference_not_printed_for_this_survey_is_refused(client, typed):
    survey = paper_survey()
    other = paper_survey("other")
    (elsewhere,) = issue(other)
    sign_in(client, "facilitator")
    for reference in (typed, elsewhere):
        soup = check_page(key(client, survey, reference, used="month"), status=400)
        assert soup.find(class_="nhsuk-error-summary") is not None
    assert db.session.scalar(select(func.count()).select_from(PaperEntry)) == 0


def test_viewers_cannot_key_and_unpublished_surveys_cannot_be_keyed(client):
    survey = paper_survey()
    draft = paper_survey("draft-one", publish=False)
    sign_in(client, "viewer")
    assert client.get(f"/staff/surveys/{survey.id}/paper/enter").status_code == 403
    client.get("/staff/sign-out")
    other = make_user("facilitator", "keyer@example.org")
    post_form(client, "/staff/sign-in", {"email": other.email, "password": PASSWORD})
    assert client.get(f"/staff/surveys/{draft.id}/paper/enter").status_code == 409


def second_keyer(app):
    """A second member of staff, signed in on their own browser."""
    user = make_user("facilitator", "second-keyer@example.org")
    other = app.test_client()
    response = post_form(other, "/staff/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return other


def test_double_keying_catches_a_mismatch_that_a_supervisor_settles_and_nothing_is_lost(client, app):
    survey = paper_survey()
    (reference,) = issue(survey)
    lead = sign_in(client, "lead")
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}/paper"))
    changed = client.post(
        f"/staff/surveys/{survey.id}/paper/settings", data={"csrf_token": token, "double_keying": "y"}
    )
    assert changed.status_code == 302
    assert paper_repository.double_keying(survey.id)

    first = key(client, survey, reference, used="month", rating="4", matters=["near"], ideas="Buses")
    assert first.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
    assert "Someone else should now key it" in client.get(first.location).get_data(as_text=True)

    other = second_keyer(app)
    second = key(other, survey, reference, used="month", rating="2", matters=["near"], ideas="Buses")
    assert second.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0

    listing = check_page(client.get(f"/staff/surveys/{survey.id}/paper/mismatches"))
    assert reference in listing.get_text()
    assert paper_repository.counts(survey.id).mismatches == 1
    third = check_page(key(other, survey, reference, used="never"), status=400)
    assert "keyed twice already" in third.get_text()

    settle_url = f"/staff/surveys/{survey.id}/paper/mismatches/{reference}"
    page = check_page(client.get(settle_url))
    assert [legend.get_text(strip=True) for legend in page.find_all("legend")] == [
        "How would you rate your last visit?"
    ]
    labels = [label.get_text(strip=True) for label in page.select(".nhsuk-radios__label")]
    assert labels == ["First keying: 4", "Second keying: 2", "Neither: leave it unanswered"]
    assert check_page(post_form(client, settle_url, {}), status=400).find(class_="nhsuk-error-summary")
    settled = post_form(client, settle_url, {"rating": "2"})
    assert settled.status_code == 302

    response = db.session.scalars(select(Response)).one()
    assert response.reference == reference
    assert response.answers == {"used": "month", "rating": 2, "matters": ["near"], "ideas": "Buses"}
    keyings = db.session.scalars(select(PaperEntry).order_by(PaperEntry.keying)).all()
    assert [k.answers["rating"] for k in keyings] == [4, 2]
    assert keyings[0].staff_user_id == lead.id and keyings[1].staff_user_id != lead.id
    settlement = db.session.scalars(select(PaperSettlement)).one()
    assert settlement.choices == {"rating": "2"} and settlement.settled_by == lead.id
    assert paper_repository.mismatches(survey.id) == []
    assert client.get(settle_url).status_code == 404


def test_double_keying_that_agrees_saves_the_response(client, app):
    survey = paper_survey()
    (reference,) = issue(survey)
    sign_in(client, "lead")
    paper_repository.set_double_keying(survey.id, True, None)
    key(client, survey, reference, used="never", matters=["fast", "near"])
    assert paper_repository.counts(survey.id).waiting == 1
    key(second_keyer(app), survey, reference, used="never", matters=["fast", "near"])
    assert db.session.scalars(select(Response)).one().answers == {"used": "never", "matters": ["fast", "near"]}
    assert db.session.scalar(select(func.count()).select_from(PaperEntry)) == 2
    counts = paper_repository.counts(survey.id)
    assert (counts.printed, counts.entered, counts.waiting, counts.mismatches) == (1, 1, 0, 0)


def test_only_leads_settle(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    assert client.get(f"/staff/surveys/{survey.id}/paper/mismatches").status_code == 403
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}/paper/enter"))
    refused = client.post(
        f"/staff/surveys/{survey.id}/paper/settings", data={"csrf_token": token, "double_keying": "y"}
    )
    assert refused.status_code == 403
    assert not paper_repository.double_keying(survey.id)


def test_paper_page_for_a_lead_lists_everything(client):
    survey = paper_survey()
    sign_in(client, "lead")
    soup = check_page(client.get(f"/staff/surveys/{survey.id}/paper"))
    links = {a["href"] for a in soup.find_all("a", href=True)}
    for expected in (
        f"/staff/surveys/{survey.id}/print/standard.pdf?lang=en",
        f"/staff/surveys/{survey.id}/print/large-print.pdf?lang=en",
        f"/staff/surveys/{survey.id}/print/easy-read.pdf?lang=en",
        f"/staff/surveys/{survey.id}/paper/enter",
        f"/staff/surveys/{survey.id}/paper/mismatches",
        f"/staff/surveys/{survey.id}/easy-read",
    ):
        assert expected in links
    assert any(link.endswith("/poster.pdf") for link in links)


# --- copies printed from an earlier version -------------------------------------------------------------------


def printed_references(client, survey, copies=1):
    response = print_copies(client, survey, copies=copies)
    assert response.status_code == 200
    return list(dict.fromkeys(REFERENCE.findall(pdf_text(response.data))))  # each also in its footers


def republish_with_new_questions(survey):
    """Version 2: the first question reworded, the long-text question replaced by a yes/no one."""
    definition = repository.definition_of(survey)
    first, second = definition.sections
    used = replace(first.questions[0], text="How recently did you visit?")
    second = replace(second, questions=(second.questions[0], Question("parking", "yes_no", "Could you park?")))
    definition = replace(definition, sections=(replace(first, questions=(used, *first.questions[1:])), second))
    repository.save_definition(survey, definition, None, "test")
    return repository.publish(survey, None)


def hidden_version(page):
    return page.find("input", attrs={"name": "paper-version"})["value"]


def page_token(page):
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def key_as_shown(client, survey, reference, **answers):
    """Key a copy as a person at a browser does: the form's hidden version field goes back with the answers."""
    url = f"/staff/surveys/{survey.id}/paper/enter"
    page = check_page(client.get(url))
    data = {"csrf_token": page_token(page), "paper-version": hidden_version(page), "paper-reference": reference}
    return client.post(url, data={**data, **answers})


def test_a_copy_printed_before_republishing_is_keyed_against_its_own_version(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    (old_copy,) = printed_references(client, survey)
    first_version = repository.latest_version(survey.id)
    second_version = republish_with_new_questions(survey)
    (new_copy,) = printed_references(client, survey)
    new_text = flat(pdf_text(client.get(f"/staff/surveys/{survey.id}/print/standard.pdf").data))
    assert "How recently did you visit?" in new_text and "Could you park?" in new_text

    # The form shows version 2; saving a version 1 copy shows version 1's questions instead, saving nothing.
    shown = check_page(key_as_shown(client, survey, old_copy, used="never", ideas="Open later"), status=400)
    summary = shown.find(class_="nhsuk-error-summary").get_text()
    assert f"Copy {old_copy} was printed from version 1 of the survey." in summary
    text = shown.get_text()
    assert "1. When did you last use the walk-in centre?" in text and "Is there anything else" in text
    assert "Could you park?" not in text
    assert hidden_version(shown) == "1"
    assert shown.find("textarea", attrs={"name": "ideas"}).get_text() == "Open later"  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(PaperEntry)) == 0

    data = {"csrf_token": page_token(shown), "paper-version": "1", "paper-reference": old_copy}
    saved = client.post(f"/staff/surveys/{survey.id}/paper/enter", data={**data, "used": "never", "ideas": "Open late"})
    assert saved.status_code == 302
    old_response = paper_repository.response_for(old_copy)
    assert old_response.version_id == first_version.id
    assert old_response.answers == {"used": "never", "ideas": "Open late"}

    assert key_as_shown(client, survey, new_copy, used="month", parking="yes").status_code == 302
    new_response = paper_repository.response_for(new_copy)
    assert new_response.version_id == second_version.id
    assert new_response.answers == {"used": "month", "parking": "yes"}

    again = check_page(key_as_shown(client, survey, old_copy, used="month"), status=400)
    assert f"Copy {old_copy} has already been entered." in again.find(class_="nhsuk-error-summary").get_text()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2


def test_a_form_opened_before_republishing_still_keys_the_copy_it_showed(client):
    survey = paper_survey()
    sign_in(client, "facilitator")
    (old_copy,) = printed_references(client, survey)
    url = f"/staff/surveys/{survey.id}/paper/enter"
    stale = check_page(client.get(url))
    second_version = republish_with_new_questions(survey)
    (new_copy,) = printed_references(client, survey)
    data = {"csrf_token": page_token(stale), "paper-version": hidden_version(stale)}
    assert client.post(url, data={**data, "paper-reference": old_copy, "ideas": "Buses"}).status_code == 302
    assert paper_repository.response_for(old_copy).answers == {"ideas": "Buses"}
    refused = check_page(client.post(url, data={**data, "paper-reference": new_copy, "ideas": "Buses"}), status=400)
    assert f"printed from version {second_version.number}" in refused.find(class_="nhsuk-error-summary").get_text()
    assert paper_repository.response_for(new_copy) is None


def test_double_keying_a_copy_from_an_earlier_version_compares_its_own_questions(client, app):
    survey = paper_survey()
    sign_in(client, "lead")
    paper_repository.set_double_keying(survey.id, True, None)
    (old_copy, other_copy) = printed_references(client, survey, copies=2)
    first_version = repository.latest_version(survey.id)
    assert key_as_shown(client, survey, old_copy, used="month", ideas="Buses").status_code == 302
    republish_with_new_questions(survey)

    second = second_keyer(app)
    shown = check_page(key_as_shown(second, survey, old_copy, used="month", ideas="Buses"), status=400)
    data = {"csrf_token": page_token(shown), "paper-version": hidden_version(shown), "paper-reference": old_copy}
    agreed = second.post(f"/staff/surveys/{survey.id}/paper/enter", data={**data, "used": "month", "ideas": "Buses"})
    assert agreed.status_code == 302
    response = paper_repository.response_for(old_copy)
    assert response.version_id == first_version.id and response.answers == {"used": "month", "ideas": "Buses"}

    # Two keyings of a version 1 copy that differ in a question version 2 dropped are settled on version 1's.
    key(client, survey, other_copy, ideas="Buses")
    key(second, survey, other_copy, ideas="Trains")
    (item,) = paper_repository.mismatches(survey.id)
    assert (item.reference, item.differing) == (other_copy, ["ideas"])
    settle_url = f"/staff/surveys/{survey.id}/paper/mismatches/{other_copy}"
    assert post_form(client, settle_url, {"ideas": "2"}).status_code == 302
    settled = paper_repository.response_for(other_copy)
    assert settled.version_id == first_version.id and settled.answers == {"ideas": "Trains"}
