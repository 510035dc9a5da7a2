"""Staff: results, charts and exports."""

from __future__ import annotations

from flask import Blueprint

results = Blueprint("results", __name__, url_prefix="/staff/surveys", template_folder="templates")
