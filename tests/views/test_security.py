"""Security: every staff URL refuses anonymous visitors, roles are enforced, forms need a
CSRF token, sign-in fails safely, and no page loads anything from a third-party host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from surveys import repository
from tests.helpers import PASSWORD, check_page, csrf_token, make_survey, make_user, post_form, sign_in
from toolkit.auth import ROLE_RANK, role_required

SIGN_IN = "/staff/sign-in"
# Endpoints anyone may use. Keep this list explicit: a new endpoint is a staff page
# (and must refuse anonymous visitors) unless it is named here.
PUBLIC_PREFIXES = (
    "public.",  # answering a survey
    "easy_read.",  # answering the easy read version of a survey
    "home.",
    "workshops.public_",  # taking part in a workshop from a phone
    "reports.public_",  # the published "You said, we did" pages
    "panel.public_",  # joining the citizens' panel, confirming, and a member's own page by personal link
    "panel_invitations.public_",  # the short link printed on a panel invitation letter
)
PUBLIC_ENDPOINTS = {
    "static",
    "nhsuk_assets",
    "auth.sign_in",
    "translation_notice",  # what a machine-assisted translation means
    # Signing out only clears the session, so it needs no sign-in.
    "auth.sign_out",
    # The load balancer's health check: says only whether each check passed (no personal data).
    "health.healthz",
    # The published "You said, we did" feed, and asking to hear the outcome of an engagement.
    "reports.feed",
    "reports.tell_me",
    # The published easy-read summary of a report (HTML and PDF), stopping "tell me" emails from
    # the link in each one, and a respondent's "do not quote my words" on the survey's end page.
    "reports.easy_read_summary",
    "reports.easy_read_pdf",
    "reports.stop_telling",
    "reports.do_not_quote",
    # Before a full sign-in: forgotten passwords, invitation links, the second factor
    # (these two need a password-signed-in session and redirect anyone else to sign in).
    "auth.forgot_password",
    "auth.reset_password",
    "auth.accept_invitation",
    "auth.two_factor_code",
    "auth.two_factor_setup",
}
ARGUMENT = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC_ENDPOINTS or endpoint.endswith(".static") or endpoint.startswith(PUBLIC_PREFIXES)


def url_for_rule(rule: Rule, values: dict[str, str]) -> str:
    """The rule's URL with each variable filled with a plausible value (an existing id where known)."""

    def fill(match: re.Match[str]) -> str:
        converter, name = match.group("converter") or "string", match.group("name")
        if name in values:
            return values[name]
        if converter == "any":
            return match.group("args").split(",")[0].strip(" '\"")
        return "1" if converter in ("int", "float") else "x"

    return ARGUMENT.sub(fill, rule.rule)


def staff_rules(app: Flask) -> list[tuple[Rule, str]]:
    """Every non-public rule and each method it answers (HEAD and OPTIONS are Flask's own)."""
    found = []
    for rule in app.url_map.iter_rules():
        if is_public(rule.endpoint):
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((rule, method))
    return found


def plausible_values() -> dict[str, str]:
    survey = make_survey("demo")
    channel = repository.add_channel(survey, "Poster", None)
    return {"survey_id": str(survey.id), "channel_id": str(channel.id), "slug": survey.slug, "code": channel.code}


def assert_refused(response, where: str) -> None:  # type: ignore[no-untyped-def]
    if response.status_code == 302:
        assert urlsplit(response.location).path == SIGN_IN, f"{where} redirects to {response.location}"
    else:
        assert response.status_code == 403, f"{where} answered an anonymous visitor with {response.status_code}"


def test_the_url_map_has_staff_pages_to_check(app: Flask) -> None:
    rules = staff_rules(app)
    assert any(rule.endpoint == "builder.index" for rule, _ in rules)
    assert not [rule.rule for rule, _ in rules if not rule.rule.startswith("/staff")], "staff pages live under /staff"


def test_no_staff_page_answers_an_anonymous_request(app: Flask, client: FlaskClient) -> None:
    values = plausible_values()
    token = csrf_token(client.get(SIGN_IN))  # a real token from a public page
    checked = 0
    for rule, method in staff_rules(app):
        url = url_for_rule(rule, values)
        where = f"{method} {url} ({rule.endpoint})"
        if method in UNSAFE_METHODS:
            without_token = client.open(url, method=method, data={})
            assert without_token.status_code == 400, f"{where} without a CSRF token: {without_token.status_code}"
            assert_refused(client.open(url, method=method, data={"csrf_token": token}), where + " with a token")
        else:
            assert_refused(client.open(url, method=method), where)
        checked += 1
    assert checked >= 1


def test_sign_in_redirect_remembers_where_the_visitor_was_going(client: FlaskClient) -> None:
    response = client.get("/staff/surveys/")
    assert urlsplit(response.location).path == SIGN_IN
    assert "next=" in response.location


# --- roles -----------------------------------------------------------------------------


def role_limited_rules(app: Flask) -> list[tuple[Rule, str, str]]:
    """(rule, method, required role) for every view that needs more than the lowest role."""
    found = []
    for rule, method in staff_rules(app):
        required = getattr(app.view_functions[rule.endpoint], "required_role", None)
        if required is not None and ROLE_RANK[required] > ROLE_RANK["viewer"]:
            found.append((rule, method, required))
    return found


def test_every_staff_view_declares_the_role_it_needs(app: Flask) -> None:
    missing = [
        rule.endpoint
        for rule, _ in staff_rules(app)
        if getattr(app.view_functions[rule.endpoint], "required_role", None) is None
    ]
    assert not missing, f"staff views without role_required: {missing}"


@pytest.fixture
def throwaway_lead_view(app: Flask) -> None:
    """A lead-only POST, so role checks are proved even before the builder has any."""
    blueprint = Blueprint("throwaway", __name__, url_prefix="/staff/throwaway")

    @blueprint.post("/act")
    @role_required("lead")
    def act() -> str:
        return "done"

    app.register_blueprint(blueprint)


def test_a_viewer_is_refused_a_lead_only_post(app: Flask, client: FlaskClient, throwaway_lead_view: None) -> None:
    sign_in(client, "viewer")
    token = csrf_token(client.get("/staff/sign-out"))
    assert client.post("/staff/throwaway/act", data={"csrf_token": token}).status_code == 403
    lead = app.test_client()
    sign_in(lead, "lead")
    token = csrf_token(lead.get("/staff/sign-out"))
    assert lead.post("/staff/throwaway/act", data={"csrf_token": token}).status_code == 200


def test_staff_below_the_required_role_get_403_everywhere(app: Flask) -> None:
    values = plausible_values()
    clients: dict[str, FlaskClient] = {}
    for role in ROLE_RANK:
        clients[role] = app.test_client()
        sign_in(clients[role], role)
    for rule, method, required in role_limited_rules(app):
        url = url_for_rule(rule, values)
        for role, rank in ROLE_RANK.items():
            if rank >= ROLE_RANK[required]:
                continue
            client = clients[role]
            data = {"csrf_token": csrf_token(client.get("/staff/sign-out"))} if method in UNSAFE_METHODS else None
            response = client.open(url, method=method, data=data)
            assert response.status_code == 403, f"{role} {method} {url}: {response.status_code} (needs {required})"


# --- CSRF and sign-in ------------------------------------------------------------------------


def test_post_without_csrf_token_gets_a_clear_400_page(client: FlaskClient) -> None:
    make_survey()
    client.get("/s/test")
    soup = check_page(client.post("/s/test/start", data={}), status=400)
    assert "timed out" in soup.h1.get_text()
    soup = check_page(client.post("/s/test/start", data={"csrf_token": "forged"}), status=400)
    assert "try again" in soup.get_text()
    assert check_page(client.post(SIGN_IN, data={"email": "a@b.c", "password": "x"}), status=400)


def test_wrong_password_shows_the_error_summary_and_signs_nobody_in(client: FlaskClient) -> None:
    user = make_user("lead")
    response = post_form(client, SIGN_IN, {"email": user.email, "password": "wrong password"})
    soup = check_page(response, status=400)
    summary = soup.find(class_="nhsuk-error-summary")
    assert summary is not None and "Enter a correct email address and password" in summary.get_text()
    assert "wrong password" not in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "staff_user_id" not in session
    assert urlsplit(client.get("/staff/surveys/").location).path == SIGN_IN


def test_unknown_email_looks_the_same_as_a_wrong_password(client: FlaskClient) -> None:
    response = post_form(client, SIGN_IN, {"email": "nobody@example.org", "password": PASSWORD})
    assert "Enter a correct email address and password" in check_page(response, status=400).get_text()


OFF_SITE = [
    "//evil.example",
    "https://evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "///x",
]


def test_sign_in_never_redirects_off_site(client: FlaskClient) -> None:
    user = make_user("lead")
    for target in OFF_SITE:
        response = post_form(client, f"{SIGN_IN}?next={target}", {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        location = urlsplit(response.location)
        assert not location.netloc or location.netloc == "localhost", response.location
        assert not location.scheme or location.scheme in ("http", "https"), response.location
        assert not re.match(r"^[/\\]{2}", location.path), response.location
        client.post("/staff/sign-out", data={"csrf_token": csrf_token(client.get("/staff/sign-out"))})


def test_sign_in_follows_a_local_next(client: FlaskClient) -> None:
    user = make_user("lead")
    response = post_form(client, f"{SIGN_IN}?next=/staff/surveys/", {"email": user.email, "password": PASSWORD})
    assert urlsplit(response.location).path == "/staff/surveys/"


# --- no third-party hosts ------------------------------------------------------------------


ALLOWED_SOURCES = re.compile(r"^('self'|'none'|'nonce-[A-Za-z0-9_\-+/=]+'|data:)$")
THIRD_PARTY = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def public_pages(client: FlaskClient) -> list[tuple[str, int]]:
    """A visit through every kind of public page, with its expected status."""
    make_survey()
    closed = make_survey("closed")
    repository.close(closed, None)
    pages = [("/", 200), ("/privacy", 200), ("/accessibility", 200), (SIGN_IN, 200)]
    pages += [("/s/nope", 404), ("/s/closed", 410), ("/s/test", 200)]
    start = client.get("/s/test")
    client.post("/s/test/start", data={"csrf_token": csrf_token(start)})
    pages.append(("/s/test/page/s1", 200))
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {})
    pages.append(("/s/test/check", 200))
    return pages


def test_every_public_page_has_a_strict_content_security_policy(client: FlaskClient) -> None:
    for path, status in public_pages(client):
        response = client.get(path)
        assert response.status_code == status, path
        policy = response.headers.get("Content-Security-Policy", "")
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives.get("default-src") == "'self'", (path, policy)
        for name, sources in directives.items():
            for source in sources.split():
                assert ALLOWED_SOURCES.match(source), f"{path}: {name} allows {source}"
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert directives.get("frame-ancestors") == "'none'" and directives.get("object-src") == "'none'"
        assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_no_public_page_references_another_host(client: FlaskClient) -> None:
    for path, _status in public_pages(client):
        html = client.get(path).get_data(as_text=True)
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "object", "embed"]):
            for attribute in ("src", "href", "srcset", "data"):
                value = (tag.get(attribute) or "").strip()
                assert not re.match(r"^(?:[a-z]+:)?//", value, re.IGNORECASE), f"{path}: {tag}"
        assert "@import" not in html and "fonts.googleapis" not in html
        for style in soup.find_all("style"):
            assert not THIRD_PARTY.search(style.get_text()) and "url(http" not in style.get_text()


@pytest.mark.parametrize(
    "stylesheet",
    ["/static/nhsuk/nhsuk-frontend.min.css", "/static/nhsuk/nhsuk-frontend.public.min.css", "/static/css/toolkit.css"],
)
def test_stylesheets_load_no_fonts_or_images_from_elsewhere(client: FlaskClient, stylesheet: str) -> None:
    response = client.get(stylesheet)
    assert response.status_code == 200
    css = response.get_data(as_text=True)
    response.close()
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    assert not [u for u in urls if re.match(r"^(?:[a-z]+:)?//", u, re.IGNORECASE)], stylesheet
    assert "@import" not in css
