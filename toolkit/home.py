"""Public pages every area shares: the home page, privacy and accessibility.

The core imports no feature package at module level: the home page asks surveys for its live
surveys when it is drawn, so `toolkit` loads (and is tested) without the areas."""

from __future__ import annotations

from flask import Blueprint, render_template

home = Blueprint("home", __name__)


@home.get("/")
def index() -> str:
    from surveys import repository as surveys

    return render_template("toolkit/home.html", live_surveys=surveys.live_surveys())


@home.get("/privacy")
def privacy() -> str:
    return render_template("toolkit/privacy.html")


@home.get("/accessibility")
def accessibility() -> str:
    return render_template("toolkit/accessibility.html")
