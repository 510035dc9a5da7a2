"""The public side: answering a survey, one section per page, no JavaScript needed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from surveys import questions, repository
from surveys.model import CHOICE_TYPES, Question, SurveyDefinition
from surveys.respond import answering
from surveys.respond.answering import AnswerProblem
from surveys.respond.forms import section_form, validate_section
from surveys.translations.views import respondent_definition
from toolkit import ratelimit
from toolkit.forms import error_summary_params, in_language
from toolkit.i18n import content_lang, current_language
from toolkit.schema import AnswerDraft, Survey

public = Blueprint("public", __name__, template_folder="../templates")

SEEN_KEY = "__seen"
Page = str | WerkzeugResponse | tuple[str, int]


def open_survey(slug: str) -> Survey:
    """The survey, or a clear page with the right status: 404 unknown, 410 closed."""
    return _must_be_open(repository.get_by_slug(slug))


def _must_be_open(survey: Any) -> Any:
    """A Survey, or a `repository.submission` row (it has the same status and dates)."""
    if survey is None or survey.status == "draft":
        abort(404)
    if not repository.is_open(survey):
        abort(410, description=_("This survey has closed. Thank you for your interest."))
    return survey


def current_draft(survey: Survey) -> AnswerDraft | None:
    token = session.get("drafts", {}).get(survey.slug)
    draft = repository.get_draft(token) if isinstance(token, str) else None
    return draft if draft is not None and draft.survey_id == survey.id else None


def _definition(draft: AnswerDraft) -> SurveyDefinition:
    return respondent_definition(repository.published_definition(draft.version_id))


def _latest_definition(survey: Survey) -> tuple[int, SurveyDefinition]:
    version_id = repository.latest_version_id(survey.id)
    assert version_id is not None  # a survey that is not a draft has been published
    return version_id, repository.published_definition(version_id)


@public.get("/c/<code>")
def channel_link(code: str) -> WerkzeugResponse:
    """A channel's short link: remember the channel, then show the survey. A retired channel's
    link works the same (its posters may still be up) and its responses still count for it."""
    channel = repository.channel_by_code(code)
    if channel is None:
        abort(404)
    survey = repository.get(channel.survey_id)
    assert survey is not None
    session.setdefault("channels", {})[survey.slug] = channel.id
    session.modified = True
    return redirect(url_for("public.start", slug=survey.slug))


@public.get("/s/<slug>")
def start(slug: str) -> str:
    survey = open_survey(slug)
    return render_template(
        "surveys/start.html",
        survey=survey,
        definition=respondent_definition(_latest_definition(survey)[1]),
        resuming=current_draft(survey) is not None,
    )


@public.post("/s/<slug>/start")
def begin(slug: str) -> WerkzeugResponse:
    survey = open_survey(slug)
    draft = current_draft(survey)
    if draft is None:
        draft = new_draft(survey)
    definition = _definition(draft)
    first = answering.first_incomplete_section(definition, draft.answers, set(draft.answers.get(SEEN_KEY, [])))
    return redirect(
        url_for("public.page", slug=slug, section_id=first) if first else url_for("public.check", slug=slug)
    )


def new_draft(survey: Survey) -> AnswerDraft:
    ratelimit.spend("new-draft", "RATELIMIT_NEW_DRAFT")  # a per-client cap on new drafts: 429 over it
    version_id = repository.latest_version_id(survey.id)
    assert version_id is not None
    remembered = session.get("channels", {}).get(survey.slug)
    channel_id = repository.draft_channel_id(survey.id, remembered if isinstance(remembered, int) else None)
    draft = repository.start_draft(survey, version_id, channel_id, current_language())
    session.setdefault("drafts", {})[survey.slug] = draft.token
    session.modified = True
    return draft


@public.route("/s/<slug>/page/<section_id>", methods=["GET", "POST"])
def page(slug: str, section_id: str) -> Page:
    survey = open_survey(slug)
    draft = current_draft(survey)
    if draft is None:
        return redirect(url_for("public.start", slug=slug))
    definition = _definition(draft)
    where = answering.position(definition, section_id, draft.answers)
    if where is None:
        abort(404)
    form = section_form(where.section, draft.answers)
    new_answers = validate_section(form, where.section, draft.answers) if request.method == "POST" else None
    if new_answers is not None:
        _save(draft, definition, where.section.id, new_answers)
        return redirect(_after_page(slug, definition, draft, where.section.id))
    summary = error_summary_params(form, _("There is a problem"))
    back = (
        url_for("public.page", slug=slug, section_id=where.previous_id)
        if where.previous_id
        else url_for("public.start", slug=slug)
    )
    html = render_template(
        "surveys/page.html",
        survey=survey,
        where=where,
        form=form,
        error_summary=summary,
        back_url=back,
        changing=request.args.get("change") == "1",
        answers=draft.answers,
    )
    return (html, 400) if summary else html


def _save(draft: AnswerDraft, definition: SurveyDefinition, section_id: str, new_answers: dict[str, Any]) -> None:
    answers = {k: v for k, v in draft.answers.items() if not _belongs_to(k, definition, section_id)}
    answers.update(new_answers)
    answers[SEEN_KEY] = sorted({*draft.answers.get(SEEN_KEY, []), section_id})
    repository.save_draft_answers(draft, answers, current_language())


def _belongs_to(key: str, definition: SurveyDefinition, section_id: str) -> bool:
    section = definition.section(section_id)
    return any(key in (q.id, f"{q.id}__other") for q in section.questions)


def _after_page(slug: str, definition: SurveyDefinition, draft: AnswerDraft, section_id: str) -> str:
    """Where to go once a page is saved; routing uses the answers just given."""
    seen = set(draft.answers.get(SEEN_KEY, []))
    if request.args.get("change") == "1":
        missing = answering.first_incomplete_section(definition, draft.answers, seen)
        if missing is None:
            return url_for("public.check", slug=slug)
        return url_for("public.page", slug=slug, section_id=missing, change="1")
    where = answering.position(definition, section_id, draft.answers)
    if where is not None and where.next_id:
        return url_for("public.page", slug=slug, section_id=where.next_id)
    return url_for("public.check", slug=slug)


@public.route("/s/<slug>/check", methods=["GET", "POST"])
def check(slug: str) -> Page:
    if request.method == "POST":
        return _submit(slug)
    survey = open_survey(slug)
    draft = current_draft(survey)
    if draft is None:
        return redirect(url_for("public.start", slug=slug))
    definition = _definition(draft)
    missing = answering.first_incomplete_section(definition, draft.answers, set(draft.answers.get(SEEN_KEY, [])))
    if missing is not None:
        return redirect(url_for("public.page", slug=slug, section_id=missing))
    rows = _summary_rows(slug, definition, draft.answers)
    last = definition.visible_sections(draft.answers)[-1].id
    return render_template(
        "surveys/check.html",
        survey=survey,
        title=definition.title,  # in the respondent's language where translated
        rows=rows,
        draft=draft,
        back_url=url_for("public.page", slug=slug, section_id=last),
    )


def _summary_rows(slug: str, definition: SurveyDefinition, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The check-answers rows. The survey's words (questions, chosen options) are marked English when
    shown untranslated; typed answers and "Not answered" are in the respondent's language."""
    rows, lang = [], content_lang()
    for section in definition.visible_sections(answers):
        for question in section.visible_questions(answers):
            if not question.answerable:
                continue
            change = url_for("public.page", slug=slug, section_id=section.id, change="1") + f"#{question.id}"
            text, answer = marked_words(question, questions.display_answer(question, answers), lang)
            rows.append(
                {
                    "key": {"text": text},
                    "value": {"text": answer or _("Not answered")},
                    "actions": {"items": [{"href": change, "text": _("Change"), "visuallyHiddenText": text}]},
                }
            )
    return rows


def marked_words(question: Question, answer: str | None, lang: str | None) -> tuple[str, str | None]:
    """A question's words and its answer for a check-answers page, the survey's own words marked as
    `lang` (English shown untranslated): the question, and a chosen option; a typed answer is not."""
    marked = in_language(answer, lang) if answer and question.type in CHOICE_TYPES else answer
    return in_language(question.text, lang), marked


def submit_answers(slug: str) -> AnswerProblem | None:
    """Send the posted draft as one response (a second click finds the first) and remember
    its reference for the confirmation page; or the first answer that needs attention
    before it can be sent. One read finds the survey (404 or 410 as on every page) and the
    draft together. The easy-read version shares this."""
    token = request.form.get("submission_key", "")
    survey = _must_be_open(repository.submission(slug, token))
    try:
        response = repository.submit_draft(token, survey) if token else None
    except repository.AnswersNeedAttention as needed:
        return needed.problem
    if response is None or response.survey_id != survey.id:
        abort(400, description=_("We could not find your answers. They may have expired: please start again."))
    session.get("drafts", {}).pop(slug, None)
    session.setdefault("done", {})[slug] = response.reference
    session.modified = True
    return None


def _submit(slug: str) -> WerkzeugResponse:
    problem = submit_answers(slug)
    if problem is not None:
        return redirect(url_for("public.page", slug=slug, section_id=problem.section_id, change="1"))
    return redirect(url_for("public.done", slug=slug))


@public.get("/s/<slug>/done")
def done(slug: str) -> str:
    survey = repository.get_by_slug(slug)
    reference = session.get("done", {}).get(slug)
    if survey is None or not reference:
        abort(404)
    return render_template("surveys/done.html", survey=survey, reference=reference)
