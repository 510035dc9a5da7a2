"""Staff accounts in the database: creating, signing in, roles, deactivation, passwords.
Every change is audited in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from toolkit import audit, db, teams
from toolkit.auth import sessions
from toolkit.auth.passwords import password_problem
from toolkit.schema import StaffUser
from toolkit.schema.staff import ROLES
from toolkit.timeutil import utcnow

# Checked against when the email is unknown, so a wrong email costs the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class AccountError(ValueError):
    """A change refused, with a key the views turn into a translated message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def hash_password(password: str) -> str:
    """scrypt, werkzeug's default: a memory-hard, modern password hash."""
    return generate_password_hash(password, method="scrypt")


def check_new_password(password: str, email: str) -> None:
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem)


def get(user_id: int) -> StaffUser | None:
    return db.session.get(StaffUser, user_id)


def active_user(user_id: int) -> StaffUser | None:
    user = db.session.get(StaffUser, user_id)
    return user if user is not None and user.active else None


def find_by_email(email: str) -> StaffUser | None:
    query = select(StaffUser).where(func.lower(StaffUser.email) == email.strip().lower())
    return db.session.scalars(query).first()


def authenticate(email: str, password: str) -> StaffUser | None:
    user = find_by_email(email)
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def create_user(
    email: str,
    name: str,
    password: str,
    role: str,
    created_by: int | None = None,
    team_ids: Iterable[int] | None = None,
) -> StaffUser:
    """A new account; without `team_ids` it joins the default team."""
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if find_by_email(email) is not None:
        raise ValueError(f"There is already a staff account for {email}")
    check_new_password(password, email)
    with db.transaction() as session:
        user = _add_user(session, email, name, password, role, created_by)
        teams.set_membership(session, user.id, team_ids if team_ids is not None else [teams.default_team_id(session)])
    return user


def _add_user(session: Session, email: str, name: str, password: str, role: str, by: int | None) -> StaffUser:
    user = StaffUser(
        email=email.strip().lower(), name=name, password_hash=hash_password(password), role=role, active=True
    )
    user.password_changed_at = utcnow()
    session.add(user)
    session.flush()
    audit.record(session, by, "create", "staff_user", user.id, {"email": user.email, "role": role})
    return user


def all_users() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))


def signed_in(user: StaffUser) -> None:
    with db.transaction() as session:
        session.merge(user).last_sign_in_at = utcnow()


def _other_active_admins(session: Session, user_id: int) -> int:
    query = select(func.count()).where(StaffUser.role == "admin", StaffUser.active, StaffUser.id != user_id)
    return int(session.scalar(query) or 0)


def change_role(user: StaffUser, role: str, by: int | None) -> None:
    if role not in ROLES:
        raise AccountError("role")
    with db.transaction() as session:
        user = session.merge(user)
        if user.role == role:
            return
        if user.role == "admin" and user.active and _other_active_admins(session, user.id) == 0:
            raise AccountError("last_admin")
        audit.record(session, by, "change_role", "staff_user", user.id, {"from": user.role, "to": role})
        user.role = role


def set_teams(user: StaffUser, team_ids: Iterable[int], by: int | None) -> None:
    wanted = sorted(set(team_ids))
    with db.transaction() as session:
        teams.set_membership(session, user.id, wanted)
        audit.record(session, by, "set_teams", "staff_user", user.id, {"teams": wanted})


def set_active(user: StaffUser, active: bool, by: int | None) -> None:
    """Deactivating signs the person out everywhere at once."""
    with db.transaction() as session:
        user = session.merge(user)
        if user.active == active:
            return
        if not active and user.role == "admin" and _other_active_admins(session, user.id) == 0:
            raise AccountError("last_admin")
        user.active = active
        if not active:
            sessions.end_all_in(session, user.id)
        audit.record(session, by, "reactivate" if active else "deactivate", "staff_user", user.id, {})


def set_password(user: StaffUser, password: str, by: int | None, *, keep_session: str | None = None) -> None:
    """A new password ends every session but `keep_session` (the one that changed it, if any)."""
    check_new_password(password, user.email)
    with db.transaction() as session:
        user = session.merge(user)
        user.password_hash = hash_password(password)
        user.password_changed_at = utcnow()
        audit.record(session, by, "change_password", "staff_user", user.id, {})
    sessions.end_all(user.id, keep=keep_session)
