"""Forms for inviting panel members: the draw, and sending what was drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from toolkit.text import lazy as _l

MAX_SAMPLE = 100_000
MAX_SEED = 999_999


class DrawForm(FlaskForm):
    survey_id = SelectField(_l("Survey"), coerce=int, validators=[InputRequired(_l("Choose a survey"))])
    everyone = RadioField(
        _l("Who to invite"),
        choices=[
            ("sample", _l("A sample that mirrors the population")),
            ("everyone", _l("Everyone who may be invited")),
        ],
        default="sample",
        validators=[DataRequired(_l("Choose who to invite"))],
    )
    size = IntegerField(
        _l("How many members"),
        validators=[Optional(), NumberRange(min=1, max=MAX_SAMPLE, message=_l("Enter a number from 1 to 100,000"))],
    )
    dimensions = SelectMultipleField(
        _l("Mirror the population on"),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one"))],
    )
    seed = IntegerField(
        _l("Seed (optional)"),
        validators=[Optional(), NumberRange(min=0, max=MAX_SEED, message=_l("Enter a whole number from 0 to 999,999"))],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if self.everyone.data == "sample" and not self.size.data and not self.size.errors:
            self.size.errors = [*self.size.errors, _l("Enter how many members to invite")]
            return False
        return valid


class SendForm(FlaskForm):
    """The draw shown on the page, sent as drawn: the same survey, size, dimensions and seed."""

    survey_id = HiddenField()
    size = HiddenField()
    dimensions = HiddenField()
    seed = HiddenField()


def draw_form(
    surveys: Sequence[tuple[int, str]], dimensions: Sequence[tuple[str, str]], data: object = None
) -> DrawForm:
    form = DrawForm(formdata=data) if data is not None else DrawForm()
    form.survey_id.choices = list(surveys)
    form.dimensions.choices = list(dimensions)
    if not form.is_submitted():
        form.dimensions.data = [
            key for key, _label in dimensions if key in ("age", "sex", "ethnic_group_5", "unpaid_care")
        ]
    return form
