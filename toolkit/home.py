"""Public pages every area shares: the home page, privacy and accessibility."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from surveys import repository as surveys

home = Blueprint("home", __name__)


@home.get("/")
def index() -> str:
    return render_template("toolkit/home.html", live_surveys=surveys.live_surveys())


@home.get("/privacy")
def privacy() -> str:
    return render_template(
        "toolkit/privacy.html",
        draft_hours=current_app.config["DRAFT_RETENTION_HOURS"],
        response_days=current_app.config["RESPONSE_RETENTION_DAYS"],
    )


@home.get("/accessibility")
def accessibility() -> str:
    return render_template("toolkit/accessibility.html")
