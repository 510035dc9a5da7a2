"""The easy-read version: one question per page, pictures, smiley faces, the same draft and
submit path as the standard version; and the staff page for easy-read wording and pictures."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from PIL import Image
from sqlalchemy import select

from surveys import repository
from surveys.easy_read import repository as images
from surveys.model import Condition, Option, Question, Section
from surveys.translations import model as translation
from tests.helpers import check_page, csrf_token, lang_of, make_definition, make_survey, post_form, sign_in
from tests.unit.surveys.test_printing import pdf_text
from toolkit import db
from toolkit.schema import Response, SurveyImage

PNG = b"\x89PNG\r\n\x1a\n"


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return buffer.getvalue()


def sections(image_id=None):
    return (
        Section(
            "s1",
            "Using the service",
            questions=(
                Question(
                    "used",
                    "single_choice",
                    "When did you most recently attend the walk-in centre?",
                    required=True,
                    options=(Option("month", "In the last month"), Option("never", "Never")),
                    easy_read_text="When did you last go to the walk-in centre?",
                    image_id=image_id,
                    image_alt="A health centre",
                ),
            ),
        ),
        Section(
            "s2",
            "Your visit",
            show_if=Condition("used", "month"),
            questions=(
                Question(
                    "rating",
                    "rating",
                    "How would you rate your last visit?",
                    scale_max_label="Very good",
                    easy_read_text="How was your visit?",
                    easy_read_scale="smiley",
                ),
            ),
        ),
        Section(
            "s3",
            "More",
            questions=(
                Question("phone", "yes_no", "Would you telephone first?", easy_read_text="Would you phone first?"),
                Question("ideas", "long_text", "Anything else?", max_length=200),
            ),
        ),
    )


def easy_survey(slug="easy", with_picture=True):
    survey = make_survey(slug, publish=False, sections=sections())
    if with_picture:
        image = images.add_image(survey.id, png(), "image/png", "A health centre", None)
        definition = replace(repository.definition_of(survey), sections=sections(image.id))
        repository.save_definition(survey, definition, None, "test")
    repository.publish(survey, None)
    return survey


def begin(client, slug="easy"):
    start = client.get(f"/s/{slug}/easy-read")
    check_page(start)
    return client.post(f"/s/{slug}/easy-read/start", data={"csrf_token": csrf_token(start)})


def test_start_page_is_easy_read_and_the_standard_start_page_links_to_it(client):
    easy_survey()
    soup = check_page(client.get("/s/easy/easy-read"))
    text = soup.get_text()
    assert "There are up to 4 questions." in text and "one question on each page" in text
    standard = check_page(client.get("/s/easy"))
    assert standard.find("a", href="/s/easy/easy-read") is not None


def test_standard_start_page_has_no_easy_read_link_without_easy_wording(client):
    make_survey()
    assert check_page(client.get("/s/test")).find("a", href="/s/test/easy-read") is None


def test_whole_easy_read_path_saves_one_response_like_the_standard_path(client):
    survey = easy_survey()
    first = begin(client)
    assert first.location.endswith("/s/easy/easy-read/questions/used")
    page = check_page(client.get("/s/easy/easy-read/questions/used"))
    assert page.h1.get_text(strip=True) == "When did you last go to the walk-in centre?"
    assert "Question 1 of up to 4" in page.get_text()
    picture = page.find("img", class_="toolkit-easy-read__picture")
    assert picture["alt"] == "A health centre" and picture["src"].startswith("/s/easy/easy-read/pictures/")

    response = post_form(client, "/s/easy/easy-read/questions/used", {"used": "month"})
    assert response.location.endswith("/s/easy/easy-read/questions/rating")
    smileys = check_page(client.get("/s/easy/easy-read/questions/rating"))
    assert "Question 2 of up to 4" in smileys.get_text()
    labels = [label.get_text(" ", strip=True) for label in smileys.select(".nhsuk-radios__label")]
    assert labels == ["Very bad", "Bad", "OK", "Good", "Very good"]
    assert len(smileys.select("input[type=radio][name=rating]")) == 5
    assert all(svg["aria-hidden"] == "true" for svg in smileys.select("svg.toolkit-face"))

    post_form(client, "/s/easy/easy-read/questions/rating", {"rating": "4"})
    yes_no = check_page(client.get("/s/easy/easy-read/questions/phone"))
    assert [label.get_text(strip=True) for label in yes_no.select(".nhsuk-radios__label")] == ["Yes", "No"]
    post_form(client, "/s/easy/easy-read/questions/phone", {"phone": "yes"})
    done = post_form(client, "/s/easy/easy-read/questions/ideas", {"ideas": "More buses"})
    assert done.location.endswith("/s/easy/easy-read/check")

    check = check_page(client.get("/s/easy/easy-read/check"))
    text = check.get_text()
    assert "How was your visit?" in text and "4 – Very good" not in text and "More buses" in text
    key = check.find("input", attrs={"name": "submission_key"})["value"]
    sent = client.post(
        "/s/easy/easy-read/check",
        data={"csrf_token": csrf_token(client.get("/s/easy/easy-read/check")), "submission_key": key},
    )
    assert sent.location.endswith("/s/easy/easy-read/done")
    thanks = check_page(client.get("/s/easy/easy-read/done"))
    saved = db.session.scalars(select(Response)).one()
    assert saved.reference in thanks.get_text()
    assert saved.answers == {"used": "month", "rating": 4, "phone": "yes", "ideas": "More buses"}
    assert saved.channel_id == repository.default_channel(survey.id).id
    assert saved.version_id == repository.latest_version(survey.id).id
    assert saved.language == "en"


def test_routing_skips_questions_and_a_channel_link_is_remembered(client):
    survey = easy_survey()
    channel = repository.add_channel(survey, "Poster", None)
    client.get(f"/c/{channel.code}")
    begin(client)
    skipped = post_form(client, "/s/easy/easy-read/questions/used", {"used": "never"})
    assert skipped.location.endswith("/s/easy/easy-read/questions/phone")
    assert client.get("/s/easy/easy-read/questions/rating").status_code == 404
    post_form(client, "/s/easy/easy-read/questions/phone", {})
    post_form(client, "/s/easy/easy-read/questions/ideas", {})
    check = client.get("/s/easy/easy-read/check")
    key = check_page(check).find("input", attrs={"name": "submission_key"})["value"]
    client.post("/s/easy/easy-read/check", data={"csrf_token": csrf_token(check), "submission_key": key})
    saved = db.session.scalars(select(Response)).one()
    assert saved.answers == {"used": "never"}
    assert saved.channel_id == channel.id


def test_a_required_answer_left_out_is_a_400_with_the_error_summary(client):
    easy_survey()
    begin(client)
    soup = check_page(post_form(client, "/s/easy/easy-read/questions/used", {}), status=400)
    assert "Select an answer" in soup.find(class_="nhsuk-error-summary").get_text()
    assert soup.title.get_text().startswith("Error:")


def test_check_page_sends_back_to_the_first_question_not_yet_seen(client):
    easy_survey(with_picture=False)
    begin(client)
    post_form(client, "/s/easy/easy-read/questions/used", {"used": "never"})
    assert client.get("/s/easy/easy-read/check").location.endswith("/s/easy/easy-read/questions/phone")


def test_changing_an_answer_returns_to_check_answers(client):
    easy_survey(with_picture=False)
    begin(client)
    for url, data in (("used", {"used": "never"}), ("phone", {"phone": "no"}), ("ideas", {})):
        post_form(client, f"/s/easy/easy-read/questions/{url}", data)
    changed = post_form(client, "/s/easy/easy-read/questions/phone?change=1", {"phone": "yes"})
    assert changed.location.endswith("/s/easy/easy-read/check")


def test_without_saved_answers_questions_show_and_check_answers_sends_people_to_the_start(client):
    easy_survey()
    check_page(client.get("/s/easy/easy-read/questions/used"))
    assert client.get("/s/easy/easy-read/check").location.endswith("/s/easy/easy-read")


def test_unknown_question_draft_and_closed_surveys(client):
    survey = easy_survey()
    begin(client)
    assert client.get("/s/easy/easy-read/questions/nope").status_code == 404
    make_survey("unpublished", publish=False)
    assert client.get("/s/unpublished/easy-read").status_code == 404
    repository.close(survey, None)
    assert client.get("/s/easy/easy-read").status_code == 410


def test_pictures_are_served_with_their_type_and_cached(client):
    survey = easy_survey()
    image_id = repository.latest_version(survey.id).definition["sections"][0]["questions"][0]["image_id"]
    response = client.get(f"/s/easy/easy-read/pictures/{image_id}")
    assert response.status_code == 200
    assert response.mimetype == "image/png" and response.data.startswith(PNG)
    assert "max-age=31536000" in response.headers["Cache-Control"]
    other = make_survey("other")
    assert client.get(f"/s/other/easy-read/pictures/{image_id}").status_code == 404
    assert client.get("/s/easy/easy-read/pictures/999999").status_code == 404
    del other


# --- staff: easy-read wording, pictures and readability -----------------------------------------


def test_staff_page_shows_readability_of_every_question(client):
    survey = easy_survey()
    sign_in(client, "viewer")
    soup = check_page(client.get(f"/staff/surveys/{survey.id}/easy-read"))
    text = soup.get_text()
    assert "When did you last go to the walk-in centre?" in text
    assert text.count("Reading age about") >= 5
    assert soup.find("a", href=f"/staff/surveys/{survey.id}/easy-read/used") is None  # viewers cannot change


def test_lead_saves_easy_wording_and_sees_its_readability_after_saving(client):
    survey = easy_survey(with_picture=False)
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/easy-read/ideas"
    long_text = (
        "Please tell us about any other considerations regarding the accessibility and "
        "commissioning of services that you believe the organisation should understand."
    )
    saved = post_form(client, url, {"easy_read_text": long_text})
    assert saved.status_code == 302 and saved.location.endswith(url)
    page = check_page(client.get(url))
    text = page.get_text()
    assert "Sentence 1 has 21 words; aim for 15 or fewer." in text
    assert "Long words:" in text
    question = repository.definition_of(repository.get(survey.id)).question("ideas")
    assert question.easy_read_text == long_text


def test_lead_uploads_a_picture_with_alt_text_and_chooses_smiley_faces(client):
    survey = easy_survey(with_picture=False)
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/easy-read/rating"
    form = client.get(url)
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(form),
            "easy_read_text": "Was your visit good?",
            "easy_read_scale": "",
            "image_alt": "A nurse smiling",
            "picture": (io.BytesIO(png()), "nurse.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    question = repository.definition_of(repository.get(survey.id)).question("rating")
    assert (question.easy_read_text, question.easy_read_scale, question.image_alt) == (
        "Was your visit good?",
        "",
        "A nurse smiling",
    )
    image = db.session.get(SurveyImage, question.image_id)
    assert image.mime_type == "image/png" and image.survey_id == survey.id
    preview = client.get(f"/staff/surveys/{survey.id}/pictures/{image.id}")
    assert preview.status_code == 200 and preview.mimetype == "image/png"


def upload(client, url, content, **data):
    form = client.get(url)
    return client.post(
        url,
        data={"csrf_token": csrf_token(form), "easy_read_text": "", **data, "picture": (io.BytesIO(content), "x.png")},
        content_type="multipart/form-data",
    )


def test_bad_pictures_are_refused_with_a_400_and_a_clear_message(client):
    survey = easy_survey(with_picture=False)
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/easy-read/phone"
    cases = (
        (b"GIF89a....", "must be a PNG or JPEG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "must be a PNG or JPEG"),
        (PNG + b"\0" * (1024 * 1024), "smaller than 1 MB"),
        (PNG + b"garbage", "could not be read"),
    )
    for content, message in cases:
        soup = check_page(upload(client, url, content, image_alt="A phone"), status=400)
        assert message in soup.find(class_="nhsuk-error-summary").get_text()
    soup = check_page(upload(client, url, png()), status=400)
    assert "Describe the picture" in soup.find(class_="nhsuk-error-summary").get_text()
    assert db.session.scalars(select(SurveyImage)).all() == []


def test_lead_removes_a_picture(client):
    survey = easy_survey()
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/easy-read/used"
    assert check_page(client.get(url)).find("input", attrs={"name": "remove_picture"}) is not None
    post_form(client, url, {"easy_read_text": "When did you go?", "image_alt": "", "remove_picture": "y"})
    question = repository.definition_of(repository.get(survey.id)).question("used")
    assert question.image_id is None and question.image_alt == ""


def test_only_leads_change_easy_read_and_unknown_questions_are_404(client):
    survey = easy_survey()
    sign_in(client, "facilitator")
    assert client.get(f"/staff/surveys/{survey.id}/easy-read/used").status_code == 403
    assert client.get(f"/staff/surveys/{survey.id}/easy-read").status_code == 200


def test_unknown_question_on_the_staff_page_is_404(client):
    survey = easy_survey()
    sign_in(client, "lead")
    assert client.get(f"/staff/surveys/{survey.id}/easy-read/nope").status_code == 404
    assert client.get("/staff/surveys/99999/easy-read").status_code == 404


# --- easy-read wording for answer options ---------------------------------------------------------

EASY_MONTH_UR = "زیادہ دیر پہلے نہیں"  # "not long ago"


def answers_survey(translated=False, publish=True):
    """A single-choice and a multiple-choice question whose answers have easy-read wording."""
    used = Question(
        "used",
        "single_choice",
        "When did you most recently attend?",
        required=True,
        options=(Option("month", "In the last month", "Not long ago"), Option("never", "Never")),
    )
    matters = Question(
        "matters",
        "multiple_choice",
        "What matters most?",
        options=(Option("near", "Being close to home", "Near my home"), Option("fast", "Being seen quickly")),
    )
    definition = make_definition(sections=(Section("s1", "Care", questions=(used, matters)),))
    if translated:  # a complete Urdu translation: every string marked, the easy answer in Urdu
        urdu = {key: f"اردو {english}" for key, english in translation.translatable_strings(definition).items()}
        definition = replace(
            definition, translations={"ur": {**urdu, "question.used.option.month.easy_read": EASY_MONTH_UR}}
        )
    survey = repository.create_survey(definition.title, "answers", None, definition=definition)
    if publish:
        repository.publish(survey, None)
    return survey


def radio_labels(soup):
    return [label.get_text(strip=True) for label in soup.select(".nhsuk-radios__label, .nhsuk-checkboxes__label")]


def send(client, path):
    check = client.get(f"{path}/check")
    key = check_page(check).find("input", attrs={"name": "submission_key"})["value"]
    return client.post(f"{path}/check", data={"csrf_token": csrf_token(check), "submission_key": key})


def test_easy_read_answers_use_their_easy_wording_and_store_the_same_values(client):
    survey = answers_survey()
    begin(client, "answers")
    used = check_page(client.get("/s/answers/easy-read/questions/used"))
    assert radio_labels(used) == ["Not long ago", "Never"]  # the standard label where there is no easy one
    assert [i["value"] for i in used.select("input[name=used]")] == ["month", "never"]
    post_form(client, "/s/answers/easy-read/questions/used", {"used": "month"})
    matters = check_page(client.get("/s/answers/easy-read/questions/matters"))
    assert radio_labels(matters) == ["Near my home", "Being seen quickly"]
    post_form(client, "/s/answers/easy-read/questions/matters", {"matters": ["near", "fast"]})
    check = check_page(client.get("/s/answers/easy-read/check")).get_text()
    assert "Not long ago" in check and "Near my home; Being seen quickly" in check
    assert "In the last month" not in check
    assert send(client, "/s/answers/easy-read").location.endswith("/s/answers/easy-read/done")

    # The same answer through the standard version: standard wording, and it merges in results.
    client.post("/s/answers/start", data={"csrf_token": csrf_token(client.get("/s/answers"))})
    standard = check_page(client.get("/s/answers/page/s1"))
    assert "In the last month" in radio_labels(standard) and "Not long ago" not in standard.get_text()
    post_form(client, "/s/answers/page/s1", {"used": "month", "matters": ["near"]})
    send(client, "/s/answers")
    saved = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert [r.answers for r in saved] == [
        {"used": "month", "matters": ["near", "fast"]},
        {"used": "month", "matters": ["near"]},
    ]
    sign_in(client, "viewer")
    results = check_page(client.get(f"/staff/surveys/{survey.id}/results")).find(id="question-used")
    rows = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])] for row in results.find_all("tr")]
    assert ["In the last month", "2", "100%"] in rows


def test_easy_read_answers_are_shown_in_the_respondents_language(client):
    answers_survey(translated=True)
    client.get("/s/answers/easy-read?lang=ur")
    begin(client, "answers")
    used = check_page(client.get("/s/answers/easy-read/questions/used"))
    assert used.find("html")["dir"] == "rtl"
    assert radio_labels(used) == [EASY_MONTH_UR, "اردو Never"]
    post_form(client, "/s/answers/easy-read/questions/used", {"used": "month"})
    assert radio_labels(check_page(client.get("/s/answers/easy-read/questions/matters"))) == [
        "اردو Near my home",
        "اردو Being seen quickly",
    ]
    post_form(client, "/s/answers/easy-read/questions/matters", {"matters": ["near"]})
    check = check_page(client.get("/s/answers/easy-read/check")).get_text()
    assert EASY_MONTH_UR in check and "اردو Near my home" in check
    send(client, "/s/answers/easy-read")
    saved = db.session.scalars(select(Response)).one()
    assert (saved.answers, saved.language) == ({"used": "month", "matters": ["near"]}, "ur")


def test_the_easy_read_pdf_prints_the_easy_answer_wording(client):
    survey = answers_survey()
    sign_in(client, "facilitator")
    easy = client.get(f"/staff/surveys/{survey.id}/print/easy-read.pdf?lang=en")
    assert easy.status_code == 200 and easy.mimetype == "application/pdf"
    text = pdf_text(easy.data)
    assert "Not long ago" in text and "Near my home" in text and "Being seen quickly" in text
    assert "In the last month" not in text
    standard = pdf_text(client.get(f"/staff/surveys/{survey.id}/print/standard.pdf?lang=en").data)
    assert "In the last month" in standard and "Not long ago" not in standard


def test_translators_get_the_easy_read_answer_wording_and_publishing_waits_for_it(client):
    survey = answers_survey(publish=False)
    sign_in(client, "lead")
    base = f"/staff/surveys/{survey.id}/translations"
    editor = check_page(client.get(f"{base}/ur"))
    key = "question.used.option.month.easy_read"
    keys = list(translation.translatable_strings(repository.definition_of(survey)))
    field = editor.find("textarea", attrs={"name": f"string_{keys.index(key)}"})
    assert editor.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Not long ago"
    assert field["data-key"] == key
    assert "an answer’s easy-read wording" in editor.find(id=f"{field['id']}-hint").get_text()

    # Everything but the easy-read answer: the count says so and publishing is refused.
    data = {f"string_{n}": "" if k == key else f"اردو {k}" for n, k in enumerate(keys)}
    assert post_form(client, f"{base}/ur", data).status_code == 302
    index = check_page(client.get(base)).find(id="language-ur").get_text()
    assert f"{len(keys) - 1} of {len(keys)}" in index
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}"))
    refused = client.post(f"/staff/surveys/{survey.id}/publish", data={"csrf_token": token})
    assert "Urdu" in check_page(refused, status=400).get_text()

    # The spreadsheet round trip carries it: the translator fills the row in and uploads it.
    sheet = client.get(f"{base}/ur.csv").get_data().decode("utf-8-sig")
    assert f"{key},Not long ago,,\r\n" in sheet
    filled = sheet.replace(f"{key},Not long ago,", f"{key},Not long ago,{EASY_MONTH_UR}")
    uploaded = post_form(client, f"{base}/ur/upload", {"file": (io.BytesIO(filled.encode("utf-8")), "ur.csv")})
    assert uploaded.status_code == 302
    assert repository.definition_of(repository.get(survey.id)).translations["ur"][key] == EASY_MONTH_UR
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}"))
    assert client.post(f"/staff/surveys/{survey.id}/publish", data={"csrf_token": token}).status_code == 302


def test_untranslated_easy_read_words_are_marked_english_in_a_page_in_another_language(client):
    """WCAG 3.1.2: a survey with no Welsh shows its own words in English, marked so; the page's stay Welsh."""
    answers_survey(translated=True)
    client.get("/s/answers/easy-read?lang=cy")
    start = check_page(client.get("/s/answers/easy-read"))
    assert lang_of(start.h1) == "en-GB" and lang_of(start.find("button")) == "cy"
    begin(client, "answers")
    used = check_page(client.get("/s/answers/easy-read/questions/used"))
    assert lang_of(used.find("legend").find(string=re.compile("attend"))) == "en-GB"
    assert lang_of(used.find("form").find(string=re.compile("Not long ago"))) == "en-GB"
    assert lang_of(used.find(id="progress")) == "cy"
    post_form(client, "/s/answers/easy-read/questions/used", {"used": "month"})
    post_form(client, "/s/answers/easy-read/questions/matters", {})
    row = check_page(client.get("/s/answers/easy-read/check")).select(".nhsuk-summary-list__row")[0]
    assert lang_of(row.select_one(".nhsuk-summary-list__key").find(string=re.compile("attend"))) == "en-GB"
    assert lang_of(row.select_one(".nhsuk-summary-list__value").find(string="Not long ago")) == "en-GB"


def test_translated_easy_read_words_are_not_marked_english(client):
    answers_survey(translated=True)
    client.get("/s/answers/easy-read?lang=ur")
    begin(client, "answers")
    assert not check_page(client.get("/s/answers/easy-read/questions/used")).select("main [lang]")


def _equality_survey(slug):
    from surveys.equality import model as equality

    one = Section("s1", "Using the service", questions=(sections()[0].questions[0],))
    definition = equality.with_equality_section(make_definition(sections=(one,)), ["disability", "sex"])
    survey = repository.create_survey(definition.title, slug, None, definition=definition)
    repository.publish(survey, None)
    return survey


def _stored_equality_answers():
    from toolkit.schema import EqualityResponse

    return [row.answers for row in db.session.scalars(select(EqualityResponse).order_by(EqualityResponse.id))]


def test_the_disability_follow_up_is_routed_and_easy_read_stores_the_standard_values(client):
    _equality_survey("eq")
    # Easy read: "no" to a condition skips the follow-up; the counts agree with the start page.
    start = check_page(client.get("/s/eq/easy-read")).find(id="question-count").get_text(strip=True)
    assert start == "There are up to 4 questions. Some are only for some people."
    begin(client, "eq")
    assert check_page(client.get("/s/eq/easy-read/questions/used")).find(id="progress").get_text(strip=True) == (
        "Question 1 of up to 4"
    )
    post_form(client, "/s/eq/easy-read/questions/used", {"used": "never"})
    post_form(client, "/s/eq/easy-read/questions/eq_sex", {"eq_sex": "female"})
    after = post_form(client, "/s/eq/easy-read/questions/eq_disability", {"eq_disability": "no"})
    assert after.location.endswith("/s/eq/easy-read/check")
    assert client.get("/s/eq/easy-read/questions/eq_disability_impact").status_code == 404
    page = client.get("/s/eq/easy-read/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    client.post("/s/eq/easy-read/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    # Standard, in another browser, the same choices.
    with client.application.test_client() as other:
        start = other.get("/s/eq")
        other.post("/s/eq/start", data={"csrf_token": csrf_token(start)})
        post_form(other, "/s/eq/page/s1", {"used": "never"})
        to = post_form(other, "/s/eq/page/equality", {"eq_sex": "female", "eq_disability": "no"})
        assert to.location.endswith("/s/eq/check")
        page = other.get("/s/eq/check")
        key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
        other.post("/s/eq/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    easy, standard = _stored_equality_answers()
    assert easy == standard == {"eq_sex": "female", "eq_disability": "no"}
