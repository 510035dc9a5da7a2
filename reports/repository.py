"""Database reads and writes for reports and "You said, we did". Gathers an engagement's data
into `reports.model` objects; never touches `request`, `session` or `g`."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engagements import coding_repository as codes
from engagements import model as engagement_model
from engagements import repository as engagements
from engagements.coding import Comment, parse_key
from reports import easy_read, model
from reports.model import CommitmentDraft, CommitmentView, Report, ReportError
from surveys import repository as surveys
from surveys.equality import service as equality_service
from surveys.repository import ResponseFilter
from surveys.results import service as results
from surveys.results.summary import ChoiceSummary, format_percent
from surveys.translations import model as translations
from toolkit import audit, db, outbox
from toolkit.charts import Bar
from toolkit.equality import AnswerTally, tally_answers
from toolkit.schema import (
    Commitment,
    CommitmentUpdate,
    Engagement,
    FeedbackPublication,
    OutcomeSubscription,
    ReportNarrative,
    ReportVersion,
    Response,
    Survey,
    WorkshopNote,
    WorkshopSession,
)
from toolkit.stats.disclosure import Policy
from toolkit.text import lazy
from toolkit.timeutil import as_utc, utcnow
from workshops import closing
from workshops import model as workshop_model
from workshops import repository as workshops

# --- the report ----------------------------------------------------------------------------


def narrative(engagement_id: int) -> ReportNarrative | None:
    return db.session.scalars(select(ReportNarrative).where(ReportNarrative.engagement_id == engagement_id)).first()


def save_narrative(
    engagement: Engagement,
    texts: dict[str, str],
    quote_keys: Sequence[str],
    staff_user_id: int | None,
    evaluation: dict[str, str] | None = None,
    where: dict[str, str] | None = None,
) -> None:
    problems = model.narrative_problems({**texts, **(evaluation or {})}, quote_keys)
    allowed = {q.key for q in quotable(engagement.id)}
    if set(quote_keys) - allowed:
        problems.append(lazy("Choose quotes from this engagement's comments"))
    if problems:
        raise ReportError(problems)
    with db.transaction() as session:
        row = session.scalars(select(ReportNarrative).where(ReportNarrative.engagement_id == engagement.id)).first()
        if row is None:
            row = ReportNarrative(engagement_id=engagement.id)
            session.add(row)
        for name in ("summary", "recommendations", "next_steps"):
            setattr(row, name, texts.get(name, ""))
        row.quote_keys = list(quote_keys)
        if where is not None:
            row.place = (where.get("place") or "")[: model.OWNER_MAX]
            row.service_area = (where.get("service_area") or "")[: model.OWNER_MAX]
        row.evaluation = {k: v for k, v in (evaluation or {}).items() if k in dict(model.EVALUATION_QUESTIONS)}
        row.updated_by, row.updated_at = staff_user_id, utcnow()
        detail = {**{k: len(v) for k, v in texts.items()}, "quotes": list(quote_keys)}
        audit.record(session, staff_user_id, "report.narrative_saved", "engagement", engagement.id, detail)


def not_quotable(engagement_id: int, response_ids: Collection[int] | None = None) -> set[tuple[str, int]]:
    """(source, id) of the responses (all, or of these ids) and workshop notes whose authors said
    "do not quote my words"."""
    responses = (
        select(Response.id)
        .join(Survey, Survey.id == Response.survey_id)
        .where(Survey.engagement_id == engagement_id, Response.no_quote.is_(True))
    )
    if response_ids is not None:
        responses = responses.where(Response.id.in_(response_ids))
    notes = (
        select(WorkshopNote.id)
        .join(WorkshopSession, WorkshopSession.id == WorkshopNote.session_id)
        .where(WorkshopSession.engagement_id == engagement_id, WorkshopNote.no_quote.is_(True))
    )
    found = {("response", i) for i in db.session.scalars(responses)}
    return found | {("note", i) for i in db.session.scalars(notes)}


def _quotable_comments(engagement_id: int, keys: Sequence[str] | None = None) -> list[Comment]:
    """Every quotable comment, or those of these keys (read alone: the report's chosen quotes)."""
    only = None if keys is None else [k for k in map(parse_key, keys) if k is not None]
    responses = None if only is None else [k.source_id for k in only if k.source == "response"]
    refused = not_quotable(engagement_id, responses)
    published = codes.published_comments(engagement_id, only)
    return [c for c in published if (c.key.source, c.key.source_id) not in refused]


def quotable(engagement_id: int) -> list[model.Quote]:
    """Comments in their published words (personal details taken out), for staff to choose from;
    never those whose authors asked not to be quoted."""
    return [model.Quote(str(c.key), c.text, c.origin) for c in _quotable_comments(engagement_id)]


def refuse_quotes(survey_id: int, reference: str) -> bool:
    """The respondent of this response (the browser that sent it) said "do not quote my words"."""
    with db.transaction() as session:
        row = session.scalars(
            select(Response).where(Response.survey_id == survey_id, Response.reference == reference)
        ).first()
        if row is None:
            return False
        row.no_quote = True
    return True


def _key_dates(found: Engagement) -> tuple[model.KeyDate, ...]:
    return (
        model.KeyDate(str(lazy("Planning started")), found.planning_starts_on),
        model.KeyDate(str(lazy("Engagement opened")), found.actual_opens_on or found.planned_opens_on),
        model.KeyDate(str(lazy("Engagement closed")), found.actual_closes_on or found.planned_closes_on),
        model.KeyDate(str(lazy("Report due")), found.report_due_on),
        model.KeyDate(str(lazy("Decision")), found.decision_on),
    )


def _activities(engagement_id: int) -> tuple[list[model.ActivityRow], list[str]]:
    rows: list[model.ActivityRow] = []
    survey_list = engagements.surveys_of(engagement_id)
    responses = engagements.response_counts([s.id for s in survey_list])
    for survey in survey_list:
        channels = tuple(c.name for c in surveys.channels(survey.id))
        method = str(lazy("Survey"))
        rows.append(
            model.ActivityRow(
                method, survey.title, survey.opens_on, survey.closes_on, responses.get(survey.id, 0), channels
            )
        )
    sessions = engagements.sessions_of(engagement_id)
    people = engagements.participant_counts([s.id for s in sessions])
    for workshop in sessions:
        day = as_utc(workshop.starts_at).date() if workshop.starts_at else None
        venue = (workshop.venue,) if workshop.venue else ()
        rows.append(
            model.ActivityRow(str(lazy("Workshop")), workshop.title, day, day, people.get(workshop.id, 0), venue)
        )
    who: list[str] = []
    for activity in engagements.activities_of(engagement_id):
        kind = engagement_model.label_for(engagement_model.ACTIVITY_KINDS, activity.kind)
        place = (activity.place,) if activity.place else ()
        start = activity.actual_starts_on or activity.planned_starts_on
        end = activity.actual_ends_on or activity.planned_ends_on
        rows.append(model.ActivityRow(kind, activity.title, start, end, activity.people_reached, place))
        who.append(activity.who_reached)
    return rows, who


def _closed_results(engagement_id: int) -> list[model.ClosedResult]:
    found = []
    for survey in engagements.surveys_of(engagement_id):
        summary = results.summary(survey.id, equality_service.survey_questions(survey), ResponseFilter(), text_limit=0)
        for item in summary.questions:
            if isinstance(item, ChoiceSummary) and item.answered:
                bars = tuple(Bar(o.label, o.count, format_percent(o.percent)) for o in item.options)
                found.append(model.ClosedResult(survey.title, item.question.text, item.answered, bars, item.multiple))
    return found


def _workshop_outcomes(engagement_id: int) -> tuple[list[model.VoteRow], list[model.ActionRow]]:
    votes, actions = [], []
    for workshop in engagements.sessions_of(engagement_id):
        record = workshops.session_record(workshop)
        for r in record.rounds:
            votes.append(model.VoteRow(record.title, r.title, tuple((x.label, x.dots) for x in r.results)))
        for a in record.actions:
            status = workshop_model.label_for(workshop_model.ACTION_STATUSES, a.status)
            actions.append(model.ActionRow(record.title, a.what, a.owner, str(status)))
    return votes, actions


def _participants(engagement_id: int) -> AnswerTally:
    """The people the engagement's equality tables count: each survey's who gave equality answers
    up to the end of its last complete reporting block (as on its dashboard: the figures change a
    block at a time, never by one new response) and each closed session's, if it has at least the
    minimum base (a session adds its people all at once when it closes)."""
    policy, now = Policy(), utcnow()
    found = AnswerTally()
    for survey in engagements.surveys_of(engagement_id):
        found += equality_service.reported_answers(survey, policy, now.date())
    for workshop in engagements.sessions_of(engagement_id):
        sets = workshops.equality_answer_sets(workshop.id) if closing.is_closed(workshop, now) else []
        found += tally_answers(sets) if len(sets) >= policy.minimum_base else AnswerTally()
    return found


def _census(engagement_id: int) -> tuple[list[model.CensusTable], list[model.CensusNote]]:
    """Each survey's respondents against its area's census population, through the equality
    dashboard (protected, formatted figures only)."""
    tables: list[model.CensusTable] = []
    notes: list[model.CensusNote] = []
    for survey in engagements.surveys_of(engagement_id):
        setup = equality_service.setup(survey)
        if not setup.comparisons:
            continue
        view = equality_service.dashboard(survey, setup, ResponseFilter(), drawn=False)  # the report has tables
        if view.too_few:
            notes.append(model.CensusNote(survey.title, view.responses))
            continue
        for d in view.dimensions:
            rows = tuple(
                model.CensusRow(r.group, r.population_share, r.respondents, r.respondent_share, r.under_represented)
                for r in d.rows
            )
            tables.append(model.CensusTable(survey.title, d.label, d.area_name, d.source, rows))
    return tables, notes


def theme_counts(engagement_id: int) -> tuple[model.ThemeCount, ...]:
    return model.theme_counts(codes.codebook(engagement_id), codes.codings(engagement_id))


def assemble(found: Engagement, organisation: str) -> Report:
    """The report from the engagement's data as it is now: figures always in step with it."""
    activities, who = _activities(found.id)
    votes, actions = _workshop_outcomes(found.id)
    written = narrative(found.id)
    census, census_too_few = _census(found.id)
    chosen = list(written.quote_keys) if written else []
    return Report(
        title=found.title,
        organisation=organisation,
        decision=found.decision,
        decision_maker=found.decision_maker,
        key_dates=_key_dates(found),
        activities=tuple(activities),
        participants_total=sum(row.reach or 0 for row in activities),  # responses, participants, people reached
        equality=model.participant_tables(_participants(found.id)),
        seldom_heard=model.seldom_heard(found.seldom_heard, who),
        themes=theme_counts(found.id),
        quotes=model.quotes(chosen, _quotable_comments(found.id, chosen)),
        closed=tuple(_closed_results(found.id)),
        votes=tuple(votes),
        actions=tuple(actions),
        summary=tuple(model.blocks(written.summary if written else "")),
        recommendations=tuple(model.blocks(written.recommendations if written else "")),
        next_steps=tuple(model.blocks(written.next_steps if written else "")),
        made_on=utcnow().date(),
        evaluation=model.evaluation(written.evaluation if written else {}),
        census=tuple(census),
        census_too_few=tuple(census_too_few),
    )


# --- published versions of the report -------------------------------------------------------


def report_versions(engagement_id: int) -> list[ReportVersion]:
    query = select(ReportVersion).where(ReportVersion.engagement_id == engagement_id)
    return list(db.session.scalars(query.order_by(ReportVersion.version.desc())))


def report_version(engagement_id: int, version: int) -> ReportVersion | None:
    query = select(ReportVersion).where(ReportVersion.engagement_id == engagement_id, ReportVersion.version == version)
    return db.session.scalars(query).first()


def publish_report(
    found: Engagement,
    report: Report,
    html: str,
    docx: bytes,
    change_note: str,
    staff_user_id: int | None,
    then: Callable[[Session, ReportVersion], None] | None = None,
) -> ReportVersion:
    """Keep the report as it is now as a new version, never changed afterwards, saying which
    sections changed since the version before (and the staff member's own note). `then` runs in
    the same transaction (a job remembers there that it has published)."""
    note = (change_note or "").strip()
    if len(note) > model.WHAT_MAX:
        raise ReportError([lazy("Keep the note of what changed to %(max)d characters or fewer", max=model.WHAT_MAX)])
    sections = model.section_fingerprints(report)
    with db.transaction() as session:
        query = select(ReportVersion).where(ReportVersion.engagement_id == found.id)
        before = session.scalars(query.order_by(ReportVersion.version.desc())).first()
        row = ReportVersion(
            engagement_id=found.id,
            version=(before.version if before else 0) + 1,
            html=html,
            docx=docx,
            sections=sections,
            change_note=note,
            changed_sections=model.changed_sections(before.sections if before else None, sections),
            published_by=staff_user_id,
        )
        session.add(row)
        session.flush()
        detail = {"version": row.version, "changed_sections": row.changed_sections, "note": note}
        audit.record(session, staff_user_id, "report.version_published", "engagement", found.id, detail)
        if then is not None:
            then(session, row)
    return row


# --- "You said, we did": commitments --------------------------------------------------------


def commitments(engagement_id: int) -> list[CommitmentView]:
    rows = list(
        db.session.scalars(select(Commitment).where(Commitment.engagement_id == engagement_id).order_by(Commitment.id))
    )
    updates: dict[int, list[model.Update]] = {}
    if rows:
        query = (
            select(CommitmentUpdate)
            .where(CommitmentUpdate.commitment_id.in_([r.id for r in rows]))
            .order_by(CommitmentUpdate.happened_on, CommitmentUpdate.id)
        )
        for u in db.session.scalars(query):
            updates.setdefault(u.commitment_id, []).append(model.Update(u.happened_on, u.text))
    return [
        CommitmentView(
            r.id,
            r.what,
            r.why,
            r.owner,
            r.decided_by,
            r.decided_on,
            r.status,
            r.reason,
            tuple(r.theme_ids or ()),
            tuple(updates.get(r.id, ())),
        )
        for r in rows
    ]


def get_commitment(engagement_id: int, commitment_id: int) -> Commitment | None:
    row = db.session.get(Commitment, commitment_id)
    return row if row is not None and row.engagement_id == engagement_id else None


def _theme_ids(engagement_id: int) -> list[int]:
    return [c.id for c in codes.codebook(engagement_id) if c.parent_id is None]


def save_commitment(
    engagement: Engagement,
    draft: CommitmentDraft,
    staff_user_id: int | None,
    row: Commitment | None = None,
    page_url: str = "",
    stop_url: StopUrl | None = None,
) -> Commitment:
    """Store a commitment; when an existing one changes status, people who asked are emailed."""
    problems = model.commitment_problems(draft, _theme_ids(engagement.id))
    if problems:
        raise ReportError(problems)
    with db.transaction() as session:
        if row is None:
            row = Commitment(engagement_id=engagement.id, created_by=staff_user_id)
            session.add(row)
        else:
            row = session.merge(row)
        before = row.status
        row.what, row.why, row.owner = draft.what.strip(), draft.why.strip(), draft.owner.strip()
        row.decided_by, row.decided_on, row.status = draft.decided_by.strip(), draft.decided_on, draft.status
        row.reason = draft.reason.strip() if draft.status == "not_possible" else ""
        row.theme_ids = list(draft.theme_ids)
        session.flush()
        told = 0
        if before is not None and before != row.status:
            told = _tell_status_change(session, engagement, row, page_url, stop_url)
        detail: dict[str, Any] = {"what": row.what, "status": row.status, "previous_status": before}
        detail |= {"themes": row.theme_ids, "emails_queued": told}
        audit.record(session, staff_user_id, "commitment.saved", "engagement", engagement.id, detail)
    return row


def add_update(engagement: Engagement, row: Commitment, on: date, text: str, staff_user_id: int | None) -> None:
    text = (text or "").strip()
    if not text or len(text) > model.WHAT_MAX:
        raise ReportError([lazy("Write the update (%(max)d characters or fewer)", max=model.WHAT_MAX)])
    with db.transaction() as session:
        session.add(CommitmentUpdate(commitment_id=row.id, happened_on=on, text=text, created_by=staff_user_id))
        detail = {"commitment": row.id, "on": on.isoformat(), "text": text}
        audit.record(session, staff_user_id, "commitment.updated", "engagement", engagement.id, detail)


# --- "You said, we did": publishing ----------------------------------------------------------


def publications(engagement_id: int) -> list[FeedbackPublication]:
    query = (
        select(FeedbackPublication)
        .where(FeedbackPublication.engagement_id == engagement_id)
        .order_by(FeedbackPublication.version.desc())
    )
    return list(db.session.scalars(query))


def latest(engagement_id: int) -> FeedbackPublication | None:
    found = publications(engagement_id)
    return found[0] if found else None


def closed_on(found: Engagement) -> date | None:
    return found.actual_closes_on or found.planned_closes_on


def subscribe(found: Engagement, email: str) -> None:
    """Keep an address to tell its owner the outcome (once per engagement; stored apart from answers)."""
    email = (email or "").strip()
    problems = model.email_problems(email)
    if problems:
        raise ReportError(problems)
    with db.transaction() as session:
        query = select(OutcomeSubscription).where(
            OutcomeSubscription.engagement_id == found.id, func.lower(OutcomeSubscription.email) == email.lower()
        )
        if session.scalars(query).first() is None:
            session.add(OutcomeSubscription(engagement_id=found.id, email=email, token=secrets.token_urlsafe(32)))


def subscriber_count(engagement_id: int) -> int:
    query = select(func.count()).where(OutcomeSubscription.engagement_id == engagement_id)
    return int(db.session.scalar(query) or 0)


StopUrl = Callable[[str], str]


def _subscriptions(session: Any, engagement_id: int) -> list[OutcomeSubscription]:
    rows = list(session.scalars(select(OutcomeSubscription).where(OutcomeSubscription.engagement_id == engagement_id)))
    for row in rows:
        row.token = row.token or secrets.token_urlsafe(32)
    return rows


def _tell_subscribers(
    session: Any, found: Engagement, version: int, page_url: str, closed: bool, stop_url: StopUrl | None = None
) -> int:
    """One email per person through the outbox, in the publishing transaction; when the loop is
    closed (every commitment done or not possible) the addresses are deleted, their use over."""
    rows = _subscriptions(session, found.id)
    for row in rows:
        stop = stop_url(row.token or "") if stop_url else ""
        subject, body = model.outcome_message(found.title, page_url, version, stop)
        key = f"{found.id}-v{version}-{row.id}"
        outbox.enqueue(session, to=row.email, subject=subject, body=body, kind="feedback_published", key=key)
        if closed:
            session.delete(row)
    return len(rows)


def _tell_status_change(
    session: Any, found: Engagement, row: Commitment, page_url: str, stop_url: StopUrl | None
) -> int:
    """A commitment's status changed after the page was published: everyone who asked is told."""
    published = session.scalar(select(func.count()).where(FeedbackPublication.engagement_id == found.id))
    if not published:
        return 0
    change = model.status_change_words(row.what, row.status, row.reason)
    subscriptions = _subscriptions(session, found.id)
    for sub in subscriptions:
        stop = stop_url(sub.token or "") if stop_url else ""
        subject, body = model.outcome_message(found.title, page_url, 2, stop, change)
        key = f"{found.id}-c{row.id}-{row.status}-{sub.id}"
        outbox.enqueue(session, to=sub.email, subject=subject, body=body, kind="commitment_status", key=key)
    return len(subscriptions)


def stop_telling(token: str) -> bool:
    """Delete the address this link was sent to (the person asked, through their own link)."""
    if not token or len(token) > 64:
        return False
    with db.transaction() as session:
        row = session.scalars(select(OutcomeSubscription).where(OutcomeSubscription.token == token)).first()
        if row is None:
            return False
        session.delete(row)
        audit.record(session, None, "outcome_subscription.deleted_on_request", "engagement", row.engagement_id, {})
    return True


def delete_subscription(found: Engagement, email: str, staff_user_id: int | None) -> int:
    """Staff, when someone asks by phone or letter: delete their address (audited without it)."""
    email = (email or "").strip().lower()
    with db.transaction() as session:
        query = select(OutcomeSubscription).where(
            OutcomeSubscription.engagement_id == found.id, func.lower(OutcomeSubscription.email) == email
        )
        rows = list(session.scalars(query))
        for row in rows:
            session.delete(row)
        detail = {"deleted": len(rows)}
        audit.record(session, staff_user_id, "outcome_subscription.deleted", "engagement", found.id, detail)
    return len(rows)


def publish(
    found: Engagement, change_note: str, staff_user_id: int | None, page_url: str = "", stop_url: StopUrl | None = None
) -> FeedbackPublication:
    """A new version, kept as published and never changed; people who asked are told."""
    if len(change_note or "") > model.WHAT_MAX:
        raise ReportError([lazy("Keep the note of what changed to %(max)d characters or fewer", max=model.WHAT_MAX)])
    content = model.snapshot(found.title, theme_counts(found.id), commitments(found.id), closed_on(found))
    with db.transaction() as session:
        version = session.scalar(
            select(func.coalesce(func.max(FeedbackPublication.version), 0)).where(
                FeedbackPublication.engagement_id == found.id
            )
        )
        row = FeedbackPublication(
            engagement_id=found.id,
            version=int(version or 0) + 1,
            content=content,
            change_note=(change_note or "").strip(),
            published_by=staff_user_id,
        )
        session.add(row)
        session.flush()
        statuses = {c["status"] for c in content["commitments"]}
        closed = bool(statuses) and statuses <= {"done", "not_possible"}
        told = _tell_subscribers(session, found, row.version, page_url, closed, stop_url)
        detail = {"version": row.version, "emails_queued": told, "addresses_deleted": told if closed else 0}
        audit.record(session, staff_user_id, "feedback.published", "engagement", found.id, detail)
    return row


def published_engagements() -> list[tuple[Engagement, FeedbackPublication]]:
    """Every engagement with a published "You said, we did", newest publication first."""
    newest = (
        select(FeedbackPublication.engagement_id, func.max(FeedbackPublication.version).label("version"))
        .group_by(FeedbackPublication.engagement_id)
        .subquery()
    )
    query = (
        select(Engagement, FeedbackPublication)
        .join(FeedbackPublication, FeedbackPublication.engagement_id == Engagement.id)
        .join(
            newest,
            (newest.c.engagement_id == FeedbackPublication.engagement_id)
            & (newest.c.version == FeedbackPublication.version),
        )
        .order_by(FeedbackPublication.published_at.desc(), FeedbackPublication.id.desc())
    )
    return [(e, p) for e, p in db.session.execute(query).all()]


def loop_closed(found: Engagement) -> model.LoopClosed:
    found_publications = publications(found.id)
    if not found_publications:
        return model.loop_closed(None, closed_on(found), None)
    first = as_utc(found_publications[-1].published_at).date()
    return model.loop_closed(found_publications[0].content, closed_on(found), first)


def loop_closed_all(team_ids: set[int] | None = None) -> list[tuple[Engagement, model.LoopClosed]]:
    """Every engagement's loop, or only those of these teams."""
    return [(e, loop_closed(e)) for e in engagements.all_engagements(team_ids)]


def loop_closed_overall(team_ids: set[int] | None = None) -> model.LoopClosed:
    return model.overall([m for _e, m in loop_closed_all(team_ids)])


# --- the easy-read summary ------------------------------------------------------------------


def _narrative_row(session: Any, engagement_id: int) -> ReportNarrative:
    row: ReportNarrative | None = session.scalars(
        select(ReportNarrative).where(ReportNarrative.engagement_id == engagement_id)
    ).first()
    if row is None:
        row = ReportNarrative(engagement_id=engagement_id)
        session.add(row)
    return row


def easy_read_draft(engagement_id: int) -> tuple[easy_read.Point, ...]:
    written = narrative(engagement_id)
    return easy_read.from_stored(written.easy_read if written else [])


def easy_read_published(engagement_id: int) -> tuple[tuple[easy_read.Point, ...], Any]:
    """The published easy-read summary and when it was published (empty, None when it is not)."""
    written = narrative(engagement_id)
    if written is None or written.easy_read_published is None:
        return (), None
    return easy_read.from_stored(written.easy_read_published), written.easy_read_published_at


def save_easy_read(found: Engagement, points: Sequence[easy_read.Point], staff_user_id: int | None) -> None:
    problems = easy_read.problems(points)
    if problems:
        raise ReportError(problems)
    with db.transaction() as session:
        row = _narrative_row(session, found.id)
        row.easy_read = easy_read.as_stored(points)
        detail = {"points": len(points)}
        audit.record(session, staff_user_id, "report.easy_read_saved", "engagement", found.id, detail)


def publish_easy_read(found: Engagement, staff_user_id: int | None) -> None:
    """Publish the drafted summary; refused until every point passes the easy-read check."""
    points = easy_read_draft(found.id)
    problems = easy_read.problems(points) + easy_read.readability_problems(points)
    if problems:
        raise ReportError(problems)
    with db.transaction() as session:
        row = _narrative_row(session, found.id)
        row.easy_read_published = easy_read.as_stored(points)
        row.easy_read_published_at = utcnow()
        audit.record(
            session, staff_user_id, "report.easy_read_published", "engagement", found.id, {"points": len(points)}
        )


# --- "You said, we did" in other languages ----------------------------------------------------


def feedback_languages(engagement_id: int) -> list[str]:
    """Every language the engagement's surveys are translated into (their latest versions)."""
    found: set[str] = set()
    for survey in engagements.surveys_of(engagement_id):
        latest_version = surveys.latest_version(survey.id)
        definition = latest_version.definition if latest_version else {}
        found |= {lang for lang in (definition or {}).get("translations", {}) if lang != "en"}
    return sorted(found)


def _feedback_strings(engagement_id: int) -> dict[str, str]:
    published = latest(engagement_id)
    return model.feedback_strings(published.content) if published else {}


def feedback_translation_csv(engagement_id: int, language: str) -> str:
    """The spreadsheet a translator fills in: key, English, translation so far (the surveys' format)."""
    written = narrative(engagement_id)
    existing = (written.feedback_translations or {}).get(language, {}) if written else {}
    return translations.rows_to_csv(translations.keyed_rows(_feedback_strings(engagement_id), existing))


def save_feedback_translations(found: Engagement, language: str, data: bytes, staff_user_id: int | None) -> int:
    """Read a filled-in spreadsheet (CSV or XLSX) back; every row checked before any is kept."""
    keys = _feedback_strings(found.id)
    try:
        read = translations.keyed_from_xlsx if data[:2] == b"PK" else translations.keyed_from_csv
        found_strings = read(data, keys)
    except translations.TranslationFileError as error:
        raise ReportError(list(error.problems)) from None
    with db.transaction() as session:
        row = _narrative_row(session, found.id)
        stored = {lang: dict(strings) for lang, strings in (row.feedback_translations or {}).items()}
        stored[language] = {**stored.get(language, {}), **found_strings}
        row.feedback_translations = stored
        detail = {"language": language, "strings": len(found_strings)}
        audit.record(session, staff_user_id, "feedback.translations_uploaded", "engagement", found.id, detail)
    return len(found_strings)


def feedback_words(engagement_id: int, language: str) -> model.Words:
    written = narrative(engagement_id)
    stored = (written.feedback_translations or {}).get(language, {}) if written else {}
    return model.Words(language, stored)
