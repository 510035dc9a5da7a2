"""Staff: close a session's participant pages, or open them again (`workshops.closing`)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from toolkit.auth import role_required
from workshops import repository
from workshops.blueprint import SESSION, session_or_404, staff_id, workshops


@workshops.post(f"{SESSION}/close")
@role_required("facilitator")
def close_session(session_id: int) -> Response:
    repository.close_session(session_or_404(session_id), staff_id())
    flash(_("The session is closed: participants' pages no longer take ideas, votes or answers."))
    return redirect(url_for("workshops.session", session_id=session_id))


@workshops.post(f"{SESSION}/reopen")
@role_required("facilitator")
def reopen_session(session_id: int) -> Response:
    repository.reopen_session(session_or_404(session_id), staff_id())
    flash(_("The session is open again. It closes by itself a day from now."))
    return redirect(url_for("workshops.session", session_id=session_id))
