"""Database reads and writes for equality answers and each survey's area.

Equality answers are read here only to be counted: rows carry the channel and the day, never a
reference or any other answer, except `iter_weighting_rows`, whose survey answers are used inside
the weighting and never shown per person. Never touches the request or the session.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surveys import repository
from surveys.equality import tally_repository as equality_tally
from surveys.repository import ResponseFilter
from toolkit import audit, db
from toolkit.schema import Engagement, EqualityPublished, EqualityResponse, Response, Survey, SurveyPopulation
from toolkit.stats import DEFAULT_THRESHOLD
from toolkit.timeutil import utcnow

BATCH = 2000


# --- storing answers apart ------------------------------------------------------------------------------


def store_answers(
    session: Session, response: Response, answers: Mapping[str, Any], record_key: int | None = None
) -> None:
    """Keep a response's equality answers in their own row (inside the caller's transaction), with
    a fresh random record key unless one is given (the demo's, for figures that repeat)."""
    if not answers:
        return
    if response.id is None:
        session.flush()
    row = EqualityResponse(survey_id=response.survey_id, response_id=response.id, answers=dict(answers))
    row.record_key = record_key if record_key is not None else equality_tally.new_key()
    session.add(row)


def store_and_count(session: Session, response: Response, answers: Mapping[str, Any]) -> None:
    """`store_answers`, and the response counted in the equality tallies (every response is,
    with equality answers or without)."""
    key = equality_tally.new_key() if answers else equality_tally.key_without_answers(response.submission_key)
    store_answers(session, response, answers, key)
    row = {"survey_id": response.survey_id, "channel_id": response.channel_id, "submitted_at": response.submitted_at}
    equality_tally.add(session.connection(), row, answers, key)


def answers_of(response_id: int) -> dict[str, Any] | None:
    query = select(EqualityResponse.answers).where(EqualityResponse.response_id == response_id)
    found = db.session.scalar(query)
    return dict(found) if found is not None else None


def surveys_answered_since(moment: datetime) -> list[int]:
    """The surveys with a response submitted at `moment` or after (one index look-up per survey)."""
    recent = select(Response.id).where(Response.survey_id == Survey.id, Response.submitted_at >= moment).exists()
    return [int(survey_id) for survey_id in db.session.scalars(select(Survey.id).where(recent).order_by(Survey.id))]


def published_tables(survey_id: int, digest: str) -> dict[str, Any] | None:
    """The tables last published for the survey (`store_published`), if worked out from `digest`."""
    found = db.session.get(EqualityPublished, survey_id)
    return dict(found.tables) if found is not None and found.digest == digest else None


def last_published(survey_id: int) -> tuple[str, dict[str, Any]] | None:
    """The digest and tables last published for the survey, whatever they were worked out from."""
    found = db.session.get(EqualityPublished, survey_id)
    return (found.digest, dict(found.tables)) if found is not None else None


def store_published(survey_id: int, digest: str, tables: Mapping[str, Any]) -> None:
    """Keep the survey's published tables in place of the ones before (a race between two
    processes stores the same tables twice: the audit is deterministic)."""
    try:
        with db.transaction() as session:
            found = session.get(EqualityPublished, survey_id)
            if found is None:
                session.add(EqualityPublished(survey_id=survey_id, digest=digest, tables=dict(tables)))
            else:
                found.digest, found.tables, found.published_at = digest, dict(tables), utcnow()
    except IntegrityError:  # another process stored them first
        pass


def count_answers(survey_id: int) -> int:
    query = select(func.count()).select_from(EqualityResponse).where(EqualityResponse.survey_id == survey_id)
    return int(db.session.scalar(query) or 0)


# --- the survey's area ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationSettings:
    area_codes: tuple[str, ...] = ()
    base: str = "16+"
    threshold: int = DEFAULT_THRESHOLD
    custom: Mapping[str, Any] | None = None
    priority_groups: tuple[tuple[str, str], ...] = ()  # (dimension key, group) the lead named

    @property
    def chosen(self) -> bool:
        return bool(self.area_codes or self.custom)


def population_settings(survey_id: int) -> PopulationSettings:
    row = db.session.get(SurveyPopulation, survey_id)
    if row is None:
        return PopulationSettings()
    priority = tuple((str(d), str(g)) for d, g in row.priority_groups or ())
    return PopulationSettings(
        tuple(row.area_codes or ()), row.base, row.suppression_threshold, row.custom_population, priority
    )


def save_priority_groups(survey_id: int, groups: Sequence[tuple[str, str]], staff_user_id: int | None) -> None:
    with db.transaction() as session:
        row = _row(session, survey_id)
        row.priority_groups = [[d, g] for d, g in groups]
        row.updated_by = staff_user_id
        detail = {"groups": [f"{d}: {g}" for d, g in groups]}
        audit.record(session, staff_user_id, "set_priority_groups", "survey", survey_id, detail)


def engagement_seldom_heard(survey: Survey) -> str:
    """The seldom-heard groups the survey's engagement plan names (its own words), or ""."""
    if survey.engagement_id is None:
        return ""
    return str(db.session.scalar(select(Engagement.seldom_heard).where(Engagement.id == survey.engagement_id)) or "")


def _row(session: Session, survey_id: int) -> SurveyPopulation:
    row = session.get(SurveyPopulation, survey_id)
    if row is None:
        row = SurveyPopulation(survey_id=survey_id, area_codes=[], base="16+", suppression_threshold=DEFAULT_THRESHOLD)
        session.add(row)
    return row


def save_area(survey_id: int, area_codes: list[str], base: str, threshold: int, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        row = _row(session, survey_id)
        row.area_codes = list(area_codes)
        row.base = base
        row.suppression_threshold = threshold
        row.updated_by = staff_user_id
        detail = {"area_codes": list(area_codes), "base": base, "threshold": threshold}
        audit.record(session, staff_user_id, "set_survey_area", "survey", survey_id, detail)


def save_custom_population(survey_id: int, custom: Mapping[str, Any] | None, staff_user_id: int | None) -> None:
    """Store (or, with None, remove) a lead's own population table."""
    with db.transaction() as session:
        row = _row(session, survey_id)
        row.custom_population = dict(custom) if custom is not None else None
        row.updated_by = staff_user_id
        action = "remove_custom_population" if custom is None else "upload_custom_population"
        detail = {"dimensions": sorted((custom or {}).get("dimensions", {}))}
        audit.record(session, staff_user_id, action, "survey", survey_id, detail)


# --- reading equality answers, to count them ------------------------------------------------------------


@dataclass(frozen=True)
class EqualityRow:
    channel: str
    submitted_on: date
    record_key: int  # for disclosure control (see `_record_key`)
    answers: Mapping[str, Any]  # {} when the person answered no equality question


@dataclass(frozen=True)
class WeightingRow:
    equality: Mapping[str, Any]
    survey: Mapping[str, Any]
    record_key: int = 0


def _batches(survey_id: int, filters: ResponseFilter, *columns: Any) -> Iterator[list[Any]]:
    """Every response of the survey (filtered) with its equality answers, in id order, in batches."""
    last_id = 0
    while True:
        query = (
            select(Response.id, *columns)
            .outerjoin(EqualityResponse, EqualityResponse.response_id == Response.id)
            .where(Response.survey_id == survey_id, Response.id > last_id)
        )
        query = repository._apply_filters(query, filters).order_by(Response.id).limit(BATCH)
        rows = db.session.execute(query).all()
        if not rows:
            return
        yield list(rows)
        last_id = rows[-1].id


def iter_equality_rows(survey_id: int, filters: ResponseFilter | None = None) -> Iterator[EqualityRow]:
    names = {c.id: c.name for c in repository.channels(survey_id)}
    columns = (
        Response.channel_id,
        Response.submitted_at,
        Response.submission_key,
        EqualityResponse.answers,
        EqualityResponse.record_key,
    )
    for rows in _batches(survey_id, filters or ResponseFilter(), *columns):
        for row in rows:
            channel = names.get(row.channel_id, "")
            yield EqualityRow(channel, equality_tally.utc_day(row.submitted_at), _record_key(row), row.answers or {})


def _record_key(row: Any) -> int:
    return equality_tally.record_key(row.record_key, row.submission_key)


def iter_weighting_rows(survey_id: int, filters: ResponseFilter | None = None) -> Iterator[WeightingRow]:
    columns = (
        Response.answers,
        Response.submission_key,
        EqualityResponse.answers.label("equality"),
        EqualityResponse.record_key,
    )
    for rows in _batches(survey_id, filters or ResponseFilter(), *columns):
        for row in rows:
            yield WeightingRow(row.equality or {}, row.answers or {}, _record_key(row))


def export_rows(survey_id: int) -> list[dict[str, Any]]:
    """Every stored set of equality answers, in a random order so the rows cannot be lined up
    with the survey export by position."""
    query = select(EqualityResponse.answers).where(EqualityResponse.survey_id == survey_id)
    rows = [dict(answers) for answers in db.session.scalars(query)]
    secrets.SystemRandom().shuffle(rows)
    return rows


def record_export(survey_id: int, staff_user_id: int | None, rows: int) -> None:
    with db.transaction() as session:
        audit.record(session, staff_user_id, "export_equality_answers", "survey", survey_id, {"rows": rows})
