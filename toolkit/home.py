"""Public pages every area shares: the home page, privacy and accessibility."""

from __future__ import annotations

from flask import Blueprint, render_template

from surveys import repository as surveys

home = Blueprint("home", __name__)


@home.get("/")
def index() -> str:
    return render_template("toolkit/home.html", live_surveys=surveys.live_surveys())


@home.get("/privacy")
def privacy() -> str:
    return render_template("toolkit/privacy.html")


@home.get("/accessibility")
def accessibility() -> str:
    return render_template("toolkit/accessibility.html")
