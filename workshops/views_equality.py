"""Participants, from the session's QR code: the optional, anonymous "about you" questions.
No sign-in. Answers are stored on their own, with no device token and no time; the device's
session cookie remembers that it has answered, so each phone answers once (softly: clearing
the cookie allows another go, which the counts can live with)."""

from __future__ import annotations

from flask import redirect, render_template, session, url_for

from toolkit.equality import answers_to_store
from toolkit.i18n import current_language
from toolkit.views import Page, form_page
from workshops import equality, forms, repository
from workshops.blueprint import public_session_or_404, workshops

ANSWERED_KEY = "workshop_equality_answered"


def _answered(session_id: int) -> bool:
    answered = session.get(ANSWERED_KEY)
    return isinstance(answered, list) and session_id in answered


def _remember_answered(session_id: int) -> None:
    answered = session.get(ANSWERED_KEY)
    session[ANSWERED_KEY] = [*(answered if isinstance(answered, list) else [])[-19:], session_id]


@workshops.route("/w/<code>/about-you", methods=["GET", "POST"])
def public_equality(code: str) -> Page:
    workshop = public_session_or_404(code)
    if _answered(workshop.id):
        status = 409 if forms.EqualityForm().is_submitted() else 200
        return render_template("workshops/public/equality_done.html", workshop=workshop, again=True), status
    questions = equality.questions(current_language())
    form = forms.equality_form(questions)
    if form.validate_on_submit():
        repository.add_equality_answers(workshop.id, answers_to_store(questions, form.data))
        _remember_answered(workshop.id)
        return redirect(url_for("workshops.public_equality_done", code=code))
    back = url_for("workshops.public_start", code=code)
    return form_page(
        "workshops/public/equality.html", form, workshop=workshop, questions=questions, back_url=back
    )


@workshops.get("/w/<code>/about-you/done")
def public_equality_done(code: str) -> str:
    workshop = public_session_or_404(code)
    return render_template("workshops/public/equality_done.html", workshop=workshop, again=False)
