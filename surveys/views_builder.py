"""Staff: building, publishing and distributing surveys."""

from __future__ import annotations

from flask import Blueprint, render_template

from surveys import repository
from toolkit.auth import role_required

builder = Blueprint("builder", __name__, url_prefix="/staff/surveys", template_folder="templates")


@builder.get("/")
@role_required("viewer")
def index() -> str:
    return render_template("surveys/builder/index.html", surveys=repository.all_surveys())
