"""The `reports` blueprint with every view module's routes registered on it."""

from reports import views_easy_read, views_feedback, views_insight, views_public, views_report, views_translations
from reports.blueprint import reports

__all__ = [
    "reports",
    "views_easy_read",
    "views_feedback",
    "views_insight",
    "views_public",
    "views_report",
    "views_translations",
]
