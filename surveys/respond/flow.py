"""The respondent's way through a survey, for the standard and the easy-read versions alike:
open the survey, find or start the draft, show it in their language, save a page (or one
question), work out what comes next after routing, and submit.

No Flask: callers pass in what the browser session holds (the draft's token, the channel whose
link was followed) and the language, and keep what comes back. Storage is the repository's;
the rules (routing, what was shown, what is missing, which answers are equality answers) are
the plain modules'. Both public view modules call this and nothing else for the flow.
"""

from __future__ import annotations

from typing import Any

from surveys import questions, repository
from surveys.easy_read import model as easy_read
from surveys.equality import model as equality
from surveys.model import Question, SurveyDefinition, other_key
from surveys.respond import answering
from surveys.respond.answering import AnswerProblem
from surveys.translations import model as translation
from toolkit import invitations
from toolkit.forms import in_language
from toolkit.i18n import DEFAULT_LANGUAGE
from toolkit.schema import AnswerDraft, Response, Survey

SEEN_SECTIONS = "__seen"  # sections shown in the standard version (dropped on submit)
SEEN_EASY = "__seen_easy"  # questions shown in the easy-read version (dropped on submit)


class SurveyNotFound(LookupError):
    """No survey at this address, or one not yet published: 404."""


class SurveyClosed(Exception):
    """The survey has closed (or is paused): 410."""


class DraftGone(LookupError):
    """The posted answers are not there: expired, or another survey's: 400."""


class AnswersNeedAttention(ValueError):
    """A draft that cannot be sent as it is: a required answer is missing or one does not fit."""

    def __init__(self, problem: AnswerProblem) -> None:
        super().__init__(f"{problem.question_id} in {problem.section_id}")
        self.problem = problem


# --- the survey and the draft ------------------------------------------------------------------------------


def open_survey(slug: str) -> Survey:
    """The survey at this address if it is open for answers; SurveyNotFound or SurveyClosed."""
    survey: Survey = must_be_open(repository.get_by_slug(slug))
    return survey


def must_be_open(survey: Any) -> Any:
    """A Survey, or a `repository.submission` row (it has the same status and dates)."""
    if survey is None or survey.status == "draft":
        raise SurveyNotFound
    if not repository.is_open(survey):
        raise SurveyClosed
    return survey


def current_draft(survey: Survey, token: object) -> AnswerDraft | None:
    """The draft the browser holds the token of, if it is still there and is this survey's."""
    draft = repository.get_draft(token) if isinstance(token, str) else None
    return draft if draft is not None and draft.survey_id == survey.id else None


def pending_draft(survey: Survey, remembered_channel: object, language: str, invite: object = None) -> AnswerDraft:
    """A respondent's draft before anything is saved: of the latest version, counted for the
    channel whose link was followed (if it is still there) or the survey's own, and not stored
    (no token) until the first page of answers is saved, so opening a survey stores nothing.
    Through a panel member's personal link (`invite`), their equality answers are filled in if
    they agreed; the draft holds only the answers, never who they are."""
    version_id = repository.latest_version_id(survey.id)
    assert version_id is not None  # a survey that is not a draft has been published
    remembered = remembered_channel if isinstance(remembered_channel, int) else None
    channel_id = repository.draft_channel_id(survey.id, remembered)
    answers: dict[str, Any] = {}
    if invite:
        definition = repository.published_definition(version_id)
        answers = invitations.prefill(survey.id, invite, (q.id for s in definition.sections for q in s.questions))
    return AnswerDraft(
        token="", survey_id=survey.id, version_id=version_id, channel_id=channel_id, language=language, answers=answers
    )


def new_draft(survey: Survey, remembered_channel: object, language: str) -> AnswerDraft:
    """A stored, empty draft (data loading and tests; respondents' drafts are stored by `store`)."""
    return store(pending_draft(survey, remembered_channel, language), {}, language)


def store(draft: AnswerDraft, answers: dict[str, Any], language: str) -> AnswerDraft:
    """Save the answers into the draft; the first saved answers create it. This is the one place
    a respondent's draft is created (a per-client cap on new drafts counts exactly these)."""
    if draft.token:
        repository.save_draft_answers(draft, answers, language)
        draft.answers = answers
        return draft
    return repository.start_draft_for(draft.survey_id, draft.version_id, draft.channel_id, language, answers)


def latest_definition(survey: Survey) -> SurveyDefinition:
    version_id = repository.latest_version_id(survey.id)
    assert version_id is not None  # a survey that is not a draft has been published
    return repository.published_definition(version_id)


def definition_of(draft: AnswerDraft) -> SurveyDefinition:
    """The version the draft was started on (a newer one may have been published since)."""
    return repository.published_definition(draft.version_id)


def for_respondent(definition: SurveyDefinition, language: str) -> tuple[SurveyDefinition, bool]:
    """A published definition in the respondent's language, English where it has none; and
    whether the survey is not in their language at all (its words are then shown in English)."""
    in_english = language != DEFAULT_LANGUAGE and language not in definition.translations
    return translation.apply(definition, language), in_english


def content_languages(definition: SurveyDefinition) -> frozenset[str]:
    """The languages a survey's own words can be read in: English and each it is translated into
    (a published version only has complete translations)."""
    return frozenset({DEFAULT_LANGUAGE, *definition.translations})


# --- the standard version: a section per page ---------------------------------------------------------------


def first_incomplete_section(definition: SurveyDefinition, answers: dict[str, Any]) -> str | None:
    return answering.first_incomplete_section(definition, answers, set(answers.get(SEEN_SECTIONS, [])))


def save_section(
    draft: AnswerDraft, definition: SurveyDefinition, section_id: str, new_answers: dict[str, Any], language: str
) -> AnswerDraft:
    """Replace the section's answers with the new ones and record the section as seen; the
    draft as stored (created now if this is the first saved page)."""
    return store(draft, with_section_answers(definition, draft.answers, section_id, new_answers), language)


def with_section_answers(
    definition: SurveyDefinition, answers: dict[str, Any], section_id: str, new_answers: dict[str, Any]
) -> dict[str, Any]:
    """The answers with the section's replaced by the new ones and the section recorded as seen
    (the preview keeps them in the staff member's session; a respondent's are stored)."""
    section = definition.page(section_id)
    own = {key for q in section.questions for key in (q.id, other_key(q.id))}
    merged = {k: v for k, v in answers.items() if k not in own}
    merged.update(new_answers)
    merged[SEEN_SECTIONS] = sorted({*answers.get(SEEN_SECTIONS, []), section_id})
    return merged


def next_section(
    definition: SurveyDefinition, answers: dict[str, Any], section_id: str, *, changing: bool
) -> str | None:
    """The page after this one, routing on the answers just given; None for check answers.
    When changing an answer from check answers: the first page still incomplete, if any."""
    if changing:
        return first_incomplete_section(definition, answers)
    where = answering.position(definition, section_id, answers)
    return where.next_id if where is not None and where.next_id else None


# --- the easy-read version: a question per page -------------------------------------------------------------


def seen_questions(answers: dict[str, Any]) -> set[str]:
    return set(answers.get(SEEN_EASY, []))


def first_unanswered(definition: SurveyDefinition, answers: dict[str, Any]) -> str | None:
    return easy_read.first_unanswered(definition, answers, seen_questions(answers))


def save_question(
    draft: AnswerDraft, definition: SurveyDefinition, question_id: str, new_answers: dict[str, Any], language: str
) -> AnswerDraft:
    """Store one question's answers and what has been seen, for both versions (so a respondent
    can switch between them); the draft as stored, holding the answers now."""
    return store(draft, with_question_answers(definition, draft.answers, question_id, new_answers), language)


def with_question_answers(
    definition: SurveyDefinition, answers: dict[str, Any], question_id: str, new_answers: dict[str, Any]
) -> dict[str, Any]:
    """The answers with one question's replaced and what has been seen recorded (the preview
    keeps them in the staff member's session; a respondent's are stored)."""
    merged = {k: v for k, v in answers.items() if k not in (question_id, other_key(question_id))}
    merged.update(new_answers)
    merged = easy_read.after_step(merged, question_id)
    seen = seen_questions(answers) | {question_id}
    merged[SEEN_EASY] = sorted(seen)
    sections = set(merged.get(SEEN_SECTIONS, [])) | set(easy_read.completed_sections(definition, merged, seen))
    merged[SEEN_SECTIONS] = sorted(sections)
    return merged


def next_question(
    definition: SurveyDefinition, answers: dict[str, Any], question_id: str, *, changing: bool
) -> str | None:
    """The next question, routing on the answer just given; None for check answers."""
    where = easy_read.step(definition, question_id, answers)
    if changing or where is None or not where.next_id:
        return first_unanswered(definition, answers)
    return where.next_id


# --- check answers and submit -------------------------------------------------------------------------------


def answer_words(question: Question, answers: dict[str, Any]) -> str:
    """An answer as the respondent reads it back on check answers: a rating as its face's words
    in easy read with faces, else placed on its scale; every other type as results show it."""
    value = answers.get(question.id)
    if not question.kind.scale or value is None:
        return questions.display_answer(question, answers)
    if easy_read.uses_smileys(question):
        words = {face.value: face.words for face in easy_read.smiley_faces(question)}
        if str(value) in words and str(words[str(value)]) != str(value):
            return f"{words[str(value)]} ({value})"
    return answering.rating_words(question, str(value))


def marked_words(question: Question, answer: str | None, lang: str | None) -> tuple[str, str | None]:
    """A question's words and its answer for a check-answers page, the survey's own words marked as
    `lang` (English shown untranslated): the question, and a chosen option; a typed answer is not."""
    marked = in_language(answer, lang) if answer and question.kind.offers_choices else answer
    return in_language(question.text, lang), marked


def submit(slug: str, token: str, invite: object = None) -> Response | AnswerProblem:
    """Send the posted draft as one response (a second click finds the first), or the first
    answer that needs attention before it can be sent. One read finds the survey and the draft
    together: SurveyNotFound or SurveyClosed as on every page, DraftGone if the answers are not
    there. Through a panel member's personal link (`invite`) the invitation is then marked as
    answered; the response itself holds nothing of the member or the link."""
    survey = must_be_open(repository.submission(slug, token))
    try:
        response = submit_draft(token, survey) if token else None
    except AnswersNeedAttention as needed:
        return needed.problem
    if response is None or response.survey_id != survey.id:
        raise DraftGone
    if invite:
        invitations.mark_responded(survey.id, invite)
    return response


def submit_token(token: str, survey_id: int) -> Response | None:
    """`submit_draft` for a draft token and survey id (data loading and tests)."""
    draft = repository.draft_to_submit(token, survey_id)
    return submit_draft(token, draft) if draft is not None else repository.response_by_key(token)


def submit_draft(token: str, draft: Any) -> Response | None:
    """Turn a draft (a `submission` row: survey id and draft columns) into a response: every
    answer checked against its version once more, only what the respondent was shown kept,
    equality answers stored apart. Submitting the same draft twice (back button, double click,
    two tabs) returns the first response; None if there is neither draft nor response.
    AnswersNeedAttention if a required answer is missing or one does not fit its question."""
    if draft.version_id is None:  # already submitted (the draft became this response), or expired
        return repository.response_by_key(token)
    definition = repository.published_definition(draft.version_id)
    shown = definition.prune(draft.answers)
    problem = answering.first_problem(definition, shown)
    if problem is not None:
        raise AnswersNeedAttention(problem)
    # Equality answers are kept apart, so no export or results page shows them beside the rest.
    answers, equality_answers = equality.split_answers(definition, shown)
    # Kept with the response, so results tell "not asked" apart from "did not answer".
    not_asked = definition.not_asked(shown)
    return repository.store_response(token, draft, definition, answers, equality_answers, not_asked)
