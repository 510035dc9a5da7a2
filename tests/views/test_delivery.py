"""Headers that make pages light on a slow phone connection: compression negotiated with the
browser, fingerprinted static files cached for a year, nothing personal kept by shared caches."""

from __future__ import annotations

import base64
import gzip
import re
from pathlib import Path
from types import SimpleNamespace

import brotli
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import skip_or_fail
from tests.helpers import csrf_token, make_survey, post_form, sign_in
from tests.views.test_security import public_pages
from toolkit import delivery
from toolkit.fingerprints import DIST, FINGERPRINTED, STATIC_ROOTS, fingerprint

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(autouse=True)
def _built() -> None:
    if delivery.load_manifest(DIST) is None:
        skip_or_fail("the static files are not built or are stale: run .venv/bin/python -m toolkit.assets")


def static_urls(client: FlaskClient, path: str) -> list[str]:
    soup = BeautifulSoup(client.get(path).get_data(as_text=True), "html.parser")
    urls = [tag.get("href") or tag.get("src") for tag in soup.find_all(["link", "script"])]
    return [u for u in urls if u and u.startswith("/static/")]


def vary(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {v.strip().lower() for v in response.headers.get("Vary", "").split(",")}


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip"), ("", None)])
def test_pages_are_compressed_as_the_browser_accepts(client: FlaskClient, accept: str, encoding: str | None) -> None:
    make_survey()
    response = client.get("/s/test", headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert "accept-encoding" in vary(response)
    body = response.get_data()
    html = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda b: b}[encoding](body)
    assert b"<h1" in html


@pytest.mark.parametrize(
    ("accept", "encoding", "suffix"), [("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz")]
)
def test_static_files_are_sent_compressed_at_build_time_and_cached_for_a_year(
    client: FlaskClient, accept: str, encoding: str, suffix: str
) -> None:
    urls = static_urls(client, "/privacy")
    assert {Path(u).suffix for u in urls} >= {".css", ".mjs", ".svg"}
    for url in urls:
        assert FINGERPRINTED.search(url), url
        response = client.get(url, headers={"Accept-Encoding": accept})
        assert response.status_code == 200, url
        assert response.headers["Content-Encoding"] == encoding, url
        assert response.headers["Cache-Control"] == IMMUTABLE, url
        assert "accept-encoding" in vary(response), url
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        # The very bytes compressed by the build, not compressed again for this request.
        assert response.get_data() == (DIST / (url.lstrip("/") + suffix)).read_bytes(), url


def test_static_files_without_a_fingerprint_are_cached_only_briefly(client: FlaskClient) -> None:
    response = client.get("/static/css/toolkit.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]
    assert re.fullmatch(r"max-age=60, public", response.headers["Cache-Control"])
    assert client.get("/assets/images/nhsuk-icon-cross.svg").status_code == 200  # where the stylesheet looked


def test_the_stylesheet_names_its_icons_by_fingerprint(client: FlaskClient) -> None:
    css_url = next(u for u in static_urls(client, "/privacy") if "nhsuk-frontend" in u)
    css = client.get(css_url).get_data(as_text=True)
    icons = re.findall(r"url\(([^)]+)\)", css)
    assert icons and all(FINGERPRINTED.search(icon) for icon in icons)
    for icon in icons:
        assert client.get(icon).headers["Cache-Control"] == IMMUTABLE


def test_blueprint_static_files_are_fingerprinted_too(app: Flask) -> None:
    with app.test_request_context():
        from flask import url_for

        assert FINGERPRINTED.search(url_for("workshops.static", filename="workshops/board.css"))


def test_every_static_folder_the_app_serves_is_built(app: Flask) -> None:
    served = {app.static_url_path: Path(app.static_folder or "")}
    for blueprint in app.blueprints.values():
        if blueprint.static_folder:
            served[(blueprint.url_prefix or "") + (blueprint.static_url_path or "")] = Path(blueprint.static_folder)
    assert {prefix: path.resolve() for prefix, path in served.items()} == {
        prefix: path.resolve() for prefix, path in STATIC_ROOTS.items()
    }


def test_a_changed_source_is_never_served_stale(tmp_path: Path) -> None:
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "site.css").write_text("body{}")
    roots = {"/static": folder}
    fingerprint(roots, tmp_path / "dist")
    assert delivery.load_manifest(tmp_path / "dist", roots) is not None
    (folder / "site.css").write_text("body{color:red}")
    assert delivery.load_manifest(tmp_path / "dist", roots) is None  # so Flask serves the source itself


def test_public_pages_are_never_kept_by_shared_caches(client: FlaskClient) -> None:
    for path, _status in public_pages(client):
        response = client.get(path)
        assert response.headers["Cache-Control"] in ("private, no-cache", "no-store"), path
        assert "public" not in response.headers["Cache-Control"], path


def test_check_answers_with_the_respondents_answers_is_private(client: FlaskClient) -> None:
    make_survey()
    client.post("/s/test/start", data={"csrf_token": csrf_token(client.get("/s/test"))})
    post_form(client, "/s/test/page/s1", {"colour": "red"})
    post_form(client, "/s/test/page/s2", {})
    response = client.get("/s/test/check")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert "cookie" in vary(response)


def test_staff_pages_are_never_stored(client: FlaskClient) -> None:
    assert client.get("/staff/sign-in").headers["Cache-Control"] == "no-store"
    sign_in(client)
    for path in ("/staff/surveys/", "/staff/workshops/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    # Signed in, even a public page is not stored: it may show staff-only links.
    assert client.get("/privacy").headers["Cache-Control"] == "no-store"


def test_public_pages_get_the_cut_stylesheet_and_staff_pages_all_of_it(client: FlaskClient) -> None:
    assert any("nhsuk-frontend.public.min." in u for u in static_urls(client, "/privacy"))
    assert any("nhsuk-frontend.public.min." in u for u in static_urls(client, "/staff/sign-in"))
    sign_in(client)
    staff = static_urls(client, "/staff/surveys/")
    assert any(re.search(r"nhsuk-frontend\.min\.[0-9a-f]+\.css", u) for u in staff)
    soup = BeautifulSoup(client.get("/staff/surveys/").get_data(as_text=True), "html.parser")
    assert soup.body is not None and soup.body.get("data-toolkit-script") == "always"


def test_no_page_loads_the_nhsuk_script_directly(client: FlaskClient) -> None:
    """Only js/toolkit.mjs is on the page; it imports the NHS.UK script when a component needs it."""
    scripts = [u for u in static_urls(client, "/privacy") if u.endswith((".js", ".mjs"))]
    assert len(scripts) == 1 and "/js/toolkit." in scripts[0]
    module = client.get(scripts[0]).get_data(as_text=True)
    imported = re.search(r"import\('([^']+)'\)", module)
    assert imported and FINGERPRINTED.search(imported.group(1))


# --- staff charts as separate files ---------------------------------------------------------------


def test_a_chart_is_a_separate_svg_file_cached_privately_by_its_content(app: Flask, client: FlaskClient) -> None:
    from toolkit.chart_files import chart_src

    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>' * 20
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    redrawn = "data:image/svg+xml;base64," + base64.b64encode(svg.replace(b'"1"', b'"2"')).decode()
    with app.test_request_context():
        first = chart_src(SimpleNamespace(data_uri=uri))
        again = chart_src(SimpleNamespace(data_uri=uri))
        other = chart_src(SimpleNamespace(data_uri=redrawn))
    assert first == again != other and re.fullmatch(r"/staff/charts/[0-9a-f]{64}\.svg", first)
    assert client.get(first).status_code == 302  # staff only: sign in first
    sign_in(client, "viewer")
    response = client.get(first, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert brotli.decompress(response.get_data()) == svg
    assert client.get("/staff/charts/" + "0" * 64 + ".svg").status_code == 404
    assert client.get("/staff/charts/..%2Fsecret_key.svg").status_code == 404


def test_a_chart_drawn_on_one_app_instance_is_served_by_another(app: Flask, client: FlaskClient) -> None:
    """Each host keeps charts in its own instance folder only as a cache: another instance (here,
    this one with its folder emptied) finds the chart in the database and serves the same bytes."""
    import shutil
    from pathlib import Path

    from toolkit.chart_files import chart_src

    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>' * 10
    with app.test_request_context():
        url = chart_src(SimpleNamespace(data_uri="data:image/svg+xml;base64," + base64.b64encode(svg).decode()))
    folder = Path(app.instance_path) / "charts"
    shutil.rmtree(folder)
    sign_in(client, "viewer")
    response = client.get(url)
    assert response.status_code == 200 and response.get_data() == svg
    assert (folder / url.rsplit("/", 1)[1]).read_bytes() == svg  # cached on this host again
