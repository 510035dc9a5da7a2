"""Participants, from the session's QR code: add an idea, vote for priorities. No sign-in:
each device gets a random token in its session cookie, and only its hash is stored."""

from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from toolkit.schema import VoteRound, WorkshopSession
from toolkit.views import Page, form_page
from workshops import forms, repository, votes
from workshops.blueprint import add_problems, public_session_or_404, workshops
from workshops.model import NoteDraft, WorkshopError
from workshops.repository import AlreadyVotedError, VoteClosedError

DEVICE_KEY = "workshop_device"


def _device_token() -> str:
    token = session.get(DEVICE_KEY)
    if not isinstance(token, str) or len(token) < 16:
        token = secrets.token_urlsafe(24)
        session[DEVICE_KEY] = token
    return token


@workshops.get("/w/<code>")
def public_start(code: str) -> str:
    workshop = public_session_or_404(code)
    return render_template("workshops/public/start.html", workshop=workshop)


@workshops.route("/w/<code>/idea", methods=["GET", "POST"])
def public_idea(code: str) -> Page:
    workshop = public_session_or_404(code)
    form = forms.IdeaForm()
    if form.validate_on_submit():
        key = form.idempotency_key.data or ""
        draft = NoteDraft(form.text.data or "", key, "participant", no_quote=bool(form.no_quote.data))
        try:
            repository.add_note(workshop.id, draft, None)
            flash(_("Thank you. Your idea has been added."))
            return redirect(url_for("workshops.public_idea", code=code))
        except WorkshopError as error:
            add_problems(form, "text", error)
    if not form.idempotency_key.data:
        form.idempotency_key.data = forms.new_key()
    return form_page(
        "workshops/public/idea.html", form, workshop=workshop, back_url=url_for("workshops.public_start", code=code)
    )


@workshops.get("/w/<code>/vote")
def public_vote(code: str) -> Page:
    workshop = public_session_or_404(code)
    vote_round = repository.current_round(workshop.id)
    if vote_round is None or vote_round.status != "open":
        return render_template("workshops/public/no_vote.html", workshop=workshop, round=vote_round)
    return _ballot_page(workshop, vote_round, forms.ballot_form(repository.options(vote_round.id), vote_round.dots))


@workshops.post("/w/<code>/vote/<int:round_id>")
def public_ballot(code: str, round_id: int) -> Page:
    """A ballot for one round; a round that has closed since the page was opened gets 409."""
    workshop = public_session_or_404(code)
    vote_round = repository.get_round(workshop.id, round_id) or abort(404)
    if vote_round.status != "open":
        return render_template("workshops/public/no_vote.html", workshop=workshop, round=vote_round), 409
    form = forms.ballot_form(repository.options(round_id), vote_round.dots)
    button = request.form.get("adjust")
    if button is not None:
        return _adjust(workshop, vote_round, form, button)
    if form.validate_on_submit():
        try:
            repository.cast_ballot(vote_round, _device_token(), forms.ballot_choices(form))
            return redirect(url_for("workshops.public_vote", code=code))
        except VoteClosedError:
            return render_template("workshops/public/no_vote.html", workshop=workshop, round=vote_round), 409
        except AlreadyVotedError:
            return redirect(url_for("workshops.public_vote", code=code))
        except WorkshopError as error:
            add_problems(form, next(name for name in form._fields if name.startswith("option_")), error)
    return _ballot_page(workshop, vote_round, form)


def _adjust(workshop: WorkshopSession, vote_round: VoteRound, form: FlaskForm, button: str) -> Page:
    """A - or + pressed without JavaScript: the page again with that dot taken or added, nothing sent."""
    if form.validate_on_submit():
        forms.show_choices(form, votes.adjusted(forms.ballot_choices(form), button, vote_round.dots))
    return _ballot_page(workshop, vote_round, form)


def _ballot_page(workshop: WorkshopSession, vote_round: VoteRound, form: FlaskForm) -> Page:
    if repository.has_voted(vote_round.id, _device_token()):
        return render_template("workshops/public/voted.html", workshop=workshop, round=vote_round)
    left = votes.dots_left(forms.ballot_choices(form), vote_round.dots)
    return form_page("workshops/public/vote.html", form, workshop=workshop, round=vote_round, left=left)
