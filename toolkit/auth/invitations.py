"""Invitations and password resets: single-use links that expire, sent through the outbox.
Only a SHA-256 hash of each token is stored; the email is enqueued in the same transaction
as the row it links to, so neither exists without the other."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta

from sqlalchemy import select, update

from toolkit import audit, db, outbox, teams
from toolkit.auth import sessions, users
from toolkit.schema import Invitation, PasswordReset, StaffUser
from toolkit.schema.staff import ROLES
from toolkit.text import lazy
from toolkit.timeutil import as_utc, utcnow

LinkFor = Callable[[str], str]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- invitations --------------------------------------------------------------------------------


def invite(
    email: str, role: str, team_ids: Iterable[int], by: int, *, hours: int, link_for: LinkFor, organisation: str
) -> Invitation:
    email = email.strip().lower()
    if role not in ROLES:
        raise users.AccountError("role")
    if users.find_by_email(email) is not None:
        raise users.AccountError("exists")
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        # A new invitation replaces any earlier one to the same address.
        session.execute(
            update(Invitation)
            .where(Invitation.email == email, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        invitation = Invitation(
            token_hash=_hash(token),
            email=email,
            role=role,
            team_ids=sorted(set(team_ids)),
            created_by=by,
            expires_at=utcnow() + timedelta(hours=hours),
        )
        session.add(invitation)
        session.flush()
        outbox.enqueue(
            session,
            to=email,
            subject=str(lazy("You are invited to %(organisation)s", organisation=organisation)),
            body=str(
                lazy(
                    "You have been invited to join %(organisation)s's engagement toolkit.\n\n"
                    "Choose your password here (this link works once, for %(hours)d hours):\n%(link)s\n\n"
                    "If you were not expecting this, you can ignore this email.",
                    organisation=organisation,
                    hours=hours,
                    link=link_for(token),
                )
            ),
            kind="invitation",
            key=str(invitation.id),
        )
        detail = {"email": email, "role": role, "teams": invitation.team_ids}
        audit.record(session, by, "invite", "invitation", invitation.id, detail)
    return invitation


def open_invitation(token: str) -> Invitation | None:
    """The invitation this link names, if it is still unused, unrevoked and in date."""
    found = db.session.scalars(select(Invitation).where(Invitation.token_hash == _hash(token))).first()
    if found is None or found.accepted_at or found.revoked_at or as_utc(found.expires_at) <= utcnow():
        return None
    return found


def accept(token: str, name: str, password: str) -> StaffUser:
    """Create the account the invitation describes; the link then stops working."""
    invitation = open_invitation(token)
    if invitation is None:
        raise users.AccountError("invitation")
    if users.find_by_email(invitation.email) is not None:
        raise users.AccountError("exists")
    users.check_new_password(password, invitation.email)
    with db.transaction() as session:
        invitation = session.merge(invitation)
        claimed = session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
            .values(accepted_at=utcnow())
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            raise users.AccountError("invitation")
        user = users._add_user(session, invitation.email, name, password, invitation.role, invitation.created_by)
        teams.set_membership(session, user.id, invitation.team_ids)
        audit.record(session, user.id, "accept", "invitation", invitation.id, {"staff_user": user.id})
    return user


def revoke(invitation_id: int, by: int) -> None:
    with db.transaction() as session:
        session.execute(
            update(Invitation)
            .where(Invitation.id == invitation_id, Invitation.accepted_at.is_(None))
            .values(revoked_at=utcnow())
        )
        audit.record(session, by, "revoke", "invitation", invitation_id, {})


def pending_invitations() -> list[Invitation]:
    query = (
        select(Invitation)
        .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())
    )
    return list(db.session.scalars(query))


# --- password resets ----------------------------------------------------------------------------


def request_reset(email: str, *, minutes: int, link_for: LinkFor, organisation: str) -> None:
    """Email a reset link if there is an active account for this address; do nothing otherwise.
    The caller shows the same page either way."""
    user = users.find_by_email(email)
    if user is None or not user.active:
        return
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        reset = PasswordReset(
            token_hash=_hash(token), staff_user_id=user.id, expires_at=utcnow() + timedelta(minutes=minutes)
        )
        session.add(reset)
        session.flush()
        outbox.enqueue(
            session,
            to=user.email,
            subject=str(lazy("Reset your password for %(organisation)s", organisation=organisation)),
            body=str(
                lazy(
                    "Someone asked to reset the password of your account.\n\n"
                    "Choose a new password here (this link works once, for %(minutes)d minutes):\n%(link)s\n\n"
                    "If it was not you, ignore this email: your password has not changed.",
                    minutes=minutes,
                    link=link_for(token),
                )
            ),
            kind="password_reset",
            key=str(reset.id),
        )
        audit.record(session, None, "request_password_reset", "staff_user", user.id, {})


def open_reset(token: str) -> PasswordReset | None:
    found = db.session.scalars(select(PasswordReset).where(PasswordReset.token_hash == _hash(token))).first()
    if found is None or found.used_at or as_utc(found.expires_at) <= utcnow():
        return None
    user = users.active_user(found.staff_user_id)
    return found if user is not None else None


def reset_password(token: str, password: str) -> StaffUser:
    """Set the new password, use up the link, and end every session the person had."""
    reset = open_reset(token)
    user = users.active_user(reset.staff_user_id) if reset else None
    if reset is None or user is None:
        raise users.AccountError("reset")
    users.check_new_password(password, user.email)
    with db.transaction() as session:
        claimed = session.execute(
            update(PasswordReset)
            .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
            .values(used_at=utcnow())
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            raise users.AccountError("reset")
        user = session.merge(user)
        user.password_hash = users.hash_password(password)
        user.password_changed_at = utcnow()
        sessions.end_all_in(session, user.id)
        audit.record(session, user.id, "reset_password", "staff_user", user.id, {})
    return user
