"""Database reads and writes for surveys, versions, channels, drafts and responses.

Returns schema objects and plain data; never touches the request or the session.
"""

from __future__ import annotations

import secrets
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any
from typing import cast as typed

import orjson
from sqlalchemy import Row, Table, Text, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer
from sqlalchemy.sql.elements import ColumnElement

from surveys import model
from surveys.builder import publishing
from surveys.equality import tally_repository as equality_tally
from surveys.model import SurveyDefinition
from surveys.results import tally_repository
from toolkit import audit, db, teams
from toolkit.schema import (
    AnswerDraft,
    Channel,
    Engagement,
    EqualityResponse,
    Response,
    Survey,
    SurveyImage,
    SurveyOldSlug,
    SurveyVersion,
)
from toolkit.schema.surveys import CONTACT_FIELDS
from toolkit.timeutil import utcnow

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
CHANNEL_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
DEFAULT_CHANNEL_NAME = "web"
PAPER_CHANNEL = "paper"  # keyed paper copies are found by this name (surveys.paper.repository)


class SurveyStateError(ValueError):
    """An action that the survey's current state does not allow."""


class ChannelNameTaken(SurveyStateError):
    """Another channel of the survey already has the name (names differ by more than case)."""


class ChannelNameFixed(SurveyStateError):
    """The paper channel: keyed paper copies are recorded under its name."""


class ChannelInUse(SurveyStateError):
    """A channel that responses came through: it may be retired, never deleted."""

    def __init__(self, responses: int) -> None:
        super().__init__(f"{responses} responses came through this channel.")
        self.responses = responses


# --- surveys ------------------------------------------------------------------------


def get(survey_id: int) -> Survey | None:
    return db.session.get(Survey, survey_id)


def engagement_of(engagement_id: str | None) -> Engagement | None:
    """The engagement a new survey is created for (from its page), if that id names one."""
    if not engagement_id or not engagement_id.isdigit() or len(engagement_id) > 9:
        return None
    return db.session.get(Engagement, int(engagement_id))


def get_by_slug(slug: str) -> Survey | None:
    """A survey by its web address, without its editable definition (the public pages never
    show it, and it is the biggest column; it loads if something does ask for it)."""
    query = select(Survey).options(defer(Survey.draft_definition)).where(Survey.slug == slug)
    return db.session.scalars(query).first()


def by_old_slug(slug: str) -> Survey | None:
    """The survey that had this web address before (its old links redirect to it)."""
    survey_id = db.session.scalar(select(SurveyOldSlug.survey_id).where(SurveyOldSlug.slug == slug))
    return get(survey_id) if survey_id is not None else None


def slug_taken(slug: str, by_other_than: int | None = None) -> bool:
    """Whether a web address is used, now or before (an old address keeps redirecting), by a
    survey other than `by_other_than`."""
    now = get_by_slug(slug)
    before = db.session.scalar(select(SurveyOldSlug.survey_id).where(SurveyOldSlug.slug == slug))
    return any(owner is not None and owner != by_other_than for owner in (now and now.id, before))


def change_slug(survey: Survey, slug: str, staff_user_id: int | None) -> None:
    """Give a survey a new web address. Once it has been published its old address is kept and
    redirects to the new one (posters and QR codes out there still work); a draft's is let go."""
    if slug == survey.slug:
        return
    if slug_taken(slug, by_other_than=survey.id):
        raise SurveyStateError(f"The web address /s/{slug} is already used by another survey.")
    old = survey.slug
    published = latest_version(survey.id) is not None
    try:
        with db.transaction() as session:
            session.execute(delete(SurveyOldSlug).where(SurveyOldSlug.slug == slug))  # going back to an old one
            if published:
                session.add(SurveyOldSlug(slug=old, survey_id=survey.id))
            session.execute(update(Survey).where(Survey.id == survey.id).values(slug=slug))
            detail = {"from": old, "to": slug, "old_address_redirects": published}
            audit.record(session, staff_user_id, "change_address", "survey", survey.id, detail)
    except IntegrityError as error:
        raise SurveyStateError(f"The web address /s/{slug} is already used by another survey.") from error
    survey.slug = slug


def all_surveys(team_ids: set[int] | None = None) -> list[Survey]:
    """Every survey, or only those of these teams."""
    query = select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc())
    if team_ids is not None:
        query = query.where(Survey.team_id.in_(team_ids))
    return list(db.session.scalars(query))


def live_surveys() -> list[Survey]:
    query = select(Survey).where(Survey.status == "live").order_by(Survey.title)
    return [s for s in db.session.scalars(query) if is_open(s)]


def is_open(survey: Survey, today: date | None = None) -> bool:
    today = today or date.today()
    if survey.status != "live":
        return False
    if survey.opens_on and today < survey.opens_on:
        return False
    return not (survey.closes_on and today > survey.closes_on)


def definition_of(survey: Survey) -> SurveyDefinition:
    return model.from_dict(survey.draft_definition)


def create_survey(
    title: str,
    slug: str,
    staff_user_id: int | None,
    *,
    kind: str = "survey",
    definition: SurveyDefinition | None = None,
    engagement_id: int | None = None,
    team_id: int | None = None,
    copy_of: Survey | None = None,
    audit_detail: dict[str, Any] | None = None,
) -> Survey:
    """A new draft survey, in `team_id`'s team (the default team when not given). `copy_of`: the
    survey whose easy-read pictures the definition uses, copied with it; `audit_detail`: more
    to record (where the survey came from: a copy, a template)."""
    taken = SurveyStateError(f"The web address /s/{slug} is already used by another survey.")
    if slug_taken(slug):
        raise taken
    definition = definition or SurveyDefinition(title=title)
    try:
        with db.transaction() as session:
            survey = Survey(
                slug=slug,
                title=title,
                kind=kind,
                status="draft",
                draft_definition=model.to_dict(definition),
                created_by=staff_user_id,
                engagement_id=engagement_id,
                team_id=team_id if team_id is not None else teams.default_team_id(session),
            )
            session.add(survey)
            session.flush()
            session.add(
                Channel(survey_id=survey.id, name=DEFAULT_CHANNEL_NAME, code=_new_channel_code(), is_default=True)
            )
            if copy_of is not None:
                pictures = _copy_pictures(session, copy_of.id, survey.id, definition, staff_user_id)
                survey.draft_definition = model.to_dict(_with_image_ids(definition, pictures))
            detail = {"title": title, "slug": slug, "engagement_id": engagement_id, **(audit_detail or {})}
            audit.record(session, staff_user_id, "create", "survey", survey.id, detail)
    except IntegrityError as error:  # another lead took the same address a moment ago
        raise taken from error
    return survey


def _copy_pictures(
    session: Any, from_id: int, to_id: int, definition: SurveyDefinition, staff_user_id: int | None
) -> dict[int, int]:
    """Copy the easy-read pictures a definition uses to another survey: old id -> new id."""
    used = {q.image_id for q in definition.questions() if q.image_id is not None}
    if not used:
        return {}
    found = session.scalars(select(SurveyImage).where(SurveyImage.survey_id == from_id, SurveyImage.id.in_(used)))
    copies = {}
    for image in found:
        copy = SurveyImage(
            survey_id=to_id,
            content=image.content,
            mime_type=image.mime_type,
            alt_text=image.alt_text,
            created_by=staff_user_id,
        )
        session.add(copy)
        session.flush()
        copies[image.id] = copy.id
    return copies


def _with_image_ids(definition: SurveyDefinition, new_ids: dict[int, int]) -> SurveyDefinition:
    """The definition with each question's picture swapped for its copy (none if not copied)."""

    def moved(question: model.Question) -> model.Question:
        if question.image_id is None:
            return question
        return replace(question, image_id=new_ids.get(question.image_id))

    sections = tuple(replace(s, questions=tuple(moved(q) for q in s.questions)) for s in definition.sections)
    return replace(definition, sections=sections)


def update_details(survey: Survey, staff_user_id: int | None, **changes: Any) -> None:
    """Change title, kind, dates, retention period, response target or contact details; records
    what changed in the audit trail."""
    allowed = {"title", "kind", "opens_on", "closes_on", "retention_days", "response_target", *CONTACT_FIELDS}
    with db.transaction() as session:
        survey = session.merge(survey)
        before = {k: _jsonable(getattr(survey, k)) for k in changes if k in allowed}
        for key, value in changes.items():
            if key in allowed:
                setattr(survey, key, value)
        if "title" in changes:
            definition = definition_of(survey)
            survey.draft_definition = model.to_dict(replace(definition, title=changes["title"]))
        after = {k: _jsonable(getattr(survey, k)) for k in before}
        audit.record(session, staff_user_id, "update_details", "survey", survey.id, {"before": before, "after": after})


def save_definition(survey: Survey, definition: SurveyDefinition, staff_user_id: int | None, action: str) -> None:
    """Store the editable definition. Never changes a published version."""
    with db.transaction() as session:
        survey = session.merge(survey)
        survey.draft_definition = model.to_dict(definition)
        survey.title = definition.title
        audit.record(session, staff_user_id, action, "survey", survey.id, {})


def latest_version(survey_id: int) -> SurveyVersion | None:
    query = select(SurveyVersion).where(SurveyVersion.survey_id == survey_id).order_by(SurveyVersion.number.desc())
    return db.session.scalars(query).first()


def versions(survey_id: int) -> list[SurveyVersion]:
    query = select(SurveyVersion).where(SurveyVersion.survey_id == survey_id).order_by(SurveyVersion.number)
    return list(db.session.scalars(query))


def latest_version_id(survey_id: int) -> int | None:
    query = select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id)
    return db.session.scalar(query.order_by(SurveyVersion.number.desc()).limit(1))


def version(version_id: int) -> SurveyVersion | None:
    return db.session.get(SurveyVersion, version_id)


def published_definition(version_id: int) -> SurveyDefinition:
    """The definition of a published version, parsed once per process.

    A version never changes once published (a change is a new version with a new id), so
    what a version id names cannot go stale. The cache is bounded, and keyed by the engine
    too, so another database (a test's, a restored one) never sees this one's entries."""
    return _parsed_version(db.engine(), version_id)


@lru_cache(maxsize=256)
def _parsed_version(_engine: Engine, version_id: int) -> SurveyDefinition:
    stored = db.session.scalar(select(SurveyVersion.definition).where(SurveyVersion.id == version_id))
    if stored is None:
        raise LookupError(f"no survey version {version_id}")
    return model.from_dict(stored)


def has_unpublished_changes(survey: Survey) -> bool:
    latest = latest_version(survey.id)
    return latest is None or latest.definition != survey.draft_definition


def publish(survey: Survey, staff_user_id: int | None) -> SurveyVersion:
    """Freeze the current definition as a new version and make the survey live."""
    problems = publishing.publish_problems(definition_of(survey))
    if problems:
        raise model.DefinitionError(problems)
    with db.transaction() as session:
        survey = session.merge(survey)
        latest = latest_version(survey.id)
        if latest is not None and latest.definition == survey.draft_definition and survey.status == "live":
            return latest
        number = (latest.number if latest else 0) + 1
        new_version = SurveyVersion(
            survey_id=survey.id, number=number, definition=survey.draft_definition, published_by=staff_user_id
        )
        session.add(new_version)
        survey.status = "live"
        session.flush()
        audit.record(session, staff_user_id, "publish", "survey", survey.id, {"version": number})
    return new_version


def close(survey: Survey, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        survey = session.merge(survey)
        if survey.status != "live":
            raise SurveyStateError("Only a live survey can be closed.")
        survey.status = "closed"
        audit.record(session, staff_user_id, "close", "survey", survey.id, {})


def reopen(survey: Survey, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        survey = session.merge(survey)
        if survey.status != "closed":
            raise SurveyStateError("Only a closed survey can be reopened.")
        survey.status = "live"
        audit.record(session, staff_user_id, "reopen", "survey", survey.id, {})


# --- channels ----------------------------------------------------------------------


def _new_channel_code() -> str:
    return "".join(secrets.choice(CHANNEL_CODE_ALPHABET) for _ in range(6))


def channels(survey_id: int) -> list[Channel]:
    query = select(Channel).where(Channel.survey_id == survey_id).order_by(Channel.is_default.desc(), Channel.id)
    return list(db.session.scalars(query))


def default_channel(survey_id: int) -> Channel:
    query = select(Channel).where(Channel.survey_id == survey_id, Channel.is_default.is_(True))
    return db.session.scalars(query).one()


def channel_by_code(code: str) -> Channel | None:
    return db.session.scalars(select(Channel).where(Channel.code == code)).first()


def channel_by_name(survey_id: int, name: str) -> Channel | None:
    query = select(Channel).where(Channel.survey_id == survey_id, func.lower(Channel.name) == name.strip().lower())
    return db.session.scalars(query).first()


def add_channel(survey: Survey, name: str, staff_user_id: int | None) -> Channel:
    if channel_by_name(survey.id, name) is not None:
        raise ChannelNameTaken(f"This survey already has a channel called “{name}”.")
    with db.transaction() as session:
        channel = Channel(survey_id=survey.id, name=name.strip(), code=_new_channel_code())
        session.add(channel)
        session.flush()
        audit.record(
            session, staff_user_id, "add_channel", "survey", survey.id, {"channel": name, "code": channel.code}
        )
    return channel


def channel_of(survey_id: int, channel_id: int) -> Channel | None:
    """One of this survey's channels (None for another survey's, so a forged id finds nothing)."""
    channel = db.session.get(Channel, channel_id)
    return channel if channel is not None and channel.survey_id == survey_id else None


def responses_by_channel(survey_id: int) -> dict[int, int]:
    query = select(Response.channel_id, func.count()).where(Response.survey_id == survey_id)
    return {channel_id: count for channel_id, count in db.session.execute(query.group_by(Response.channel_id))}


def draft_channel_id(survey_id: int, remembered: int | None) -> int:
    """The channel a new draft records: the one whose short link the respondent followed if it
    still exists (it may have been deleted since), else the survey's own."""
    own = Channel.is_default.is_(True)
    wanted = (Channel.id == remembered) | own if remembered is not None else own
    query = select(Channel.id).where(Channel.survey_id == survey_id, wanted)
    # The remembered channel (not the default) first when it is still there; else the survey's own.
    return int(db.session.scalars(query.order_by(Channel.is_default, Channel.id).limit(1)).one())


def rename_channel(channel: Channel, name: str, staff_user_id: int | None) -> None:
    """A new name, the same short link and QR code (they may be printed already) and responses."""
    name = name.strip()
    other = channel_by_name(channel.survey_id, name)
    if other is not None and other.id != channel.id:
        raise ChannelNameTaken(f"This survey already has a channel called “{name}”.")
    if channel.name == PAPER_CHANNEL and name != PAPER_CHANNEL:
        raise ChannelNameFixed("The paper channel keeps its name: keyed paper copies are recorded under it.")
    with db.transaction() as session:
        channel = session.merge(channel)
        before, channel.name = channel.name, name
        detail = {"channel_id": channel.id, "before": before, "after": name, "code": channel.code}
        audit.record(session, staff_user_id, "rename_channel", "survey", channel.survey_id, detail)


def retire_channel(channel: Channel, staff_user_id: int | None, retired: bool = True) -> None:
    """Stop handing a channel out (or start again): its link keeps working and its responses stay."""
    if channel.is_default:
        raise SurveyStateError("The survey’s own link cannot be retired.")
    if (channel.retired_at is not None) == retired:
        return  # already so: nothing changes, nothing to record
    with db.transaction() as session:
        channel = session.merge(channel)
        channel.retired_at = utcnow() if retired else None
        detail = {"channel_id": channel.id, "channel": channel.name, "code": channel.code}
        action = "retire_channel" if retired else "reinstate_channel"
        audit.record(session, staff_user_id, action, "survey", channel.survey_id, detail)


def delete_channel(channel: Channel, staff_user_id: int | None) -> None:
    """Delete a channel no response came through. Anyone part-way through a draft that started
    from its link carries on, recorded as the survey's own link. ChannelInUse if it has responses."""
    if channel.is_default:
        raise SurveyStateError("The survey’s own link cannot be deleted.")
    used = select(func.count()).select_from(Response).where(Response.channel_id == channel.id)
    try:
        with db.transaction() as session:
            responses = int(session.scalar(used) or 0)
            if responses:
                raise ChannelInUse(responses)
            own = default_channel(channel.survey_id).id
            session.execute(update(AnswerDraft).where(AnswerDraft.channel_id == channel.id).values(channel_id=own))
            session.execute(delete(Channel).where(Channel.id == channel.id))
            detail = {"channel_id": channel.id, "channel": channel.name, "code": channel.code}
            audit.record(session, staff_user_id, "delete_channel", "survey", channel.survey_id, detail)
    except IntegrityError as error:  # a response came through it a moment ago
        raise ChannelInUse(1) from error


# --- answering: drafts and submission -------------------------------------------------


def start_draft(
    survey: Survey, version_id: int, channel_id: int, language: str, answers: dict[str, Any] | None = None
) -> AnswerDraft:
    return start_draft_for(survey.id, version_id, channel_id, language, answers)


def start_draft_for(
    survey_id: int, version_id: int, channel_id: int, language: str, answers: dict[str, Any] | None = None
) -> AnswerDraft:
    with db.transaction() as session:
        draft = AnswerDraft(
            token=secrets.token_urlsafe(24),
            survey_id=survey_id,
            version_id=version_id,
            channel_id=channel_id,
            language=language,
            answers=dict(answers or {}),
        )
        session.add(draft)
    return draft


def get_draft(token: str) -> AnswerDraft | None:
    return db.session.get(AnswerDraft, token)


def save_draft_answers(draft: AnswerDraft, answers: dict[str, Any], language: str) -> None:
    with db.transaction() as session:
        draft = session.merge(draft)
        draft.answers = dict(answers)
        draft.language = language
        draft.updated_at = utcnow()


def response_by_key(submission_key: str) -> Response | None:
    return db.session.scalars(select(Response).where(Response.submission_key == submission_key)).first()


_DRAFT_COLUMNS = (AnswerDraft.version_id, AnswerDraft.channel_id, AnswerDraft.language, AnswerDraft.answers)
_SUBMISSION = (
    select(Survey.id, Survey.slug, Survey.status, Survey.opens_on, Survey.closes_on, *_DRAFT_COLUMNS)
    .outerjoin(AnswerDraft, (AnswerDraft.survey_id == Survey.id) & (AnswerDraft.token == bindparam("token")))
    .where(Survey.slug == bindparam("slug"))
)
_DRAFT = select(AnswerDraft.survey_id.label("id"), *_DRAFT_COLUMNS).where(
    AnswerDraft.token == bindparam("token"), AnswerDraft.survey_id == bindparam("survey_id")
)
_RESPONSES, _DRAFTS = typed(Table, Response.__table__), typed(Table, AnswerDraft.__table__)
_INSERT_RESPONSE = insert(_RESPONSES)
_DELETE_DRAFT = delete(_DRAFTS).where(_DRAFTS.c.token == bindparam("token"))


def submission(slug: str, token: str) -> Row[Any] | None:
    """The submitting request's one read: the survey at this address (id, slug, status and
    dates, enough for `is_open`), with the draft's columns if this survey has that draft
    (all None otherwise). None if no survey has the address."""
    return db.session.connection().execute(_SUBMISSION, {"slug": slug, "token": token}).first()


def draft_to_submit(token: str, survey_id: int) -> Row[Any] | None:
    """A draft's columns as `submission` gives them (survey id, version, channel, language,
    answers), found by its token and survey id; None if there is no such draft."""
    return db.session.connection().execute(_DRAFT, {"token": token, "survey_id": survey_id}).first()


def store_response(
    token: str,
    draft: Row[Any],
    definition: SurveyDefinition,
    answers: dict[str, Any],
    equality_answers: dict[str, Any],
    not_asked: list[str] | None = None,
) -> Response | None:
    """Store a checked draft as a response in one transaction: the answers, the equality answers
    in their own table, the results tallies counted, the draft deleted. If a concurrent submit of
    the same draft got there first, its response (the submission key is unique)."""
    row = {
        "survey_id": draft.id,
        "version_id": draft.version_id,
        "channel_id": draft.channel_id,
        "reference": new_reference(),
        "submission_key": token,
        "language": draft.language,
        "answers": answers,
        "not_asked": not_asked or None,
        "submitted_at": utcnow(),
    }
    try:
        with db.transaction() as session:
            connection = session.connection()
            inserted = connection.execute(_INSERT_RESPONSE, row).inserted_primary_key
            assert inserted is not None  # an INSERT of one row always has a key
            response_id = inserted[0]
            tally_repository.add(connection, definition, row)
            key = equality_tally.new_key() if equality_answers else equality_tally.key_without_answers(token)
            equality_tally.add(connection, row, equality_answers, key)
            if equality_answers:
                session.add(
                    EqualityResponse(
                        survey_id=draft.id, response_id=response_id, answers=equality_answers, record_key=key
                    )
                )
            connection.execute(_DELETE_DRAFT, {"token": token})
    except IntegrityError:
        # A concurrent submit of the same draft won the race: return its response.
        return response_by_key(token)
    return Response(id=response_id, **row)


def new_reference() -> str:
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def purge_expired_drafts(older_than: datetime) -> int:
    with db.transaction() as session:
        result = session.execute(delete(AnswerDraft).where(AnswerDraft.updated_at < older_than))
    return int(getattr(result, "rowcount", 0) or 0)


def purge_responses_before(survey_id: int, before: datetime, staff_user_id: int | None) -> int:
    """Retention: delete a survey's responses submitted before a date, and say so in the audit trail."""
    with db.transaction() as session:
        result = session.execute(
            delete(Response).where(Response.survey_id == survey_id, Response.submitted_at < before)
        )
        count = int(getattr(result, "rowcount", 0) or 0)
        tally_repository.rebuild(session.connection(), survey_id, tally_repository.utc_day(before))
        audit.record(
            session,
            staff_user_id,
            "purge_responses",
            "survey",
            survey_id,
            {"before": before.isoformat(), "count": count},
        )
    return count


# --- reading responses (results and exports) ------------------------------------------


@dataclass(frozen=True)
class ResponseFilter:
    channel_id: int | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    language: str | None = None


@dataclass(frozen=True)
class Answers:
    answers: dict[str, Any]
    not_asked: list[str] | None = None  # questions routing skipped (recorded at submit)


def count_responses(survey_id: int) -> int:
    query = select(func.count()).select_from(Response).where(Response.survey_id == survey_id)
    return int(db.session.scalar(query) or 0)


def iter_answers(
    survey_id: int, filters: ResponseFilter = ResponseFilter(), batch: int = 2000
) -> Generator[Answers, None, None]:
    """Every matching response's answers, for counting: one query read as it goes (as
    `export_batches`), in the order of the (survey, submitted) index, so memory stays flat and
    the database never sorts the survey's responses."""
    with _streamed(select(cast(Response.answers, Text), Response.not_asked), survey_id, filters, batch) as result:
        for answers, not_asked in result:
            yield Answers(orjson.loads(answers), not_asked)


# reference, version number, channel name, language, submitted (ISO 8601 UTC, to the second), answers (JSON text)
ExportRow = tuple[str, int, str, str, str, str]


def export_batches(
    survey_id: int, filters: ResponseFilter = ResponseFilter(), batch: int = 2000
) -> Iterator[Sequence[ExportRow]]:
    """The responses for an export, as plain rows in batches of `batch`, in the order they were submitted.

    One query, read as it goes (a server-side cursor on PostgreSQL, SQLite's own stepping
    otherwise), so memory stays flat however many there are. The database does what it does
    fastest: it joins in the version number and channel name and writes the time as text, and
    the answers come back as JSON text, unparsed, for the caller to decode. The order is that
    of the (survey, submitted) index, which SQLite then reads in order instead of sorting every
    response first."""
    response, version, channel = Response.__table__, SurveyVersion.__table__, Channel.__table__
    query = select(
        response.c.reference,
        func.coalesce(version.c.number, 0),
        func.coalesce(channel.c.name, ""),
        response.c.language,
        _utc_iso_seconds(response.c.submitted_at),
        cast(response.c.answers, Text),
    ).select_from(
        response.outerjoin(version, version.c.id == response.c.version_id).outerjoin(
            channel, channel.c.id == response.c.channel_id
        )
    )
    with _streamed(query, survey_id, filters, batch) as result:  # closed at once if the download stops half way
        yield from result.partitions()  # a Row is a tuple


def _streamed(query: Any, survey_id: int, filters: ResponseFilter, batch: int) -> Any:
    """A survey's matching responses, read as they go (a server-side cursor on PostgreSQL, SQLite's
    own stepping otherwise) in the order of the (survey, submitted) index, so the database never sorts."""
    query = query.where(Response.survey_id == survey_id).order_by(Response.submitted_at, Response.id)
    return db.session.execute(_apply_filters(query, filters), execution_options={"yield_per": batch})


def _utc_iso_seconds(column: Any) -> ColumnElement[str]:
    """A timestamp as `2025-03-01T09:30:15+00:00`. SQLite stores UTC as text without an offset."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')
    return func.strftime("%Y-%m-%dT%H:%M:%S+00:00", column)


def _apply_filters(query: Any, filters: ResponseFilter) -> Any:
    # The table's columns, not the mapped attributes: a plain query stays plain (no ORM row handling).
    response = Response.__table__.c
    if filters.channel_id is not None:
        query = query.where(response.channel_id == filters.channel_id)
    if filters.submitted_from is not None:
        query = query.where(response.submitted_at >= datetime.combine(filters.submitted_from, time.min, UTC))
    if filters.submitted_to is not None:
        query = query.where(response.submitted_at <= datetime.combine(filters.submitted_to, time.max, UTC))
    if filters.language is not None:
        query = query.where(response.language == filters.language)
    return query


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


# --- results helpers ---


def count_matching(survey_id: int, filters: ResponseFilter = ResponseFilter()) -> int:
    """How many responses a filter selects (to refuse an export that cannot fit, before starting it)."""
    query = select(func.count()).select_from(Response).where(Response.survey_id == survey_id)
    return int(db.session.scalar(_apply_filters(query, filters)) or 0)


@dataclass(frozen=True)
class TextQuery:
    """One free-text question's answers: a case-insensitive search, and "only people who answered
    `option` to `choice_id`" (a list's member for a multiple-choice question)."""

    question_id: str
    search: str = ""
    choice_id: str | None = None
    option: str | None = None
    multiple: bool = False
    response_ids: frozenset[int] | None = None  # only these responses (a codebook theme's)


def _text_where(survey_id: int, query: TextQuery) -> tuple[Any, list[Any]]:
    text = Response.answers[query.question_id].as_string()
    where = [Response.survey_id == survey_id, text.is_not(None), func.trim(text) != ""]
    if query.search.strip():
        where.append(text.icontains(query.search.strip(), autoescape=True))
    if query.choice_id and query.option:
        if query.multiple:  # a JSON list holds the value quoted: ["gp", "bus"]
            chosen = cast(Response.answers[query.choice_id], Text)
            where.append(chosen.contains(orjson.dumps(query.option).decode(), autoescape=True))
        else:
            where.append(Response.answers[query.choice_id].as_string() == query.option)
    if query.response_ids is not None:
        where.append(Response.id.in_(sorted(query.response_ids)))
    return text, where


def text_answers(
    survey_id: int, filters: ResponseFilter, query: TextQuery, offset: int, limit: int
) -> tuple[int, list[tuple[int, str]]]:
    """How many written answers match, and one page of them (response id, answer) in the order
    submitted. The database does the searching, filtering and paging: a page never reads the rest."""
    text, where = _text_where(survey_id, query)
    count = select(func.count()).select_from(Response).where(*where)
    total = int(db.session.scalar(_apply_filters(count, filters)) or 0)
    page = (
        select(Response.id, text).where(*where).order_by(Response.submitted_at, Response.id).offset(offset).limit(limit)
    )
    return total, [(int(i), str(value)) for i, value in db.session.execute(_apply_filters(page, filters))]


def text_answer_ids(survey_id: int, filters: ResponseFilter, query: TextQuery) -> set[int]:
    """The responses whose written answer matches: what counts per theme are counted among."""
    _text, where = _text_where(survey_id, query)
    return set(db.session.scalars(_apply_filters(select(Response.id).where(*where), filters)))
