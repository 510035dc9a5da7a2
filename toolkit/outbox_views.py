"""Admins: the mail outbox in the browser. With no SMTP server configured (development, tests)
this is where the emails are read; otherwise it shows what was sent, and what failed and why. An
admin who hears that a sent message never arrived marks it bounced, with the reason."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from toolkit import db, mailer, outbox
from toolkit.auth import current_user_id, role_required
from toolkit.schema import OutboxMessage
from toolkit.text import lazy as _l
from toolkit.views import Page, form_page

outbox_staff = Blueprint("outbox", __name__, url_prefix="/staff/outbox")


class BounceForm(FlaskForm):
    reason = TextAreaField(
        _l("Why it bounced"),
        description=_l("For example, what the person or their mail server told you. Recorded in the audit trail."),
        validators=[
            DataRequired(_l("Enter why the message bounced")),
            Length(max=outbox.REASON_LENGTH, message=_l("Enter %(max)d characters or fewer")),
        ],
    )


@outbox_staff.get("/")
@role_required("admin")
def index() -> str:
    smtp = mailer.settings()
    return render_template("toolkit/outbox/index.html", messages=outbox.recent(db.session(), 200), smtp=smtp)


def _message(message_id: int) -> OutboxMessage:
    found = outbox.get(db.session(), message_id)
    if found is None:
        abort(404)
    return found


@outbox_staff.get("/<int:message_id>")
@role_required("admin")
def message(message_id: int) -> Page:
    return form_page("toolkit/outbox/message.html", BounceForm(), message=_message(message_id))


@outbox_staff.post("/<int:message_id>/bounced")
@role_required("admin")
def mark_bounced(message_id: int) -> Page | Response:
    found = _message(message_id)
    form = BounceForm()
    if not form.validate_on_submit():
        return form_page("toolkit/outbox/message.html", form, message=found)
    with db.transaction() as session:
        marked = outbox.mark_bounced(session, found.id, form.reason.data or "", current_user_id())
    if not marked:
        abort(409, description=_("Only a message that was sent can be marked bounced."))
    flash(_("The message is marked bounced."))
    return redirect(url_for("outbox.message", message_id=found.id))
