"""Supported locales, negotiation and text direction."""

from __future__ import annotations

from babel import Locale
from flask import Flask, request, session
from flask_babel import Babel, format_date, get_locale, gettext

from toolkit import text

# Language codes respondents pick (?lang=<code>), each with the Babel locale used
# for its catalog and for formatting dates and numbers. Every code must have a
# catalog in translations/ (English is the source language and needs none).
SUPPORTED_LOCALES: dict[str, str] = {"en": "en_GB"}
DEFAULT_LANGUAGE = "en"


def choose_language() -> str:
    asked = request.args.get("lang")
    if asked in SUPPORTED_LOCALES:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in SUPPORTED_LOCALES:
        return str(remembered)
    return request.accept_languages.best_match(list(SUPPORTED_LOCALES)) or DEFAULT_LANGUAGE


def choose_locale() -> str:
    return SUPPORTED_LOCALES[choose_language()]


def _locale() -> Locale:
    return get_locale() or Locale.parse(SUPPORTED_LOCALES[DEFAULT_LANGUAGE])


def text_direction() -> str:
    return str(_locale().text_direction)


def current_language() -> str:
    """The short language code recorded with a response, e.g. "en"."""
    return str(_locale().language)


def html_lang() -> str:
    """BCP 47 tag for <html lang>, e.g. "en-GB"."""
    return str(_locale()).replace("_", "-")


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=choose_locale, default_translation_directories="../translations")
    text.install_translator(gettext)
    app.jinja_env.globals.update(text_direction=text_direction, current_language=current_language, html_lang=html_lang)
    app.jinja_env.filters["format_date_long"] = lambda value: format_date(value, "long") if value else ""
