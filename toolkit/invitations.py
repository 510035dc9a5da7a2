"""Personal survey links for invited panel members, as the respondent flow sees them.

The core (not the panel area) because the surveys area uses it and areas never import each
other. The code in a personal link is short enough to type from a letter (12 characters of
Crockford's base32, shown in groups of four: 60 bits of an HMAC under the app's secret key) and
is stored only as its SHA-256 hash.

Answering through a personal link does two things and no more:
- `prefill`: if the member agreed, their panel profile's equality answers fill in the survey's
  equality questions (the respondent still sees them and may change or remove them);
- `mark_responded`: after the response is stored, the invitation is marked as answered.
Neither writes anything about the member or the code into the draft or the response: those hold
the answers only, so a response cannot be traced back to a member.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update

from toolkit import db
from toolkit.schema import PanelInvitation, PanelInvitationBatch, PanelMember, PanelProfile

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O or U
CODE_LENGTH = 12
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def code_for(secret: str, invitation_id: int) -> str:
    """An invitation's code: the same every time it is written (a resumed send, a reminder), so
    only its hash need be kept; unguessable without the app's secret key."""
    digest = hmac.new(secret.encode(), f"panel-invitation:{invitation_id}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH))


def normalise(code: str) -> str | None:
    """A code as typed (any case, spaces or dashes, O for 0...) in its stored form, or None."""
    cleaned = _NOT_CODE.sub("", code.upper()).translate(_READ_AS)
    return cleaned if len(cleaned) == CODE_LENGTH and all(c in ALPHABET for c in cleaned) else None


def shown(code: str) -> str:
    """A code as printed: XXXX-XXXX-XXXX."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _invitation(survey_id: int, code: object) -> PanelInvitation | None:
    normal = normalise(code) if isinstance(code, str) else None
    if normal is None:
        return None
    query = select(PanelInvitation).where(
        PanelInvitation.token_hash == code_hash(normal), PanelInvitation.survey_id == survey_id
    )
    return db.session().scalar(query)


def survey_of(code: str) -> int | None:
    """The survey a code invites to (the short link in letters), or None."""
    normal = normalise(code)
    if normal is None:
        return None
    query = select(PanelInvitation.survey_id).where(PanelInvitation.token_hash == code_hash(normal))
    return db.session().scalar(query)


def is_invitation(survey_id: int, code: object) -> bool:
    return _invitation(survey_id, code) is not None


def channel_of(survey_id: int, code: object) -> int | None:
    """The survey channel that a personal link's responses count for (the panel's), if any."""
    invitation = _invitation(survey_id, code)
    if invitation is None:
        return None
    query = select(PanelInvitationBatch.channel_id).where(PanelInvitationBatch.id == invitation.batch_id)
    return db.session().scalar(query)


def prefill(survey_id: int, code: object, question_ids: Iterable[str]) -> dict[str, Any]:
    """The member's equality answers for these questions, only if they agreed to pre-filling."""
    invitation = _invitation(survey_id, code)
    if invitation is None or invitation.member_id is None:
        return {}
    query = (
        select(PanelProfile.answers)
        .join(PanelMember, PanelMember.profile_id == PanelProfile.id)
        .where(PanelMember.id == invitation.member_id, PanelProfile.may_prefill.is_(True))
    )
    answers = db.session().scalar(query) or {}
    wanted = set(question_ids)
    return {key: value for key, value in answers.items() if key in wanted and value not in (None, "")}


def mark_responded(survey_id: int, code: object) -> bool:
    """Count the invitation as answered (after the response is stored); False if it is not one."""
    invitation = _invitation(survey_id, code)
    if invitation is None:
        return False
    with db.transaction() as session:
        session.execute(update(PanelInvitation).where(PanelInvitation.id == invitation.id).values(responded=True))
    return True
