"""The representativeness dashboard summed from the equality tallies is exactly the dashboard
read from every response: the same cells, so the same published, audited views, on varied data
(the demo's skewed answers over 20 days and five channels, people who skipped every question,
blank and unknown answers, write-ins, a disability follow-up without its first question), on both
engines, with and without filters; and the tallies stay in step when responses are submitted,
keyed from paper, purged, rebuilt, or loaded in bulk without them (then the page reads the
responses, as before)."""

from __future__ import annotations

import random
import secrets
from datetime import timedelta
from typing import Any

import pandas as pd
from sqlalchemy import delete, select

from surveys import demo, repository
from surveys.equality import dashboard, tallies, tally_repository
from surveys.equality import repository as equality_repository
from surveys.equality import service as equality_service
from surveys.respond import flow
from surveys.results import tally_repository as results_tally
from toolkit import db, migrate
from toolkit.equality import answer_counts, default_questions, tallied_answer_counts
from toolkit.equality_blocks import block_size, reporting_blocks
from toolkit.schema import EqualityTally, Response, Survey
from toolkit.stats.disclosure import Policy
from toolkit.timeutil import utcnow

ODD_ANSWERS: list[dict[str, Any]] = [
    {},
    {"eq_sex": "  ", "eq_age": "not_an_option"},  # blank, and a value no longer offered
    {"eq_disability_impact": "yes_a_lot"},  # the follow-up without its question
    {"eq_disability": "yes"},
    {"eq_sexual_orientation": "other_sexual_orientation_write", "eq_sexual_orientation__other": "Written in"},
    {"eq_postcode_district": "ZZ9", "eq_pregnancy_maternity": "prefer_not_to_say"},
]


def demo_survey(extra: int = 60) -> Survey:
    list(demo.load_demo(500))
    survey = repository.get_by_slug(demo.DEMO_SLUG)
    assert survey is not None
    version_id = repository.latest_version_id(survey.id)
    channels = [c.id for c in repository.channels(survey.id)]
    with db.transaction() as session:  # odd answers no form would send, counted as paper keying does
        for n in range(extra):
            response = Response(
                survey_id=survey.id,
                version_id=version_id,
                channel_id=channels[n % len(channels)],
                reference=f"ODD-{n:04d}",
                submission_key=secrets.token_urlsafe(12),
                language="en",
                answers={},
                submitted_at=utcnow() - timedelta(days=n % 9, minutes=n),
            )
            session.add(response)
            equality_repository.store_and_count(session, response, ODD_ANSWERS[n % len(ODD_ANSWERS)])
    return survey


def full_cells(survey: Survey) -> pd.DataFrame:
    found = equality_service.setup(survey)
    frame = dashboard.responses_frame(
        equality_repository.iter_equality_rows(survey.id), found.comparisons, found.uncompared_questions
    )
    return dashboard.cells(frame, [*(c.key for c in found.comparisons), *(q.id for q in found.uncompared_questions)])


def tallied_cells(survey: Survey) -> pd.DataFrame:
    found = equality_service.setup(survey)
    assert tally_repository.in_step(survey.id)
    return tallies.cells(tally_repository.sums(survey.id), found.comparisons, found.uncompared_questions)


def assert_same_cells(survey: Survey) -> None:
    pd.testing.assert_frame_equal(tallied_cells(survey), full_cells(survey))


def test_tallied_dashboard_equals_reading_every_response(app: Any) -> None:
    survey = demo_survey()
    found = equality_service.setup(survey)
    assert found.comparisons and found.uncompared_questions  # both kinds of field are counted
    assert_same_cells(survey)
    cells = tallied_cells(survey)
    rows = list(equality_repository.iter_equality_rows(survey.id))
    days = sorted({r.submitted_on for r in rows})
    policy, shown = equality_service.policy(found), 0
    # Each try audits every block afresh (two of them: tallied and read), so a few that cover
    # all responses, a channel, an earlier end date and another threshold.
    channel = repository.channels(survey.id)[0].name
    tries = [(policy, None, None), (policy, channel, days[9]), (Policy(10), None, days[3])]
    for chosen, channel, until in tries:
        options = {"policy": chosen, "channel": channel, "until": until, "today": equality_service.today()}
        expected = dashboard.build(rows, found.comparisons, other_questions=found.uncompared_questions, **options)
        tallied = dashboard.build_from_cells(
            cells, found.comparisons, other_questions=found.uncompared_questions, **options
        )
        assert tallied == expected, options
        shown += not expected.too_few
    assert shown >= 2  # figures were published and compared, for all responses and for a channel


def test_submitting_and_keying_keep_the_tallies_in_step(app: Any) -> None:
    from surveys.paper import repository as paper

    survey = demo_survey(6)
    version_id = repository.latest_version_id(survey.id)
    channel = repository.channels(survey.id)[2].id
    survey_answers = demo._random_answers(random.Random(3))
    for answers in ({"eq_sex": "male", "eq_age": "16_to_24", "eq_disability": "no"}, {}):
        answers = {**survey_answers, **answers}
        draft = repository.start_draft(survey, version_id, channel, "en")
        repository.save_draft_answers(draft, answers, "en")
        assert flow.submit_token(draft.token, survey.id) is not None
        assert flow.submit_token(draft.token, survey.id) is not None  # a second click adds nothing
    (reference,) = paper.issue_copies(survey.id, version_id, "standard", "en", 1, None)
    printed = paper.copy(survey.id, reference)
    assert printed is not None
    paper.record_keying(survey, printed, {**survey_answers, "eq_sex": "female", "eq_religion": "muslim"}, None)
    assert repository.count_responses(survey.id) == 509
    assert_same_cells(survey)


def tally_rows() -> list[tuple[Any, ...]]:
    return sorted(tuple(row) for row in db.session.execute(select(EqualityTally.__table__)))


def test_rebuild_counts_what_the_writes_counted(app: Any) -> None:
    survey = demo_survey()
    with db.transaction() as session:  # the demo counts by rebuilding: count the writes again one by one
        session.execute(delete(EqualityTally).where(EqualityTally.survey_id == survey.id))
        for row in session.execute(
            select(Response.survey_id, Response.channel_id, Response.submitted_at, Response.submission_key).where(
                Response.survey_id == survey.id
            )
        ).mappings():
            response = session.scalar(select(Response).where(Response.submission_key == row["submission_key"]))
            assert response is not None
            answers = equality_repository.answers_of(response.id) or {}
            key = tally_repository.record_key(_stored_key(response.id), response.submission_key)
            tally_repository.add(session.connection(), row, answers, key)
    incremental = tally_rows()
    with db.transaction() as session:
        assert tally_repository.rebuild(session.connection()) == 560
    assert tally_rows() == incremental


def _stored_key(response_id: int) -> int | None:
    from toolkit.schema import EqualityResponse

    return db.session.scalar(select(EqualityResponse.record_key).where(EqualityResponse.response_id == response_id))


def test_retention_purge_recounts_the_days_it_touched(app: Any) -> None:
    survey = demo_survey()
    removed = repository.purge_responses_before(survey.id, utcnow() - timedelta(days=6, hours=5), None)
    assert removed > 0
    assert_same_cells(survey)


def test_a_bulk_load_without_tallies_is_noticed_and_read_the_old_way(app: Any) -> None:
    survey = demo_survey(0)
    found = equality_service.setup(survey)
    filters = repository.ResponseFilter()
    with db.transaction() as session:  # a write that forgets the tallies
        session.execute(delete(Response).where(Response.id == session.scalar(select(Response.id).limit(1))))
    assert not tally_repository.in_step(survey.id)
    rows = equality_repository.iter_equality_rows(survey.id)
    options = {"policy": equality_service.policy(found), "today": equality_service.today()}
    expected = dashboard.build(rows, found.comparisons, other_questions=found.uncompared_questions, **options)
    assert equality_service.dashboard(survey, found, filters) == expected
    with db.transaction() as session:
        results_tally.rebuild(session.connection(), survey.id)  # recounting the results recounts these too
    assert_same_cells(survey)
    assert equality_service.dashboard(survey, found, filters) == expected


def test_migration_0220_counts_the_responses_already_stored(app: Any) -> None:
    demo_survey()
    counted_as_written = tally_rows()
    url = app.config["DATABASE_URL"]
    db.session.remove()
    migrate.downgrade(url, "0210")  # the tally table goes; the responses stay
    migrate.upgrade(url, "head")  # and 0220 counts them again
    assert tally_rows() == counted_as_written


def test_postcode_categories_are_only_districts_someone_gave(app: Any) -> None:
    """Counted per person, a blank postcode became NaN and then a district called "nan" (always
    hidden, so the page said "Other districts: not shown" with none left out); cells never have it."""
    survey = demo_survey()
    found = equality_service.setup(survey)
    [postcode] = [q for q in found.uncompared_questions if not q.options]
    given = {
        str(row.answers[postcode.id])
        for row in equality_repository.iter_equality_rows(survey.id)
        if row.answers.get(postcode.id)
    }
    _cells, published = equality_service.published(survey, found)
    tables = published.tables[postcode.id].values()
    assert tables and all(set(t.cells) - {dashboard.NO_ANSWER} <= given for t in tables)


def test_the_retention_job_recounts_the_days_it_purged(app: Any) -> None:
    from surveys import retention

    survey = demo_survey()
    with db.transaction() as session:
        report = retention.purge_expired(session, utcnow(), response_days=6, draft_hours=48)
    assert report.responses.get(survey.id)
    assert_same_cells(survey)


def test_the_engagement_reports_equality_tables_summed_from_the_tallies_equal_reading_every_answer(app: Any) -> None:
    """The report counts a survey's people who gave equality answers up to its last complete
    reporting block; summed from the tallies (a few hundred rows at a million responses) or read
    from every response (when the tallies are out of step), the tables are the same."""
    survey = demo_survey()
    policy, today = Policy(), equality_service.today()
    rows = list(equality_repository.iter_equality_rows(survey.id))
    ends = reporting_blocks([r.submitted_on for r in rows], block_size(policy), today, first=policy.minimum_base)
    assert any(r.answers and r.submitted_on > ends[-1] for r in rows)  # some wait for their block
    counted = [(r.answers, r.record_key) for r in rows if r.answers and r.submitted_on <= ends[-1]]
    expected = answer_counts(default_questions(), counted, policy)
    tallied = equality_service.reported_answers(survey, policy, today)
    assert tallied.people.n == len(counted) > policy.minimum_base
    assert tallied_answer_counts(default_questions(), tallied, policy) == expected
    with db.transaction() as session:
        session.execute(delete(EqualityTally).where(EqualityTally.survey_id == survey.id))
    assert not tally_repository.in_step(survey.id)
    read = equality_service.reported_answers(survey, policy, today)
    assert tallied_answer_counts(default_questions(), read, policy) == expected


def test_the_recount_command_counts_every_tally_again(app: Any) -> None:
    """`flask recount`: what an operator runs after a bulk load by hand, or after an upgrade whose
    migration counted while the previous release still took responses (docs/operations.md)."""
    survey = demo_survey(6)
    counted = tally_rows()
    with db.transaction() as session:
        session.execute(delete(EqualityTally).where(EqualityTally.survey_id == survey.id))
    assert not tally_repository.in_step(survey.id)
    result = app.test_cli_runner().invoke(args=["recount"])
    assert result.exit_code == 0 and "Tallies counted again from" in result.output
    db.session.remove()
    assert tally_repository.in_step(survey.id) and tally_rows() == counted
