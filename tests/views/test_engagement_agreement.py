"""Double coding in pages: a lead draws a sample (size and seed shown), the second coder codes it
blind, agreement appears as Krippendorff's alpha in plain words, a lead decides disagreements."""

from __future__ import annotations

from flask.testing import FlaskClient

from engagements import coding
from engagements import coding_repository as codes
from engagements.coding import CodeDraft
from tests.helpers import PASSWORD, check_page, csrf_token, make_user, post_form, sign_in
from tests.views.test_engagement_coding import filled_engagement

STAFF = "/staff/engagements"


def test_double_coding_from_sample_to_decision(client: FlaskClient) -> None:
    engagement = filled_engagement()
    access = codes.add_code(engagement.id, CodeDraft("Access"), None)
    transport = codes.add_code(engagement.id, CodeDraft("Transport"), None)
    lead = sign_in(client, "lead")
    comments = codes.comments(engagement.id)
    for comment in comments:
        codes.set_codes(engagement.id, comment.key, [access.id], lead.id)
    second = make_user("facilitator", "second@example.org")
    url = f"{STAFF}/{engagement.id}/agreement"
    check_page(client.get(url))
    response = post_form(client, url, {"size": "3", "seed": "2027", "second_coder": str(second.id)})
    assert response.status_code == 302
    page = check_page(client.get(url)).get_text(" ", strip=True)
    assert "Sample of 3 comments, drawn with random seed 2027" in page
    sample = codes.get_sample(engagement.id)
    assert sample is not None and len(sample.keys) == 3

    # The second coder sees only the sample and only their own codes.
    client.get("/staff/sign-out")
    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/sign-out"))})
    post_form(client, "/staff/sign-in", {"email": "second@example.org", "password": PASSWORD})
    blind = f"{STAFF}/{engagement.id}/coding?sample=1"
    page = check_page(client.get(blind))
    assert "Comment 1 of 3" in page.get_text() and page.select_one(".nhsuk-grid-column-one-third") is None
    assert not page.select("input[name=codes][checked]")  # the first coder's codes are not shown
    keys = [coding.parse_key(k) for k in sample.keys]
    for n, key in enumerate(keys):
        chosen = [access.id] if n else [transport.id]  # disagrees on the first comment only
        client.post(blind, data={"csrf_token": csrf_token(client.get(blind)), "key": str(key), "codes": chosen})
    # The blind codes do not change the main counts.
    assert coding.counts(coding.merged(codes.codings(engagement.id)))[transport.id] == 0

    client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/sign-out"))})
    post_form(client, "/staff/sign-in", {"email": lead.email, "password": PASSWORD})
    page = check_page(client.get(url)).get_text(" ", strip=True)
    assert "The second coder has coded 3 of 3" in page and "Overall agreement" in page
    assert "1 disagreement for a lead to decide" in page
    queue = f"{url}/disagreements"
    check_page(client.get(queue))
    client.post(
        queue,
        data={"csrf_token": csrf_token(client.get(queue)), "key": str(keys[0]), "codes": [access.id, transport.id]},
    )
    assert "No disagreements waiting" in check_page(client.get(queue)).get_text()
    merged = coding.merged(codes.codings(engagement.id))
    assert merged[keys[0]] == {access.id, transport.id}  # the lead's decision stands
