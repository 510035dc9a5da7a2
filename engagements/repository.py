"""Database reads and writes for engagements: the record, its activities and comments, the
surveys and workshop sessions it holds, checklists and calendar periods. Returns schema objects
and plain data; never touches the request. Every staff change is recorded in the audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from engagements import checklists, model, ticking, timeline, warnings
from engagements.checklists import Checklist, ChecklistError, TickState
from engagements.model import ActivityDetails, EngagementDetails, EngagementError
from toolkit import audit, db, engagement_records, teams
from toolkit.schema import (
    ActivityComment,
    CalendarPeriod,
    ChecklistAdoption,
    ChecklistTick,
    ChecklistUpload,
    Engagement,
    EngagementActivity,
    EvidenceFile,
    Response,
    StaffUser,
    Survey,
    WorkshopAttendance,
)
from toolkit.text import lazy
from toolkit.timeutil import as_utc, utcnow

# Reading engagements is shared with the other areas (toolkit/engagement_records.py).
all_engagements = engagement_records.all_engagements
get_engagement = engagement_records.get_engagement
find_engagement = engagement_records.find_engagement
sessions_of = engagement_records.sessions_of


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _changes(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set the values on the row; the changed ones as {name: {before, after}} for the audit trail."""
    changes = {}
    for key, value in values.items():
        before = getattr(row, key)
        if before != value:
            changes[key] = {"before": _jsonable(before), "after": _jsonable(value)}
            setattr(row, key, value)
    return changes


# --- engagements --------------------------------------------------------------------------


def _existing_ids(ids: Iterable[int]) -> list[int]:
    wanted = set(ids)
    if not wanted:
        return []
    return sorted(db.session.scalars(select(Engagement.id).where(Engagement.id.in_(wanted))))


def create_engagement(details: EngagementDetails, staff_user_id: int | None, team_id: int | None = None) -> Engagement:
    """A new engagement starts on the checklist versions adopted today and keeps them; it belongs
    to `team_id`'s team (the default team when not given)."""
    model.require(model.engagement_problems(details))
    values = details.columns()
    values["related_ids"] = _existing_ids(details.related_ids)
    with db.transaction() as session:
        team = team_id if team_id is not None else teams.default_team_id(session)
        engagement = Engagement(**values, created_by=staff_user_id, checklist_versions=current_versions(), team_id=team)
        session.add(engagement)
        session.flush()
        audit.record(session, staff_user_id, "create", "engagement", engagement.id, _jsonable(values))
    return engagement


def update_engagement(engagement: Engagement, details: EngagementDetails, staff_user_id: int | None) -> None:
    model.require(model.engagement_problems(details, own_id=engagement.id))
    values = details.columns()
    values["related_ids"] = _existing_ids(details.related_ids)
    with db.transaction() as session:
        engagement = session.merge(engagement)
        changes = _changes(engagement, values)
        _pin_versions(engagement)
        # A changed assessment needs signing off again.
        if {"duty_applies", "duty_reasoning"} & changes.keys() and engagement.duty_signed_off_by is not None:
            engagement.duty_signed_off_by = None
            engagement.duty_signed_off_at = None
            changes["duty_signed_off"] = {"before": True, "after": False}
        audit.record(session, staff_user_id, "update", "engagement", engagement.id, changes)


def details_of(engagement: Engagement) -> EngagementDetails:
    names = EngagementDetails.__dataclass_fields__
    values = {name: getattr(engagement, name) for name in names}
    values["related_ids"] = tuple(engagement.related_ids or ())
    return EngagementDetails(**values)


def duty_assessment(engagement: Engagement) -> model.DutyAssessment:
    signed = None
    if engagement.duty_signed_off_by is not None and engagement.duty_signed_off_at is not None:
        user = db.session.get(StaffUser, engagement.duty_signed_off_by)
        signed = model.SignOff(user.name if user else "", as_utc(engagement.duty_signed_off_at).date())
    return model.DutyAssessment(engagement.duty_applies, engagement.duty_reasoning, signed)


def sign_off_duty(engagement: Engagement, staff_user_id: int | None) -> None:
    model.require(model.sign_off_problems(duty_assessment(engagement)))
    with db.transaction() as session:
        engagement = session.merge(engagement)
        engagement.duty_signed_off_by = staff_user_id
        engagement.duty_signed_off_at = utcnow()
        detail = {"applies": engagement.duty_applies, "reasoning": engagement.duty_reasoning}
        audit.record(session, staff_user_id, "sign_off_duty", "engagement", engagement.id, detail)


class LaunchBlockedError(EngagementError):
    """A formal consultation marked launched while a Gunning launch item is open."""

    def __init__(self, blockers: Sequence[checklists.Item]) -> None:
        super().__init__([lazy("Before a formal consultation is launched, record evidence for:")])
        self.blockers = list(blockers)


def set_status(engagement: Engagement, status: str, staff_user_id: int | None) -> None:
    if status not in dict(model.STATUSES):
        raise EngagementError([lazy("Select a status")])
    if status == "launched" and engagement.kind == "consultation":
        blockers = launch_blockers(engagement)
        if blockers:
            raise LaunchBlockedError(blockers)
    with db.transaction() as session:
        engagement = session.merge(engagement)
        changes = _changes(engagement, {"status": status})
        _pin_versions(engagement)
        if status == "launched" and engagement.actual_opens_on is None:
            changes.update(_changes(engagement, {"actual_opens_on": date.today()}))
        audit.record(session, staff_user_id, "set_status", "engagement", engagement.id, changes)


def _pin_versions(engagement: Engagement) -> None:
    """An engagement from before checklists (or made on the workshops' pages) keeps the versions
    current at its first change from here on."""
    if not engagement.checklist_versions:
        engagement.checklist_versions = current_versions()


def related(engagement: Engagement) -> list[Engagement]:
    ids = list(engagement.related_ids or ())
    if not ids:
        return []
    return list(db.session.scalars(select(Engagement).where(Engagement.id.in_(ids)).order_by(Engagement.id)))


# --- what the engagement holds ------------------------------------------------------------


def surveys_of(engagement_id: int) -> list[Survey]:
    query = select(Survey).where(Survey.engagement_id == engagement_id).order_by(Survey.created_at, Survey.id)
    return list(db.session.scalars(query))


def unlinked_surveys() -> list[Survey]:
    return list(db.session.scalars(select(Survey).where(Survey.engagement_id.is_(None)).order_by(Survey.title)))


def link_survey(engagement: Engagement, survey_id: int, staff_user_id: int | None) -> Survey:
    with db.transaction() as session:
        survey = session.get(Survey, survey_id)
        if survey is None or survey.engagement_id is not None:
            raise EngagementError([lazy("Choose a survey that is not part of another engagement")])
        survey.engagement_id = engagement.id
        audit.record(session, staff_user_id, "link_survey", "engagement", engagement.id, {"survey": survey_id})
    return survey


def activities_of(engagement_id: int) -> list[EngagementActivity]:
    query = (
        select(EngagementActivity)
        .where(EngagementActivity.engagement_id == engagement_id)
        .order_by(EngagementActivity.planned_starts_on, EngagementActivity.id)
    )
    return list(db.session.scalars(query))


def get_activity(engagement_id: int, activity_id: int) -> EngagementActivity | None:
    found = db.session.get(EngagementActivity, activity_id)
    return found if found is not None and found.engagement_id == engagement_id else None


def save_activity(
    engagement: Engagement,
    details: ActivityDetails,
    staff_user_id: int | None,
    activity: EngagementActivity | None = None,
) -> EngagementActivity:
    model.require(model.activity_problems(details))
    values = details.columns()
    with db.transaction() as session:
        if activity is None:
            activity = EngagementActivity(engagement_id=engagement.id, created_by=staff_user_id, **values)
            session.add(activity)
            session.flush()
            audit.record(session, staff_user_id, "create", "engagement_activity", activity.id, _jsonable(values))
            return activity
        activity = session.merge(activity)
        changes = _changes(activity, values)
        audit.record(session, staff_user_id, "update", "engagement_activity", activity.id, changes)
    return activity


def comments_of(activity_id: int) -> list[ActivityComment]:
    query = select(ActivityComment).where(ActivityComment.activity_id == activity_id).order_by(ActivityComment.id)
    return list(db.session.scalars(query))


def add_comments(
    activity: EngagementActivity, texts: Sequence[str], received_on: date | None, staff_user_id: int | None
) -> list[ActivityComment]:
    """Store comments exactly as said (only the ends trimmed)."""
    if not texts:
        raise EngagementError([lazy("Enter the comment")])
    for text in texts:
        model.require(model.comment_problems(text))
    with db.transaction() as session:
        rows = [
            ActivityComment(
                activity_id=activity.id, text=model.clean_text(t), received_on=received_on, created_by=staff_user_id
            )
            for t in texts
        ]
        session.add_all(rows)
        session.flush()
        detail = {"comments": [r.id for r in rows]}
        audit.record(session, staff_user_id, "add_comments", "engagement_activity", activity.id, detail)
    return rows


def comment_counts(activity_ids: Sequence[int]) -> dict[int, int]:
    if not activity_ids:
        return {}
    query = (
        select(ActivityComment.activity_id, func.count(ActivityComment.id))
        .where(ActivityComment.activity_id.in_(activity_ids))
        .group_by(ActivityComment.activity_id)
    )
    return {int(a): int(n) for a, n in db.session.execute(query)}


def response_counts(survey_ids: Sequence[int]) -> dict[int, int]:
    if not survey_ids:
        return {}
    query = (
        select(Response.survey_id, func.count(Response.id))
        .where(Response.survey_id.in_(survey_ids))
        .group_by(Response.survey_id)
    )
    return {int(s): int(n) for s, n in db.session.execute(query)}


def participant_counts(session_ids: Sequence[int]) -> dict[int, int]:
    if not session_ids:
        return {}
    query = (
        select(WorkshopAttendance.session_id, func.sum(WorkshopAttendance.count))
        .where(WorkshopAttendance.session_id.in_(session_ids))
        .group_by(WorkshopAttendance.session_id)
    )
    return {int(s): int(n or 0) for s, n in db.session.execute(query)}


def summary(engagement_id: int) -> model.Summary:
    surveys = surveys_of(engagement_id)
    sessions = sessions_of(engagement_id)
    activities = activities_of(engagement_id)
    return model.Summary(
        surveys=len(surveys),
        responses=sum(response_counts([s.id for s in surveys]).values()),
        sessions=len(sessions),
        participants=sum(participant_counts([s.id for s in sessions]).values()),
        activities=len(activities),
        reached=sum(a.people_reached or 0 for a in activities),
        comments=sum(comment_counts([a.id for a in activities]).values()),
    )


# --- the timeline -------------------------------------------------------------------------


def timeline_of(engagement_id: int) -> timeline.Timeline:
    items: list[timeline.Item] = []
    for survey in surveys_of(engagement_id):
        items.append(timeline.Item("survey", survey.title, survey.opens_on, survey.closes_on, ref_id=survey.id))
    for workshop in sessions_of(engagement_id):
        day = as_utc(workshop.starts_at).date() if workshop.starts_at else None
        happened = day if day is not None and day <= date.today() else None
        items.append(timeline.Item("session", workshop.title, day, day, happened, happened, ref_id=workshop.id))
    for activity in activities_of(engagement_id):
        items.append(
            timeline.Item(
                activity.kind,
                activity.title,
                activity.planned_starts_on,
                activity.planned_ends_on,
                activity.actual_starts_on,
                activity.actual_ends_on,
                ref_id=activity.id,
            )
        )
    return timeline.build(items)


def weekly_of(engagement_id: int) -> list[timeline.Week]:
    """Survey responses and people taking part (workshops and other activities) week by week."""
    survey_ids = [s.id for s in surveys_of(engagement_id)]
    submitted: Iterable[datetime] = (
        db.session.scalars(select(Response.submitted_at).where(Response.survey_id.in_(survey_ids)))
        if survey_ids
        else []
    )
    sessions = sessions_of(engagement_id)
    counts = participant_counts([s.id for s in sessions])
    people = [(as_utc(s.starts_at).date(), counts.get(s.id, 0)) for s in sessions if s.starts_at and counts.get(s.id)]
    people += [
        (a.actual_starts_on, a.people_reached)
        for a in activities_of(engagement_id)
        if a.actual_starts_on and a.people_reached
    ]
    return timeline.weekly((as_utc(moment).date() for moment in submitted), people)


# --- timing warnings ----------------------------------------------------------------------


def periods() -> list[CalendarPeriod]:
    return list(db.session.scalars(select(CalendarPeriod).order_by(CalendarPeriod.starts_on, CalendarPeriod.id)))


def all_periods() -> list[warnings.Period]:
    """The shipped pre-election periods and the ones admins added (pre-election and school holidays)."""
    added = [warnings.Period(p.kind, p.name, p.starts_on, p.ends_on) for p in periods()]
    return [*warnings.shipped_pre_election_periods(), *added]


PERIOD_KINDS = ("pre_election", "school_holiday")


def add_period(kind: str, name: str, starts_on: date, ends_on: date, staff_user_id: int | None) -> CalendarPeriod:
    if kind not in PERIOD_KINDS or not model.clean_text(name) or ends_on < starts_on:
        raise EngagementError([lazy("Enter a name, a kind of period, and an end date on or after the start date")])
    with db.transaction() as session:
        period = CalendarPeriod(
            kind=kind, name=model.clean_text(name)[:200], starts_on=starts_on, ends_on=ends_on, created_by=staff_user_id
        )
        session.add(period)
        session.flush()
        detail = {"kind": kind, "name": period.name, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()}
        audit.record(session, staff_user_id, "create", "calendar_period", period.id, detail)
    return period


def delete_period(period_id: int, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        period = session.get(CalendarPeriod, period_id)
        if period is None:
            raise EngagementError([lazy("That period has already been removed")])
        session.delete(period)
        audit.record(session, staff_user_id, "delete", "calendar_period", period_id, {"name": period.name})


def timing_warnings(engagement: Engagement, today: date | None = None) -> list[warnings.Warning]:
    today = today or date.today()
    own = warnings.Dated(
        engagement.title,
        engagement.kind,
        engagement.actual_opens_on or engagement.planned_opens_on,
        engagement.actual_closes_on or engagement.planned_closes_on,
        finished=engagement.status == "closed",
    )
    parts = [
        warnings.Dated(s.title, s.kind, s.opens_on, s.closes_on, finished=s.status == "closed")
        for s in surveys_of(engagement.id)
    ]
    parts += [
        warnings.Dated(
            a.title,
            a.kind,
            a.actual_starts_on or a.planned_starts_on,
            a.actual_ends_on or a.planned_ends_on,
            finished=a.actual_starts_on is not None,
        )
        for a in activities_of(engagement.id)
    ]
    for workshop in sessions_of(engagement.id):
        day = as_utc(workshop.starts_at).date() if workshop.starts_at else None
        parts.append(warnings.Dated(workshop.title, "session", day, day, finished=day is not None and day < today))
    return warnings.warnings_for(own, engagement.planning_starts_on, parts, all_periods(), today)


# --- checklists -------------------------------------------------------------------------


def uploaded(key: str | None = None) -> list[ChecklistUpload]:
    query = select(ChecklistUpload).order_by(ChecklistUpload.uploaded_at, ChecklistUpload.id)
    if key is not None:
        query = query.where(ChecklistUpload.checklist_key == key)
    return list(db.session.scalars(query))


def checklist(key: str, version: str) -> Checklist | None:
    """A version of a checklist, shipped or uploaded."""
    for shipped in checklists.shipped():
        if shipped.key == key and shipped.version == version:
            return shipped
    row = db.session.scalars(
        select(ChecklistUpload).where(ChecklistUpload.checklist_key == key, ChecklistUpload.version == version)
    ).first()
    return checklists.parse(row.content) if row is not None else None


def versions(key: str) -> list[Checklist]:
    """Every version of a checklist, shipped and uploaded."""
    found = [c for c in checklists.shipped() if c.key == key]
    found += [checklists.parse(row.content) for row in uploaded(key)]
    return found


def current_versions() -> dict[str, str]:
    """The version of each checklist a new engagement starts with: the latest adopted, else the
    newest shipped."""
    current = {key: c.version for key, c in checklists.shipped_latest().items()}
    for adoption in db.session.scalars(select(ChecklistAdoption).order_by(ChecklistAdoption.id)):
        current[adoption.checklist_key] = adoption.version
    return current


def upload_checklist(data: bytes, staff_user_id: int | None) -> Checklist:
    parsed, content = checklists.parse_upload(data)
    if checklist(parsed.key, parsed.version) is not None:
        raise ChecklistError([lazy("That version of the checklist is already here: give it a new version")])
    with db.transaction() as session:
        row = ChecklistUpload(
            checklist_key=parsed.key, version=parsed.version, content=content, uploaded_by=staff_user_id
        )
        session.add(row)
        session.flush()
        detail = {"key": parsed.key, "version": parsed.version}
        audit.record(session, staff_user_id, "upload", "checklist_upload", row.id, detail)
    return parsed


def adopt(key: str, version: str, staff_user_id: int | None) -> None:
    """New engagements start on this version; running ones keep theirs."""
    if checklist(key, version) is None:
        raise ChecklistError([lazy("Choose a version of the checklist")])
    with db.transaction() as session:
        row = ChecklistAdoption(checklist_key=key, version=version, adopted_by=staff_user_id)
        session.add(row)
        session.flush()
        audit.record(session, staff_user_id, "adopt", "checklist_adoption", row.id, {"key": key, "version": version})


def engagement_checklists(engagement: Engagement) -> list[Checklist]:
    """The engagement's checklists at the versions it started with (the current ones for any
    checklist it has no version of yet: an engagement from before checklists, or a new checklist)."""
    chosen = {**current_versions(), **(engagement.checklist_versions or {})}
    found = [checklist(key, version) for key, version in chosen.items()]
    by_key = {c.key: c for c in found if c is not None}
    return [by_key[key] for key in checklists.ordered(by_key)]


def engagement_checklist(engagement: Engagement, key: str) -> Checklist | None:
    return next((c for c in engagement_checklists(engagement) if c.key == key), None)


def ticks(engagement_id: int) -> dict[tuple[str, str], TickState]:
    rows = list(db.session.scalars(select(ChecklistTick).where(ChecklistTick.engagement_id == engagement_id)))
    names = _names({r.ticked_by for r in rows if r.ticked_by})
    files = _file_names({r.evidence_file_id for r in rows if r.evidence_file_id})
    return {
        (r.checklist_key, r.item_id): TickState(
            r.done,
            r.note,
            r.evidence_link,
            files.get(r.evidence_file_id or 0, ""),
            names.get(r.ticked_by or 0, ""),
            r.ticked_at,
        )
        for r in rows
    }


def tick_row(engagement_id: int, key: str, item_id: str) -> ChecklistTick | None:
    query = select(ChecklistTick).where(
        ChecklistTick.engagement_id == engagement_id,
        ChecklistTick.checklist_key == key,
        ChecklistTick.item_id == item_id,
    )
    return db.session.scalars(query).first()


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {u.id: u.name for u in db.session.scalars(select(StaffUser).where(StaffUser.id.in_(ids)))}


def _file_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    query = select(EvidenceFile.id, EvidenceFile.filename).where(EvidenceFile.id.in_(ids))
    return {int(i): str(n) for i, n in db.session.execute(query)}


def save_tick(
    engagement: Engagement,
    key: str,
    item_id: str,
    tick: ticking.TickDraft,
    staff_user_id: int | None,
) -> None:
    """Record an item's state with who and when; a new file replaces the earlier one's link."""
    found = engagement_checklist(engagement, key)
    if found is None or found.item(item_id) is None:
        raise EngagementError([lazy("Choose an item from this engagement's checklists")])
    model.require(ticking.tick_problems(tick))
    with db.transaction() as session:
        file_id = None
        if tick.file is not None:
            stored = EvidenceFile(
                engagement_id=engagement.id,
                filename=tick.file.filename,
                mime_type=tick.file.mime_type,
                size=len(tick.file.content),
                content=tick.file.content,
                uploaded_by=staff_user_id,
            )
            session.add(stored)
            session.flush()
            file_id = stored.id
        _pin_versions(session.merge(engagement))
        row = tick_row(engagement.id, key, item_id)
        if row is None:
            row = ChecklistTick(engagement_id=engagement.id, checklist_key=key, item_id=item_id)
            session.add(row)
        values: dict[str, Any] = {"done": tick.done, "note": model.clean_text(tick.note), "link": tick.link}
        row.done, row.note, row.evidence_link = tick.done, values["note"], model.clean_text(tick.link)
        if file_id is not None:
            row.evidence_file_id = file_id
            values["file"] = tick.file.filename if tick.file else ""
        row.ticked_by, row.ticked_at = staff_user_id, utcnow()
        session.flush()
        audit.record(
            session, staff_user_id, "tick", "engagement", engagement.id, {"item": f"{key}/{item_id}", **values}
        )


def evidence_file(engagement_id: int, file_id: int) -> EvidenceFile | None:
    found = db.session.get(EvidenceFile, file_id)
    return found if found is not None and found.engagement_id == engagement_id else None


def launch_blockers(engagement: Engagement) -> list[checklists.Item]:
    return checklists.launch_blockers(engagement_checklists(engagement), ticks(engagement.id))
