"""The demo panel's one past invitation, for `make run`: 150 members drawn for the demo survey 20
days ago (seed shown), reminded after 7 and 14 days, with about a third answering, fewer of the
young adults and carers, so the invitation page shows response rates by group."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from panel import demo, invitations, repository
from toolkit import db
from toolkit import invitations as codes
from toolkit.schema import PanelInvitation, PanelInvitationBatch, PanelMember, PanelProfile, Survey
from toolkit.timeutil import utcnow

SURVEY_SLUG = "demo"
SEED = 2024
SIZE = 150
DIMENSIONS = ("age", "sex", "unpaid_care")


def _answers_likelihood(answers: dict[str, str]) -> float:
    """Older members answer more often; young adults and carers less (as panels find)."""
    if answers.get("eq_age") == "16_to_24" or answers.get("eq_unpaid_carer", "no").startswith("yes"):
        return 0.15
    return 0.45 if answers.get("eq_age") in ("55_to_64", "65_to_74", "75_or_over") else 0.3


def load_demo() -> Iterator[str]:
    panel = repository.panel_by_slug(demo.DEMO_SLUG)
    survey = db.session().scalar(select(Survey).where(Survey.slug == SURVEY_SLUG))
    if panel is None or survey is None:
        return
    if db.session().scalar(select(PanelInvitationBatch.id).where(PanelInvitationBatch.panel_id == panel.id)):
        yield "Demo panel invitation already loaded."
        return
    sent_at = utcnow() - timedelta(days=20)
    sample = invitations.draw(panel, SIZE, DIMENSIONS, SEED, now=sent_at)
    base_url = (current_app.config.get("PUBLIC_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    batch = invitations.create_batch(
        panel, survey, SIZE, DIMENSIONS, sample.seed, staff_user_id=None, base_url=base_url
    )
    rng = random.Random(SEED)
    with db.transaction() as session:
        stored = session.get(PanelInvitationBatch, batch.id)
        assert stored is not None
        stored.status, stored.sent_at, stored.created_at = "sent", sent_at, sent_at
        query = (
            select(PanelInvitation, PanelProfile.answers)
            .join(PanelMember, PanelMember.id == PanelInvitation.member_id)
            .outerjoin(PanelProfile, PanelProfile.id == PanelMember.profile_id)
            .where(PanelInvitation.batch_id == batch.id)
        )
        for invitation, answers in session.execute(query):
            invitation.sent_at = sent_at
            invitation.token_hash = codes.code_hash(codes.code_for(current_app.config["SECRET_KEY"], invitation.id))
            invitation.responded = rng.random() < _answers_likelihood(answers or {})
            invitation.reminders_sent = 0 if invitation.responded else 2
            member = session.get(PanelMember, invitation.member_id)
            assert member is not None
            member.last_invited_at = sent_at
    yield (
        f"Demo panel invitation: {sample.drawn} members invited to /s/{SURVEY_SLUG} (seed {sample.seed}), "
        f"response rates at /staff/panel/{panel.id}/invitations/{batch.id}."
    )
