"""The insight library: full-text search through the engine's own search (FTS5 on SQLite,
tsvector on PostgreSQL) across every engagement's report, themes, coded comments, quotes and
commitments; filters; protected numbers; the index kept in step on write; reuse a theme."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engagements import coding_repository as codes
from engagements import repository as engagements
from engagements.coding import CodeDraft
from engagements.model import EngagementDetails
from reports import insight_repository
from reports.insight import Filters
from tests.helpers import check_page, csrf_token, make_user, sign_in_as
from toolkit import audit, db
from toolkit.schema import Engagement, InsightState

LIBRARY = "/staff/insight"


@pytest.fixture
def lead(client: FlaskClient) -> FlaskClient:
    sign_in_as(client, make_user("lead", "insight.lead@example.org"))
    return client


def _other(title: str = "GP access in Northtown") -> Engagement:
    return engagements.create_engagement(EngagementDetails(title=title), None)


def test_search_finds_the_demo_engagements_themes_comments_and_commitments(demo: Engagement, lead: FlaskClient):
    page = check_page(lead.get(LIBRARY, query_string={"q": "opening hours"}))
    text = " ".join(page.get_text().split())
    kinds = {h.kind for h in insight_repository.search(Filters("opening hours"))}
    assert {"theme", "comment", "commitment"} <= kinds
    assert "Opening hours" in text and demo.title in text
    assert "How representative" in text and "seldom-heard groups reached" in text
    # stemming: "weekends" finds "weekend"
    assert any("weekend" in h.body.lower() for h in insight_repository.search(Filters("weekends")))


def test_the_library_is_in_the_staff_menu(demo: Engagement, lead: FlaskClient):
    page = check_page(lead.get("/staff/engagements/"))
    assert page.find("a", href=LIBRARY) is not None


def test_small_numbers_are_protected(demo: Engagement, app: Flask):
    small = Engagement(title="A tiny listening event")
    with db.transaction() as session:
        session.add(small)
    codes.add_code(small.id, CodeDraft("Hearing loops", definition="Induction loops at reception"), None)
    hits = insight_repository.search(Filters("induction loops"))
    assert [h.kind for h in hits] == ["theme"]
    assert hits[0].n is not None and not hits[0].n.shown and hits[0].n.value is None  # "fewer than 5"
    for hit in insight_repository.search(Filters("opening hours")):
        for value in (hit.n, hit.participants):
            assert value is None or value.shown or value.value is None


def test_the_index_follows_every_write(demo: Engagement, lead: FlaskClient):
    assert insight_repository.search(Filters("opening"))
    assert db.session.get(InsightState, demo.id) is not None
    code = codes.add_code(demo.id, CodeDraft("Phlebotomy clinics", definition="Blood tests near home"), None)
    assert db.session.get(InsightState, demo.id) is None  # marked stale in the same transaction
    found = insight_repository.search(Filters("phlebotomy"))
    assert [h.title for h in found if h.kind == "theme"] == ["Phlebotomy clinics"]
    row = codes.get_code(demo.id, code.id)
    assert row is not None
    codes.delete_code(row, None)
    assert insight_repository.search(Filters("phlebotomy")) == []


def test_filters_by_place_service_date_theme_and_population(demo: Engagement, lead: FlaskClient):
    from reports import repository

    written = repository.narrative(demo.id)
    assert written is not None
    texts = {"summary": written.summary, "recommendations": written.recommendations, "next_steps": written.next_steps}
    where = {"place": "Withnell", "service_area": "Urgent care"}
    repository.save_narrative(demo, texts, list(written.quote_keys), None, written.evaluation, where)
    assert insight_repository.search(Filters("opening", place="withnell"))
    assert not insight_repository.search(Filters("opening", place="Southtown"))
    assert insight_repository.search(Filters("opening", service_area="urgent"))
    assert not insight_repository.search(Filters("opening", service_area="maternity"))
    themed = insight_repository.search(Filters("bus", theme="Getting there"))
    assert themed and all("Getting there" in h.themes for h in themed)
    assert not insight_repository.search(Filters("opening", population="no such group at all"))
    hit = insight_repository.search(Filters("opening"))[0]
    assert hit.on_date is not None
    assert not insight_repository.search(Filters("opening", from_date=hit.on_date.replace(year=hit.on_date.year + 5)))
    page = check_page(lead.get(LIBRARY, query_string={"q": "opening", "place": "Withnell", "to_date": "2099-01-01"}))
    assert "Opening hours" in page.get_text()


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", 'NEAR(opening hours, 2) * "unclosed', "opening' OR 1=1 --", "hours:*", "a" * 150]
)
def test_search_syntax_is_only_ever_words(demo: Engagement, lead: FlaskClient, query: str):
    response = lead.get(LIBRARY, query_string={"q": query})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("args", [{"q": "?!"}, {"q": "x" * 201}, {"q": "a", "from_date": "31 Feb"}, {"q": ""}])
def test_bad_searches_get_a_clear_message(demo: Engagement, lead: FlaskClient, args: dict[str, str]):
    page = check_page(lead.get(LIBRARY, query_string=args), 400)
    assert page.find(class_="nhsuk-error-summary") is not None


def test_reuse_a_theme_in_another_engagement(demo: Engagement, lead: FlaskClient):
    target = _other()
    page = lead.get(LIBRARY, query_string={"q": "waiting times"})
    hit = next(h for h in insight_repository.search(Filters("waiting times")) if h.kind == "theme")
    response = lead.post(
        f"{LIBRARY}/{hit.entry_id}/reuse", data={"csrf_token": csrf_token(page), "engagement": str(target.id)}
    )
    assert response.status_code == 303
    reused = [c for c in codes.codebook(target.id) if c.name == "Waiting times"]
    assert reused and reused[0].definition.startswith("How long people wait")
    assert [e.action for e in audit.events_for("engagement", target.id)].count("insight.theme_reused") == 1
    # twice: the name is already there, a clear 400
    again = lead.post(
        f"{LIBRARY}/{hit.entry_id}/reuse", data={"csrf_token": csrf_token(page), "engagement": str(target.id)}
    )
    assert again.status_code == 400


def test_reuse_needs_a_theme_and_a_lead(demo: Engagement, client: FlaskClient):
    sign_in_as(client, make_user("viewer", "insight.viewer@example.org"))
    hit = next(h for h in insight_repository.search(Filters("waiting")) if h.kind != "theme")
    page = client.get(LIBRARY, query_string={"q": "waiting"})
    response = client.post(f"{LIBRARY}/{hit.entry_id}/reuse", data={"csrf_token": csrf_token(page), "engagement": "1"})
    assert response.status_code == 403
