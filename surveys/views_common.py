"""What the staff view modules for surveys share."""

from __future__ import annotations

from surveys import repository
from toolkit.schema import Survey
from toolkit.views import or_404


def survey_or_404(survey_id: int) -> Survey:
    return or_404(repository.get(survey_id))
