""" "You said, we did" in every language the engagement's surveys use, through the surveys'
spreadsheet round trip (key, English, translation): download, fill in, upload, read it."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient

from reports import repository
from tests.helpers import check_page, make_user, sign_in_as
from toolkit.schema import Engagement

URDU_TITLE = "وِدنیل: آپ نے کہا، ہم نے کیا"
URDU_THEME = "کھلنے کے اوقات"


def translate_to_urdu(client: FlaskClient, found: Engagement) -> None:
    """As a lead would: download the spreadsheet, fill in two rows, upload it."""
    base = f"/staff/engagements/{found.id}/you-said-we-did"
    sheet = client.get(f"{base}/translations/ur.csv")
    assert sheet.status_code == 200 and sheet.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(sheet.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["key", "English", "translation"]
    filled = [rows[0]]
    for key, english, _translation in rows[1:]:
        urdu = {found.title: URDU_TITLE, "Opening hours": URDU_THEME}.get(english, "")
        filled.append([key, english, urdu])
    out = io.StringIO()
    csv.writer(out).writerows(filled)
    page = check_page(client.get(base))
    token = page.find("input", attrs={"name": "t-ur-csrf_token"})["value"]
    data = {"t-ur-csrf_token": token, "t-ur-file": (io.BytesIO(out.getvalue().encode()), "ur.csv")}
    response = client.post(f"{base}/translations/ur", data=data, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


def test_the_page_reads_in_urdu_after_the_spreadsheet_round_trip(demo: Engagement, client: FlaskClient):
    assert "ur" in repository.feedback_languages(demo.id)
    sign_in_as(client, make_user("lead", "languages.lead@example.org"))
    translate_to_urdu(client, demo)
    public = client.application.test_client()
    page = check_page(public.get(f"/you-said-we-did/{demo.id}?lang=ur"))
    assert page.html["lang"].startswith("ur") and page.html["dir"] == "rtl"
    h1 = page.find("h1")
    assert h1.get_text(strip=True) == URDU_TITLE and h1.find(attrs={"lang": "en"}) is None
    assert URDU_THEME in page.get_text()
    # what is not translated yet is marked English, so it is read as English
    assert any("Bus routes" in span.get_text() for span in page.find_all("span", attrs={"lang": "en"}))
    english = check_page(public.get(f"/you-said-we-did/{demo.id}?lang=en"))
    assert english.find("h1").get_text(strip=True) == demo.title and not english.find_all("span", attrs={"lang": "en"})


def test_bad_spreadsheets_and_unknown_languages_get_clear_answers(demo: Engagement, client: FlaskClient):
    sign_in_as(client, make_user("lead", "languages.lead2@example.org"))
    base = f"/staff/engagements/{demo.id}/you-said-we-did"
    assert client.get(f"{base}/translations/xx.csv").status_code == 404
    page = check_page(client.get(base))
    token = page.find("input", attrs={"name": "t-ur-csrf_token"})["value"]
    bad = b"key,English,translation\r\nnot-a-key,Hello,Salaam\r\n"
    data = {"t-ur-csrf_token": token, "t-ur-file": (io.BytesIO(bad), "ur.csv")}
    response = client.post(f"{base}/translations/ur", data=data, content_type="multipart/form-data")
    assert response.status_code == 400 and "not-a-key" in response.get_data(as_text=True)
