"""The public side: answering a survey, one section per page, no JavaScript needed.

Thin views over `surveys.respond.flow` (the flow, no Flask) and `surveys.respond.browser` (the
browser session's part of it), which the easy-read version shares."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from surveys import repository
from surveys.model import SurveyDefinition
from surveys.respond import browser, flow, pages
from surveys.respond.browser import current_draft, open_survey
from toolkit.i18n import current_language
from toolkit.schema import AnswerDraft
from toolkit.views import Page, form_page

public = Blueprint("public", __name__, template_folder="../templates")


def _definition(draft: AnswerDraft) -> SurveyDefinition:
    return browser.for_respondent(flow.definition_of(draft))


@public.get("/c/<code>")
def channel_link(code: str) -> WerkzeugResponse:
    """A channel's short link: remember the channel, then show the survey. A retired channel's
    link works the same (its posters may still be up) and its responses still count for it."""
    channel = repository.channel_by_code(code)
    if channel is None:
        abort(404)
    survey = repository.get(channel.survey_id)
    assert survey is not None
    browser.remember_channel(survey.slug, channel.id)
    return redirect(url_for("public.start", slug=survey.slug))


@public.get("/s/<slug>")
def start(slug: str) -> str:
    survey = open_survey(slug)
    browser.remember_invite(survey, request.args.get("invite"))
    return render_template(
        "surveys/start.html",
        survey=survey,
        definition=browser.for_respondent(flow.latest_definition(survey)),
        resuming=current_draft(survey) is not None,
    )


@public.post("/s/<slug>/start")
def begin(slug: str) -> WerkzeugResponse:
    """Carry on where the respondent left off, or go to the first page. Nothing is stored until
    the first page of answers is saved, so posting here over and over stores nothing."""
    survey = open_survey(slug)
    draft = browser.draft_or_pending(survey)
    first = flow.first_incomplete_section(_definition(draft), draft.answers)
    return redirect(
        url_for("public.page", slug=slug, section_id=first) if first else url_for("public.check", slug=slug)
    )


@public.route("/s/<slug>/page/<section_id>", methods=["GET", "POST"])
def page(slug: str, section_id: str) -> Page:
    survey = open_survey(slug)
    draft = browser.draft_or_pending(survey)
    definition = _definition(draft)
    where = pages.section_position(definition, section_id, draft.answers)
    form, new_answers = pages.answered(where.section, draft.answers)
    if new_answers is not None:
        browser.may_store(draft)
        draft = flow.save_section(draft, definition, where.section.id, new_answers, current_language())
        browser.remember_draft(survey, draft)
        return redirect(_after_page(slug, definition, draft, where.section.id))
    back = (
        url_for("public.page", slug=slug, section_id=where.previous_id)
        if where.previous_id
        else url_for("public.start", slug=slug)
    )
    return form_page(
        "surveys/page.html",
        form,
        survey=survey,
        where=where,
        back_url=back,
        changing=pages.changing(),
        answers=draft.answers,
    )


def _after_page(slug: str, definition: SurveyDefinition, draft: AnswerDraft, section_id: str) -> str:
    """Where to go once a page is saved; routing uses the answers just given."""
    changing = pages.changing()
    target = flow.next_section(definition, draft.answers, section_id, changing=changing)
    if target is None:
        return url_for("public.check", slug=slug)
    if changing:
        return url_for("public.page", slug=slug, section_id=target, change="1")
    return url_for("public.page", slug=slug, section_id=target)


@public.route("/s/<slug>/check", methods=["GET", "POST"])
def check(slug: str) -> Page:
    if request.method == "POST":
        return _submit(slug)
    survey = open_survey(slug)
    draft = current_draft(survey)
    if draft is None:
        return redirect(url_for("public.start", slug=slug))
    definition = _definition(draft)
    missing = flow.first_incomplete_section(definition, draft.answers)
    if missing is not None:
        return redirect(url_for("public.page", slug=slug, section_id=missing))
    rows = pages.check_rows(definition, draft.answers, lambda section_id: _change_url(slug, section_id))
    last = definition.visible_pages(draft.answers)[-1].id
    return render_template(
        "surveys/check.html",
        survey=survey,
        title=definition.title,  # in the respondent's language where translated
        rows=rows,
        draft=draft,
        back_url=url_for("public.page", slug=slug, section_id=last),
    )


def _change_url(slug: str, section_id: str) -> str:
    return url_for("public.page", slug=slug, section_id=section_id, change="1")


def _submit(slug: str) -> WerkzeugResponse:
    return browser.submit_and_redirect(
        slug,
        lambda problem: _change_url(slug, problem.section_id),
        url_for("public.done", slug=slug),
    )


@public.get("/s/<slug>/done")
def done(slug: str) -> str:
    survey, reference = browser.sent(slug)
    return render_template("surveys/done.html", survey=survey, reference=reference)
