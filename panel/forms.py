"""Forms for the citizens' panel: joining (standard and easy read), the member page, and staff
pages. Choices that depend on stored data (the panel's local authorities) are passed in by the
view; the step from a form to a plain `panel.model` value is here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from panel import model
from panel.model import About, Contact, Joining, Preferences
from toolkit import equality
from toolkit.dateinput import DateInputField
from toolkit.equality import EqualityQuestion
from toolkit.forms import ChoiceRadioField, postcode_district_check
from toolkit.i18n import LANGUAGES
from toolkit.text import lazy as _l

ELSEWHERE = "elsewhere"


def language_choices() -> list[tuple[str, str]]:
    return [(language.code, language.name) for language in LANGUAGES]


class ContactForm(FlaskForm):
    """How to reach someone: the contact method and the details it needs."""

    contact_method = ChoiceRadioField(
        _l("How would you like us to contact you?"),
        choices=list(model.CONTACT_METHODS),
        validators=[InputRequired(_l("Select how you would like us to contact you"))],
    )
    email = StringField(_l("Email address"), validators=[Optional(), Length(max=model.EMAIL_MAX)])
    phone = StringField(_l("Mobile phone number"), validators=[Optional(), Length(max=30)])
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=model.NAME_MAX)])
    address = TextAreaField(_l("Postal address"), validators=[Optional(), Length(max=model.ADDRESS_MAX)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10)])
    language = SelectField(_l("Which language would you like us to use?"), choices=[], default="en")
    format = ChoiceRadioField(
        _l("Which format would you like?"), choices=list(model.FORMATS), default=model.Format.STANDARD
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices()

    def contact(self) -> Contact:
        """The validated contact details; adds each problem to its field and raises PanelError."""
        try:
            return model.contact_from(
                {name: self[name].data for name in ("email", "phone", "name", "address", "postcode")},
                self.contact_method.data or "",
            )
        except model.PanelError as error:
            add_problems(self, error)
            raise

    def preferences(self) -> Preferences:
        return Preferences(
            self.contact_method.data or model.ContactMethod.EMAIL,
            self.language.data or "en",
            self.format.data or model.Format.STANDARD,
        )


def add_problems(form: FlaskForm, error: model.PanelError) -> None:
    for name, problem in error.problems.items():
        field = form[name] if name in form else next(f for f in form if f.name != "csrf_token")
        field.errors = [*field.errors, str(problem)]


class JoinBase(ContactForm):
    local_authority = SelectField(_l("Which council area do you live in? (optional)"), choices=[], default="")
    may_prefill = BooleanField(
        _l("You may fill in my answers to these questions for me when I answer a panel survey"), default=False
    )
    consent = BooleanField(
        _l("I agree to join the citizens' panel"),
        validators=[DataRequired(_l("You must agree before you can join the panel"))],
    )


def join_form(questions: Sequence[EqualityQuestion], areas: Iterable[tuple[str, str]], data: Any = None) -> JoinBase:
    """The join form with one optional field per equality question, and the panel's council areas."""
    fields: dict[str, Any] = {}
    for question in questions:
        if question.options:
            fields[question.id] = ChoiceRadioField(
                question.text, choices=list(question.options), validators=[Optional()]
            )
        else:
            limit = question.max_length or 8
            fields[question.id] = StringField(
                question.text, validators=[Optional(), Length(max=limit), postcode_district_check]
            )
    form: JoinBase = type("Join", (JoinBase,), fields)()
    form.local_authority.choices = [
        ("", _l("Choose your council area")),
        *areas,
        (ELSEWHERE, _l("Somewhere else, or I am not sure")),
    ]
    return form


def about(form: FlaskForm, questions: Sequence[EqualityQuestion]) -> About:
    data = {q.id: form[q.id].data for q in questions if q.id in form}
    answers = equality.answers_to_store(questions, data)
    district = answers.pop(equality.POSTCODE_ID, None)
    la = form["local_authority"].data if "local_authority" in form else None
    return About(
        answers,
        postcode_district=district,
        local_authority=la if la and la != ELSEWHERE else None,
        may_prefill=bool(form["may_prefill"].data) if "may_prefill" in form else False,
    )


def joining(
    form: JoinBase, questions: Sequence[EqualityQuestion], consent_version: str, channel: str | None
) -> Joining:
    return Joining(form.contact(), form.preferences(), about(form, questions), consent_version, channel_code=channel)


# --- the member page ------------------------------------------------------------------------------


class DetailsForm(ContactForm):
    pass


class PauseForm(FlaskForm):
    until = DateInputField(
        _l("Pause until"),
        validators=[InputRequired(_l("Enter the date to pause until"))],
        what=_l("The date to pause until"),
    )


class ConfirmForm(FlaskForm):
    """A button only (leave, stay, resume, confirm): the CSRF token is the point."""


# --- staff ----------------------------------------------------------------------------------------


class PanelForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name")), Length(max=200)])
    slug = StringField(
        _l("Web address name"),
        description=_l("Lower-case letters, numbers and hyphens, like our-health-panel"),
        validators=[DataRequired(_l("Enter a web address name")), Length(max=80)],
    )
    areas = StringField(
        _l("Area: local authority codes or names, separated by commas"),
        validators=[DataRequired(_l("Enter at least one local authority"))],
    )


class SettingsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name")), Length(max=200)])
    renewal_months = IntegerField(
        _l("Ask members whether they want to stay every (months)"), validators=[NumberRange(min=1, max=60)]
    )
    renewal_reminder_days = IntegerField(_l("Days between reminders"), validators=[NumberRange(min=1, max=90)])
    renewal_reminders = IntegerField(
        _l("Reminders before a member who has not answered is removed"), validators=[NumberRange(min=0, max=5)]
    )
    rest_days = IntegerField(
        _l("Days a member rests after an invitation before the next"), validators=[NumberRange(min=0, max=730)]
    )
    open_to_join = BooleanField(_l("The join page is open"))


class StaffMemberForm(ContactForm):
    source = ChoiceRadioField(
        _l("How did they join?"),
        choices=[(model.JoinSource.PAPER, _l("On a paper form")), (model.JoinSource.PHONE, _l("By phone"))],
        default=model.JoinSource.PAPER,
    )
    consent = BooleanField(
        _l("They agreed to the panel's consent wording"),
        validators=[DataRequired(_l("Record that they agreed before adding them"))],
    )


class ChannelForm(FlaskForm):
    name = StringField(
        _l("Where people will see the link or QR code"),
        description=_l("For example: GP practice posters, Carers' centre, Youth club"),
        validators=[DataRequired(_l("Enter a name")), Length(max=120)],
    )


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or Excel (XLSX) file"), validators=[DataRequired(_l("Choose a file"))])


class StatusFilter(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Show"),
        choices=[("", _l("Everyone")), *((str(s), label) for s, label in model.STATUS_LABELS.items())],
        validators=[Optional()],
        default="",
    )
