"""Staff forms for engagements. Choices that depend on stored data (other engagements, surveys)
are filled in by the view at request time."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from engagements import model
from engagements.model import ActivityDetails, EngagementDetails
from toolkit.dateinput import DateInputField, NotBefore
from toolkit.forms import ChoiceRadioField
from toolkit.text import lazy as _l

NOT_SET: tuple[tuple[str, Any], ...] = (("", _l("Not decided yet")),)
CLOSES_BEFORE_OPENING = _l("The close date must be on or after the open date")
ENDS_BEFORE_STARTING = _l("The end date must be on or after the start date")


def _money(_form: Any, field: Any) -> None:
    if field.data and _pence(field.data) is None:
        raise ValidationError(_l("Enter an amount in pounds, like 1500 or 1500.50"))


def _pence(text: str) -> int | None:
    try:
        amount = Decimal(text.replace("£", "").replace(",", "").strip())
    except InvalidOperation:
        return None
    if amount < 0 or amount.as_tuple().exponent < -2 or amount > 100_000_000:  # type: ignore[operator]
        return None
    return int(amount * 100)


def _text_area(label: Any, max_length: int = model.TEXT_MAX) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=max_length)])


class EngagementForm(FlaskForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Enter a title for the engagement")), Length(max=model.TITLE_MAX)]
    )
    description = _text_area(_l("Summary (optional)"), 2000)
    kind = ChoiceRadioField(_l("Is it a formal consultation?"), choices=list(model.KINDS), default="engagement")
    decision = _text_area(_l("The service or decision it informs"), 2000)
    decision_maker = StringField(_l("Who decides (committee or board)"), validators=[Optional(), Length(max=200)])
    decision_on = DateInputField(
        _l("Date of the decision"), validators=[Optional()], what=_l("The date of the decision")
    )
    level = ChoiceRadioField(_l("Level of engagement"), choices=[*NOT_SET, *model.LEVELS], default="")
    system_level = ChoiceRadioField(_l("Level of the system"), choices=[*NOT_SET, *model.SYSTEM_LEVELS], default="")
    objectives = _text_area(_l("Objectives"))
    already_known = _text_area(_l("What is already known"))
    related_ids = SelectMultipleField(_l("Earlier engagements it builds on"), choices=[], coerce=int)
    in_scope = _text_area(_l("In scope"))
    out_of_scope = _text_area(_l("Out of scope"))
    audiences = _text_area(_l("Audiences to reach"))
    stakeholders = _text_area(_l("Stakeholders"))
    seldom_heard = _text_area(_l("Seldom-heard groups to reach, and how"))
    budget = StringField(_l("Budget in pounds (optional)"), validators=[Optional(), Length(max=20), _money])
    planning_starts_on = DateInputField(
        _l("Planning starts"), validators=[Optional()], what=_l("The date planning starts")
    )
    planned_opens_on = DateInputField(
        _l("Fieldwork planned to open"), validators=[Optional()], what=_l("The planned open date")
    )
    planned_closes_on = DateInputField(
        _l("Fieldwork planned to close"),
        validators=[Optional(), NotBefore("planned_opens_on", CLOSES_BEFORE_OPENING)],
        what=_l("The planned close date"),
    )
    actual_opens_on = DateInputField(
        _l("Fieldwork actually opened"), validators=[Optional()], what=_l("The date fieldwork opened")
    )
    actual_closes_on = DateInputField(
        _l("Fieldwork actually closed"),
        validators=[Optional(), NotBefore("actual_opens_on", CLOSES_BEFORE_OPENING)],
        what=_l("The date fieldwork closed"),
    )
    report_due_on = DateInputField(_l("Report due"), validators=[Optional()], what=_l("The date the report is due"))
    duty_applies = ChoiceRadioField(
        _l("Does the legal duty to involve apply?"), choices=[*NOT_SET, *model.DUTY_ANSWERS], default=""
    )
    duty_reasoning = _text_area(_l("Why: the reasoning"))

    def details(self) -> EngagementDetails:
        values: dict[str, Any] = {}
        for name in EngagementDetails.__dataclass_fields__:
            if name in ("related_ids", "budget_pence"):
                continue
            field = self[name]
            values[name] = field.data if isinstance(field, DateInputField) else (field.data or "")
        values["kind"] = values["kind"] or "engagement"
        values["related_ids"] = tuple(self.related_ids.data or ())
        values["budget_pence"] = _pence(self.budget.data) if self.budget.data else None
        return EngagementDetails(**values)

    def fill(self, details: EngagementDetails) -> None:
        for name in EngagementDetails.__dataclass_fields__:
            if name in self:
                self[name].data = getattr(details, name)
        self.related_ids.data = list(details.related_ids)
        if details.budget_pence is not None:
            self.budget.data = f"{details.budget_pence / 100:.2f}"


class ActivityForm(FlaskForm):
    kind = ChoiceRadioField(_l("What kind of activity?"), choices=list(model.ACTIVITY_KINDS))
    title = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter a name for the activity")), Length(max=model.TITLE_MAX)]
    )
    place = StringField(_l("Place (optional)"), validators=[Optional(), Length(max=300)])
    planned_starts_on = DateInputField(_l("Planned start"), validators=[Optional()], what=_l("The planned start"))
    planned_ends_on = DateInputField(
        _l("Planned end (optional)"),
        validators=[Optional(), NotBefore("planned_starts_on", ENDS_BEFORE_STARTING)],
        what=_l("The planned end"),
    )
    actual_starts_on = DateInputField(_l("Actual start"), validators=[Optional()], what=_l("The actual start"))
    actual_ends_on = DateInputField(
        _l("Actual end (optional)"),
        validators=[Optional(), NotBefore("actual_starts_on", ENDS_BEFORE_STARTING)],
        what=_l("The actual end"),
    )
    people_reached = IntegerField(
        _l("Number of people reached (optional)"),
        validators=[Optional(), NumberRange(min=0, max=10_000_000, message=_l("Enter a number, 0 or more"))],
    )
    who_reached = _text_area(_l("Who was reached (optional)"), 2000)
    notes = _text_area(_l("Notes (optional)"))

    def details(self) -> ActivityDetails:
        return ActivityDetails(
            kind=self.kind.data or "",
            title=self.title.data or "",
            place=self.place.data or "",
            planned_starts_on=self.planned_starts_on.data,
            planned_ends_on=self.planned_ends_on.data,
            actual_starts_on=self.actual_starts_on.data,
            actual_ends_on=self.actual_ends_on.data,
            people_reached=self.people_reached.data,
            who_reached=self.who_reached.data or "",
            notes=self.notes.data or "",
        )

    def fill(self, activity: Any) -> None:
        for name in ActivityDetails.__dataclass_fields__:
            self[name].data = getattr(activity, name)


class CommentsForm(FlaskForm):
    comments = TextAreaField(
        _l("Comments"),
        validators=[DataRequired(_l("Enter the comment")), Length(max=100_000)],
    )
    received_on = DateInputField(
        _l("Received or said on (optional)"), validators=[Optional()], what=_l("The date it was received or said")
    )


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=list(model.STATUSES))


class LinkSurveyForm(FlaskForm):
    survey = SelectField(_l("Add an existing survey"), choices=[], coerce=str)


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token."""


class TickForm(FlaskForm):
    done = BooleanField(_l("Done"))
    note = _text_area(_l("Note (optional)"))
    link = StringField(_l("Link to the evidence (optional)"), validators=[Optional(), Length(max=500)])
    file = FileField(_l("Or upload the evidence (optional)"))


class UploadChecklistForm(FlaskForm):
    file = FileField(_l("Checklist file (JSON)"))


class AdoptForm(FlaskForm):
    version = SelectField(_l("Version new engagements start with"), choices=[], coerce=str)


class PeriodForm(FlaskForm):
    kind = ChoiceRadioField(
        _l("Kind of period"),
        choices=[("pre_election", _l("Pre-election period")), ("school_holiday", _l("School holiday"))],
    )
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name")), Length(max=200)])
    starts_on = DateInputField(
        _l("Starts"), validators=[InputRequired(_l("Enter the start date"))], what=_l("The start date")
    )
    ends_on = DateInputField(
        _l("Ends"),
        validators=[InputRequired(_l("Enter the end date")), NotBefore("starts_on", ENDS_BEFORE_STARTING)],
        what=_l("The end date"),
    )


class CodeForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name for the code")), Length(max=120)])
    parent = SelectField(_l("Sub-theme of"), choices=[], coerce=str)
    definition = _text_area(_l("Definition: what this code means"), 2000)
    include_example = _text_area(_l("Example of a comment that belongs here"), 2000)
    exclude_example = _text_area(_l("Example of a comment that does not belong here"), 2000)


class CopyCodebookForm(FlaskForm):
    source = SelectField(_l("Start from another engagement's codebook"), choices=[], coerce=str)


class ImportCodebookForm(FlaskForm):
    file = FileField(_l("Import a codebook (.qdc, CSV or Excel)"))


class ImportCodingForm(FlaskForm):
    file = FileField(_l("Import coded comments (CSV or Excel)"))


class CodingForm(FlaskForm):
    """One comment's codes: the comment's key and the next comment's key come with the page."""

    key = StringField(validators=[DataRequired()])
    next_key = StringField(validators=[Optional()])
    codes = SelectMultipleField(_l("Codes for this comment"), choices=[], coerce=int)


class SampleForm(FlaskForm):
    size = IntegerField(
        _l("How many comments to sample"),
        default=20,
        validators=[DataRequired(_l("Enter how many comments to sample")), NumberRange(1, 1000, _l("Enter 1 to 1000"))],
    )
    seed = IntegerField(
        _l("Random seed (optional)"),
        validators=[Optional(), NumberRange(0, 2_000_000_000, _l("Enter a whole number, 0 or more"))],
    )
    second_coder = SelectField(_l("Second coder"), choices=[], coerce=str)


class DecisionForm(FlaskForm):
    key = StringField(validators=[DataRequired()])
    codes = SelectMultipleField(_l("The codes that stand"), choices=[], coerce=int)


class RedactionForm(FlaskForm):
    text = TextAreaField(
        _l("The words to publish"), validators=[DataRequired(_l("Enter the words to publish")), Length(max=5000)]
    )
    reason = StringField(_l("What was taken out, and why (optional)"), validators=[Optional(), Length(max=300)])
