"""The demo engagement for `make run`: a workshop session with notes on several tables,
themes, a closed vote round with ballots, and agreed actions, so a newcomer sees a filled board."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from workshops import repository
from workshops.model import ActionDraft, NoteDraft, SessionDetails

DEMO_TITLE = "Withnell procurement co-production, sessions 1 and 2"

TOPICS = (
    ("What matters to you about your GP practice?", "What works well now?\nWhat would you change?", 25),
    ("How should local people be involved in choosing the new provider?", "At which stages?\nHow?", 30),
    ("Priorities", "Dot voting on the themes", 15),
)

# (table, topic number, text, theme or "")
NOTES = (
    ("Table 1", 1, "Getting an appointment by phone at 8am is impossible, the line is always engaged", "Access"),
    ("Table 1", 1, "I want to see the same GP who knows my history", "Continuity of care"),
    ("Table 1", 1, "The receptionists are kind and know everyone by name", ""),
    ("Table 2", 1, "Online booking would help working people get an appointment", "Access"),
    ("Table 2", 1, "My mum has dementia; seeing the same doctor matters so much", "Continuity of care"),
    ("Table 2", 2, "Patients should sit on the panel that scores the bids", "Involvement in the procurement"),
    ("Table 3", 2, "Tell the PPG at every stage, not just at the end", "Involvement in the procurement"),
    (
        "Table 3",
        2,
        "Hold a drop-in at the village hall in the evening, not only online",
        "Involvement in the procurement",
    ),
    ("Table 3", 1, "The bus to the surgery only runs twice a day", ""),
    ("Table 2", 1, "Phone appointments are fine for repeat prescriptions", ""),
)

ACTIONS = (
    ActionDraft(
        "Include two patient representatives on the bid evaluation panel",
        "ICB primary care commissioning team",
        "agreed",
        due_on=date.today() + timedelta(days=60),
        agreed_by_group=True,
    ),
    ActionDraft(
        "Share each stage of the procurement with the practice PPG before it is published",
        "ICB engagement team",
        "in_progress",
        due_on=date.today() + timedelta(days=30),
        agreed_by_group=True,
    ),
    ActionDraft(
        "Guarantee the same named GP for every patient in the contract",
        "ICB primary care commissioning team",
        "not_possible",
        reason="The contract cannot name individual GPs; it will require a continuity of care plan instead.",
        agreed_by_group=True,
    ),
)

# Anonymous "about you" answers from 14 participants' phones: enough for some counts to show
# and others to be hidden as small numbers. Each line: age, sex, ethnic group, disability, carer,
# postcode district ("" where the person left a question blank).
EQUALITY_ANSWERS = (
    ("65_to_74", "female", "english_welsh_scottish_norther", "yes", "no", "PR6"),
    ("65_to_74", "female", "english_welsh_scottish_norther", "no", "yes_20_to_34_hours_a_week", "PR6"),
    ("75_or_over", "male", "english_welsh_scottish_norther", "yes", "no", "PR6"),
    ("55_to_64", "female", "english_welsh_scottish_norther", "no", "yes_9_hours_a_week_or_less", "PR6"),
    ("45_to_54", "female", "pakistani", "no", "yes_35_to_49_hours_a_week", "BB2"),
    ("65_to_74", "male", "english_welsh_scottish_norther", "yes", "no", "PR6"),
    ("35_to_44", "female", "indian", "no", "no", "BB2"),
    ("65_to_74", "male", "english_welsh_scottish_norther", "no", "no", "PR6"),
    ("75_or_over", "female", "irish", "yes", "prefer_not_to_say", ""),
    ("25_to_34", "female", "english_welsh_scottish_norther", "no", "no", "PR6"),
    ("55_to_64", "male", "english_welsh_scottish_norther", "no", "no", "PR7"),
    ("65_to_74", "female", "english_welsh_scottish_norther", "prefer_not_to_say", "no", "PR6"),
    ("prefer_not_to_say", "prefer_not_to_say", "prefer_not_to_say", "", "", ""),
    ("65_to_74", "male", "english_welsh_scottish_norther", "no", "no", "PR6"),
)
EQUALITY_IDS = ("eq_age", "eq_sex", "eq_ethnic_group", "eq_disability", "eq_unpaid_carer", "eq_postcode_district")

BALLOTS = ({0: 3}, {0: 2, 1: 1}, {1: 3}, {2: 2, 0: 1}, {0: 1, 1: 1, 2: 1}, {2: 3}, {0: 3}, {1: 2, 2: 1})


def load_demo() -> Iterator[str]:
    """Create the demo engagement once; later calls leave it as it is."""
    if repository.find_engagement(DEMO_TITLE) is not None:
        yield "Demo workshop engagement already loaded."
        return
    engagement = repository.create_engagement(
        DEMO_TITLE,
        "Co-producing with local people how they will be involved in choosing a new provider for Withnell surgery.",
        None,
    )
    starts = datetime.combine(date.today() - timedelta(days=7), datetime.min.time(), tzinfo=UTC) + timedelta(hours=18)
    workshop = repository.create_session(
        engagement,
        SessionDetails(
            "Session 1: what matters to you",
            starts_at=starts,
            venue="Withnell Village Hall, Bury Lane",
            accessibility=frozenset({"step_free", "hearing_loop", "accessible_toilets", "near_public_transport"}),
            interpreter_needs="One BSL interpreter booked.",
            facilitators="Engagement lead\nPrimary care commissioning manager\nHealthwatch volunteer",
            capacity=30,
        ),
        None,
    )
    repository.create_session(
        engagement,
        SessionDetails(
            "Session 2: agreeing the involvement plan",
            starts_at=starts + timedelta(days=21),
            online_link="https://meet.example.org/withnell-2",
        ),
        None,
    )
    _fill(workshop.id)
    # Session 1 was a week ago, so its participants' pages would be closed: the demo reopens them
    # (for a day, as staff can) so they can be tried.
    repository.reopen_session(workshop, None)
    yield f"Demo workshop loaded: {DEMO_TITLE} (staff page /staff/workshops, participants /w/{workshop.code})."


def _fill(session_id: int) -> None:
    topics = [repository.add_topic(session_id, title, questions, minutes, None) for title, questions, minutes in TOPICS]
    tables = {name: repository.add_table(session_id, name, None) for name in ("Table 1", "Table 2", "Table 3")}
    themes = {
        name: repository.add_theme(session_id, name, None)
        for name in ("Access", "Continuity of care", "Involvement in the procurement")
    }
    notes = []
    for table, topic, text, theme in NOTES:
        draft = NoteDraft(text, secrets.token_hex(16), "facilitator", tables[table].id, topics[topic - 1].id)
        note, _created = repository.add_note(session_id, draft, None)
        if theme:
            repository.assign_theme(note, themes[theme].id, None)
        notes.append(note)
    repository.add_note(
        session_id,
        NoteDraft(
            "A text reminder the day before would stop missed appointments", secrets.token_hex(16), "participant"
        ),
        None,
    )
    vote_round = repository.open_round(
        session_id, "Which of these matter most?", 3, [t.id for t in themes.values()], [], None
    )
    options = repository.options(vote_round.id)
    for ballot in BALLOTS:
        repository.cast_ballot(
            vote_round, secrets.token_urlsafe(16), {options[i].id: dots for i, dots in ballot.items()}
        )
    # Two people without phones put their dots on the paper sheet; a facilitator entered them.
    repository.add_paper_votes(vote_round, {options[0].id: 2, options[1].id: 4}, None)
    repository.close_round(vote_round, None)
    involvement, continuity = themes["Involvement in the procurement"], themes["Continuity of care"]
    sources = ((involvement, 5), (involvement, 6), (continuity, 1))
    for action, (source_theme, note_index) in zip(ACTIONS, sources, strict=True):
        linked = replace(action, theme_ids=(source_theme.id,), note_ids=(notes[note_index].id,), round_id=vote_round.id)
        repository.save_action(session_id, linked, None)
    repository.set_attendance(session_id, {"public": 14, "carer": 4, "vcfse": 3, "staff": 5, "other": 1}, None)
    repository.add_expense(session_id, "Travel expenses for participants (8 claims)", 9600, "owed", None)
    _equality_answers(session_id)


def _equality_answers(session_id: int) -> None:
    for answers in EQUALITY_ANSWERS:
        repository.add_equality_answers(session_id, {k: v for k, v in zip(EQUALITY_IDS, answers, strict=True) if v})
