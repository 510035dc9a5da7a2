"""What the two respondent view modules (standard and easy read) share: the browser session's
part of the flow (which draft, which channel's link, the reference once sent), and the flow's
refusals as HTTP statuses. The flow itself is `surveys.respond.flow`, which has no Flask in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import abort, g, redirect, request, session
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from surveys import repository
from surveys.model import SurveyDefinition
from surveys.respond import flow
from surveys.respond.answering import AnswerProblem
from toolkit import invitations, ratelimit
from toolkit.i18n import current_language
from toolkit.schema import AnswerDraft, Survey


def open_survey(slug: str) -> Survey:
    """The survey, or a clear page with the right status: 404 unknown, 410 closed."""
    survey: Survey = _or_abort(flow.open_survey, slug)
    return survey


def _or_abort(step: Any, *args: Any) -> Any:
    try:
        return step(*args)
    except flow.SurveyNotFound:
        abort(404)
    except flow.SurveyClosed:
        abort(410, description=_("This survey has closed. Thank you for your interest."))
    except flow.DraftGone:
        abort(400, description=_("We could not find your answers. They may have expired: please start again."))


def current_draft(survey: Survey) -> AnswerDraft | None:
    return flow.current_draft(survey, session.get("drafts", {}).get(survey.slug))


def draft_or_pending(survey: Survey) -> AnswerDraft:
    """This browser's draft, or one not stored yet (it is stored with the first saved page)."""
    remembered = session.get("channels", {}).get(survey.slug)
    invite = session.get("invites", {}).get(survey.slug)
    return current_draft(survey) or flow.pending_draft(survey, remembered, current_language(), invite)


def may_store(draft: AnswerDraft) -> None:
    """Before saving a page: a draft not stored yet is about to be created, which counts
    against the per-client cap on new drafts (429 over it)."""
    if not draft.token:
        ratelimit.spend("new-draft", "RATELIMIT_NEW_DRAFT")


def remember_draft(survey: Survey, draft: AnswerDraft) -> None:
    """After saving a page: the browser holds the token of the draft (new on the first page)."""
    if session.get("drafts", {}).get(survey.slug) != draft.token:
        session.setdefault("drafts", {})[survey.slug] = draft.token
        session.modified = True


def remember_invite(survey: Survey, code: str | None) -> None:
    """A panel member's personal link (`?invite=`): kept in the browser's session only, to fill in
    their equality answers if they agreed and to count their invitation as answered on submit."""
    if not code or not invitations.is_invitation(survey.id, code):
        return
    session.setdefault("invites", {})[survey.slug] = code
    channel_id = invitations.channel_of(survey.id, code)
    if channel_id is not None:
        remember_channel(survey.slug, channel_id)
    session.modified = True


def remember_channel(slug: str, channel_id: int) -> None:
    session.setdefault("channels", {})[slug] = channel_id
    session.modified = True


def for_respondent(definition: SurveyDefinition) -> SurveyDefinition:
    """The definition in the respondent's language; notes for the page (the language switcher,
    `lang` on the survey's own words) when the survey is not in their language at all."""
    translated, g.content_in_english = flow.for_respondent(definition, current_language())
    g.content_languages = flow.content_languages(definition)
    return translated


DRAFT_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # what `secrets.token_urlsafe` makes; anything else is no draft


def submit_and_redirect(slug: str, fix: Callable[[AnswerProblem], str], done: str) -> WerkzeugResponse:
    """The check-answers POST of either version: send the posted draft, then the confirmation
    page, or back to `fix(problem)` to see to the first answer that needs attention."""
    key = request.form.get("submission_key", "")
    problem = submit(slug, key if DRAFT_TOKEN.fullmatch(key) else "")  # never a NUL byte to the database
    return redirect(fix(problem) if problem is not None else done)


def sent(slug: str) -> tuple[Survey, str]:
    """For a confirmation page: the survey and the reference of the response this browser just
    sent; 404 if it has sent none."""
    survey = repository.get_by_slug(slug)
    reference = done_reference(slug)
    if survey is None or not reference:
        abort(404)
    return survey, reference


def submit(slug: str, token: str) -> AnswerProblem | None:
    """Send the posted draft and remember its reference for the confirmation page; or the
    first answer that needs attention before it can be sent."""
    sent = _or_abort(flow.submit, slug, token, session.get("invites", {}).get(slug))
    if isinstance(sent, AnswerProblem):
        return sent
    session.get("drafts", {}).pop(slug, None)
    session.get("invites", {}).pop(slug, None)
    session.setdefault("done", {})[slug] = sent.reference
    session.modified = True
    return None


def done_reference(slug: str) -> str | None:
    reference = session.get("done", {}).get(slug)
    return reference if isinstance(reference, str) and reference else None
