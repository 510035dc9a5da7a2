"""Staff: translating a survey's own content, in the browser or by spreadsheet.

Leads see how complete each language is, edit a language's strings on one long
form, download a spreadsheet (CSV or XLSX) for a translator and upload it back.
Saving changes the editable definition; respondents see it once it is published
(`surveys.respond.flow.for_respondent` shows it in their language).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from babel import Locale
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length, Optional

from surveys import repository
from surveys.equality import translation as equality_translation
from surveys.model import SurveyDefinition
from surveys.translations import model as translation
from surveys.translations.model import TranslationFileError
from surveys.views_common import survey_or_404 as _survey
from toolkit.auth import current_user_id as _user_id
from toolkit.auth import role_required
from toolkit.i18n import BY_CODE, DEFAULT_LANGUAGE, LANGUAGES, Language
from toolkit.schema import Survey
from toolkit.text import lazy as _l
from toolkit.views import Page, bad_request_if, form_page

translations = Blueprint("translations", __name__, url_prefix="/staff/surveys", template_folder="../templates")

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- forms -------------------------------------------------------------------------------------


class StringsForm(FlaskForm):
    """One text area per string; built per survey by `strings_form`."""


class BlockOutdatedForm(FlaskForm):
    block = BooleanField(_l("Refuse to publish while any translation is out of date"))


class UploadForm(FlaskForm):
    file = FileField(_l("Upload a completed spreadsheet"))


def _field_name(number: int) -> str:
    return f"string_{number}"


def _confirm_name(number: int) -> str:
    return f"still_right_{number}"


def strings_form(definition: SurveyDefinition, language: str) -> FlaskForm:
    """A box per string labelled with its English and where it appears, out-of-date strings first,
    each of those with the English it was translated from and a "still right" tick box.
    `form.entries` lists (box, tick box or None, the old English or None, key) in that order."""
    fields: dict[str, Any] = {}
    data = {}
    existing = definition.translations.get(language, {})
    sources = definition.translation_sources.get(language, {})
    english = translation.translatable_strings(definition)
    places = translation.where(definition)
    stale = set(translation.out_of_date(definition, language))
    limit = Length(max=translation.MAX_TEXT, message=_l("Each translation must be 10000 characters or fewer"))
    for number, key in enumerate(translation.editor_keys(definition, language)):
        name = _field_name(number)
        fields[name] = TextAreaField(english[key], validators=[Optional(), limit], description=places.get(key, key))
        data[name] = existing.get(key, "")
        if key in stale:
            fields[_confirm_name(number)] = BooleanField(_l("The translation is still right for the new English"))
    form = type("TranslationStringsForm", (StringsForm,), fields)(data=data)
    form.entries = [
        (
            form[_field_name(number)],
            form[_confirm_name(number)] if key in stale else None,
            sources.get(key) if key in stale else None,
            key,
        )
        for number, key in enumerate(translation.editor_keys(definition, language))
    ]
    return form


def strings_from_form(form: FlaskForm, definition: SurveyDefinition, language: str) -> tuple[dict[str, str], set[str]]:
    """The translations posted, and the out-of-date keys ticked as still right."""
    keys = translation.editor_keys(definition, language)
    strings = {key: str(form[_field_name(number)].data or "") for number, key in enumerate(keys)}
    ticks = {number: form._fields.get(_confirm_name(number)) for number in range(len(keys))}
    confirmed = {keys[number] for number, tick in ticks.items() if tick is not None and tick.data}
    return strings, confirmed


# --- helpers ------------------------------------------------------------------------------------


def _language(code: str) -> Language:
    language = BY_CODE.get(code)
    if language is None or code == DEFAULT_LANGUAGE:
        abort(404)
    return language


def language_label(language: Language) -> str:
    """E.g. "Urdu (اردو)": the name in the staff member's language, then in its own."""
    here = get_locale() or Locale.parse("en_GB")
    local = str(Locale.parse(language.locale).get_language_name(here))
    local = local[:1].upper() + local[1:]
    return local if local == language.name else f"{local} ({language.name})"


def _save(
    survey: Survey, language: Language, strings: Mapping[str, str], message: str, confirmed: Iterable[str] = ()
) -> Response:
    definition = translation.with_language(repository.definition_of(survey), language.code, strings, confirmed)
    definition = equality_translation.with_standard_translations(definition, [language.code])
    repository.save_definition(survey, definition, _user_id(), f"translate_{language.code}")
    found = translation.completeness(definition, language.code)
    flash(message % {"language": language_label(language), "done": found.done, "total": found.total})
    return redirect(url_for("translations.index", survey_id=survey.id))


def _context(survey: Survey, language: Language) -> dict[str, Any]:
    return {
        "survey": survey,
        "language": language,
        "label": language_label(language),
        "back_url": url_for("translations.index", survey_id=survey.id),
    }


def _problems_summary(problems: list[str], field_id: str) -> dict[str, Any]:
    return {"titleText": _("There is a problem"), "errorList": [{"text": p, "href": f"#{field_id}"} for p in problems]}


# --- views ----------------------------------------------------------------------------------------


@translations.get("/<int:survey_id>/translations")
@role_required("lead")
def index(survey_id: int) -> str:
    survey = _survey(survey_id)
    definition = repository.definition_of(survey)
    rows = [
        (
            language,
            language_label(language),
            translation.completeness(equality_translation.for_translating(definition, language.code), language.code),
            language.code in definition.translations,
        )
        for language in LANGUAGES
        if language.code != DEFAULT_LANGUAGE
    ]
    return render_template(
        "surveys/translations/index.html",
        survey=survey,
        rows=rows,
        problems=translation.publish_problems(definition),
        outdated=translation.outdated_messages(definition),
        block_form=BlockOutdatedForm(block=definition.block_outdated_translations),
        stock_equality=bool(definition.equality_question_ids()),
        stock_awaiting_review=equality_translation.awaiting_review(),
        unpublished=repository.has_unpublished_changes(survey),
        back_url=url_for("builder.overview", survey_id=survey.id),
    )


@translations.route("/<int:survey_id>/translations/<code>", methods=["GET", "POST"])
@role_required("lead")
def edit(survey_id: int, code: str) -> Page:
    survey, language = _survey(survey_id), _language(code)
    definition = repository.definition_of(survey)
    form = strings_form(equality_translation.for_translating(definition, language.code), language.code)
    if form.validate_on_submit():
        saved = _("Saved. The %(language)s translation has %(done)s of %(total)s strings.")
        strings, confirmed = strings_from_form(form, definition, language.code)
        return _save(survey, language, strings, saved, confirmed)
    return form_page("surveys/translations/edit.html", form, **_context(survey, language))


@translations.get("/<int:survey_id>/translations/<code>.<any(csv, xlsx):file_format>")
@role_required("lead")
def download(survey_id: int, code: str, file_format: str) -> Response:
    survey, language = _survey(survey_id), _language(code)
    definition = equality_translation.for_translating(repository.definition_of(survey), language.code)
    name = f"{survey.slug}-{language.code}.{file_format}"
    if file_format == "csv":
        data = translation.to_csv(definition, language.code).encode("utf-8")
        return send_file(io.BytesIO(data), mimetype="text/csv", as_attachment=True, download_name=name)
    buffer = io.BytesIO()
    translation.to_xlsx(definition, language.code, buffer)
    buffer.seek(0)
    return send_file(buffer, mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name)


@translations.route("/<int:survey_id>/translations/<code>/upload", methods=["GET", "POST"])
@role_required("lead")
def upload(survey_id: int, code: str) -> Page:
    survey, language = _survey(survey_id), _language(code)
    form = UploadForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            strings = _read_upload(form.file.data, repository.definition_of(survey))
        except TranslationFileError as error:
            problems = error.problems
        else:
            merged = {**repository.definition_of(survey).translations.get(language.code, {}), **strings}
            saved = _("Uploaded. The %(language)s translation has %(done)s of %(total)s strings.")
            return _save(survey, language, merged, saved, strings.confirmed)
    elif request.method == "POST":
        problems = [_("Choose a file to upload")]
    summary = _problems_summary(problems, form.file.id) if problems else None
    html = render_template(
        "surveys/translations/upload.html",
        form=form,
        problems=problems,
        error_summary=summary,
        **_context(survey, language),
    )
    return bad_request_if(html, bool(problems))


def _read_upload(file: Any, definition: SurveyDefinition) -> translation.UploadedStrings:
    data = file.read() if file else b""
    if not data:
        raise TranslationFileError([_("Choose a file to upload")])
    if data.startswith(b"PK\x03\x04"):
        return translation.from_xlsx(data, definition)
    return translation.from_csv(data, definition)


@translations.post("/<int:survey_id>/translations/<code>/delete")
@role_required("lead")
def delete(survey_id: int, code: str) -> Response:
    survey, language = _survey(survey_id), _language(code)  # CSRFProtect has checked the token
    definition = translation.with_language(repository.definition_of(survey), language.code, {})
    repository.save_definition(survey, definition, _user_id(), f"translate_{language.code}_delete")
    flash(_("The %(language)s translation was deleted.", language=language_label(language)))
    return redirect(url_for("translations.index", survey_id=survey.id))


@translations.post("/<int:survey_id>/translations/out-of-date")
@role_required("lead")
def block_outdated(survey_id: int) -> Response:
    """The lead's choice: refuse publishing while a translation is out of date, or only warn."""
    survey = _survey(survey_id)
    form = BlockOutdatedForm()
    if not form.validate_on_submit():
        abort(400)
    definition = replace(repository.definition_of(survey), block_outdated_translations=bool(form.block.data))
    repository.save_definition(survey, definition, _user_id(), "translations_block_outdated")
    if form.block.data:
        flash(_("Saved. Publishing is refused while any translation is out of date."))
    else:
        flash(_("Saved. Out-of-date translations are warned about but do not stop publishing."))
    return redirect(url_for("translations.index", survey_id=survey.id))
