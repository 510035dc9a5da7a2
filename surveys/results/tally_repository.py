"""Storing and summing the response tallies (surveys/results/tallies.py says what they count).

Every write goes through the caller's connection, inside the transaction that stores, keys or
purges the responses, so the tallies commit or roll back with them. Rows are upserted in one
fixed order, so two submissions at once never wait on each other in opposite orders (no
deadlock on PostgreSQL); SQLite has one writer at a time anyway.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, Table, delete, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from surveys import model
from surveys.equality import tally_repository as equality_tally
from surveys.model import SurveyDefinition
from surveys.results import tallies
from surveys.results.tallies import Key
from toolkit import db
from toolkit.schema import Response, ResponseTally, SurveyVersion
from toolkit.timeutil import as_utc

if TYPE_CHECKING:
    from surveys.repository import ResponseFilter

_TABLE = cast(Table, ResponseTally.__table__)
_KEY_COLUMNS = ("survey_id", "day", "channel_id", "language", "version_id", "question_id", "kind", "value")
_CHUNK = 5000


def utc_day(moment: datetime) -> date:
    """The UTC date the results filters use (PostgreSQL may hand back another offset)."""
    return as_utc(moment).astimezone(UTC).date()


def _upsert(connection: Connection, counted: Mapping[tuple[Any, ...], int]) -> None:
    if not counted:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_TABLE)
    statement = statement.on_conflict_do_update(
        index_elements=list(_KEY_COLUMNS), set_={"count": _TABLE.c.count + statement.excluded.count}
    )
    rows = [{**dict(zip(_KEY_COLUMNS, key, strict=True)), "count": n} for key, n in sorted(counted.items())]
    for first in range(0, len(rows), _CHUNK):
        connection.execute(statement, rows[first : first + _CHUNK])


def _keys_of(definition: SurveyDefinition, row: Mapping[str, Any]) -> Iterable[tuple[Any, ...]]:
    where = (row["survey_id"], utc_day(row["submitted_at"]), row["channel_id"], row["language"], row["version_id"])
    for key in tallies.response_keys(definition.answerable_questions(), row["answers"], row.get("not_asked")):
        yield (*where, *key)


def add(connection: Connection, definition: SurveyDefinition, row: Mapping[str, Any]) -> None:
    """Count one new response (a dict of its columns, as inserted) under its version's `definition`."""
    _upsert(connection, Counter(_keys_of(definition, row)))


def rebuild(connection: Connection, survey_id: int | None = None, through_day: date | None = None) -> int:
    """Count again from the responses: every survey's, or one survey's, every day or only up to
    `through_day` (after a retention purge). Returns how many responses were counted."""
    where = [] if survey_id is None else [_TABLE.c.survey_id == survey_id]
    responses = Response.__table__.c
    chosen = [] if survey_id is None else [responses.survey_id == survey_id]
    if through_day is not None:
        where.append(_TABLE.c.day <= through_day)
        chosen.append(responses.submitted_at < datetime.combine(through_day + timedelta(days=1), time.min, UTC))
    connection.execute(delete(_TABLE).where(*where))
    columns: tuple[str, ...] = ("survey_id", "version_id", "channel_id", "language", "submitted_at", "answers")
    # Migration 0070 rebuilds before migration 0160 adds the column of questions routing skipped.
    if any(column["name"] == "not_asked" for column in inspect(connection).get_columns("response")):
        columns += ("not_asked",)
    query = select(*(responses[name] for name in columns)).where(*chosen)
    versions = select(SurveyVersion.id, SurveyVersion.definition)
    if survey_id is not None:
        versions = versions.where(SurveyVersion.survey_id == survey_id)
    definitions = {version_id: model.from_dict(stored) for version_id, stored in connection.execute(versions)}
    counted: Counter[tuple[Any, ...]] = Counter()
    seen = 0
    for values in connection.execute(query, execution_options={"yield_per": 2000}):
        row = dict(zip(columns, values, strict=True))
        counted.update(_keys_of(definitions[row["version_id"]], row))
        seen += 1
    _upsert(connection, counted)
    equality_tally.rebuild(connection, survey_id, through_day)  # every place that recounts counts both
    return seen


def in_step(survey_id: int) -> bool:
    """Do the tallies count every stored response of the survey? One statement, so one snapshot:
    a response committed meanwhile is in both or neither. False after a write that skipped them
    (a bulk load without `rebuild`, say); the results page then reads the responses instead."""
    responses = select(func.count()).select_from(Response).where(Response.survey_id == survey_id)
    c = _TABLE.c
    tallied = select(func.coalesce(func.sum(c.count), 0)).where(c.survey_id == survey_id, c.kind == tallies.TOTAL[1])
    stored, counted = db.session.execute(select(responses.scalar_subquery(), tallied.scalar_subquery())).one()
    return int(stored) == int(counted)


def counts(survey_id: int, filters: ResponseFilter) -> dict[Key, int]:
    """The tallies summed over the filtered days, channel and language: key -> count."""
    c = _TABLE.c
    query = select(c.question_id, c.kind, c.value, func.sum(c.count)).where(c.survey_id == survey_id)
    if filters.channel_id is not None:
        query = query.where(c.channel_id == filters.channel_id)
    if filters.language is not None:
        query = query.where(c.language == filters.language)
    if filters.submitted_from is not None:
        query = query.where(c.day >= filters.submitted_from)
    if filters.submitted_to is not None:
        query = query.where(c.day <= filters.submitted_to)
    query = query.group_by(c.question_id, c.kind, c.value)
    return {(question_id, kind, value): int(n) for question_id, kind, value, n in db.session.execute(query)}
