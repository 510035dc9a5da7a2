"""Every staff page can be found by following links: a walk from the home page, signed in as an
admin with the demo data, following only `<a href>` on the pages it reaches (GET only, never a
form), reaches every staff GET route in the URL map. The translations page and the paper page
were once reachable only by typing their address; a page like that fails here.

A route the walk may rightly not reach is in EXCEPTIONS, with the reason."""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from engagements import demo as engagement_demo
from panel import demo as panel_demo
from panel import invitations_demo
from reports import demo as report_demo
from surveys import demo as survey_demo
from tests.helpers import make_user, sign_in_as
from workshops import demo as workshop_demo

EXCEPTIONS = {
    # Reached by a person who is signed out, from an email, or mid-sign-in: never linked to an admin.
    "auth.reset_password": "reached only from the emailed link with its one-time token",
    "auth.accept_invitation": "reached only from the emailed invitation with its token",
    "auth.two_factor_code": "a step inside signing in, after the password",
    # The preview's pages after its start page, reached as a respondent reaches them: by its buttons.
    "preview.page": "reached by the preview's Start now and Continue buttons (forms), as respondents do",
    "preview.check": "reached by the last page's Continue button (a form)",
    "preview.done": "reached by the check page's Send button (a form)",
    "preview.easy_question": "reached by the easy-read preview's Start and Next buttons (forms)",
    "preview.easy_check": "reached by the last easy-read question's button (a form)",
    "preview.easy_done": "reached by the easy-read check page's Send button (a form)",
    # Things that exist only after a POST starts them (the walk never submits a form).
    "jobs.progress": "a job's page exists once a form has started the job",
    "jobs.download": "a finished job's file, linked from its progress page",
    "jobs.status": "the progress page's script polls it; not a page",
    "outbox.message": "the demo sends no email, so the outbox lists none to open",
    # Not pages: pictures and data the pages load, not links a person follows.
    "charts.svg": "a chart file shown in an <img>, named by its content",
    "results.chart": "a chart shown in an <img> on the results page",
    "paper.picture": "an easy-read picture shown in an <img>",
    "workshops.notes_json": "the board's script reads it to keep boards in step",
    "workshops.tally_json": "the projector view's script polls it for the live tally; not a page",
    "workshops.board_json": "the board's script polls it to follow moves made on another device; not a page",
    "engagements.static": "static files",
    "workshops.static": "static files",
    "paper.settle": "a mismatch to settle exists only once two returned copies disagree; the demo has none",
    "engagements.evidence": "an evidence file exists once a lead uploads one; the demo has none",
    "builder.new_question": "reached by choosing a type on the form before it (a POST that redirects here)",
    "workshops.offer_report_pdf": "the PDF's stable address; the record page has the same button (a POST to it)",
    "reports.offer_report_file": "the files' stable addresses; the report page has the same buttons (POSTs to them)",
    "reports.report_version": "the demo has no published report version to download",
}
SKIP_FETCH = (".pdf", ".xlsx", ".csv", ".docx", ".qdc", ".svg", ".png", ".json", ".atom", ".html")


def _load_demo() -> None:
    list(survey_demo.load_demo(12))
    list(workshop_demo.load_demo())
    list(engagement_demo.load_demo())
    list(report_demo.load_demo())
    list(panel_demo.load_demo())  # enough members for the demo's past invitation of 150
    list(invitations_demo.load_demo())


def _match(app: Flask, path: str) -> tuple[str, str] | None:
    adapter = app.url_map.bind("localhost")
    try:
        rule, _args = adapter.match(path, method="GET", return_rule=True)
    except (HTTPException, RequestRedirect):
        return None
    return rule.endpoint, rule.rule


def walk(app: Flask, client: FlaskClient, start: str = "/", per_rule: int = 2) -> dict[str, set[str]]:
    """The staff rules reached, each with the pages that link to it. At most `per_rule` URLs of
    one rule are opened (the demo has dozens of notes, each with its own edit page)."""
    reached: dict[str, set[str]] = {}
    opened: dict[str, int] = {}
    seen = {start}
    queue = deque([(start, "")])
    while queue:
        url, source = queue.popleft()
        path = urlsplit(url).path
        matched = _match(app, path)
        if matched is None:
            continue
        _endpoint, rule = matched
        reached.setdefault(rule, set()).add(source)
        if path.endswith(SKIP_FETCH) or opened.get(rule, 0) >= per_rule:
            continue
        opened[rule] = opened.get(rule, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, f"{url} (linked from {source}): {response.status_code}"
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for link in BeautifulSoup(response.get_data(as_text=True), "html.parser").find_all("a", href=True):
            href = link["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # another site, a fragment on the same page, or mailto:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and (parts.path.startswith("/staff") or parts.path == "/"):
                seen.add(target)
                queue.append((target, path))
    return reached


def staff_get_rules(app: Flask) -> dict[str, str]:
    """Every staff GET route: rule -> endpoint."""
    return {
        rule.rule: rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/staff") and "GET" in (rule.methods or set())
    }


def test_every_staff_page_is_reached_by_links_from_the_home_page(app: Flask, client: FlaskClient) -> None:
    _load_demo()
    sign_in_as(client, make_user("admin"))
    reached = walk(app, client)
    rules = staff_get_rules(app)
    missing = sorted(
        f"{rule} ({endpoint})" for rule, endpoint in rules.items() if rule not in reached and endpoint not in EXCEPTIONS
    )
    assert not missing, "staff pages no link leads to:\n" + "\n".join(missing)
    # An exception that the walk reaches after all is no longer an exception.
    needless = sorted(e for e in EXCEPTIONS if any(rules[r] == e for r in reached if r in rules))
    assert not needless, f"reached, so no longer exceptions: {needless}"


def test_the_survey_overview_links_every_page_of_the_survey(app: Flask, client: FlaskClient) -> None:
    list(survey_demo.load_demo(12))
    sign_in_as(client, make_user("lead"))
    survey = survey_demo_survey()
    page = BeautifulSoup(client.get(f"/staff/surveys/{survey.id}").get_data(as_text=True), "html.parser")
    tasks = {a.get_text(strip=True): a["href"] for a in page.select(".nhsuk-task-list a")}
    base = f"/staff/surveys/{survey.id}"
    for name, href in {
        "Details": f"{base}/details",
        "Equality monitoring questions": f"{base}/equality",
        "Languages (translations)": f"{base}/translations",
        "Easy read": f"{base}/easy-read",
        "Links, channels and posters": f"{base}/channels",
        "Paper, print and easy read": f"{base}/paper",
        "Check and publish": f"{base}/publish",
        "Results": f"{base}/results",
        "Representativeness": f"{base}/representativeness",
    }.items():
        assert tasks.get(name) == href, (name, tasks)
    channels = BeautifulSoup(client.get(f"{base}/channels").get_data(as_text=True), "html.parser")
    for card in channels.select(".nhsuk-card[id^=channel-]"):
        if card.find("img"):  # a channel still handed out
            channel_id = card["id"].removeprefix("channel-")
            assert card.find("a", href=f"{base}/channels/{channel_id}/poster.pdf"), card["id"]


def survey_demo_survey():  # type: ignore[no-untyped-def]
    from surveys import repository

    survey = repository.get_by_slug(survey_demo.DEMO_SLUG)
    assert survey is not None
    return survey
