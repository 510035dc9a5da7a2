"""Turn a WTForms field and its errors into NHS.UK macro parameters, so every
question and every staff form field renders through the same path; and the fields and
checks that more than one area's forms use."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    Field,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.form import BaseForm
from wtforms.validators import ValidationError

from toolkit.dateinput import DateInputField, date_input_params
from toolkit.equality import postcode_district_problem
from toolkit.text import lazy as _l

CHARACTER_COUNT_FROM = 1  # every textarea with a limit shows the NHS.UK character count


def macro_name(field: Field) -> str:
    """Which NHS.UK macro renders this field."""
    if isinstance(field, DateInputField):
        return "dateInput"
    if isinstance(field, RadioField):
        return "radios"
    if isinstance(field, SelectMultipleField):
        return "checkboxes"
    if isinstance(field, SelectField):
        return "select"
    if isinstance(field, BooleanField):
        return "checkboxes"
    if isinstance(field, TextAreaField):
        return "characterCount" if _max_length(field) else "textarea"
    return "input"


def _max_length(field: Field) -> int | None:
    for validator in field.validators:
        limit = getattr(validator, "max", None)
        if isinstance(limit, int) and limit > 0 and validator.__class__.__name__ == "Length":
            return limit
    return None


def first_error(field: Field) -> str | None:
    errors = field.errors if isinstance(field.errors, list) else []
    return str(errors[0]) if errors else None


def field_params(
    field: Field,
    *,
    hint: str | None = None,
    page_heading: bool = False,
    classes: str | None = None,
    conditional: dict[str, Markup] | None = None,
    content_lang: str | None = None,
) -> dict[str, Any]:
    """Parameters for the NHS.UK macro that `macro_name(field)` names. `content_lang` marks the
    label, hint and choices as written in that language (a survey's own words shown untranslated
    in a page in another language); error messages stay in the page's language."""
    kind = macro_name(field)
    label_text = in_language(str(field.label.text), content_lang)
    params: dict[str, Any] = {"name": field.name}
    if isinstance(field, DateInputField):
        hint = hint or field.hint
    if hint:
        params["hint"] = {"text": in_language(str(hint), content_lang)}
    error = first_error(field)
    if error:
        params["errorMessage"] = {"text": error, "visuallyHiddenText": str(_l("Error"))}  # the macro's is English
    if isinstance(field, DateInputField):
        params.update(date_input_params(field, _legend(label_text, page_heading)))
    elif kind in ("radios", "checkboxes"):
        params.update(_choice_params(field, label_text, page_heading, conditional or {}, content_lang))
    else:
        params.update(_input_params(field, kind, label_text, page_heading))
    if classes:
        params["classes"] = classes
    return params


def in_language(text: str, lang: str | None) -> str:
    """The text, marked as written in `lang` (left-to-right) when one is given."""
    return Markup('<span lang="{}" dir="ltr">{}</span>').format(lang, text) if lang else text


def _legend(label_text: str, page_heading: bool) -> dict[str, Any]:
    legend: dict[str, Any] = {"text": label_text}
    if page_heading:
        legend.update({"isPageHeading": True, "classes": "nhsuk-fieldset__legend--l"})
    else:
        legend["classes"] = "nhsuk-fieldset__legend--s"
    return {"legend": legend}


def _choice_params(
    field: Field, label_text: str, page_heading: bool, conditional: dict[str, Markup], content_lang: str | None
) -> dict[str, Any]:
    if isinstance(field, BooleanField):
        items = [{"value": "y", "text": label_text, "checked": bool(field.data)}]
        return {"idPrefix": field.id, "items": items}
    selected = field.data if isinstance(field.data, list) else [field.data]
    selected_text = {str(v) for v in selected if v is not None}
    items = []
    for value, label in field.choices or []:
        text = in_language(str(label), content_lang)
        item: dict[str, Any] = {"value": value, "text": text, "checked": str(value) in selected_text}
        if value in conditional:
            item["conditional"] = {"html": conditional[value]}
        if value in getattr(field, "exclusive", ()):  # "None of these": unticks the others, with JavaScript
            item["behaviour"] = "exclusive"
            items.append({"divider": str(_l("or"))})
        items.append(item)
    return {"idPrefix": field.id, "fieldset": _legend(label_text, page_heading), "items": items}


def _input_params(field: Field, kind: str, label_text: str, page_heading: bool) -> dict[str, Any]:
    label: dict[str, Any] = {"text": label_text}
    if page_heading:
        label.update({"isPageHeading": True, "classes": "nhsuk-label--l"})
    params: dict[str, Any] = {"id": field.id, "label": label}
    if kind == "select":
        params["items"] = [
            {"value": value, "text": str(text), "selected": str(value) == str(field.data)}
            for value, text in field.choices or []
        ]
        return params
    raw = field._value() if hasattr(field, "_value") else field.data
    if not isinstance(field, PasswordField):
        params["value"] = raw if raw is not None else ""
    if kind == "characterCount":
        params["maxlength"] = _max_length(field)
    if isinstance(field, IntegerField):
        params.update({"inputmode": "numeric", "classes": "nhsuk-input--width-10"})
    if isinstance(field, PasswordField):
        params["type"] = "password"
    if isinstance(field, DateField):
        params["type"] = "date"
        params["classes"] = "nhsuk-input--width-10"
    return params


def error_summary_params(form: BaseForm, title: str) -> dict[str, Any] | None:
    """The NHS.UK error summary for a form, linking each message to its field."""
    items = []
    for field in form:
        error = first_error(field)
        if error:
            items.append({"text": error, "href": f"#{getattr(field, 'error_target_id', field.id)}"})
    if not items:
        return None
    return {"titleText": title, "errorList": items}


class TeamField(SelectField):
    """Which team new work belongs to; the view sets the choices to the person's teams."""

    data: Any

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(_l("Team"), coerce=int, **kwargs)

    def pre_validate(self, form: Any) -> None:
        choices = list(self.choices or [])
        if self.data is None and len(choices) == 1:
            self.data = choices[0][0]  # one team: nothing to choose
        if self.data not in {value for value, _label in choices}:
            raise ValidationError(_l("Select one of your teams"))


class ChoiceRadioField(RadioField):
    """Radios that say plainly when a posted value is not one of the options."""

    def pre_validate(self, form: Any) -> None:
        if self.data is not None and self.data not in {value for value, _ in self.choices or []}:
            raise ValidationError(_l("Select one of the options shown"))


def postcode_district_check(_form: Any, field: Field) -> None:
    """A WTForms validator: blank, or the first half of a postcode."""
    problem = postcode_district_problem(field.data)
    if problem:
        raise ValidationError(problem)
