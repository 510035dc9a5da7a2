"""Admins: the mail outbox in the browser. With no SMTP server configured (development, tests)
this is where the emails are read; otherwise it shows what was sent, and what failed and why."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from toolkit import db, mailer, outbox
from toolkit.auth import role_required

outbox_staff = Blueprint("outbox", __name__, url_prefix="/staff/outbox")


@outbox_staff.get("/")
@role_required("admin")
def index() -> str:
    smtp = mailer.settings()
    return render_template("toolkit/outbox/index.html", messages=outbox.recent(db.session(), 200), smtp=smtp)


@outbox_staff.get("/<int:message_id>")
@role_required("admin")
def message(message_id: int) -> str:
    found = outbox.get(db.session(), message_id)
    if found is None:
        abort(404)
    return render_template("toolkit/outbox/message.html", message=found)
