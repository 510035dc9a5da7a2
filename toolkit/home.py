"""Public pages every area shares: the home page, privacy and accessibility.

The core imports no feature package at module level: the home page asks surveys for its live
surveys when it is drawn, so `toolkit` loads (and is tested) without the areas."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

home = Blueprint("home", __name__)


@home.get("/")
def index() -> str:
    from panel import repository as panel
    from surveys import repository as surveys

    return render_template("toolkit/home.html", live_surveys=surveys.live_surveys(), panels=panel.open_panels())


@home.get("/privacy")
def privacy() -> str:
    return render_template(
        "toolkit/privacy.html",
        draft_hours=current_app.config["DRAFT_RETENTION_HOURS"],
        response_days=current_app.config["RESPONSE_RETENTION_DAYS"],
        workshop_days=current_app.config["WORKSHOP_RETENTION_DAYS"],
    )


@home.get("/accessibility")
def accessibility() -> str:
    return render_template("toolkit/accessibility.html")
