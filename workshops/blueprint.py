"""The `workshops` blueprint and what its view modules share. Staff pages live under
/staff/workshops; participants' pages (reached by QR code, no sign-in) under /w/<code>."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from toolkit.auth import current_user
from toolkit.forms import error_summary_params
from toolkit.schema import WorkshopSession
from workshops import model, repository
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
Page = str | Response | tuple[str, int] | tuple[Response, int]


def staff_id() -> int | None:
    user = current_user()
    return user.id if user else None


def session_or_404(session_id: int) -> WorkshopSession:
    workshop = repository.get_session(session_id)
    if workshop is None:
        abort(404)
    return workshop


def public_session_or_404(code: str) -> WorkshopSession:
    workshop = repository.session_by_code(code) if len(code) <= 16 else None
    if workshop is None:
        abort(404)
    return workshop


def add_problems(form: FlaskForm, field: str, error: WorkshopError) -> None:
    form[field].errors = [*form[field].errors, *(str(p) for p in error.problems)]


def form_page(template: str, form: FlaskForm, **context: Any) -> Page:
    """Render a form page; 400 when a posted form has errors."""
    summary = error_summary_params(form, _("There is a problem"))
    html = render_template(template, form=form, error_summary=summary, **context)
    return (html, 400) if summary and request.method == "POST" else html


@workshops.context_processor
def labels() -> dict[str, Any]:
    return {
        "accessibility_features": model.ACCESSIBILITY_FEATURES,
        "action_status": lambda value: model.label_for(model.ACTION_STATUSES, value),
        "expense_status": lambda value: model.label_for(model.EXPENSE_STATUSES, value),
        "attendance_role": lambda value: model.label_for(model.ATTENDANCE_ROLES, value),
    }
