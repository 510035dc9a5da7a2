"""The `panel` blueprint with every view module's routes registered on it."""

from panel import views_member, views_profile, views_public, views_staff
from panel.blueprint import panel_bp

__all__ = ["panel_bp", "views_member", "views_profile", "views_public", "views_staff"]
