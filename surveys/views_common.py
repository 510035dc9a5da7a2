"""What the staff view modules for surveys share."""

from __future__ import annotations

from flask import abort

from surveys import repository
from toolkit.schema import Survey


def survey_or_404(survey_id: int) -> Survey:
    survey = repository.get(survey_id)
    if survey is None:
        abort(404)
    return survey
