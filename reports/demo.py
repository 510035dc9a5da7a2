"""Demo data for `make run`: the demo engagement's report narrative and quotes, three commitments
(one not possible, with the reason) and a published "You said, we did"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from engagements import coding_repository as codes
from engagements import repository as engagements
from engagements.demo import DEMO_TITLE
from reports import easy_read, repository
from reports.model import CommitmentDraft
from toolkit.auth import users
from toolkit.demo import DEMO_EMAIL

SUMMARY = (
    "# Why we asked\n"
    "The urgent care centre's contract ends next year. Before the committee decides what to buy, "
    "we asked local people what matters to them."
)
RECOMMENDATIONS = (
    "- Keep the centre open in the evening and at weekends\n"
    "- Publish waiting times on the website and at the door\n"
    "- Ask the bus operator to time services with opening hours"
)
NEXT_STEPS = "The primary care commissioning committee decides in March. We will publish what it decides here."
EASY_READ = (
    ("We asked you what you think of the walk-in centre.", "speech"),
    ("You want it open late. You want it open at the weekend.", "clock"),
    ("You do not want to wait a long time.", "heart"),
    ("It will stay open late.", "walk-in-centre"),
    ("We will put the wait time on the door.", "visit-rating"),
)
COMMITMENTS = (
    ("Opening hours", "The new contract keeps evening and weekend opening.", "in_progress", ""),
    ("Waiting times", "Waiting times are shown on a screen at the door and online.", "agreed", ""),
    (
        "Getting there",
        "A new bus route to the centre.",
        "not_possible",
        "Bus routes are decided by the council, not the NHS; we have passed your comments on.",
    ),
)


def load_demo() -> Iterator[str]:
    """Once: later calls leave what staff changed alone."""
    found = engagements.find_engagement(DEMO_TITLE)
    if found is None or not codes.codebook(found.id):
        yield "Demo report skipped: the demo engagement is not loaded."
        return
    if repository.publications(found.id):
        yield "Demo report already loaded."
        return
    user = users.find_by_email(DEMO_EMAIL)
    lead = user.id if user else None
    quotes = [q.key for q in repository.quotable(found.id)[:3]]
    texts = {"summary": SUMMARY, "recommendations": RECOMMENDATIONS, "next_steps": NEXT_STEPS}
    where = {"place": "Withnell, Chorley", "service_area": "Urgent care"}
    repository.save_narrative(found, texts, quotes, lead, where=where)
    themes = {c.name: c.id for c in codes.codebook(found.id) if c.parent_id is None}
    decided = date.today() - timedelta(days=7)
    for theme, what, status, reason in COMMITMENTS:
        draft = CommitmentDraft(
            what,
            "ICB primary care commissioning team",
            status,
            reason=reason,
            decided_by="Primary care commissioning committee",
            decided_on=decided,
            theme_ids=(themes[theme],) if theme in themes else (),
        )
        row = repository.save_commitment(found, draft, lead)
        if status == "in_progress":
            repository.add_update(found, row, decided, "The draft service specification includes it.", lead)
    repository.publish(found, "", lead)
    repository.save_easy_read(found, easy_read.points(EASY_READ), lead)
    repository.publish_easy_read(found, lead)
    yield f"Demo report loaded: /staff/engagements/{found.id}/report; public page /you-said-we-did/{found.id}."
