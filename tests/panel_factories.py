"""Panels with members and live surveys with an equality section, for the invitation tests."""

from __future__ import annotations

import random
from datetime import date, timedelta

from surveys import repository as survey_repository
from surveys.equality.model import with_equality_section
from tests.helpers import make_definition
from toolkit import db
from toolkit.schema import Panel, PanelContact, PanelMember, PanelProfile
from toolkit.timeutil import utcnow

PRESTON = "E07000123"
AGES = ["16_to_24", "25_to_34", "35_to_44", "45_to_54", "55_to_64", "65_to_74", "75_or_over"]


def make_panel(
    members: int = 60, *, methods: tuple[str, ...] = ("email",), prefill: bool = True, seed: int = 1
) -> Panel:
    """A panel in Preston with confirmed members who answered age, sex and carer questions."""
    rng = random.Random(seed)
    with db.transaction() as session:
        panel = Panel(
            name="Test panel", slug=f"test-{seed}", area_codes=[PRESTON], team_id=None, consent_version="2026-1"
        )
        session.add(panel)
        session.flush()
        for n in range(members):
            answers = {
                "eq_age": rng.choice(AGES),
                "eq_sex": rng.choice(["female", "male"]),
                "eq_unpaid_carer": rng.choice(["no", "no", "no", "yes_9_hours_a_week_or_less"]),
            }
            profile = PanelProfile(panel_id=panel.id, answers=answers, may_prefill=prefill)
            session.add(profile)
            session.flush()
            method = methods[n % len(methods)]
            member = PanelMember(
                panel_id=panel.id,
                status="confirmed",
                contact_method=method,
                consent_version="2026-1",
                profile_id=profile.id,
                confirmed_at=utcnow(),
            )
            session.add(member)
            session.flush()
            session.add(
                PanelContact(
                    panel_id=panel.id,
                    member_id=member.id,
                    name=f"Member {n}",
                    email=f"member{n}@example.org",
                    phone=f"+44770090{n:04d}",
                    address=f"{n} Fishergate\nPreston",
                    postcode="PR1 2AB",
                )
            )
    return panel


def make_live_survey(slug: str = "panel-survey", closes_in_days: int = 30):
    definition = with_equality_section(make_definition(), ["age", "sex", "unpaid_carer"])
    survey = survey_repository.create_survey(definition.title, slug, None, definition=definition)
    survey_repository.publish(survey, None)
    with db.transaction() as session:
        stored = session.get(type(survey), survey.id)
        stored.closes_on = date.today() + timedelta(days=closes_in_days)
    return db.session().get(type(survey), survey.id)
