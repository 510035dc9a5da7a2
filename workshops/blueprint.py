"""The `workshops` blueprint and what its view modules share. Staff pages live under
/staff/workshops; participants' pages (reached by QR code, no sign-in) under /w/<code>."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_wtf import FlaskForm

from toolkit.auth import current_user
from toolkit.schema import WorkshopSession
from toolkit.views import or_404
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


def staff_id() -> int | None:
    user = current_user()
    return user.id if user else None


def session_or_404(session_id: int) -> WorkshopSession:
    return or_404(repository.get_session(session_id))


def public_session_or_404(code: str) -> WorkshopSession:
    return or_404(repository.session_by_code(code) if len(code) <= 16 else None)


def add_problems(form: FlaskForm, field: str, error: WorkshopError) -> None:
    form[field].errors = [*form[field].errors, *(str(p) for p in error.problems)]


@workshops.context_processor
def labels() -> dict[str, Any]:
    return {
        "accessibility_features": model.ACCESSIBILITY_FEATURES,
        "action_status": lambda value: model.label_for(model.ACTION_STATUSES, value),
        "expense_status": lambda value: model.label_for(model.EXPENSE_STATUSES, value),
        "attendance_role": lambda value: model.label_for(model.ATTENDANCE_ROLES, value),
    }
