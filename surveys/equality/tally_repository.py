"""Storing and summing the equality tallies (surveys/equality/tallies.py says what they count).

Every write goes through the caller's connection, inside the transaction that stores or purges
the responses, so the tallies commit or roll back with them; rows are upserted in one fixed
order, as the results tallies are (surveys/results/tally_repository.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from typing import cast as typed

from sqlalchemy import Connection, Table, delete, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from surveys.equality import tallies
from surveys.equality.dashboard import TOTAL
from surveys.equality.tallies import Tally
from toolkit import db
from toolkit.schema import Channel, EqualityResponse, EqualityTally, Response
from toolkit.stats.disclosure import new_record_key
from toolkit.timeutil import as_utc

_TABLE = typed(Table, EqualityTally.__table__)
_KEY_COLUMNS = ("survey_id", "day", "channel_id", "field", "value")
_CHUNK = 5000

Counted = dict[tuple[Any, ...], list[int]]  # key -> [count, key sum]


def utc_day(moment: datetime) -> date:
    return as_utc(moment).astimezone(UTC).date()


def key_without_answers(submission_key: str) -> int:
    """The record key of a response with no equality answers (no row of its own): derived from
    its submission key, a random secret never shown, so that such people move cell keys too
    (else a "No answer" count one person apart would show its exact difference)."""
    return hashlib.sha256(str(submission_key).encode()).digest()[0]


def record_key(stored: int | None, submission_key: str) -> int:
    """A response's record key: its equality answers' own, else `key_without_answers`."""
    return int(stored) if stored is not None else key_without_answers(submission_key)


def new_key() -> int:
    """A record key for equality answers about to be stored (so it can be counted at once)."""
    return new_record_key()


def _count(counted: Counted, row: Mapping[str, Any], answers: Mapping[str, Any], key: int) -> None:
    where = (row["survey_id"], utc_day(row["submitted_at"]), row["channel_id"])
    for field, value in tallies.response_keys(answers):
        cell = counted.setdefault((*where, field, value), [0, 0])
        cell[0] += 1
        cell[1] += key


def _upsert(connection: Connection, counted: Counted) -> None:
    if not counted:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(_TABLE)
    statement = statement.on_conflict_do_update(
        index_elements=list(_KEY_COLUMNS),
        set_={
            "count": _TABLE.c.count + statement.excluded.count,
            "key_sum": _TABLE.c.key_sum + statement.excluded.key_sum,
        },
    )
    rows = [
        {**dict(zip(_KEY_COLUMNS, key, strict=True)), "count": n, "key_sum": keys}
        for key, (n, keys) in sorted(counted.items())
    ]
    for first in range(0, len(rows), _CHUNK):
        connection.execute(statement, rows[first : first + _CHUNK])


def add(connection: Connection, row: Mapping[str, Any], answers: Mapping[str, Any], key: int) -> None:
    """Count one new response (a dict of its columns, as inserted: survey_id, channel_id,
    submitted_at) with its equality answers ({} for none) and its record key (`record_key`)."""
    counted: Counted = {}
    _count(counted, row, answers, key)
    _upsert(connection, counted)


def rebuild(connection: Connection, survey_id: int | None = None, through_day: date | None = None) -> int:
    """Count again from the responses: every survey's, or one survey's, every day or only up to
    `through_day` (after a retention purge). Returns how many responses were counted. Does
    nothing before the table exists (an older migration rebuilding the results tallies)."""
    if not inspect(connection).has_table(_TABLE.name):
        return 0
    where = [] if survey_id is None else [_TABLE.c.survey_id == survey_id]
    chosen = [] if survey_id is None else [Response.survey_id == survey_id]
    if through_day is not None:
        where.append(_TABLE.c.day <= through_day)
        chosen.append(Response.submitted_at < datetime.combine(through_day + timedelta(days=1), time.min, UTC))
    connection.execute(delete(_TABLE).where(*where))
    query = (
        select(
            Response.survey_id,
            Response.channel_id,
            Response.submitted_at,
            Response.submission_key,
            EqualityResponse.answers,
            EqualityResponse.record_key,
        )
        .outerjoin(EqualityResponse, EqualityResponse.response_id == Response.id)
        .where(*chosen)
    )
    counted: Counted = {}
    seen = 0
    for row in connection.execute(query, execution_options={"yield_per": 2000}).mappings():
        _count(counted, dict(row), row["answers"] or {}, record_key(row["record_key"], row["submission_key"]))
        seen += 1
    _upsert(connection, counted)
    return seen


def in_step(survey_id: int) -> bool:
    """Do the tallies count every stored response of the survey? One statement, so one snapshot.
    False after a write that skipped them (a bulk load without `rebuild`, say); the dashboard
    then reads the responses instead."""
    responses = select(func.count()).select_from(Response).where(Response.survey_id == survey_id)
    c = _TABLE.c
    tallied = select(func.coalesce(func.sum(c.count), 0)).where(c.survey_id == survey_id, c["field"] == TOTAL)
    stored, counted = db.session.execute(select(responses.scalar_subquery(), tallied.scalar_subquery())).one()
    return int(stored) == int(counted)


def sums(survey_id: int) -> list[Tally]:
    """The survey's tallies, with each channel's name."""
    c = _TABLE.c
    query = (
        select(Channel.name, c.day, c.field, c.value, c.count, c.key_sum)
        .join(Channel, Channel.id == c.channel_id)
        .where(c.survey_id == survey_id)
    )
    return [
        Tally(name, day, field, value, int(n), int(keys))
        for name, day, field, value, n, keys in db.session.execute(query)
    ]
