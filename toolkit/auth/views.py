"""Signing in and out, two-factor codes, password resets and accepting an invitation."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit import auth as staff_auth
from toolkit import ratelimit
from toolkit.auth import invitations, two_factor, users
from toolkit.auth.blueprint import Page, add_error, auth, client_address, external_url, form_page, log, safe_next
from toolkit.auth.forms import (
    AcceptInvitationForm,
    CodeForm,
    ForgotPasswordForm,
    NewPasswordForm,
    SetupCodeForm,
    SignInForm,
)
from toolkit.auth.users import AccountError
from toolkit.schema import StaffUser

SETUP_SECRET = "two_factor_setup_secret"  # noqa: S105 - the session key, not a secret


def _after_password(user: StaffUser, next_url: str | None) -> Response:
    """Signed in with a password: ask for the code, or set two-factor up where it is required."""
    needs_code = user.totp_secret is not None
    needs_setup = staff_auth.two_factor_missing(user)
    staff_auth.sign_in(user, two_factor_done=not (needs_code or needs_setup))
    if needs_code:
        return redirect(url_for("auth.two_factor_code", next=next_url))
    if needs_setup:
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(safe_next(next_url))


@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Page:
    form = SignInForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip().lower()
        ratelimit.check_wait(email)
        user = users.authenticate(email, form.password.data or "")
        if user is not None:
            ratelimit.clear_failures(email)
            return _after_password(user, request.args.get("next"))
        wait = ratelimit.record_failure(email)
        log.warning("failed sign-in account=%r client=%s wait=%ss", email, client_address(), wait)
        form.email.errors = [_("Enter a correct email address and password")]
    return form_page("auth/sign_in.html", form)


@auth.route("/sign-in/code", methods=["GET", "POST"])
def two_factor_code() -> Page:
    user = staff_auth.pending_user()
    if user is None or user.totp_secret is None:
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    account = f"code:{user.id}"
    if form.validate_on_submit():
        ratelimit.check_wait(account)
        if two_factor.verify(user, form.code.data or ""):
            ratelimit.clear_failures(account)
            staff_auth.sign_in(user, two_factor_done=True)  # a new session id for the full session
            return redirect(safe_next(request.args.get("next")))
        wait = ratelimit.record_failure(account)
        log.warning("failed two-factor code account=%r client=%s wait=%ss", user.email, client_address(), wait)
        form.code.errors = [_("Enter the code your app shows now, or one of your recovery codes")]
    return form_page("auth/code.html", form)


@auth.route("/two-factor/setup", methods=["GET", "POST"])
def two_factor_setup() -> Page:
    user = staff_auth.current_user() or staff_auth.pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    secret = session.get(SETUP_SECRET) or two_factor.new_secret()
    session[SETUP_SECRET] = secret
    form = SetupCodeForm()
    if form.validate_on_submit():
        codes = two_factor.enable(user, secret, form.code.data or "", user.id)
        if codes is not None:
            session.pop(SETUP_SECRET, None)
            staff_auth.sign_in(user, two_factor_done=True)
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors = [_("That code is not right. Check the time on your phone is correct and try again")]
    uri = two_factor.setup_uri(secret, user.email, current_app.config["ORGANISATION_NAME"])
    return form_page("auth/setup.html", form, secret=secret, qr=two_factor.qr_data_uri(uri))


@auth.route("/sign-out", methods=["GET", "POST"])
def sign_out() -> str | Response:
    if request.method == "GET":
        return render_template("auth/sign_out.html")
    staff_auth.sign_out()
    flash(_("You have signed out."))
    return redirect(url_for("auth.sign_in"))


@auth.route("/forgot-password", methods=["GET", "POST"])
def forgot_password() -> Page:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        config = current_app.config
        invitations.request_reset(
            form.email.data or "",
            minutes=config["PASSWORD_RESET_MINUTES"],
            link_for=lambda token: external_url("auth.reset_password", token=token),
            organisation=config["ORGANISATION_NAME"],
        )
        return render_template("auth/reset_sent.html", email=form.email.data)
    return form_page("auth/forgot_password.html", form)


@auth.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page:
    reset = invitations.open_reset(token) if len(token) <= 100 else None
    if reset is None:
        return render_template("auth/link_expired.html", reset=True), 404
    form = NewPasswordForm()
    user = users.get(reset.staff_user_id)
    form.email_for_check = user.email if user else ""
    if form.validate_on_submit():
        try:
            invitations.reset_password(token, form.password.data or "")
        except AccountError as error:
            add_error(form, "password", error)
        else:
            flash(_("Your password has been changed. Sign in with your new password."))
            return redirect(url_for("auth.sign_in"))
    return form_page("auth/reset_password.html", form)


@auth.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Page:
    invitation = invitations.open_invitation(token) if len(token) <= 100 else None
    if invitation is None:
        return render_template("auth/link_expired.html", reset=False), 404
    form = AcceptInvitationForm()
    form.email_for_check = invitation.email
    if form.validate_on_submit():
        try:
            invitations.accept(token, form.name.data or "", form.password.data or "")
        except AccountError as error:
            add_error(form, "password", error)
        else:
            flash(_("Your account is ready. Sign in with your email address and new password."))
            return redirect(url_for("auth.sign_in"))
    return form_page("auth/accept_invitation.html", form, invitation=invitation)


from toolkit.auth import views_account, views_people  # noqa: E402, F401  (they add routes to `auth`)
