from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from toolkit.text import lazy as _l


class SignInForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password")), Length(max=200)],
    )
