from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit import auth as staff_auth
from toolkit.auth import users
from toolkit.auth.forms import SignInForm
from toolkit.forms import error_summary_params

auth = Blueprint("auth", __name__, url_prefix="/staff", template_folder="templates")
auth.app_context_processor(staff_auth.staff_navigation)


def _safe_next(target: str | None) -> str:
    """Only ever redirect to a path on this site: no other host (`//host`, `/\\host`, which browsers
    read as `//host`), and no control characters (CR/LF would split the Location header)."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("builder.index")


@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response | tuple[str, int]:
    form = SignInForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            staff_auth.sign_in(user)
            return redirect(_safe_next(request.args.get("next")))
        form.email.errors = [_("Enter a correct email address and password")]
    status = 400 if request.method == "POST" else 200
    summary = error_summary_params(form, _("There is a problem"))
    return render_template("auth/sign_in.html", form=form, error_summary=summary), status


@auth.route("/sign-out", methods=["GET", "POST"])
def sign_out() -> str | Response:
    if request.method == "GET":
        return render_template("auth/sign_out.html")
    staff_auth.sign_out()
    flash(_("You have signed out."))
    return redirect(url_for("auth.sign_in"))
