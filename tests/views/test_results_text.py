"""Free text on the results page: paged, searched (case-insensitive, in the database) and filtered
by a closed answer, without JavaScript; and a routed question tells "not asked" apart."""

from __future__ import annotations

from flask.testing import FlaskClient

from surveys import repository
from surveys.model import Condition, Question, Section, SurveyDefinition
from surveys.respond import flow
from tests.helpers import check_page, sign_in
from tests.views.test_results import add_responses, make_survey, url


def text_url(survey, question: str = "why", **query: str) -> str:
    args = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/staff/surveys/{survey.id}/results/text/{question}" + (f"?{args}" if args else "")


def answers_page(client: FlaskClient, survey, **query: str):
    return check_page(client.get(text_url(survey, **query)))


def test_free_text_is_paged_with_links_that_keep_the_search_and_filters(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(survey, [{"why": f"Reason {n}", "colour": "red" if n % 2 else "blue"} for n in range(45)])
    sign_in(client, "viewer")
    soup = answers_page(client, survey)
    assert "45 answers" in soup.find(id="answers-total").get_text()
    assert [li.get_text() for li in soup.find(id="text-answers").find_all("li")][:2] == ["Reason 0", "Reason 1"]
    assert len(soup.find(id="text-answers").find_all("li")) == 20
    next_link = soup.find("a", string=lambda s: s and "Next" in s) or soup.select_one(".nhsuk-pagination__link--next")
    third = answers_page(client, survey, page="3")
    assert [li.get_text() for li in third.find(id="text-answers").find_all("li")] == [
        "Reason 40",
        "Reason 41",
        "Reason 42",
        "Reason 43",
        "Reason 44",
    ]
    assert next_link is not None and "page=2" in next_link["href"]

    filtered = answers_page(client, survey, search="REASON+1", answered="colour%3Dred", channel="")
    texts = [li.get_text() for li in filtered.find(id="text-answers").find_all("li")]
    assert texts == ["Reason 1", "Reason 11", "Reason 13", "Reason 15", "Reason 17", "Reason 19"]
    assert filtered.select_one(".nhsuk-pagination") is None  # one page


def test_filter_by_a_multiple_choice_answer_and_search_wildcards_are_plain_text(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(
        survey,
        [
            {"why": "100% fine", "places": ["gp", "pharmacy"]},
            {"why": "so_so", "places": ["pharmacy"]},
            {"why": "nothing", "places": ["gp"]},
        ],
    )
    sign_in(client, "viewer")
    gp = answers_page(client, survey, answered="places%3Dgp")
    assert [li.get_text() for li in gp.find(id="text-answers").find_all("li")] == ["100% fine", "nothing"]
    percent = answers_page(client, survey, search="%25")
    assert [li.get_text() for li in percent.find(id="text-answers").find_all("li")] == ["100% fine"]
    underscore = answers_page(client, survey, search="_")
    assert [li.get_text() for li in underscore.find(id="text-answers").find_all("li")] == ["so_so"]


def test_bad_paging_and_filters_are_4xx_and_closed_questions_have_no_text_page(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(survey, [{"why": "x"}])
    sign_in(client, "viewer")
    assert client.get(text_url(survey, page="0")).status_code == 400
    assert client.get(text_url(survey, page="abc")).status_code == 400
    assert client.get(text_url(survey, answered="colour%3Dpurple")).status_code == 400
    assert client.get(text_url(survey, "colour")).status_code == 404
    assert client.get(text_url(survey, "nope")).status_code == 404
    assert client.get(text_url(survey, page="9")).status_code == 200  # past the end: empty


def test_results_page_links_to_the_text_page_keeping_its_filters(client: FlaskClient) -> None:
    survey = make_survey()
    add_responses(survey, [{"why": "x"}])
    sign_in(client, "viewer")
    soup = check_page(client.get(url(survey, language="en")))
    link = soup.find("a", string=lambda s: s and "Read, search and filter" in s)
    assert link["href"].startswith(f"/staff/surveys/{survey.id}/results/text/why") and "language=en" in link["href"]


def routed() -> SurveyDefinition:
    carer = Question("carer", "yes_no", "Are you a carer?")
    hours = Question("hours", "number", "Hours a week?", show_if=Condition("carer", "yes"))
    return SurveyDefinition(
        "Routed", sections=(Section("s1", "One", questions=(carer,)), Section("s2", "Two", questions=(hours,)))
    )


def test_a_routed_question_shows_not_asked_apart_from_did_not_answer(client: FlaskClient) -> None:
    survey = repository.create_survey("Routed", "routed", None, definition=routed())
    repository.publish(survey, None)
    for answers in ({"carer": "yes", "hours": 10}, {"carer": "no", "hours": 5}, {"carer": "yes"}):
        draft = flow.new_draft(survey, None, "en")
        flow.store(draft, answers, "en")
        response = flow.submit_token(draft.token, survey.id)
        assert response is not None
    stored = [(r.answers, r.not_asked) for r in repository.iter_answers(survey.id)]
    assert stored == [
        ({"carer": "yes", "hours": 10}, None),
        ({"carer": "no"}, ["hours"]),  # the answer given to a skipped question is not kept
        ({"carer": "yes"}, None),
    ]
    sign_in(client, "viewer")
    text = check_page(client.get(url(survey))).find(id="question-hours").get_text()
    assert "1 answered, 1 did not answer, 1 not asked" in text
