"""The easy-read summary of the report: key points with a picture each from the shipped set, one
idea a line, large text; published only when the readability check passes; HTML and PDF."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from engagements import repository as engagements
from reports import easy_read, repository
from reports.demo import EASY_READ
from tests.helpers import check_page, csrf_token, make_user, pdf_text, post_form, sign_in_as
from toolkit.schema import Engagement


def test_the_plain_rules():
    point = easy_read.Point("You want it open late. You want it open at the weekend.", "clock")
    assert point.lines == ("You want it open late.", "You want it open at the weekend.")
    assert point.alt == "A clock"
    assert easy_read.picture_file("clock") is not None and easy_read.picture_file("clock").is_file()
    assert easy_read.picture_file("../../etc/passwd") is None
    assert easy_read.readability_problems(()) == ["Write at least one point"]
    hard = easy_read.points(
        [("Notwithstanding considerable organisational complexities, commissioners deliberated.", "heart")]
    )
    assert easy_read.readability_problems(hard)
    assert easy_read.problems(easy_read.points([("Fine.", "not-a-picture")]))


def test_the_demo_summary_reads_in_easy_read_with_a_picture_beside_each_point(demo: Engagement, client: FlaskClient):
    url = f"/you-said-we-did/{demo.id}/easy-read-report"
    page = check_page(client.get(url))
    assert page.find(class_="toolkit-easy-read") is not None
    pictures = page.find_all("img", class_="toolkit-easy-read__picture")
    assert len(pictures) == len(EASY_READ)
    assert all(img["src"].startswith("data:image/svg+xml") and img["alt"] for img in pictures)
    lines = [p.get_text(strip=True) for p in page.select(".toolkit-easy-read__words p")]
    assert "You want it open late." in lines and "You want it open at the weekend." in lines
    assert check_page(client.get(f"/you-said-we-did/{demo.id}")).find("a", href=url) is not None
    pdf = client.get(f"{url}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert "You do not want to wait a long time." in " ".join(pdf_text(pdf.data).split())


def test_it_cannot_be_published_until_the_readability_check_passes(demo: Engagement, client: FlaskClient):
    sign_in_as(client, make_user("lead", "easy.lead@example.org"))
    edit = f"/staff/engagements/{demo.id}/report/easy-read"
    hard = "Notwithstanding considerable organisational complexities, commissioners deliberated extensively."
    response = post_form(client, edit, {"point_1": hard, "picture_1": "heart"})
    assert response.status_code == 303
    page = check_page(client.get(edit))
    assert "Fix these before you publish" in page.get_text()
    assert page.find("form", action=f"{edit}/publish") is None
    refused = client.post(f"{edit}/publish", data={"csrf_token": csrf_token(client.get(edit))})
    assert refused.status_code == 400
    published, _on = repository.easy_read_published(demo.id)
    assert [p.text for p in published] == [t for t, _p in EASY_READ]  # the published one is untouched
    assert post_form(client, edit, {"point_1": "It is fine.", "picture_1": "../x"}).status_code == 400
    assert post_form(client, edit, {"point_1": "We will keep it open late.", "picture_1": "clock"}).status_code == 303
    published_now = client.post(f"{edit}/publish", data={"csrf_token": csrf_token(client.get(edit))})
    assert published_now.status_code == 303
    assert [p.text for p in repository.easy_read_published(demo.id)[0]] == ["We will keep it open late."]


def test_an_unpublished_summary_is_not_public(app: Flask, client: FlaskClient):
    found = engagements.create_engagement(engagements.model.EngagementDetails(title="Quiet"), None)
    assert client.get(f"/you-said-we-did/{found.id}/easy-read-report").status_code == 404
    assert client.get(f"/you-said-we-did/{found.id}/easy-read-report.pdf").status_code == 404
