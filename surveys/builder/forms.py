"""Staff forms for the survey builder, and the step from a filled-in form to a
definition change. Labels and messages are lazy gettext strings."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from surveys import question_types, readability
from surveys.builder.editing import (
    ALWAYS,
    SLUG_PATTERN,
    RoutingChoiceError,
    also_values,
    choice_value,
    condition_from_choice,
    merge_options,
    option_lines,
    with_easy_read_options,
)
from surveys.model import HARD_MAX_LENGTH, OPTION_MAX_LENGTH, Option, Question, Section, SurveyDefinition
from surveys.question_types.number import WholeNumberField
from surveys.retention import MAX_RETENTION_DAYS
from toolkit.dateinput import DateInputField, example
from toolkit.forms import ChoiceRadioField, TeamField
from toolkit.schema import Survey
from toolkit.schema.surveys import CONTACT_FIELDS
from toolkit.text import lazy as _l

# The builder's name and hint for each type, in the registry's order.
QUESTION_TYPE_LABELS: dict[str, Any] = {name: kind.label for name, kind in question_types.REGISTRY.items()}
QUESTION_TYPE_HINTS: dict[str, Any] = {name: kind.hint for name, kind in question_types.REGISTRY.items() if kind.hint}
KIND_CHOICES = [("survey", _l("Survey")), ("consultation", _l("Formal consultation"))]
# The fields each type of question has, beyond text, help, required and routing.
TYPE_FIELDS: dict[str, tuple[str, ...]] = {name: kind.settings for name, kind in question_types.REGISTRY.items()}
OPTIONAL_FIELDS = frozenset(name for names in TYPE_FIELDS.values() for name in names)
# Settings read back into the form as they are stored (the rest are text, or need converting).
AS_STORED_FIELDS = ("scale_min", "scale_max", "scale_min_label", "scale_max_label", "min_value", "max_value")
# The easy-read wording of a saved answer option is in the field named this plus its value.
EASY_READ_OPTION = "easy_read_option-"


EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_PATTERN = r"^\+?[0-9][0-9 ()-]{5,28}$"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _lower(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class RoutingField(SelectField):
    """ "Show only when": always, or one answer to an earlier question."""

    def pre_validate(self, form: Any) -> None:
        if self.data not in {value for value, _ in self.choices or []}:
            raise ValidationError(_l("Select one of the options shown"))


class RoutingAlsoField(SelectMultipleField):
    """ "If any of these": more answers to the question the "show only when" select names."""

    def pre_validate(self, form: Any) -> None:
        allowed = {value for value, _ in self.choices or []}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_l("Select only the options shown"))
        try:
            condition_from_choice(form.show_if.data, list(self.data or []))
        except RoutingChoiceError:
            raise ValidationError(_l("Select answers to the same question as the one chosen above")) from None


class CreateSurveyForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title")), Length(max=200, message=_l("Title is too long"))]
    )
    slug = StringField(
        _l("Web address"),
        filters=[_lower],
        validators=[
            Optional(),
            Regexp(
                SLUG_PATTERN,
                message=_l("Web address must be 2 to 60 lower-case letters, numbers or hyphens, like gp-access"),
            ),
        ],
    )
    kind = ChoiceRadioField(
        _l("What is it?"), choices=KIND_CHOICES, default="survey", validators=[InputRequired(_l("Select what it is"))]
    )
    # Set when the survey is created from an engagement's page: the survey becomes part of it.
    engagement = HiddenField(validators=[Optional(), Regexp(r"^\d{1,9}$")])
    team = TeamField()


def starter_choices(found: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("", _l("A blank survey")), *((key, starter.name) for key, starter in found.items())]


class CreateFromForm(CreateSurveyForm):
    start_from = ChoiceRadioField(_l("Start from"), default="", validators=[Optional()])


class CopySurveyForm(FlaskForm):
    title = CreateSurveyForm.title
    slug = CreateSurveyForm.slug
    with_translations = BooleanField(_l("Copy its translations too"))
    team = TeamField()


def copy_form(survey: Survey, definition: SurveyDefinition) -> CopySurveyForm:
    form = CopySurveyForm()
    if not form.is_submitted():
        form.title.data = str(_l("Copy of %(title)s", title=survey.title))
        form.with_translations.data = bool(definition.translations)
    return form


class AddressForm(FlaskForm):
    slug = StringField(
        _l("Web address"),
        filters=[_lower],
        validators=[
            DataRequired(_l("Enter a web address")),
            Regexp(
                SLUG_PATTERN,
                message=_l("Web address must be 2 to 60 lower-case letters, numbers or hyphens, like gp-access"),
            ),
        ],
    )


def address_form(survey: Survey) -> AddressForm:
    return AddressForm(data={"slug": survey.slug})


class DetailsForm(FlaskForm):
    title = CreateSurveyForm.title
    kind = CreateSurveyForm.kind
    introduction = TextAreaField(
        _l("Introduction"), validators=[Length(max=5000, message=_l("Introduction must be 5000 characters or fewer"))]
    )
    privacy_notice = TextAreaField(
        _l("Privacy notice"),
        validators=[Length(max=5000, message=_l("Privacy notice must be 5000 characters or fewer"))],
    )
    opens_on = DateInputField(_l("Opens on"), validators=[Optional()], what=_l("The open date"))
    closes_on = DateInputField(_l("Closes on"), validators=[Optional()], what=_l("The close date"))
    retention_days = IntegerField(
        _l("Days to keep sent answers (optional)"),
        validators=[
            Optional(),
            NumberRange(
                min=1,
                max=MAX_RETENTION_DAYS,
                message=_l("Enter a number of days from 1 to %(max)s", max=MAX_RETENTION_DAYS),
            ),
        ],
    )
    response_target = IntegerField(
        _l("Response target (optional)"),
        validators=[
            Optional(),
            NumberRange(min=1, max=10_000_000, message=_l("Enter a target between 1 and 10,000,000 responses")),
        ],
    )

    contact_email = StringField(
        _l("Email address (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=200, message=_l("Email address must be 200 characters or fewer")),
            Regexp(EMAIL_PATTERN, message=_l("Enter an email address like engagement@nhs.net")),
        ],
    )
    contact_phone = StringField(
        _l("Phone number (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Regexp(PHONE_PATTERN, message=_l("Enter a phone number, like 0300 123 4567, using numbers and spaces")),
        ],
    )
    contact_text_relay = StringField(
        _l("Text relay number (optional)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=100, message=_l("Text relay number must be 100 characters or fewer")),
        ],
    )
    contact_address = TextAreaField(
        _l("Postal address (optional)"),
        filters=[_strip],
        validators=[Length(max=500, message=_l("Postal address must be 500 characters or fewer"))],
    )

    # The close date already stored: a survey that has closed may keep its past close date.
    stored_closes_on: date | None = None

    def validate_closes_on(self, field: Field) -> None:
        opens_on: date | None = self.opens_on.data
        if field.data and field.data < date.today() and field.data != self.stored_closes_on:
            raise ValidationError(_l("The close date must be today or in the future"))
        if field.data and opens_on and field.data < opens_on:
            raise ValidationError(_l("The close date must be the same as or after the open date"))


def details_form(survey: Survey, definition: SurveyDefinition) -> DetailsForm:
    data = {
        "title": survey.title,
        "kind": survey.kind,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "retention_days": survey.retention_days,
        "response_target": survey.response_target,
        "introduction": definition.introduction,
        "privacy_notice": definition.privacy_notice,
        **{name: getattr(survey, name) or "" for name in CONTACT_FIELDS},
    }
    form = DetailsForm(data=data)
    form.stored_closes_on = survey.closes_on
    return form


def date_examples() -> dict[str, str]:
    """Hints' example dates, as typed into the boxes: the open date a week from today, the
    close date 30 days after that (a survey's shortest sensible run)."""
    today = date.today()
    return {"opens": example(today + timedelta(days=7)), "closes": example(today + timedelta(days=37))}


def details_from_form(form: DetailsForm, definition: SurveyDefinition) -> tuple[SurveyDefinition, dict[str, Any]]:
    """The changed definition (wording) and the changed survey settings (kind and dates)."""
    changed = replace(
        definition,
        title=(form.title.data or "").strip(),
        introduction=(form.introduction.data or "").strip(),
        privacy_notice=(form.privacy_notice.data or "").strip(),
    )
    settings = {"kind": form.kind.data, "opens_on": form.opens_on.data, "closes_on": form.closes_on.data}
    return changed, {
        **settings,
        "retention_days": form.retention_days.data or None,
        "response_target": form.response_target.data,
        **{name: getattr(form, name).data or "" for name in CONTACT_FIELDS},
    }


class SectionForm(FlaskForm):
    title = StringField(
        _l("Section title"),
        validators=[
            DataRequired(_l("Enter a title for the section")),
            Length(max=200, message=_l("Title is too long")),
        ],
    )
    intro = TextAreaField(
        _l("Introduction to the section (optional)"),
        validators=[Length(max=2000, message=_l("Introduction must be 2000 characters or fewer"))],
    )
    show_if = RoutingField(_l("Show this section"), default=ALWAYS)
    show_if_also = RoutingAlsoField(_l("Or when they gave any of these answers to the same question (optional)"))


class QuestionTypeForm(FlaskForm):
    type = ChoiceRadioField(
        _l("What type of question is it?"),
        choices=list(QUESTION_TYPE_LABELS.items()),
        validators=[InputRequired(_l("Select the type of question"))],
    )


def _count(low: int, high: int, message: Any) -> list[Any]:
    return [Optional(), NumberRange(min=low, max=high, message=message)]


class QuestionForm(FlaskForm):
    """Every field any question type has; `question_form` keeps those one type needs."""

    text = TextAreaField(
        _l("Question"),
        validators=[
            DataRequired(_l("Enter the question")),
            Length(max=2000, message=_l("Question must be 2000 characters or fewer")),
        ],
    )
    help = TextAreaField(
        _l("Help text (optional)"),
        validators=[Length(max=1000, message=_l("Help text must be 1000 characters or fewer"))],
    )
    required = BooleanField(_l("People must answer this question"))
    options = TextAreaField(
        _l("Answers to choose from"),
        validators=[Length(max=10_000, message=_l("Answers must be 10000 characters or fewer in total"))],
    )
    allow_other = BooleanField(_l("Add “Other, please specify”"))
    none_option = BooleanField(_l("Add “None of these”, which cannot be chosen with other answers"))
    max_length = WholeNumberField(
        _l("Character limit (optional)"),
        validators=_count(1, HARD_MAX_LENGTH, _l("Character limit must be between 1 and %(n)s", n=HARD_MAX_LENGTH)),
    )
    scale_min = WholeNumberField(
        _l("Lowest point"),
        validators=[InputRequired(_l("Enter the lowest point")), NumberRange(0, 1, _l("Lowest point must be 0 or 1"))],
    )
    scale_max = WholeNumberField(
        _l("Highest point"),
        validators=[
            InputRequired(_l("Enter the highest point")),
            NumberRange(2, 10, _l("Highest point must be between 2 and 10")),
        ],
    )
    scale_min_label = StringField(
        _l("Label for the lowest point (optional)"), validators=[Length(max=60, message=_l("Label is too long"))]
    )
    scale_max_label = StringField(
        _l("Label for the highest point (optional)"), validators=[Length(max=60, message=_l("Label is too long"))]
    )
    min_value = WholeNumberField(_l("Smallest number allowed (optional)"), validators=[Optional()])
    max_value = WholeNumberField(_l("Largest number allowed (optional)"), validators=[Optional()])
    easy_read_text = TextAreaField(
        _l("Easy-read wording"),
        validators=[Optional(), Length(max=500, message=_l("Easy-read wording must be 500 characters or fewer"))],
    )
    show_if = RoutingField(_l("Show this question"), default=ALWAYS)
    show_if_also = RoutingAlsoField(_l("Or when they gave any of these answers to the same question (optional)"))

    def easy_read_option_fields(self) -> list[Field]:
        return [field for field in self if field.name.startswith(EASY_READ_OPTION)]

    def validate_options(self, field: Field) -> None:
        labels = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
        if len(labels) < 2:
            raise ValidationError(_l("Enter at least 2 answers, one on each line"))
        if any(len(label) > 200 for label in labels):
            raise ValidationError(_l("Each answer must be 200 characters or fewer"))
        if len({label.lower() for label in labels}) != len(labels):
            raise ValidationError(_l("Each answer must be different"))

    def validate_max_value(self, field: Field) -> None:
        low = self.min_value.data
        if field.data is not None and low is not None and field.data < low:
            raise ValidationError(_l("Largest number must be the same as or more than the smallest"))


class StatementForm(QuestionForm):
    text = TextAreaField(
        _l("Information to show"),
        validators=[
            DataRequired(_l("Enter the information")),
            Length(max=5000, message=_l("Information must be 5000 characters or fewer")),
        ],
    )
    required = None


def question_form(question_type: str, routing: list[tuple[str, str]], question: Question | None) -> QuestionForm:
    """The form for one type of question, filled in from the question being edited."""
    base = QuestionForm if question_types.get(question_type).answerable else StatementForm
    fields: dict[str, Any] = {name: None for name in OPTIONAL_FIELDS - set(TYPE_FIELDS[question_type])}
    if question is not None and "options" in TYPE_FIELDS[question_type]:
        fields.update({EASY_READ_OPTION + option.value: _easy_read_option_field(option) for option in question.options})
    form_class = type(f"{question_type.title()}Form", (base,), fields)
    form: QuestionForm = form_class(data=_question_data(question))
    _routing_choices(form, routing)
    return form


def _routing_choices(form: Any, routing: list[tuple[str, str]]) -> None:
    form.show_if.choices = [(ALWAYS, str(_l("Always"))), *routing]
    form.show_if_also.choices = list(routing)


def _easy_read_option_field(option: Option) -> StringField:
    """Easy-read wording for one saved answer, so answers already given keep matching it."""
    message = _l("Easy-read wording for an answer must be %(limit)s characters or fewer", limit=OPTION_MAX_LENGTH)
    return StringField(
        _l("Easy-read wording for “%(answer)s” (optional)", answer=option.label),
        validators=[Optional(), Length(max=OPTION_MAX_LENGTH, message=message)],
    )


def _question_data(question: Question | None) -> dict[str, Any]:
    if question is None:
        return {"scale_min": 1, "scale_max": 5, "show_if": ALWAYS}
    data = {
        name: getattr(question, name)
        for name in ("text", "help", "required", "allow_other", "none_option", "easy_read_text")
    }
    data.update({EASY_READ_OPTION + option.value: option.easy_read for option in question.options})
    data.update({name: getattr(question, name) for name in AS_STORED_FIELDS})
    data["max_length"] = question.max_length or None
    data["options"] = option_lines(question.options)
    data["show_if"] = choice_value(question.show_if)
    data["show_if_also"] = also_values(question.show_if)
    return data


def question_from_form(form: QuestionForm, question_type: str, question_id: str, existing: Question | None) -> Question:
    """The question a valid form describes. Answers already given keep their stored values,
    and what the form does not show (the picture, smiley faces) is kept."""
    data = form.data
    values: dict[str, Any] = {
        "text": data["text"].strip(),
        "help": (data.get("help") or "").strip(),
        "required": bool(data.get("required")),
        "show_if": condition_from_choice(data.get("show_if"), data.get("show_if_also")),
        "easy_read_text": (data.get("easy_read_text") or "").strip(),
    }
    for name in TYPE_FIELDS[question_type]:
        values[name] = data[name].strip() if isinstance(data[name], str) else data[name]
    if "options" in values:
        values["options"] = _options_from_form(data, existing)
        values["allow_other"] = bool(values["allow_other"])
    if "none_option" in values:
        values["none_option"] = bool(values["none_option"])
    if "max_length" in values:
        values["max_length"] = values["max_length"] or 0
    if existing is not None:
        return replace(existing, **values)
    return Question(id=question_id, type=question_type, **values)


def _options_from_form(data: dict[str, Any], existing: Question | None) -> tuple[Option, ...]:
    options = merge_options(existing.options if existing else (), data["options"])
    wording = {
        name.removeprefix(EASY_READ_OPTION): text for name, text in data.items() if name.startswith(EASY_READ_OPTION)
    }
    return with_easy_read_options(options, wording)


def readability_checks(form: QuestionForm) -> dict[str, readability.Report | None]:
    """The readability of the wording on the form: saved, or as the lead has just typed it."""
    return {
        "text": readability.check(form.text.data or ""),
        "help": readability.check(form.help.data or ""),
        "easy_read_text": readability.check(form.easy_read_text.data or "", readability.EASY_READ),
    }


def section_form(routing: list[tuple[str, str]], section: Section | None) -> SectionForm:
    data: dict[str, Any] = {}
    if section:
        data = {"title": section.title, "intro": section.intro, "show_if": choice_value(section.show_if)}
        data["show_if_also"] = also_values(section.show_if)
    form = SectionForm(data=data)
    _routing_choices(form, routing)
    return form


def section_from_form(form: SectionForm, section_id: str, existing: Section | None) -> Section:
    return Section(
        id=section_id,
        title=(form.title.data or "").strip(),
        intro=(form.intro.data or "").strip(),
        questions=existing.questions if existing else (),
        show_if=condition_from_choice(form.show_if.data, list(form.show_if_also.data or [])),
    )


class ChannelForm(FlaskForm):
    name = StringField(
        _l("Channel name"),
        validators=[
            DataRequired(_l("Enter a name for the channel")),
            Length(max=80, message=_l("Name must be 80 characters or fewer")),
        ],
    )
