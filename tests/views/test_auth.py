from tests.helpers import PASSWORD, check_page, make_user, post_form, sign_in
from toolkit.auth import users


def test_sign_in_page_renders(client):
    check_page(client.get("/staff/sign-in"))


def test_wrong_password_is_a_clear_400_and_no_session(client):
    make_user("lead")
    response = post_form(client, "/staff/sign-in", {"email": "lead@example.org", "password": "wrong"})
    soup = check_page(response, status=400)
    assert "Enter a correct email address and password" in soup.find(class_="nhsuk-error-summary").get_text()
    assert client.get("/staff/surveys/").status_code == 302


def test_sign_in_then_out(client):
    sign_in(client, "viewer")
    assert client.get("/staff/surveys/").status_code == 200
    page = client.get("/staff/sign-out")
    check_page(page)
    assert post_form(client, "/staff/sign-out", {}).status_code == 302
    assert client.get("/staff/surveys/").location.startswith("/staff/sign-in")


def test_next_only_redirects_within_the_site(client):
    make_user("lead")
    data = {"email": "LEAD@example.org", "password": PASSWORD}
    response = post_form(client, "/staff/sign-in?next=//evil.example/x", data)
    assert response.location == "/staff/surveys/"


def test_passwords_are_stored_hashed_with_scrypt(app):
    user = make_user("admin")
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash
    assert users.authenticate("admin@example.org", PASSWORD) is not None
    assert users.authenticate("admin@example.org", "nope") is None
    assert users.authenticate("nobody@example.org", PASSWORD) is None


def test_demo_command_is_idempotent(runner):
    first = runner.invoke(args=["demo", "--responses", "20"])
    assert first.exit_code == 0, first.output
    for role in ("admin", "lead", "facilitator", "viewer"):
        assert f"{role}: {role}@example.org / demo-" in first.output
    assert "two-factor: add the key" in first.output and "recovery code" in first.output
    second = runner.invoke(args=["demo", "--responses", "20"])
    assert "already loaded" in second.output and "lead: lead@example.org / demo-" in second.output
    assert second.output.count("admin@example.org") == 1
