"""Languages: choosing one (?lang=, the session, Accept-Language), right-to-left pages,
the switcher, survey content in the respondent's language, the language each
response records, and the staff pages that translate a survey's content."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook
from sqlalchemy import select

from surveys import repository
from surveys.equality import model as equality
from surveys.equality import translation as equality_translation
from surveys.model import SurveyDefinition
from surveys.translations import model as translation
from tests.helpers import check_page, csrf_token, lang_of, make_definition, make_survey, post_form, sign_in
from toolkit import db, i18n
from toolkit.schema import Response

CATALOGS = Path(__file__).resolve().parents[2] / "translations"

URDU = {
    "title": "ٹیسٹ سروے",
    "introduction": "تعارف",
    "section.s1.title": "آپ کے بارے میں",
    "question.colour.text": "آپ کا پسندیدہ رنگ کون سا ہے؟",
    "question.colour.option.red": "سرخ",
    "question.colour.option.blue": "نیلا",
    "section.s2.title": "مزید",
    "question.why.text": "کیوں؟",
    "question.age.text": "آپ کی عمر کتنی ہے؟",
}


def _translated(language: str, message: str) -> str:
    """What the catalog says for a message (the test does not hard-code the translation)."""
    text = _catalog_or_english(language, message)
    assert text != message, f"{message!r} is not translated into {language}"
    return text


def _catalog_or_english(language: str, message: str) -> str:
    """The catalog's translation once the message has one (new messages are added when branches merge)."""
    locale = i18n.SUPPORTED_LOCALES[language]
    with open(CATALOGS / locale / "LC_MESSAGES" / "messages.po", "rb") as po_file:
        found = read_po(po_file).get(message)
    return str(found.string) if found is not None and found.string else message


def _start(client, slug="test", query=""):
    start = client.get(f"/s/{slug}{query}")
    check_page(start)
    return client.post(f"/s/{slug}/start", data={"csrf_token": csrf_token(start)})


# --- choosing a language ------------------------------------------------------------------


def test_lang_ur_gives_a_right_to_left_urdu_page(client):
    soup = check_page(client.get("/?lang=ur"))
    html = soup.find("html")
    assert html["lang"] == "ur" and html["dir"] == "rtl"
    assert _translated("ur", "Skip to main content") in soup.get_text()


def test_arabic_is_right_to_left_and_polish_left_to_right(client):
    assert check_page(client.get("/?lang=ar")).find("html")["dir"] == "rtl"
    html = check_page(client.get("/?lang=pl")).find("html")
    assert (html["lang"], html["dir"]) == ("pl", "ltr")


def test_accept_language_picks_the_interface_language(client):
    soup = check_page(client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}))
    assert soup.find("html")["lang"] == "pl"
    assert _translated("pl", "Skip to main content") in soup.get_text()
    assert "Skip to main content" not in soup.get_text()


def test_an_unknown_language_falls_back_to_english(client):
    soup = check_page(client.get("/?lang=xx", headers={"Accept-Language": "de"}))
    assert (soup.find("html")["lang"], soup.find("html")["dir"]) == ("en-GB", "ltr")


def test_a_chosen_language_is_remembered_over_accept_language(client):
    client.get("/?lang=cy")
    soup = check_page(client.get("/privacy", headers={"Accept-Language": "pl"}))
    assert soup.find("html")["lang"] == "cy"


@pytest.mark.parametrize("language", [lang.code for lang in i18n.LANGUAGES])
def test_every_language_renders_the_start_page(client, language):
    make_survey()
    soup = check_page(client.get(f"/s/test?lang={language}"))
    assert soup.find("html")["dir"] == i18n.BY_CODE[language].direction


# --- the switcher -------------------------------------------------------------------------------


def test_switcher_lists_every_language_in_its_own_script(client):
    soup = check_page(client.get("/privacy?lang=ur"))
    nav = soup.find("nav", class_="toolkit-languages")
    links = {a["hreflang"]: a for a in nav.find_all("a", hreflang=True)}
    assert set(links) == {lang.tag for lang in i18n.LANGUAGES if lang.code != "ur"}
    assert links["pl"]["href"] == "/privacy?lang=pl" and links["pl"].get_text(strip=True) == "Polski"
    assert links["pl"]["lang"] == "pl"
    assert links["pa-Guru"].get_text(strip=True) == "ਪੰਜਾਬੀ"
    current = nav.find(attrs={"aria-current": "true"})
    assert current.get_text(strip=True) == "اردو" and current["lang"] == "ur"


def test_switcher_keeps_the_other_query_parameters(client):
    make_survey(translations={"ur": URDU})
    _start(client)
    soup = check_page(client.get("/s/test/page/s1?change=1"))
    link = soup.find("a", hreflang="ur")
    assert link["href"] == "/s/test/page/s1?change=1&lang=ur"


def test_machine_drafted_languages_ask_for_help_and_english_does_not(client):
    drafted = check_page(client.get("/?lang=bn")).find("nav", class_="toolkit-languages")
    link = drafted.find("a", href="/about-this-translation")
    assert link is not None
    english = check_page(client.get("/?lang=en")).find("nav", class_="toolkit-languages")
    assert english.find("a", href="/about-this-translation") is None


def test_the_translation_notice_page(client, app):
    app.config["TRANSLATION_FEEDBACK_EMAIL"] = "engage@example.org"
    soup = check_page(client.get("/about-this-translation?lang=gu"))
    assert soup.find("a", href=lambda h: h and h.startswith("mailto:engage@example.org"))


# --- survey content in the respondent's language ---------------------------------------------------


def test_survey_content_is_shown_in_the_respondents_language(client):
    make_survey(translations={"ur": URDU})
    soup = check_page(client.get("/s/test?lang=ur"))
    assert soup.h1.get_text(strip=True) == "ٹیسٹ سروے"
    assert "not been translated" not in soup.get_text()
    _start(client)
    page = check_page(client.get("/s/test/page/s1"))
    labels = [label.get_text(strip=True) for label in page.find_all("label")]
    assert "سرخ" in labels and "نیلا" in labels
    assert page.find("legend").get_text(strip=True) == "آپ کا پسندیدہ رنگ کون سا ہے؟"


def test_without_a_translation_the_content_is_english_and_says_so(client):
    make_survey(translations={"ur": URDU})
    soup = check_page(client.get("/s/test?lang=pl"))
    assert soup.h1.get_text(strip=True) == "Test survey"
    notice = soup.find("nav", class_="toolkit-languages").find_all("p")
    assert any(_translated("pl", NOT_TRANSLATED) in p.get_text() for p in notice)


NOT_TRANSLATED = "This survey has not been translated into your language yet, so its questions are in English."


def test_english_content_in_a_page_in_another_language_is_marked_english(client):
    """WCAG 3.1.2: the survey's own words, untranslated, carry lang="en-GB"; the page's own do not."""
    make_survey(translations={"ur": URDU})
    soup = check_page(client.get("/s/test?lang=cy"))
    assert lang_of(soup.h1) == "en-GB" and lang_of(soup.find("p", string="Intro")) == "en-GB"
    assert lang_of(soup.find("button")) == "cy"
    _start(client, query="?lang=cy")
    soup = check_page(post_form(client, "/s/test/page/s1", {}), status=400)
    legend = soup.find("legend")
    assert legend.get_text(strip=True) == "What is your favourite colour?"
    assert lang_of(legend.find(string=re.compile("favourite"))) == "en-GB"
    assert lang_of(soup.find("label", attrs={"for": "colour"}).find(string="Red")) == "en-GB"
    assert lang_of(soup.select_one(".nhsuk-error-message")) == "cy"
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {"why": "Achos"})
    rows = check_page(client.get("/s/test/check")).select(".nhsuk-summary-list__row")
    colour, why = rows[0], rows[1]
    assert lang_of(colour.select_one(".nhsuk-summary-list__key").find(string=re.compile("colour"))) == "en-GB"
    assert lang_of(colour.select_one(".nhsuk-summary-list__value").find(string="Red")) == "en-GB"
    assert lang_of(why.select_one(".nhsuk-summary-list__value").find(string=re.compile("Achos"))) == "cy"


def test_translated_content_is_not_marked_english(client):
    make_survey(translations={"ur": URDU})
    _start(client, query="?lang=ur")
    soup = check_page(client.get("/s/test/page/s1"))
    assert not soup.select("main [lang]")
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {})
    soup = check_page(client.get("/s/test/check"))
    assert URDU["title"] in soup.find("main").get_text()  # the title in Urdu, not the stored English one


def test_error_pages_are_headed_in_the_page_language(client):
    """Werkzeug names errors in English ("Not Found", "Gone"): the page uses its own heading."""
    soup = check_page(client.get("/s/nope?lang=pl"), status=404)
    assert soup.h1.get_text(strip=True) == _catalog_or_english("pl", "Page not found")
    assert "Not Found" not in soup.get_text()
    repository.close(make_survey(slug="closing"), None)
    soup = check_page(client.get("/s/closing?lang=pl"), status=410)
    assert soup.h1.get_text(strip=True) == _catalog_or_english("pl", "This survey has closed")
    assert "Gone" not in soup.title.get_text()
    assert _translated("pl", "This survey has closed. Thank you for your interest.") in soup.get_text()


def test_the_error_prefix_and_character_count_speak_the_page_language(client):
    """The NHS.UK macros' own words are English: the field helper gives them the page's."""
    make_survey()
    _start(client, query="?lang=cy")
    soup = check_page(post_form(client, "/s/test/page/s1", {}), status=400)
    prefix = soup.select_one(".nhsuk-error-message .nhsuk-u-visually-hidden").get_text()
    assert prefix == f"{_translated('cy', 'Error')}: "
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    count = check_page(client.get("/s/test/page/s2")).find(attrs={"data-module": "nhsuk-character-count"})
    # Welsh has six plural categories; the JavaScript picks one with Intl.PluralRules.
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert "%{count}" in count[f"data-i18n.characters-under-limit.{category}"]
        assert "%{count}" in count[f"data-i18n.characters-over-limit.{category}"]
    assert "100" in count.find(class_="nhsuk-character-count__message").get_text()


def test_each_response_records_its_language(client):
    make_survey()
    _start(client, query="?lang=pl")
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {})
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert db.session.scalars(select(Response)).one().language == "pl"


def test_changing_language_midway_records_the_last_one(client):
    make_survey()
    _start(client, query="?lang=ur")
    post_form(client, "/s/test/page/s1?lang=so", {"colour": "blue"})
    post_form(client, "/s/test/page/s2", {})
    page = client.get("/s/test/check")
    key = check_page(page).find("input", attrs={"name": "submission_key"})["value"]
    client.post("/s/test/check", data={"csrf_token": csrf_token(page), "submission_key": key})
    assert db.session.scalars(select(Response)).one().language == "so"


# --- staff: translating a survey ---------------------------------------------------------------------


def _survey_with(translations=None, publish=False):
    return make_survey(publish=publish, translations=translations or {})


def test_translations_page_shows_completeness(client):
    survey = _survey_with({"ur": URDU, "pl": {"title": "Ankieta testowa"}})
    sign_in(client, "lead")
    soup = check_page(client.get(f"/staff/surveys/{survey.id}/translations"))
    total = len(translation.translatable_strings(make_definition()))
    assert f"{len(URDU)} of {total}" in soup.find(id="language-ur").get_text()
    assert f"1 of {total}" in soup.find(id="language-pl").get_text()
    assert "Polish" in soup.find(id="problems").get_text()


def test_translations_need_a_lead(client):
    survey = _survey_with()
    sign_in(client, "viewer")
    assert client.get(f"/staff/surveys/{survey.id}/translations").status_code == 403


def test_unknown_survey_or_language_is_404(client):
    survey = _survey_with()
    sign_in(client, "lead")
    assert client.get("/staff/surveys/999/translations").status_code == 404
    assert client.get(f"/staff/surveys/{survey.id}/translations/xx").status_code == 404
    assert client.get(f"/staff/surveys/{survey.id}/translations/en").status_code == 404


def test_edit_in_the_browser_saves_into_the_definition(client):
    survey = _survey_with()
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/translations/ur"
    soup = check_page(client.get(url))
    textarea = soup.find("textarea", attrs={"name": "string_0"})
    assert textarea["lang"] == "ur" and textarea["dir"] == "rtl"
    keys = list(translation.translatable_strings(make_definition()))
    data = {f"string_{n}": URDU.get(key, "") for n, key in enumerate(keys)}
    response = post_form(client, url, data)
    assert response.status_code == 302
    saved = repository.definition_of(repository.get(survey.id))
    assert saved.translations["ur"] == URDU


def test_edit_rejects_text_that_is_too_long(client):
    survey = _survey_with()
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/translations/pl"
    response = post_form(client, url, {"string_0": "x" * 10_001})
    soup = check_page(response, status=400)
    assert soup.find(class_="nhsuk-error-summary").find("a")["href"] == "#string_0"


def test_download_csv_and_xlsx(client):
    survey = _survey_with({"ur": URDU})
    sign_in(client, "lead")
    csv_file = client.get(f"/staff/surveys/{survey.id}/translations/ur.csv")
    assert csv_file.status_code == 200 and csv_file.mimetype == "text/csv"
    assert "test-ur.csv" in csv_file.headers["Content-Disposition"]
    text = csv_file.get_data().decode("utf-8-sig")
    assert text.splitlines()[1] == "title,Test survey,ٹیسٹ سروے,"
    xlsx = client.get(f"/staff/surveys/{survey.id}/translations/ur.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True).worksheets[0]
    assert next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[:3] == ("title", "Test survey", "ٹیسٹ سروے")


def test_upload_a_spreadsheet_back(client):
    survey = _survey_with({"ur": {"title": "پرانا"}})
    sign_in(client, "lead")
    filled = SurveyDefinition(**{**make_definition().__dict__, "translations": {"ur": URDU}})
    buffer = io.BytesIO()
    translation.to_xlsx(filled, "ur", buffer)
    url = f"/staff/surveys/{survey.id}/translations/ur/upload"
    check_page(client.get(url))
    response = post_form(client, url, {"file": (io.BytesIO(buffer.getvalue()), "ur.xlsx")})
    assert response.status_code == 302
    assert repository.definition_of(repository.get(survey.id)).translations["ur"] == URDU


def test_a_bad_upload_is_400_with_the_rows_at_fault(client):
    survey = _survey_with()
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/translations/pl/upload"
    bad = b"key,English,translation\ntitle,Test survey,Ankieta\nquestion.nope.text,x,y\n"
    soup = check_page(post_form(client, url, {"file": (io.BytesIO(bad), "pl.csv")}), status=400)
    summary = soup.find(class_="nhsuk-error-summary").get_text()
    assert "Row 3" in summary and "question.nope.text" in summary
    assert repository.definition_of(repository.get(survey.id)).translations == {}


def test_an_upload_without_a_file_is_400(client):
    survey = _survey_with()
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/translations/pl/upload"
    check_page(post_form(client, url, {}), status=400)


def test_delete_a_translation(client):
    survey = _survey_with({"pl": {"title": "Ankieta"}})
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/translations/pl"
    page = client.get(url)
    response = client.post(f"{url}/delete", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    assert repository.definition_of(repository.get(survey.id)).translations == {}


# --- publishing --------------------------------------------------------------------------------------


def test_publishing_refuses_an_unfinished_language(client):
    survey = _survey_with({"pl": {"title": "Ankieta"}})
    sign_in(client, "lead")
    publish_page = check_page(client.get(f"/staff/surveys/{survey.id}/publish"))
    assert "Polish" in publish_page.get_text()
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}"))
    response = client.post(f"/staff/surveys/{survey.id}/publish", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Polish" in check_page(response, status=400).get_text()
    assert repository.latest_version(survey.id) is None


# --- the standard equality wording comes translated -------------------------------------------------------


def _equality_survey(translations=None, reword=None):
    """A draft survey with the standard equality section, its questions' text changed as `reword` says."""
    definition = equality.with_equality_section(make_definition(translations=translations or {}))
    reword = reword or {}
    sections = tuple(
        replace(s, questions=tuple(replace(q, text=reword.get(q.id, q.text)) for q in s.questions))
        for s in definition.sections
    )
    return repository.create_survey(definition.title, "equal", None, definition=replace(definition, sections=sections))


def _stock(language, key):
    return equality_translation.stock()["translations"][language][key]


def _keyed_form(soup):
    """Key -> the text in its box, from the translation form (each box carries its key)."""
    return {textarea["data-key"]: textarea.get_text() for textarea in soup.find_all("textarea")}


def test_a_new_language_starts_with_the_standard_equality_wording_translated(client):
    survey = _equality_survey()
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/translations/gu"
    boxes = _keyed_form(check_page(client.get(url)))
    assert boxes["question.eq_age.text"] == _stock("gu", "question.eq_age.text")
    assert boxes["title"] == ""
    keys = list(translation.translatable_strings(repository.definition_of(survey)))
    mine = {"title": "સર્વે", "question.eq_sex.text": "તમારું લિંગ શું છે?"}
    response = post_form(client, url, {f"string_{n}": mine.get(key, "") for n, key in enumerate(keys)})
    assert response.status_code == 302
    saved = repository.definition_of(repository.get(survey.id)).translations["gu"]
    assert saved["title"] == "સર્વે" and saved["question.eq_sex.text"] == "તમારું લિંગ શું છે?"
    assert saved["question.eq_age.option.prefer_not_to_say"] == _stock("gu", "question.eq_age.option.prefer_not_to_say")
    assert "question.colour.text" not in saved


def test_reworded_standard_questions_are_left_for_the_lead_to_translate(client):
    survey = _equality_survey(reword={"eq_age": "Your age band?"})
    sign_in(client, "lead")
    response = post_form(client, f"/staff/surveys/{survey.id}/translations/ro", {"string_0": "Sondaj"})
    assert response.status_code == 302
    saved = repository.definition_of(repository.get(survey.id)).translations["ro"]
    assert "question.eq_age.text" not in saved
    assert saved["question.eq_age.option.16_to_24"] == _stock("ro", "question.eq_age.option.16_to_24")


def test_an_uploaded_spreadsheet_gets_the_standard_wording_filled_in(client):
    survey = _equality_survey()
    sign_in(client, "lead")
    url = f"/staff/surveys/{survey.id}/translations/so"
    download = client.get(f"{url}.csv").get_data().decode("utf-8-sig")
    assert _stock("so", "question.eq_religion.text") in download  # the translator need not do these
    sheet = "key,English,translation\ntitle,Test survey,Sahan\nquestion.eq_sex.text,What is your sex?,Jinsigaaga?\n"
    response = post_form(client, f"{url}/upload", {"file": (io.BytesIO(sheet.encode()), "so.csv")})
    assert response.status_code == 302
    saved = repository.definition_of(repository.get(survey.id)).translations["so"]
    assert saved["title"] == "Sahan" and saved["question.eq_sex.text"] == "Jinsigaaga?"
    assert saved["question.eq_religion.text"] == _stock("so", "question.eq_religion.text")


def test_respondents_see_the_stock_translation(client):
    survey = _equality_survey()
    sign_in(client, "lead")
    own = translation.translatable_strings(make_definition())
    keys = list(translation.translatable_strings(repository.definition_of(survey)))
    data = {f"string_{n}": f"[ar] {own[key]}" for n, key in enumerate(keys) if key in own}
    post_form(client, f"/staff/surveys/{survey.id}/translations/ar", data)
    repository.publish(repository.get(survey.id), None)  # the Arabic is complete
    _start(client, slug="equal", query="?lang=ar")
    post_form(client, "/s/equal/page/s1", {"colour": "red"})
    post_form(client, "/s/equal/page/s2", {})
    soup = check_page(client.get("/s/equal/page/equality"))
    assert soup.h1.get_text(strip=True) == _stock("ar", "section.equality.title")
    assert _stock("ar", "question.eq_age.option.prefer_not_to_say") in soup.get_text()


def test_the_index_counts_the_standard_equality_strings_already_there(client):
    survey = _equality_survey()
    sign_in(client, "lead")
    soup = check_page(client.get(f"/staff/surveys/{survey.id}/translations"))
    row = soup.find(id="language-ur").get_text(" ", strip=True)
    definition = repository.definition_of(survey)
    filled = len(equality_translation.standard_translations(definition, "ur"))
    total = len(translation.translatable_strings(definition))
    assert filled > 0 and f"{filled} of {total}" in row
    assert "0 of" not in row and "equality questions are ready" in row


def test_the_editor_labels_each_box_with_the_english_and_where_it_appears(client):
    survey = _survey_with({"ur": URDU})
    sign_in(client, "lead")
    soup = check_page(client.get(f"/staff/surveys/{survey.id}/translations/ur"))
    box = soup.find("textarea", attrs={"data-key": "question.colour.option.red"})
    label = soup.find("label", attrs={"for": box["id"]}).get_text(strip=True)
    hint = soup.find(id=f"{box['id']}-hint").get_text(strip=True)
    assert label == "Red"
    assert hint.startswith("Question 1, “") and hint.endswith(": an answer")
    assert "question.colour" not in soup.find("form").get_text()


def test_changed_english_marks_the_translation_out_of_date_until_updated_or_confirmed(client):
    survey = _survey_with()
    sign_in(client, "lead")
    definition = translation.with_language(repository.definition_of(survey), "ur", URDU)
    repository.save_definition(survey, definition, None, "test")
    section = definition.sections[0]
    reworded = replace(section.questions[0], text="Which colour do you like best?")
    repository.save_definition(
        survey, definition.with_section(replace(section, questions=(reworded, *section.questions[1:]))), None, "test"
    )
    index = check_page(client.get(f"/staff/surveys/{survey.id}/translations"))
    assert "1 strings out of date in Urdu" in index.find(id="outdated").get_text()
    assert "1 out of date" in index.find(id="language-ur").get_text()
    publish = check_page(client.get(f"/staff/surveys/{survey.id}/publish"))
    assert "out of date in Urdu" in publish.get_text()
    editor = check_page(client.get(f"/staff/surveys/{survey.id}/translations/ur"))
    first = editor.find("textarea")
    assert first["data-key"] == "question.colour.text"
    assert "What is your favourite colour?" in editor.find(class_="outdated-string").get_text()
    # the lead chooses to block publishing on it
    token = csrf_token(client.get(f"/staff/surveys/{survey.id}/translations"))
    blocked = client.post(
        f"/staff/surveys/{survey.id}/translations/out-of-date", data={"csrf_token": token, "block": "y"}
    )
    assert blocked.status_code == 302
    refused = check_page(client.get(f"/staff/surveys/{survey.id}/publish"))
    assert "out of date in Urdu" in refused.find(id="problems").find_next("ul").get_text()
    with pytest.raises(Exception, match="out of date"):
        repository.publish(repository.get(survey.id), None)
    # ticking "still right" brings it up to date
    url = f"/staff/surveys/{survey.id}/translations/ur"
    form = {t["name"]: t.get_text() for t in editor.find_all("textarea")}
    response = post_form(client, url, {**form, "still_right_0": "y"})
    assert response.status_code == 302
    assert translation.out_of_date(repository.definition_of(repository.get(survey.id)), "ur") == ()


def _offered(soup):
    return {link["lang"] for link in soup.select(".toolkit-languages__item > *")}


def test_the_language_bar_offers_the_languages_the_survey_has_and_interface_pages_keep_all(client):
    _survey_with({"ur": URDU}, publish=True)
    assert _offered(check_page(client.get("/s/test"))) == {"en-GB", "ur"}
    assert _offered(check_page(client.get("/s/test/easy-read"))) == {"en-GB", "ur"}
    # a language chosen elsewhere stays marked as the one in use
    bengali = check_page(client.get("/s/test?lang=bn"))
    assert _offered(bengali) == {"en-GB", "ur", "bn"}
    assert len(_offered(check_page(client.get("/accessibility")))) == len(i18n.LANGUAGES)
