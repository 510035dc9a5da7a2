from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from toolkit.auth.passwords import MAX_LENGTH, password_problem
from toolkit.forms import ChoiceRadioField
from toolkit.text import lazy as _l

ROLE_CHOICES = [
    ("viewer", _l("Viewer: sees their teams' surveys, results and workshops")),
    ("facilitator", _l("Facilitator: also runs workshops and types in paper copies")),
    ("lead", _l("Engagement lead: also builds, publishes and exports their teams' surveys and workshops")),
    (
        "panel_manager",
        _l("Panel manager: an engagement lead who also sees and exports the citizens' panel's contact details"),
    ),
    ("admin", _l("Admin: everything, for every team, and manages people")),
]

ROLE_NAMES = {
    "admin": _l("Admin"),
    "panel_manager": _l("Panel manager"),
    "lead": _l("Engagement lead"),
    "facilitator": _l("Facilitator"),
    "viewer": _l("Viewer"),
}

PASSWORD_PROBLEMS = {
    "too_short": _l("Your password must be at least 12 characters long"),
    "too_long": _l("Your password must be 200 characters or fewer"),
    "email": _l("Your password must not be your email address"),
    "common": _l(
        "This password is too easy to guess: it is on a list of common or leaked passwords. "
        "Try three or more random words"
    ),
}

ACCOUNT_PROBLEMS = {
    "last_admin": _l("You cannot remove or demote the last active admin"),
    "exists": _l("There is already an account for this email address"),
    "role": _l("Select a role"),
    "invitation": _l("This invitation link has expired or has already been used. Ask an admin for a new one"),
    "reset": _l("This password reset link has expired or has already been used. Ask for a new one"),
    **PASSWORD_PROBLEMS,
}


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for choosing several (teams)."""

    def pre_validate(self, form: Any) -> None:
        known = {str(value) for value, _label in self.choices or []}
        if any(str(value) not in known for value in self.data or []):
            raise ValidationError(_l("Select from the teams shown"))


def _email_field() -> EmailField:
    return EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )


class SignInForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password")), Length(max=MAX_LENGTH)],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code from your authenticator app, or a recovery code"),
        validators=[DataRequired(_l("Enter the code")), Length(max=20)],
    )


class SetupCodeForm(FlaskForm):
    code = StringField(
        _l("The 6-digit code your app shows"),
        validators=[DataRequired(_l("Enter the 6-digit code")), Length(max=20)],
    )


class NewPasswordForm(FlaskForm):
    """A new password, typed twice, checked against the deny-list."""

    password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Enter a new password")), Length(max=MAX_LENGTH + 1)]
    )
    confirm = PasswordField(_l("Type the new password again"), validators=[DataRequired(_l("Type the password again"))])

    email_for_check = ""

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", self.email_for_check)
        if problem:
            raise ValidationError(PASSWORD_PROBLEMS[problem])

    def validate_confirm(self, field: PasswordField) -> None:
        if (field.data or "") != (self.password.data or ""):
            raise ValidationError(_l("The two passwords are not the same"))


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name")), Length(max=120)])

    field_order = ("name", "password", "confirm")


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password")), Length(max=MAX_LENGTH)]
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )


class InviteForm(FlaskForm):
    email = EmailField(
        _l("Their work email address"),
        validators=[
            DataRequired(_l("Enter their email address")),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an email address like name@example.org")),
            Length(max=254),
        ],
    )
    role = ChoiceRadioField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired(_l("Select a role"))])
    teams = MultiCheckboxField(_l("Teams"), coerce=int)

    def validate_teams(self, field: MultiCheckboxField) -> None:
        if self.role.data != "admin" and not field.data:
            raise ValidationError(_l("Select at least one team (admins see every team)"))


class PersonForm(FlaskForm):
    role = ChoiceRadioField(_l("Role"), choices=ROLE_CHOICES, validators=[DataRequired(_l("Select a role"))])
    teams = MultiCheckboxField(_l("Teams"), coerce=int)


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), validators=[DataRequired(_l("Enter a name for the team")), Length(max=120)])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
