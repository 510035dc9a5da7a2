"""The `reports` blueprint with every view module's routes registered on it."""

from reports import views_feedback, views_public, views_report
from reports.blueprint import reports

__all__ = ["reports", "views_feedback", "views_public", "views_report"]
