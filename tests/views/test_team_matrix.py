"""The role × team matrix over the whole URL map: every staff route, every role, a person in
the team that owns the work and a person in another team. Routes are read from the URL map,
so a new staff page is checked as soon as it exists; a new kind of URL argument fails
`test_every_staff_url_argument_has_a_sample_value` until it is given one here (and, if it names
a new kind of object, a team scope in toolkit/teams.py)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from engagements import demo as engagement_demo
from panel import demo as panel_demo
from panel import repository as panel_repository
from surveys import demo as survey_demo
from surveys import repository
from tests.helpers import make_user, sign_in_as
from tests.views.test_security import ARGUMENT, UNSAFE_METHODS, staff_rules, url_for_rule
from toolkit import db, teams
from toolkit.auth import ROLE_RANK
from toolkit.schema import (
    Channel,
    CodebookCode,
    Commitment,
    Engagement,
    EngagementActivity,
    EvidenceFile,
    PanelInvitationBatch,
    PanelMember,
    PanelRecruitmentChannel,
    PaperCopy,
    SurveyImage,
    VoteRound,
    WorkshopAction,
    WorkshopExpense,
    WorkshopNote,
    WorkshopSession,
    WorkshopTable,
    WorkshopTheme,
    WorkshopTopic,
)
from workshops import demo as workshop_demo

TEAM_ROLES = ("viewer", "facilitator", "lead", "panel_manager")
# Arguments that are not objects: a value every route accepts.
FIXED = {
    "direction": "up",
    "question_type": "short_text",
    "variant": "standard",
    "code": "pl",
    "file_format": "csv",
    "invitation_id": "1",
    "user_id": "1",  # admin-only pages: test_security proves others get 403
    "key": "gunning",  # a checklist
    "item_id": "formative",
    "period_id": "1",  # admin-only calendar periods
    "digest": "0" * 64,  # a chart file, named by its content (unguessable), not by an object
    "job_id": "1",  # a job is its starter's own (others get 404): test_a_job_is_its_starters_own
    "message_id": "1",  # the outbox is for admins only
    "language": "pl",  # a language of the demo engagement's survey ("You said, we did" translations)
    "version": "1",  # a published report version: the demo has none, so these pages may be 404
    "entry_id": "1",  # an insight-library entry: shared by every team on purpose (see CROSS_TEAM)
}
# Objects shared by every team on purpose: the insight library exists so that no team asks people
# again what another already learnt. Reusing an entry changes only the chosen engagement, which is
# checked against the person's teams (tests/views/test_insight.py).
CROSS_TEAM = {"entry_id"}
# Objects that belong to one person, not a team: only that person (and admins) reach them.
PERSONAL = {"job_id"}
PER_ENDPOINT = {
    "workshops.export_csv": {"kind": "notes"},
    "builder.channel_qr": {"kind": "svg"},
    "panel.channel_qr": {"kind": "svg"},
    "reports.report_job": {"kind": "pdf"},
    "reports.offer_report_file": {"kind": "pdf"},
    "reports.report_version": {"kind": "html"},
    "results.text_answers": {"question_id": "ideas"},  # the demo's free-text question
}
# Pages that name what they show in the query string, so the bare URL is rightly 404.
NEEDS_QUERY = {"engagements.redact"}
# Staff URL arguments that name something inside a survey or session (checked with its parent).
CHILDREN = {
    "channel_id": (Channel, "survey_id"),
    "image_id": (SurveyImage, "survey_id"),
    "topic_id": (WorkshopTopic, "session_id"),
    "table_id": (WorkshopTable, "session_id"),
    "note_id": (WorkshopNote, "session_id"),
    "theme_id": (WorkshopTheme, "session_id"),
    "action_id": (WorkshopAction, "session_id"),
    "expense_id": (WorkshopExpense, "session_id"),
    "round_id": (VoteRound, "session_id"),
    "activity_id": (EngagementActivity, "engagement_id"),
    "code_id": (CodebookCode, "engagement_id"),
    "file_id": (EvidenceFile, "engagement_id"),
    "commitment_id": (Commitment, "engagement_id"),
    "member_id": (PanelMember, "panel_id"),
    "recruitment_channel_id": (PanelRecruitmentChannel, "panel_id"),
    "batch_id": (PanelInvitationBatch, "panel_id"),
}


def load_world() -> tuple[dict[str, str], set[str]]:
    """The demo survey and workshop (in the default team), and a value for every URL argument;
    the arguments for which the demo has no row (a URL with one may rightly be 404)."""
    list(survey_demo.load_demo(12))
    list(workshop_demo.load_demo())
    list(engagement_demo.load_demo())
    list(panel_demo.load_demo(12))
    panel = panel_repository.panel_by_slug(panel_demo.DEMO_SLUG)
    assert panel is not None
    survey = repository.get_by_slug(survey_demo.DEMO_SLUG)
    assert survey is not None
    definition = repository.definition_of(survey)
    engagement = db.session.scalars(select(Engagement).where(Engagement.title == workshop_demo.DEMO_TITLE)).first()
    assert engagement is not None
    workshop = db.session.scalars(select(WorkshopSession).where(WorkshopSession.engagement_id == engagement.id)).first()
    assert workshop is not None
    parents = {"survey_id": survey.id, "session_id": workshop.id, "engagement_id": engagement.id, "panel_id": panel.id}
    values: dict[str, str] = {
        **FIXED,
        "survey_id": str(survey.id),
        "engagement_id": str(engagement.id),
        "session_id": str(workshop.id),
        "panel_id": str(panel.id),
        "section_id": definition.sections[0].id,
        "question_id": definition.sections[0].questions[0].id,
        "number": "1",
        "slug": survey.slug,
    }
    missing = {"invitation_id", "period_id", "version", "entry_id"}
    for argument, (model, parent) in CHILDREN.items():
        row = db.session.scalars(select(model.id).where(getattr(model, parent) == parents[parent])).first()
        values[argument] = str(row or 999999)
        if row is None:
            missing.add(argument)
    copy = db.session.scalars(select(PaperCopy.reference).where(PaperCopy.survey_id == survey.id)).first()
    values["reference"] = copy or "NONE"
    missing.add("reference")  # a reference with no mismatch to settle is rightly 404
    return values, missing


def arguments(rule: Any) -> list[str]:
    return [m.group("name") for m in ARGUMENT.finditer(rule.rule)]


def test_every_staff_url_argument_has_a_sample_value(app: Flask) -> None:
    values, _missing = load_world()
    unknown = {
        (rule.endpoint, name)
        for rule, _method in staff_rules(app)
        for name in arguments(rule)
        if name not in values and name not in PER_ENDPOINT.get(rule.endpoint, {}) and name != "action"
    }
    assert not unknown, f"give these URL arguments a sample value (and a team scope if they name an object): {unknown}"


def test_every_staff_url_naming_an_object_is_scoped_to_a_team(app: Flask) -> None:
    """An id in a staff URL either names a team's object (teams.SCOPES), or sits under one, or
    the page is for admins only."""
    unscoped = []
    for rule, _method in staff_rules(app):
        names = set(arguments(rule))
        ids = {n for n in names if n.endswith("_id") and n not in ("section_id", "question_id")}
        if not ids or names & set(teams.SCOPES) or ids <= PERSONAL | CROSS_TEAM:
            continue
        if getattr(app.view_functions[rule.endpoint], "required_role", None) != "admin":
            unscoped.append(rule.rule)
    assert not unscoped, f"staff URLs naming an object no team scope covers: {unscoped}"


def _clients(app: Flask, other_team: int) -> dict[tuple[str, str], Any]:
    own = teams.default_team_id()
    db.session.commit()
    clients = {}
    for role in TEAM_ROLES:
        for side, team in (("own", own), ("other", other_team)):
            client = app.test_client()
            sign_in_as(client, make_user(role, email=f"{role}-{side}@example.org", team_ids=[team]))
            clients[(role, side)] = client
    admin = app.test_client()
    sign_in_as(admin, make_user("admin", email="admin@example.org", team_ids=[]))
    clients[("admin", "none")] = admin
    return clients


def test_role_by_team_matrix_over_every_staff_route(app: Flask) -> None:
    values, missing = load_world()
    other_team = teams.create_team("Other team", None).id
    clients = _clients(app, other_team)
    app.config["WTF_CSRF_ENABLED"] = False  # reach the access checks with any method
    problems: list[str] = []
    scoped = [
        (r, m) for r, m in staff_rules(app) if r.rule.startswith("/staff/") and set(arguments(r)) & set(teams.SCOPES)
    ]
    assert len(scoped) > 50
    # Another team's work: 404 for every role and method, so nothing about it leaks or changes.
    for rule, method in scoped:
        url = url_for_rule(rule, {**values, **PER_ENDPOINT.get(rule.endpoint, {})})
        for role in TEAM_ROLES:
            status = clients[(role, "other")].open(url, method=method).status_code
            if status != 404:
                problems.append(f"{role} of another team: {method} {url} -> {status}")
    # Their own team's work: the role decides. Admins (in no team) see everything.
    for rule, method in scoped:
        url = url_for_rule(rule, {**values, **PER_ENDPOINT.get(rule.endpoint, {})})
        required = app.view_functions[rule.endpoint].required_role
        may_404 = bool(set(arguments(rule)) & missing) or rule.endpoint in NEEDS_QUERY
        for role in (*TEAM_ROLES, "admin"):
            allowed = ROLE_RANK[role] >= ROLE_RANK[required]
            if method in UNSAFE_METHODS and allowed:
                continue  # changes are proved by each area's own tests; here only who may reach them
            client = clients[(role, "none" if role == "admin" else "own")]
            status = client.open(url, method=method).status_code
            if not allowed and status != 403:
                problems.append(f"{role} of the team: {method} {url} -> {status}, needs {required}")
            elif allowed and (status == 403 or status >= 500 or (status == 404 and not may_404)):
                problems.append(f"{role} of the team: {method} {url} -> {status}")
    assert not problems, "\n".join(problems)


def test_lists_show_only_the_teams_work(app: Flask) -> None:
    load_world()
    other_team = teams.create_team("Other team", None).id
    clients = _clients(app, other_team)
    for path, title in (
        ("/staff/surveys/", "Urgent care in your area"),
        ("/staff/workshops/", workshop_demo.DEMO_TITLE),
    ):
        assert title in clients[("viewer", "own")].get(path).get_data(as_text=True)
        assert title in clients[("admin", "none")].get(path).get_data(as_text=True)
        assert title not in clients[("lead", "other")].get(path).get_data(as_text=True)


def test_another_teams_channel_under_your_own_survey_is_404(app: Flask) -> None:
    """Things inside a survey are looked up with their survey, so a URL that pairs your own
    survey with another team's channel reaches nothing."""
    from tests.helpers import make_survey, sign_in

    ours = make_survey("ours")
    theirs = make_survey("theirs")
    other_team = teams.create_team("Other team", None).id
    with db.transaction() as session:
        session.merge(theirs).team_id = other_team
    channel = repository.add_channel(theirs, "Poster", None)
    client = app.test_client()
    sign_in(client, "lead")
    assert client.get(f"/staff/surveys/{ours.id}/channels/{channel.id}/rename").status_code == 404
    assert client.get(f"/staff/surveys/{theirs.id}/channels/{channel.id}/rename").status_code == 404


def test_a_job_is_its_starters_own(app: Flask) -> None:
    from toolkit.jobs import repository as jobs

    owner, other = make_user("lead", "owner@example.org"), make_user("lead", "other@example.org")
    job = jobs.create(kind="export", title="A test job", params={}, started_by=owner.id, limit=3)
    client = app.test_client()
    sign_in_as(client, other)
    assert client.get(f"/staff/jobs/{job.id}").status_code == 404
    sign_in_as(mine := app.test_client(), owner)
    assert mine.get(f"/staff/jobs/{job.id}").status_code == 200
