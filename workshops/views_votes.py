"""Staff: vote rounds, the projector view with its live tally, and paper dots."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from toolkit.auth import role_required
from toolkit.datauri import svg_data_uri
from toolkit.qr import qr_svg
from toolkit.schema import VoteRound, WorkshopSession
from toolkit.views import Page, form_page
from workshops import forms, report, repository
from workshops.blueprint import SESSION, add_problems, public_url, session_or_404, staff_id, workshops
from workshops.model import WorkshopError

ROUND = f"{SESSION}/votes/<int:round_id>"
POLL_SECONDS = 3  # how often the projector asks for the tally (with JavaScript)


def _round_or_404(session_id: int, round_id: int) -> VoteRound:
    return repository.get_round(session_id, round_id) or abort(404)


@workshops.route(f"{SESSION}/votes", methods=["GET", "POST"])
@role_required("facilitator")
def rounds(session_id: int) -> Page:
    workshop = session_or_404(session_id)
    form = forms.for_round(forms.RoundForm(), repository.themes_of(session_id), repository.notes(session_id))
    if form.validate_on_submit():
        try:
            title, dots = form.title.data or "", form.dots.data or 3
            found = repository.open_round(session_id, title, dots, form.theme_ids.data, form.note_ids.data, staff_id())
            flash(_("Voting is open. Show participants the QR code."))
            return redirect(url_for("workshops.projector", session_id=session_id, round_id=found.id))
        except WorkshopError as error:
            add_problems(form, "theme_ids", error)
    back = url_for("workshops.session", session_id=session_id)
    return form_page(
        "workshops/rounds.html", form, workshop=workshop, rounds=repository.rounds(session_id), back_url=back
    )


@workshops.get(ROUND)
@role_required("facilitator")
def vote_round(session_id: int, round_id: int) -> Page:
    found = _round_or_404(session_id, round_id)
    return _round_page(session_or_404(session_id), found, forms.paper_form(repository.options(round_id)))


@workshops.post(f"{ROUND}/paper")
@role_required("facilitator")
def paper_votes(session_id: int, round_id: int) -> Page:
    """Dots counted from paper for people without phones: stored marked as paper, audited."""
    found = _round_or_404(session_id, round_id)
    form = forms.paper_form(repository.options(round_id))
    if form.validate_on_submit():
        try:
            repository.add_paper_votes(found, forms.ballot_choices(form, "paper_"), staff_id())
            flash(_("Paper dots added."))
            return redirect(url_for("workshops.vote_round", session_id=session_id, round_id=round_id))
        except WorkshopError as error:
            add_problems(form, next(name for name in form._fields if name.startswith("paper_")), error)
    return _round_page(session_or_404(session_id), found, form)


def _round_page(workshop: WorkshopSession, found: VoteRound, paper: FlaskForm) -> Page:
    results = repository.results(found)
    chart = report.chart_image(results, found.title)
    return form_page(
        "workshops/round.html",
        paper,
        workshop=workshop,
        round=found,
        results=results,
        ballots=repository.ballot_count(found.id),
        chart=chart,
        back_url=url_for("workshops.rounds", session_id=workshop.id),
    )


@workshops.post(f"{ROUND}/close")
@role_required("facilitator")
def close_round(session_id: int, round_id: int) -> Response:
    found = _round_or_404(session_id, round_id)
    repository.close_round(found, staff_id())
    flash(_("Voting has closed."))
    page = "workshops.projector" if request.form.get("from") == "projector" else "workshops.vote_round"
    return redirect(url_for(page, session_id=session_id, round_id=round_id))


@workshops.get(f"{ROUND}/projector")
@role_required("facilitator")
def projector(session_id: int, round_id: int) -> str:
    """For the screen at the front of the room: the QR code, the priorities and the tally in
    large type. With JavaScript the tally updates itself; without, a link reloads it."""
    workshop = session_or_404(session_id)
    found = _round_or_404(session_id, round_id)
    link = public_url("workshops.public_vote", code=workshop.code)
    return render_template(
        "workshops/projector.html",
        workshop=workshop,
        round=found,
        tally=_tally(found),
        link=link,
        image=svg_data_uri(qr_svg(link)),
        poll_ms=POLL_SECONDS * 1000,
        back_url=url_for("workshops.vote_round", session_id=session_id, round_id=round_id),
    )


@workshops.get(f"{ROUND}/tally.json")
@role_required("facilitator")
def tally_json(session_id: int, round_id: int) -> Response:
    """The projector's tally, its wording already translated."""
    return jsonify(_tally(_round_or_404(session_id, round_id)))


def _tally(found: VoteRound) -> dict[str, Any]:
    """The tally in the ballot's order (rows that jump about are hard to follow on a screen)."""
    by_id = {r.id: r for r in repository.results(found)}
    ordered = [by_id[o.id] for o in repository.options(found.id) if o.id in by_id]
    ballots = repository.ballot_count(found.id)
    most = max((r.dots for r in ordered), default=0)
    return {
        "status": found.status,
        "ballots": ballots,
        "ballots_text": ngettext("%(num)d person has voted", "%(num)d people have voted", ballots),
        "most": most,
        "results": [
            {
                "id": r.id,
                "label": r.label,
                "dots": r.dots,
                "dots_text": ngettext("%(num)d dot", "%(num)d dots", r.dots),
                "paper_text": ngettext("%(num)d on paper", "%(num)d on paper", r.paper_dots) if r.paper_dots else "",
            }
            for r in ordered
        ],
    }
