"""A member's own page, reached by their personal link (no password): change details and
preferences, answer "do you want to stay?", pause for a while, or leave (which erases their
contact details and equality profile at once)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from panel import forms, model, repository
from panel.blueprint import MEMBER_PAGE, member_or_404, panel_bp, panel_or_404
from toolkit.timeutil import utcnow
from toolkit.views import Page, form_page


@panel_bp.get(MEMBER_PAGE)
def public_member(token: str) -> str:
    member = member_or_404(token)
    panel = panel_or_404(member.panel_id)
    contact = repository.contact_of(member.id)
    paused = model.is_paused(model.MemberState(member.status, member.paused_until), utcnow().date())
    return render_template(
        "panel/public/member.html",
        member=member,
        panel=panel,
        contact=contact,
        paused=paused,
        token=token,
        form=forms.ConfirmForm(),
        renewal_asked=member.renewal_asked_at is not None,
    )


@panel_bp.route(f"{MEMBER_PAGE}/details", methods=["GET", "POST"])
def public_details(token: str) -> Page:
    member = member_or_404(token)
    contact = repository.contact_of(member.id) or model.Contact()
    form = forms.DetailsForm(
        data={
            **contact.__dict__,
            "contact_method": member.contact_method,
            "language": member.language,
            "format": member.format,
        }
    )
    if form.validate_on_submit():
        try:
            repository.update_member(member, form.contact(), form.preferences())
            flash(_("Your details have been saved."))
            return redirect(url_for("panel.public_member", token=token))
        except model.PanelError as error:
            if isinstance(error, repository.DuplicateError):
                forms.add_problems(form, error)
    return form_page(
        "panel/public/details.html", form, token=token, back_url=url_for("panel.public_member", token=token)
    )


@panel_bp.route(f"{MEMBER_PAGE}/pause", methods=["GET", "POST"])
def public_pause(token: str) -> Page:
    member = member_or_404(token)
    form = forms.PauseForm()
    if form.validate_on_submit():
        until = form.until.data
        problem = model.pause_problem(until, utcnow().date())
        if problem is None and until is not None:
            repository.pause(member, until)
            flash(_("You will not be invited before %(date)s.", date=until.isoformat()))
            return redirect(url_for("panel.public_member", token=token))
        form.until.errors = [*form.until.errors, str(problem)]
    return form_page("panel/public/pause.html", form, token=token, back_url=url_for("panel.public_member", token=token))


@panel_bp.post(f"{MEMBER_PAGE}/resume")
def public_resume(token: str) -> Response:
    member = member_or_404(token)
    if forms.ConfirmForm().validate_on_submit():
        repository.pause(member, None)
        flash(_("Your pause has ended: you may be invited again."))
    return redirect(url_for("panel.public_member", token=token))


@panel_bp.post(f"{MEMBER_PAGE}/stay")
def public_stay(token: str) -> Response:
    member = member_or_404(token)
    if forms.ConfirmForm().validate_on_submit():
        repository.renew(member)
        flash(_("Thank you for staying on the panel."))
    return redirect(url_for("panel.public_member", token=token))


@panel_bp.route(f"{MEMBER_PAGE}/leave", methods=["GET", "POST"])
def public_leave(token: str) -> Page:
    member = member_or_404(token)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        repository.leave(member)
        return render_template("panel/public/left.html")
    return form_page("panel/public/leave.html", form, token=token, back_url=url_for("panel.public_member", token=token))
