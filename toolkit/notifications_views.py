"""Staff: each person chooses whether the toolkit emails them notifications."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import BooleanField

from toolkit import notifications
from toolkit.auth import current_user, role_required
from toolkit.text import lazy as _l

notification_settings = Blueprint("notifications", __name__, url_prefix="/staff/notifications")


class NotificationsForm(FlaskForm):
    notify_by_email = BooleanField(
        _l(
            "Email me when a survey I run goes live, closes, is 7 days from closing or reaches its target, "
            "and when a PDF, export or report I started is ready"
        )
    )


@notification_settings.route("/", methods=["GET", "POST"])
@role_required("viewer")
def settings() -> str | Response:
    user = current_user()
    assert user is not None
    form = NotificationsForm(data={"notify_by_email": user.notify_by_email})
    if form.is_submitted():
        if not form.validate():
            abort(400, description=_("The form had expired. Go back and try again."))
        notifications.set_preference(user.id, bool(form.notify_by_email.data))
        on = bool(form.notify_by_email.data)
        flash(_("You will get notification emails.") if on else _("You will not get notification emails."))
        return redirect(url_for("notifications.settings"))
    return render_template("toolkit/notifications.html", form=form)
