"""The `reports` blueprint and what its view modules share. Staff pages hang off an engagement
(/staff/engagements/<id>/report, /staff/engagements/<id>/you-said-we-did); the public reads
"You said, we did" at /you-said-we-did."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from engagements import repository as engagements_repository
from engagements.coding import SOURCE_LABELS
from reports import model
from toolkit.forms import error_summary_params
from toolkit.schema import Engagement

reports = Blueprint("reports", __name__, template_folder="templates")

ONE = "/staff/engagements/<int:engagement_id>"
Page = str | Response | tuple[str, int]


def engagement_or_404(engagement_id: int) -> Engagement:
    found = engagements_repository.get_engagement(engagement_id)
    if found is None:
        abort(404)
    return found


def add_problems(form: FlaskForm, field: str, error: Exception) -> None:
    problems = getattr(error, "problems", [error])
    form[field].errors = [*form[field].errors, *(str(p) for p in problems)]


def form_page(template: str, form: FlaskForm, **context: Any) -> Page:
    summary = error_summary_params(form, _("There is a problem"))
    html = render_template(template, form=form, error_summary=summary, **context)
    return (html, 400) if summary and request.method == "POST" else html


@reports.context_processor
def labels() -> dict[str, Any]:
    return {
        "commitment_status": model.status_label,
        "in_words": model.in_words,
        "chart_image": model.chart_image,
        "blocks": model.blocks,
        "as_date": lambda text: date.fromisoformat(text) if text else None,
        "source_label": lambda source: str(SOURCE_LABELS.get(source, source)),
    }
