"""Database reads and writes for paper copies: references issued when PDFs are made,
keyings of returned copies, and settling two keyings that disagree.

Every keying is kept. A copy becomes a response (channel "paper", the copy's
reference as the response's reference) once it is keyed (once, or twice alike when
the survey asks for double keying), or once a supervisor settles a mismatch.
Returns schema objects and plain data; never touches the request or the session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from surveys import repository
from surveys.equality import model as equality
from surveys.equality import repository as equality_repository
from surveys.model import SurveyDefinition
from surveys.paper import model as paper
from surveys.results import tally_repository
from toolkit import audit, db
from toolkit.schema import (
    Channel,
    PaperCopy,
    PaperEntry,
    PaperSettings,
    PaperSettlement,
    Response,
    Survey,
    SurveyVersion,
)
from toolkit.text import lazy as _l
from toolkit.timeutil import utcnow

PAPER_CHANNEL = repository.PAPER_CHANNEL
SAVED, FIRST_KEYING, MISMATCH = "saved", "first_keying", "mismatch"


class PaperError(ValueError):
    """A keying that cannot be accepted; the message says why, for the person keying."""


# --- settings ----------------------------------------------------------------------------


def double_keying(survey_id: int) -> bool:
    settings = db.session.get(PaperSettings, survey_id)
    return bool(settings and settings.double_keying)


def set_double_keying(survey_id: int, on: bool, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        settings = session.get(PaperSettings, survey_id) or PaperSettings(survey_id=survey_id)
        settings.double_keying = on
        settings.updated_by = staff_user_id
        session.add(settings)
        audit.record(session, staff_user_id, "set_double_keying", "survey", survey_id, {"double_keying": on})


# --- issuing references --------------------------------------------------------------------


def _candidate() -> str:
    return paper.format_reference("".join(secrets.choice(paper.REFERENCE_ALPHABET) for _ in range(8)))


def new_references(count: int) -> list[str]:
    """`count` copy references not yet used by any survey (not recorded: see `record_copies`)."""
    fresh: list[str] = []
    while len(fresh) < count:
        wanted = {_candidate() for _ in range(count - len(fresh))} - set(fresh)
        taken = set(db.session.scalars(select(PaperCopy.reference).where(PaperCopy.reference.in_(wanted))))
        fresh += sorted(wanted - taken)
    return fresh


def record_copies(
    survey_id: int, version_id: int, variant: str, language: str, references: list[str], staff_user_id: int | None
) -> None:
    """Record printed copies' references, once their PDF has been made, and audit the print run."""
    with db.transaction() as session:
        add_copies(session, survey_id, version_id, variant, language, references, staff_user_id)


def add_copies(
    session: Session,
    survey_id: int,
    version_id: int,
    variant: str,
    language: str,
    references: list[str],
    staff_user_id: int | None,
) -> None:
    """`record_copies` in the caller's transaction (a print job keeps the references it issued in
    the same one, so a retried job reuses them)."""
    for reference in references:
        session.add(
            PaperCopy(
                survey_id=survey_id,
                version_id=version_id,
                reference=reference,
                variant=variant,
                language=language,
                issued_by=staff_user_id,
            )
        )
    detail = {"count": len(references), "variant": variant, "language": language}
    audit.record(session, staff_user_id, "print_copies", "survey", survey_id, detail)


def issue_copies(
    survey_id: int, version_id: int, variant: str, language: str, count: int, staff_user_id: int | None
) -> list[str]:
    """Record `count` new copy references (one per printed copy) and return them."""
    fresh = new_references(count)
    record_copies(survey_id, version_id, variant, language, fresh, staff_user_id)
    return fresh


def copy(survey_id: int, reference: str) -> PaperCopy | None:
    query = select(PaperCopy).where(PaperCopy.survey_id == survey_id, PaperCopy.reference == reference)
    return db.session.scalars(query).first()


# --- keying ---------------------------------------------------------------------------------


def entries(survey_id: int, reference: str) -> list[PaperEntry]:
    query = (
        select(PaperEntry)
        .where(PaperEntry.survey_id == survey_id, PaperEntry.copy_reference == reference)
        .order_by(PaperEntry.keying)
    )
    return list(db.session.scalars(query))


def response_for(reference: str) -> Response | None:
    return db.session.scalars(select(Response).where(Response.reference == reference)).first()


def paper_channel(survey: Survey, staff_user_id: int | None) -> Channel:
    """The survey's "paper" channel, made the first time a copy is keyed."""
    channel = repository.channel_by_name(survey.id, PAPER_CHANNEL)
    if channel is not None:
        return channel
    try:
        return repository.add_channel(survey, PAPER_CHANNEL, staff_user_id)
    except repository.SurveyStateError:  # someone else made it a moment ago
        found = repository.channel_by_name(survey.id, PAPER_CHANNEL)
        assert found is not None
        return found


def version_to_key(survey_id: int, printed: PaperCopy | None) -> SurveyVersion | None:
    """The version a returned copy is keyed against: the one it was printed from (copies
    printed before the survey was republished keep their own wording), else the latest."""
    if printed is not None:
        return repository.version(printed.version_id)
    return repository.latest_version(survey_id)


def definition_for(printed: PaperCopy) -> SurveyDefinition:
    return repository.published_definition(printed.version_id)


def check_keyable(survey_id: int, reference: str) -> list[PaperEntry]:
    """The copy's keyings so far; PaperError if it is entered already or waits for a supervisor."""
    if response_for(reference) is not None:
        raise PaperError(_l("Copy %(reference)s has already been entered.", reference=reference))
    keyed = entries(survey_id, reference)
    if len(keyed) >= 2:
        raise PaperError(
            _l(
                "Copy %(reference)s has been keyed twice already and the keyings differ: "
                "a supervisor needs to settle it.",
                reference=reference,
            )
        )
    return keyed


def record_keying(survey: Survey, printed: PaperCopy, answers: dict[str, Any], staff_user_id: int | None) -> str:
    """Keep one keying of a returned copy; SAVED when it became a response, FIRST_KEYING
    when it waits for a second keying, MISMATCH when two keyings disagree."""
    keyed = check_keyable(survey.id, printed.reference)
    keying = len(keyed) + 1
    channel = paper_channel(survey, staff_user_id)
    definition = definition_for(printed)
    differing = paper.differences(definition.questions(), keyed[0].answers, answers) if keyed else []
    outcome = MISMATCH if differing else SAVED
    if keying == 1 and double_keying(survey.id):
        outcome = FIRST_KEYING
    try:
        with db.transaction() as session:
            session.add(
                PaperEntry(
                    survey_id=survey.id,
                    copy_reference=printed.reference,
                    keying=keying,
                    answers=answers,
                    staff_user_id=staff_user_id,
                )
            )
            if outcome == SAVED:
                _add_response(session, printed, channel.id, answers)
            detail = {"reference": printed.reference, "keying": keying, "outcome": outcome, "differing": differing}
            audit.record(session, staff_user_id, "key_paper_copy", "survey", survey.id, detail)
    except IntegrityError:
        raise PaperError(
            _l(
                "Someone else keyed copy %(reference)s at the same moment. Check it and try again.",
                reference=printed.reference,
            )
        ) from None
    return outcome


def _add_response(session: Session, printed: PaperCopy, channel_id: int, answers: dict[str, Any]) -> None:
    """The response keyed from a paper copy; its equality answers are stored apart, as online."""
    definition = definition_for(printed)
    survey_answers, equality_answers = equality.split_answers(definition, answers)
    response = Response(
        survey_id=printed.survey_id,
        version_id=printed.version_id,
        channel_id=channel_id,
        reference=printed.reference,
        submission_key=f"paper:{printed.reference}",
        language=printed.language,
        answers=survey_answers,
        submitted_at=utcnow(),
    )
    session.add(response)
    counted = ("survey_id", "version_id", "channel_id", "language", "submitted_at", "answers")
    tally_repository.add(session.connection(), definition, {name: getattr(response, name) for name in counted})
    equality_repository.store_and_count(session, response, equality_answers)


# --- mismatches ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    reference: str
    first: PaperEntry
    second: PaperEntry
    differing: list[str]
    definition: SurveyDefinition


def mismatches(survey_id: int) -> list[Mismatch]:
    """Copies keyed twice with different answers and not yet settled, oldest first."""
    twice = (
        select(PaperEntry.copy_reference)
        .where(PaperEntry.survey_id == survey_id)
        .group_by(PaperEntry.copy_reference)
        .having(func.count() >= 2)
    )
    found = []
    for reference in db.session.scalars(twice):
        item = mismatch(survey_id, reference)
        if item is not None:
            found.append(item)
    return sorted(found, key=lambda m: (m.second.created_at, m.reference))


def mismatch(survey_id: int, reference: str) -> Mismatch | None:
    printed = copy(survey_id, reference)
    keyed = entries(survey_id, reference)
    if printed is None or len(keyed) < 2 or response_for(reference) is not None:
        return None
    definition = definition_for(printed)
    differing = paper.differences(definition.questions(), keyed[0].answers, keyed[1].answers)
    return Mismatch(reference, keyed[0], keyed[1], differing, definition)


def settle(survey: Survey, item: Mismatch, choices: dict[str, str], staff_user_id: int | None) -> Response:
    """Create the response from the supervisor's choices; both keyings stay as they were."""
    printed = copy(survey.id, item.reference)
    assert printed is not None
    answers = paper.settle(item.definition.questions(), item.first.answers, item.second.answers, choices)
    channel = paper_channel(survey, staff_user_id)
    try:
        with db.transaction() as session:
            session.add(
                PaperSettlement(
                    survey_id=survey.id,
                    copy_reference=item.reference,
                    choices=choices,
                    answers=answers,
                    settled_by=staff_user_id,
                )
            )
            _add_response(session, printed, channel.id, answers)
            detail = {"reference": item.reference, "choices": choices}
            audit.record(session, staff_user_id, "settle_paper_copy", "survey", survey.id, detail)
    except IntegrityError:
        raise PaperError(_l("Copy %(reference)s has already been settled.", reference=item.reference)) from None
    found = response_for(item.reference)
    assert found is not None
    return found


# --- the paper page's figures -------------------------------------------------------------------


@dataclass(frozen=True)
class PaperCounts:
    printed: int
    entered: int
    waiting: int  # keyed once, waiting for a second keying
    mismatches: int


def counts(survey_id: int) -> PaperCounts:
    printed = db.session.scalar(select(func.count()).select_from(PaperCopy).where(PaperCopy.survey_id == survey_id))
    entered_query = (
        select(func.count())
        .select_from(Response)
        .join(PaperCopy, PaperCopy.reference == Response.reference)
        .where(Response.survey_id == survey_id)
    )
    keyed = (
        select(PaperEntry.copy_reference, func.count().label("n"))
        .where(PaperEntry.survey_id == survey_id)
        .group_by(PaperEntry.copy_reference)
        .subquery()
    )
    unresolved = (
        select(keyed.c.n)
        .select_from(keyed)
        .outerjoin(Response, Response.reference == keyed.c.copy_reference)
        .where(Response.id.is_(None))
    )
    waiting = [n for n in db.session.scalars(unresolved)]
    return PaperCounts(
        printed=int(printed or 0),
        entered=int(db.session.scalar(entered_query) or 0),
        waiting=sum(1 for n in waiting if n == 1),
        mismatches=sum(1 for n in waiting if n >= 2),
    )
