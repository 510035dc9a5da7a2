"""The insight library's index: stored entries (`insight_entry`) searched through the database's
own full-text engine, an FTS5 table on SQLite and a GIN tsvector index on PostgreSQL (both made
by migration 0100).

Kept in step on write: a session hook (`mark_stale`, registered below) sees any flush that
touches an engagement's record (its codebook, coded comments, coding decisions, redactions,
report narrative, commitments, publications or the engagement itself) and deletes that
engagement's `insight_state` row in the same transaction. A search first rebuilds the entries of
every engagement without a state row, so what it finds is never older than the last write."""

from __future__ import annotations

from typing import Any

from sqlalchemy import column, delete, event, select, table, text
from sqlalchemy.orm import ORMExecuteState, Session

from engagements import coding_repository as codes
from engagements import repository as engagements
from engagements.coding import CodeDraft, merged
from engagements.model import EngagementError
from reports import insight, model
from reports import repository as reports
from reports.insight import Filters, Hit
from toolkit import audit, db
from toolkit.schema import (
    CodebookCode,
    CodedComment,
    CodingDecision,
    CommentRedaction,
    Commitment,
    Engagement,
    FeedbackPublication,
    InsightEntry,
    InsightState,
    ReportNarrative,
    ReportVersion,
)
from toolkit.text import lazy
from toolkit.timeutil import utcnow

RESULTS_MAX = 50
_TRACKED = (
    CodebookCode,
    CodedComment,
    CodingDecision,
    CommentRedaction,
    ReportNarrative,
    Commitment,
    FeedbackPublication,
    ReportVersion,
)


# --- keeping the index in step ------------------------------------------------------------


def _touched(session: Session) -> set[int]:
    found: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Engagement) and obj.id is not None:
            found.add(obj.id)
        elif isinstance(obj, _TRACKED) and obj.engagement_id is not None:
            found.add(obj.engagement_id)
    return found


def mark_stale(session: Session, _context: Any) -> None:
    """After a flush: the engagements it touched need their entries rebuilt (Core on the same
    connection, so it commits or rolls back with the change itself)."""
    touched = _touched(session)
    if touched:
        session.connection().execute(delete(InsightState).where(InsightState.engagement_id.in_(touched)))


def mark_stale_in_bulk(state: ORMExecuteState) -> None:
    """Before a bulk UPDATE or DELETE of a tracked table (`session.execute(delete(...))`, which
    no flush sees): the engagements of the rows it is about to change need rebuilding."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    entity = state.bind_mapper.class_
    if entity is not Engagement and entity not in _TRACKED:
        return
    column = entity.__table__.c["id" if entity is Engagement else "engagement_id"]
    where = state.statement.whereclause  # type: ignore[attr-defined]
    connection = state.session.connection()
    touched = set(connection.execute(select(column).where(where) if where is not None else select(column)).scalars())
    if touched:
        connection.execute(delete(InsightState).where(InsightState.engagement_id.in_(touched)))


event.listen(Session, "after_flush", mark_stale)
event.listen(Session, "do_orm_execute", mark_stale_in_bulk)


def _gather(found: Engagement) -> tuple[list[insight.Entry], insight.Setting]:
    codebook = codes.codebook(found.id)
    themes = reports.theme_counts(found.id)
    top = {c.id: (c.parent_id or c.id) for c in codebook}
    names = {c.id: c.name for c in codebook}
    coded = {
        key: {names[top[i]] for i in ids if i in top and top[i] in names}
        for key, ids in merged(codes.codings(found.id)).items()
    }
    written = reports.narrative(found.id)
    narrative = {
        part: model.blocks(getattr(written, part) if written else "")
        for part in ("summary", "recommendations", "next_steps")
    }
    comments = codes.published_comments(found.id)
    quotable = {q.key for q in reports.quotable(found.id)}
    quote_keys = [k for k in (written.quote_keys if written else []) if k in quotable]
    summary = engagements.summary(found.id)
    participants = summary.responses + summary.participants + summary.reached
    activities = engagements.activities_of(found.id)
    seldom = model.seldom_heard(found.seldom_heard, [a.who_reached for a in activities])
    places = [written.place if written else "", *(a.place for a in activities)]
    places += [s.venue for s in engagements.sessions_of(found.id) if s.venue]
    where = insight.setting(
        "\n".join(p for p in places if p),
        written.service_area if written else "",
        [found.audiences, *(a.who_reached for a in activities)],
        participants,
        seldom,
    )
    found_entries = insight.entries(
        found.title,
        reports.closed_on(found) or found.planned_opens_on,
        narrative,
        themes,
        codebook,
        coded,
        comments,
        quote_keys,
        reports.commitments(found.id),
        participants,
    )
    return found_entries, where


def reindex(found: Engagement) -> int:
    """Rebuild one engagement's entries from its data as it is now."""
    found_entries, where = _gather(found)
    with db.transaction() as session:
        session.execute(delete(InsightEntry).where(InsightEntry.engagement_id == found.id))
        for e in found_entries:
            session.add(
                InsightEntry(
                    engagement_id=found.id,
                    kind=e.kind,
                    ref=e.ref,
                    title=e.title[:300],
                    body=e.body,
                    themes="\n".join(e.themes),
                    place=where.place,
                    service_area=where.service_area,
                    population=where.population,
                    on_date=e.on_date,
                    n=e.n,
                    n_key=e.n_key,
                    reach={**where.reach(), "reached": where.reached},
                )
            )
        session.flush()
        session.execute(delete(InsightState).where(InsightState.engagement_id == found.id))
        session.add(InsightState(engagement_id=found.id, indexed_at=utcnow()))
    return len(found_entries)


def refresh() -> int:
    """Rebuild the entries of every engagement changed since it was last indexed."""
    fresh = select(InsightState.engagement_id)
    stale = list(db.session.scalars(select(Engagement).where(Engagement.id.not_in(fresh)).order_by(Engagement.id)))
    for found in stale:
        reindex(found)
    return len(stale)


# --- searching ----------------------------------------------------------------------------

_FTS5 = table("insight_fts", column("rowid"), column("rank"))
_TSVECTOR = "to_tsvector('english', insight_entry.title || ' ' || insight_entry.body || ' ' || insight_entry.themes)"


def _matching(filters: Filters) -> Any:
    query = select(InsightEntry, Engagement.title).join(Engagement, Engagement.id == InsightEntry.engagement_id)
    if db.engine().dialect.name == "sqlite":
        query = query.join(_FTS5, _FTS5.c.rowid == InsightEntry.id)
        query = query.where(text("insight_fts MATCH :match").bindparams(match=insight.fts5_query(filters.query)))
        query = query.order_by(_FTS5.c.rank, InsightEntry.id)
    else:
        words = insight.tsquery_text(filters.query)
        query = query.where(text(f"{_TSVECTOR} @@ plainto_tsquery('english', :words)").bindparams(words=words))
        rank = text(f"ts_rank({_TSVECTOR}, plainto_tsquery('english', :rank_words)) DESC").bindparams(rank_words=words)
        query = query.order_by(rank, InsightEntry.id)
    for value, col in (
        (filters.place, InsightEntry.place),
        (filters.service_area, InsightEntry.service_area),
        (filters.theme, InsightEntry.themes),
        (filters.population, InsightEntry.population),
    ):
        if value.strip():
            query = query.where(col.icontains(value.strip(), autoescape=True))
    if filters.from_date:
        query = query.where(InsightEntry.on_date >= filters.from_date)
    if filters.to_date:
        query = query.where(InsightEntry.on_date <= filters.to_date)
    return query.limit(RESULTS_MAX)


def search(filters: Filters) -> list[Hit]:
    """Hits for a search, best first; the index is brought up to date first. Counts come back
    protected (`insight.protected`)."""
    problems = insight.filter_problems(filters)
    if problems:
        raise model.ReportError(problems)
    refresh()
    hits = []
    for row, title in db.session.execute(_matching(filters)).all():
        reach = row.reach or {}
        hits.append(
            Hit(
                engagement_id=row.engagement_id,
                engagement=title,
                entry_id=row.id,
                kind=row.kind,
                ref=row.ref,
                title=row.title,
                body=row.body,
                themes=tuple(t for t in row.themes.split("\n") if t),
                on_date=row.on_date,
                n=insight.protected(row.n, row.n_key),
                participants=insight.protected(reach.get("participants"), int(reach.get("key", 0))),
                groups=int(reach.get("groups", 0)),
                reached=int(reach.get("reached", 0)),
                place=row.place,
                service_area=row.service_area,
            )
        )
    return hits


# --- reusing a theme ----------------------------------------------------------------------


def theme_entry(entry_id: int) -> InsightEntry | None:
    found = db.session.get(InsightEntry, entry_id)
    return found if found is not None and found.kind == "theme" else None


def reuse_theme(entry: InsightEntry, target: Engagement, staff_user_id: int | None) -> None:
    """Add a theme found in the library (its name, definition and examples) to another
    engagement's codebook; audited as the codebook's change and as a reuse."""
    source = codes.get_code(entry.engagement_id, int(entry.ref)) if entry.ref.isdigit() else None
    if source is None:
        raise model.ReportError([lazy("That theme is no longer in its codebook")])
    if target.id == entry.engagement_id:
        raise model.ReportError([lazy("Choose another engagement: this theme is already in its codebook")])
    draft = CodeDraft(source.name, None, source.definition, source.include_example, source.exclude_example)
    try:
        code = codes.add_code(target.id, draft, staff_user_id)
    except EngagementError as error:
        raise model.ReportError(list(error.problems)) from None
    with db.transaction() as session:
        detail = {"code": code.id, "name": code.name, "from_engagement": entry.engagement_id, "from_code": source.id}
        audit.record(session, staff_user_id, "insight.theme_reused", "engagement", target.id, detail)
