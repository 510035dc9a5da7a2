"""The `reports` blueprint and what its view modules share. Staff pages hang off an engagement
(/staff/engagements/<id>/report, /staff/engagements/<id>/you-said-we-did); the public reads
"You said, we did" at /you-said-we-did."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from flask import Blueprint, abort
from flask_wtf import FlaskForm

from engagements import repository as engagements_repository
from engagements.coding import SOURCE_LABELS
from reports import easy_read, model
from toolkit.datauri import svg_data_uri
from toolkit.schema import Engagement

reports = Blueprint("reports", __name__, template_folder="templates")

ONE = "/staff/engagements/<int:engagement_id>"


def engagement_or_404(engagement_id: int) -> Engagement:
    found = engagements_repository.get_engagement(engagement_id)
    if found is None:
        abort(404)
    return found


def add_problems(form: FlaskForm, field: str, error: Exception) -> None:
    problems = getattr(error, "problems", [error])
    form[field].errors = [*form[field].errors, *(str(p) for p in problems)]


@lru_cache(maxsize=16)
def easy_read_picture(name: str) -> str:
    """A picture of the shipped easy-read set as a data: URI (inline on the page and in the PDF)."""
    path = easy_read.picture_file(name)
    return svg_data_uri(path.read_bytes()) if path is not None and path.is_file() else ""


@reports.context_processor
def labels() -> dict[str, Any]:
    return {
        "easy_read_picture": easy_read_picture,
        "commitment_status": model.status_label,
        "in_words": model.in_words,
        "chart_image": model.chart_image,
        "blocks": model.blocks,
        "as_date": lambda text: date.fromisoformat(text) if text else None,
        "source_label": lambda source: str(SOURCE_LABELS.get(source, source)),
    }
