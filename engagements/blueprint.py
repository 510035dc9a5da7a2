"""The `engagements` blueprint and what its view modules share. Staff pages under /staff/engagements."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app
from flask_wtf import FlaskForm

from engagements import checklists, model, repository
from toolkit.auth import current_user_id
from toolkit.schema import Engagement
from toolkit.views import or_404

engagements = Blueprint(
    "engagements",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/staff/engagements/static",
)

STAFF = "/staff/engagements"
ONE = f"{STAFF}/<int:engagement_id>"


def staff_id() -> int | None:
    return current_user_id()


def engagement_or_404(engagement_id: int) -> Engagement:
    return or_404(repository.get_engagement(engagement_id))


def add_problems(form: FlaskForm, field: str, error: Exception) -> None:
    problems = getattr(error, "problems", [error])
    form[field].errors = [*form[field].errors, *(str(p) for p in problems)]


@engagements.context_processor
def labels() -> dict[str, Any]:
    return {
        "activity_kind": lambda value: model.label_for(model.ACTIVITY_KINDS, value),
        "engagement_level": lambda value: model.label_for(model.LEVELS, value),
        "system_level": lambda value: model.label_for(model.SYSTEM_LEVELS, value),
        "engagement_kind": lambda value: model.label_for(model.KINDS, value),
        "engagement_status": lambda value: model.label_for(model.STATUSES, value),
        "duty_answer": lambda value: model.label_for(model.DUTY_ANSWERS, value),
        "stage_label": checklists.stage_label,
        "engagement_endpoints": current_app.view_functions,
    }
