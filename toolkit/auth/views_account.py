"""Your own account: password, two-factor sign-in, signed-in devices."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit import auth as staff_auth
from toolkit import teams
from toolkit.auth import role_required, sessions, two_factor, users
from toolkit.auth.blueprint import Page, add_error, auth, form_page
from toolkit.auth.forms import ActionForm, ChangePasswordForm
from toolkit.auth.users import AccountError
from toolkit.schema import StaffUser


def _me() -> StaffUser:
    user = staff_auth.current_user()
    assert user is not None  # role_required saw to that
    return user


@auth.get("/account")
@role_required("viewer")
def account() -> str:
    user = _me()
    return render_template(
        "auth/account.html",
        user=user,
        teams=teams.teams_by_id(teams.team_ids_of(user)),
        open_sessions=sessions.open_sessions(user.id),
        current_session=sessions.token_hash(staff_auth.current_token() or ""),
        two_factor_required=two_factor.required_for(user),
        recovery_codes_left=two_factor.recovery_codes_left(user),
        form=ActionForm(),
    )


@auth.post("/account/sign-out-others")
@role_required("viewer")
def sign_out_others() -> Response:
    if ActionForm().validate_on_submit():
        count = sessions.end_all(_me().id, keep=staff_auth.current_token())
        flash(_("You have been signed out of %(count)d other devices.", count=count))
    return redirect(url_for("auth.account"))


@auth.route("/account/password", methods=["GET", "POST"])
@role_required("viewer")
def change_password() -> Page:
    user = _me()
    form = ChangePasswordForm()
    form.email_for_check = user.email
    if form.validate_on_submit():
        if users.authenticate(user.email, form.current.data or "") is None:
            form.current.errors = [_("Your current password is not right")]
        else:
            try:
                users.set_password(user, form.password.data or "", user.id)
            except AccountError as error:
                add_error(form, "password", error)
            else:
                # Every session ended, this one too: a fresh one for this browser.
                staff_auth.sign_in(user, two_factor_done=True)
                flash(_("Your password has been changed and you have been signed out everywhere else."))
                return redirect(url_for("auth.account"))
    return form_page("auth/change_password.html", form, back_url=url_for("auth.account"))


@auth.post("/account/two-factor/off")
@role_required("viewer")
def two_factor_off() -> Response:
    user = _me()
    if ActionForm().validate_on_submit() and not two_factor.required_for(user):
        two_factor.disable(user, user.id)
        flash(_("Two-factor sign-in is off."))
    return redirect(url_for("auth.account"))
