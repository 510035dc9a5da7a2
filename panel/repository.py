"""Database reads and writes for the citizens' panel. Returns schema objects and plain data; never
touches the request or the session. Every staff change is recorded in the audit trail, and so is
every time staff see or export contact details.

Messages to members go through the outbox in the same transaction as the change that causes them.
The caller composes their words (`Compose`), because links and translations belong to the web
layer; this module only knows which message goes where.
"""

from __future__ import annotations

import hashlib
import random
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from panel import model, profile
from panel.model import ConsentEvent, ContactMethod, Joining, JoinSource, LeaveReason, MemberStatus, PanelError
from toolkit import audit, db, outbox, teams
from toolkit.population import load_reference
from toolkit.schema import (
    OutboxMessage,
    Panel,
    PanelConsentEvent,
    PanelContact,
    PanelMember,
    PanelProfile,
    PanelRecruitmentChannel,
)
from toolkit.stats.disclosure import KEY_SPACE
from toolkit.text import lazy
from toolkit.timeutil import utcnow

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


# (member token, confirmation token or "") -> the message's words.
Compose = Callable[[str, str], Message]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


# --- panels and recruitment channels ------------------------------------------------------------------


def create_panel(name: str, slug: str, area_codes: Sequence[str], team_id: int | None, by: int | None) -> Panel:
    if not SLUG.match(slug):
        raise PanelError({"slug": lazy("Use 3 to 80 lower-case letters, numbers and hyphens")})
    with db.transaction() as session:
        if session.scalar(select(Panel.id).where(Panel.slug == slug)) is not None:
            raise PanelError({"slug": lazy("Another panel already uses this web address")})
        panel = Panel(name=name.strip()[:200], slug=slug, area_codes=list(area_codes), team_id=team_id, created_by=by)
        session.add(panel)
        session.flush()
        audit.record(session, by, "create", "panel", panel.id, {"name": panel.name})
    return panel


def update_settings(panel: Panel, values: dict[str, Any], by: int | None) -> None:
    allowed = {"name", "area_codes", "renewal_months", "renewal_reminder_days", "renewal_reminders", "rest_days"}
    allowed |= {"open_to_join", "suppression_threshold"}
    with db.transaction() as session:
        found = session.get(Panel, panel.id)
        assert found is not None
        for key, value in values.items():
            if key in allowed:
                setattr(found, key, value)
        audit.record(
            session, by, "update_settings", "panel", panel.id, {k: v for k, v in values.items() if k in allowed}
        )


def get_panel(panel_id: int) -> Panel | None:
    return db.session.get(Panel, panel_id)


def panel_by_slug(slug: str) -> Panel | None:
    return db.session.scalar(select(Panel).where(Panel.slug == slug)) if len(slug) <= 80 else None


def panels(team_ids: set[int] | None = None) -> list[Panel]:
    query = select(Panel).order_by(Panel.name, Panel.id)
    if team_ids is not None:
        query = query.where(Panel.team_id.in_(team_ids))
    return list(db.session.scalars(query))


def open_panels() -> list[Panel]:
    return list(db.session.scalars(select(Panel).where(Panel.open_to_join).order_by(Panel.name)))


def team_of_panel(panel_id: int) -> int | teams.NoTeam | None:
    """For toolkit.teams: the panel's team; NO_TEAM for a panel in no team; None when there is none."""
    row = db.session.execute(select(Panel.team_id).where(Panel.id == panel_id)).first()
    if row is None:
        return None
    return row[0] if row[0] is not None else teams.NO_TEAM


def add_channel(panel_id: int, name: str, by: int | None) -> PanelRecruitmentChannel:
    name = " ".join(name.split())[:120]
    if not name:
        raise PanelError({"name": lazy("Enter a name for the recruitment channel")})
    with db.transaction() as session:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        channel = PanelRecruitmentChannel(panel_id=panel_id, name=name, code=code)
        session.add(channel)
        session.flush()
        audit.record(session, by, "add_channel", "panel", panel_id, {"channel_id": channel.id, "name": name})
    return channel


def channels(panel_id: int) -> list[PanelRecruitmentChannel]:
    query = select(PanelRecruitmentChannel).where(PanelRecruitmentChannel.panel_id == panel_id)
    return list(db.session.scalars(query.order_by(PanelRecruitmentChannel.id)))


def get_channel(panel_id: int, channel_id: int) -> PanelRecruitmentChannel | None:
    found = db.session.get(PanelRecruitmentChannel, channel_id)
    return found if found is not None and found.panel_id == panel_id else None


def _channel_id(session: Session, panel_id: int, code: str | None) -> int | None:
    if not code or len(code) > 20:
        return None
    query = select(PanelRecruitmentChannel.id).where(
        PanelRecruitmentChannel.panel_id == panel_id,
        PanelRecruitmentChannel.code == code,
        PanelRecruitmentChannel.retired_at.is_(None),
    )
    return session.scalar(query)


# --- joining and confirming -------------------------------------------------------------------------


@dataclass(frozen=True)
class Joined:
    member_id: int
    token: str  # the member page link's token (shown once, never stored)
    status: str


class DuplicateError(PanelError):
    """Someone in this panel already has this email address or mobile number."""


def _duplicate(session: Session, panel_id: int, contact: model.Contact, except_member: int | None = None) -> str | None:
    for column, value, field in (
        (PanelContact.email, contact.email, "email"),
        (PanelContact.phone, contact.phone, "phone"),
    ):
        if value is None:
            continue
        query = select(PanelContact.member_id).where(PanelContact.panel_id == panel_id, column == value)
        found = session.scalar(query)
        if found is not None and found != except_member:
            return field
    return None


def _profile(session: Session, panel_id: int, about: model.About) -> PanelProfile | None:
    if about.empty:
        return None
    icb = model.icb_of(about.local_authority, load_reference().icb_lads)
    profile = PanelProfile(
        panel_id=panel_id,
        answers=dict(about.answers),
        postcode_district=about.postcode_district,
        local_authority=about.local_authority,
        icb=icb,
        may_prefill=about.may_prefill,
    )
    session.add(profile)
    session.flush()
    return profile


def join(panel: Panel, joining: Joining, compose: Compose | None, *, by: int | None = None) -> Joined:
    """Add a member. Online joiners who chose email or text are sent a confirmation link (and
    count once they use it); online postal joiners wait for staff; staff-added members count at once.
    Raises DuplicateError when the email or mobile number is already in the panel."""
    now = utcnow()
    with db.transaction() as session:
        field = _duplicate(session, panel.id, joining.contact)
        if field is not None:
            raise DuplicateError({field: _duplicate_message(field)})
        token, token_hash = _new_token()
        member = PanelMember(
            panel_id=panel.id,
            status=MemberStatus.PENDING,
            source=joining.source,
            joined_at=now,
            recruitment_channel_id=_channel_id(session, panel.id, joining.channel_code),
            contact_method=joining.preferences.contact_method,
            language=joining.preferences.language,
            format=joining.preferences.format,
            consent_version=joining.consent_version,
            consented_at=now,
            token_hash=token_hash,
            profile_id=None,
        )
        profile = _profile(session, panel.id, joining.about)
        member.profile_id = profile.id if profile else None
        session.add(member)
        session.flush()
        session.add(_contact_row(panel.id, member.id, joining.contact))
        via = "web" if joining.source == JoinSource.ONLINE else joining.source
        _event(session, member, ConsentEvent.JOINED, via, by)
        if not model.needs_opt_in(joining):
            _confirm(session, panel, member, now, via="staff", by=by)
        elif joining.preferences.contact_method != ContactMethod.POST and compose is not None:
            confirm_token, confirm_hash = _new_token()
            member.confirm_token_hash = confirm_hash
            member.confirm_expires_at = now + timedelta(days=model.CONFIRM_LINK_DAYS)
            _send(session, member, joining.contact, compose(token, confirm_token), "panel_confirm", "confirm")
        if by is not None:
            audit.record(
                session, by, "add_member", "panel", panel.id, {"member_id": member.id, "source": joining.source}
            )
        return Joined(member.id, token, member.status)


def _duplicate_message(field: str) -> Any:
    if field == "email":
        return lazy("This email address is already on the panel. Use your personal link to change your details")
    return lazy("This mobile number is already on the panel. Use your personal link to change your details")


def _contact_row(panel_id: int, member_id: int, contact: model.Contact) -> PanelContact:
    return PanelContact(
        panel_id=panel_id,
        member_id=member_id,
        name=contact.name,
        email=contact.email,
        phone=contact.phone,
        address=contact.address,
        postcode=contact.postcode,
    )


def _event(session: Session, member: PanelMember, kind: str, via: str, by: int | None) -> None:
    session.add(
        PanelConsentEvent(
            panel_id=member.panel_id,
            member_id=member.id,
            kind=kind,
            wording_version=member.consent_version,
            via=via,
            staff_user_id=by,
            at=utcnow(),
        )
    )


def _send(session: Session, member: PanelMember, contact: model.Contact, message: Message, kind: str, key: str) -> None:
    """One message by the member's contact method: email, text (kind "sms") or letter."""
    stamp = utcnow().strftime("%Y%m%d%H%M%S")
    unique = f"m{member.id}:{key}:{stamp}"
    if member.contact_method == ContactMethod.SMS and contact.phone:
        outbox.enqueue(session, to=contact.phone, subject="", body=message.body, kind="sms", key=unique)
    elif member.contact_method == ContactMethod.EMAIL and contact.email:
        outbox.enqueue(session, to=contact.email, subject=message.subject, body=message.body, kind=kind, key=unique)
    else:
        to = f"panel_member:{member.id}"
        outbox.enqueue(session, to=to, subject=message.subject, body=message.body, kind="letter", key=unique)


def _confirm(session: Session, panel: Panel, member: PanelMember, now: datetime, *, via: str, by: int | None) -> None:
    member.status = MemberStatus.CONFIRMED
    member.confirmed_at = now
    member.confirm_token_hash = None
    member.confirm_expires_at = None
    member.renewal_due = model.renewal_due(now.date(), panel.renewal_months)
    _event(session, member, ConsentEvent.CONFIRMED, via, by)


def confirm(token: str) -> PanelMember | None:
    """Use a double opt-in link; None when it is unknown or has expired. Using it twice is fine."""
    if not token or len(token) > 100:
        return None
    now = utcnow()
    with db.transaction() as session:
        member = session.scalar(select(PanelMember).where(PanelMember.confirm_token_hash == hash_token(token)))
        if member is None or member.status != MemberStatus.PENDING:
            return None
        if member.confirm_expires_at is not None and _aware(member.confirm_expires_at) < now:
            return None
        panel = session.get(Panel, member.panel_id)
        assert panel is not None
        _confirm(session, panel, member, now, via=member.contact_method, by=None)
        return member


def confirm_by_staff(member: PanelMember, by: int | None) -> None:
    """A postal joiner (or anyone waiting) confirmed by staff."""
    with db.transaction() as session:
        found = session.get(PanelMember, member.id)
        panel = session.get(Panel, member.panel_id)
        assert found is not None and panel is not None
        if found.status == MemberStatus.PENDING:
            _confirm(session, panel, found, utcnow(), via="staff", by=by)
            audit.record(session, by, "confirm_member", "panel", panel.id, {"member_id": found.id})


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- the member page ---------------------------------------------------------------------------------


def member_by_token(token: str) -> PanelMember | None:
    if not token or len(token) > 100:
        return None
    query = select(PanelMember).where(PanelMember.token_hash == hash_token(token))
    member = db.session.scalar(query)
    return member if member is not None and member.status != MemberStatus.LEFT else None


def contact_of(member_id: int) -> model.Contact | None:
    """A member's contact details, for sending (jobs) and for the member's own page. Staff views
    use `contacts_for_staff`, which is audited."""
    row = db.session.scalar(select(PanelContact).where(PanelContact.member_id == member_id))
    if row is None:
        return None
    return model.Contact(row.name, row.email, row.phone, row.address, row.postcode)


def profile_of(member: PanelMember) -> PanelProfile | None:
    return db.session.get(PanelProfile, member.profile_id) if member.profile_id else None


def update_member(member: PanelMember, contact: model.Contact, preferences: model.Preferences) -> None:
    with db.transaction() as session:
        found = session.get(PanelMember, member.id)
        assert found is not None
        field = _duplicate(session, found.panel_id, contact, except_member=found.id)
        if field is not None:
            raise DuplicateError({field: _duplicate_message(field)})
        row = session.scalar(select(PanelContact).where(PanelContact.member_id == found.id))
        if row is None:
            session.add(_contact_row(found.panel_id, found.id, contact))
        else:
            row.name, row.email, row.phone = contact.name, contact.email, contact.phone
            row.address, row.postcode = contact.address, contact.postcode
        found.contact_method = preferences.contact_method
        found.language = preferences.language
        found.format = preferences.format
        _event(session, found, ConsentEvent.UPDATED, "web", None)


def pause(member: PanelMember, until: date | None) -> None:
    """Pause until a date (not invited before it); None resumes."""
    with db.transaction() as session:
        found = session.get(PanelMember, member.id)
        assert found is not None
        found.paused_until = until
        _event(session, found, ConsentEvent.PAUSED if until else ConsentEvent.RESUMED, "web", None)


def renew(member: PanelMember) -> None:
    """The member said yes to "do you want to stay?"."""
    with db.transaction() as session:
        found = session.get(PanelMember, member.id)
        panel = session.get(Panel, member.panel_id)
        assert found is not None and panel is not None
        found.renewal_due = model.renewal_due(utcnow().date(), panel.renewal_months)
        found.renewal_asked_at = None
        found.renewal_reminders_sent = 0
        found.consent_version = panel.consent_version
        found.consented_at = utcnow()
        _event(session, found, ConsentEvent.RENEWED, "web", None)


def erase(session: Session, member: PanelMember, reason: str, *, via: str, by: int | None) -> None:
    """Leaving: contact details, the equality profile (and so the link to it), the member's links
    and every outbox message to them are deleted at once. An anonymous row stays for the counts."""
    contact = session.scalar(select(PanelContact).where(PanelContact.member_id == member.id))
    addresses = [f"panel_member:{member.id}"]
    if contact is not None:
        addresses += [value for value in (contact.email, contact.phone) if value]
        session.delete(contact)
    session.execute(delete(OutboxMessage).where(OutboxMessage.to_address.in_(addresses)))
    profile_id = member.profile_id
    member.profile_id = None
    session.flush()
    if profile_id is not None:
        session.execute(delete(PanelProfile).where(PanelProfile.id == profile_id))
    member.status = MemberStatus.LEFT
    member.left_at = utcnow()
    member.left_reason = reason
    member.token_hash = None
    member.confirm_token_hash = None
    member.confirm_expires_at = None
    member.paused_until = None
    member.renewal_due = None
    kind = ConsentEvent.LEFT if reason == LeaveReason.LEFT else ConsentEvent.REMOVED
    _event(session, member, kind, via, by)


def leave(member: PanelMember) -> None:
    with db.transaction() as session:
        found = session.get(PanelMember, member.id)
        assert found is not None
        if found.status != MemberStatus.LEFT:
            erase(session, found, LeaveReason.LEFT, via="web", by=None)


def remove_by_staff(member: PanelMember, by: int | None) -> None:
    with db.transaction() as session:
        found = session.get(PanelMember, member.id)
        assert found is not None
        if found.status != MemberStatus.LEFT:
            erase(session, found, LeaveReason.REMOVED_BY_STAFF, via="staff", by=by)
            audit.record(session, by, "remove_member", "panel", found.panel_id, {"member_id": found.id})


# --- staff: members, contact details, import ---------------------------------------------------------


def get_member(panel_id: int, member_id: int) -> PanelMember | None:
    found = db.session.get(PanelMember, member_id)
    return found if found is not None and found.panel_id == panel_id else None


def members(panel_id: int, *, status: str | None = None, limit: int = 500, offset: int = 0) -> list[PanelMember]:
    query = select(PanelMember).where(PanelMember.panel_id == panel_id)
    if status:
        query = query.where(PanelMember.status == status)
    return list(db.session.scalars(query.order_by(PanelMember.id.desc()).limit(limit).offset(offset)))


def member_rows(
    panel_id: int, *, status: str | None, with_contacts: bool, by: int | None, limit: int = 500
) -> list[model.MemberRow]:
    """The members list; with contact details only when asked (the caller checks the role), and
    then the view is recorded in the audit trail."""
    found = members(panel_id, status=status, limit=limit)
    names = {c.id: c.name for c in channels(panel_id)}
    contacts = _contacts(panel_id, [m.id for m in found], by, "view_contacts") if with_contacts else {}
    return [
        model.MemberRow(
            m.id,
            m.status,
            m.paused_until,
            m.source,
            m.joined_at,
            m.contact_method,
            m.language,
            m.format,
            names.get(m.recruitment_channel_id) if m.recruitment_channel_id else None,
            contacts.get(m.id),
        )
        for m in found
    ]


def _contacts(panel_id: int, member_ids: list[int], by: int | None, action: str) -> dict[int, model.Contact]:
    with db.transaction() as session:
        query = select(PanelContact).where(PanelContact.panel_id == panel_id, PanelContact.member_id.in_(member_ids))
        rows = list(session.scalars(query))
        audit.record(session, by, action, "panel_contact", panel_id, {"members": len(rows)})
        return {r.member_id: model.Contact(r.name, r.email, r.phone, r.address, r.postcode) for r in rows}


def contacts_for_staff(
    panel_id: int, member_ids: list[int], by: int | None, *, export: bool = False
) -> dict[int, model.Contact]:
    """Contact details for staff who may see them: every view and export audited."""
    return _contacts(panel_id, member_ids, by, "export_contacts" if export else "view_contacts")


def known_contacts(panel_id: int) -> tuple[set[str], set[str]]:
    """The panel's email addresses and mobile numbers (for finding duplicates in an import)."""
    rows = db.session.execute(select(PanelContact.email, PanelContact.phone).where(PanelContact.panel_id == panel_id))
    emails, phones = set(), set()
    for email, phone in rows:
        if email:
            emails.add(email)
        if phone:
            phones.add(phone)
    return emails, phones


def import_members(
    panel: Panel, joinings: Sequence[Joining], report: dict[str, int], filename: str, by: int | None
) -> int:
    """Add imported members (already checked by panel.importing) in one transaction, audited."""
    now = utcnow()
    with db.transaction() as session:
        for joining in joinings:
            member = PanelMember(
                panel_id=panel.id,
                status=MemberStatus.PENDING,
                source=JoinSource.IMPORT,
                joined_at=now,
                contact_method=joining.preferences.contact_method,
                language=joining.preferences.language,
                format=joining.preferences.format,
                consent_version=joining.consent_version,
                consented_at=now,
                token_hash=_new_token()[1],
            )
            session.add(member)
            session.flush()
            session.add(_contact_row(panel.id, member.id, joining.contact))
            _event(session, member, ConsentEvent.JOINED, "import", by)
            _confirm(session, panel, member, now, via="import", by=by)
        audit.record(session, by, "import_members", "panel", panel.id, {"file": filename[:200], **report})
    return len(joinings)


def counts(panel_id: int) -> dict[str, int]:
    """Members by status (and paused), for the panel's overview."""
    query = (
        select(PanelMember.status, func.count()).where(PanelMember.panel_id == panel_id).group_by(PanelMember.status)
    )
    found = {status: n for status, n in db.session.execute(query)}
    today = utcnow().date()
    paused = db.session.scalar(
        select(func.count()).where(
            PanelMember.panel_id == panel_id,
            PanelMember.status == MemberStatus.CONFIRMED,
            PanelMember.paused_until > today,
        )
    )
    return {**{s.value: found.get(s.value, 0) for s in MemberStatus}, "paused": paused or 0}


# --- consent renewal (the scheduled job) ------------------------------------------------------------


@dataclass(frozen=True)
class RenewalOutcome:
    asked: int = 0
    reminded: int = 0
    removed: int = 0


def renewal_candidates(session: Session, today: date) -> list[int]:
    query = select(PanelMember.id).where(
        PanelMember.status == MemberStatus.CONFIRMED,
        PanelMember.renewal_due.is_not(None),
        PanelMember.renewal_due <= today,
    )
    return list(session.scalars(query.order_by(PanelMember.id)))


def run_renewals(now: datetime, compose: Callable[[PanelMember, str], Message]) -> RenewalOutcome:
    """Ask, remind or remove each member whose consent is due, one transaction a member. The
    member page link is renewed in every message (`compose(member, token)`): only its hash is kept."""
    asked = reminded = removed = 0
    with db.transaction() as session:
        ids = renewal_candidates(session, now.date())
    for member_id in ids:
        with db.transaction() as session:
            member = session.get(PanelMember, member_id)
            panel = session.get(Panel, member.panel_id) if member else None
            if member is None or panel is None or member.status != MemberStatus.CONFIRMED:
                continue
            state = model.RenewalState(
                member.renewal_due,
                member.renewal_asked_at and _aware(member.renewal_asked_at),
                member.renewal_reminders_sent,
            )
            step = model.renewal_step(state, now, panel.renewal_reminder_days, panel.renewal_reminders)
            if step == model.RenewalStep.REMOVE:
                erase(session, member, LeaveReason.RENEWAL_LAPSED, via="job", by=None)
                removed += 1
            elif step in (model.RenewalStep.ASK, model.RenewalStep.REMIND):
                token, member.token_hash = _new_token()
                contact = session.scalar(select(PanelContact).where(PanelContact.member_id == member.id))
                plain = (
                    model.Contact(contact.name, contact.email, contact.phone, contact.address, contact.postcode)
                    if contact
                    else model.Contact()
                )
                _send(
                    session,
                    member,
                    plain,
                    compose(member, token),
                    "panel_renewal",
                    f"renewal{member.renewal_reminders_sent}",
                )
                if step == model.RenewalStep.ASK:
                    member.renewal_asked_at = now
                    asked += 1
                else:
                    member.renewal_reminders_sent += 1
                    reminded += 1
    return RenewalOutcome(asked, reminded, removed)


def expire_unconfirmed(now: datetime) -> int:
    """Online joiners who never used their confirmation link: erased once it has expired."""
    removed = 0
    with db.transaction() as session:
        query = select(PanelMember).where(
            PanelMember.status == MemberStatus.PENDING,
            PanelMember.confirm_expires_at.is_not(None),
            PanelMember.confirm_expires_at < now,
        )
        for member in session.scalars(query):
            erase(session, member, LeaveReason.NEVER_CONFIRMED, via="job", by=None)
            removed += 1
    return removed


# --- what the panel profile page counts -------------------------------------------------------------


def spread_demo_confirmations(panel_id: int, days: int, seed: int) -> None:
    """The demo only: members joined and confirmed over the `days` before today, in id order, as
    many each day whatever the time of day (the profile counts members in whole reporting blocks,
    never today's), each with a record key from `seed`: the demo's profile is the same every time."""
    first_day = datetime.combine(utcnow().date() - timedelta(days=days), time(9), tzinfo=UTC)
    keys = random.Random(seed)
    with db.transaction() as session:
        found = list(
            session.scalars(select(PanelMember).where(PanelMember.panel_id == panel_id).order_by(PanelMember.id))
        )
        for n, member in enumerate(found):
            when = first_day + timedelta(days=n * days // max(len(found), 1), seconds=n)
            member.joined_at = member.consented_at = when
            if member.confirmed_at is not None:
                member.confirmed_at = when
            profile = session.get(PanelProfile, member.profile_id) if member.profile_id is not None else None
            if profile is not None:
                profile.record_key = keys.randrange(KEY_SPACE)


def profile_members(panel_id: int) -> list[profile.Member]:
    """Confirmed members' profiles (no ids): what the panel profile page counts, in aggregate."""
    names = {c.id: c.name for c in channels(panel_id)}
    query = (
        select(
            PanelProfile.answers, PanelProfile.record_key, PanelMember.recruitment_channel_id, PanelMember.confirmed_at
        )
        .join(PanelMember, PanelMember.profile_id == PanelProfile.id)
        .where(PanelMember.panel_id == panel_id, PanelMember.status == MemberStatus.CONFIRMED)
    )
    return [
        profile.Member(dict(a or {}), key, names.get(ch) if ch else None, at.date() if at else None)
        for a, key, ch, at in db.session.execute(query)
    ]


def confirmed_without_profile(panel_id: int) -> int:
    query = select(func.count()).where(
        PanelMember.panel_id == panel_id, PanelMember.status == MemberStatus.CONFIRMED, PanelMember.profile_id.is_(None)
    )
    return db.session.scalar(query) or 0


def channel_member_counts(panel_id: int) -> dict[int | None, int]:
    query = (
        select(PanelMember.recruitment_channel_id, func.count())
        .where(PanelMember.panel_id == panel_id, PanelMember.status == MemberStatus.CONFIRMED)
        .group_by(PanelMember.recruitment_channel_id)
    )
    return {channel_id: n for channel_id, n in db.session.execute(query)}
