"""The respondent flow (surveys.respond.flow) called directly, with no request: the standard and
easy-read steps share one draft, routing decides what comes next, and submitting re-checks the
answers, keeps only what was shown and stores equality answers apart."""

from __future__ import annotations

from typing import Any

import pytest
from flask import has_request_context

from surveys import repository
from surveys.equality import model as equality
from surveys.equality import repository as equality_repository
from surveys.model import Condition, Option, Question, Section
from surveys.respond import flow
from tests.helpers import make_definition, make_survey
from toolkit import db
from toolkit.schema import Response, Survey

ROUTED = (
    Section(
        "s1",
        "Visits",
        questions=(
            Question(
                "visited",
                "yes_no",
                "Have you visited?",
                required=True,
            ),
        ),
    ),
    Section(
        "s2",
        "Your visit",
        show_if=Condition("visited", "yes"),
        questions=(
            Question("rating", "single_choice", "How was it?", options=(Option("good", "Good"), Option("bad", "Bad"))),
        ),
    ),
    Section("s3", "Last", questions=(Question("why", "long_text", "Anything else?", max_length=100),)),
)


def started(survey: Survey) -> Any:
    return flow.new_draft(survey, None, "en")


def test_the_flow_runs_without_a_request(app: Any) -> None:
    assert not has_request_context()
    survey = make_survey(sections=ROUTED)
    assert flow.open_survey("test").id == survey.id
    draft = started(survey)
    assert flow.current_draft(survey, draft.token) is not None
    assert flow.current_draft(survey, 12345) is None  # whatever the cookie holds, nothing breaks
    definition = flow.definition_of(draft)
    assert flow.first_incomplete_section(definition, draft.answers) == "s1"


def test_routing_skips_a_section_the_answer_hides(app: Any) -> None:
    survey = make_survey(sections=ROUTED)
    draft = started(survey)
    definition = flow.definition_of(draft)
    flow.save_section(draft, definition, "s1", {"visited": "no"}, "en")
    assert flow.next_section(definition, {"visited": "no"}, "s1", changing=False) == "s3"
    assert flow.next_section(definition, {"visited": "yes"}, "s1", changing=False) == "s2"
    assert flow.next_section(definition, {"visited": "no"}, "s3", changing=False) is None  # check answers


def test_an_easy_read_answer_counts_for_the_standard_version_too(app: Any) -> None:
    survey = make_survey(sections=ROUTED)
    draft = started(survey)
    definition = flow.definition_of(draft)
    answers = flow.save_question(draft, definition, "visited", {"visited": "no"}, "en")
    assert answers[flow.SEEN_EASY] == ["visited"]
    assert "s1" in answers[flow.SEEN_SECTIONS]
    assert flow.next_question(definition, answers, "visited", changing=False) == "why"


def test_submitting_keeps_only_what_was_shown(app: Any) -> None:
    survey = make_survey(sections=ROUTED)
    draft = started(survey)
    # An answer to the hidden section (given before the respondent changed their mind) is dropped.
    repository.save_draft_answers(draft, {"visited": "no", "rating": "good", flow.SEEN_SECTIONS: ["s1"]}, "en")
    response = flow.submit_token(draft.token, survey.id)
    assert response is not None
    stored = db.session.get(Response, response.id)
    assert stored is not None and stored.answers == {"visited": "no"}
    assert flow.submit_token(draft.token, survey.id).id == response.id  # a second click finds the first


def test_submitting_refuses_a_missing_required_answer(app: Any) -> None:
    survey = make_survey()
    draft = started(survey)
    repository.save_draft_answers(draft, {"why": "Because"}, "en")
    with pytest.raises(flow.AnswersNeedAttention) as needed:
        flow.submit_token(draft.token, survey.id)
    assert (needed.value.problem.section_id, needed.value.problem.question_id) == ("s1", "colour")
    assert repository.get_draft(draft.token) is not None  # nothing was stored; the draft stays


def test_submit_by_address_says_what_needs_attention(app: Any) -> None:
    survey = make_survey()
    draft = started(survey)
    problem = flow.submit("test", draft.token)
    assert isinstance(problem, flow.AnswerProblem) and problem.question_id == "colour"
    with pytest.raises(flow.DraftGone):
        flow.submit("test", "no-such-token")
    with pytest.raises(flow.SurveyNotFound):
        flow.submit("nowhere", draft.token)


def test_equality_answers_are_stored_apart(app: Any) -> None:
    definition = equality.with_equality_section(make_definition())
    survey = repository.create_survey(definition.title, "equal", None, definition=definition)
    repository.publish(survey, None)
    draft = started(survey)
    repository.save_draft_answers(draft, {"colour": "red", "eq_sex": "female"}, "en")
    response = flow.submit_token(draft.token, survey.id)
    assert response is not None and response.answers == {"colour": "red"}
    assert equality_repository.answers_of(response.id) == {"eq_sex": "female"}


def test_a_language_the_survey_lacks_is_shown_in_english(app: Any) -> None:
    survey = make_survey()
    definition = flow.latest_definition(survey)
    assert flow.for_respondent(definition, "en")[1] is False
    translated, in_english = flow.for_respondent(definition, "ur")
    assert in_english is True and translated.title == definition.title
