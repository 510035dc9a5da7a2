"""The demo engagement for `make run`: the demo workshop's engagement, filled in as a record, holding
the demo survey and a drop-in event, with a part-worked checklist, a codebook of eight themes,
coded comments and a double-coded sample with a disagreement waiting for a lead."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select

from engagements import coding, repository
from engagements import coding_repository as codes
from engagements.coding import CodeDraft
from engagements.model import ActivityDetails, EngagementDetails
from engagements.ticking import TickDraft
from toolkit import db
from toolkit.auth import users
from toolkit.schema import Survey

DEMO_TITLE = "Withnell procurement co-production, sessions 1 and 2"  # the demo workshop's engagement
DEMO_SURVEY_SLUG = "demo"
LEAD_EMAIL = "lead@example.org"
SECOND_CODER_EMAIL = "second.coder@example.org"

# (theme, sub-theme or "", definition, in, out, words that suggest it for the demo's coding)
CODEBOOK = (
    (
        "Opening hours",
        "",
        "When the service is open: evenings, weekends, bank holidays.",
        "Please keep it open at weekends",
        "How long the wait was once there",
        ("weekend", "evening", "open"),
    ),
    (
        "Waiting times",
        "",
        "How long people wait to be seen or to get an appointment.",
        "I waited four hours",
        "The time the bus leaves",
        ("wait", "hours", "overstretched"),
    ),
    (
        "Getting there",
        "",
        "Travelling to the service.",
        "The bus only runs twice a day",
        "Getting through on the phone",
        (),
    ),
    (
        "Getting there",
        "Parking",
        "Parking at or near the service.",
        "The car park is always full",
        "Bus times",
        ("car park", "parking"),
    ),
    ("Getting there", "Buses", "Public transport to the service.", "Bus 109 stops at 6pm", "Parking", ("bus",)),
    (
        "Booking and access",
        "",
        "Getting an appointment: phone lines, online booking, 8am rush.",
        "Online booking would help",
        "Opening at weekends",
        ("book", "online", "phone", "appointment", "8am"),
    ),
    (
        "Staff and kindness",
        "",
        "How staff treated people.",
        "The staff were kind",
        "Number of staff on shift",
        ("kind", "staff", "receptionist"),
    ),
    (
        "Continuity of care",
        "",
        "Seeing the same clinician who knows the person's history.",
        "I want to see the same GP",
        "Seeing any GP quickly",
        ("same gp", "same doctor", "knows my"),
    ),
    (
        "Involvement in decisions",
        "",
        "How local people take part in decisions about the service.",
        "Patients should sit on the panel",
        "Complaints about a visit",
        ("panel", "ppg", "involved", "drop-in"),
    ),
    (
        "Accessibility",
        "",
        "Physical and communication access: wheelchairs, BSL, easy read.",
        "Somewhere to wait with a wheelchair",
        "Parking spaces in general",
        ("wheelchair", "bsl", "hearing"),
    ),
)

DROP_IN_COMMENTS = (
    "The bus only runs twice a day from Abbey Village, so I can't get to the surgery for an 8am slot.",
    "Please keep the same nurse for my diabetes checks, she knows my history.",
    "Whoever runs it, tell us at the PPG before it is decided, not after.",
    "I can't use the online booking, I don't have a smartphone.",
    "The receptionists are lovely, please keep them.",
    "Could the new provider open one evening a week for people who work?",
    "My husband uses a wheelchair and the door at the old surgery is too heavy.",
)

# Items ticked in the demo: (checklist, item, note)
TICKS = (
    ("involvement_planning", "duty_assessed", "Signed off by the engagement lead; reasoning on the record."),
    ("involvement_planning", "already_known", "2023 GP patient survey and the practice's complaints log reviewed."),
    ("involvement_planning", "scope", "Scope agreed with the primary care team."),
    ("involvement_planning", "stakeholder_map", "PPG, Healthwatch Lancashire, parish council, carers' centre."),
    ("eia", "before_groups", "Older people and carers most affected; few young families on the list."),
    ("procurement", "planning_duty", "Letter to all registered patients and the PPG."),
    ("gunning", "formative", "Committee minutes: no provider chosen; involvement approach still open."),
)


def _find(email: str) -> int | None:
    user = users.find_by_email(email)
    return user.id if user else None


def _coder_ids() -> tuple[int | None, int]:
    lead = _find(LEAD_EMAIL)
    second = _find(SECOND_CODER_EMAIL)
    if second is None:
        # A second coder for the double-coded sample; nobody signs in as them in the demo.
        second = users.create_user(SECOND_CODER_EMAIL, "Demo second coder", secrets.token_urlsafe(16), "facilitator").id
    return lead, second


def load_demo() -> Iterator[str]:
    """Fill in the demo workshop's engagement once; later calls leave it as it is."""
    engagement = repository.find_engagement(DEMO_TITLE)
    if engagement is None:
        yield "Demo engagement skipped: the demo workshop is not loaded."
        return
    if codes.codebook(engagement.id):
        yield "Demo engagement already loaded."
        return
    lead, second = _coder_ids()
    today = date.today()
    repository.update_engagement(engagement, _details(today), lead)
    survey = db.session.scalars(select(Survey).where(Survey.slug == DEMO_SURVEY_SLUG)).first()
    if survey is not None and survey.engagement_id is None:
        repository.link_survey(engagement, survey.id, lead)
    _drop_in(engagement, today, lead)
    repository.sign_off_duty(engagement, lead)
    for key, item, note in TICKS:
        repository.save_tick(engagement, key, item, TickDraft(True, note, f"/staff/engagements/{engagement.id}"), lead)
    _codebook_and_coding(engagement.id, lead, second)
    yield f"Demo engagement loaded: {DEMO_TITLE} (staff page /staff/engagements/{engagement.id})."


def _details(today: date) -> EngagementDetails:
    return EngagementDetails(
        title=DEMO_TITLE,
        description="Co-producing with local people how they will be involved in choosing a new provider for "
        "Withnell surgery, then asking the wider public.",
        kind="engagement",
        decision="Who will run Withnell Health Centre from next year, and how patients are involved in choosing",
        decision_maker="ICB primary care commissioning committee",
        decision_on=today + timedelta(days=120),
        level="collaborate",
        system_level="neighbourhood",
        objectives="Agree with patients what reasonable involvement looks like at each stage of the procurement; "
        "hear what matters to patients about the service.",
        already_known="The last procurement did not involve patients well (PIEAC paper); 2023 GP patient survey.",
        in_scope="How patients are involved at each stage; what matters to them about the service.",
        out_of_scope="Closing the surgery; GP partners' contracts.",
        audiences="Registered patients of Withnell Health Centre and their carers.",
        stakeholders="Patient participation group, Healthwatch Lancashire, parish council, local councillors.",
        seldom_heard="Housebound patients, unpaid carers, young families, people without internet access.",
        budget_pence=250000,
        planning_starts_on=today - timedelta(days=70),
        planned_opens_on=today - timedelta(days=21),
        planned_closes_on=today + timedelta(days=21),
        actual_opens_on=today - timedelta(days=14),
        report_due_on=today + timedelta(days=60),
        duty_applies="yes",
        duty_reasoning="A change of provider changes who delivers the service patients use: the duty to involve "
        "applies (NHS Act 2006 s14Z45). Proportionate involvement: co-production with the PPG, then wider asking.",
    )


def _drop_in(engagement: object, today: date, lead: int | None) -> None:
    activity = repository.save_activity(
        engagement,  # type: ignore[arg-type]
        ActivityDetails(
            "drop_in",
            "Drop-in at Withnell Village Hall",
            place="Withnell Village Hall, Bury Lane",
            planned_starts_on=today - timedelta(days=10),
            actual_starts_on=today - timedelta(days=9),
            people_reached=23,
            who_reached="Older patients, four carers, two parents with young children",
            notes="Moved a day later because the hall was double-booked.",
        ),
        lead,
    )
    repository.add_comments(activity, list(DROP_IN_COMMENTS), today - timedelta(days=9), lead)


def _codebook_and_coding(engagement_id: int, lead: int | None, second: int) -> None:
    ids: dict[str, int] = {}
    words: dict[int, tuple[str, ...]] = {}
    for theme, sub, definition, include, exclude, keywords in CODEBOOK:
        parent = ids.get(theme) if sub else None
        code = codes.add_code(engagement_id, CodeDraft(sub or theme, parent, definition, include, exclude), lead)
        ids[sub or theme] = code.id
        words[code.id] = keywords
    comments = codes.comments(engagement_id)
    for n, comment in enumerate(comments):
        text = comment.text.casefold()
        chosen = [code_id for code_id, keys in words.items() if any(k in text for k in keys)]
        if chosen and n % 7 != 6:  # leave some uncoded, for the "not coded yet" filter
            codes.set_codes(engagement_id, comment.key, chosen, lead)
    codes.draw_sample(engagement_id, 12, 2027, second, lead)
    sample = codes.get_sample(engagement_id)
    assert sample is not None
    first = {str(c.key): c.code_ids for c in codes.codings(engagement_id)}
    for n, text in enumerate(sample.keys):
        key = coding.parse_key(text)
        theirs = set(first.get(text, frozenset()))
        if n % 5 == 2 and theirs:  # the second coder reads a few differently
            theirs = {min(theirs)} ^ {ids["Waiting times"]}
        if key is not None:
            codes.set_codes(engagement_id, key, sorted(theirs), second)
