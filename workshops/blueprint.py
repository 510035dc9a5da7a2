"""The `workshops` blueprint and what its view modules share. Staff pages live under
/staff/workshops; participants' pages (reached by QR code, no sign-in) under /w/<code>."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, make_response, render_template, request, url_for
from flask_wtf import FlaskForm

from toolkit.auth import current_user
from toolkit.schema import WorkshopSession
from toolkit.timeutil import utcnow
from toolkit.views import or_404
from workshops import closing, model, repository
from workshops.model import WorkshopError

workshops = Blueprint(
    "workshops",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/staff/workshops/static",
)

STAFF = "/staff/workshops"
SESSION = f"{STAFF}/sessions/<int:session_id>"


def staff_id() -> int | None:
    user = current_user()
    return user.id if user else None


def session_or_404(session_id: int) -> WorkshopSession:
    return or_404(repository.get_session(session_id))


def public_session_or_404(code: str) -> WorkshopSession:
    """The session a participant's page is for. Once it has closed (`workshops.closing`) every
    participant page says so instead: a 200 page to read, and 409 with the same words for a
    form sent, so nothing is stored."""
    workshop = or_404(repository.session_by_code(code) if len(code) <= 16 else None)
    if closing.is_closed(workshop, utcnow()):
        page = render_template("workshops/public/closed.html", workshop=workshop)
        abort(make_response(page, 200 if request.method in ("GET", "HEAD") else 409))
    return workshop


def public_url(endpoint: str, **values: Any) -> str:
    """A participant page's full address, on PUBLIC_BASE_URL when set (for QR codes and slides)."""
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    path = url_for(endpoint, _external=not base, **values)
    return f"{base.rstrip('/')}{path}" if base else path


def add_problems(form: FlaskForm, field: str, error: WorkshopError) -> None:
    form[field].errors = [*form[field].errors, *(str(p) for p in error.problems)]


@workshops.context_processor
def labels() -> dict[str, Any]:
    return {
        "accessibility_features": model.ACCESSIBILITY_FEATURES,
        "action_status": lambda value: model.label_for(model.ACTION_STATUSES, value),
        "expense_status": lambda value: model.label_for(model.EXPENSE_STATUSES, value),
        "attendance_role": lambda value: model.label_for(model.ATTENDANCE_ROLES, value),
        "session_closed": lambda workshop: closing.is_closed(workshop, utcnow()),
        "session_closes_at": closing.closes_automatically_at,
    }
