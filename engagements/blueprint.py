"""The `engagements` blueprint and what its view modules share. Staff pages under /staff/engagements."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app
from flask_wtf import FlaskForm

from engagements import checklists, coding, coding_repository, model, repository
from engagements.coding import CommentKey
from toolkit import teams
from toolkit.auth import current_user, current_user_id
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


def visible_teams() -> set[int] | None:
    """The teams whose engagements the signed-in person may see (None: every team, for an admin)."""
    user = current_user()
    assert user is not None  # role_required saw to that
    return teams.visible_team_ids(user)


def own_team() -> int | None:
    """The team a new engagement goes into: the person's first team (the default team if none)."""
    user = current_user()
    mine = sorted(teams.team_ids_of(user)) if user else []
    return mine[0] if mine else None


def engagement_or_404(engagement_id: int) -> Engagement:
    return or_404(repository.get_engagement(engagement_id))


def posted_codes(form: Any, engagement_id: int) -> tuple[CommentKey, list[int]]:
    """The comment and the codebook's codes a coding form (coding, or a decision) posted, or 400."""
    form.codes.choices = [(c.id, c.name) for c in coding_repository.codebook(engagement_id)]
    key = coding.parse_key(form.key.data or "")
    if not form.validate_on_submit() or key is None:
        abort(400)
    return key, list(form.codes.data or [])


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
