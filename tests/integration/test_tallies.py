"""The results page summed from tallies gives exactly what reading every response gives, on
varied data (two versions, an option dropped, channels, languages, days, numbers, "Other"
and free text), with and without filters, on both engines; and the tallies stay in step when
responses are submitted, keyed from paper, purged, or loaded in bulk and rebuilt."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from surveys import repository
from surveys.model import Condition, Option, Question, Section, SurveyDefinition
from surveys.repository import ResponseFilter
from surveys.respond import flow
from surveys.results import service as results_service
from surveys.results import summary as results
from surveys.results import tally_repository
from toolkit import db, migrate
from toolkit.schema import Response, ResponseTally, Survey

START = datetime(2025, 3, 1, 22, 30, tzinfo=UTC)  # half past ten at night: days turn over in the data
COLOURS = (Option("red", "Red"), Option("blue", "Blue"), Option("green", "Green"))


def definition(version: int) -> SurveyDefinition:
    colours = COLOURS if version == 1 else COLOURS[:2]  # version 2 no longer offers green
    questions = [
        Question("colour", "single_choice", "Favourite colour?", options=colours, allow_other=True),
        Question(
            "places",
            "multiple_choice",
            "Where did you see it?",
            options=(Option("gp", "GP"), Option("pharmacy", "Pharmacy"), Option("bus", "Bus")),
            allow_other=True,
        ),
        Question("rating", "rating", "How was it?"),
        Question("carer", "yes_no", "Are you a carer?"),
        Question("age", "number", "How old are you?"),
        Question("name", "short_text", "Your first name?"),
        Question("why", "long_text", "Why?"),
    ]
    if version == 2:
        questions.append(Question("extra", "single_choice", "New?", options=(Option("a", "A"), Option("b", "B"))))
    # Routed: asked only of carers, so the others are "not asked", not "did not answer".
    hours = Question("hours", "number", "Hours of care a week?", show_if=Condition("carer", "yes"))
    sections = (Section("s1", "One", questions=tuple(questions)), Section("s2", "Two", questions=(hours,)))
    return SurveyDefinition("Tallies", sections=sections)


def random_answers(rng: random.Random, version: int) -> dict[str, Any]:  # noqa: C901 - one line per question
    answers: dict[str, Any] = {}
    if rng.random() < 0.85:
        answers["colour"] = rng.choice(["red", "blue", "other"] + (["green"] if version == 1 else []))
        if answers["colour"] == "other" and rng.random() < 0.8:
            answers["colour__other"] = rng.choice(["Teal", "Mauve", "  "])
    if rng.random() < 0.7:
        answers["places"] = rng.sample(["gp", "pharmacy", "bus", "other"], rng.randint(1, 3))
        if "other" in answers["places"]:
            answers["places__other"] = "Library"
    if rng.random() < 0.8:
        answers["rating"] = rng.randint(1, 5)
    if rng.random() < 0.6:
        answers["carer"] = rng.choice(["yes", "no"])
    if rng.random() < 0.8:  # given by some who were not asked: pruning drops those
        answers["hours"] = rng.randint(1, 60)
    if rng.random() < 0.7:
        answers["age"] = rng.choice([rng.randint(16, 90), rng.randint(16, 90) + 0.5, 0])
    if rng.random() < 0.4:
        answers["name"] = rng.choice(["Sam", "Ali", " ", "Jo"])
    if rng.random() < 0.5:
        answers["why"] = f"Reason {rng.randint(1, 50)}"
    if version == 2 and rng.random() < 0.5:
        answers["extra"] = "a"
    return answers


def submitted(version: SurveyDefinition, answers: dict[str, Any], *, marked: bool) -> dict[str, Any]:
    """The answers and skipped questions as `flow.submit_draft` stores them; unmarked, as stored
    before "not asked" was kept."""
    kept = version.prune(answers)
    return {"answers": kept, "not_asked": (version.not_asked(kept) or None) if marked else None}


def build(count: int = 400) -> tuple[Survey, list[int]]:
    """Two versions, three channels, three languages, responses over nine days."""
    survey = repository.create_survey("Tallies", "tallies", None, definition=definition(1))
    first = repository.publish(survey, None)
    channels = [repository.default_channel(survey.id).id]
    channels += [repository.add_channel(survey, name, None).id for name in ("Poster", "Pharmacy bag")]
    repository.save_definition(survey, definition(2), None, "edit")
    second = repository.publish(survey, None)
    rng = random.Random(12)
    with db.transaction() as session:
        connection = session.connection()
        for n in range(count):
            version, version_id = (1, first.id) if n < count // 2 else (2, second.id)
            row = {
                "survey_id": survey.id,
                "version_id": version_id,
                "channel_id": rng.choice(channels),
                "reference": f"T{n:07d}",
                "submission_key": f"tally-{n}",
                "language": rng.choice(["en", "en", "cy", "ur"]),
                "submitted_at": START + timedelta(minutes=rng.randint(0, 9 * 24 * 60)),
                **submitted(definition(version), random_answers(rng, version), marked=n % 3 != 0),
            }
            connection.execute(insert(Response.__table__), row)
            tally_repository.add(connection, definition(version), row)  # as every write path does
    return survey, channels


def questions_of(survey: Survey) -> list[Any]:
    return results.report_questions([repository.published_definition(v.id) for v in repository.versions(survey.id)])


def filters_to_try(channels: list[int]) -> list[ResponseFilter]:
    day = START.date()
    return [
        ResponseFilter(),
        ResponseFilter(channel_id=channels[1]),
        ResponseFilter(language="ur"),
        ResponseFilter(submitted_from=day + timedelta(days=2)),
        ResponseFilter(submitted_to=day + timedelta(days=3)),
        ResponseFilter(channels[0], day + timedelta(days=1), day + timedelta(days=5), "en"),
        ResponseFilter(submitted_from=date(2030, 1, 1)),  # nothing matches
    ]


def assert_same_figures(survey: Survey, filters: ResponseFilter, text_limit: int = 5) -> None:
    questions = questions_of(survey)
    expected = results.summarise(questions, repository.iter_answers(survey.id, filters), text_limit)
    assert tally_repository.in_step(survey.id)  # so the page below sums the tallies
    assert results_service.summary(survey.id, questions, filters, text_limit) == expected, filters


def test_tallied_results_equal_reading_every_response_with_and_without_filters(app) -> None:
    survey, channels = build()
    for filters in filters_to_try(channels):
        assert_same_figures(survey, filters)
    assert_same_figures(survey, ResponseFilter(), text_limit=1000)  # every text shown
    summary = results_service.summary(survey.id, questions_of(survey), ResponseFilter(), 5)
    colour = next(q for q in summary.questions if q.question.id == "colour")
    assert [o.value for o in colour.options] == ["red", "blue", "other", "green"]  # green kept after dropped
    hours = next(q for q in summary.questions if q.question.id == "hours")
    assert hours.not_asked > 0 and hours.not_answered > 0  # routed away, apart from left blank
    assert hours.answered + hours.not_answered + hours.not_asked == summary.total


def test_submitting_keeps_the_tallies_in_step(app) -> None:
    survey, channels = build(40)
    version_id = repository.latest_version_id(survey.id)
    for language, answers in (("en", {"colour": "red", "age": 40}), ("cy", {"colour": "other", "colour__other": "X"})):
        draft = repository.start_draft(survey, version_id, channels[2], language)
        repository.save_draft_answers(draft, answers, language)
        assert flow.submit_token(draft.token, survey.id) is not None
        assert flow.submit_token(draft.token, survey.id) is not None  # a second click adds nothing
    assert repository.count_responses(survey.id) == 42
    for filters in [*filters_to_try(channels), ResponseFilter(submitted_from=datetime.now(UTC).date())]:
        assert_same_figures(survey, filters)


def test_retention_purge_recounts_the_days_it_touched(app) -> None:
    survey, channels = build(200)
    cut = START + timedelta(days=4, hours=5)  # part way through a day
    removed = repository.purge_responses_before(survey.id, cut, None)
    assert 0 < removed < 200
    for filters in filters_to_try(channels):
        assert_same_figures(survey, filters)


def tally_rows() -> list[tuple[Any, ...]]:
    return sorted(tuple(row) for row in db.session.execute(select(ResponseTally.__table__)))


def test_rebuild_counts_what_the_writes_counted(app) -> None:
    build(150)
    incremental = tally_rows()
    with db.transaction() as session:
        assert tally_repository.rebuild(session.connection()) == 150
    assert tally_rows() == incremental


def test_a_bulk_load_without_tallies_is_noticed_and_read_the_old_way(app) -> None:
    survey, _channels = build(30)
    with db.transaction() as session:  # a write that forgets the tallies
        session.execute(Response.__table__.delete().where(Response.reference == "T0000001"))
    assert not tally_repository.in_step(survey.id)
    questions = questions_of(survey)
    expected = results.summarise(questions, repository.iter_answers(survey.id), 5)
    assert results_service.summary(survey.id, questions, ResponseFilter(), 5) == expected
    with db.transaction() as session:
        tally_repository.rebuild(session.connection(), survey.id)
    assert_same_figures(survey, ResponseFilter())


def test_migration_0070_counts_the_responses_already_stored(app) -> None:
    build(120)
    counted_as_written = tally_rows()
    url = app.config["DATABASE_URL"]
    db.session.remove()
    migrate.downgrade(url, "0080")  # the tally table goes; the responses stay
    migrate.upgrade(url, "head")  # and 0070 counts them again
    # Going below 0160 drops who routing skipped, so those responses count as "did not answer" again.
    assert tally_rows() == [row for row in counted_as_written if row[6] != "not_asked"]


def test_keying_a_paper_copy_keeps_the_tallies_in_step(app) -> None:
    from surveys.paper import repository as paper

    survey, _channels = build(20)
    version_id = repository.latest_version_id(survey.id)
    (reference,) = paper.issue_copies(survey.id, version_id, "standard", "cy", 1, None)
    printed = paper.copy(survey.id, reference)
    assert printed is not None
    paper.record_keying(survey, printed, {"colour": "blue", "age": 71, "why": "On paper"}, None)
    assert paper.response_for(reference) is not None
    assert repository.count_responses(survey.id) == 21
    assert_same_figures(survey, ResponseFilter(language="cy"))
    assert_same_figures(survey, ResponseFilter())
