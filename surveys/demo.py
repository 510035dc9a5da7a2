"""The demo survey at /s/demo with a few hundred responses over several channels,
so a newcomer running `make run` sees a working survey and real-looking results."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import cast

from surveys import model, repository
from surveys.demo_translations import DEMO_TRANSLATIONS
from surveys.easy_read import repository as images
from surveys.equality import demo as demo_equality
from surveys.equality import model as equality
from surveys.equality import repository as equality_repository
from surveys.equality import translation as equality_translation
from surveys.model import Condition, Option, Question, Section, SurveyDefinition
from surveys.results import tally_repository
from toolkit import db
from toolkit.schema import Response
from toolkit.stats import DEFAULT_THRESHOLD
from toolkit.timeutil import utcnow

DEMO_SLUG = "demo"
DEMO_CHANNELS = ("GP waiting room poster", "Pharmacy bag", "Facebook advert", "Community event")


def demo_definition() -> SurveyDefinition:
    used = Question(
        "used_service",
        "single_choice",
        "When did you last use the walk-in centre on Station Road?",
        help="Think about visits for yourself or someone you care for.",
        required=True,
        easy_read_text="When did you last go to the walk-in centre on Station Road?",
        options=(
            Option("month", "In the last month"),
            Option("year", "In the last year"),
            Option("longer", "More than a year ago"),
            Option("never", "I have never used it"),
        ),
    )
    experience = Section(
        "s2",
        "Your last visit",
        show_if=Condition("used_service", "month"),
        questions=(
            Question(
                "rating",
                "rating",
                "How would you rate your last visit?",
                required=True,
                scale_min=1,
                scale_max=5,
                scale_min_label="Very poor",
                scale_max_label="Very good",
                easy_read_text="How was your last visit?",
                easy_read_scale="smiley",
            ),
            Question(
                "wait",
                "number",
                "Roughly how many minutes did you wait to be seen?",
                help="Leave this blank if you do not remember.",
                easy_read_text="How many minutes did you wait? You can leave this empty.",
                min_value=0,
                max_value=1440,
            ),
        ),
    )
    return SurveyDefinition(
        title="Urgent care in your area",
        introduction=(
            "We are planning how urgent care will work in Chorley and South Ribble from next year. "
            "This survey takes about 5 minutes. You do not have to answer every question."
        ),
        privacy_notice=(
            "This survey is anonymous. We do not ask for your name or contact details. "
            "Answers are kept for 2 years and then deleted. Only the engagement team sees individual answers."
        ),
        translations=DEMO_TRANSLATIONS,  # Urdu and Polish, machine-drafted
        sections=(
            Section("s1", "Using urgent care", questions=(used,)),
            experience,
            Section(
                "s3",
                "What matters to you",
                questions=(
                    Question(
                        "matters",
                        "multiple_choice",
                        "What matters most to you when you need urgent care?",
                        help="Select all that apply.",
                        required=True,
                        easy_read_text="What is most important to you? You can pick more than one.",
                        allow_other=True,
                        options=(
                            Option("near", "Being close to home", "Near my home"),
                            Option("fast", "Being seen quickly", "Not waiting long"),
                            Option("parking", "Parking and public transport", "Easy to get to by car or bus"),
                            Option(
                                "evenings",
                                "Opening in the evenings and at weekends",
                                "Open in the evening and at the weekend",
                            ),
                            Option("same_staff", "Seeing staff who know my history", "Staff who know me"),
                        ),
                    ),
                    Question(
                        "phone_first",
                        "yes_no",
                        "Would you be happy to phone NHS 111 before travelling?",
                        easy_read_text="Would you phone 111 first? 111 is a free NHS phone number.",
                    ),
                    Question(
                        "ideas",
                        "long_text",
                        "Is there anything else you would like to tell us?",
                        max_length=1000,
                        easy_read_text="Do you want to tell us anything else?",
                    ),
                ),
            ),
        ),
    )


def load_demo(response_count: int = 300, seed: int = 2021) -> Iterator[str]:
    """Create the demo survey once; later calls leave it as it is."""
    if repository.get_by_slug(DEMO_SLUG) is not None:
        yield f"Demo survey already loaded at /s/{DEMO_SLUG}."
        return
    definition = equality_translation.with_standard_translations(equality.with_equality_section(demo_definition()))
    survey = repository.create_survey(definition.title, DEMO_SLUG, None, definition=definition)
    repository.update_details(
        survey, None, opens_on=date.today() - timedelta(days=20), closes_on=date.today() + timedelta(days=40)
    )
    definition = images.attach_pictures(survey, definition, _demo_pictures())
    repository.save_definition(survey, definition, None, "demo_pictures")
    version = repository.publish(survey, None)
    equality_repository.save_area(survey.id, [demo_equality.DEMO_AREA], "16+", DEFAULT_THRESHOLD, None)
    channel_ids = [repository.default_channel(survey.id).id]
    channel_ids += [repository.add_channel(survey, name, None).id for name in DEMO_CHANNELS]
    _add_responses(survey.id, version.id, channel_ids, model.from_dict(version.definition), response_count, seed)
    yield f"Demo survey loaded at /s/{DEMO_SLUG} with {response_count} responses."


def _demo_pictures() -> dict[str, tuple[Path, str]]:
    """Easy-read pictograms drawn for the demo (surveys/static/easy_read)."""
    folder = Path(__file__).parent / "static" / "easy_read"
    return {
        "used_service": (folder / "walk-in-centre.svg", "A health centre building with a white cross on its roof"),
        "rating": (folder / "visit-rating.svg", "A clipboard with a gold star"),
        "wait": (folder / "clock.svg", "A clock"),
        "matters": (folder / "heart.svg", "A red heart"),
        "phone_first": (folder / "phone-111.svg", "A mobile phone showing the number 111"),
        "ideas": (folder / "speech.svg", "A speech bubble"),
    }


def _add_responses(
    survey_id: int, version_id: int, channel_ids: list[int], definition: SurveyDefinition, count: int, seed: int
) -> None:
    rng = random.Random(seed)
    equality_rng = random.Random(seed + 1)  # its own sequence: the other answers stay as they were
    key_rng = random.Random(seed + 2)  # record keys, so the demo's protected figures are the same every time
    now = utcnow()
    with db.transaction() as session:
        for _ in range(count):
            answers = definition.prune(_random_answers(rng))
            channel = rng.choices(range(len(channel_ids)), weights=[5, 3, 2, 2, 1])[0]
            response = Response(
                survey_id=survey_id,
                version_id=version_id,
                channel_id=channel_ids[channel],
                reference=repository.new_reference(),
                submission_key=secrets.token_urlsafe(24),
                language="en",
                submitted_at=now - timedelta(minutes=rng.randint(0, 20 * 24 * 60)),
                answers=answers,
            )
            session.add(response)
            equality_answers = demo_equality.random_answers(equality_rng, channel)
            equality_repository.store_answers(session, response, equality_answers, key_rng.randrange(256))
        session.flush()
        tally_repository.rebuild(session.connection(), survey_id)


IDEAS = (
    "Please keep the walk-in centre open at weekends.",
    "The car park is always full.",
    "I waited four hours with my son. The staff were kind but clearly overstretched.",
    "Bus 109 stops running at 6pm so I cannot get there in the evening.",
    "Being able to book a slot online would help.",
)


def _random_answers(rng: random.Random) -> dict[str, object]:
    answers: dict[str, object] = {
        "used_service": rng.choices(["month", "year", "longer", "never"], weights=[4, 4, 2, 1])[0],
        "rating": rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 3, 4, 3])[0],
        "matters": rng.sample(["near", "fast", "parking", "evenings", "same_staff"], k=rng.randint(1, 3)),
        "phone_first": rng.choice(["yes", "no"]),
    }
    if rng.random() < 0.6:
        answers["wait"] = rng.randint(5, 240)
    if rng.random() < 0.3:
        answers["ideas"] = rng.choice(IDEAS)
    if rng.random() < 0.05:
        answers["matters"] = [*cast(list[str], answers["matters"]), "other"]
        answers["matters__other"] = "Somewhere to wait with a wheelchair"
    return answers
