"""Two-factor sign-in with time-based one-time codes (TOTP, RFC 6238: any authenticator app),
and ten one-time recovery codes. Codes are accepted once: the last time step used is stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

import pyotp
from sqlalchemy import delete, select

from toolkit import audit, db, qr
from toolkit.schema import RecoveryCode, SignInSettings, StaffUser
from toolkit.timeutil import utcnow

RECOVERY_CODES = 10
VALID_WINDOW = 1  # accept the code before and after the current one: phones' clocks drift


def settings() -> SignInSettings:
    found = db.session.get(SignInSettings, 1)
    if found is None:
        with db.transaction() as session:
            found = SignInSettings(id=1, require_two_factor_for_all=False)
            session.add(found)
    return found


def required_for(user: StaffUser) -> bool:
    return user.role in ("admin", "panel_manager") or settings().require_two_factor_for_all


def set_required_for_all(required: bool, by: int | None) -> None:
    current = settings()
    with db.transaction() as session:
        current = session.merge(current)
        current.require_two_factor_for_all = required
        audit.record(session, by, "require_two_factor_for_all", "sign_in_settings", 1, {"required": required})


def new_secret() -> str:
    return pyotp.random_base32()


def setup_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(qr.qr_svg(uri)).decode()


def _matching_step(secret: str, code: str) -> int | None:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = utcnow()
    step = totp.timecode(now)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step + offset), code):
            return step + offset
    return None


def code_is_right(secret: str, code: str) -> bool:
    return _matching_step(secret, code) is not None


def verify(user: StaffUser, code: str) -> bool:
    """A right code from the app, not used before; or an unused recovery code."""
    if user.totp_secret is None:
        return False
    step = _matching_step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False
        with db.transaction() as session:
            session.merge(user).totp_last_step = step
        return True
    return _use_recovery_code(user, code)


def _code_hash(code: str) -> str:
    # Recovery codes are 50 random bits: a fast hash is enough (nothing to guess from).
    return hashlib.sha256("".join(code.lower().split()).replace("-", "").encode()).hexdigest()


def _use_recovery_code(user: StaffUser, code: str) -> bool:
    query = select(RecoveryCode).where(
        RecoveryCode.staff_user_id == user.id,
        RecoveryCode.code_hash == _code_hash(code),
        RecoveryCode.used_at.is_(None),
    )
    found = db.session.scalars(query).first()
    if found is None:
        return False
    with db.transaction() as session:
        session.merge(found).used_at = utcnow()
        audit.record(session, user.id, "use_recovery_code", "staff_user", user.id, {})
    return True


def _new_recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def enable(user: StaffUser, secret: str, code: str, by: int | None) -> list[str] | None:
    """Turn on two-factor sign-in once the person has typed a right code from their app;
    the ten recovery codes to show them (once), or None if the code was wrong."""
    step = _matching_step(secret, code)
    if step is None:
        return None
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODES)]
    with db.transaction() as session:
        user = session.merge(user)
        user.totp_secret = secret
        user.totp_last_step = step
        session.execute(delete(RecoveryCode).where(RecoveryCode.staff_user_id == user.id))
        session.add_all(RecoveryCode(staff_user_id=user.id, code_hash=_code_hash(c)) for c in codes)
        audit.record(session, by, "enable_two_factor", "staff_user", user.id, {})
    return codes


def disable(user: StaffUser, by: int | None) -> None:
    with db.transaction() as session:
        user = session.merge(user)
        user.totp_secret = None
        user.totp_last_step = None
        session.execute(delete(RecoveryCode).where(RecoveryCode.staff_user_id == user.id))
        audit.record(session, by, "disable_two_factor", "staff_user", user.id, {})


def recovery_codes_left(user: StaffUser) -> int:
    query = select(RecoveryCode).where(RecoveryCode.staff_user_id == user.id, RecoveryCode.used_at.is_(None))
    return len(list(db.session.scalars(query)))
