"""The `engagements` blueprint with every view module's routes registered on it."""

from engagements import survey_themes, views, views_activities, views_agreement, views_checklists, views_coding
from engagements.blueprint import engagements

__all__ = [
    "engagements",
    "survey_themes",
    "views",
    "views_activities",
    "views_agreement",
    "views_checklists",
    "views_coding",
]
