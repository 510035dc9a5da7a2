"""Inviting panel members to answer a survey: draw a sample, store it, send it (a job), remind
those who have not answered, and count who answered by group. No Flask request here: views pass
in what they know; the send job and the reminders run on the queue.

What is sent: one outbox message per invitation, keyed by the invitation's id, so writing it
twice writes it once. Email goes by SMTP (toolkit/mailer.py); texts ("sms") and letters
("letter") through GOV.UK Notify when a key is configured (toolkit/textsend.py), and without one
the batch's letters are printed into a PDF mail merge that the send job offers to download.
The personal link's code is derived from the invitation id under the app's secret key
(toolkit/invitations.py), so a resumed send and a reminder write the same link and only its
hash is stored.
"""

from __future__ import annotations

import logging
import time as time_module
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
import pandas as pd
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from panel import groups, repository, sampling
from panel.model import Contact
from toolkit import audit, db, invitations, letters, outbox
from toolkit.equality import View, audited_tables, cell_text
from toolkit.jobs import JobContext, JobError
from toolkit.notify import notify_settings
from toolkit.population import CategoryMapping
from toolkit.schema import (
    Channel,
    EqualityResponse,
    OutboxMessage,
    Panel,
    PanelInvitation,
    PanelInvitationBatch,
    PanelMember,
    PanelProfile,
    Response,
    Survey,
)
from toolkit.stats import disclosure
from toolkit.stats.combinations import TooFewAlike, combinations
from toolkit.stats.raking import RakingError, rake
from toolkit.timeutil import utcnow

log = logging.getLogger(__name__)

JOB_KIND = "panel_invitations"
DEFAULT_REMINDER_DAYS = (7, 14)
CHUNK = 25  # invitations written to the outbox per transaction
PANEL_CHANNEL = "Citizens' panel"
KIND_BY_METHOD = {"email": "panel_invitation", "sms": "sms", "post": "letter"}


class InvitationError(ValueError):
    """Asked for something that cannot be done; the message says why in plain words."""


# --- drawing ------------------------------------------------------------------------------------------------


def mappings(panel: Panel, dimension_keys: Sequence[str]) -> list[CategoryMapping]:
    known = {m.dimension: m for m in groups.dimensions(panel.base)}
    unknown = [key for key in dimension_keys if key not in known]
    if unknown:
        raise InvitationError(f"Unknown dimension: {', '.join(unknown)}.")
    return [known[key] for key in dimension_keys]


def member_frame(session: Session, panel_id: int, chosen: Sequence[CategoryMapping]) -> pd.DataFrame:
    """Confirmed members, one row each: id, group per chosen dimension, last invited, paused until."""
    query = (
        select(PanelMember.id, PanelMember.last_invited_at, PanelMember.paused_until, PanelProfile.answers)
        .outerjoin(PanelProfile, PanelMember.profile_id == PanelProfile.id)
        .where(PanelMember.panel_id == panel_id, PanelMember.status == "confirmed")
    )
    rows = session.execute(query).all()
    frame: dict[str, list[Any]] = {sampling.MEMBER_ID: [], sampling.LAST_INVITED: [], sampling.PAUSED_UNTIL: []}
    frame.update({m.dimension: [] for m in chosen})
    for member_id, last_invited, paused_until, answers in rows:
        frame[sampling.MEMBER_ID].append(member_id)
        frame[sampling.LAST_INVITED].append(_aware(last_invited))
        frame[sampling.PAUSED_UNTIL].append(_day_start(paused_until))
        for dimension, group in groups.member_groups(chosen, answers or {}).items():
            frame[dimension].append(group)
    return pd.DataFrame(frame)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def draw(
    panel: Panel, size: int | None, dimension_keys: Sequence[str], seed: int | None, now: datetime | None = None
) -> sampling.Sample:
    """The sample as it would be sent (nothing stored): the same inputs and seed give the same members."""
    chosen = mappings(panel, dimension_keys)
    if not panel.area_codes:
        raise InvitationError("The panel has no area, so there is no population to mirror.")
    population = groups.population_shares(panel.area_codes, chosen)
    frame = member_frame(db.session(), panel.id, chosen)
    try:
        return sampling.draw(frame, population, size, seed=seed, now=now or utcnow(), rest_days=panel.rest_days)
    except sampling.SamplingError as error:
        raise InvitationError(str(error)) from error


def summary_of(sample: sampling.Sample) -> dict[str, Any]:
    """What the page shows of a sample, kept with the batch: counts, shares and shortfalls only."""
    return {
        "seed": sample.seed,
        "requested": sample.requested,
        "drawn": sample.drawn,
        "panel_size": sample.panel_size,
        "eligible": sample.eligible,
        "excluded_paused": sample.excluded_paused,
        "excluded_resting": sample.excluded_resting,
        "margins": [row.__dict__ for row in sample.margins],
        "shortfalls": [short.__dict__ for short in sample.shortfalls],
    }


def open_surveys(team_id: int | None) -> list[Survey]:
    """Surveys the panel can be invited to: its team's, live and not past their closing date."""
    today = date.today()
    query = select(Survey).where(Survey.status == "live").order_by(Survey.title)
    if team_id is not None:
        query = query.where(Survey.team_id == team_id)
    return [s for s in db.session().scalars(query) if not (s.closes_on and s.closes_on < today)]


def get_survey(survey_id: int) -> Survey | None:
    return db.session().get(Survey, survey_id)


def create_batch(
    panel: Panel,
    survey: Survey,
    size: int | None,
    dimension_keys: Sequence[str],
    seed: int,
    *,
    staff_user_id: int | None,
    base_url: str,
    reminder_days: Sequence[int] = DEFAULT_REMINDER_DAYS,
) -> PanelInvitationBatch:
    """Draw again with the seed shown and store the batch and its invitations (nothing sent yet)."""
    sample = draw(panel, size, dimension_keys, seed)
    if not sample.member_ids:
        raise InvitationError("Nobody in the panel can be invited now.")
    with db.transaction() as session:
        batch = PanelInvitationBatch(
            panel_id=panel.id,
            survey_id=survey.id,
            requested=size,
            seed=seed,
            dimensions=list(dimension_keys),
            reminder_days=sorted(set(reminder_days)),
            summary={**summary_of(sample), "base_url": base_url.rstrip("/"), "survey_title": survey.title},
            channel_id=_panel_channel(session, survey.id).id,
            created_by=staff_user_id,
        )
        session.add(batch)
        session.flush()
        query = select(PanelMember.id, PanelMember.contact_method).where(PanelMember.id.in_(sample.member_ids))
        methods = {member_id: method for member_id, method in session.execute(query)}
        session.add_all(
            PanelInvitation(batch_id=batch.id, member_id=m, survey_id=survey.id, channel=methods.get(m, "email"))
            for m in sample.member_ids
        )
        audit.record(
            session,
            staff_user_id,
            "panel_invitations_drawn",
            "panel",
            panel.id,
            {"batch": batch.id, "survey": survey.id, "seed": seed, "requested": size, "drawn": sample.drawn},
        )
    return batch


def _panel_channel(session: Session, survey_id: int) -> Channel:
    """The survey's channel for the panel's personal links (made on first use)."""
    channel = session.scalar(select(Channel).where(Channel.survey_id == survey_id, Channel.name == PANEL_CHANNEL))
    if channel is None:
        code = invitations.code_for(current_app.config["SECRET_KEY"], -survey_id).lower()[:8]
        channel = Channel(survey_id=survey_id, name=PANEL_CHANNEL, code=f"p{code}")
        session.add(channel)
        session.flush()
    return channel


def batches(panel_id: int) -> list[PanelInvitationBatch]:
    query = select(PanelInvitationBatch).where(PanelInvitationBatch.panel_id == panel_id)
    return list(db.session().scalars(query.order_by(PanelInvitationBatch.id.desc())))


def batch(panel_id: int, batch_id: int) -> PanelInvitationBatch | None:
    found = db.session().get(PanelInvitationBatch, batch_id)
    return found if found is not None and found.panel_id == panel_id else None


def start_sending(batch_id: int, staff_user_id: int | None) -> None:
    with db.transaction() as session:
        found = session.get(PanelInvitationBatch, batch_id)
        if found is None or found.status != "drawn":
            raise InvitationError("These invitations have already been sent.")
        found.status = "sending"
        audit.record(session, staff_user_id, "panel_invitations_sent", "panel", found.panel_id, {"batch": batch_id})


# --- the words ----------------------------------------------------------------------------------------------


def link(base_url: str, survey: Survey, code: str) -> str:
    return f"{base_url}/s/{survey.slug}?invite={code}"


def short_link(base_url: str, code: str) -> str:
    return f"{base_url}/i/{invitations.shown(code)}"


def message(survey: Survey, method: str, base_url: str, code: str, reminder: bool) -> tuple[str, str]:
    """(subject, body) of an invitation or a reminder, in the language of the caller's locale."""
    closes = survey.closes_on.strftime("%d %B %Y") if survey.closes_on else ""
    subject = (
        _("Reminder: %(title)s", title=survey.title)
        if reminder
        else _("Your views please: %(title)s", title=survey.title)
    )
    if method == "sms":
        body = _(
            "As a member of our citizens' panel, please answer: %(title)s %(link)s",
            title=survey.title,
            link=link(base_url, survey, code),
        )
        return "", body
    lines = [
        _("As a member of our citizens' panel, we would like to hear your views on: %(title)s.", title=survey.title),
        _("Your answers are anonymous: we know you have answered, never which answers are yours."),
    ]
    if closes:
        lines.append(_("The survey closes on %(date)s.", date=closes))
    if method == "post":
        lines.append(_("Your personal code is %(code)s.", code=invitations.shown(code)))
        lines.append(short_link(base_url, code))
    else:
        lines.append(link(base_url, survey, code))
    lines.append(_("You can pause or leave the panel at any time from your member page."))
    return subject, "\n\n".join(lines)


def _to_address(contact: Contact | None, member_id: int, method: str) -> str | None:
    if method == "post":
        return f"{letters.MEMBER_PREFIX}{member_id}"
    if contact is None:
        return None
    return contact.phone if method == "sms" else contact.email


def _write(session: Session, invitation: PanelInvitation, survey: Survey, base_url: str, *, reminder: bool) -> bool:
    """One invitation (or reminder) into the outbox, in the caller's transaction; False when the member has gone."""
    member = session.get(PanelMember, invitation.member_id) if invitation.member_id else None
    if member is None or member.status != "confirmed":
        return False
    contact = repository.contact_of(member.id)
    method = invitation.channel
    to = _to_address(contact, member.id, method)
    if not to:
        return False
    code = invitations.code_for(current_app.config["SECRET_KEY"], invitation.id)
    with force_locale(member.language or "en"):
        subject, body = message(survey, method, base_url, code, reminder)
    count = invitation.reminders_sent + 1 if reminder else 0
    key = f"{invitation.id}:reminder:{count}" if reminder else str(invitation.id)
    outbox.enqueue(session, to=to, subject=str(subject), body=str(body), kind=KIND_BY_METHOD[method], key=key)
    invitation.token_hash = invitations.code_hash(code)
    return True


# --- sending: a job -------------------------------------------------------------------------------------------


def send_job(context: JobContext) -> None:
    """Write the batch's invitations to the outbox a chunk per transaction. A consumer killed half
    way leaves each invitation either written (with sent_at) or not; the job run again carries on
    with those not written, and the outbox key makes writing one twice a no-op."""
    batch_id = int(context.params["batch_id"])
    session = db.session()
    found = session.get(PanelInvitationBatch, batch_id)
    if found is None:
        raise JobError("These invitations have been deleted.")
    survey = session.get(Survey, found.survey_id)
    if survey is None:
        raise JobError("The survey has been deleted.")
    base_url = found.summary.get("base_url") or current_app.config.get("PUBLIC_BASE_URL", "")
    total = session.scalar(select(func.count()).where(PanelInvitation.batch_id == batch_id)) or 0
    # A large send may be throttled (a pause between chunks) to stay inside Notify's or the mail server's rate.
    chunk, pause = int(context.params.get("chunk", CHUNK)), float(context.params.get("pause", 0))
    while True:
        with db.transaction() as tx:
            waiting = list(
                tx.scalars(
                    select(PanelInvitation)
                    .where(PanelInvitation.batch_id == batch_id, PanelInvitation.sent_at.is_(None))
                    .order_by(PanelInvitation.id)
                    .limit(chunk)
                )
            )
            if not waiting:
                break
            now = utcnow()
            for invitation in waiting:
                if _write(tx, invitation, survey, base_url, reminder=False):
                    member = tx.get(PanelMember, invitation.member_id)
                    assert member is not None
                    member.last_invited_at = now
                invitation.sent_at = now  # written, or the member has gone: either way done
        done = session.scalar(
            select(func.count()).where(PanelInvitation.batch_id == batch_id, PanelInvitation.sent_at.is_not(None))
        )
        context.step("Writing the invitations", int(done or 0), int(total))
        time_module.sleep(pause)
    _letters_pdf(context, batch_id)
    with db.transaction() as tx:
        stored = tx.get(PanelInvitationBatch, batch_id)
        assert stored is not None
        stored.status, stored.sent_at = "sent", stored.sent_at or utcnow()


def _letters_pdf(context: JobContext, batch_id: int) -> None:
    """Without Notify, the batch's letters become one PDF to print and post (the job's download)."""
    if notify_settings(current_app.config) is not None:
        return
    keys = [f"letter:{i}" for i in invitation_ids(batch_id, "post")]
    if not keys:
        return
    context.step("Printing the letters")
    with db.transaction() as tx:
        ids = list(tx.scalars(select(OutboxMessage.id).where(OutboxMessage.idempotency_key.in_(keys))))
        content, printed = letters.print_letters(tx, ids, current_app.config["ORGANISATION_NAME"])
        context.write(f"panel-letters-{batch_id}.pdf", "application/pdf", content)
        letters.mark_printed(tx, printed)


LETTERS_JOB_KIND = "panel_letters"


def waiting_letters(panel_id: int) -> list[int]:
    """Letters to this panel's members still queued (renewals, invitations written before a crash...)."""
    members = [
        f"{letters.MEMBER_PREFIX}{m}"
        for m in db.session().scalars(select(PanelMember.id).where(PanelMember.panel_id == panel_id))
    ]
    query = select(OutboxMessage.id).where(
        OutboxMessage.kind == letters.KIND, OutboxMessage.status == "queued", OutboxMessage.to_address.in_(members)
    )
    return list(db.session().scalars(query.order_by(OutboxMessage.id)))


def letters_job(context: JobContext) -> None:
    """Print the panel's waiting letters into one PDF (without a Notify key nothing else sends them)."""
    ids = [int(i) for i in context.state.get("ids") or waiting_letters(int(context.params["panel_id"]))]
    if not ids:
        raise JobError("There are no letters waiting to be printed.")
    with db.transaction() as tx:
        context.keep(tx, ids=ids)  # a retry prints the same letters again, never others
    context.step("Printing the letters")
    with db.transaction() as tx:
        content, printed = letters.print_letters(tx, ids, current_app.config["ORGANISATION_NAME"])
        context.write("panel-letters.pdf", "application/pdf", content)
        letters.mark_printed(tx, printed)


def invitation_ids(batch_id: int, method: str | None = None) -> list[int]:
    query = select(PanelInvitation.id).where(PanelInvitation.batch_id == batch_id)
    if method:
        query = query.where(PanelInvitation.channel == method)
    return list(db.session().scalars(query.order_by(PanelInvitation.id)))


# --- reminders: scheduled -----------------------------------------------------------------------------------


def survey_open(survey: Survey, today: date) -> bool:
    if survey.status != "live":
        return False
    return not (survey.closes_on and today > survey.closes_on)


def remind(now: datetime | None = None) -> int:
    """Remind members who have not answered, on the batch's reminder days, while the survey is open."""
    now = now or utcnow()
    written = 0
    session = db.session()
    for found in session.scalars(select(PanelInvitationBatch).where(PanelInvitationBatch.status == "sent")).all():
        survey = session.get(Survey, found.survey_id)
        if survey is None or not survey_open(survey, now.date()) or not found.reminder_days or found.sent_at is None:
            continue
        written += _remind_batch(found, survey, now)
    return written


def _remind_batch(found: PanelInvitationBatch, survey: Survey, now: datetime) -> int:
    days = sorted(found.reminder_days)
    sent_at = _aware(found.sent_at)
    assert sent_at is not None
    due = sum(1 for d in days if now >= sent_at + timedelta(days=d))  # reminders due by now
    if due == 0:
        return 0
    base_url = found.summary.get("base_url") or current_app.config.get("PUBLIC_BASE_URL", "")
    written = 0
    with db.transaction() as tx:
        waiting = tx.scalars(
            select(PanelInvitation).where(
                PanelInvitation.batch_id == found.id,
                PanelInvitation.responded.is_(False),
                PanelInvitation.sent_at.is_not(None),
                PanelInvitation.reminders_sent < due,
            )
        ).all()
        for invitation in waiting:
            if _write(tx, invitation, survey, base_url, reminder=True):
                written += 1
            invitation.reminders_sent = due  # one reminder now, even if two fell due (the consumer was down)
            invitation.last_reminded_at = now
    return written


# --- response rates and weighting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    group: str
    invited: disclosure.Protected
    responded: disclosure.Protected

    @property
    def rate(self) -> float | None:
        if not (self.invited.shown and self.responded.shown) or not self.invited.value:
            return None
        return min(1.0, (self.responded.value or 0) / self.invited.value)


@dataclass(frozen=True)
class RateTable:
    dimension: str
    rows: tuple[RateRow, ...]


def _key(record_key: int | None, invitation_id: int) -> int:
    return record_key if record_key is not None else invitation_id % disclosure.KEY_SPACE


def rate_tables(
    pairs: Sequence[tuple[str, int, bool]], categories: Sequence[str], threshold: int
) -> tuple[disclosure.Table, disclosure.Table]:
    """Invited and answered by group, from (group, record key, answered) per invitation, published
    through the same layer as the survey dashboard (`toolkit.equality.audited_tables`): the two
    tables overlap (those who answered are in both), so they are audited together, with the people
    who answered and those who did not as the atoms; their numbers are shown exactly on the page."""
    answered_keys = [k for _g, k, r in pairs if r]
    atoms: dict[object, int] = {"answered": len(answered_keys), "not answered": len(pairs) - len(answered_keys)}
    views: list[View] = [
        (frozenset(atoms), disclosure.counts_by(((g, k) for g, k, _r in pairs), categories)),
        (frozenset(["answered"]), disclosure.counts_by(((g, k) for g, k, r in pairs if r), categories)),
    ]
    invited, answered = audited_tables(disclosure.Audit(categories), atoms, views, threshold)
    return invited, answered


def response_rates(panel: Panel, found: PanelInvitationBatch) -> tuple[RateTable, ...]:
    """Invited and answered by group on each of the batch's dimensions, through the disclosure layer."""
    chosen = mappings(panel, found.dimensions)
    query = (
        select(PanelInvitation.id, PanelInvitation.responded, PanelProfile.answers, PanelProfile.record_key)
        .outerjoin(PanelMember, PanelMember.id == PanelInvitation.member_id)
        .outerjoin(PanelProfile, PanelProfile.id == PanelMember.profile_id)
        .where(PanelInvitation.batch_id == found.id)
    )
    rows = db.session().execute(query).all()
    threshold = panel.suppression_threshold
    tables = []
    for m in chosen:
        categories = [*m.groups, sampling.UNKNOWN]
        pairs = [
            (groups.member_group(m, answers or {}) or sampling.UNKNOWN, _key(key, i), r) for i, r, answers, key in rows
        ]
        invited, answered = rate_tables(pairs, categories, threshold)
        table_rows = tuple(RateRow(c, invited.cells[c], answered.cells[c]) for c in categories if c in invited.cells)
        tables.append(RateTable(m.dimension, (*table_rows, RateRow("Total", invited.total, answered.total))))
    return tuple(tables)


@dataclass(frozen=True)
class Weighting:
    responses: int  # answered through a personal link (not an equality figure)
    used: str  # weighted: a known group on every dimension, in a combination large enough; protected
    effective_sample_size: int | None  # rounded to 10
    design_effect: float | None  # rounded to 0.1
    problem: str | None


TOO_FEW_KNOWN = "Too few responses have a known group on every dimension, in combinations large enough to weight."


def weighting(panel: Panel, found: PanelInvitationBatch) -> Weighting:
    """Rake the panel's responses (those that came through personal links) to the population on the
    batch's dimensions, with their equality answers: pre-filled from the member's profile where they
    agreed. Equality figures through the disclosure layer: raked to the protected counts of each
    combination of groups (`toolkit.stats.combinations`), the number weighted protected, the
    effective sample size and design effect rounded, and one message for none and a few."""
    if found.channel_id is None:
        return Weighting(0, "0", None, None, "No responses came through the personal links.")
    chosen = mappings(panel, found.dimensions)
    query = (
        select(EqualityResponse.answers, EqualityResponse.record_key)
        .join(Response, Response.id == EqualityResponse.response_id)
        .where(Response.survey_id == found.survey_id, Response.channel_id == found.channel_id)
    )
    responses = int(
        db.session().scalar(
            select(func.count()).where(Response.survey_id == found.survey_id, Response.channel_id == found.channel_id)
        )
        or 0
    )
    policy = disclosure.Policy(panel.suppression_threshold)
    known, keys = [], []
    for answers, key in db.session().execute(query):
        member_groups = groups.member_groups(chosen, answers or {})
        if all(member_groups.values()):
            known.append(member_groups)
            keys.append(key)
    too_few = Weighting(responses, cell_text(disclosure.protect(disclosure.count_of(keys), policy.threshold)),
                        None, None, TOO_FEW_KNOWN)  # fmt: skip
    if not known:
        return too_few
    targets = groups.population_shares(panel.area_codes, chosen)
    record_keys = np.array(keys, dtype=np.int64)
    try:
        cells = combinations(pd.DataFrame(known), targets, record_keys, policy)
        result = rake(cells.groups, targets, sizes=cells.sizes)
    except TooFewAlike:
        return too_few
    except RakingError as error:
        return Weighting(responses, too_few.used, None, None, str(error))
    weighted = disclosure.count_of(int(k) for k in record_keys[cells.kept[cells.of_row]])
    return Weighting(
        responses,
        cell_text(disclosure.protect(weighted, policy.threshold)),
        disclosure.round_to(result.effective_sample_size, 10),
        round(result.design_effect, 1),
        None,
    )
