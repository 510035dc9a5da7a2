"""Staff accounts in the database."""

from __future__ import annotations

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from toolkit import audit, db
from toolkit.schema import StaffUser
from toolkit.schema.staff import ROLES

# Checked against when the email is unknown, so a wrong email costs the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_password(password: str) -> str:
    """scrypt, werkzeug's default: a memory-hard, modern password hash."""
    return generate_password_hash(password, method="scrypt")


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


def create_user(email: str, name: str, password: str, role: str, created_by: int | None = None) -> StaffUser:
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if find_by_email(email) is not None:
        raise ValueError(f"There is already a staff account for {email}")
    with db.transaction() as session:
        user = StaffUser(email=email.strip().lower(), name=name, password_hash=hash_password(password), role=role)
        session.add(user)
        session.flush()
        audit.record(session, created_by, "create", "staff_user", user.id, {"email": user.email, "role": role})
    return user


def all_users() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))
