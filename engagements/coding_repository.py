"""Database reads and writes for an engagement's codebook and coded comments. Returns the plain
data of engagements.coding; every staff change is audited. Comments are read where they live
(survey responses, workshop notes, activity comments) and never changed here."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from engagements import agreement, coding, redaction, refi, suggest
from engagements.coding import Code, CodeDraft, Coding, Comment, CommentKey
from engagements.model import EngagementError
from toolkit import audit, db, question_kinds
from toolkit.schema import (
    ActivityComment,
    CodebookCode,
    CodedComment,
    CodingDecision,
    CommentRedaction,
    DoubleCodingSample,
    EngagementActivity,
    Response,
    Survey,
    SurveyVersion,
    WorkshopNote,
    WorkshopSession,
    WorkshopTheme,
    WorkshopTopic,
)
from toolkit.text import lazy
from toolkit.timeutil import utcnow

OTHER_SUFFIX = "__other"
AboutComment = TypeVar("AboutComment", CodingDecision, CommentRedaction)


# --- the codebook -------------------------------------------------------------------------


def _code(row: CodebookCode) -> Code:
    return Code(row.id, row.name, row.parent_id, row.definition, row.include_example, row.exclude_example)


def codebook(engagement_id: int) -> list[Code]:
    query = (
        select(CodebookCode)
        .where(CodebookCode.engagement_id == engagement_id)
        .order_by(CodebookCode.position, CodebookCode.id)
    )
    return coding.ordered(_code(row) for row in db.session.scalars(query))


def get_code(engagement_id: int, code_id: int) -> CodebookCode | None:
    found = db.session.get(CodebookCode, code_id)
    return found if found is not None and found.engagement_id == engagement_id else None


def add_code(engagement_id: int, draft: CodeDraft, staff_user_id: int | None) -> Code:
    problems = coding.code_problems(draft, codebook(engagement_id))
    if problems:
        raise EngagementError(problems)
    with db.transaction() as session:
        position = session.scalar(
            select(func.coalesce(func.max(CodebookCode.position), 0)).where(CodebookCode.engagement_id == engagement_id)
        )
        row = CodebookCode(engagement_id=engagement_id, position=int(position or 0) + 1, **draft.columns())
        session.add(row)
        session.flush()
        audit.record(session, staff_user_id, "create", "codebook_code", row.id, draft.columns())
    return _code(row)


def update_code(row: CodebookCode, draft: CodeDraft, staff_user_id: int | None) -> None:
    problems = coding.code_problems(draft, codebook(row.engagement_id), own_id=row.id)
    if problems:
        raise EngagementError(problems)
    with db.transaction() as session:
        row = session.merge(row)
        before = {key: getattr(row, key) for key in draft.columns()}
        for key, value in draft.columns().items():
            setattr(row, key, value)
        audit.record(
            session, staff_user_id, "update", "codebook_code", row.id, {"before": before, "after": draft.columns()}
        )


def delete_code(row: CodebookCode, staff_user_id: int | None) -> None:
    """Delete a code, its sub-themes and everyone's codings with them; board themes mapped to it
    are unmapped (their notes keep their board theme)."""
    with db.transaction() as session:
        ids = [row.id, *session.scalars(select(CodebookCode.id).where(CodebookCode.parent_id == row.id))]
        session.execute(update(WorkshopTheme).where(WorkshopTheme.code_id.in_(ids)).values(code_id=None))
        session.execute(delete(CodedComment).where(CodedComment.code_id.in_(ids)))
        session.execute(delete(CodebookCode).where(CodebookCode.parent_id == row.id))
        session.execute(delete(CodebookCode).where(CodebookCode.id == row.id))
        audit.record(session, staff_user_id, "delete", "codebook_code", row.id, {"name": row.name, "codes": ids})


def _add_all(engagement_id: int, rows: Sequence[tuple[str, CodeDraft]], staff_user_id: int | None) -> int:
    """Add (theme name, draft) rows, themes before their sub-themes; names already in the codebook
    are skipped. The number of codes added."""
    added = 0
    existing = {c.name.casefold(): c for c in codebook(engagement_id)}
    for parent_name, draft in rows:
        if coding.clean(draft.name).casefold() in existing:
            continue
        parent = existing.get(parent_name.casefold()) if parent_name else None
        if parent_name and parent is None:
            continue
        new = add_code(
            engagement_id,
            CodeDraft(
                draft.name,
                parent.id if parent else None,
                draft.definition,
                draft.include_example,
                draft.exclude_example,
            ),
            staff_user_id,
        )
        existing[new.name.casefold()] = new
        added += 1
    return added


def copy_codebook(from_engagement_id: int, to_engagement_id: int, staff_user_id: int | None) -> int:
    source = codebook(from_engagement_id)
    names = {c.id: c.name for c in source}
    rows = [(names.get(c.parent_id, "") if c.parent_id else "", _as_draft(c)) for c in source]
    return _add_all(to_engagement_id, rows, staff_user_id)


def _as_draft(code: Code) -> CodeDraft:
    return CodeDraft(code.name, None, code.definition, code.include_example, code.exclude_example)


def import_qdc(engagement_id: int, data: bytes, staff_user_id: int | None) -> int:
    """A REFI-QDA codebook (.qdc), validated against the format's schema."""
    try:
        rows = refi.from_qdc(data)
    except ValueError as error:
        raise EngagementError([str(error)]) from None
    return _add_all(engagement_id, rows, staff_user_id)


def import_csv(engagement_id: int, text: str, staff_user_id: int | None) -> int:
    try:
        rows = coding.drafts_from_csv(text)
    except ValueError as error:
        raise EngagementError([str(error)]) from None
    return _add_all(engagement_id, rows, staff_user_id)


# --- the comments -------------------------------------------------------------------------


def _free_text_questions(definition: dict[str, Any]) -> dict[str, str]:
    """question id (or id__other) -> the question's text, for the answers people typed."""
    found: dict[str, str] = {}
    for section in definition.get("sections", []):
        for question in section.get("questions", []):
            if question_kinds.is_free_text(str(question.get("type", ""))):
                found[question["id"]] = question.get("text", "")
            if question.get("allow_other"):
                found[f"{question['id']}{OTHER_SUFFIX}"] = question.get("text", "")
    return found


def _survey_comments(engagement_id: int, response_ids: Collection[int] | None = None) -> list[Comment]:
    surveys = {s.id: s.title for s in db.session.scalars(select(Survey).where(Survey.engagement_id == engagement_id))}
    if not surveys or (response_ids is not None and not response_ids):
        return []
    versions = {
        v.id: _free_text_questions(v.definition)
        for v in db.session.scalars(select(SurveyVersion).where(SurveyVersion.survey_id.in_(surveys)))
    }
    query = (
        select(Response.id, Response.survey_id, Response.version_id, Response.answers)
        .where(Response.survey_id.in_(surveys), *([] if response_ids is None else [Response.id.in_(response_ids)]))
        .order_by(Response.id)
    )
    comments = []
    for response_id, survey_id, version_id, answers in db.session.execute(query):
        for question_id, question in versions.get(version_id, {}).items():
            value = (answers or {}).get(question_id)
            if isinstance(value, str) and value.strip():
                key = CommentKey("response", response_id, question_id)
                comments.append(Comment(key, value, surveys[survey_id], question))
    return comments


def _note_comments(engagement_id: int) -> list[Comment]:
    query = (
        select(WorkshopNote, WorkshopSession.title, WorkshopTopic.title)
        .join(WorkshopSession, WorkshopSession.id == WorkshopNote.session_id)
        .outerjoin(WorkshopTopic, WorkshopTopic.id == WorkshopNote.topic_id)
        .where(WorkshopSession.engagement_id == engagement_id)
        .order_by(WorkshopSession.starts_at, WorkshopNote.id)
    )
    # The note's original words: staff edits change `text`, never what was said.
    return [
        Comment(CommentKey("note", note.id), note.original_text, session_title, topic or "")
        for note, session_title, topic in db.session.execute(query)
    ]


def _activity_comments(engagement_id: int) -> list[Comment]:
    query = (
        select(ActivityComment, EngagementActivity.title)
        .join(EngagementActivity, EngagementActivity.id == ActivityComment.activity_id)
        .where(EngagementActivity.engagement_id == engagement_id)
        .order_by(EngagementActivity.id, ActivityComment.id)
    )
    return [Comment(CommentKey("activity_comment", c.id), c.text, title) for c, title in db.session.execute(query)]


def comments(engagement_id: int, only: Collection[CommentKey] | None = None) -> list[Comment]:
    """Every comment of the engagement: survey free text, workshop notes, other activities'
    comments; or `only` those with these keys (reading only their surveys' responses)."""
    if only is None:
        return [*_survey_comments(engagement_id), *_note_comments(engagement_id), *_activity_comments(engagement_id)]
    wanted = set(only)
    surveys = _survey_comments(engagement_id, {k.source_id for k in wanted if k.source == "response"})
    others = [*_note_comments(engagement_id), *_activity_comments(engagement_id)]
    return [c for c in [*surveys, *others] if c.key in wanted]


# --- coding ------------------------------------------------------------------------------


def _raw_codings(engagement_id: int, coder_id: int | None = None) -> list[Coding]:
    query = select(CodedComment).where(CodedComment.engagement_id == engagement_id)
    if coder_id is not None:
        query = query.where(CodedComment.coder_id == coder_id)
    grouped: dict[tuple[CommentKey, int | None], set[int]] = {}
    for row in db.session.scalars(query):
        key = CommentKey(row.source, row.source_id, row.question_id)
        grouped.setdefault((key, row.coder_id), set()).add(row.code_id)
    return [Coding(key, frozenset(ids), coder) for (key, coder), ids in grouped.items()]


def codings(engagement_id: int) -> list[Coding]:
    """The codes that stand, per coder and comment: a lead's decision replaces the coders' codes
    on a comment they disagreed on; a blind second coder's codes count only towards agreement;
    and codes from a workshop board's themes mapped onto the codebook come with coder None."""
    sample = get_sample(engagement_id)
    blind = {coding.parse_key(k) for k in sample.keys} if sample else set()
    second = sample.second_coder_id if sample else None
    decided = decisions(engagement_id)
    found = [
        c for c in _raw_codings(engagement_id) if c.key not in decided and not (c.coder_id == second and c.key in blind)
    ]
    found += [Coding(key, ids, DECIDED) for key, ids in decided.items()]
    return [*found, *board_codings(engagement_id)]


DECIDED = -1  # the "coder" of a lead's decision


def decisions(engagement_id: int) -> dict[CommentKey, frozenset[int]]:
    rows = db.session.scalars(select(CodingDecision).where(CodingDecision.engagement_id == engagement_id))
    return {CommentKey(r.source, r.source_id, r.question_id): frozenset(r.code_ids) for r in rows}


def get_sample(engagement_id: int) -> DoubleCodingSample | None:
    query = select(DoubleCodingSample).where(DoubleCodingSample.engagement_id == engagement_id)
    return db.session.scalars(query).first()


def draw_sample(engagement_id: int, size: int, seed: int, second_coder_id: int, staff_user_id: int | None) -> None:
    """A random sample of the coded comments for a second coder to code blind (one per engagement)."""
    if get_sample(engagement_id) is not None:
        raise EngagementError([lazy("This engagement already has a double-coding sample")])
    coded = [k for k, ids in coding.merged(codings(engagement_id)).items() if ids]
    if not coded or not 1 <= size <= 1000:
        raise EngagementError([lazy("Code some comments first, then choose a sample of 1 to 1000")])
    keys = agreement.sample(coded, size, seed)
    with db.transaction() as session:
        row = DoubleCodingSample(
            engagement_id=engagement_id,
            second_coder_id=second_coder_id,
            size=len(keys),
            seed=seed,
            keys=[str(k) for k in keys],
            created_by=staff_user_id,
        )
        session.add(row)
        session.flush()
        detail = {"size": len(keys), "seed": seed, "second_coder": second_coder_id}
        audit.record(session, staff_user_id, "draw_sample", "engagement", engagement_id, detail)


@dataclass(frozen=True)
class DoubleCoding:
    keys: list[CommentKey]
    first: dict[CommentKey, frozenset[int]]
    second: dict[CommentKey, frozenset[int]]
    done: set[CommentKey]
    result: agreement.Agreement
    queue: list[agreement.Disagreement]


def double_coding(engagement_id: int) -> DoubleCoding | None:
    sample = get_sample(engagement_id)
    if sample is None:
        return None
    keys = [k for k in (coding.parse_key(text) for text in sample.keys) if k is not None]
    raw = _raw_codings(engagement_id)
    second_id = sample.second_coder_id
    first = coding.merged([c for c in raw if c.coder_id != second_id] + board_codings(engagement_id))
    second = coding.merged([c for c in raw if c.coder_id == second_id])
    done = {k for k in keys if k in second} | coded_empty(engagement_id, second_id, keys)
    code_ids = [c.id for c in codebook(engagement_id)]
    result = agreement.agreement(keys, first, second, code_ids, done)
    queue = agreement.disagreements(keys, first, second, done, set(decisions(engagement_id)))
    return DoubleCoding(keys, first, second, done, result, queue)


def coded_empty(engagement_id: int, coder_id: int | None, keys: Sequence[CommentKey]) -> set[CommentKey]:
    """Sampled comments the coder saved with no code at all (seen, and judged to fit none)."""
    events = audit.events_for("engagement", engagement_id, limit=5000)
    wanted = {str(k): k for k in keys}
    return {
        wanted[str(e.detail.get("comment"))]
        for e in events
        if e.action == "code"
        and e.staff_user_id == coder_id
        and e.detail.get("after") == []
        and str(e.detail.get("comment")) in wanted
    }


def _about_comment(session: Session, model: type[AboutComment], engagement_id: int, key: CommentKey) -> AboutComment:
    """The one row of `model` about this comment (a decision, a redaction), added if there is none."""
    row = session.scalars(
        select(model).where(
            model.engagement_id == engagement_id,
            model.source == key.source,
            model.source_id == key.source_id,
            model.question_id == key.question_id,
        )
    ).first()
    if row is None:
        row = model(
            engagement_id=engagement_id, source=key.source, source_id=key.source_id, question_id=key.question_id
        )
        session.add(row)
    return row


def decide(engagement_id: int, key: CommentKey, code_ids: Iterable[int], staff_user_id: int | None) -> None:
    wanted = sorted(set(code_ids))
    if not set(wanted) <= {c.id for c in codebook(engagement_id)}:
        raise EngagementError([lazy("Choose codes from this engagement's codebook")])
    with db.transaction() as session:
        row = _about_comment(session, CodingDecision, engagement_id, key)
        row.code_ids, row.decided_by, row.decided_at = wanted, staff_user_id, utcnow()
        audit.record(
            session, staff_user_id, "decide", "engagement", engagement_id, {"comment": str(key), "codes": wanted}
        )


def board_codings(engagement_id: int) -> list[Coding]:
    query = (
        select(WorkshopNote.id, WorkshopTheme.code_id)
        .join(WorkshopTheme, WorkshopTheme.id == WorkshopNote.theme_id)
        .join(WorkshopSession, WorkshopSession.id == WorkshopNote.session_id)
        .where(WorkshopSession.engagement_id == engagement_id, WorkshopTheme.code_id.is_not(None))
    )
    rows = db.session.execute(query)
    return [Coding(CommentKey("note", int(n)), frozenset({int(c)}), None) for n, c in rows if c is not None]


def _comment_exists(engagement_id: int, key: CommentKey) -> bool:
    if key.source != "response":
        return _owned(engagement_id, key)
    query = (
        select(Response.answers)
        .join(Survey, Survey.id == Response.survey_id)
        .where(Response.id == key.source_id, Survey.engagement_id == engagement_id)
    )
    answers = db.session.scalar(query)
    value = (answers or {}).get(key.question_id)
    return isinstance(value, str) and bool(value.strip())


def _owned(engagement_id: int, key: CommentKey) -> bool:
    if key.source == "note":
        query: Any = (
            select(WorkshopNote.id)
            .join(WorkshopSession, WorkshopSession.id == WorkshopNote.session_id)
            .where(WorkshopNote.id == key.source_id, WorkshopSession.engagement_id == engagement_id)
        )
    else:
        query = (
            select(ActivityComment.id)
            .join(EngagementActivity, EngagementActivity.id == ActivityComment.activity_id)
            .where(ActivityComment.id == key.source_id, EngagementActivity.engagement_id == engagement_id)
        )
    return db.session.scalar(query) is not None


def set_codes(engagement_id: int, key: CommentKey, code_ids: Iterable[int], coder_id: int | None) -> None:
    """Replace one coder's codes on one comment with these."""
    wanted = set(code_ids)
    known = {c.id for c in codebook(engagement_id)}
    if not wanted <= known:
        raise EngagementError([lazy("Choose codes from this engagement's codebook")])
    if not _comment_exists(engagement_id, key):
        raise EngagementError([lazy("That comment is not part of this engagement")])
    with db.transaction() as session:
        mine = (
            CodedComment.engagement_id == engagement_id,
            CodedComment.source == key.source,
            CodedComment.source_id == key.source_id,
            CodedComment.question_id == key.question_id,
            CodedComment.coder_id == coder_id if coder_id is not None else CodedComment.coder_id.is_(None),
        )
        before = set(session.scalars(select(CodedComment.code_id).where(*mine)))
        if before == wanted and wanted:
            return
        session.execute(delete(CodedComment).where(*mine, CodedComment.code_id.not_in(wanted)))
        for code_id in wanted - before:
            session.add(
                CodedComment(
                    engagement_id=engagement_id,
                    code_id=code_id,
                    source=key.source,
                    source_id=key.source_id,
                    question_id=key.question_id,
                    coder_id=coder_id,
                )
            )
        detail = {"comment": str(key), "before": sorted(before), "after": sorted(wanted)}
        audit.record(session, coder_id, "code", "engagement", engagement_id, detail)


# --- workshop board themes --------------------------------------------------------------------


def board_themes(engagement_id: int) -> list[tuple[WorkshopTheme, str]]:
    """Every board theme of the engagement's sessions, with the session's title."""
    query = (
        select(WorkshopTheme, WorkshopSession.title)
        .join(WorkshopSession, WorkshopSession.id == WorkshopTheme.session_id)
        .where(WorkshopSession.engagement_id == engagement_id)
        .order_by(WorkshopSession.starts_at, WorkshopTheme.id)
    )
    return [(theme, title) for theme, title in db.session.execute(query)]


def map_theme(engagement_id: int, theme_id: int, code_id: int | None, staff_user_id: int | None) -> None:
    themes = {t.id: t for t, _title in board_themes(engagement_id)}
    if theme_id not in themes or (code_id is not None and get_code(engagement_id, code_id) is None):
        raise EngagementError([lazy("Choose a board theme and a code of this engagement")])
    with db.transaction() as session:
        theme = session.merge(themes[theme_id])
        detail = {"theme": theme_id, "before": theme.code_id, "after": code_id}
        theme.code_id = code_id
        audit.record(session, staff_user_id, "map_theme", "engagement", engagement_id, detail)


def coding_state(
    engagement_id: int, coder_id: int | None, filters: coding.Filters, at: str, blind: bool = False
) -> coding.CodingState:
    """What the coding page shows; `blind` for the second coder: only the sample, only their codes."""
    if not blind:
        book, everything, standing = codebook(engagement_id), comments(engagement_id), codings(engagement_id)
        state = coding.coding_state(book, everything, standing, coder_id, filters, at)
        if state.current is None:
            return state
        merged = coding.merged(standing)
        coded = [c for c in everything if merged.get(c.key)]
        return replace(state, suggestions=tuple(suggest.suggest(state.current, book, coded, merged)))
    sample = get_sample(engagement_id)
    keys = {coding.parse_key(k) for k in sample.keys} if sample else set()
    sampled = [c for c in comments(engagement_id) if c.key in keys]
    mine = [c for c in _raw_codings(engagement_id, coder_id) if c.key in keys] if coder_id is not None else []
    return coding.coding_state(codebook(engagement_id), sampled, mine, coder_id, filters, at)


def coded_comments_csv(engagement_id: int, published: bool = False) -> str:
    """The coded comments; `published`: with the redacted words where there are some."""
    everyone = coding.merged(codings(engagement_id))
    shown = published_comments(engagement_id) if published else comments(engagement_id)
    return coding.rows_csv(coding.coded_rows(shown, everyone, codebook(engagement_id)))


def export_xlsx(engagement_id: int) -> bytes:
    book = codebook(engagement_id)
    everyone = coding.merged(codings(engagement_id))
    coded = coding.coded_rows(comments(engagement_id), everyone, book)
    return coding.to_xlsx({"Codebook": coding.codebook_rows(book), "Coded comments": coded})


# --- redaction for publication ------------------------------------------------------------------


def redactions(engagement_id: int) -> dict[CommentKey, str]:
    rows = db.session.scalars(select(CommentRedaction).where(CommentRedaction.engagement_id == engagement_id))
    return {CommentKey(r.source, r.source_id, r.question_id): r.text for r in rows}


def comment(engagement_id: int, key: CommentKey) -> Comment | None:
    return next(iter(comments(engagement_id, [key])), None)


def redact(engagement_id: int, key: CommentKey, text: str, reason: str, staff_user_id: int | None) -> None:
    """Keep the words to publish apart from the comment, which never changes. The audit trail
    records who, when and why, not the words (they may hold what was taken out)."""
    problems = redaction.redaction_problems(text, reason)
    if problems:
        raise EngagementError(problems)
    if not _comment_exists(engagement_id, key):
        raise EngagementError([lazy("That comment is not part of this engagement")])
    with db.transaction() as session:
        row = _about_comment(session, CommentRedaction, engagement_id, key)
        row.text, row.reason = text.strip(), reason.strip()
        row.redacted_by, row.redacted_at = staff_user_id, utcnow()
        detail = {"comment": str(key), "reason": row.reason}
        audit.record(session, staff_user_id, "redact", "engagement", engagement_id, detail)


def published_comments(engagement_id: int, only: Collection[CommentKey] | None = None) -> list[Comment]:
    """The comments (all, or `only` these) as they may be published: the redacted words where a
    lead redacted them."""
    redacted = redactions(engagement_id)
    return [replace(c, text=redacted.get(c.key, c.text)) for c in comments(engagement_id, only)]


def import_codings(engagement_id: int, text: str, coder_id: int | None) -> int:
    """Coded comments from a CSV (for example coded elsewhere and brought back): each row's codes
    become the importing coder's codes on that comment. All rows are checked before any is stored."""
    try:
        rows = coding.codings_from_csv(text, codebook(engagement_id))
    except ValueError as error:
        raise EngagementError([str(error)]) from None
    missing = [str(key) for key, _ids in rows if not _comment_exists(engagement_id, key)]
    if missing:
        raise EngagementError(
            [lazy("These comments are not part of this engagement: %(keys)s", keys=", ".join(missing[:5]))]
        )
    for key, ids in rows:
        set_codes(engagement_id, key, ids, coder_id)
    return len(rows)
