"""Supported languages, negotiation, text direction and the language switcher."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlencode

from babel import Locale
from flask import Flask, current_app, g, has_request_context, render_template, request, session
from flask_babel import Babel, format_date, format_datetime, get_locale, gettext, ngettext
from markupsafe import Markup

from toolkit import text


@cache
def _babel_locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


@dataclass(frozen=True)
class Language:
    """A language respondents can pick.

    `code` is what ?lang=<code> takes and what a response records; `locale` is the
    Babel locale used for the catalog directory in translations/, for dates and
    numbers, and for the text direction. `reviewed` stays False until a native
    speaker has checked the whole catalog: until then every page in that language
    says the translation was drafted by machine and asks for help to improve it.
    """

    code: str
    locale: str
    reviewed: bool

    @property
    def name(self) -> str:
        """The language's name in its own script, e.g. "اردو" or "Polski"."""
        own = _babel_locale(self.locale)
        name = str(own.get_language_name(own))
        return name[:1].upper() + name[1:]

    @property
    def direction(self) -> str:
        return str(_babel_locale(self.locale).text_direction)

    @property
    def tag(self) -> str:
        """BCP 47 tag for lang/hreflang attributes, e.g. "pa-Guru"."""
        return self.locale.replace("_", "-")


# English is the source language; the others were machine-drafted (see the header
# of each translations/<locale>/LC_MESSAGES/messages.po) and await review.
LANGUAGES: tuple[Language, ...] = (
    Language("en", "en_GB", reviewed=True),
    Language("cy", "cy", reviewed=False),
    Language("ar", "ar", reviewed=False),
    Language("bn", "bn", reviewed=False),
    Language("gu", "gu", reviewed=False),
    Language("pa", "pa_Guru", reviewed=False),  # Punjabi in Gurmukhi script
    Language("pl", "pl", reviewed=False),
    Language("ro", "ro", reviewed=False),
    Language("so", "so", reviewed=False),
    Language("ur", "ur", reviewed=False),
)
BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}
# Short code -> Babel locale. Every code except English has a catalog in translations/.
SUPPORTED_LOCALES: dict[str, str] = {language.code: language.locale for language in LANGUAGES}
DEFAULT_LANGUAGE = "en"


def choose_language() -> str:
    if not has_request_context():  # command-line tasks and background work use the default
        return DEFAULT_LANGUAGE
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
    """The short language code recorded with a response, e.g. "en" or "ur"."""
    return str(_locale().language)


def html_lang() -> str:
    """BCP 47 tag for <html lang>, e.g. "en-GB", "ur" or "pa-Guru"."""
    return str(_locale()).replace("_", "-")


def language_links() -> list[dict[str, Any]]:
    """One entry per language for the switcher: this page's address with ?lang=<code>,
    keeping the page's other query parameters. A page showing a survey's own words offers
    only the languages that survey has (English, its translations, and the one in use), as
    `g.content_languages` says; a page of interface words only offers every language."""
    current = current_language()
    offered = g.get("content_languages")
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    return [
        {
            "code": language.code,
            "name": language.name,
            "tag": language.tag,
            "direction": language.direction,
            "href": f"{request.path}?{urlencode([*args, ('lang', language.code)])}",
            "current": language.code == current,
        }
        for language in LANGUAGES
        if offered is None or language.code in offered or language.code == current
    ]


@cache
def _plural_samples(locale: str) -> dict[str, int]:
    """A whole number in each CLDR plural category of the locale, e.g. {"one": 1, "other": 0}."""
    rule = _babel_locale(locale).plural_form
    samples: dict[str, int] = {}
    for number in range(1001):
        samples.setdefault(rule(number), number)
    samples.setdefault("other", 100)
    return samples


def character_count_text(maxlength: int) -> dict[str, Any]:
    """The NHS.UK character count's messages in the page's language: its own are English. Its
    JavaScript picks a message by the plural category of the count (Intl.PluralRules), so each
    category gets the catalog's plural form for a number in that category; %{count} is its placeholder."""
    samples = _plural_samples(str(_locale()))

    def remaining(number: int, count: Any = "%{count}") -> str:
        return str(
            ngettext(
                "You have %(count)s character remaining", "You have %(count)s characters remaining", number, count=count
            )
        )

    def too_many(number: int) -> str:
        return str(
            ngettext(
                "You have %(count)s character too many",
                "You have %(count)s characters too many",
                number,
                count="%{count}",
            )
        )

    return {
        "textareaDescriptionText": gettext("You can enter up to %(count)s characters", count=maxlength),
        "charactersUnderLimitText": {category: remaining(n) for category, n in samples.items()},
        "charactersAtLimitText": remaining(0, count=0),
        "charactersOverLimitText": {category: too_many(n) for category, n in samples.items()},
    }


def machine_drafted() -> bool:
    """True when the interface is shown in a language whose catalog nobody has reviewed yet."""
    language = BY_CODE.get(current_language())
    return language is not None and not language.reviewed


def content_in_english() -> bool:
    """True when the respondent chose a language the survey's own content is not translated into.
    Set by surveys.respond.browser.for_respondent for the page being drawn."""
    return bool(g.get("content_in_english"))


def content_lang() -> str | None:
    """The lang of a survey's own words when they are shown in English in a page in another
    language (WCAG 3.1.2, language of parts); None when they are in the page's language."""
    return BY_CODE[DEFAULT_LANGUAGE].tag if content_in_english() else None


def content_lang_attributes() -> Markup:
    """` lang="en-GB" dir="ltr"` for an element holding a survey's own words shown in English, else nothing."""
    tag = content_lang()
    return Markup(' lang="{}" dir="ltr"').format(tag) if tag else Markup("")


def translation_notice() -> str:
    """A page that says what "drafted by machine" means and how to help improve it."""
    return render_template(
        "toolkit/translation_notice.html",
        language=BY_CODE.get(current_language()),
        feedback_email=current_app.config.get("TRANSLATION_FEEDBACK_EMAIL", ""),
    )


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=choose_locale, default_translation_directories="../translations")
    text.install_translator(gettext)
    app.jinja_env.globals.update(
        text_direction=text_direction,
        current_language=current_language,
        html_lang=html_lang,
        language_links=language_links,
        machine_drafted=machine_drafted,
        content_in_english=content_in_english,
        content_lang=content_lang,
        content_lang_attributes=content_lang_attributes,
        character_count_text=character_count_text,
    )
    app.jinja_env.filters["format_date_long"] = lambda value: format_date(value, "long") if value else ""
    app.jinja_env.filters["format_moment"] = lambda value: format_datetime(value, "medium") if value else ""
    app.add_url_rule("/about-this-translation", endpoint="translation_notice", view_func=translation_notice)
