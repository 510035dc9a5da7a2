"""Joining the panel (standard and easy read) and confirming by the emailed or texted link. No
sign-in and no JavaScript needed; joining is rate-limited per address."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from panel import forms, model, repository
from panel.blueprint import area_choices, confirm_message, panel_bp, public_panel_or_404, questions
from toolkit.i18n import current_language
from toolkit.ratelimit import spend
from toolkit.views import Page, form_page


def _join(slug: str, template: str) -> Page:
    panel = public_panel_or_404(slug)
    asked = questions(current_language())
    form = forms.join_form(asked, area_choices(panel))
    channel = request.args.get("c")
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():
        spend("panel_join", "RATELIMIT_PANEL_JOIN")
        try:
            joining = forms.joining(form, asked, panel.consent_version, channel)
            repository.join(panel, joining, confirm_message(panel, joining.preferences.contact_method))
            return redirect(url_for("panel.public_joined", slug=slug, how=joining.preferences.contact_method))
        except model.PanelError as error:
            forms.add_problems(form, error)
    wording = model.consent_wording(panel.consent_version)
    return form_page(template, form, panel=panel, questions=asked, wording=wording, channel=channel)


@panel_bp.route("/panel/<slug>/join", methods=["GET", "POST"])
def public_join(slug: str) -> Page:
    return _join(slug, "panel/public/join.html")


@panel_bp.route("/panel/<slug>/join/easy-read", methods=["GET", "POST"])
def public_join_easy_read(slug: str) -> Page:
    return _join(slug, "panel/public/join_easy_read.html")


@panel_bp.get("/panel/<slug>/joined")
def public_joined(slug: str) -> str:
    panel = public_panel_or_404(slug)
    how = request.args.get("how", "")
    return render_template("panel/public/joined.html", panel=panel, how=how)


@panel_bp.route("/panel/confirm/<token>", methods=["GET", "POST"])
def public_confirm(token: str) -> Page | Response:
    """The link asks for a button press, so a mail scanner opening it confirms nobody."""
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        member = repository.confirm(token)
        return render_template("panel/public/confirmed.html", confirmed=member is not None), (200 if member else 404)
    return render_template("panel/public/confirm.html", form=form, token=token)
