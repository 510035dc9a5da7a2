"""Supported locales, negotiation and text direction."""

from __future__ import annotations

from babel import Locale
from flask import Flask, request, session
from flask_babel import Babel, format_date, get_locale, gettext

from toolkit import text

# Issue 4 adds more; every code here must have a catalog in translations/.
SUPPORTED_LOCALES: tuple[str, ...] = ("en",)
DEFAULT_LOCALE = "en"


def choose_locale() -> str:
    asked = request.args.get("lang")
    if asked in SUPPORTED_LOCALES:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in SUPPORTED_LOCALES:
        return str(remembered)
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or DEFAULT_LOCALE


def text_direction() -> str:
    locale = get_locale() or Locale.parse(DEFAULT_LOCALE)
    return str(locale.text_direction)


def current_language() -> str:
    locale = get_locale()
    return str(locale) if locale else DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=choose_locale, default_translation_directories="../translations")
    text.install_translator(gettext)
    app.jinja_env.globals.update(text_direction=text_direction, current_language=current_language)
    app.jinja_env.filters["format_date_long"] = lambda value: format_date(value, "long") if value else ""
